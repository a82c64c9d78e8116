"""DP gradients are the ordinary gradients (σ=0, no clipping) for every supported mode, and
LoRA adapters really train under Opacus (tiny random BERT, seconds)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from veil.core.settings import configure_offline

configure_offline()

torch = pytest.importorskip("torch")
pytest.importorskip("opacus")
pytest.importorskip("peft")

import torch.nn.functional as F  # noqa: E402

from tests.helpers import build_world, make_tiny_model, pld_epsilon  # noqa: E402
from veil.trainer.config import TrainConfig, TrainingError  # noqa: E402
from veil.trainer.data import Encoded, UnitCollator, UnitDataset  # noqa: E402
from veil.trainer.loop import _unit_step, train  # noqa: E402
from veil.trainer.model import (add_lora, check_trainable_wiring, classify, freeze_for_dp,  # noqa: E402
                           load_classifier, merge_lora, predict)
from veil.trainer.privacy import make_private, trainable_params  # noqa: E402


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return make_tiny_model(tmp_path_factory.mktemp("lora") / "tiny")


def _units(n_units: int, seed: int = 0) -> list[list[Encoded]]:
    """Units of 1-3 examples of varying length (user-level: several examples per unit)."""
    rng = random.Random(seed)
    units = []
    for _ in range(n_units):
        units.append([Encoded([101] + [rng.randrange(2000, 3000) for _ in range(rng.randint(2, 9))] + [102],
                              rng.randint(0, 1)) for _ in range(rng.randint(1, 3))])
    return units


def _model(tiny: Path, mode: str, pooling: str = "mean"):
    model = load_classifier(tiny, ["a", "b"], pooling)
    if mode == "full":
        freeze_for_dp(model, train_layers=len(model.bert.encoder.layer))  # every encoder layer
    elif mode == "lora":
        add_lora(model, rank=4)
        with torch.no_grad():  # B starts at 0 (then A gets no gradient): make both matter
            for name, p in model.named_parameters():
                if "lora_B" in name:
                    p.normal_(0, 0.1)
    else:
        freeze_for_dp(model, 0)
    model.train()
    return model


@pytest.mark.slow
@pytest.mark.parametrize("mode,pooling", [("full", "mean"), ("lora", "mean"), ("head", "cls")])
def test_dp_gradient_with_zero_noise_and_no_clipping_is_the_ordinary_gradient(tiny, mode, pooling):
    """Per-sample gradients (Opacus hooks), per-user aggregation, clipping (unbounded), noise
    (zero) and Opacus' averaging together give exactly the gradient of the average over users
    of each user's mean loss: nothing is lost or double-counted in any mode."""
    torch.manual_seed(0)
    model = _model(tiny, mode, pooling)
    units = _units(6)
    ds = UnitDataset(units)
    loader = torch.utils.data.DataLoader(ds, batch_size=len(units), collate_fn=UnitCollator(0))
    opt = torch.optim.SGD(trainable_params(model), lr=0.0)
    check_trainable_wiring(model, opt)
    pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=0.0, max_grad_norm=1e9,
                      accountant="rdp")
    batch = UnitCollator(0)([ds[i] for i in range(len(units))])
    params = trainable_params(model)
    _unit_step(model, params, batch, micro_batch=4)  # units split over micro-batches
    assert pt.optimizer.pre_step()  # clip, add (zero) noise, average: p.grad is the DP gradient
    dp_grad = {id(p): p.grad.detach().clone() for p in params}
    pt.cleanup()

    model.zero_grad(set_to_none=True)
    loss = 0.0
    for unit in units:
        b = UnitCollator(0)([{"examples": unit}])
        loss = loss + F.cross_entropy(classify(model, b["input_ids"], b["attention_mask"]), b["labels"])
    (loss / len(units)).backward()
    assert len(params) > 2
    for p in params:
        assert p.grad is not None and float(p.grad.abs().max()) > 0
        torch.testing.assert_close(dp_grad[id(p)], p.grad, rtol=1e-4, atol=1e-6)


def _sentiment_units(n_users: int, seed: int) -> list[list[Encoded]]:
    """The sentiment is one token in a sentence of random filler: a model that ignores the
    text (or whose adapters never move) stays at chance."""
    rng = random.Random(seed)
    good, bad = [2204, 2307, 6429], [6659, 9202, 5223]  # 3 "positive" and 3 "negative" token ids
    units = []
    for _ in range(n_users):
        exs = []
        for _ in range(rng.randint(1, 4)):
            pos = rng.random() < 0.5
            ids = [rng.randrange(3000, 3100) for _ in range(2)]
            ids.insert(rng.randint(0, 2), rng.choice(good if pos else bad))
            exs.append(Encoded([101] + ids + [102], int(pos)))
        units.append(exs)
    return units


def _accuracy(model, units) -> float:
    flat = [e for u in units for e in u]
    b = UnitCollator(0)([{"examples": flat}])
    model.eval()
    with torch.no_grad():
        pred = classify(model, b["input_ids"], b["attention_mask"]).argmax(-1)
    return float((pred == b["labels"]).float().mean())


@pytest.mark.slow
def test_lora_adapters_alone_learn_under_dp_and_survive_merge_and_save(tiny, tmp_path):
    """The Opacus+PEFT trap: training looks normal but the adapters never change (hooks or
    optimizer on stale parameters), and the model is useless.  Here the classifier is frozen
    at its random init, so only the adapters can learn: the model must end clearly better
    than chance, the adapters must have moved, and the merged, saved, reloaded model must
    predict exactly as the trained one."""
    torch.manual_seed(0)
    model = load_classifier(tiny, ["neg", "pos"])
    add_lora(model, rank=4)
    with torch.no_grad():  # a fixed random readout the adapters must learn to drive
        model.classifier.weight.normal_(0, 1.0)
    for p in model.classifier.parameters():
        p.requires_grad = False
    before = {n: p.detach().clone() for n, p in model.named_parameters() if "lora_" in n}
    train_units, test_units = _sentiment_units(200, 1), _sentiment_units(100, 2)
    assert _accuracy(model, test_units) < 0.65
    model.train()
    ds = UnitDataset(train_units)
    loader = torch.utils.data.DataLoader(ds, batch_size=32, collate_fn=UnitCollator(0))
    opt = torch.optim.AdamW(trainable_params(model), lr=5e-2, weight_decay=0.0)
    check_trainable_wiring(model, opt)
    # Real DP machinery (Poisson sampling, per-user clipping to C=1, noise), a small σ.
    pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=0.3, max_grad_norm=1.0,
                      accountant="rdp")
    train(pt, epochs=6, delta=1e-5, progress=False, micro_batch=256)
    pt.cleanup()
    moved = {n: float((p.detach() - before[n]).abs().max()) for n, p in model.named_parameters() if "lora_" in n}
    assert all(v > 1e-3 for v in moved.values()), moved
    acc = _accuracy(model, test_units)
    assert acc >= 0.85, acc

    merge_lora(model)
    assert not any("lora_" in n for n, _ in model.named_parameters())
    assert _accuracy(model, test_units) == acc
    model.save_pretrained(tmp_path / "m")
    from transformers import AutoModelForSequenceClassification

    loaded = AutoModelForSequenceClassification.from_pretrained(tmp_path / "m")
    assert loaded.config.veil_pooling == "mean"
    assert _accuracy(loaded, test_units) == acc


def test_an_optimizer_on_stale_parameters_is_refused(tiny):
    """The trap's cause, caught before any step: an optimizer built before the adapters
    were injected holds parameters the forward no longer trains (or misses the adapters)."""
    model = load_classifier(tiny, ["a", "b"])
    freeze_for_dp(model, 0)
    opt = torch.optim.AdamW(trainable_params(model), lr=1e-3)  # built too early
    add_lora(model, rank=2)
    with pytest.raises(TrainingError, match="refusing to train"):
        check_trainable_wiring(model, opt)


@pytest.mark.slow
def test_lora_job_writes_a_merged_model_with_its_mode_in_the_privacy_report(tmp_path):
    from veil.trainer import run_training
    from veil.trainer.model import load_tokenizer

    world = build_world(tmp_path, 50.0, 1e-3)
    cfg = TrainConfig(
        store=str(world["store"]), topic="reviews", text_field="review.body", label_field="rating",
        epsilon=8.0, delta=1e-5, out=str(tmp_path / "lora-model"), model=str(world["model"]),
        batch_size=16, epochs=2, max_examples_per_user=4, lora_rank=4, learning_rate=1e-2, progress=False,
        checkpoint_every=2,
    )
    result = run_training(cfg, world["home"])
    privacy = json.loads((result.out / "privacy.json").read_text())
    assert privacy["training_mode"] == "lora" and privacy["pooling"] == "mean"
    assert privacy["trained_parameters"]["lora_params"] > 0
    assert "LoRA" in privacy["mode_statement"] and privacy["unit_of_privacy"] == "user"
    # a second accountant implementation (dp-accounting's PLD) agrees
    assert privacy["epsilon"] == pytest.approx(
        pld_epsilon(privacy["noise_multiplier"], privacy["sample_rate"], privacy["steps"], privacy["delta"]), rel=0.05)
    card = (result.out / "README.md").read_text()
    assert "LoRA adapters of rank 4" in card and "mean-pooled" in card
    from safetensors import safe_open

    with safe_open(str(result.out / "model.safetensors"), "pt") as fh:
        assert not any("lora" in k for k in fh.keys())  # merged: an ordinary checkpoint
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(result.out)
    [(label, score)] = predict(model, load_tokenizer(result.out), ["the blender is great really"])
    assert label in {"1", "5"} and 0.5 <= score <= 1
    with pytest.raises(TrainingError):
        TrainConfig(**{**cfg.to_dict(), "train_layers": 1}).validate()
