"""What a full check keeps for the quick re-check (:mod:`generator.engine.incremental`): the snapshot.

A full check with a cache folder leaves a snapshot there (:func:`keep`): each record file's content key, kind,
id and references (:class:`FileInfo`), whether it made it into the model, and the findings, split in two:

* findings about one file alone (reading it, its schema, its own references given the ids of all the others),
  kept under the file's path;
* findings of the Measures' rules and of the links between a talk, its plan and its rectification, kept
  under the body (党委/党组) whose work they judge (:func:`body_of`).

The snapshot is plain data (:mod:`marshal` writes it), signed by the cache and tied to this tool's own code
(:func:`code_key`), so findings kept by one build of talkdocs are never given by another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from generator.findings import finding as F
from generator.load import cache as parse_cache
from generator.load.instance_loader import LoadedFile
from generator.model import resolve
from generator.model.repository import Repository
from generator.rules.table import COVERAGE_RULES
from generator.schema import validate

SNAPSHOT = "last-check"
_FORMAT = 1

Ref = tuple[str, str, str]  # field, kind of the target, target id
Dumped = tuple[Any, ...]  # a finding as the snapshot keeps it (see dump)


class FileInfo(NamedTuple):
    """What the snapshot keeps of one listed file (on disk as a plain tuple: :mod:`marshal` writes no other)."""

    key: bytes  # content key; b"" for a file that is never read (misplaced)
    kind: str
    id: str
    refs: tuple[Ref, ...]
    in_model: bool

    def plain(self) -> tuple[Any, ...]:
        """The tuple the snapshot writes."""
        return tuple(self)


def dump(f: F.Finding) -> Dumped:
    return (f.rule, f.severity.value, f.path, f.message, f.hint, f.record, f.line, f.column, f.pointer, f.article,
            f.days, f.data)


def undump(t: Dumped) -> F.Finding:
    return F.Finding(t[0], F.Severity(t[1]), *t[2:])


def references(lf: LoadedFile) -> tuple[Ref, ...]:
    """The references of a schema-valid record, as (field, kind, target)."""
    return tuple((str(r.pointer[0]), r.kind, r.target) for r in resolve.references(str(lf.kind), lf.data))


def code_key() -> bytes:
    """A hash of this tool's own code: findings kept by one build of it are never given by another.

    The parse cache's folder is named for the tool version and the parsing code only; the findings also
    depend on the rules, their wording and everything they use, which can change without a new version
    number (a development checkout, a patched installation).
    """
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent.parent  # all of generator/, every stage
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.digest()


def names_key(names: Iterable[str]) -> bytes:
    return hashlib.blake2b("\0".join(sorted(names)).encode(), digest_size=16).digest()


def paths_in(repo: Repository) -> set[str]:
    """The files of the records that made it into the model."""
    return {x.path for group in (repo.orgs, repo.people, repo.plans, repo.talks, repo.rectifications)
            for x in group.values()}


def owners(repo: Repository) -> dict[str, str]:
    """The body whose work each talk, rectification and plan file records, by path."""
    out = {t.path: t.committee for t in repo.talks.values()}
    out.update({r.path: repo.talks[r.talk].committee for r in repo.rectifications.values() if r.talk in repo.talks})
    out.update({p.path: p.committee for p in repo.plans.values()})
    return out


def body_of(finding: F.Finding, repo: Repository, owner: dict[str, str]) -> str | None:
    """The body whose work a rule's finding judges (None: none could be told)."""
    if finding.rule in COVERAGE_RULES:  # a row of the body's coverage matrix: one of its lower-level orgs
        org = repo.orgs.get(finding.record)
        return org.parent if org is not None else None
    if finding.path in owner:
        return owner[finding.path]
    org = repo.orgs.get(finding.record)
    return org.id if org is not None and org.path == finding.path else None  # about the body itself


@dataclass(frozen=True)
class FullRun:
    """What a full check hands over to be kept."""

    as_of: dt.date
    files: list[LoadedFile]  # every listed file (placed or not), in path order
    keys: dict[str, bytes]
    discovered: tuple[F.Finding, ...]  # files refused while listing
    archived: frozenset[str]
    settings_data: Any
    repository: Repository
    per_file: list[F.Finding]  # located
    per_body: list[F.Finding]  # located


def keep(cache: parse_cache.ParseCache, run: FullRun) -> None:
    """Write the snapshot of a full check (an empty one when a file could not be read, or some finding
    cannot be put under a file or a body: then the next check is a full one too)."""
    snap = _snapshot(run)
    cache.write_snapshot(SNAPSHOT, snap if snap is not None else {})


def _snapshot(run: FullRun) -> dict[str, Any] | None:
    repo = run.repository
    in_model = paths_in(repo)
    files: dict[str, tuple[Any, ...]] = {}
    for lf in run.files:
        key = run.keys.get(lf.path, b"")
        if not key and lf.place is not None:
            return None  # a file that could not be read: its state cannot be compared next time
        good = lf.path in in_model
        files[lf.path] = FileInfo(key, str(lf.kind or ""), validate.record_id(lf) if lf.ok else "",
                                  references(lf) if good else (), good).plain()
    owner = owners(repo)
    by_body: dict[str, list[Dumped]] = {}
    for f in run.per_body:
        body = body_of(f, repo, owner)
        if body is None:
            return None
        by_body.setdefault(body, []).append(dump(f))
    by_file: dict[str, list[Dumped]] = {}
    for f in run.per_file:
        by_file.setdefault(f.path, []).append(dump(f))
    return {
        "format": _FORMAT, "code": code_key(), "as_of": run.as_of.isoformat(),
        "archived": names_key(run.archived),
        "discovered": [dump(f) for f in run.discovered], "settings": run.settings_data,
        "files": files, "by_file": by_file, "by_body": by_body,
    }



def read_snapshot(cache: parse_cache.ParseCache) -> dict[str, Any] | None:
    snap = cache.read_snapshot(SNAPSHOT)
    if not isinstance(snap, dict) or snap.get("format") != _FORMAT or snap.get("code") != code_key():
        return None
    return snap


def file_infos(snap: dict[str, Any]) -> dict[str, FileInfo]:
    """The snapshot's file list, each entry by name."""
    return {rel: FileInfo._make(t) for rel, t in snap["files"].items()}

