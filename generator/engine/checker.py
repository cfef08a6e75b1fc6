"""The check pipeline: discover → load → validate → resolve → rules → positions. It never prints.

The steps themselves (load, validate, locate; each shares many files out to forked processes) are in
:mod:`generator.engine.steps`, which the quick re-check uses too; this module runs them in order.

A province's repository holds about 100,000 records and CI checks it on every pull request, so loading (the
bulk of the work: reading and parsing YAML) runs in forked processes when there are many files, and an
optional parse cache (:mod:`generator.load.cache`) skips files whose content was parsed before.  Everything after
loading depends on the as-of date and on all records together: :func:`check` always runs it.
:func:`check_findings` (what ``talkdocs check`` prints) first tries :mod:`generator.engine.incremental`, which
works out again only what the records changed since the last check can change.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.engine import incremental, parallel, snapshot, steps
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


def _locate(found: list[F.Finding], records_dir: Path, keys: dict[str, bytes],
            cache: parse_cache.ParseCache | None, jobs: int) -> list[F.Finding]:
    """Line and column for findings that point into a record: from the cache where it knows them, else by
    reading the file again; the cache remembers what had to be read."""
    if cache is None:
        return steps.locate(found, records_dir, lambda f: None, jobs)[0]

    def known(f: F.Finding) -> tuple[int, int] | None:
        assert f.pointer is not None  # asked only for findings that point into a record
        return cache.position(keys[f.path], f.pointer) if f.path in keys else None

    located, read = steps.locate(found, records_dir, known, jobs)
    for i in read:
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

    ``jobs``: processes (this one included) for reading, parsing and locating findings (default: every core
    this process may use; small repositories are always done in this process).  ``cache_dir``: keep a parse cache there
    (see :mod:`generator.load.cache` and :func:`generator.load.cache.default_folder`); None: no cache, nothing is
    written anywhere.
    """
    try:
        schemas = schemas or schema_loader.load()
    except schema_loader.SchemaConfigError as exc:
        raise ConfigError(str(exc)) from exc
    cores = parallel.default_jobs() if jobs is None else jobs
    with _gc_paused() as freeze:
        cache = _open_cache(cache_dir, schemas, records_dir)
        loaded = steps.load(records_dir, cores, cache)
        per_file: list[F.Finding] = [f for lf in loaded.files for f in lf.findings]
        checked = steps.validate_all(loaded, schemas, cache, per_file)
        bad_settings = _settings_problems(records_dir, per_file, checked.settings_data)
        if bad_settings:
            raise SettingsError(records_dir, bad_settings)
        ctx = Context(as_of, settings.from_data(checked.settings_data))
        archived = instance_loader.archived_files(records_dir)
        resolved = resolve.resolve(checked.valid, archived, checked.invalid_ids)
        per_file += resolved.per_record
        per_body = [*resolved.links, *rules.run(resolved.repository, ctx)]
        located = _locate([*per_file, *per_body], records_dir, loaded.keys, cache, cores)
        if cache is not None:
            cache.save()
            snapshot.keep(cache, snapshot.FullRun(
                as_of, [lf for lf in loaded.files if lf.path], loaded.keys, loaded.discovered, archived,
                checked.settings_data, resolved.repository, located[:len(per_file)], located[len(per_file):]))
        files = sum(1 for lf in loaded.files if lf.path)
        freeze[0] = files >= steps.PARALLEL_MIN_FILES
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
