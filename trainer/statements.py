"""The plain-words statements of a job's records (``privacy.json``, the model card): what
the unit of privacy and the training mode mean, and what the guarantee does not cover.

Invariant: every statement a record makes about the guarantee comes from here, so the
JSON, the card and the compliance report (which reads ``privacy.json``) say the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .config import TrainConfig

UNIT_STATEMENTS = {
    "user": (
        "user: each user's capped examples form one privacy unit; units are Poisson-sampled "
        "and each unit's gradient (of its mean loss) is clipped as a whole, so the guarantee "
        "covers everything one user contributed to this snapshot (at most max_examples_per_user events)"
    ),
    "event": (
        "event: each example (one store event) is one privacy unit. A user with up to "
        "max_examples_per_user (K) events is protected only by group privacy: roughly "
        "(K*epsilon, K*exp((K-1)*epsilon)*delta) for the whole user"
    ),
}


MODE_STATEMENTS = {
    "head": (
        "head: the base model is frozen and public; only the linear classifier (and, with cls pooling, the "
        "pooler) is trained under DP, on features the frozen model computes once per example"
    ),
    "lora": (
        "lora: the base model's weights are frozen; LoRA adapters (rank r on the attention query/value "
        "projections of every layer) and the classifier are trained under DP with per-sample gradients, "
        "then merged into the saved weights (W + B*A*alpha/r): the saved model differs from the public base "
        "model only through DP-trained parameters"
    ),
    "layers": (
        "layers: the top encoder layers, the pooler (cls pooling) and the classifier are trained under DP; "
        "embeddings and lower layers stay the public base model's"
    ),
}


RESUME_LIMIT = (
    "this job was interrupted and resumed from a checkpoint (see \"resumed\"): the accountant's "
    "history was restored, so epsilon counts every step of the final model exactly once; steps a "
    "killed process ran after its last checkpoint were never written anywhere and were run again"
)


def limits(cfg: TrainConfig, resumed: bool = False) -> list[str]:
    """What the guarantee does not cover, for ``privacy.json`` and the model card."""
    out = [
        "noise and Poisson sampling use PyTorch's ordinary generator (seeded from the OS CSPRNG), "
        "not Opacus secure_mode: torchcsprng has no Python 3.11 build; floating-point attacks on "
        "the Gaussian sampler are not mitigated",
        "validation metrics (accuracy, loss, counts) are computed on held-out users and are NOT covered "
        "by the guarantee; neither are the counts of examples and users in metrics.json",
        "the guarantee is relative to this snapshot; other jobs on the same topic compose with it "
        "(see the ledger)",
        "hyperparameter search is not covered for free: every trial run on this topic is a job that spends "
        "budget, and choosing among trials by their validation accuracy uses held-out users' data outside "
        "the guarantee; Veil's defaults (mean pooling, clipping norm 0.1, learning rates) were chosen on "
        "synthetic demo data, not on this topic",
        "the base model and tokenizer are public and not covered (nor at risk)",
        "the number of training units (hence the sampling rate and the number of steps) is treated "
        "as public, as Opacus does",
    ]
    if cfg.labels is None and not cfg.positive_if:
        out.append(
            "the label set was derived from the data (not fixed in advance): the list of labels is "
            "released outside the guarantee"
        )
    if cfg.privacy_unit == "event":
        out.append(UNIT_STATEMENTS["event"])
        out.append(
            "event-level with a per-user cap: removing one kept event of a user with more than K "
            "events lets another of that user's events in, so such a neighbour differs by a "
            "substitution (two add/remove steps, about 2x epsilon); user-level has no such gap"
        )
    if resumed:
        out.append(RESUME_LIMIT)
    return out
