"""Checking again after a few records changed: only what those records can change is worked out again.

A full check with a cache folder leaves a snapshot there (:func:`keep`): each record file's content key, kind,
id and references, whether it made it into the model, and the findings, split in two:

* findings about one file alone (reading it, its schema, its own references given the ids of all the others),
  kept under the file's path;
* findings of the Measures' rules and of the links between a talk, its plan and its rectification, kept
  under the body (党委/党组) whose work they judge (:func:`body_of`).

The next check (:func:`recheck`) lists the files and asks the cache's file index which changed.  When only
the content of records changed — the same files, each changed record with the same kind, id and references
and still in the model, the same as-of date, settings and archived documents — only the bodies whose work
the changed records can enter are judged again, on a small model made of those bodies' records and what
they refer to.  Anything else (a file added, removed or renamed, an id or a reference changed, a record
that fails its schema, a snapshot that is missing, corrupt, not this user's or written by other code of this
tool) gives None, and the caller runs the full check.

Why the bodies suffice: each rule judges one body's work — its talks and their rectifications, its plans,
its lower-level orgs (coverage) and the body itself — and reads nothing but those records and what they
refer to (names of the people, the interviewee's org and its leaders, the body's approving org).  So a
record can change body B's findings only if one of B's own records reaches it through references.  A
``parent`` reference is only compared, never followed (a lower-level org does not read its parent's
record), so it does not carry a change.  tests/test_incremental.py holds the rules to this: edit after
edit, a quick re-check gives exactly what a full check gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from generator.engine import parallel
from generator.findings import finding as F
from generator.findings.verdict import Verdict
from generator.load import cache as parse_cache
from generator.load import instance_loader, layout, positions
from generator.load.instance_loader import LoadedFile
from generator.model import resolve, settings
from generator.model.context import Context
from generator.model.repository import Repository
from generator.rules import registry as rules
from generator.rules.table import COVERAGE_RULES
from generator.schema import validate
from generator.schema.loader import SchemaSet

SNAPSHOT = "last-check"
_FORMAT = 1
MAX_CHANGED = 500  # more changed files than this (a large merge): the full check
# The small model is read and parsed in one process: beyond this many records (or a tenth of the repository,
# if more) the full check, which parses on every core and uses the parse cache, is quicker.
MAX_MODEL, MODEL_SHARE = 2000, 10

Ref = tuple[str, str, str]  # field, kind of the target, target id
# content key (b"" for a file that is never read: misplaced), kind, id, references, in the model
FileInfo = tuple[bytes, str, str, tuple[Ref, ...], bool]
Dumped = tuple[Any, ...]


def _dump(f: F.Finding) -> Dumped:
    return (f.rule, f.severity.value, f.path, f.message, f.hint, f.record, f.line, f.column, f.pointer, f.article,
            f.days, f.data)


def _undump(t: Dumped) -> F.Finding:
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


def _names_key(names: Iterable[str]) -> bytes:
    return hashlib.blake2b("\0".join(sorted(names)).encode(), digest_size=16).digest()


def _paths_in(repo: Repository) -> set[str]:
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
    in_model = _paths_in(repo)
    files: dict[str, FileInfo] = {}
    for lf in run.files:
        key = run.keys.get(lf.path, b"")
        if not key and lf.place is not None:
            return None  # a file that could not be read: its state cannot be compared next time
        good = lf.path in in_model
        files[lf.path] = (key, str(lf.kind or ""), validate.record_id(lf) if lf.ok else "",
                          references(lf) if good else (), good)
    owner = owners(repo)
    by_body: dict[str, list[Dumped]] = {}
    for f in run.per_body:
        body = body_of(f, repo, owner)
        if body is None:
            return None
        by_body.setdefault(body, []).append(_dump(f))
    by_file: dict[str, list[Dumped]] = {}
    for f in run.per_file:
        by_file.setdefault(f.path, []).append(_dump(f))
    return {
        "format": _FORMAT, "code": code_key(), "as_of": run.as_of.isoformat(),
        "archived": _names_key(run.archived),
        "discovered": [_dump(f) for f in run.discovered], "settings": run.settings_data,
        "files": files, "by_file": by_file, "by_body": by_body,
    }


class _Index:
    """Who refers to whom, and which records make up each body's work, from a snapshot's file list."""

    def __init__(self, files: dict[str, FileInfo]) -> None:
        self.files = files
        self.by_id: dict[tuple[str, str], str] = {}
        self.referrers: dict[tuple[str, str], list[str]] = {}
        self.members: dict[str, list[str]] = {}  # body → its own records
        rects: list[tuple[str, str]] = []
        for rel, (_key, kind, rid, refs, good) in files.items():
            if not good:
                continue
            if kind in ("org", "person", "talk"):
                self.by_id[(kind, rid)] = rel
            for field, target_kind, target in refs:
                if field != "parent":
                    self.referrers.setdefault((target_kind, target), []).append(rel)
            for body in self._bodies(kind, rid, refs):
                self.members.setdefault(body, []).append(rel)
            if kind == "rectification":
                rects.append((rel, rid))
        self.rect_bodies: dict[str, str] = {}
        for rel, talk in rects:
            talk_rel = self.by_id.get(("talk", talk))
            committee = self._committee(talk_rel) if talk_rel is not None else None
            if committee is not None:
                self.members.setdefault(committee, []).append(rel)
                self.rect_bodies[rel] = committee

    @staticmethod
    def _bodies(kind: str, rid: str, refs: tuple[Ref, ...]) -> list[str]:
        if kind == "org":  # a body's own record, and a row of its parent's coverage
            return [rid, *(target for field, _k, target in refs if field == "parent")]
        if kind in ("talk", "plan"):
            return [target for field, _k, target in refs if field == "committee"]
        return []

    def _committee(self, rel: str) -> str | None:
        info = self.files[rel]
        return next((target for field, _k, target in info[3] if field == "committee"), None)

    def bodies_reaching(self, changed: Iterable[str]) -> set[str]:
        """The bodies whose own records reach a changed record through references (``parent`` aside)."""
        seen = set(changed)
        todo = list(seen)
        while todo:
            info = self.files[todo.pop()]
            for rel in self.referrers.get((info[1], info[2]), ()):
                if rel not in seen:
                    seen.add(rel)
                    todo.append(rel)
        bodies: set[str] = set()
        for rel in seen:
            _key, kind, rid, refs, _good = self.files[rel]
            bodies.update(self._bodies(kind, rid, refs))
            if rel in self.rect_bodies:
                bodies.add(self.rect_bodies[rel])
        return bodies

    def neighbourhood(self, bodies: Iterable[str], changed: Iterable[str]) -> set[str]:
        """The bodies' own records and the changed ones, with everything they refer to, step after step."""
        seen = set(changed)
        for body in bodies:
            seen.update(self.members.get(body, ()))
            if ("org", body) in self.by_id:
                seen.add(self.by_id[("org", body)])
        todo = list(seen)
        while todo:
            for _field, kind, target in self.files[todo.pop()][3]:
                rel = self.by_id.get((kind, target))
                if rel is not None and rel not in seen:
                    seen.add(rel)
                    todo.append(rel)
        return seen


def _read_snapshot(cache: parse_cache.ParseCache) -> dict[str, Any] | None:
    snap = cache.read_snapshot(SNAPSHOT)
    if not isinstance(snap, dict) or snap.get("format") != _FORMAT or snap.get("code") != code_key():
        return None
    return snap


def _digests(records_dir: Path, rels: list[str]) -> list[tuple[str, bytes, parse_cache.Identity] | None]:
    """Content key and identity of each file (None where it cannot be read)."""
    out: list[tuple[str, bytes, parse_cache.Identity] | None] = []
    for rel in rels:
        got = instance_loader.read_file_stat(records_dir, rel)
        if isinstance(got, F.Finding):
            out.append(None)
        else:
            out.append((rel, parse_cache.digest(got[0]), parse_cache.identity(got[1])))
    return out


def _changed_files(records_dir: Path, files: dict[str, FileInfo], cache: parse_cache.ParseCache,
                   jobs: int) -> dict[str, tuple[bytes, bytes]] | None:
    """The content key and content of each record file whose key differs from the snapshot's (None: too many,
    or a change the quick way cannot take).

    Files the index does not know are read and hashed in ``jobs`` processes when there are many: in a fresh
    clone (new inodes and times) that is every file, and hashing 100,000 files is most of the work.
    """
    folder = os.fspath(records_dir)
    unknown = [rel for rel, info in files.items()
               if info[0] and cache.indexed_key(rel, f"{folder}/{rel}") != info[0]]  # b"": never read
    changed: dict[str, tuple[bytes, bytes]] = {}
    for share in parallel.split_map(partial(_digests, records_dir), unknown, jobs):
        for got in share:
            if got is None:
                return None
            rel, key, ident = got
            cache.note_identity(rel, ident, key)
            if key == files[rel][0]:
                continue
            if not files[rel][4] or len(changed) >= MAX_CHANGED:
                return None  # a record outside the model: its id and references reach other records' findings
            raw = instance_loader.read_file(records_dir, rel)
            if isinstance(raw, F.Finding) or parse_cache.digest(raw) != key:
                return None  # changed again meanwhile
            changed[rel] = (key, raw)
    return changed


def _load_unchanged(records_dir: Path, rels: Iterable[str], files: dict[str, FileInfo]) -> list[LoadedFile] | None:
    out = []
    for rel in rels:
        raw = instance_loader.read_file(records_dir, rel)
        if isinstance(raw, F.Finding) or parse_cache.digest(raw) != files[rel][0]:
            return None  # changed since it was listed
        place = instance_loader.place_of(rel)
        if isinstance(place, layout.Misplaced):
            return None  # cannot be: the snapshot has it in the model
        out.append(instance_loader.finish(rel, place, instance_loader.parse_bytes(raw, rel)))
    return out


def _load_changed(changed: dict[str, tuple[bytes, bytes]], files: dict[str, FileInfo],
                  schemas: SchemaSet) -> dict[str, LoadedFile] | None:
    """The changed records, when each is still a valid record with the kind, id and references it had."""
    out = {}
    for rel, (_key, raw) in changed.items():
        place = instance_loader.place_of(rel)
        if isinstance(place, layout.Misplaced):
            return None
        lf = instance_loader.finish(rel, place, instance_loader.parse_bytes(raw, rel))
        if not lf.ok or any(f.severity is F.Severity.ERROR for f in lf.findings) or validate.validate(lf, schemas):
            return None
        if (str(lf.kind), validate.record_id(lf), references(lf)) != files[rel][1:4]:
            return None
        out[rel] = lf
    return out


def _locate(found: list[F.Finding], records_dir: Path,
            known: dict[tuple[str, Any], tuple[int, int]]) -> list[F.Finding]:
    """Positions kept from the snapshot for unchanged files, read again for the rest."""
    out = []
    for f in found:
        where = known.get((f.path, f.pointer)) if f.pointer is not None and f.line == 0 else None
        out.append(f.located(*where) if where else f)
    return positions.resolve(out, records_dir)


def recheck(records_dir: Path, as_of: dt.date, schemas: SchemaSet, cache: parse_cache.ParseCache,
            jobs: int = 1) -> Verdict | None:
    """The findings after a few records changed, worked out again only where they can have changed (None:
    the full check is needed).  Updates the snapshot and the file index.  ``jobs``: processes for reading
    files the file index does not know."""
    snap = _read_snapshot(cache)
    if snap is None or snap["as_of"] != as_of.isoformat():
        return None
    files: dict[str, FileInfo] = snap["files"]
    found = instance_loader.discover(records_dir)
    if found.paths != tuple(files) or [_dump(f) for f in found.findings] != snap["discovered"]:
        return None
    archived = instance_loader.archived_files(records_dir)
    if _names_key(archived) != snap["archived"]:
        return None
    changed = _changed_files(records_dir, files, cache, jobs)
    if changed is None:
        return None
    ctx = Context(as_of, settings.from_data(snap["settings"]))
    if changed:
        if not _judge_again(records_dir, snap, changed, archived, schemas, ctx):
            return None
        cache.write_snapshot(SNAPSHOT, snap)
    cache.save()
    every = [_undump(t) for group in (snap["by_file"], snap["by_body"]) for found_here in group.values()
             for t in found_here]
    return Verdict(tuple(F.sort_findings(every)), len(files), ctx)


def _judge_again(records_dir: Path, snap: dict[str, Any], changed: dict[str, tuple[bytes, bytes]],
                 archived: frozenset[str], schemas: SchemaSet, ctx: Context) -> bool:
    """Work out the findings of the changed files and of the bodies they reach, into ``snap`` (False: the
    full check is needed)."""
    files: dict[str, FileInfo] = snap["files"]
    loaded = _load_changed(changed, files, schemas)
    if loaded is None:
        return False
    index = _Index(files)
    bodies = index.bodies_reaching(loaded)
    rels = index.neighbourhood(bodies, loaded)
    if len(rels) > max(MAX_MODEL, len(files) // MODEL_SHARE):
        return False
    unchanged = _load_unchanged(records_dir, sorted(rels - loaded.keys()), files)
    if unchanged is None:
        return False
    resolved = resolve.resolve(sorted([*unchanged, *loaded.values()], key=lambda lf: lf.path), archived)
    repo = resolved.repository
    owner = owners(repo)
    if not rels <= _paths_in(repo):
        return False  # safety net: the small model must hold every record it was made of
    per_body: list[tuple[str, F.Finding]] = []
    for f in [*resolved.links, *rules.run(repo, ctx)]:
        body = body_of(f, repo, owner)
        if body is None:
            return False
        if body in bodies:
            per_body.append((body, f))
    per_file = [f for rel in loaded for f in loaded[rel].findings]
    per_file += [f for f in resolved.per_record if f.path in loaded]
    known = {(t[2], t[8]): (t[6], t[7]) for body in bodies for t in snap["by_body"].get(body, ())
             if t[8] is not None and t[2] not in loaded}
    located = _locate([*per_file, *(f for _body, f in per_body)], records_dir, known)
    for rel in loaded:
        snap["by_file"].pop(rel, None)
        files[rel] = (changed[rel][0], *files[rel][1:])
    for body in bodies:
        snap["by_body"].pop(body, None)
    for f in located[:len(per_file)]:
        snap["by_file"].setdefault(f.path, []).append(_dump(f))
    for (body, _unlocated), f in zip(per_body, located[len(per_file):], strict=True):
        snap["by_body"].setdefault(body, []).append(_dump(f))
    return True
