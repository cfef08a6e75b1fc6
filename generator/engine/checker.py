"""The check pipeline: discover → load → validate → resolve → rules → positions. It never prints.

A province's repository holds about 100,000 records and CI checks it on every pull request, so loading (the
bulk of the work: reading and parsing YAML) runs in worker processes when there are many files, and an
optional parse cache (:mod:`generator.load.cache`) skips files whose content was parsed before.  Everything after
loading depends on the as-of date and on all records together: :func:`check` always runs it.
:func:`check_findings` (what ``talkdocs check`` prints) first tries :mod:`generator.engine.incremental`, which
works out again only what the records changed since the last check can change.
"""

from __future__ import annotations

import datetime as dt
import gc
import marshal
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.engine import incremental, parallel
from generator.errors import ConfigError as ConfigError  # raised here; the site's builder still names it so
from generator.findings import finding as F
from generator.findings.verdict import Verdict
from generator.load import cache as parse_cache
from generator.load import instance_loader, layout, positions
from generator.model import resolve, settings
from generator.model.context import Context
from generator.model.repository import Repository
from generator.rules import registry as rules
from generator.schema import loader as schema_loader
from generator.schema import validate

PARALLEL_MIN_FILES = 3000  # below this, starting worker processes costs more than it saves
PARALLEL_MIN_POSITIONS = 300  # files to read again for line numbers


class SettingsError(ConfigError):
    """``settings.yaml`` says something that cannot be checked by: nothing is checked (exit code 2)."""

    def __init__(self, records_dir: Path, findings: list[F.Finding]) -> None:
        self.findings = tuple(F.sort_findings(findings))
        where = f"{records_dir.as_posix().rstrip('/')}/{layout.SETTINGS_FILE}"
        lines = [f"设置文件 {where} 有误，未按其检查任何记录；请先改正："]
        for f in self.findings:
            lines.append(f"  {where}:{f.line}:{f.column} {f.message}" if f.line else f"  {where} {f.message}")
            if f.hint:
                lines.append(f"      提示：{f.hint}")
        super().__init__("\n".join(lines))


def _settings_problems(records_dir: Path, findings: list[F.Finding], settings_data: Any) -> list[F.Finding]:
    """Errors in ``settings.yaml``: its own findings, and ``bodies`` that name no organization record."""
    out = [f for f in findings if f.path == layout.SETTINGS_FILE and f.severity is F.Severity.ERROR]
    for i, body in enumerate((settings_data or {}).get("bodies", [])):
        if not (records_dir / "orgs" / f"{body}.yaml").is_file():
            out.append(F.make("SETTINGS-UNKNOWN-BODY", layout.SETTINGS_FILE, pointer=("bodies", i), body=body))
    return positions.resolve(out, records_dir) if out else out


def read_settings(records_dir: Path) -> settings.Settings:
    """The settings of a records folder alone (for commands that need no records): the defaults when there is no
    ``settings.yaml``; :class:`SettingsError` when it has errors, as for a check."""
    if not (records_dir / layout.SETTINGS_FILE).is_file():
        return settings.Settings()
    loaded = instance_loader.load_file(records_dir, layout.SETTINGS_FILE)
    found = list(loaded.findings)
    if loaded.ok:
        try:
            found += validate.validate(loaded, schema_loader.load())
        except schema_loader.SchemaConfigError as exc:
            raise ConfigError(str(exc)) from exc
    problems = [f for f in found if f.severity is F.Severity.ERROR]
    if problems:
        raise SettingsError(records_dir, positions.resolve(problems, records_dir))
    return settings.from_data(loaded.data)


@dataclass(frozen=True)
class CheckResult(Verdict):
    """Everything a check run found, and the model it was run on."""

    repository: Repository
    record_paths: tuple[str, ...] = ()  # every record file that was read (relative to the records folder)

    def left_out(self) -> list[tuple[str, str]]:
        """Record files that are not in the model, each with why (its first error, or the record it needs).

        The site and the counts show only the model: a record with an error is left out, and so is one that
        refers to it.  ``settings.yaml`` is not a record of the model."""
        repo = self.repository
        kept = {r.path for group in (repo.orgs, repo.people, repo.plans, repo.talks, repo.rectifications)
                for r in group.values()}
        first: dict[str, str] = {}
        for f in self.findings:
            if f.severity is F.Severity.ERROR and f.path:
                first.setdefault(f.path, f"[{f.rule}] {f.message}")
        return [(path, first.get(path, "所引用的记录有错误，随之略去"))
                for path in self.record_paths if path not in kept and path != layout.SETTINGS_FILE]


@contextmanager
def _gc_paused() -> Iterator[list[bool]]:
    """Pause the cyclic garbage collector while a check builds its objects.

    Loading 100,000 records creates millions of small, acyclic objects; each collection then walks them all,
    which more than doubles the time of a large check.  Reference counting still frees everything.  Setting
    the yielded flag moves what exists at the end out of the collector's way for good (``gc.freeze``): after
    a large check, the first collection would otherwise walk every record once more.
    """
    enabled = gc.isenabled()
    freeze = [False]
    gc.disable()
    try:
        yield freeze
    finally:
        if freeze[0]:
            gc.freeze()
        if enabled:
            gc.enable()


# --- loading --------------------------------------------------------------------------------------
# What a worker sends back for one file: (path, content key, key was in the cache, data or finding,
# the file's identity for the cache's file index when it was read).
_Outcome = tuple[str, bytes, bool, Any, parse_cache.Identity | None]
_known_in_worker: frozenset[bytes] = frozenset()  # set once per worker process by _start_worker


def _start_worker(known: frozenset[bytes]) -> None:
    global _known_in_worker  # each worker process's own copy: the content keys the parent has cached
    _known_in_worker = known


def _read(records_dir: Path, rel: str) -> tuple[bytes, bytes, parse_cache.Identity] | F.Finding:
    """A file's content key, bytes and identity, or the finding that says why it cannot be read."""
    got = instance_loader.read_file_stat(records_dir, rel)
    if isinstance(got, F.Finding):
        return got
    raw, info = got
    return parse_cache.digest(raw), raw, parse_cache.identity(info)


def _read_and_parse(records_dir: Path, rel: str, known: frozenset[bytes]) -> _Outcome:
    got = _read(records_dir, rel)
    if isinstance(got, F.Finding):
        return (rel, b"", False, got, None)
    key, raw, ident = got
    if key in known:
        return (rel, key, True, None, ident)
    return (rel, key, False, instance_loader.parse_bytes(raw, rel), ident)


def _load_chunk(task: tuple[Path, list[str]]) -> tuple[bytes, list[_Outcome]]:
    """A worker's share: parsed records as one ``marshal`` blob (several times cheaper to send than pickled
    dicts, on both sides), and the few files that gave a finding."""
    records_dir, rels = task
    outcomes = [_read_and_parse(records_dir, rel, _known_in_worker) for rel in rels]
    plain = [o for o in outcomes if not isinstance(o[3], F.Finding)]
    return marshal.dumps(plain), [o for o in outcomes if isinstance(o[3], F.Finding)]


def _locate_chunk(task: tuple[Path, list[F.Finding]]) -> list[F.Finding]:
    records_dir, found = task
    return positions.resolve(found, records_dir)


class _Workers:
    """Worker processes for the per-file work (parsing, locating findings), started only when it pays."""

    def __init__(self, jobs: int, known: frozenset[bytes]) -> None:
        self.jobs = jobs
        self.known = known
        self.pool: Any = None

    def __enter__(self) -> _Workers:
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


def _outcomes(records_dir: Path, rels: list[str], workers: _Workers,
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
        changed: dict[str, tuple[bytes, bytes, parse_cache.Identity]] = {}
        for rel in rels:
            got = _read(records_dir, rel)
            if isinstance(got, F.Finding):
                yield (rel, b"", False, got, None)
            elif got[0] in workers.known:
                yield (rel, got[0], True, None, got[2])
            else:
                changed[rel] = got
        if not workers.worth_it(len(changed), PARALLEL_MIN_FILES):
            for rel, (key, raw, ident) in changed.items():
                yield (rel, key, False, instance_loader.parse_bytes(raw, rel), ident)
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
class _Loaded:
    files: list[instance_loader.LoadedFile]  # in path order, then one without a path for ``discovered``
    keys: dict[str, bytes]  # path → content key, for files that could be read
    discovered: tuple[F.Finding, ...]  # files refused while listing


def _load(records_dir: Path, workers: _Workers, cache: parse_cache.ParseCache | None) -> _Loaded:
    if not records_dir.is_dir():
        raise ConfigError(f"记录文件夹 {records_dir} 不存在；用 --records 指定记录文件夹")
    found = instance_loader.discover(records_dir)
    files: list[instance_loader.LoadedFile] = []
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
        if hit and cache is not None:
            entry = cache.get(key)
            assert entry is not None  # workers only report keys the cache holds, and entries are never removed
            outcome = entry[0]
        elif cache is not None and key and not isinstance(outcome, F.Finding):
            cache.put(key, outcome)
        files.append(instance_loader.finish(rel, places[rel], outcome))
    files.sort(key=lambda lf: lf.path)
    if found.findings:
        files.append(instance_loader.LoadedFile("", None, None, found.findings))
    return _Loaded(files, keys, found.findings)


# --- checking -------------------------------------------------------------------------------------
def _validate(loaded: _Loaded, schemas: schema_loader.SchemaSet, cache: parse_cache.ParseCache | None,
              out: list[F.Finding]) -> tuple[list[instance_loader.LoadedFile], set[tuple[str, str]], Any]:
    valid: list[instance_loader.LoadedFile] = []
    invalid_ids: set[tuple[str, str]] = set()
    settings_data = None
    for lf in loaded.files:
        if not lf.ok:
            if lf.place is not None:  # unreadable: reported once, and what refers to it is not "dangling"
                invalid_ids.add(_unread_id(lf.place))
            continue
        key = loaded.keys.get(lf.path, b"")
        entry = cache.get(key) if cache is not None and key else None
        problems = [] if entry is not None and entry[1] == lf.kind else validate.validate(lf, schemas)
        if cache is not None and key and not problems:
            cache.mark_valid(key, str(lf.kind))
        out += problems
        if lf.kind == "settings":
            settings_data = None if problems else lf.data
        elif problems:
            invalid_ids.add((str(lf.kind), validate.record_id(lf)))
        elif not any(f.severity is F.Severity.ERROR for f in lf.findings):
            valid.append(lf)
    return valid, invalid_ids, settings_data


def _unread_id(place: layout.Place) -> tuple[str, str]:
    """The (kind, id) a record that could not be read would have had, from where its file is."""
    if place.kind == "plan":
        return ("plan", f"{place.folder}-{place.stem}")
    return (place.kind, place.stem)


def _locate(found: list[F.Finding], records_dir: Path, keys: dict[str, bytes],
            cache: parse_cache.ParseCache | None, workers: _Workers) -> list[F.Finding]:
    """Line and column for findings that point into a record: from the cache where it knows them, else by
    reading the file again (in the worker processes when there are many files to read)."""
    out = list(found)
    todo: list[int] = []
    for i, f in enumerate(out):
        if f.pointer is None or f.line != 0:
            continue
        known = cache.position(keys[f.path], f.pointer) if cache is not None and f.path in keys else None
        if known is None:
            todo.append(i)
        else:
            out[i] = f.located(*known)
    by_file: dict[str, list[int]] = {}
    for i in todo:
        by_file.setdefault(out[i].path, []).append(i)
    if not workers.worth_it(len(by_file), PARALLEL_MIN_POSITIONS):
        located = positions.resolve(out, records_dir)
    else:
        located = out
        groups = _chunks(list(by_file.values()), workers.jobs * 4, 50, 1000)
        tasks = [(records_dir, [out[i] for group in chunk for i in group]) for chunk in groups]
        for chunk, result in zip(groups, workers.imap(_locate_chunk, tasks), strict=True):
            for i, finding in zip((i for group in chunk for i in group), result, strict=True):
                located[i] = finding
    if cache is None:
        return located
    for i in todo:
        f = located[i]
        if f.path in keys and f.pointer is not None:
            cache.remember_position(keys[f.path], f.pointer, f.line, f.column)
    return located


def _open_cache(cache_dir: Path | None, schemas: schema_loader.SchemaSet,
                records_dir: Path) -> parse_cache.ParseCache | None:
    if cache_dir is None:
        return None
    return parse_cache.ParseCache.open(cache_dir, parse_cache.namespace(schemas.schemas, records_dir), records_dir)


def check(records_dir: Path, as_of: dt.date, schemas: schema_loader.SchemaSet | None = None, *,
          jobs: int | None = None, cache_dir: Path | None = None) -> CheckResult:
    """Run every check over a records folder as of a date.

    ``jobs``: worker processes for reading, parsing and locating findings (default: every core this process
    may use; small repositories are always done in this process).  ``cache_dir``: keep a parse cache there
    (see :mod:`generator.load.cache` and :func:`generator.load.cache.default_folder`); None: no cache, nothing is
    written anywhere.
    """
    try:
        schemas = schemas or schema_loader.load()
    except schema_loader.SchemaConfigError as exc:
        raise ConfigError(str(exc)) from exc
    with ExitStack() as stack, _gc_paused() as freeze:
        cache = _open_cache(cache_dir, schemas, records_dir)
        workers = stack.enter_context(_Workers(parallel.default_jobs() if jobs is None else jobs,
                                               cache.known() if cache is not None else frozenset()))
        loaded = _load(records_dir, workers, cache)
        per_file: list[F.Finding] = [f for lf in loaded.files for f in lf.findings]
        valid, invalid_ids, settings_data = _validate(loaded, schemas, cache, per_file)
        bad_settings = _settings_problems(records_dir, per_file, settings_data)
        if bad_settings:
            raise SettingsError(records_dir, bad_settings)
        ctx = Context(as_of, settings.from_data(settings_data))
        archived = instance_loader.archived_files(records_dir)
        resolved = resolve.resolve(valid, archived, frozenset(invalid_ids))
        per_file += resolved.per_record
        per_body = [*resolved.links, *rules.run(resolved.repository, ctx)]
        located = _locate([*per_file, *per_body], records_dir, loaded.keys, cache, workers)
        if cache is not None:
            cache.save()
            incremental.keep(cache, incremental.FullRun(
                as_of, [lf for lf in loaded.files if lf.path], loaded.keys, loaded.discovered, archived,
                settings_data, resolved.repository, located[:len(per_file)], located[len(per_file):]))
        files = sum(1 for lf in loaded.files if lf.path)
        freeze[0] = files >= PARALLEL_MIN_FILES
        return CheckResult(findings=tuple(F.sort_findings(located)), files=files, context=ctx,
                           repository=resolved.repository,
                           record_paths=tuple(lf.path for lf in loaded.files if lf.path and lf.place is not None))


def check_findings(records_dir: Path, as_of: dt.date, *, jobs: int | None = None,
                   cache_dir: Path | None = None) -> Verdict:
    """The findings of :func:`check`, without the model: what ``talkdocs check`` prints.

    With a cache folder, the findings of the last check are kept there, and after a few records changed
    only what they can change is worked out again (:mod:`generator.engine.incremental`); otherwise, and whenever
    that cannot be done, this is the full check.
    """
    try:
        schemas = schema_loader.load()
    except schema_loader.SchemaConfigError as exc:
        raise ConfigError(str(exc)) from exc
    if cache_dir is not None and records_dir.is_dir():
        with _gc_paused():
            light = parse_cache.ParseCache.open(cache_dir, parse_cache.namespace(schemas.schemas, records_dir),
                                                records_dir, entries=False)
            try:
                quick = None if light is None else incremental.recheck(
                    records_dir, as_of, schemas, light, parallel.default_jobs() if jobs is None else jobs)
            except OSError:  # a file or the cache changed or went away while the quick way read it: the full
                quick = None  # check answers. Anything else is a defect, and must show rather than slow down.
        if quick is not None:
            return quick
    return check(records_dir, as_of, schemas, jobs=jobs, cache_dir=cache_dir)
