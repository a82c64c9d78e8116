"""Where the store lives: a local directory or an S3-compatible bucket.

Every module of ``store/`` works on a :class:`Location`: a ``pyarrow.fs.FileSystem``
and the store's base path inside it, resolved from what the user typed::

    ./store, /data/store            -> LocalFileSystem, absolute path
    s3://bucket/prefix              -> S3FileSystem, "bucket/prefix"
    gs://…, abfs://…, hdfs://…      -> whatever pyarrow.fs.FileSystem.from_uri gives

S3 settings come from the environment, as every AWS tool reads them:

* endpoint: ``VEIL_S3_ENDPOINT``, else ``AWS_ENDPOINT_URL_S3``, else ``AWS_ENDPOINT_URL``
  (e.g. ``http://minio:9000``; unset means AWS itself);
* region: ``AWS_REGION``, else ``AWS_DEFAULT_REGION``, else ``us-east-1``;
* credentials: the AWS SDK's default chain (``AWS_ACCESS_KEY_ID`` /
  ``AWS_SECRET_ACCESS_KEY`` / ``AWS_SESSION_TOKEN``, a profile, or a pod's web identity).

Publishing is the one operation that differs.  On a local disk a file is written to
``*.tmp``, fsynced and renamed (then the folder is fsynced).  Object storage has no
rename, but a PUT is atomic: an object is visible whole or not at all.  So the finished
Parquet bytes are built in memory and sent in one request: the S3 filesystem is opened
with ``allow_delayed_open=True``, under which pyarrow sends an object smaller than its
10 MiB part size as a single PutObject (``tests/test_s3.py`` checks this in the server's
request log).  A larger object goes as a multipart upload, which S3 also publishes
atomically, at CompleteMultipartUpload; an upload that dies half-way stays invisible.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pyarrow.fs as pafs

_FS_CACHE: dict[tuple, pafs.FileSystem] = {}
_FS_LOCK = threading.Lock()


def s3_endpoint() -> str | None:
    for name in ("VEIL_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"):
        value = os.environ.get(name)
        if value:
            return value
    return None


def s3_filesystem() -> pafs.S3FileSystem:
    """An S3 filesystem configured from the environment (cached per endpoint, region, key id)."""
    endpoint = s3_endpoint()
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    key = ("s3", endpoint, region, os.environ.get("AWS_ACCESS_KEY_ID"))
    with _FS_LOCK:
        if key in _FS_CACHE:
            return _FS_CACHE[key]
        options: dict = {"region": region, "allow_delayed_open": True}
        if endpoint:
            parsed = urlparse(endpoint if "://" in endpoint else f"https://{endpoint}")
            options["endpoint_override"] = parsed.netloc
            options["scheme"] = parsed.scheme or "https"
        fs = pafs.S3FileSystem(**options)
        _FS_CACHE[key] = fs
        return fs


def is_url(text: str | os.PathLike) -> bool:
    text = str(text)
    scheme = urlparse(text).scheme
    return "://" in text and len(scheme) > 1 and scheme != "file"


@dataclass(frozen=True)
class Location:
    """A store root: a filesystem and the base path inside it."""

    filesystem: pafs.FileSystem
    base: str  # no trailing slash
    scheme: str = ""  # "" for the local filesystem, else "s3", "gs", …

    # -- naming ------------------------------------------------------------------------
    @property
    def is_local(self) -> bool:
        return not self.scheme

    @property
    def url(self) -> str:
        """How the user names this store: an absolute local path or ``scheme://base``."""
        return self.base if self.is_local else f"{self.scheme}://{self.base}"

    def __str__(self) -> str:
        return self.url

    def join(self, *parts: str) -> str:
        return "/".join([self.base, *parts])

    def public(self, path: str) -> Path | str:
        """What callers see for a file: a ``Path`` on a local disk, a URL elsewhere."""
        return Path(path) if self.is_local else f"{self.scheme}://{path}"

    def relative(self, path: str) -> str:
        """``topic/date=…/name`` of a file below the base."""
        prefix = self.base.rstrip("/") + "/"
        if not path.startswith(prefix):
            raise ValueError(f"{path} is not inside the store {self.url}")
        return path[len(prefix):]

    # -- reading -----------------------------------------------------------------------
    def kind(self, path: str) -> pafs.FileType:
        return self.filesystem.get_file_info(path).type

    def is_dir(self, path: str | None = None) -> bool:
        return self.kind(path or self.base) == pafs.FileType.Directory

    def listdir(self, path: str) -> list[pafs.FileInfo]:
        """Direct children of ``path`` (empty if it does not exist)."""
        selector = pafs.FileSelector(path, allow_not_found=True, recursive=False)
        return self.filesystem.get_file_info(selector)

    def walk_files(self, path: str) -> list[str]:
        """Every file below ``path`` (one paginated LIST on object storage), sorted."""
        selector = pafs.FileSelector(path, allow_not_found=True, recursive=True)
        return sorted(i.path for i in self.filesystem.get_file_info(selector) if i.type == pafs.FileType.File)

    def read_bytes(self, path: str) -> bytes:
        with self.filesystem.open_input_stream(path) as handle:
            return handle.read()

    def sha256(self, path: str) -> str:
        digest = hashlib.sha256()
        with self.filesystem.open_input_stream(path) as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()

    # -- writing -----------------------------------------------------------------------
    def ensure_root(self) -> None:
        """Create the store folder on a local disk; object stores need no folders."""
        if self.is_local:
            Path(self.base).mkdir(parents=True, exist_ok=True)

    def put(self, path: str, payload: bytes) -> None:
        """Publish ``payload`` at ``path`` atomically (see the module doc)."""
        if self.is_local:
            put_local(Path(path), payload)
            return
        with self.filesystem.open_output_stream(path) as out:
            out.write(payload)

    def delete(self, path: str) -> None:
        try:
            self.filesystem.delete_file(path)
        except FileNotFoundError:
            pass

    def remove_dir_if_empty(self, path: str) -> None:
        """Local only: object stores have no empty folders to leave behind."""
        if self.is_local:
            try:
                os.rmdir(path)
            except OSError:
                pass


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def put_local(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def resolve(store: "str | os.PathLike | Location") -> Location:
    """The :class:`Location` of a store given as a local path, a URL, or a Location."""
    if isinstance(store, Location):
        return store
    text = os.fspath(store)
    if not is_url(text):
        if text.startswith("file://"):
            text = text[len("file://"):]
        return Location(pafs.LocalFileSystem(), str(Path(text).expanduser().resolve()))
    parsed = urlparse(text)
    scheme = parsed.scheme.lower()
    if scheme in ("s3", "s3a"):
        base = f"{parsed.netloc}{parsed.path}".rstrip("/")
        if not parsed.netloc:
            raise ValueError(f"store URL {text!r} names no bucket")
        return Location(s3_filesystem(), base, "s3")
    fs, base = pafs.FileSystem.from_uri(text)
    return Location(fs, base.rstrip("/"), scheme)


def normalize(store: "str | os.PathLike") -> "Path | str":
    """A store argument as commands keep it: a resolved ``Path`` or the URL as given."""
    text = os.fspath(store)
    return text.rstrip("/") if is_url(text) else Path(text).expanduser().resolve()


def resolve_file(path: "str | os.PathLike") -> tuple[pafs.FileSystem, str]:
    """Filesystem and inner path of one file named by a local path or a URL."""
    text = os.fspath(path)
    if not is_url(text):
        return pafs.LocalFileSystem(), text
    parsed = urlparse(text)
    if parsed.scheme.lower() in ("s3", "s3a"):
        return s3_filesystem(), f"{parsed.netloc}{parsed.path}"
    return pafs.FileSystem.from_uri(text)
