"""Read record files: bytes → checked text → strict YAML → a :class:`LoadedFile`.

Reading never writes and never raises for bad input: every problem becomes a finding with the file, the
line and what to write instead.  Positions inside a record are not tracked here (that would slow the fast
path); :mod:`generator.positions` recovers them later for the few records that have findings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator import findings as F
from generator import layout, yamlsafe

MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class LoadedFile:
    """One file under ``records/``, parsed or not."""

    path: str  # relative to the records folder, forward slashes
    kind: str | None  # None when the file could not be placed or parsed
    data: Any
    findings: tuple[F.Finding, ...] = ()
    place: layout.Place | None = None

    @property
    def ok(self) -> bool:
        """True when the file parsed into a mapping and sits where its kind belongs."""
        return self.kind is not None and isinstance(self.data, dict)


@dataclass(frozen=True)
class Discovery:
    """The YAML files found under a records folder, and files that were refused outright."""

    paths: tuple[str, ...]
    findings: tuple[F.Finding, ...]


def discover(records_dir: Path) -> Discovery:
    """List record files in a stable order, without following symbolic links."""
    paths: list[str] = []
    refused: list[F.Finding] = []
    for dirpath, dirnames, filenames in os.walk(records_dir, followlinks=False):
        base = Path(dirpath)
        for name in sorted(dirnames):
            if (base / name).is_symlink():
                linked = (base / name).relative_to(records_dir).as_posix()
                refused.append(F.make("FILE-SYMLINK", linked, name=linked))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (base / d).is_symlink())
        for name in filenames:
            full = base / name
            rel = PurePosixPath(full.relative_to(records_dir).as_posix())
            if layout.is_ignored(rel):
                continue
            if full.is_symlink():
                refused.append(F.make("FILE-SYMLINK", str(rel), name=str(rel)))
                continue
            paths.append(str(rel))
    return Discovery(tuple(sorted(paths)), tuple(refused))


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode(raw: bytes, rel: str) -> str | F.Finding:
    """UTF-8 text of a file (a UTF-8 BOM is dropped), or the finding that says why it is not."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return F.make("FILE-ENCODING", rel, variant="utf16", line=1, column=1)
    if b"\x00" in raw:
        return F.make("FILE-ENCODING", rel, variant="binary", line=_line_of_offset(raw, raw.index(b"\x00")), column=1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of_offset(raw, exc.start)
        return F.make("FILE-ENCODING", rel, line=line, column=1)


def parse_text(text: str, rel: str) -> Any:
    """Parse record text strictly; a :class:`Finding` is returned in place of data on failure."""
    try:
        return yamlsafe.parse(text)
    except yamlsafe.YamlProblem as problem:
        params: dict[str, Any] = problem.param_dict()
        return F.make(problem.code, rel, line=problem.line + 1, column=problem.column + 1, **params)


def _identity_findings(rel: str, place: layout.Place, data: dict[str, Any]) -> list[F.Finding]:
    """The file name must say which record it holds."""
    out: list[F.Finding] = []
    if place.kind in ("org", "person", "talk"):
        rid = data.get("id")
        if isinstance(rid, str) and rid != place.stem:
            out.append(F.make("FILE-NAME", rel, record=rid, pointer=("id",), name=place.stem, id=rid,
                              expected=f"{rid}.yaml"))
    elif place.kind == "rectification":
        talk = data.get("talk")
        if isinstance(talk, str) and talk != place.stem:
            out.append(F.make("FILE-NAME", rel, record=place.stem, pointer=("talk",), name=place.stem, id=talk,
                              expected=f"{talk}.yaml"))
    elif place.kind == "plan":
        committee, year = data.get("committee"), data.get("year")
        if isinstance(committee, str) and committee != place.folder:
            out.append(F.make("REF-PLAN-PATH", rel, pointer=("committee",), field="committee（党委）",
                              value=committee, expected=place.folder))
        if isinstance(year, int) and str(year) != place.stem:
            out.append(F.make("REF-PLAN-PATH", rel, pointer=("year",), field="year（年份）",
                              value=str(year), expected=place.stem))
    return out


def load_file(records_dir: Path, rel: str, max_bytes: int = MAX_FILE_BYTES) -> LoadedFile:
    """Read and parse one file; never raises for bad content."""
    place = layout.place_of(PurePosixPath(rel))
    if isinstance(place, layout.Misplaced):
        return LoadedFile(rel, None, None, (F.make("FILE-LOCATION", rel, variant=place.variant, name=rel,
                                                   expected=place.expected),))
    full = records_dir / rel
    try:
        size = full.stat().st_size
        if size > max_bytes:
            return LoadedFile(rel, None, None, (F.make("FILE-TOO-LARGE", rel, size=size, limit=max_bytes),), place)
        raw = full.read_bytes()
    except OSError as exc:
        return LoadedFile(rel, None, None, (F.make("FILE-ENCODING", rel, variant="binary", line=0,
                                                   detail=exc.strerror or ""),), place)
    text = decode(raw, rel)
    if isinstance(text, F.Finding):
        return LoadedFile(rel, None, None, (text,), place)
    data = parse_text(text, rel)
    if isinstance(data, F.Finding):
        return LoadedFile(rel, None, None, (data,), place)
    if data is None:
        return LoadedFile(rel, None, None, (F.make("FILE-EMPTY", rel, line=1, column=1),), place)
    if not isinstance(data, dict):
        found = "列表" if isinstance(data, list) else f"“{data}”"
        return LoadedFile(rel, None, None, (F.make("FILE-NOT-MAPPING", rel, line=1, column=1, found=found),), place)
    return LoadedFile(rel, place.kind, data, tuple(_identity_findings(rel, place, data)), place)
