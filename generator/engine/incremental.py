"""Checking again after a few records changed: only what those records can change is worked out again.

A full check with a cache folder leaves a snapshot there (:mod:`generator.engine.snapshot`): each record file's
content key, kind, id and references, and the findings, kept under the file they are about or under the body
(党委/党组) whose work they judge.

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
import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from generator.engine import parallel, snapshot, steps
from generator.engine.snapshot import FileInfo
from generator.findings import finding as F
from generator.findings.verdict import Verdict
from generator.load import cache as parse_cache
from generator.load import instance_loader, layout
from generator.load.instance_loader import LoadedFile
from generator.model import resolve, settings
from generator.model.context import Context
from generator.rules import registry as rules
from generator.schema import validate
from generator.schema.loader import SchemaSet

MAX_CHANGED = 500  # more changed files than this (a large merge): the full check
# The small model is read and parsed in one process: beyond this many records (or a tenth of the repository,
# if more) the full check, which parses on every core and uses the parse cache, is quicker.
MAX_MODEL, MODEL_SHARE = 2000, 10


class _Index:
    """Who refers to whom, and which records make up each body's work, from a snapshot's file list."""

    def __init__(self, files: dict[str, FileInfo]) -> None:
        self.files = files
        self.by_id: dict[tuple[str, str], str] = {}
        self.referrers: dict[tuple[str, str], list[str]] = {}
        self.members: dict[str, list[str]] = {}  # body → its own records
        rects: list[tuple[str, str]] = []
        for rel, info in files.items():
            if not info.in_model:
                continue
            if info.kind in layout.ID_KINDS:
                self.by_id[(info.kind, info.id)] = rel
            for field, target_kind, target in info.refs:
                if field != "parent":
                    self.referrers.setdefault((target_kind, target), []).append(rel)
            for body in self._bodies(info):
                self.members.setdefault(body, []).append(rel)
            if info.kind == "rectification":
                rects.append((rel, info.id))
        self.rect_bodies: dict[str, str] = {}
        for rel, talk in rects:
            talk_rel = self.by_id.get(("talk", talk))
            committee = self._committee(talk_rel) if talk_rel is not None else None
            if committee is not None:
                self.members.setdefault(committee, []).append(rel)
                self.rect_bodies[rel] = committee

    @staticmethod
    def _bodies(info: FileInfo) -> list[str]:
        if info.kind == "org":  # a body's own record, and a row of its parent's coverage
            return [info.id, *(target for field, _k, target in info.refs if field == "parent")]
        if info.kind in ("talk", "plan"):
            return [target for field, _k, target in info.refs if field == "committee"]
        return []

    def _committee(self, rel: str) -> str | None:
        return next((target for field, _k, target in self.files[rel].refs if field == "committee"), None)

    def bodies_reaching(self, changed: Iterable[str]) -> set[str]:
        """The bodies whose own records reach a changed record through references (``parent`` aside)."""
        seen = set(changed)
        todo = list(seen)
        while todo:
            info = self.files[todo.pop()]
            for rel in self.referrers.get((info.kind, info.id), ()):
                if rel not in seen:
                    seen.add(rel)
                    todo.append(rel)
        bodies: set[str] = set()
        for rel in seen:
            bodies.update(self._bodies(self.files[rel]))
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
            for _field, kind, target in self.files[todo.pop()].refs:
                rel = self.by_id.get((kind, target))
                if rel is not None and rel not in seen:
                    seen.add(rel)
                    todo.append(rel)
        return seen



def _digests(records_dir: Path, rels: list[str]) -> list[tuple[str, bytes, parse_cache.Identity] | None]:
    """Content key and identity of each file (None where it cannot be read)."""
    out: list[tuple[str, bytes, parse_cache.Identity] | None] = []
    for rel in rels:
        got = steps.read(records_dir, rel)
        out.append(None if isinstance(got, F.Finding) else (rel, got.key, got.identity))
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
               if info.key and cache.indexed_key(rel, f"{folder}/{rel}") != info.key]  # b"": never read
    changed: dict[str, tuple[bytes, bytes]] = {}
    for share in parallel.split_map(partial(_digests, records_dir), unknown, jobs):
        for got in share:
            if got is None:
                return None
            rel, key, ident = got
            cache.note_identity(rel, ident, key)
            if key == files[rel].key:
                continue
            if not files[rel].in_model or len(changed) >= MAX_CHANGED:
                return None  # a record outside the model: its id and references reach other records' findings
            raw = steps.read_again(records_dir, rel, key)
            if raw is None:
                return None  # changed again meanwhile
            changed[rel] = (key, raw)
    return changed


def _load_unchanged(records_dir: Path, rels: Iterable[str], files: dict[str, FileInfo]) -> list[LoadedFile] | None:
    out = []
    for rel in rels:
        raw = steps.read_again(records_dir, rel, files[rel].key)
        if raw is None:
            return None  # changed since it was listed
        lf = steps.parse(rel, raw)
        if lf is None:
            return None  # cannot be: the snapshot has it in the model
        out.append(lf)
    return out


def _load_changed(changed: dict[str, tuple[bytes, bytes]], files: dict[str, FileInfo],
                  schemas: SchemaSet) -> dict[str, LoadedFile] | None:
    """The changed records, when each is still a valid record with the kind, id and references it had."""
    out = {}
    for rel, (_key, raw) in changed.items():
        lf = steps.parse(rel, raw)
        if lf is None or not steps.valid_record(lf, schemas):
            return None
        was = files[rel]
        if (str(lf.kind), validate.record_id(lf), snapshot.references(lf)) != (was.kind, was.id, was.refs):
            return None
        out[rel] = lf
    return out


def recheck(records_dir: Path, as_of: dt.date, schemas: SchemaSet, cache: parse_cache.ParseCache,
            jobs: int = 1) -> Verdict | None:
    """The findings after a few records changed, worked out again only where they can have changed (None:
    the full check is needed).  Updates the snapshot and the file index.  ``jobs``: processes for reading
    files the file index does not know."""
    snap = snapshot.read_snapshot(cache)
    if snap is None or snap["as_of"] != as_of.isoformat():
        return None
    files = snapshot.file_infos(snap)
    found = instance_loader.discover(records_dir)
    if found.paths != tuple(files) or [snapshot.dump(f) for f in found.findings] != snap["discovered"]:
        return None
    archived = instance_loader.archived_files(records_dir)
    if snapshot.names_key(archived) != snap["archived"]:
        return None
    changed = _changed_files(records_dir, files, cache, jobs)
    if changed is None:
        return None
    ctx = Context(as_of, settings.from_data(snap["settings"]))
    if changed:
        if not _judge_again(records_dir, snap, files, changed, archived, schemas, ctx):
            return None
        cache.write_snapshot(snapshot.SNAPSHOT, snap)
    cache.save()
    every = [snapshot.undump(t) for group in (snap["by_file"], snap["by_body"]) for found_here in group.values()
             for t in found_here]
    return Verdict(tuple(F.sort_findings(every)), len(files), ctx)


def _judge_again(records_dir: Path, snap: dict[str, Any], files: dict[str, FileInfo],
                 changed: dict[str, tuple[bytes, bytes]], archived: frozenset[str], schemas: SchemaSet,
                 ctx: Context) -> bool:
    """Work out the findings of the changed files and of the bodies they reach, into ``snap`` (False: the
    full check is needed).  ``files``: the snapshot's file list (:func:`file_infos`)."""
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
    owner = snapshot.owners(repo)
    if not rels <= snapshot.paths_in(repo):
        return False  # safety net: the small model must hold every record it was made of
    per_body: list[tuple[str, F.Finding]] = []
    for f in [*resolved.links, *rules.run(repo, ctx)]:
        body = snapshot.body_of(f, repo, owner)
        if body is None:
            return False
        if body in bodies:
            per_body.append((body, f))
    per_file = [f for rel in loaded for f in loaded[rel].findings]
    per_file += [f for f in resolved.per_record if f.path in loaded]
    kept = (snapshot.undump(t) for body in bodies for t in snap["by_body"].get(body, ()))
    known = {(f.path, f.pointer): (f.line, f.column) for f in kept if f.pointer is not None and f.path not in loaded}

    def kept_position(f: F.Finding) -> tuple[int, int] | None:
        return known.get((f.path, f.pointer)) if f.pointer is not None else None

    located, _read = steps.locate([*per_file, *(f for _body, f in per_body)], records_dir, kept_position)
    for rel in loaded:
        snap["by_file"].pop(rel, None)
        files[rel] = files[rel]._replace(key=changed[rel][0])
        snap["files"][rel] = files[rel].plain()
    for body in bodies:
        snap["by_body"].pop(body, None)
    for f in located[:len(per_file)]:
        snap["by_file"].setdefault(f.path, []).append(snapshot.dump(f))
    for (body, _unlocated), f in zip(per_body, located[len(per_file):], strict=True):
        snap["by_body"].setdefault(body, []).append(snapshot.dump(f))
    return True
