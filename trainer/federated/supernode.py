"""``flower-supernode`` with a shorter idle poll (and, for the local deployment, a forking
SuperExec): ``python -m veil.trainer.federated.supernode ARGS`` takes the same arguments as
``flower-supernode``.

Why: Flower 1.42's SuperNode sleeps a fixed 3 s whenever the SuperLink has no message for
it, and 0.5 s between checks for its ClientApp's reply (``start_client_internal``: no
option or variable sets either).  A round is a message to every sampled device and its
reply, so on loopback those sleeps, not training, set a round's length.  Here each sleep
of that module is capped at ``VEIL_SUPERNODE_POLL`` seconds (the local deployment sets
0.2; unset: Flower's own sleeps): the same requests, only sooner; nothing else of Flower
changes.  For the same reason the SuperNode's pull of a message's objects from the SuperLink
(which may list a message before the ServerApp has pushed its objects) retries first after
``VEIL_SUPERNODE_POLL`` seconds instead of Flower's 1 s (then doubling, as Flower's).  Sites
keep the stock ``flower-supernode`` (thousands of devices polling a remote SuperLink five
times a second would be a load, not a speed-up).

With ``VEIL_FORK_SUPEREXEC=1`` (the local deployment) the SuperNode runs in Flower's
``--isolation process`` mode and this process first starts its SuperExec, the forking one
of :mod:`.superexec` (ClientApps without a fresh interpreter per message), in its own
process group, as Flower's subprocess mode starts ``flower-superexec``.

Invariant: if the module no longer looks like the one this was written for (no ``time``
in it), the SuperNode runs unchanged, only slower; without ``--host``/``--port`` given, or
with the Runtime API on TLS, Flower starts its own SuperExec as usual.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from typing import Any



class CappedSleep:
    """The ``time`` module, except that ``sleep`` waits at most ``cap`` seconds."""

    def __init__(self, cap: float) -> None:
        self.cap = cap

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, self.cap))

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


def poll_interval() -> float | None:
    try:
        value = float(os.environ.get("VEIL_SUPERNODE_POLL", ""))
    except ValueError:
        return None
    return min(max(value, 0.01), 3.0)


FORK_ENV = "VEIL_FORK_SUPEREXEC"


def runtime_address(argv: list[str]) -> str | None:
    """``host:port`` of the Runtime API named on the command line, if forking applies."""
    import argparse

    parser = argparse.ArgumentParser(add_help=False)
    for flag in ("--host", "--port", "--isolation", "--ssl-certfile"):
        parser.add_argument(flag)
    known, _ = parser.parse_known_args(argv)
    if not (known.host and known.port) or known.isolation or known.ssl_certfile:
        return None
    return f"[{known.host}]:{known.port}" if ":" in known.host else f"{known.host}:{known.port}"


def isolate_beside(preload: str) -> None:
    """Under ``VEIL_FORK_SUPEREXEC=1`` with a plain Runtime address on the command line: add
    ``--isolation process`` and start the forking SuperExec (:mod:`.superexec`) beside this
    process, importing ``superexec.<preload>``; otherwise leave the command line as it is."""
    address = runtime_address(sys.argv[1:]) if os.environ.get(FORK_ENV) == "1" else None
    if address is not None:
        from . import superexec

        sys.argv += ["--isolation", "process"]
        superexec.start_beside(address, getattr(superexec, preload))


def main() -> int:
    from flwr.supernode import start_client_internal
    from flwr.supernode.cli import flower_supernode

    cap = poll_interval()
    if cap is not None and getattr(start_client_internal, "time", None) is time:
        start_client_internal.time = CappedSleep(cap)  # type: ignore[assignment]
    pull = getattr(start_client_internal, "pull_objects", None)
    if cap is not None and pull is not None and not isinstance(pull, functools.partial):
        start_client_internal.pull_objects = functools.partial(pull, initial_backoff=cap)  # type: ignore[assignment]
    isolate_beside("CLIENTAPP_PRELOAD")
    sys.argv[0] = "flower-supernode"
    return flower_supernode() or 0


if __name__ == "__main__":
    sys.exit(main())
