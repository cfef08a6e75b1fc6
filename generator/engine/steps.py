"""The steps of a check that the full run and the quick re-check share: load, validate, locate.

:mod:`generator.engine.checker` runs them over every file of a records folder (loading and locating in worker
processes when there are many files); :mod:`generator.engine.incremental` runs the same functions over the
few files that changed and the small model around them, so the two cannot read, parse, validate or place a
finding differently.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ConfigError
from generator.findings import finding as F
from generator.load import cache as parse_cache
from generator.load import instance_loader, layout, positions
from generator.load.instance_loader import LoadedFile
from generator.schema import loader as schema_loader
from generator.schema import validate

PARALLEL_MIN_FILES = 3000  # below this, starting worker processes costs more than it saves
PARALLEL_MIN_POSITIONS = 300  # files to read again for line numbers


# --- one file -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Read:
    """A record file as read: its content key (for the parse cache), its bytes and its identity (for the
    cache's file index)."""

    key: bytes
    raw: bytes
    identity: parse_cache.Identity


def read(records_dir: Path, rel: str) -> Read | F.Finding:
    """A file's content key, bytes and identity, or the finding that says why it cannot be read."""
    got = instance_loader.read_file_stat(records_dir, rel)
    if isinstance(got, F.Finding):
        return got
    raw, info = got
    return Read(parse_cache.digest(raw), raw, parse_cache.identity(info))


def read_again(records_dir: Path, rel: str, key: bytes) -> bytes | None:
    """A file's bytes when its content still has ``key`` (None: unreadable, or changed since it was listed)."""
    raw = instance_loader.read_file(records_dir, rel)
    if isinstance(raw, F.Finding) or parse_cache.digest(raw) != key:
        return None
    return raw


def parse(rel: str, raw: bytes) -> LoadedFile | None:
    """A placed record file's bytes as a :class:`LoadedFile` (None: the path is no record's place)."""
    place = instance_loader.place_of(rel)
    if isinstance(place, layout.Misplaced):
        return None
    return instance_loader.finish(rel, place, instance_loader.parse_bytes(raw, rel))


def valid_record(lf: LoadedFile, schemas: schema_loader.SchemaSet) -> bool:
    """Whether a loaded file is a record without errors of its own: it parsed and passes its schema."""
    return lf.ok and not any(f.severity is F.Severity.ERROR for f in lf.findings) and not validate.validate(lf, schemas)


def unread_id(place: layout.Place) -> tuple[str, str]:
    """The (kind, id) a record that could not be read would have had, from where its file is."""
    if place.kind == "plan":
        return ("plan", f"{place.folder}-{place.stem}")
    return (place.kind, place.stem)


# --- worker processes -----------------------------------------------------------------------------
# What a worker sends back for one file: (path, content key, key was in the cache, data or finding,
# the file's identity for the cache's file index when it was read).
_Outcome = tuple[str, bytes, bool, Any, parse_cache.Identity | None]
_known_in_worker: frozenset[bytes] = frozenset()  # set once per worker process by _start_worker


def _start_worker(known: frozenset[bytes]) -> None:
    global _known_in_worker  # each worker process's own copy: the content keys the parent has cached
    _known_in_worker = known


def _read_and_parse(records_dir: Path, rel: str, known: frozenset[bytes]) -> _Outcome:
    got = read(records_dir, rel)
    if isinstance(got, F.Finding):
        return (rel, b"", False, got, None)
    if got.key in known:
        return (rel, got.key, True, None, got.identity)
    return (rel, got.key, False, instance_loader.parse_bytes(got.raw, rel), got.identity)


def _load_chunk(task: tuple[Path, list[str]]) -> tuple[bytes, list[_Outcome]]:
    """A worker's share: parsed records as one ``marshal`` blob (several times cheaper to send than pickled
    dicts, on both sides), and the few files that gave a finding."""
    records_dir, rels = task
    outcomes = [_read_and_parse(records_dir, rel, _known_in_worker) for rel in rels]
    refused = [o for o in outcomes if isinstance(_data(o), F.Finding)]
    return marshal.dumps([o for o in outcomes if not isinstance(_data(o), F.Finding)]), refused


def _data(outcome: _Outcome) -> Any:
    _rel, _key, _hit, data, _ident = outcome
    return data


def _locate_chunk(task: tuple[Path, list[F.Finding]]) -> list[F.Finding]:
    records_dir, found = task
    return positions.resolve(found, records_dir)


class Workers:
    """Worker processes for the per-file work (parsing, locating findings), started only when it pays."""

    def __init__(self, jobs: int, known: frozenset[bytes] = frozenset()) -> None:
        self.jobs = jobs
        self.known = known
        self.pool: Any = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def worth_it(self, items: int, minimum: int) -> bool:
        """Whether ``items`` pieces of work are enough to share out (the workers are started then)."""
        if self.jobs <= 1 or items < minimum:
            return False
        if self.pool is None:
            # fork: the workers start at once and inherit what they need; spawn where fork does not exist
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            try:
                self.pool = context.Pool(processes=self.jobs, initializer=_start_worker, initargs=(self.known,))
            except (OSError, ImportError):  # no process or semaphore support here: do the work in this process
                self.jobs = 1
                return False
        return True

    def imap(self, func: Any, tasks: list[Any]) -> Iterator[Any]:
        """``func`` over ``tasks`` in the workers (after :meth:`worth_it` said yes), results in order."""
        return iter(self.pool.imap(func, tasks))


def _chunks(items: list[Any], parts: int, smallest: int, largest: int) -> list[list[Any]]:
    size = max(smallest, min(largest, len(items) // max(parts, 1) + 1))
    return [items[i:i + size] for i in range(0, len(items), size)]


# --- load -----------------------------------------------------------------------------------------
def _outcomes(records_dir: Path, rels: list[str], workers: Workers,
              cache: parse_cache.ParseCache | None) -> Iterator[_Outcome]:
    """Read and parse files (in no particular order); in the worker processes when there are many to parse.

    With a warm cache most files are unchanged: the cache's file index says so from ``lstat`` alone, and
    reading and hashing the rest here costs less than starting workers from a process that holds the whole
    cache, so only the changed files go to the workers, and only when there are many of them.
    """
    if cache is not None and cache.index:
        folder = os.fspath(records_dir)
        unknown = []
        for rel in rels:
            key = cache.unchanged(rel, os.path.join(folder, rel))
            if key is None:
                unknown.append(rel)
            else:
                yield (rel, key, True, None, None)
        rels = unknown
    if workers.known and workers.worth_it(len(rels), PARALLEL_MIN_FILES):
        changed: dict[str, Read] = {}
        for rel in rels:
            got = read(records_dir, rel)
            if isinstance(got, F.Finding):
                yield (rel, b"", False, got, None)
            elif got.key in workers.known:
                yield (rel, got.key, True, None, got.identity)
            else:
                changed[rel] = got
        if not workers.worth_it(len(changed), PARALLEL_MIN_FILES):
            for rel, got in changed.items():
                yield (rel, got.key, False, instance_loader.parse_bytes(got.raw, rel), got.identity)
            return
        rels = list(changed)
    elif not workers.worth_it(len(rels), PARALLEL_MIN_FILES):
        for rel in rels:
            yield _read_and_parse(records_dir, rel, workers.known)
        return
    tasks = [(records_dir, chunk) for chunk in _chunks(rels, workers.jobs * 8, 200, 2000)]
    for blob, refused in workers.imap(_load_chunk, tasks):
        yield from marshal.loads(blob)
        yield from refused


@dataclass(frozen=True)
class Loaded:
    """Every file of a records folder, loaded."""

    files: list[LoadedFile]  # in path order, then one without a path for ``discovered``
    keys: dict[str, bytes]  # path → content key, for files that could be read
    discovered: tuple[F.Finding, ...]  # files refused while listing


def load(records_dir: Path, workers: Workers, cache: parse_cache.ParseCache | None) -> Loaded:
    """List, read and parse every file of a records folder (through the parse cache when there is one)."""
    if not records_dir.is_dir():
        raise ConfigError(f"记录文件夹 {records_dir} 不存在；用 --records 指定记录文件夹")
    found = instance_loader.discover(records_dir)
    files: list[LoadedFile] = []
    places: dict[str, layout.Place] = {}
    for rel in found.paths:
        place = instance_loader.place_of(rel)
        if isinstance(place, layout.Misplaced):
            files.append(instance_loader.misplaced(rel, place))
        else:
            places[rel] = place
    keys: dict[str, bytes] = {}
    for rel, key, hit, outcome, ident in _outcomes(records_dir, list(places), workers, cache):
        if key:
            keys[rel] = key
            if ident is not None and cache is not None and not isinstance(outcome, F.Finding):
                cache.note_identity(rel, ident, key)
        if hit and cache is not None:  # workers only report keys the cache holds
            outcome = cache.parsed(key)
        elif cache is not None and key and not isinstance(outcome, F.Finding):
            cache.put(key, outcome)
        files.append(instance_loader.finish(rel, places[rel], outcome))
    files.sort(key=lambda lf: lf.path)
    if found.findings:
        files.append(LoadedFile("", None, None, found.findings))
    return Loaded(files, keys, found.findings)


# --- validate -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Validated:
    """What validating every loaded file gave."""

    valid: list[LoadedFile]  # records that passed their schema, without errors of their own
    invalid_ids: frozenset[tuple[str, str]]  # (kind, id) of records that are reported already
    settings_data: Any  # ``settings.yaml`` when it passed its schema, else None


def validate_all(loaded: Loaded, schemas: schema_loader.SchemaSet, cache: parse_cache.ParseCache | None,
                 out: list[F.Finding]) -> Validated:
    """Validate every loaded file against its schema (skipping what the cache knows to be valid), adding the
    findings to ``out``."""
    valid: list[LoadedFile] = []
    invalid_ids: set[tuple[str, str]] = set()
    settings_data = None
    for lf in loaded.files:
        if not lf.ok:
            if lf.place is not None:  # unreadable: reported once, and what refers to it is not "dangling"
                invalid_ids.add(unread_id(lf.place))
            continue
        key = loaded.keys.get(lf.path, b"")
        known_valid = cache.valid_kind(key) if cache is not None and key else None
        problems = [] if known_valid is not None and known_valid == lf.kind else validate.validate(lf, schemas)
        if cache is not None and key and not problems:
            cache.mark_valid(key, str(lf.kind))
        out += problems
        if lf.kind == "settings":
            settings_data = None if problems else lf.data
        elif problems:
            invalid_ids.add((str(lf.kind), validate.record_id(lf)))
        elif not any(f.severity is F.Severity.ERROR for f in lf.findings):
            valid.append(lf)
    return Validated(valid, frozenset(invalid_ids), settings_data)


# --- locate ---------------------------------------------------------------------------------------
Known = Callable[[F.Finding], "tuple[int, int] | None"]  # a finding's line and column where already known


def locate(found: list[F.Finding], records_dir: Path, known: Known,
           workers: Workers | None = None) -> tuple[list[F.Finding], list[int]]:
    """Line and column for findings that point into a record: ``known`` where it knows them, else by reading
    the file again (in the worker processes when there are many files to read).  Also gives the indices of
    the findings whose positions were read from the files (for a cache to remember)."""
    out = list(found)
    todo: list[int] = []
    for i, f in enumerate(out):
        if f.pointer is None or f.line != 0:
            continue
        where = known(f)
        if where is None:
            todo.append(i)
        else:
            out[i] = f.located(*where)
    by_file: dict[str, list[int]] = {}
    for i in todo:
        by_file.setdefault(out[i].path, []).append(i)
    if workers is None or not workers.worth_it(len(by_file), PARALLEL_MIN_POSITIONS):
        return positions.resolve(out, records_dir), todo
    groups = _chunks(list(by_file.values()), workers.jobs * 4, 50, 1000)
    tasks = [(records_dir, [out[i] for group in chunk for i in group]) for chunk in groups]
    for chunk, result in zip(groups, workers.imap(_locate_chunk, tasks), strict=True):
        for i, finding in zip((i for group in chunk for i in group), result, strict=True):
            out[i] = finding
    return out, todo
