"""The steps of a check that the full run and the quick re-check share: load, validate, locate.

:mod:`generator.engine.checker` runs them over every file of a records folder (loading and locating in forked
processes through :func:`generator.engine.parallel.split_map` when there are many files);
:mod:`generator.engine.incremental` runs the same functions over the few files that changed and the small model
around them, so the two cannot read, parse, validate or place a finding differently.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from generator.engine import parallel
from generator.errors import ConfigError
from generator.findings import finding as F
from generator.load import cache as parse_cache
from generator.load import instance_loader, layout, positions
from generator.load.instance_loader import LoadedFile
from generator.schema import loader as schema_loader
from generator.schema import validate

PARALLEL_MIN_FILES = 3000  # files to parse: below this, forking costs more than it saves
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


# --- shared out to forked processes ---------------------------------------------------------------
# What loading gives for one file: (path, content key, key was in the cache, data or finding, the file's
# identity for the cache's file index when it was read).
_Outcome = tuple[str, bytes, bool, Any, parse_cache.Identity | None]


def _read_and_parse(records_dir: Path, rel: str, known: frozenset[bytes]) -> _Outcome:
    got = read(records_dir, rel)
    if isinstance(got, F.Finding):
        return (rel, b"", False, got, None)
    if got.key in known:
        return (rel, got.key, True, None, got.identity)
    return (rel, got.key, False, instance_loader.parse_bytes(got.raw, rel), got.identity)


def _load_share(records_dir: Path, known: frozenset[bytes], home: int,
                rels: list[str]) -> tuple[bytes | list[_Outcome], list[_Outcome]]:
    """One share of the files to load: the parsed records, and the few files that gave a finding.  In a
    forked child (not process ``home``) the records go back as one ``marshal`` blob, several times cheaper
    to send than pickled dicts, on both sides; this process keeps them as they are."""
    outcomes = [_read_and_parse(records_dir, rel, known) for rel in rels]
    refused = [o for o in outcomes if isinstance(_data(o), F.Finding)]
    kept = [o for o in outcomes if not isinstance(_data(o), F.Finding)]
    return (kept if os.getpid() == home else marshal.dumps(kept)), refused


def _data(outcome: _Outcome) -> Any:
    _rel, _key, _hit, data, _ident = outcome
    return data


def _locate_share(records_dir: Path, out: list[F.Finding],
                  groups: list[list[int]]) -> list[tuple[int, F.Finding]]:
    """One share of the files to read again for line numbers: each finding's index and the finding, located."""
    indices = [i for group in groups for i in group]
    return list(zip(indices, positions.resolve([out[i] for i in indices], records_dir), strict=True))


# --- load -----------------------------------------------------------------------------------------
def _outcomes(records_dir: Path, rels: list[str], jobs: int,
              cache: parse_cache.ParseCache | None) -> Iterator[_Outcome]:
    """Read and parse files (in no particular order); in ``jobs`` forked processes when there are many to parse.

    With a warm cache most files are unchanged: the cache's file index says so from ``lstat`` alone, and
    reading and hashing the rest here costs less than forking a process that holds the whole cache, so only
    the changed files are shared out, and only when there are many of them.  A check whose files the index
    all knows starts no process at all.
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
    known = cache.known() if cache is not None and rels else frozenset()  # content keys the cache has parsed
    if known and parallel.worth_it(len(rels), jobs, PARALLEL_MIN_FILES):
        changed: dict[str, Read] = {}
        for rel in rels:
            got = read(records_dir, rel)
            if isinstance(got, F.Finding):
                yield (rel, b"", False, got, None)
            elif got.key in known:
                yield (rel, got.key, True, None, got.identity)
            else:
                changed[rel] = got
        if not parallel.worth_it(len(changed), jobs, PARALLEL_MIN_FILES):
            for rel, got in changed.items():
                yield (rel, got.key, False, instance_loader.parse_bytes(got.raw, rel), got.identity)
            return
        rels = list(changed)
    elif not parallel.worth_it(len(rels), jobs, PARALLEL_MIN_FILES):
        for rel in rels:
            yield _read_and_parse(records_dir, rel, known)
        return
    # the children inherit ``known`` (and everything else) from this process: nothing is pickled to them
    load_share = partial(_load_share, records_dir, known, os.getpid())
    for kept, refused in parallel.split_map(load_share, rels, jobs, minimum=PARALLEL_MIN_FILES):
        yield from (kept if isinstance(kept, list) else marshal.loads(kept))
        yield from refused


@dataclass(frozen=True)
class Loaded:
    """Every file of a records folder, loaded."""

    files: list[LoadedFile]  # in path order, then one without a path for ``discovered``
    keys: dict[str, bytes]  # path → content key, for files that could be read
    discovered: tuple[F.Finding, ...]  # files refused while listing


def load(records_dir: Path, jobs: int, cache: parse_cache.ParseCache | None) -> Loaded:
    """List, read and parse every file of a records folder (through the parse cache when there is one), in
    ``jobs`` processes when there are many files to parse."""
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
    for rel, key, hit, outcome, ident in _outcomes(records_dir, list(places), jobs, cache):
        if key:
            keys[rel] = key
            if ident is not None and cache is not None and not isinstance(outcome, F.Finding):
                cache.note_identity(rel, ident, key)
        if hit and cache is not None:  # only keys the cache holds are reported as hits
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
           jobs: int = 1) -> tuple[list[F.Finding], list[int]]:
    """Line and column for findings that point into a record: ``known`` where it knows them, else by reading
    the file again (in ``jobs`` forked processes when there are many files to read).  Also gives the indices
    of the findings whose positions were read from the files (for a cache to remember)."""
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
    if not parallel.worth_it(len(by_file), jobs, PARALLEL_MIN_POSITIONS):
        return positions.resolve(out, records_dir), todo
    shares = parallel.split_map(partial(_locate_share, records_dir, out), list(by_file.values()), jobs,
                                minimum=PARALLEL_MIN_POSITIONS)
    for share in shares:
        for i, finding in share:
            out[i] = finding
    return out, todo
