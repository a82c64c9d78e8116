"""veil_edge.policy_cache (issue 14, cold start): a policy loaded from the cache is the
policy loaded from its YAML; the cache never changes what a policy file means."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import anonymize
import veil_edge
from veil_edge import PolicyError, load_policy, policy_cache

DEMO = Path(anonymize.__file__).parent / "examples" / "demo_policy.yaml"
EVENT = {"event_id": "e1", "user_id": "u1", "email": "jane@example.com", "amount": 23.5, "phone": "+1 415-555-0199",
         "full_name": "Jane Doe", "text": "call me on 0151 2345678", "shipping": {"name": "Jane", "city": "Leeds"}}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv(policy_cache.ENV, str(directory))
    return directory


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json")) if directory.exists() else []


def _scrubbed(policy, key):
    out = veil_edge.Scrubber(policy, tier="lite", public_key=key.public_key()).scrub(dict(EVENT))
    return veil_edge.Opener(key).open_all(out)


def test_hit_gives_the_same_policy_hash_and_scrub_output(cache, tmp_path, monkeypatch):
    import veil_edge.policy_yaml as policy_yaml

    path = tmp_path / "p.yaml"
    path.write_bytes(DEMO.read_bytes())
    miss = load_policy(path)
    assert len(_entries(cache)) == 1
    parsed = []
    real = policy_yaml.parse_document
    monkeypatch.setattr(policy_yaml, "parse_document", lambda *a: parsed.append(a) or real(*a))
    hit = load_policy(path)
    assert parsed == []  # the hit parsed no YAML
    assert hit.hash == miss.hash and hit.canonical() == miss.canonical() and hit.source == str(path)
    assert [r.line for r in hit.rules] == [r.line for r in miss.rules]
    key = veil_edge.generate_private_key()
    assert _scrubbed(hit, key) == _scrubbed(miss, key)


def test_a_cache_hit_imports_no_yaml_toml_or_pathlib(cache):
    """A device's cold start on a hit: policy, scrubber, first structured event, without
    PyYAML, tomllib or pathlib (what the cache and ``os.path`` save: ~20 ms)."""
    code = ("import sys, veil_edge as v\n"
            f"s = v.Scrubber(v.load_policy({str(DEMO)!r}), public_key=v.generate_private_key().public_key())\n"
            "s.scrub({'event_id': 'e1', 'user_id': 'u1', 'email': 'j@example.com', 'lat': 52.52})\n"
            "print([m for m in ('yaml', 'tomllib', 'pathlib') if m in sys.modules])")
    # -S, as on a device's plain install: the editable installs' path hooks import pathlib
    import cryptography
    import sysconfig

    path = os.pathsep.join([str(Path(veil_edge.__file__).parent.parent), str(Path(cryptography.__file__).parent.parent),
                            sysconfig.get_paths()["purelib"]])
    env = dict(os.environ, **{policy_cache.ENV: str(cache), "PYTHONPATH": path})
    runs = [subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env,
                           check=True).stdout for _ in range(2)]
    assert runs[0] != "[]\n" and runs[1] == "[]\n"


def test_corrupt_or_foreign_entries_are_ignored_and_rewritten(cache):
    want = load_policy(DEMO).hash
    (entry,) = _entries(cache)
    for junk in (b"", b"{not json", b"\xff\xfe", b"[]", b'{"format": 1}', json.dumps({"format": 1, "key": "0" * 64,
                 "doc": None}).encode(), json.dumps({"format": 1, "key": entry.stem, "doc": {"m": [[1, 2]]}}).encode()):
        entry.write_bytes(junk)
        assert load_policy(DEMO).hash == want
        assert json.loads(entry.read_bytes())["key"] == entry.stem  # rewritten whole


def test_an_entry_is_used_only_for_its_own_bytes(cache, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\nrules: [{path: email, op: drop}]\n")
    first = load_policy(path)
    path.write_text("version: 1\nrules: [{path: email, op: keep}]\n")
    second = load_policy(path)
    assert first.hash != second.hash and second.rules[0].op == "keep" and len(_entries(cache)) == 2


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(policy_cache.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    policy = load_policy(DEMO)
    load_policy(None)
    veil_edge.Scrubber(policy, public_key=veil_edge.generate_private_key().public_key()).scrub({"lat": 1.0})
    assert not any(tmp_path.rglob("*"))


def test_default_location_is_the_users_cache_dir(tmp_path, monkeypatch):
    monkeypatch.delenv(policy_cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_policy(DEMO)
    (entry,) = _entries(tmp_path / "veil-edge" / "policies")
    assert entry.stat().st_mode & 0o077 == 0


BAD = {
    "unknown_op": "version: 1\nrules:\n  - {path: email, op: maskk}\n",
    "bad_option": "version: 1\nrules:\n  - {path: email, op: mask, keep_last: -1}\n",
    "bad_yaml": "version: 1\nrules: [\n",
    "dup_key": "version: 1\nversion: 1\n",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_an_invalid_policy_raises_the_same_error_with_a_cache_present(cache, tmp_path, monkeypatch, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(BAD[name])
    monkeypatch.setenv(policy_cache.ENV, "off")
    with pytest.raises(PolicyError) as without:
        load_policy(path)
    monkeypatch.setenv(policy_cache.ENV, str(cache))
    load_policy(DEMO)  # a cache with an entry in it
    for _ in range(2):
        with pytest.raises(PolicyError) as withcache:
            load_policy(path)
        assert (str(withcache.value), withcache.value.line, withcache.value.field) == \
               (str(without.value), without.value.line, without.value.field)
    assert len(_entries(cache)) == 1  # only the valid policy is cached


def test_documents_json_cannot_carry_are_not_cached(cache, tmp_path):
    path = tmp_path / "dated.yaml"
    path.write_text("version: 1\ndescription: 2024-01-01\nrules: []\n")
    assert load_policy(path).hash == load_policy(path).hash
    assert _entries(cache) == []


def test_a_directory_others_may_write_is_not_used(cache):
    cache.mkdir(mode=0o700)
    os.chmod(cache, 0o777)
    load_policy(DEMO)
    assert _entries(cache) == []


def test_the_cache_holds_no_event_data(cache):
    policy = load_policy(DEMO)
    veil_edge.Scrubber(policy, tier="lite", public_key=veil_edge.generate_private_key().public_key()).scrub(dict(EVENT))
    load_policy(DEMO)
    text = "".join(p.read_text() for p in cache.rglob("*") if p.is_file())
    assert "jane" not in text.lower() and "0151" not in text


def test_the_server_cli_leaves_the_cache_off(tmp_path, monkeypatch):
    """`veil` loads policies through veil_edge too; a server command leaves no cache file."""
    from veil.cli import main

    monkeypatch.delenv(policy_cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\nrules: [{path: email, op: drop}]\n")
    events = tmp_path / "in.jsonl"
    events.write_text(json.dumps({"event_id": "e1", "user_id": "u1", "email": "j@example.com"}) + "\n")
    assert main(["scrub", str(events), "-o", str(tmp_path / "out.jsonl"), "--policy", str(policy)]) == 0
    assert "j@example.com" not in (tmp_path / "out.jsonl").read_text()
    assert not (tmp_path / "xdg").exists()
