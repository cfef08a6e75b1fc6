"""The parse cache: what a file's content parsed into, so an unchanged file is not parsed again.

Entries are keyed by the BLAKE2b hash of a file's bytes and hold only what depends on those bytes alone: the
parsed data, the record kind it was found valid for, and the line/column of places findings pointed at.
Nothing that depends on the as-of date, the settings or other records is cached: the rules always run.

The cache lives in one folder per records folder and tool version (``generator.__version__``, a hash of the
schemas and of the parsing code), so it is never trusted across versions.  It is split into shards that are
written atomically (a temporary file, then a rename) and only when they change.  Each shard carries a keyed
BLAKE2b tag: a shard that is corrupt, truncated, from another version or not written by this user (for
instance committed into the repository to hide a record's findings) fails the check and is ignored.  The key
is kept in the user's own cache folder, outside any repository.  Deleting the cache folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import marshal
import os
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import __version__

CACHE_ENV = "TALKDOCS_CACHE"
FORMAT = 1
SHARDS = 64
_MAGIC = b"TDCACHE1"
_TAG_BYTES = 32
_KEY_FILE = "cache-key"
# The modules whose code decides what a file parses into: a change to any of them invalidates the cache.
_PARSING_MODULES = ("yamlsafe.py", "instance_loader.py", "cache.py", "layout.py")

Entry = list[Any]  # [data, kind it is schema-valid for or "", {pointer: [line, column]}]


def digest(raw: bytes) -> bytes:
    """The content key of a file."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def default_folder(records_dir: Path) -> Path:
    """``$TALKDOCS_CACHE``, else ``.cache/talkdocs/`` in the folder that holds the records folder."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    return records_dir.absolute().parent / ".cache" / "talkdocs"


def _user_cache_home() -> Path:
    configured = os.environ.get("XDG_CACHE_HOME")
    return Path(configured) if configured else Path.home() / ".cache"


def _secret() -> bytes | None:
    """This user's cache key (created on first use), or None when there is nowhere to keep one."""
    path = _user_cache_home() / "talkdocs" / _KEY_FILE
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            return None
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
    except OSError:
        return None
    return key if len(key) == 32 else None  # a key being written by another process right now: skip this run


def _tag(key: bytes, payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_TAG_BYTES, key=key, person=b"talkdocs-cache").digest()


def namespace(schema_documents: Any, records_dir: Path) -> str:
    """``<records folder>/<version>``: the cache sub-folder for this records folder, tool version and schemas."""
    where = hashlib.blake2b(os.fsencode(records_dir.absolute()), digest_size=8).hexdigest()
    here = Path(__file__).parent
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{FORMAT}\0{__version__}\0{yaml.__version__}\0{yaml.__with_libyaml__}\0".encode())
    h.update(json.dumps(schema_documents, sort_keys=True, ensure_ascii=False).encode())
    for name in _PARSING_MODULES:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return f"r-{where}/v{FORMAT}-{h.hexdigest()}"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


@dataclass
class ParseCache:
    """The entries of one cache folder, loaded at the start of a check and saved at its end."""

    folder: Path
    key: bytes
    entries: dict[bytes, Entry] = field(default_factory=dict)
    used: set[bytes] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)  # shards to write

    @classmethod
    def open(cls, base: Path, name: str, records_dir: Path) -> ParseCache | None:
        """The cache under ``base/name``; None when caching is not possible (then the check runs without it).

        A cache folder inside the records folder is refused: checking never writes under ``records/``.
        """
        if _inside(base, records_dir):
            return None
        key = _secret()
        if key is None:
            return None
        cache = cls(base / name, key)
        for shard in range(SHARDS):
            cache._read_shard(shard)
        return cache

    def _shard_path(self, shard: int) -> Path:
        return self.folder / f"shard-{shard:02x}.bin"

    def _read_shard(self, shard: int) -> None:
        try:
            blob = self._shard_path(shard).read_bytes()
        except OSError:
            return
        start = len(_MAGIC) + _TAG_BYTES
        payload = blob[start:]
        if blob[: len(_MAGIC)] != _MAGIC or not hmac.compare_digest(blob[len(_MAGIC):start], _tag(self.key, payload)):
            return  # corrupt, truncated or not ours: ignored, and rewritten on save
        try:
            entries = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return
        if isinstance(entries, dict):
            self.entries.update(entries)

    @staticmethod
    def shard_of(key: bytes) -> int:
        """Which shard holds an entry."""
        return key[0] % SHARDS

    def known(self) -> frozenset[bytes]:
        """The content keys that have an entry."""
        return frozenset(self.entries)

    def get(self, key: bytes) -> Entry | None:
        """The entry for a content key (and remember it is still in use)."""
        entry = self.entries.get(key)
        if entry is not None:
            self.used.add(key)
        return entry

    def put(self, key: bytes, data: Any) -> None:
        """Remember what a content parsed into."""
        self.entries[key] = [data, "", {}]
        self.used.add(key)
        self.changed.add(self.shard_of(key))

    def mark_valid(self, key: bytes, kind: str) -> None:
        """Remember that the content is a schema-valid record of ``kind``."""
        entry = self.entries.get(key)
        if entry is not None and entry[1] != kind:
            entry[1] = kind
            self.changed.add(self.shard_of(key))

    def position(self, key: bytes, pointer: Iterable[str | int]) -> tuple[int, int] | None:
        """A remembered line and column for a pointer into the content."""
        entry = self.entries.get(key)
        found = entry[2].get(_pointer_key(pointer)) if entry is not None else None
        return (found[0], found[1]) if found else None

    def remember_position(self, key: bytes, pointer: Iterable[str | int], line: int, column: int) -> None:
        """Remember where a pointer into the content is."""
        entry = self.entries.get(key)
        if entry is not None:
            entry[2][_pointer_key(pointer)] = [line, column]
            self.changed.add(self.shard_of(key))

    def save(self) -> None:
        """Write the shards that changed, dropping entries no file uses any more; errors leave the cache as is."""
        for key in self.entries.keys() - self.used:
            self.changed.add(self.shard_of(key))
        if not self.changed:
            return
        shards: dict[int, dict[bytes, Entry]] = {s: {} for s in self.changed}
        for key in self.used:
            shard = self.shard_of(key)
            if shard in shards:
                shards[shard][key] = self.entries[key]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._drop_other_versions()
            for shard, entries in sorted(shards.items()):
                self._write_shard(shard, entries)
        except OSError:
            return  # a read-only or full disk: the next check simply parses again

    def _write_shard(self, shard: int, entries: dict[bytes, Entry]) -> None:
        payload = marshal.dumps(entries)
        fd, tmp = tempfile.mkstemp(prefix=".shard-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + _tag(self.key, payload) + payload)
            os.replace(tmp, self._shard_path(shard))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _drop_other_versions(self) -> None:
        """Remove the shards of other tool versions for this records folder (only files this module writes)."""
        for other in self.folder.parent.iterdir():
            if other == self.folder or not other.name.startswith("v") or other.is_symlink() or not other.is_dir():
                continue
            for shard in other.glob("shard-*.bin"):
                shard.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # not empty: someone put other files there
                other.rmdir()


def _pointer_key(pointer: Iterable[str | int]) -> str:
    """A pointer as a string key (marshal keeps dict keys of any type, but strings compare fastest)."""
    return json.dumps(list(pointer), ensure_ascii=False)
