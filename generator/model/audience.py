"""Who a build is for, and the one place where confidential content is left out (Art. 16).

A ``full`` build shows everything and marks confidential records and items.  A ``summary`` build is made for
a narrower audience: :func:`select` returns a repository without any record or list item marked
``confidential: true`` (and without records that would only point at what was left out), and the findings
without those about such records or items, whose messages may quote them.  Every page, the search index and
the sitemap are made from what :func:`select` returns, so nothing else needs to filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

from generator.findings.finding import Finding
from generator.load import instance_loader
from generator.model.repository import Org, Person, Plan, Rectification, Repository, Talk

AUDIENCES: Mapping[str, str] = MappingProxyType({"full": "完整版", "summary": "摘要版"})

# For each kind of record: the record field holding a list → the model attribute holding its items, in order.
_ITEM_LISTS: Mapping[type, Mapping[str, str]] = MappingProxyType({
    Org: {"terms": "terms", "leaders": "leaders", "leadership_team": "team"},
    Plan: {"items": "items"},
    Talk: {"triggers": "triggers", "participants": "participants", "materials_provided": "materials_provided",
           "steps": "steps", "problems": "problems", "distribution": "distribution"},
    Rectification: {"measures": "measures", "progress": "progress"},
})

_T = TypeVar("_T")


class Checked(Protocol):
    """What :func:`select` reads of a check run (an :class:`generator.engine.checker.CheckResult`)."""

    @property
    def repository(self) -> Repository:
        """The model the check built."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding of the run."""


@dataclass(frozen=True)
class View:
    """What one build shows: the repository and the findings, for one audience."""

    audience: str
    repository: Repository
    findings: tuple[Finding, ...]

    @property
    def is_summary(self) -> bool:
        """Built for a narrower audience."""
        return self.audience == "summary"

    @property
    def audience_label(self) -> str:
        """The audience in Chinese."""
        return AUDIENCES[self.audience]


def select(result: Checked, audience: str, records_dir: Path) -> View:
    """The repository and findings that a build for ``audience`` may show."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if audience == "full":
        return View(audience, result.repository, result.findings)
    shown = without_confidential(result.repository)
    keep = _FindingFilter(result.repository, shown, records_dir)
    return View(audience, shown, tuple(f for f in result.findings if keep(f)))


def _open(items: Iterable[_T]) -> tuple[_T, ...]:
    return tuple(i for i in items if not getattr(i, "confidential", False))


def without_confidential(repo: Repository) -> Repository:
    """``repo`` without confidential records and items, nor records that refer to what is left out.

    A talk with a hidden talker, interviewee, body or org is left out (its page would name them); an org
    whose parent or approving body is hidden keeps its own page without that link.
    """
    people = {k: p for k, p in repo.people.items() if not p.confidential}
    kept_orgs = {k for k, o in repo.orgs.items() if not o.confidential}
    orgs = {k: _open_org(o, kept_orgs, people) for k, o in repo.orgs.items() if k in kept_orgs}
    talks = {k: _open_talk(t) for k, t in repo.talks.items()
             if not t.confidential and t.committee in orgs and t.interviewee_org in orgs and t.talker in people
             and all(p in people for p in t.interviewees)}
    rects = {k: _open_rect(r) for k, r in repo.rectifications.items() if not r.confidential and r.talk in talks}
    plans = {k: replace(p, items=tuple(i for i in _open(p.items) if i.org in orgs and i.talker in people))
             for k, p in repo.plans.items() if not p.confidential and p.committee in orgs}
    return Repository(orgs, people, plans, talks, rects, repo.files)


def _open_org(org: Org, kept: set[str], people: Mapping[str, Person]) -> Org:
    return replace(
        org,
        parent=org.parent if org.parent in kept else None,
        approved_by=org.approved_by if org.approved_by in kept else None,
        terms=_open(org.terms),
        leaders=tuple(t for t in _open(org.leaders) if t.person in people),
        team=tuple(t for t in _open(org.team) if t.person in people),
    )


def _open_talk(talk: Talk) -> Talk:
    return replace(talk, triggers=_open(talk.triggers), participants=_open(talk.participants),
                   materials_provided=_open(talk.materials_provided), steps=_open(talk.steps),
                   problems=_open(talk.problems), distribution=_open(talk.distribution))


def _open_rect(rect: Rectification) -> Rectification:
    measures = _open(rect.measures)
    keys = {m.key for m in measures}
    hidden = {m.key for m in rect.measures} - keys
    # Progress on a hidden measure is about that measure: it goes with it.
    return replace(rect, measures=measures, progress=tuple(p for p in _open(rect.progress) if p.key not in hidden))


# --- findings ----------------------------------------------------------------------------------------
def _records_by_path(repo: Repository) -> dict[str, object]:
    out: dict[str, object] = {}
    for group in (repo.orgs, repo.people, repo.plans, repo.talks, repo.rectifications):
        for record in group.values():
            out[record.path] = record
    return out


def _record_ids(repo: Repository) -> set[str]:
    return {*repo.orgs, *repo.people, *repo.talks, *(p.id for p in repo.plans.values())}


def _points_into_hidden_item(record: object, pointer: Sequence[str | int] | None) -> bool:
    if not pointer or len(pointer) < 2 or not isinstance(pointer[1], int):
        return False
    attr = _ITEM_LISTS.get(type(record), {}).get(str(pointer[0]))
    items: Sequence[Any] = getattr(record, attr, ()) if attr else ()
    return 0 <= pointer[1] < len(items) and bool(getattr(items[pointer[1]], "confidential", False))


def _raw_is_hidden(data: Any, pointer: Sequence[str | int] | None) -> bool:
    """For a record that did not make it into the model: is it, or the item the finding points into, confidential?"""
    if not isinstance(data, dict):
        return False
    if data.get("confidential") is True:
        return True
    if pointer and len(pointer) >= 2 and isinstance(pointer[1], int):
        items = data.get(str(pointer[0]))
        if isinstance(items, list) and 0 <= pointer[1] < len(items) and isinstance(items[pointer[1]], dict):
            return items[pointer[1]].get("confidential") is True
    return False


class _FindingFilter:
    """Whether a finding may be shown in a summary build (see :func:`select`)."""

    def __init__(self, full: Repository, shown: Repository, records_dir: Path) -> None:
        self.full_paths = _records_by_path(full)
        self.shown_paths = set(_records_by_path(shown))
        self.hidden_ids = _record_ids(full) - _record_ids(shown)
        self.records_dir = records_dir

    def __call__(self, f: Finding) -> bool:
        if f.record and f.record in self.hidden_ids:
            return False
        if f.path in self.full_paths:
            return f.path in self.shown_paths and not _points_into_hidden_item(self.full_paths[f.path], f.pointer)
        if not f.path or f.path.endswith("settings.yaml"):
            return True
        # A record with errors is not in the model: read the file itself to see whether it is marked.
        loaded = instance_loader.load_file(self.records_dir, f.path)
        return not _raw_is_hidden(loaded.data, f.pointer)
