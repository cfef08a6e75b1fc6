"""The check pipeline: discover → load → validate → resolve → rules → positions. It never prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator import findings as F
from generator import instance_loader, positions, resolve, rules, schema_loader, settings, validate
from generator.context import Context
from generator.model import Repository


class ConfigError(Exception):
    """A usage or configuration problem (exit code 2), with a Chinese message."""


@dataclass(frozen=True)
class CheckResult:
    """Everything a check run found, and the model it was run on."""

    findings: tuple[F.Finding, ...]
    repository: Repository
    context: Context
    files: int

    def count(self, severity: F.Severity) -> int:
        """How many findings have ``severity``."""
        return sum(1 for f in self.findings if f.severity is severity)

    def failed(self, fail_on: str = "error") -> bool:
        """Whether the run fails CI: any error, or also any warning with ``fail_on='warning'``."""
        worst = F.Severity(fail_on).rank
        return any(f.severity.rank <= worst for f in self.findings)


def _archived_files(records_dir: Path) -> frozenset[str]:
    base = records_dir / "files"
    if not base.is_dir():
        return frozenset()
    return frozenset(p.relative_to(records_dir).as_posix() for p in base.rglob("*") if p.is_file() and not p.is_symlink())


def load_records(records_dir: Path) -> list[instance_loader.LoadedFile]:
    """Parse every record file under ``records_dir`` (no validation)."""
    if not records_dir.is_dir():
        raise ConfigError(f"记录文件夹 {records_dir} 不存在；用 --records 指定记录文件夹")
    found = instance_loader.discover(records_dir)
    loaded = [instance_loader.load_file(records_dir, rel) for rel in found.paths]
    if found.findings:
        loaded.append(instance_loader.LoadedFile("", None, None, found.findings))
    return loaded


def check(records_dir: Path, as_of: dt.date, schemas: schema_loader.SchemaSet | None = None) -> CheckResult:
    """Run every check over a records folder as of a date."""
    try:
        schemas = schemas or schema_loader.load()
    except schema_loader.SchemaConfigError as exc:
        raise ConfigError(str(exc)) from exc
    loaded = load_records(records_dir)
    out: list[F.Finding] = [f for lf in loaded for f in lf.findings]
    valid: list[instance_loader.LoadedFile] = []
    invalid_ids: set[tuple[str, str]] = set()
    settings_data = None
    for lf in loaded:
        if not lf.ok:
            continue
        problems = validate.validate(lf, schemas)
        out += problems
        if lf.kind == "settings":
            settings_data = None if problems else lf.data
        elif problems:
            invalid_ids.add((str(lf.kind), validate.record_id(lf)))
        elif not any(f.severity is F.Severity.ERROR for f in lf.findings):
            valid.append(lf)
    ctx = Context(as_of, settings.from_data(settings_data))
    resolved = resolve.resolve(valid, _archived_files(records_dir), frozenset(invalid_ids))
    out += resolved.findings
    out += rules.run(resolved.repository, ctx)
    located = positions.resolve(out, records_dir)
    files = sum(1 for lf in loaded if lf.path)
    return CheckResult(tuple(F.sort_findings(located)), resolved.repository, ctx, files)
