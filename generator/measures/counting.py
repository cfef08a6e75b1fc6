"""Which periodic talks count: the one decision every count in the product takes from here.

A periodic talk fulfils the body's duty of Art. 5 ¶2 (coverage within a term, the annual plan) only when it is
a talk the Measures recognise: with the "一把手" of a direct lower-level organization on that day
(A2-SCOPE-INTERVIEWEE), by a member of the body's leadership team (A7-TALKER-TEAM), and, for the secretaries of
municipal, county and township committees, by the body's secretary (A7-SECRETARY-TALKS).  The rules that report
those breaches (:mod:`generator.rules.scope`, :mod:`generator.rules.talker`) ask :func:`breaches` too, so a talk
reported under one of them never counts anywhere: coverage matrix, plan fulfilment, annual report, roll-up,
accountability leads and site all call :func:`disqualified` / :func:`fulfilment`.

Talks dated before the Measures took effect (Art. 20) are judged by none of their rules, so they count as held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.model import catalog
from generator.model.context import Context
from generator.model.repository import (
    SECRETARY_TALK_KINDS,
    WORK_COMMITTEE_KINDS,
    PlanItem,
    Repository,
    Talk,
    once_per_repository,
)
from generator.model.wording import cn_date

# The rules whose breach takes a periodic talk out of every count, in the order they are tried.
DISQUALIFYING = ("A2-SCOPE-INTERVIEWEE", "A7-TALKER-TEAM", "A7-SECRETARY-TALKS")


@dataclass(frozen=True)
class Breach:
    """A talk breaking one rule of Art. 2/5/7: what a finding needs (variant, field, message parameters)."""

    rule: str
    variant: str
    pointer: tuple[str, ...]
    params: Mapping[str, Any] = field(default_factory=dict)


def interviewee_breach(repo: Repository, talk: Talk) -> Breach | None:
    """A2-SCOPE-INTERVIEWEE: the interviewee leads a direct lower-level org of the body on the talk date."""
    org = repo.orgs[talk.interviewee_org]
    common: dict[str, Any] = {"org": org.label, "org_id": org.id, "date": cn_date(talk.date)}
    if org.parent != talk.committee:
        return Breach("A2-SCOPE-INTERVIEWEE", "not_lower", ("interviewee_org",),
                      {**common, "committee": repo.org_label(talk.committee)})
    if not org.in_scope:
        return Breach("A2-SCOPE-INTERVIEWEE", "out_of_scope", ("interviewee_org",), {**common, "reason": org.reason})
    if not org.exists_on(talk.date):
        return Breach("A2-SCOPE-INTERVIEWEE", "not_existing", ("date",), common)
    if len(talk.interviewees) == 1:
        leader = org.leader_on(talk.date)
        if leader is None or leader.person != talk.interviewee:
            return Breach("A2-SCOPE-INTERVIEWEE", "not_leader", ("interviewee",),
                          {**common, "person": repo.person_name(talk.interviewee),
                           "actual": repo.person_name(leader.person) if leader else "无任职记录"})
    return None


def talker_breach(repo: Repository, talk: Talk) -> Breach | None:
    """A7-TALKER-TEAM: the talker is on the body's leadership team on the talk date."""
    body = repo.orgs[talk.committee]
    if any(t.person == talk.talker for t in body.team_on(talk.date)):
        return None
    return Breach("A7-TALKER-TEAM", "default", ("talker",),
                  {"date": cn_date(talk.date), "talker": repo.person_name(talk.talker), "committee": body.label,
                   "committee_id": body.id})


def secretary_talk_kinds(ctx: Context) -> frozenset[str]:
    """The org kinds whose secretary's periodic talk the body's secretary holds (Art. 7): the 市、县、乡镇（街道）
    committees the text names, and a 党工委 such as a 新区's when ``work_committee_secretary_talk`` says so."""
    if ctx.settings.work_committee_secretary_talk:
        return SECRETARY_TALK_KINDS | WORK_COMMITTEE_KINDS
    return SECRETARY_TALK_KINDS


def secretary_breach(repo: Repository, ctx: Context, talk: Talk) -> Breach | None:
    """A7-SECRETARY-TALKS: a periodic talk with a municipal/county/township secretary is the body secretary's."""
    org = repo.orgs[talk.interviewee_org]
    if not talk.is_periodic or org.kind not in secretary_talk_kinds(ctx):
        return None
    body = repo.orgs[talk.committee]
    secretary = body.secretary_on(talk.date)
    if secretary == talk.talker:
        return None
    return Breach("A7-SECRETARY-TALKS", "default", ("talker",),
                  {"org_kind": catalog.SECRETARY_OF[org.kind], "committee": body.label, "org": org.label,
                   "secretary": repo.person_name(secretary) if secretary else "（未登记）",
                   "talker": repo.person_name(talk.talker)})


def breaches(repo: Repository, ctx: Context, talk: Talk) -> tuple[Breach, ...]:
    """Every Art. 2/5/7 breach of a talk the Measures apply to (in :data:`DISQUALIFYING` order)."""
    if not talk.in_force:
        return ()
    known = _breaches_by_talk(repo, secretary_talk_kinds(ctx))
    found = known.get(talk.id)
    if found is None:
        checks = (interviewee_breach(repo, talk), talker_breach(repo, talk), secretary_breach(repo, ctx, talk))
        found = known[talk.id] = tuple(b for b in checks if b is not None)
    return found


@once_per_repository
def _breaches_by_talk(repo: Repository, secretary_kinds: frozenset[str]) -> dict[str, tuple[Breach, ...]]:
    """The breaches found so far, by talk id (they depend on the context only through ``secretary_kinds``)."""
    return {}


def disqualified(repo: Repository, ctx: Context, talk: Talk) -> str | None:
    """The rule that keeps a periodic talk out of every count, or None when it counts (or is not periodic)."""
    if not talk.is_periodic:
        return None
    found = breaches(repo, ctx, talk)
    return found[0].rule if found else None


def counts(repo: Repository, ctx: Context, talk: Talk) -> bool:
    """Whether ``talk`` is a periodic talk held by the as-of date that counts for coverage and the plan."""
    return talk.is_periodic and talk.date <= ctx.as_of and disqualified(repo, ctx, talk) is None


@dataclass(frozen=True)
class Fulfilment:
    """How a plan item stands against the talks: the counting talk that fulfils it, or the ones that cannot."""

    item: PlanItem
    talk: Talk | None  # the first counting periodic talk of the plan's year that names the item and its org
    void: tuple[tuple[Talk, str], ...] = ()  # talks naming it that do not count, each with the rule why

    @property
    def late_days(self) -> int:
        """Days after the item's due date the fulfilling talk was held (0: on time or not fulfilled)."""
        return max((self.talk.date - self.item.due).days, 0) if self.talk else 0


@once_per_repository
def fulfilment(repo: Repository, ctx: Context) -> Mapping[tuple[str, int, str], Fulfilment]:
    """Every plan item's fulfilment, by (committee, year, item id): worked out once per repository and context."""
    done: dict[tuple[str, int, str], list[Talk]] = {}
    void: dict[tuple[str, int, str], list[tuple[Talk, str]]] = {}
    for talk in sorted(repo.talks.values(), key=lambda t: (t.date, t.id)):
        if not (talk.is_periodic and talk.plan_item and talk.date <= ctx.as_of):
            continue
        where = (talk.committee, talk.date.year, talk.plan_item)
        rule = disqualified(repo, ctx, talk)
        if rule is not None:
            void.setdefault(where, []).append((talk, rule))
        else:
            done.setdefault(where, []).append(talk)
    out: dict[tuple[str, int, str], Fulfilment] = {}
    for (committee, year), plan in repo.plans.items():
        for item in plan.items:
            where = (committee, year, item.id)
            # A talk with another org than the item's fulfils nothing (REF-PLAN-ITEM reports the mismatch), and
            # must not hide a later talk that does match.
            held = next((t for t in done.get(where, ()) if t.interviewee_org == item.org), None)
            out[where] = Fulfilment(item, held, tuple(void.get(where, ())))
    return MappingProxyType(out)


def item_open(f: Fulfilment, ctx: Context, until: dt.date) -> bool:
    """Whether a plan item can still be fulfilled on time, by ``until`` (say the end of the term).

    A fulfilled item is spent (a talk with the previous "一把手" fulfilled it), an overdue one failed its
    deadline: neither keeps an org out of the at-risk warning.
    """
    return f.talk is None and ctx.as_of <= f.item.due <= until

