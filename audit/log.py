"""Hash-chained, append-only audit log (JSON lines).

Format — one entry per line, UTF-8 (in fact ASCII: non-ASCII is ``\\u`` escaped),
each line the *canonical* JSON of the entry (keys sorted, no spaces)::

    {"actor":{...},"facts":{...},"hash":"<64 hex>","kind":"files_written","prev":"<64 hex>","seq":1,"ts":"2026-01-31T12:00:00.123456Z"}

* ``seq``   — 1, 2, 3, … (the line number)
* ``ts``    — when it was appended, ISO-8601 UTC with microseconds and ``Z``
* ``kind``  — ``files_written``, ``dead_letters``, ``budget_set``, ``training_job``, ``erasure``, …
  (each registered in :mod:`audit.kinds` with the fields its facts may have)
* ``facts`` — the kind's facts: counts, hashes, paths, pseudonyms — never raw event values
* ``actor`` — who acted: ``{"name": --actor or $VEIL_ACTOR or null, "os_user": …, "host": …}``
  (entries written before actors were recorded have no ``actor`` and verify all the same)
* ``prev``  — the previous entry's ``hash`` (64 zeros for the first entry)
* ``hash``  — SHA-256 (hex) of this line's bytes with the ``hash`` field left out, i.e. of
  ``canonical_json({actor, facts, kind, prev, seq, ts})``

Because ``hash`` covers ``prev``, each line commits to every line before it: editing
any byte, deleting a line or swapping two lines breaks the chain at the first
affected line, and :func:`verify_log` reports that line's number.  What a chain
alone cannot show is lines cut off the *end*; for that a :class:`audit.LogHead` (in
the ledger's database) keeps the log's head (entry count and last hash), updated inside
the same lock as every append, and :func:`verify_log` compares it when given the head.
An append that finds the log no longer reaching the recorded head (lines cut off, or
the log rewritten) does not paper over it: it records the break with the head for good
(reported by every later :func:`verify_log`), writes a ``log_break_detected`` entry, and
carries on.
What is left undetected is an attacker who rewrites the log *and* the ledger; keep
copies of the head elsewhere (e.g. the report's JSON) if that matters.

Concurrency: writers in many processes (ingest workers, the trainer, the CLI) share
one file.  Each append takes an exclusive ``fcntl.flock`` on the file, reads the last
line, writes the new line with a single ``write`` on an ``O_APPEND`` descriptor,
``fsync``\\ s, moves the head on, then unlocks.

A crash can leave a torn last line (no trailing newline); that line never reached
the head, so the next append cuts it off and records a ``log_repaired`` entry
saying how many bytes were dropped (and their SHA-256).
"""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import os
import socket
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any, Iterator

from veil.core.errors import EXIT_INTEGRITY, UsageError, VeilError

from veil.audit.head import LogHead
from veil.audit.kinds import Record, parse_facts, validate_facts

GENESIS = "0" * 64
ENV_ACTOR = "VEIL_ACTOR"
_KEYS = ("facts", "hash", "kind", "prev", "seq", "ts")
_KEYS_WITH_ACTOR = ("actor", *_KEYS)


class AuditLogError(VeilError):
    """The audit log cannot be appended to (e.g. its last line is corrupt): exit 1."""

    exit_code = EXIT_INTEGRITY


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int  # entries read (up to the first bad line when broken)
    first_bad_line: int | None
    reason: str | None
    #: hash of line ``entries`` (the last one that verified), None for an empty log
    last_hash: str | None = None
    #: length and SHA-256 of lines 1..``entries`` as read: what the verdict is about
    verified_bytes: int = 0
    verified_sha256: str | None = None
    #: the head as read before the scan (``[count, hash]``), and the breaks it recorded
    head: tuple[int, str] | None = None
    breaks: tuple[dict[str, Any], ...] = ()
    #: whether line ``head[0]`` carries ``head[1]``: False also when the log ends before
    #: it; None without a head, or when the chain broke before reaching it
    head_matches: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        if self.ok:
            return f"audit log OK: {self.entries} entries, chain intact"
        return f"audit log BROKEN at line {self.first_bad_line}: {self.reason}"


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode(
        "ascii"
    )


def entry_hash(entry: dict[str, Any]) -> str:
    body = {key: value for key, value in entry.items() if key != "hash"}
    return hashlib.sha256(canonical(body)).hexdigest()


def _plain(value: Any) -> Any:
    """Facts as plain JSON values (Paths and datetimes as strings, sets sorted)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        raise TypeError("audit facts must not hold raw bytes; log a hash of them instead")
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        if isinstance(value, float) and value != value:
            raise TypeError("audit facts must not hold NaN")
        return value
    raise TypeError(f"audit facts must be JSON values, got {type(value).__name__}")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def current_actor(name: str | None = None) -> dict[str, str | None]:
    """Who is acting: ``name`` (``--actor``), else ``$VEIL_ACTOR``, else nobody named; and
    always the OS user and host the process runs as (what the operator cannot choose)."""
    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):  # a container user with no passwd entry
        os_user = f"uid:{os.getuid()}"
    named = (name or os.environ.get(ENV_ACTOR) or "").strip() or None
    if named is not None and (len(named) > 200 or not named.isprintable()):
        raise UsageError("--actor / $VEIL_ACTOR must be one printable line of at most 200 characters")
    return {"name": named, "os_user": os_user, "host": socket.gethostname()}


@contextmanager
def _locked(path: Path) -> Iterator[int]:
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _tail(fd: int) -> tuple[bytes | None, int, int]:
    """(last complete line without newline or None, offset just after it, file size)."""
    size = os.fstat(fd).st_size
    if size == 0:
        return None, 0, 0
    block = 8192
    end = size
    buf = b""
    pos = size
    # Find the end of the last complete line (the last b"\n").
    while True:
        start = max(0, pos - block)
        chunk = os.pread(fd, pos - start, start)
        buf = chunk + buf
        pos = start
        last_nl = buf.rfind(b"\n")
        if last_nl != -1:
            end = pos + last_nl + 1  # after the newline
            # Find the start of that line.
            prev_nl = buf.rfind(b"\n", 0, last_nl)
            while prev_nl == -1 and pos > 0:
                start = max(0, pos - block)
                chunk = os.pread(fd, pos - start, start)
                buf = chunk + buf
                last_nl += len(chunk)
                pos = start
                prev_nl = buf.rfind(b"\n", 0, last_nl)
            return buf[prev_nl + 1 : last_nl], end, size
        if pos == 0:
            return None, 0, size  # no complete line at all


class AuditLog:
    """The audit log at ``path``; ``head`` (optional) keeps its head.  An
    :class:`veil.core.AuditSink`."""

    def __init__(self, path: Path, head: LogHead | None = None, *, actor: str | None = None) -> None:
        self.path = Path(path)
        self.head = head
        self.actor = current_actor(actor)  # recorded in every entry this log appends

    def append(self, kind: str, **facts: Any) -> dict[str, Any]:
        """Append one entry and return it (with its ``seq`` and ``hash``).  ``facts`` must fit
        the kind's dataclass in :mod:`audit.kinds` (ValueError / TypeError otherwise)."""
        if not isinstance(kind, str) or not kind or not kind.replace("_", "").isalnum():
            raise ValueError(f"audit entry kind must be a word like 'files_written', got {kind!r}")
        validate_facts(kind, facts)
        plain = _plain(facts)
        try:
            canonical(plain)  # fail here, before the lock, on values JSON cannot hold (inf)
        except ValueError as exc:
            raise TypeError(f"audit facts must be finite JSON values: {exc}") from None
        if not self.path.parent.is_dir():
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _locked(self.path) as fd:
            last, end, size = _tail(fd)
            seq, prev = self._last(last)
            broken = self._check_head(seq, prev) if self.head is not None else None
            if end < size:
                # A torn write (crash mid-append): never acknowledged, so cut it and say so.
                dropped = os.pread(fd, size - end, end)
                os.ftruncate(fd, end)
                repaired = self._write(
                    fd,
                    seq,
                    prev,
                    "log_repaired",
                    {"torn_bytes_dropped": len(dropped), "torn_sha256": hashlib.sha256(dropped).hexdigest()},
                )
                seq, prev = repaired["seq"], repaired["hash"]
            if broken is not None:
                noted = self._write(fd, seq, prev, "log_break_detected", broken)
                seq, prev = noted["seq"], noted["hash"]
            entry = self._write(fd, seq, prev, kind, plain)
            os.fsync(fd)
            if self.head is not None:
                self.head.set(entry["seq"], entry["hash"])
        return entry

    def _last(self, last: bytes | None) -> tuple[int, str]:
        """(seq, hash) of the last complete entry; (0, GENESIS) for an empty log."""
        if last is None:
            return 0, GENESIS
        try:
            previous = json.loads(last)
            return int(previous["seq"]), str(previous["hash"])
        except (ValueError, KeyError, TypeError):
            raise AuditLogError(
                f"the last line of {self.path} is not a valid audit entry; run `veil audit verify`"
            ) from None

    def _check_head(self, seq: int, last_hash: str) -> dict[str, Any] | None:
        """Before moving the head on, make sure the log still reaches it.

        If lines were cut off the end (or the log rewritten) since the last append,
        appending would hide that; instead the break is recorded with the head for
        good (``verify_log`` keeps reporting it) and logged, and the append goes on —
        ingestion does not stop, the evidence stays.
        """
        head = self.head.get()
        if head is None:
            return None
        head_count, head_hash = head
        if head_count > seq:
            line = seq + 1
            reason = (
                f"an append found the log ending after line {seq} but the ledger had recorded "
                f"{head_count} entries (lines {seq + 1}..{head_count} were cut off)"
            )
        elif head_count == seq and head_count > 0 and head_hash != last_hash:
            line = seq
            reason = f"an append found line {seq} differing from the head hash in the ledger (log was rewritten)"
        else:
            return None
        self.head.record_break(line, reason)
        return {"line": line, "expected_entries": head_count, "found_entries": seq, "reason": reason}

    def _write(self, fd: int, seq: int, prev: str, kind: str, facts: dict[str, Any]) -> dict[str, Any]:
        seq += 1
        entry: dict[str, Any] = {"seq": seq, "ts": _now(), "kind": kind, "facts": facts, "prev": prev,
                                 "actor": self.actor}
        entry["hash"] = entry_hash(entry)
        line = canonical(entry) + b"\n"
        written = os.write(fd, line)
        if written != len(line):  # pragma: no cover - regular files write fully
            raise AuditLogError(f"short write to {self.path}")
        return entry

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every entry in order (lines that do not parse are skipped; verify reports them)."""
        yield from read_entries(self.path)

    def records(self, unverified_from: int | None = None) -> Iterator[Record]:
        """Every entry as a :class:`audit.kinds.Record` (see :func:`read_records`)."""
        yield from read_records(self.path, unverified_from)

    def verify(self) -> VerifyResult:
        return verify_log(self.path, self.head)


def read_entries(path: Path) -> Iterator[dict[str, Any]]:
    for _line, entry in _numbered(path):
        yield entry


def _numbered(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, entry) for every line that parses as an object, up to a torn tail."""
    path = Path(path)
    if not path.exists():
        return
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                break  # torn tail
            try:
                entry = json.loads(raw)
            except ValueError:
                continue
            if isinstance(entry, dict):
                yield number, entry


def read_records(path: Path, unverified_from: int | None = None) -> Iterator[Record]:
    """Every entry as a :class:`Record` with its facts typed by :mod:`audit.kinds`;
    entries at or after line ``unverified_from`` (the first bad line of a broken log) are
    marked ``verified=False``."""
    for number, entry in _numbered(path):
        name = str(entry.get("kind"))
        raw = entry.get("facts") if isinstance(entry.get("facts"), dict) else {}
        actor = entry.get("actor") if isinstance(entry.get("actor"), dict) else None
        yield Record(
            line=number, seq=entry.get("seq"), ts=entry.get("ts") if isinstance(entry.get("ts"), str) else None,
            kind=name, facts=parse_facts(name, raw), raw=raw, actor=actor,
            verified=unverified_from is None or number < unverified_from,
        )


def _head_of(source: Any) -> LogHead | None:
    """``source`` itself if it is a :class:`LogHead`, else the one it carries as ``.head``
    (the ledger does), else None."""
    if source is None or isinstance(source, LogHead):
        return source
    head = getattr(source, "head", None)
    if not isinstance(head, LogHead):
        raise TypeError(f"verify_log needs a LogHead (or the ledger that hosts one), got {type(source).__name__}")
    return head


def verify_log(path: Path, head: Any = None) -> VerifyResult:
    """Check the chain line by line; with ``head`` (a :class:`LogHead`, or the ledger that
    hosts it) also check the recorded head and any breaks an append recorded.  Returns the
    FIRST bad line (1-based) and why, and what exactly was verified."""
    store = _head_of(head)
    recorded = store.get() if store is not None else None
    head_count, head_hash = recorded if recorded is not None else (0, GENESIS)
    scan = _scan(Path(path), head_count)
    problems = [scan.problem] if scan.problem is not None else []
    if recorded is not None and not problems:
        if scan.count < head_count:
            problems.append((
                scan.count + 1,
                f"log ends after line {scan.count} but the ledger recorded {head_count} entries "
                f"(lines {scan.count + 1}..{head_count} were cut off)",
            ))
        elif head_count > 0 and scan.hash_at_head != head_hash:
            problems.append((head_count, "line does not match the head hash recorded in the ledger (log was rewritten)"))
    breaks = tuple(store.breaks()) if store is not None else ()
    problems += [(int(b["line"]), f"{b['reason']} (detected {b['detected_at']})") for b in breaks]
    line, reason = min(problems, key=lambda p: p[0]) if problems else (None, None)
    matches = None
    if recorded is not None and (scan.problem is None or scan.count >= head_count):
        matches = head_count == 0 or scan.hash_at_head == head_hash
    return VerifyResult(not problems, scan.count, line, reason, scan.last_hash, scan.size, scan.sha256,
                        recorded, breaks, matches)


@dataclass
class _Scan:
    count: int = 0  # lines that verified, in order
    last_hash: str | None = None
    hash_at_head: str | None = None
    size: int = 0  # bytes of the lines that verified
    sha256: str | None = None
    problem: tuple[int, str] | None = None


def _scan(path: Path, head_count: int) -> _Scan:
    """Walk the chain up to its first bad line, hashing the bytes that verified."""
    scan = _Scan()
    if not path.exists():
        return scan
    digest = hashlib.sha256()
    prev = GENESIS
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            reason = _check_line(raw, number, prev)
            if reason is not None:
                scan.problem = (number, reason)
                break
            prev = json.loads(raw)["hash"]
            digest.update(raw)
            scan.count, scan.last_hash, scan.size = number, prev, scan.size + len(raw)
            if number == head_count:
                scan.hash_at_head = prev
    scan.sha256 = digest.hexdigest()
    return scan


def _check_line(raw: bytes, number: int, prev: str) -> str | None:
    """Why line ``number`` is bad, or None."""
    if not raw.endswith(b"\n"):
        return "last line is incomplete (torn write or cut mid-line)"
    line = raw[:-1]
    try:
        entry = json.loads(line)
    except ValueError:
        return "not valid JSON"
    if not isinstance(entry, dict) or tuple(sorted(entry)) not in (_KEYS, _KEYS_WITH_ACTOR):
        return f"not an audit entry (expected fields {', '.join(_KEYS_WITH_ACTOR)}; actor optional)"
    try:
        if canonical(entry) != line:
            return "line is not in canonical form (bytes were edited)"
    except (TypeError, ValueError):
        return "line holds values an audit entry cannot"
    if entry_hash(entry) != entry["hash"]:
        return "hash does not match the line's content (line was edited)"
    if entry["seq"] != number:
        return f"sequence number is {entry['seq']}, expected {number} (lines deleted, inserted or reordered)"
    if entry["prev"] != prev:
        return "prev does not match the previous line's hash (chain broken)"
    return None
