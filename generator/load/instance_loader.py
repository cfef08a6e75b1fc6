"""Read record files: bytes → checked text → strict YAML → a :class:`LoadedFile`.

Reading never writes and never raises for bad input: every problem becomes a finding with the file, the
line and what to write instead.  Positions inside a record are not tracked here (that would slow the fast
path); :mod:`generator.load.positions` recovers them later for the few records that have findings.

A province's repository holds some 100,000 files, so the per-file work is kept lean: one ``scandir`` walk,
one ``open``/``fstat``/``read`` per file, and a file's place in the layout worked out once per folder.  The
stages (:func:`read_file`, :func:`parse_bytes`, :func:`finish`) are separate so that the checker can run the
expensive middle one in worker processes and skip it for files whose content it has parsed before.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from generator.findings import finding as F
from generator.load import layout, yamlsafe

MAX_FILE_BYTES = 1024 * 1024
# Names Windows cannot check out: device names (with any extension), reserved characters, and names that
# end in a dot or a space (Windows drops those, so two files could collide).  Records are kept for years
# and read on Windows desktops too, so such a name is refused even on Linux.
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_WINDOWS_BAD_CHARS = frozenset('<>:"|?*\\') | frozenset(chr(i) for i in range(32))
_BAD_CHAR = re.compile(r'[<>:"|?*\\\x00-\x1f]')
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_YAML_SUFFIXES = (".yaml", ".yml")
_OS_ERRORS = {errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.ENAMETOOLONG: "路径过长",
              errno.EISDIR: "这是一个文件夹", errno.EIO: "磁盘读取错误"}


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


def display_name(name: str) -> str:
    """A path that is safe to print: undecodable bytes and control characters become U+FFFD."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(c if c.isprintable() else "\ufffd" for c in text)


def _suffix(name: str) -> str:
    """``PurePosixPath(name).suffix`` without building a path object."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


@lru_cache(maxsize=4096)
def _folder_ignores(folder: str, hidden: bool, suffix: str) -> bool:
    """:func:`layout.is_ignored` for any file of ``folder`` with this suffix (layout stays the one rule)."""
    name = ("." if hidden else "") + "x" + suffix
    return layout.is_ignored(PurePosixPath(f"{folder}/{name}" if folder else name))


def _is_ignored(folder: str, name: str) -> bool:
    return _folder_ignores(folder, name.startswith("."), _suffix(name))


@lru_cache(maxsize=4096)
def _folder_place(folder: str) -> layout.Place | layout.Misplaced:
    return layout.place_of(PurePosixPath(f"{folder}/x.yaml"))


def place_of(rel: str) -> layout.Place | layout.Misplaced:
    """:func:`layout.place_of` for a relative path string, worked out once per folder."""
    folder, _, name = rel.rpartition("/")
    plain = folder and "//" not in rel and not rel.startswith(("/", "./")) and "/./" not in rel
    if not plain or not name.endswith(".yaml") or len(name) <= len(".yaml"):
        return layout.place_of(PurePosixPath(rel))
    place = _folder_place(folder)
    return layout.Place(place.kind, name[: -len(".yaml")], place.folder) if isinstance(place, layout.Place) else place


def _name_ok(part: str) -> bool:
    return (part.isprintable() and not _BAD_CHAR.search(part) and not part.endswith((".", " "))
            and part.partition(".")[0].rstrip(" ").lower() not in WINDOWS_DEVICE_NAMES)


@lru_cache(maxsize=4096)
def _folder_ok(folder: str) -> bool:
    return all(_name_ok(part) for part in folder.split("/")) if folder else True


def _name_problem(rel: str) -> F.Finding | None:
    """A file name (or folder name) on the path that Windows could not check out, if any."""
    folder, _, name = rel.rpartition("/")
    if _name_ok(name) and _folder_ok(folder):
        return None
    for part in rel.split("/"):
        base = part.split(".", 1)[0].rstrip(" ").lower()
        if base in WINDOWS_DEVICE_NAMES:
            return F.make("FILE-NAME", rel, variant="reserved", name=part)
        if part.endswith((".", " ")) or any(c in _WINDOWS_BAD_CHARS for c in part) or not part.isprintable():
            return F.make("FILE-NAME", display_name(rel), variant="invalid", name=display_name(part),
                          expected=display_name(_clean_name(part)))
    return None


def _clean_name(part: str) -> str:
    """A suggestion for a refused name: lower case, bad characters as hyphens, no trailing dots or spaces."""
    kept = "".join("-" if c in _WINDOWS_BAD_CHARS or not c.isprintable() else c for c in part.lower())
    return kept.rstrip(". ") or "record.yaml"


def _looks_like_record(name: str) -> bool:
    """A name that would be a record but for trailing dots or spaces (``talk.yaml.``)."""
    return name.rstrip(". ") != name and name.rstrip(". ").lower().endswith(_YAML_SUFFIXES)


def discover(records_dir: Path) -> Discovery:
    """List record files in a stable order, without following symbolic links."""
    paths: list[str] = []
    refused: list[F.Finding] = []
    stack: list[tuple[str, str]] = [("", os.fspath(records_dir))]
    while stack:
        folder, full = stack.pop()
        try:
            with os.scandir(full) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:  # unreadable folder: skipped, as os.walk does
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not entry.name.isprintable():  # undecodable bytes or control characters: never used as a path
                looks = is_dir or entry.name.lower().endswith(_YAML_SUFFIXES)
                if looks and not entry.name.startswith(".") and not _is_ignored(folder, "x.yaml"):
                    refused.append(_name_problem(rel) or F.make("FILE-NAME", display_name(rel), variant="invalid",
                                                                name=display_name(rel), expected="record.yaml"))
                continue
            if is_dir:
                if entry.is_symlink():
                    refused.append(F.make("FILE-SYMLINK", display_name(rel), name=display_name(rel)))
                elif not entry.name.startswith("."):
                    stack.append((rel, entry.path))
                continue
            if _is_ignored(folder, entry.name):
                if _looks_like_record(entry.name) and not _is_ignored(folder, entry.name.rstrip(". ")):
                    refused.append(_name_problem(rel) or F.make("FILE-NAME", rel, variant="invalid", name=rel,
                                                                expected=entry.name.rstrip(". ")))
                continue
            if entry.is_symlink():
                refused.append(F.make("FILE-SYMLINK", display_name(rel), name=display_name(rel)))
                continue
            paths.append(rel)
    return Discovery(tuple(sorted(paths)), tuple(refused))


def archived_files(records_dir: Path) -> frozenset[str]:
    """Documents under ``records/files/`` (relative to the records folder), without following links."""
    out: list[str] = []
    for folder, _dirs, names in os.walk(records_dir / "files"):
        rel = Path(folder).relative_to(records_dir).as_posix()
        for name in names:
            full = os.path.join(folder, name)
            if os.path.isfile(full) and not os.path.islink(full):
                out.append(f"{rel}/{name}")
    return frozenset(out)


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


def parse_bytes(raw: bytes, rel: str) -> Any:
    """Decode and parse a file's bytes: the parsed data, or a :class:`Finding` saying why not."""
    text = decode(raw, rel)
    return text if isinstance(text, F.Finding) else parse_text(text, rel)


def _os_error(exc: OSError) -> str:
    return _OS_ERRORS.get(exc.errno or 0, f"系统错误 {exc.errno}（{exc.strerror}）")


def read_file(records_dir: Path, rel: str, max_bytes: int = MAX_FILE_BYTES) -> bytes | F.Finding:
    """A file's bytes, refused by size before it is read, and never through a link or from a pipe or device."""
    got = read_file_stat(records_dir, rel, max_bytes)
    return got if isinstance(got, F.Finding) else got[0]


def read_file_stat(records_dir: Path, rel: str,
                   max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, os.stat_result] | F.Finding:
    """Like :func:`read_file`, with the file's status as it was when it was read."""
    full = os.path.join(records_dir, rel)
    try:
        fd = os.open(full, _OPEN_FLAGS)
    except OSError as exc:
        if os.path.islink(full):  # replaced by a link since it was listed
            return F.make("FILE-SYMLINK", rel, name=rel)
        return F.make("FILE-ENCODING", rel, variant="unreadable", detail=_os_error(exc))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return F.make("FILE-ENCODING", rel, variant="unreadable", detail="不是普通文件（可能是管道或设备）")
        if info.st_size > max_bytes:
            return F.make("FILE-TOO-LARGE", rel, size=info.st_size, limit=max_bytes)
        data = os.read(fd, info.st_size + 1)
        if len(data) <= info.st_size:  # a short read of a regular file is its end: no second call needed
            return data, info
        chunks = [data]
        size = len(data)
        while chunk := os.read(fd, 65536):  # the file grew since fstat
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                return F.make("FILE-TOO-LARGE", rel, size=size, limit=max_bytes)
        return b"".join(chunks), os.fstat(fd)
    except OSError as exc:
        return F.make("FILE-ENCODING", rel, variant="unreadable", detail=_os_error(exc))
    finally:
        os.close(fd)


def _identity_findings(rel: str, place: layout.Place, data: dict[str, Any]) -> list[F.Finding]:
    """The file name must say which record it holds."""
    out: list[F.Finding] = []
    if place.kind in layout.ID_KINDS:
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


def finish(rel: str, place: layout.Place, outcome: Any) -> LoadedFile:
    """The :class:`LoadedFile` for what reading and parsing ``rel`` gave (data, or a finding)."""
    named = _name_problem(rel)
    early = (named,) if named else ()
    if isinstance(outcome, F.Finding):
        return LoadedFile(rel, None, None, (*early, outcome), place)
    if outcome is None:
        return LoadedFile(rel, None, None, (*early, F.make("FILE-EMPTY", rel, line=1, column=1)), place)
    if not isinstance(outcome, dict):
        found = "列表" if isinstance(outcome, list) else f"“{outcome}”"
        return LoadedFile(rel, None, None, (*early, F.make("FILE-NOT-MAPPING", rel, line=1, column=1, found=found)),
                          place)
    return LoadedFile(rel, place.kind, outcome, early or tuple(_identity_findings(rel, place, outcome)), place)


def misplaced(rel: str, place: layout.Misplaced) -> LoadedFile:
    """The :class:`LoadedFile` of a YAML file that is not where any record belongs."""
    return LoadedFile(rel, None, None, (F.make("FILE-LOCATION", rel, variant=place.variant, name=rel,
                                               expected=place.expected),))


def load_file(records_dir: Path, rel: str, max_bytes: int = MAX_FILE_BYTES) -> LoadedFile:
    """Read and parse one file; never raises for bad content."""
    place = place_of(rel)
    if isinstance(place, layout.Misplaced):
        return misplaced(rel, place)
    raw = read_file(records_dir, rel, max_bytes)
    return finish(rel, place, raw if isinstance(raw, F.Finding) else parse_bytes(raw, rel))
