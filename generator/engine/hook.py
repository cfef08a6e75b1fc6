"""What the pre-commit hook reports: the staged records and the records they reach, without blocking a commit
on findings that only the passing of time raised.

pre-commit stashes what is not staged before it runs a hook, so the working tree it checks is what will be
committed.  A clerk who fixes a typo must not be stopped by a deadline that passed this morning in another
record: findings about other records are left to CI, and time-driven findings (a deadline passed, a term
nearly over: :func:`generator.findings.finding.is_timed`) are shown but do not fail the hook unless the setting
``hook_blocks_deadlines`` says so.  They stay in CI and on the site's dashboard.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.engine.checker import CheckResult
from generator.findings import finding as F
from generator.findings.verdict import Verdict
from generator.model.repository import Repository


@dataclass(frozen=True)
class HookVerdict:
    """The findings that block the commit, and the time-driven ones shown without blocking it."""

    blocking: Verdict
    timed: tuple[F.Finding, ...]


def staged_paths(files: Iterable[str], records_dir: Path) -> set[str]:
    """The given files (as pre-commit passes them: relative to the working directory) that lie in the records
    folder, relative to it."""
    folder = Path(os.path.abspath(records_dir))
    out: set[str] = set()
    for name in files:
        full = Path(os.path.abspath(name))
        if folder in full.parents:
            out.add(full.relative_to(folder).as_posix())
    return out


def _links(repo: Repository) -> dict[str, set[str]]:
    """Each record file's path → the paths of the records it refers to."""
    org = {o.id: o.path for o in repo.orgs.values()}
    person = {p.id: p.path for p in repo.people.values()}
    talk = {t.id: t.path for t in repo.talks.values()}
    out: dict[str, set[str]] = {}
    for o in repo.orgs.values():
        out[o.path] = {org[x] for x in (o.parent, o.approved_by) if x in org}
        out[o.path] |= {person[t.person] for t in (*o.leaders, *o.team) if t.person in person}
    for plan in repo.plans.values():
        out[plan.path] = {org[plan.committee]} if plan.committee in org else set()
        out[plan.path] |= {org[i.org] for i in plan.items if i.org in org}
        out[plan.path] |= {person[i.talker] for i in plan.items if i.talker in person}
    for t in repo.talks.values():
        out[t.path] = {org[x] for x in (t.committee, t.interviewee_org) if x in org}
        out[t.path] |= {person[x] for x in (t.talker, *t.interviewees) if x in person}
        own_plan = repo.plans.get((t.committee, t.date.year))
        if own_plan is not None:
            out[t.path].add(own_plan.path)
    for r in repo.rectifications.values():
        out[r.path] = {talk[r.talk]} if r.talk in talk else set()
    return out


def reached(staged: set[str], repo: Repository) -> set[str]:
    """The staged records, the records they refer to and the records that refer to them."""
    links = _links(repo)
    out = set(staged)
    for path in staged:
        out |= links.get(path, set())
    out |= {path for path, targets in links.items() if targets & staged}
    return out


def judge(result: CheckResult, staged: set[str], block_timed: bool) -> HookVerdict:
    """The hook's verdict on a full check: only findings about what the staged records reach (with no record
    staged, about everything), time-driven ones apart unless ``block_timed``."""
    scope = reached(staged, result.repository) if staged else None
    about = [f for f in result.findings if scope is None or f.path in scope or not f.path]
    flags = [not block_timed and F.is_timed(f) for f in about]
    timed = tuple(f for f, flag in zip(about, flags, strict=True) if flag)
    blocking = tuple(f for f, flag in zip(about, flags, strict=True) if not flag)
    return HookVerdict(Verdict(blocking, result.files, result.context), timed)
