"""Output files that never destroy what was there: checked first, written aside, renamed.

Invariants: an output path that is one of the command's inputs (the same path, a hard
link or a symbolic link to it) is refused before anything is opened; the output is
written to a temporary file in the same directory, flushed, fsynced and renamed over the
target only when the writer finished without an error, so a failed run leaves the old
file (or nothing) in place, never a truncated or half-written one.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator

from veil.core.errors import UsageError


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # follows symbolic links; equal inodes catch hard links
    except OSError:
        return False


def check_output(output: Path, inputs: Iterable[Path] = (), *, flag: str = "-o") -> Path:
    """Refuse an output that would overwrite an input or cannot be written; returns it."""
    output = Path(output)
    for source in inputs:
        if _same_file(output, Path(source)) or output.resolve() == Path(source).resolve():
            raise UsageError(f"{flag} {output} is the input file; write the output to another path")
    if output.is_dir():
        raise UsageError(f"{flag} {output} is a directory; give a file name")
    parent = output.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{flag} {output}: directory {parent} does not exist; create it first")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{flag} {output}: directory {parent} is not writable")
    return output


@contextmanager
def atomic_output(path: Path, *, binary: bool = False, mode: int = 0o644) -> Iterator[IO]:
    """``with atomic_output(p) as f: f.write(...)`` — ``p`` appears whole, or not at all."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.resolve().parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with _quietly():
            os.unlink(tmp)
        raise
    _fsync_dir(path.resolve().parent)


@contextmanager
def _quietly() -> Iterator[None]:
    try:
        yield
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    with _quietly():
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
