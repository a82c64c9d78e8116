"""Held-out evaluation metrics of a classifier: what ``metrics.json``, the model card and
the compliance report say about a model's quality.

Invariant: every figure is computed from the held-out users' true labels and the model's
probabilities alone (plus the training set's majority class for the baseline), and none is
covered by the DP guarantee — they describe data the guarantee does not protect
(``metrics.json`` says so).  Plain Python: a few hundred lines of scikit-learn are not
worth a dependency; ``tests/test_train_eval.py`` checks the figures by hand-worked cases.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def confusion(y_true: Sequence[int], y_pred: Sequence[int], n_labels: int) -> list[list[int]]:
    """``m[i][j]``: examples of true class i predicted as j."""
    m = [[0] * n_labels for _ in range(n_labels)]
    for t, p in zip(y_true, y_pred):
        m[t][p] += 1
    return m


def per_class(matrix: list[list[int]], labels: Sequence[str]) -> dict[str, dict[str, float | int]]:
    out = {}
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        predicted = sum(row[i] for row in matrix)
        support = sum(matrix[i])
        p, r = _ratio(tp, predicted), _ratio(tp, support)
        out[label] = {"precision": p, "recall": r, "f1": _ratio(2 * p * r, p + r), "support": support}
    return out


def macro(classes: dict[str, dict[str, float | int]]) -> dict[str, float]:
    """Unweighted means over the classes present in the held-out set (support > 0)."""
    present = [c for c in classes.values() if c["support"]] or list(classes.values())
    return {k: sum(c[k] for c in present) / len(present) for k in ("precision", "recall", "f1")}


def roc_auc(y_true: Sequence[int], scores: Sequence[float]) -> float | None:
    """Area under the ROC curve of ``scores`` for class 1 (Mann-Whitney U, ties counted
    half); None when the held-out set lacks one of the classes."""
    pos = sum(1 for t in y_true if t == 1)
    neg = len(y_true) - pos
    if not pos or not neg:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1  # average rank of a tie
        i = j + 1
    rank_sum = sum(r for r, t in zip(ranks, y_true) if t == 1)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def classification_report(y_true: Sequence[int], probs: Sequence[Sequence[float]], labels: Sequence[str],
                          train_labels: Sequence[int]) -> dict[str, Any]:
    """Accuracy, per-class and macro precision/recall/F1, the confusion matrix, ROC-AUC
    (binary tasks) and the majority-class baseline beside them."""
    n = len(y_true)
    if not n:
        return {"n": 0, "accuracy": None}
    y_pred = [max(range(len(p)), key=lambda j: p[j]) for p in probs]
    matrix = confusion(y_true, y_pred, len(labels))
    classes = per_class(matrix, labels)
    out: dict[str, Any] = {
        "n": n, "accuracy": sum(t == p for t, p in zip(y_true, y_pred)) / n,
        "per_class": classes, "macro": macro(classes),
        "confusion_matrix": {"labels": list(labels), "rows": "true label", "columns": "predicted label",
                             "matrix": matrix},
        "roc_auc": roc_auc(y_true, [p[1] for p in probs]) if len(labels) == 2 else None,
    }
    out["baseline"] = majority_baseline(y_true, labels, train_labels)
    return out


def majority_baseline(y_true: Sequence[int], labels: Sequence[str], train_labels: Sequence[int]) -> dict[str, Any]:
    """Always predicting the training set's most frequent class (ties: the first label)."""
    counts = Counter(train_labels)
    majority = min(counts, key=lambda c: (-counts[c], c)) if counts else 0
    matrix = confusion(y_true, [majority] * len(y_true), len(labels))
    return {"strategy": "always the training set's most frequent class", "label": labels[majority],
            "accuracy": _ratio(matrix[majority][majority], len(y_true)),
            "macro_f1": macro(per_class(matrix, labels))["f1"]}
