"""Issue 17 on the device: the sign-off, greeting and credit name rules are veil_edge's
(``veil_edge/signoffs.py``, ``credits.py``, ``data/signoffs.yaml``), one implementation the
server's span filter and the lite tier both run, so "works well. - Grace" no longer leaves a
lite-only device with the name in clear; and the cue check that keeps them cheap on chat text
(``_starts``) never skips a match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from veil_edge import Scrubber, generate_private_key, load_policy, parse_policy, signoffs

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"


@pytest.fixture(scope="module")
def lite():
    scrubber = Scrubber(load_policy(None), tier="lite", public_key=generate_private_key().public_key())
    return lambda text: scrubber.scrub({"event_id": "e1", "user_id": "u1", "text": text})["text"]


@pytest.mark.parametrize("text, name, expected", [
    ("Arrived on time and works well. - Grace", "Grace", "Arrived on time and works well. - <PERSON>"),
    ("Can you check the order status? Thanks, Will", "Will", "Can you check the order status? Thanks, <PERSON>"),
    ("Hi June, the strap broke after a week.", "June", "Hi <PERSON>, the strap broke after a week."),
    ("The refund came through.\n\nRegards,\nNorm", "Norm", "The refund came through.\n\nRegards,\n<PERSON>"),
    ("包裹收到了，质量很好。\n谢谢，\n王伟", "王伟", "包裹收到了，质量很好。\n谢谢，\n<PERSON>"),
    ("Fixed in 2.1, thanks to Paul Smith for the report.", "Paul Smith",
     "Fixed in 2.1, thanks to <PERSON> for the report."),
    ("Love it, sturdy and cheap.\n/Ash", "Ash", "Love it, sturdy and cheap.\n/<PERSON>"),
])
def test_the_lite_tier_scrubs_signoff_greeting_and_credit_names(lite, text, name, expected):
    out = lite(text)
    assert name not in out
    assert out == expected


@pytest.mark.parametrize("text", [
    "Hello, World!",
    "Hi, hope you are well",
    "Hi can any body help with the charger",
    "Cheers mate, that fixed it",
    "Thanks to Dependabot the build is green again.",
    "Great value, would buy again.",
])
def test_greetings_and_closings_without_a_name_are_left_alone(lite, text):
    assert lite(text) == text


def test_only_a_policy_that_wants_person_gets_the_rules():
    policy = parse_policy("version: 1\nrules:\n  - {path: text, op: redact_text, entities: [EMAIL_ADDRESS]}\n")
    scrubber = Scrubber(policy, tier="lite", public_key=generate_private_key().public_key())
    out = scrubber.scrub({"event_id": "e1", "user_id": "u1", "text": "works well. - Grace, grace@example.com"})
    assert out["text"] == "works well. - Grace, <EMAIL_ADDRESS>"


def test_product_fields_get_no_name_rules():
    from veil_edge.lite_engine import LiteEngine

    assert LiteEngine().analyze_many(["Thanks, Will"], ner=False) == [[]]


def test_both_tiers_run_one_implementation():
    from veil.anonymize.text import context

    assert context.signoff_names is signoffs.signoff_names


def _corpus() -> list[str]:
    """Real-looking texts: the sign-off sets (their review slot filled), the credit lines and
    the drugs.com reviews of benchmarks/data."""
    reviews = [json.loads(line)["review"] for line in (DATA / "drugscom" / "reviews.jsonl").read_text().splitlines()
               if line.strip()]
    texts = list(reviews)
    for path in sorted((DATA / "signoffs").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")).get("cases", []):
            texts += [case["text"].replace("{review}", r) for r in reviews[:2]]
    texts += [json.loads(line)["text"] for line in (DATA / "credits" / "passages.jsonl").read_text().splitlines()
              if line.strip()]
    return texts


def test_the_cue_check_skips_no_match_on_real_text():
    r = signoffs.rules()
    texts = _corpus()
    assert len(texts) > 1000
    assert [signoffs._found(t, r) for t in texts] == [signoffs._found(t, r, cued=False) for t in texts]


def test_most_chat_text_runs_no_pattern():
    from veil.demo_data import generate

    r = signoffs.rules()
    texts = [v for _, e in generate(1000, seed=3) for v in e.values() if isinstance(v, str) and " " in v]
    assert sum(not signoffs._starts(t, r) for t in texts) > 0.6 * len(texts)  # 74 % on these


_PIECES = ["Thanks", "thanks to", "Regards", "Best", "Cheers", "Hi", "hey", "Dear", "Morning", "Grace", "grace",
           "Will", "June", "Paul Smith", "Norm", "谢谢", "王伟", "شكرا", "أحمد", "Gruß", "ẞ", "ſincerely", "İ", "-",
           "--", "–", "—", "~", "/", "@", "[", "]", "<", ">", "!", ",", "，", ".", ":", " ", " ", "\t", "\n", "\n\n",
           "here", "x", ":)", "42", "Dr.", "J.D.", "reported by", "the", "a", "and", "Lintian"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_the_cue_check_skips_no_match_on_generated_text(pieces):
    text = "".join(pieces)
    r = signoffs.rules()
    assert signoffs._found(text, r) == signoffs._found(text, r, cued=False)
