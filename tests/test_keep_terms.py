"""``keep_terms`` on redact_text: listed terms survive as guessed names, never as patterns;
term files count in the policy hash; bad entries are policy errors with file, line, field."""

from __future__ import annotations

import pytest

from veil.anonymize import PolicyError, Sanitizer, load_policy, parse_policy


def _policy(tmp_path, keep: str):
    path = tmp_path / "policy.yaml"
    path.write_text("version: 1\nrules:\n  - {path: sku, op: keep}\n"
                    f"default:\n  string: {{op: redact_text, keep_terms: {keep}}}\n", encoding="utf-8")
    return path


def _scrub(policy, *texts):
    outs = Sanitizer(policy, b"k" * 32).sanitize_batch([{"user_id": "u", "text": t} for t in texts])
    return [o.data["text"] for o in outs]


def test_listed_terms_survive_and_names_do_not(tmp_path):
    text = "Spoke with Anna Smith yesterday about the Hamilton Beach toaster."
    (plain,) = _scrub(load_policy(None), text)
    assert "Hamilton Beach" not in plain  # guessed a name or place without the list
    (kept,) = _scrub(load_policy(_policy(tmp_path, '["hamilton beach"]')), text)
    assert "Hamilton Beach" in kept and "Anna" not in kept and "Smith" not in kept


def test_pii_in_the_list_is_still_removed(tmp_path):
    policy = load_policy(_policy(tmp_path, '["bill@example.com", "4111 1111 1111 1111", "+1 415 555 0100"]'))
    (out,) = _scrub(policy, "Mail bill@example.com, card 4111 1111 1111 1111, phone +1 415 555 0100.")
    assert "bill@" not in out and "4111" not in out and "555" not in out
    assert "<EMAIL_ADDRESS>" in out and "<CREDIT_CARD>" in out and "<PHONE_NUMBER>" in out


def test_term_file_content_is_in_the_policy_hash(tmp_path):
    terms = tmp_path / "catalogue.txt"
    terms.write_text("# products\nHamilton Beach\nJack Wolfskin\n", encoding="utf-8")
    first = load_policy(_policy(tmp_path, f'["Quietcomfort", {{file: "{terms}"}}]'))
    again = load_policy(_policy(tmp_path, f'["Quietcomfort", {{file: "{terms}"}}]'))
    terms.write_text("# products\nHamilton Beach\nJack Wolfskin\nMeta Quest\n", encoding="utf-8")
    changed = load_policy(_policy(tmp_path, f'["Quietcomfort", {{file: "{terms}"}}]'))
    assert first.hash == again.hash != changed.hash
    (out,) = _scrub(changed, "I returned the Jack Wolfskin jacket to Grace Miller.")
    assert "Jack Wolfskin" in out and "Grace" not in out


@pytest.mark.parametrize("keep, message", [
    ("[]", "must be a non-empty list"),
    ('["ok", 12]', "keep_terms[1]: must be a term (string) or {file: PATH}"),
    ('["ok", {file: missing.txt}]', "keep_terms[1].file: term file not found: missing.txt"),
    ('["x"]', "keep_terms[0]: a term needs 2 or more characters"),
])
def test_bad_keep_terms_name_file_line_and_field(tmp_path, keep, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _policy(tmp_path, keep)
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert str(err.value).startswith(f"{path}:5: default.string.keep_terms: ")
    assert message in str(err.value)


def test_term_file_not_utf8_names_its_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"fine\nalso fine\n\xff\xfe broken\n")
    with pytest.raises(PolicyError, match=r"bad\.txt:3: not UTF-8 text"):
        load_policy(_policy(tmp_path, f'[{{file: "{bad}"}}]'))


def test_keep_terms_are_an_option_of_redact_text_only():
    with pytest.raises(PolicyError, match="unknown option"):
        parse_policy("version: 1\nrules:\n  - {path: a, op: keep, keep_terms: [x]}\n")


def test_a_policy_may_name_the_server_entities():
    policy = parse_policy("version: 1\ndefault:\n  string: {op: redact_text, entities: [PASSPORT, GEO_COORDINATES, PERSON]}\n")
    (out,) = _scrub(policy, "Passport 925076473, at 52.520008, 13.404954, said Grace Miller")
    assert out == "Passport <PASSPORT>, at <GEO_COORDINATES>, said <PERSON>"
    with pytest.raises(PolicyError, match="unknown entity 'PASSPORTS'"):
        parse_policy("version: 1\ndefault:\n  string: {op: redact_text, entities: [PASSPORTS]}\n")
