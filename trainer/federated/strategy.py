"""Veil's DP-FedAvg: Poisson sampling over the registered population, per-device update
clipping, Gaussian noise on the sum, a fixed denominator.

Invariant (what :mod:`.accounting` assumes): in each round every one of the N
registered devices is sampled independently with probability q = K / N, drawn from the
OS CSPRNG (:class:`secrets.SystemRandom`) — never re-sampled within a round, whoever
drops out; every accepted update is clipped to L2 norm C *by the server* (a device that
did not clip cannot raise the sensitivity above C); the released aggregate is
``(sum of clipped updates + N(0, (z·C)² I)) / K`` with K fixed in advance, so an
absent device changes the sum by at most C and the noise is calibrated to that.  An
update of the wrong shape, with non-finite values or over the byte limit is rejected
and counted; the round goes on.  With z = 0 and C = inf and every device sampled one
round is plain FedAvg with equal weights (tests check it).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

Params = dict[str, np.ndarray]


@dataclass
class RoundTally:
    """What one round did (counts only: never which device)."""

    round: int
    sampled: int = 0  # devices Poisson-sampled (of the registered population)
    answered: int = 0  # accepted updates
    dropped: int = 0  # sampled but no usable answer: not connected, timed out, failed
    rejected: int = 0  # answered with a malformed or oversized update
    clipped_by_server: int = 0  # accepted updates the server had to clip (the device did not)
    bytes_received: int = 0
    seconds: float = 0.0
    released: bool = False

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class DPFedAvg:
    clipping_norm: float  # C
    noise_multiplier: float  # z
    expected_devices: float  # K: the fixed denominator
    server_lr: float = 1.0
    max_update_bytes: int = 4_000_000
    rng: secrets.SystemRandom = field(default_factory=secrets.SystemRandom)

    def sample(self, population: Sequence[str]) -> list[str]:
        """Each registered device independently with probability K / N."""
        q = self.expected_devices / len(population) if population else 0.0
        return [d for d in population if self.rng.random() < q]

    def accept(self, update: Mapping[str, np.ndarray], reference: Params, tally: RoundTally) -> Params | None:
        """The update clipped to C, or None (counted as rejected) when it is malformed."""
        if set(update) != set(reference):
            tally.rejected += 1
            return None
        size = sum(int(np.asarray(v).nbytes) for v in update.values())
        if size > self.max_update_bytes:
            tally.rejected += 1
            return None
        out: Params = {}
        for name, ref in reference.items():
            arr = np.asarray(update[name])
            if arr.shape != ref.shape or not np.issubdtype(arr.dtype, np.floating) or not np.isfinite(arr).all():
                tally.rejected += 1
                return None
            out[name] = arr.astype(np.float64)
        norm = math.sqrt(sum(float(np.sum(v * v)) for v in out.values()))
        if math.isfinite(self.clipping_norm) and norm > self.clipping_norm * (1 + 1e-4):
            tally.clipped_by_server += 1
        factor = min(1.0, self.clipping_norm / norm) if norm > 0 else 1.0
        tally.bytes_received += size
        tally.answered += 1
        return {k: v * factor for k, v in out.items()}

    def aggregate(self, current: Params, accepted: Sequence[Params]) -> Params:
        """``current + server_lr · (Σ accepted + noise) / K`` (noise from a CSPRNG-seeded generator)."""
        gen = np.random.default_rng(secrets.randbits(128))
        sigma = self.noise_multiplier * self.clipping_norm
        new: Params = {}
        for name, value in current.items():
            total = np.zeros(value.shape, dtype=np.float64)
            for update in accepted:
                total += update[name]
            if sigma > 0:
                total += gen.normal(0.0, sigma, size=value.shape)
            new[name] = (value.astype(np.float64) + self.server_lr * total / self.expected_devices).astype(value.dtype)
        return new
