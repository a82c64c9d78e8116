"""The policy cache: parsed policy documents (``policy_doc``), so that a device's cold start
need not import PyYAML nor parse its policy again.  (Packaged data tables need no cache:
they ship as JSON, ``datafiles``.)

One JSON file per policy parsed, named by the SHA-256 of its bytes, its kind, the cache
format and the ``veil_edge`` version, in ``$VEIL_EDGE_POLICY_CACHE`` (a directory, or ``off``) or
else ``$XDG_CACHE_HOME/veil-edge/policies`` (``~/.cache/veil-edge/policies``).

Invariants:

* it holds policy documents only, never event data (policies hold no PII);
* only documents that gave a valid policy are written; the policy is validated again from
  the document on every load, so errors and the policy hash are the YAML's own;
* an entry is used only for the very bytes it was made from (the name and the stored
  digest); a corrupt, foreign or unreadable entry counts as a miss and is rewritten;
* writes are atomic (a temporary file, then ``os.replace``) and their failures ignored;
* the directory must be the user's own and not writable by others, else it is not used.
"""

from __future__ import annotations

import hashlib
import json
import os

from .policy_doc import from_json, to_json
from .version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any

ENV = "VEIL_EDGE_POLICY_CACHE"
_FORMAT = 1


def cache_dir() -> str | None:
    """Where entries live, or ``None`` when the cache is off."""
    setting = os.environ.get(ENV, "")
    if setting.lower() == "off":
        return None
    if setting:
        return setting
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return None if base.startswith("~") else os.path.join(base, "veil-edge", "policies")


def key(data: bytes, kind: str = "policy") -> str:
    return hashlib.sha256(f"veil-edge {__version__} {kind}-cache {_FORMAT}\n".encode() + data).hexdigest()


def _trusted(directory: str) -> bool:
    # an entry decides what a device does with data: someone else's directory must not
    st = os.stat(directory)
    return (not hasattr(os, "getuid") or st.st_uid == os.getuid()) and not st.st_mode & 0o022


def _read(data: bytes, kind: str) -> Any:
    directory = cache_dir()
    if directory is None:
        return None
    digest = key(data, kind)
    try:
        if not _trusted(directory):
            return None
        with open(os.path.join(directory, f"{digest}.json"), "rb") as fh:
            entry = json.loads(fh.read())
        if entry["key"] != digest or entry["format"] != _FORMAT:
            return None
        return entry["doc"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _write(data: bytes, kind: str, encoded: Any) -> None:
    directory = cache_dir()
    if directory is None or encoded is None:
        return
    digest = key(data, kind)
    entry = json.dumps({"format": _FORMAT, "key": digest, "veil_edge": __version__, "doc": encoded},
                       separators=(",", ":"))
    tmp = os.path.join(directory, f".{digest}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        if not _trusted(directory):
            return
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(entry)
        os.replace(tmp, os.path.join(directory, f"{digest}.json"))
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def read(data: bytes) -> Any | None:
    """The cached document for these policy bytes, or ``None`` (a miss, for any reason)."""
    stored = _read(data, "policy")
    try:
        return None if stored is None else from_json(stored)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def write(data: bytes, doc: Any) -> None:
    """Store the document of a policy that validated (quietly nothing if it cannot)."""
    if cache_dir() is not None:
        _write(data, "policy", to_json(doc))

