"""The parse cache: what a file's content parsed into, so an unchanged file is not parsed again.

Entries are keyed by the BLAKE2b hash of a file's bytes and hold only what depends on those bytes alone: the
parsed data, the record kind it was found valid for, and the line/column of places findings pointed at.
Nothing that depends on the as-of date, the settings or other records is kept in the entries.  The last
check's findings are kept beside them, as a signed snapshot (:meth:`ParseCache.write_snapshot`) that
:mod:`generator.engine.incremental` owns and checks against the as-of date, the settings and the tool's code.

To skip even reading a file that has not changed, the cache also keeps a file index, git-style: each
record file's path with its size, modification and change times and inode, and the content key it had.  A
file whose ``lstat`` still matches is taken as unchanged without being opened.  A file modified within two
seconds before the check started is not indexed ("racily clean" in git's words: a later change within the
same clock tick could keep its times), so it is read again next time.  ``ctime`` cannot be set by users,
so putting a modification time back does not fool the index.

What it holds (all of it readable by the user only, and safe to delete at any time): the parsed content of
every record file (confidential text included), the record kind each was valid for, line numbers of fields,
the file index (paths, sizes, times, inodes) and the last check's findings.  By default it lives in the
user's cache folder (:func:`default_folder`), never in the repository; a folder set with ``$TALKDOCS_CACHE``
inside a git work tree is used only when git ignores it (:func:`unsafe_place`).

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
import stat
import subprocess
import tempfile
import time
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
_INDEX_FILE = "file-index.bin"
_RACY_NS = 2_000_000_000  # files changed this shortly before a check began are not indexed

Identity = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode: how the file index knows a file
# The modules whose code decides what a file parses into: a change to any of them invalidates the cache.
_PARSING_MODULES = ("yamlsafe.py", "instance_loader.py", "cache.py", "layout.py")

Entry = list[Any]  # [data, kind it is schema-valid for or "", {pointer: [line, column]}]


def identity(info: os.stat_result) -> Identity:
    """What the file index compares to decide that a file has not changed."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def digest(raw: bytes) -> bytes:
    """The content key of a file."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def default_folder(records_dir: Path) -> Path:
    """``$TALKDOCS_CACHE``, else ``talkdocs/parse/`` in the user's cache folder (``$XDG_CACHE_HOME``, else
    ``~/.cache``): outside the repository, so that parsed record text (confidential parts included) is never
    committed with it.  One folder serves every repository: each records folder (by its absolute path) and
    tool version has its own namespace in it (:func:`namespace`)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    return _user_cache_home() / "talkdocs" / "parse"


def unsafe_place(folder: Path) -> Path | None:
    """The git work tree ``folder`` lies in when git would commit it (not ignored), else None.

    The cache holds what records parsed into, confidential text included: inside a work tree, ``git add -A``
    would take it.  A folder in no work tree, or one that git ignores there, is safe.  Without git to ask,
    a folder inside a work tree counts as unsafe."""
    full = Path(os.path.abspath(folder))
    top = next((p for p in (full, *full.parents) if (p / ".git").exists()), None)
    if top is None:
        return None
    probe = full / "x"  # check-ignore answers for paths; a file in the folder is ignored when the folder is
    try:
        done = subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-C", str(top),
                               "check-ignore", "-q", "--no-index", "--", str(probe)],
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return top
    return None if done.returncode == 0 else top


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
    index: dict[str, tuple[Identity, bytes]] = field(default_factory=dict)  # path → (identity, content key)
    index_used: dict[str, tuple[Identity, bytes]] = field(default_factory=dict)
    started_ns: int = field(default_factory=time.time_ns)
    index_only: bool = False  # opened without the parsed entries: only the file index and snapshots are used

    @classmethod
    def open(cls, base: Path, name: str, records_dir: Path, *, entries: bool = True) -> ParseCache | None:
        """The cache under ``base/name``; None when caching is not possible (then the check runs without it).

        ``entries=False`` reads the file index alone (a quick re-check needs no parsed records from here).
        A cache folder inside the records folder is refused: checking never writes under ``records/``.
        """
        if _inside(base, records_dir):
            return None
        key = _secret()
        if key is None:
            return None
        cache = cls(base / name, key, index_only=not entries)
        if entries:
            for shard in range(SHARDS):
                cache._read_shard(shard)
        cache._read_index()
        return cache

    def read_snapshot(self, name: str) -> Any:
        """A snapshot written with :meth:`write_snapshot` (None: missing, corrupt or not this user's)."""
        return self._read_tagged(self.folder / f"snapshot-{name}.bin")

    def write_snapshot(self, name: str, content: Any) -> None:
        """Keep ``content`` (plain data that :mod:`marshal` can write) signed, replacing the file atomically."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write_tagged(self.folder / f"snapshot-{name}.bin", content)
        except OSError:
            return  # a read-only or full disk: the next check does the full work

    def _read_tagged(self, path: Path) -> Any:
        """The marshalled content of a file this module wrote, or None when it is missing, corrupt or not ours."""
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        start = len(_MAGIC) + _TAG_BYTES
        payload = blob[start:]
        if blob[: len(_MAGIC)] != _MAGIC or not hmac.compare_digest(blob[len(_MAGIC):start], _tag(self.key, payload)):
            return None  # corrupt, truncated or not ours: ignored, and rewritten on save
        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return None

    def _read_index(self) -> None:
        index = self._read_tagged(self.folder / _INDEX_FILE)
        if isinstance(index, dict):
            self.index = index

    def _shard_path(self, shard: int) -> Path:
        return self.folder / f"shard-{shard:02x}.bin"

    def _read_shard(self, shard: int) -> None:
        entries = self._read_tagged(self._shard_path(shard))
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

    def parsed(self, key: bytes) -> Any:
        """The parsed data of a content key the cache holds (one of :meth:`known`; entries are never removed
        while a check runs)."""
        entry = self.get(key)
        assert entry is not None  # asked only for keys the cache said it holds
        return entry[0]

    def valid_kind(self, key: bytes) -> str | None:
        """The record kind whose schema the content passed ("": not known to be valid), None: no entry."""
        entry = self.get(key)
        return None if entry is None else str(entry[1])

    def unchanged(self, rel: str, full: str) -> bytes | None:
        """The content key of a file the index says is unchanged since it was read (None: read it)."""
        key = self.indexed_key(rel, full)
        if key is not None and key not in self.entries:
            del self.index_used[rel]
            return None
        return key

    def indexed_key(self, rel: str, full: str) -> bytes | None:
        """The content key the file index holds for a file whose ``lstat`` still matches (None: read it).

        Unlike :meth:`unchanged`, this does not ask whether the parsed entry is at hand: the caller compares
        the key with one it keeps elsewhere.
        """
        known = self.index.get(rel)
        if known is None:
            return None
        try:
            info = os.lstat(full)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or identity(info) != known[0]:
            return None
        self.index_used[rel] = known
        return known[1]

    def note_identity(self, rel: str, ident: Identity, key: bytes) -> None:
        """Index a file that was just read (unless it changed too recently to be told apart later)."""
        if max(ident[1], ident[2]) < self.started_ns - _RACY_NS:
            self.index_used[rel] = (ident, key)

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
        if self.index_only:  # the shards were not read: writing any would drop the entries it holds
            self.changed.clear()
        for key in self.entries.keys() - self.used:
            self.changed.add(self.shard_of(key))
        index_changed = self.index_used != self.index
        if not self.changed and not index_changed:
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
                self._write_tagged(self._shard_path(shard), entries)
            if index_changed:
                self._write_tagged(self.folder / _INDEX_FILE, self.index_used)
        except OSError:
            return  # a read-only or full disk: the next check simply parses again

    def _write_tagged(self, path: Path, content: Any) -> None:
        payload = marshal.dumps(content)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + _tag(self.key, payload) + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _drop_other_versions(self) -> None:
        """Remove the shards of other tool versions for this records folder (only files this module writes)."""
        for other in self.folder.parent.iterdir():
            if other == self.folder or not other.name.startswith("v") or other.is_symlink() or not other.is_dir():
                continue
            for shard in [*other.glob("shard-*.bin"), *other.glob("snapshot-*.bin"), other / _INDEX_FILE]:
                shard.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # not empty: someone put other files there
                other.rmdir()


def _pointer_key(pointer: Iterable[str | int]) -> str:
    """A pointer as a string key (marshal keeps dict keys of any type, but strings compare fastest)."""
    return json.dumps(list(pointer), ensure_ascii=False)
