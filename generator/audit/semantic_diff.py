"""What changed between two versions of a record, field by field, and between two sets of record files.

A reviewer wants to read "``steps[2].summary``: old → new", not a text diff.  Both versions are read through the
same safe loader as ``talkdocs check`` (:func:`load`: bytes and a path in, a :class:`LoadedFile` out), whether
they come from a git blob or from the working tree, so the history and the working tree can never disagree on
what a file means.

Field paths: mapping keys joined with ``.``, list positions as ``[n]`` (counted from 0, as in the JSON output),
and items of a list whose items all carry a distinct ``id`` (problems, measures, plan items) as ``[id=q1]``.
Such lists are matched by id, so inserting an item does not report every later one as changed; other lists
are aligned item by item (:class:`difflib.SequenceMatcher`), so an inserted step or material is one addition.

A change inside a confidential record or list item (``confidential: true`` in either version) is marked
``confidential``; the commands show it without its values unless asked for the full audience.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any, Protocol

from generator.findings import finding as F
from generator.load import instance_loader, layout
from generator.load.instance_loader import LoadedFile
from generator.schema.validate import field_path

Pointer = tuple[str | int, ...]
RENAME_SIMILARITY = 0.5  # as git's default: at least half of the fields kept
_RENAME_PAIRS_MAX = 250_000  # beyond this many removed × added pairs, only exact renames are looked for
class Absent(enum.Enum):
    """The value of a field that is not there (``None`` is a value: ``key: null``)."""

    ABSENT = "absent"


ABSENT = Absent.ABSENT


@dataclass(frozen=True)
class IdKey:
    """A list item found by its ``id``."""

    value: str

    def __str__(self) -> str:
        return f"id={self.value}"  # how schema.validate.field_path writes it: [id=q1]


Segment = str | int | IdKey


@dataclass(frozen=True)
class FieldChange:
    """One field that was added, removed or changed."""

    field: str  # e.g. ``steps[2].summary``, ``problems[id=q1].text``
    change: str  # added | removed | changed
    old: Any  # ABSENT when added
    new: Any  # ABSENT when removed
    confidential: bool = False
    pointer: Pointer = ()  # where it is in the new version (in the old one when removed)


@dataclass(frozen=True)
class RecordDiff:
    """How one record file differs between two revisions."""

    status: str  # added | removed | renamed | changed
    path: str  # relative to the records folder: the new path (the old one when removed)
    old_path: str | None  # None when added
    kind: str  # org | person | plan | talk | rectification | settings
    record: str  # the record's id as its path gives it (plans: committee/year)
    confidential: bool = False  # confidential in either version
    changes: tuple[FieldChange, ...] = ()
    problem: str = ""  # why a version could not be compared (it does not parse), in Chinese
    old_status: str = ""  # the record's ``status`` field (draft | final) in each version, "" when none
    new_status: str = ""

    @property
    def format_only(self) -> bool:
        """The bytes changed but no field did (comments, quoting, order of keys)."""
        return self.status == "changed" and not self.changes and not self.problem


class Snapshot(Protocol):
    """The record files of one revision (a commit, or the working tree)."""

    def keys(self) -> Mapping[str, str | None]:
        """Path → an identity of the content (a git blob id), ``None`` when unknown (always compared)."""

    def read(self, paths: Sequence[str]) -> Mapping[str, bytes | F.Finding]:
        """The contents of ``paths``, read together (one git process for a commit)."""


# --- loading --------------------------------------------------------------------------------------------
def is_record_path(rel: str) -> bool:
    """A path where a record (or the settings file) belongs; archived documents and stray files are not."""
    from pathlib import PurePosixPath

    if layout.is_ignored(PurePosixPath(rel)):
        return False
    return isinstance(instance_loader.place_of(rel), layout.Place)


def load(raw: bytes | F.Finding, rel: str, max_bytes: int = instance_loader.MAX_FILE_BYTES) -> LoadedFile:
    """Bytes of a record file (from git or from disk) → :class:`LoadedFile`, exactly as ``check`` reads them."""
    place = instance_loader.place_of(rel)
    if isinstance(place, layout.Misplaced):
        return instance_loader.misplaced(rel, place)
    if isinstance(raw, F.Finding):
        return instance_loader.finish(rel, place, raw)
    if len(raw) > max_bytes:
        return instance_loader.finish(rel, place, F.make("FILE-TOO-LARGE", rel, size=len(raw), limit=max_bytes))
    return instance_loader.finish(rel, place, instance_loader.parse_bytes(raw, rel))


def record_of(rel: str) -> tuple[str, str]:
    """(kind, record id) that a record path names."""
    place = instance_loader.place_of(rel)
    if not isinstance(place, layout.Place):
        return "", rel
    if place.kind == "plan":
        return place.kind, f"{place.folder}/{place.stem}"
    return place.kind, place.stem


# --- values ---------------------------------------------------------------------------------------------
def same(a: Any, b: Any) -> bool:
    """Equal as YAML values: ``1``, ``1.0`` and ``true`` differ; key order does not matter."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _canon(value: Any) -> Any:
    """A hashable stand-in for a value, equal exactly when :func:`same` holds."""
    if isinstance(value, dict):
        return ("map", tuple(sorted((k, _canon(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("seq", tuple(_canon(v) for v in value))
    return (type(value).__name__, value)


def _is_confidential(value: Any) -> bool:
    return isinstance(value, dict) and value.get("confidential") is True


def _keyed(items: list[Any]) -> bool:
    """Every item is a mapping with a distinct text ``id``."""
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    return all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids)


class _Differ:
    """Collects the changes between two values, depth first, in the new version's order."""

    def __init__(self) -> None:
        self.out: list[FieldChange] = []

    def value(self, old: Any, new: Any, path: tuple[Segment, ...], pointer: Pointer, hidden: bool) -> None:
        # ``==`` (at C speed) rules out most differences at once; :func:`same` then only walks equal subtrees,
        # to tell ``1`` from ``true`` and ``1.0``.
        if old == new and same(old, new):
            return
        if isinstance(old, dict) and isinstance(new, dict):
            for key in [*new, *(k for k in old if k not in new)]:
                self.value(old.get(key, ABSENT), new.get(key, ABSENT), (*path, key), (*pointer, key), hidden)
        elif isinstance(old, list) and isinstance(new, list):
            if _keyed(old) and _keyed(new):
                self.by_id(old, new, path, pointer, hidden)
            else:
                self.by_position(old, new, path, pointer, hidden)
        else:
            self.leaf(old, new, path, pointer, hidden)

    def leaf(self, old: Any, new: Any, path: tuple[Segment, ...], pointer: Pointer, hidden: bool) -> None:
        change = "added" if old is ABSENT else "removed" if new is ABSENT else "changed"
        self.out.append(FieldChange(field_path(path), change, old, new, hidden, pointer))

    def item(self, old: Any, new: Any, path: tuple[Segment, ...], pointer: Pointer, hidden: bool) -> None:
        hidden = hidden or _is_confidential(old) or _is_confidential(new)
        if old is ABSENT or new is ABSENT:
            self.leaf(old, new, path, pointer, hidden)
        else:
            self.value(old, new, path, pointer, hidden)

    def by_id(self, old: list[Any], new: list[Any], path: tuple[Segment, ...], pointer: Pointer,
              hidden: bool) -> None:
        before = {item["id"]: (i, item) for i, item in enumerate(old)}
        kept = set()
        for j, item in enumerate(new):
            kept.add(item["id"])
            _i, was = before.get(item["id"], (j, ABSENT))
            self.item(was, item, (*path, IdKey(item["id"])), (*pointer, j), hidden)
        for i, item in enumerate(old):
            if item["id"] not in kept:
                self.item(item, ABSENT, (*path, IdKey(item["id"])), (*pointer, i), hidden)

    def by_position(self, old: list[Any], new: list[Any], path: tuple[Segment, ...], pointer: Pointer,
                    hidden: bool) -> None:
        matcher = SequenceMatcher(None, [_canon(x) for x in old], [_canon(x) for x in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            paired = min(i2 - i1, j2 - j1)
            for k in range(paired):  # replaced items: compared field by field, named by their new place
                self.item(old[i1 + k], new[j1 + k], (*path, j1 + k), (*pointer, j1 + k), hidden)
            for k in range(i1 + paired, i2):
                self.item(old[k], ABSENT, (*path, k), (*pointer, k), hidden)
            for k in range(j1 + paired, j2):
                self.item(ABSENT, new[k], (*path, k), (*pointer, k), hidden)


def diff_data(old: Any, new: Any, confidential: bool = False) -> tuple[FieldChange, ...]:
    """The field-level changes from ``old`` to ``new`` (parsed records); all hidden when ``confidential``."""
    differ = _Differ()
    differ.value(old, new, (), (), confidential)
    return tuple(differ.out)


# --- one record -----------------------------------------------------------------------------------------
def _status_field(loaded: LoadedFile | None) -> str:
    if loaded is None or not loaded.ok:
        return ""
    status = loaded.data.get("status")
    return status if isinstance(status, str) else ""


def _problem_text(which: str, loaded: LoadedFile) -> str:
    finding = loaded.findings[0] if loaded.findings else None
    if finding is None:
        return f"{which}无法读取"
    where = f"第 {finding.line} 行：" if finding.line else ""
    return f"{which}无法读取（{where}{finding.message}）"


def record_diff(old_path: str | None, new_path: str | None, before: LoadedFile | None = None,
                after: LoadedFile | None = None) -> RecordDiff:
    """How one record file changed from ``old_path`` to ``new_path`` (``None``: the file was added/removed).

    ``before``/``after`` are the loaded versions; field changes are listed only when both are given (the history
    does not read a file that was only added or removed).
    """
    path = new_path if new_path is not None else old_path
    if path is None:
        raise ValueError("record_diff needs at least one path")
    kind, record = record_of(path)
    if old_path is None:
        status = "added"
    elif new_path is None:
        status = "removed"
    else:
        status = "changed" if old_path == new_path else "renamed"
    hidden = any(f is not None and f.ok and f.data.get("confidential") is True for f in (before, after))
    problem = ""
    changes: tuple[FieldChange, ...] = ()
    if before is not None and after is not None:
        if not before.ok:
            problem = _problem_text("旧版本", before)
        elif not after.ok:
            problem = _problem_text("新版本", after)
        else:
            try:
                changes = diff_data(before.data, after.data, hidden)
            except (RecursionError, ValueError, TypeError):  # a hostile old version must not stop the history
                problem = "两个版本无法逐项比较"
    return RecordDiff(status, path, old_path, kind, record, hidden, changes, problem, _status_field(before),
                      _status_field(after))


# --- two sets of files ----------------------------------------------------------------------------------
def _same_bytes(a: bytes | F.Finding, b: bytes | F.Finding) -> bool:
    """Equal files, also when one was checked out with Windows line ends (``core.autocrlf``)."""
    if isinstance(a, F.Finding) or isinstance(b, F.Finding):
        return False
    return a == b or a.replace(b"\r\n", b"\n") == b.replace(b"\r\n", b"\n")


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterable[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield (*path, _canon(value))


def similarity(a: LoadedFile, b: LoadedFile) -> float:
    """The share of fields (path and value) two parsed records have in common, 0 to 1."""
    if not (a.ok and b.ok):
        return 0.0
    left, right = set(_leaves(a.data)), set(_leaves(b.data))
    return len(left & right) / max(len(left), len(right), 1)


def _pair_renames(removed: Mapping[str, bytes | F.Finding], added: Mapping[str, bytes | F.Finding]
                  ) -> list[tuple[str, str]]:
    """(old path, new path) of files that moved: same kind, and the same bytes or mostly the same fields."""
    pairs: list[tuple[str, str]] = []
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    kinds = {p: record_of(p)[0] for p in [*removed, *added]}
    for old, old_raw in removed.items():  # identical content first
        for new, new_raw in added.items():
            if new not in taken_new and kinds[old] == kinds[new] and _same_bytes(old_raw, new_raw):
                pairs.append((old, new))
                taken_old.add(old)
                taken_new.add(new)
                break
    rest_old = [p for p in removed if p not in taken_old]
    rest_new = [p for p in added if p not in taken_new]
    if not rest_old or not rest_new or len(rest_old) * len(rest_new) > _RENAME_PAIRS_MAX:
        return pairs
    loaded = {p: load(raw, p) for p, raw in [*((p, removed[p]) for p in rest_old), *((p, added[p]) for p in rest_new)]}
    scored = sorted(((similarity(loaded[o], loaded[n]), o, n) for o in rest_old for n in rest_new
                     if kinds[o] == kinds[n]), key=lambda t: (-t[0], t[1], t[2]))
    for score, old, new in scored:
        if score >= RENAME_SIMILARITY and old not in taken_old and new not in taken_new:
            pairs.append((old, new))
            taken_old.add(old)
            taken_new.add(new)
    return pairs


def _one_sided(path: str, loaded: LoadedFile, removed: bool) -> RecordDiff:
    """An added or removed record, with its confidentiality and status (but no field list)."""
    base = record_diff(path if removed else None, None if removed else path)
    hidden = loaded.ok and loaded.data.get("confidential") is True
    status = _status_field(loaded)
    if removed:
        return replace(base, confidential=hidden, old_status=status)
    return replace(base, confidential=hidden, new_status=status)


def compare(old: Snapshot, new: Snapshot) -> tuple[RecordDiff, ...]:
    """Every record added, removed, renamed or changed from ``old`` to ``new``, sorted by path."""
    old_keys, new_keys = old.keys(), new.keys()
    common = [p for p in old_keys if p in new_keys and (old_keys[p] is None or old_keys[p] != new_keys[p])]
    gone = [p for p in old_keys if p not in new_keys]
    came = [p for p in new_keys if p not in old_keys]
    old_raw = old.read([*common, *gone])
    new_raw = new.read([*common, *came])
    diffs: list[RecordDiff] = []
    for path in common:
        if not _same_bytes(old_raw[path], new_raw[path]):
            diffs.append(record_diff(path, path, load(old_raw[path], path), load(new_raw[path], path)))
    pairs = _pair_renames({p: old_raw[p] for p in gone}, {p: new_raw[p] for p in came})
    moved_old = {o for o, _n in pairs}
    moved_new = {n for _o, n in pairs}
    for o, n in pairs:
        diffs.append(record_diff(o, n, load(old_raw[o], o), load(new_raw[n], n)))
    # Added and removed records are read too: whether they are confidential, and final, is worth knowing.
    diffs.extend(_one_sided(p, load(old_raw[p], p), removed=True) for p in gone if p not in moved_old)
    diffs.extend(_one_sided(p, load(new_raw[p], p), removed=False) for p in came if p not in moved_new)
    return tuple(sorted(diffs, key=lambda d: (d.path, d.old_path or "")))
