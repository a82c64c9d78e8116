"""Cache what the frozen layers compute, train only the top.

With the embeddings and the lower encoder layers frozen, their output for an example
never changes during training.  :class:`FrozenPrefixCache` runs them once per example
(eval mode, no gradients) and :meth:`FrozenPrefixCache.head` runs only the trainable
top layers, the pooler (or the mean pooling) and the classifier on the cached hidden states — the same
computation as the full model's forward, without redoing the frozen part at every step
and epoch.  Opacus' per-sample-gradient hooks sit on the trainable modules, so they work
unchanged.  Each cached tensor depends on its own example only, so caching changes
nothing about the privacy analysis.

With mean pooling and no trained layer, the cache holds each example's pooled,
normalised embedding (one vector): the head is then one linear layer on fixed features.

Only BERT-style sequence classifiers (``<base>.embeddings``, ``<base>.encoder.layer``,
``<base>.pooler`` for cls pooling, ``dropout``, ``classifier``) are supported; anything else trains
through the full forward (:func:`supported` says which).
"""

from __future__ import annotations

import torch
from torch import nn

from .data import Encoded, pad_batch
from .model import head_logits, mean_pool, pooling_of


def _parts(model: nn.Module):
    base = getattr(model, getattr(model, "base_model_prefix", ""), None)
    if base is None:
        return None
    emb = getattr(base, "embeddings", None)
    layers = getattr(getattr(base, "encoder", None), "layer", None)
    pooler = getattr(base, "pooler", None)
    dropout, classifier = getattr(model, "dropout", None), getattr(model, "classifier", None)
    if pooler is None and pooling_of(model) == "cls":
        return None
    if emb is None or layers is None or classifier is None or not isinstance(classifier, nn.Linear):
        return None
    return base, emb, list(layers), pooler, dropout, classifier


def supported(model: nn.Module) -> bool:
    if _parts(model) is None or getattr(model.config, "is_decoder", False):
        return False
    try:
        from transformers.masking_utils import create_bidirectional_mask  # noqa: F401
    except ImportError:  # pragma: no cover
        return False
    return True


class FrozenPrefixCache:
    def __init__(self, model: nn.Module, train_layers: int):
        from transformers.masking_utils import create_bidirectional_mask

        self._mask = create_bidirectional_mask
        self.model = model
        self.base, self.emb, layers, self.pooler, self.dropout, self.classifier = _parts(model)
        self.mean = pooling_of(model) == "mean"
        self.split = max(0, len(layers) - train_layers)
        self.prefix, self.top = layers[: self.split], layers[self.split :]
        for module in (self.emb, *self.prefix):
            if any(p.requires_grad for p in module.parameters()):
                raise ValueError("the cached prefix must be frozen")

    def _attention_mask(self, hidden: torch.Tensor, attention_mask: torch.Tensor):
        return self._mask(config=self.base.config, inputs_embeds=hidden, attention_mask=attention_mask)

    @torch.no_grad()
    def precompute(self, encoded: list[Encoded], pad_id: int, batch_size: int = 64) -> None:
        """Fill ``e.hidden`` for every example (sorted by length so little is padding)."""
        was_training = self.model.training
        self.model.eval()
        try:
            order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].input_ids))
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                batch = pad_batch([Encoded(encoded[i].input_ids, encoded[i].label) for i in idx], pad_id)
                device = self.classifier.weight.device
                hidden = self.emb(input_ids=batch["input_ids"].to(device))
                mask = self._attention_mask(hidden, batch["attention_mask"].to(device))
                for layer in self.prefix:
                    hidden = layer(hidden, mask)
                if not self.top and self.mean:
                    # Nothing trainable before the pooling: cache the pooled embedding itself.
                    pooled = mean_pool(hidden, batch["attention_mask"].to(device))
                    for j, i in enumerate(idx):
                        encoded[i].hidden = pooled[j : j + 1].clone()
                    continue
                for j, i in enumerate(idx):
                    # Without trained layers only the first token reaches the pooler: keep just it.
                    keep = len(encoded[i].input_ids) if self.top else 1
                    encoded[i].hidden = hidden[j, :keep].clone()
        finally:
            self.model.train(was_training)

    def head(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits from cached hidden states: top layers → pooling (pooler → dropout, or
        masked mean) → classifier."""
        if not self.top and self.mean:
            return self.classifier(hidden[:, 0])  # the cached, already pooled embedding
        if self.top:
            mask = self._attention_mask(hidden, attention_mask[:, : hidden.shape[1]])
            for layer in self.top:
                hidden = layer(hidden, mask)
        return head_logits(self.model, hidden, attention_mask)
