"""Coverage of lower-level "一把手" by periodic talks within a term (Art. 5 ¶2), as data.

The site draws the matrix from :func:`coverage`; the A5-COVERAGE rules turn its rows into findings; the
``talkdocs coverage`` command prints it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from generator.findings.finding import Pointer as F_Pointer
from generator.measures import counting, deadlines
from generator.model import catalog
from generator.model.context import Context
from generator.model.repository import (
    APPOINTED_KINDS,
    MEASURES_IN_FORCE,
    SUBDISTRICT_KINDS,
    Org,
    PlanItem,
    Repository,
    Talk,
    Tenure,
    Term,
    once_per_repository,
)


@dataclass(frozen=True)
class Window:
    """A term of the body whose term is the coverage window (the approving body's, for Party groups)."""

    term: Term
    owner: Org  # whose term it is
    start: dt.date
    end: dt.date  # recorded end, the day before the next recorded term, or start + term_years
    end_recorded: bool
    term_years: int = 5  # what an estimated end was worked out with
    assumed: bool = False  # a term not recorded at all, assumed to follow an ended one
    for_body: str = ""  # the body whose window this is, when it is another org's term (Party groups)

    @property
    def end_estimated(self) -> bool:
        """The end is worked out from ``term_years``, not recorded."""
        return not self.end_recorded

    @property
    def estimate_note(self) -> str:
        """What every message, matrix and report adds after an estimated end date ("" when recorded)."""
        if self.assumed:
            return catalog.TERM_ASSUMED.format(years=self.term_years, previous=self.term.number - 1)
        return "" if self.end_recorded else catalog.TERM_ESTIMATED.format(years=self.term_years)

    @property
    def name(self) -> str:
        """The term as prose: "第8届任期", or for a Party group "批准设立的东海省委第12届任期"."""
        own = f"第{self.term.number}届任期"
        return f"批准设立的{self.owner.label}{own}" if self.for_body else own

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the term."""
        return self.start <= day <= self.end

    @property
    def years(self) -> tuple[int, ...]:
        """Calendar years the term touches."""
        return tuple(range(self.start.year, self.end.year + 1))


@dataclass(frozen=True)
class Row:
    """One lower-level org in one term."""

    org: Org
    state: str  # catalog.COVERAGE_STATE
    talks: tuple[Talk, ...]  # periodic talks with its "一把手" in the term that count (counting.py), by date
    planned: tuple[PlanItem, ...]  # plan items for it in the term's plans
    new_leader: Tenure | None = None  # set when the leader changed after the last periodic talk
    void: tuple[tuple[Talk, str], ...] = ()  # periodic talks in the term that do not count, with the rule why
    open_items: tuple[PlanItem, ...] = ()  # planned items that can still be fulfilled on time in the term

    @property
    def covered(self) -> bool:
        """Counts towards coverage."""
        return self.state in ("covered", "leader_changed")

    def talks_in(self, year: int) -> tuple[Talk, ...]:
        """The counting periodic talks of one year."""
        return tuple(t for t in self.talks if t.date.year == year)

    def void_in(self, year: int) -> tuple[tuple[Talk, str], ...]:
        """The periodic talks of one year that do not count, each with the rule that disqualifies it."""
        return tuple(v for v in self.void if v[0].date.year == year)


@dataclass(frozen=True)
class TermCoverage:
    """The coverage matrix of one body in one term."""

    body: Org
    window: Window
    ended: bool
    rows: tuple[Row, ...]  # in scope, in id order
    excluded: tuple[Row, ...]  # out of scope or dissolved without a talk

    @property
    def total(self) -> int:
        """Orgs that must be covered."""
        return len(self.rows)

    @property
    def covered(self) -> int:
        """Orgs covered so far."""
        return sum(1 for r in self.rows if r.covered)

    @property
    def percent(self) -> float:
        """Share covered, 0–100."""
        return 100.0 * self.covered / self.total if self.total else 100.0

    def count(self, state: str) -> int:
        """Rows in a state."""
        return sum(1 for r in self.rows if r.state == state)


def owner_of(repo: Repository, body: Org) -> Org | None:
    """Whose terms are ``body``'s coverage windows: its own, or for a Party group (党组, or a 党委 set up under
    the Party-group rules) the body that approved its establishment (Art. 5 ¶2), and for a 党工委 the committee
    that set it up; None when that is not recorded."""
    if body.kind in APPOINTED_KINDS:
        setter = body.approved_by or (body.parent if body.kind in SUBDISTRICT_KINDS else None)
        return repo.orgs.get(setter) if setter else None
    return body


def _estimated_end(start: dt.date, years: int) -> dt.date:
    return start + relativedelta(years=years) - dt.timedelta(days=1)


def windows(repo: Repository, body: Org, ctx: Context) -> tuple[Window, ...]:
    """Terms checked for ``body``: those ending on or after 2026-01-30 and started by the as-of date.

    A term without a recorded end ends the day before the next recorded term starts, or else ``term_years``
    after its start (an estimate, which every view says).  When the last term has ended by the as-of date and no
    later one is recorded, the next terms are assumed to follow it, so the checks that depend on a running term
    (coverage, the annual plan) go on instead of falling silent.
    """
    owner = owner_of(repo, body)
    if owner is None:
        return ()
    years = ctx.settings.term_years
    for_body = body.id if owner.id != body.id else ""
    terms = sorted(owner.terms, key=lambda t: (t.start, t.number))
    spans: list[tuple[Term, dt.date, dt.date, bool, bool]] = []  # term, start, end, end recorded, assumed
    for i, term in enumerate(terms):
        if term.end is not None:
            spans.append((term, term.start, term.end, True, False))
        elif i + 1 < len(terms):
            spans.append((term, term.start, terms[i + 1].start - dt.timedelta(days=1), True, False))
        else:
            spans.append((term, term.start, _estimated_end(term.start, years), False, False))
    while spans and spans[-1][2] < ctx.as_of:
        last = spans[-1][0]
        start = spans[-1][2] + dt.timedelta(days=1)
        assumed = Term(last.number + 1, start, None, -1, last.confidential)
        spans.append((assumed, start, _estimated_end(start, years), False, True))
    return tuple(Window(term, owner, start, end, recorded, years, assumed, for_body)
                 for term, start, end, recorded, assumed in spans
                 if end >= MEASURES_IN_FORCE and start <= ctx.as_of)


def plan_years(repo: Repository, body: Org, ctx: Context, last: int) -> tuple[int, ...]:
    """The years from 2026 to ``last`` for which ``body`` owes an annual plan (Art. 5 ¶2): those a checked term
    of its :func:`windows` runs in.  A5-PLAN-EXISTS and the deadline calendar both ask this."""
    terms = windows(repo, body, ctx)
    return tuple(year for year in range(MEASURES_IN_FORCE.year, last + 1)
                 if any(w.start.year <= year <= w.end.year for w in terms))


def missing_window(repo: Repository, body: Org) -> tuple[str, F_Pointer, dict[str, Any]] | None:
    """Why ``body``'s terms cannot be found (variant, where, message parameters), or None when they can."""
    owner = owner_of(repo, body)
    if owner is None:
        return ("no_approved_by", ("kind",), {"committee": body.label, "kind": catalog.label(catalog.ORG_KIND,
                                                                                          body.kind)})
    if not owner.terms:
        where: F_Pointer = ("id",)
        if owner.id != body.id:
            where = ("approved_by",)
        return ("no_terms", where, {"committee": body.label, "owner": owner.label, "owner_id": owner.id})
    return None


def _existed_during(org: Org, start: dt.date, end: dt.date) -> bool:
    if org.established_on and org.established_on > end:
        return False
    return not (org.dissolved_on and org.dissolved_on < start)


def _planned(repo: Repository, body: Org, window: Window,
             ctx: Context) -> dict[str, tuple[tuple[PlanItem, ...], tuple[PlanItem, ...]]]:
    """Plan items of ``body`` in the years of ``window``, by org, in plan-year and item order; and of those, the
    ones that can still be fulfilled on time within the term (:func:`generator.measures.counting.item_open`)."""
    done = counting.fulfilment(repo, ctx)
    items: dict[str, list[PlanItem]] = {}
    still: dict[str, list[PlanItem]] = {}
    for (committee, year), plan in sorted(repo.plans.items()):
        if committee == body.id and year in window.years:
            for item in plan.items:
                items.setdefault(item.org, []).append(item)
                if counting.item_open(done[(committee, year, item.id)], ctx, window.end):
                    still.setdefault(item.org, []).append(item)
    return {org: (tuple(got), tuple(still.get(org, ()))) for org, got in items.items()}


def _row(repo: Repository, body: Org, org: Org, window: Window, ctx: Context,
         planned_by_org: dict[str, tuple[tuple[PlanItem, ...], tuple[PlanItem, ...]]]) -> Row:
    held = [t for t in repo.talks_by_org.get(org.id, ())
            if t.committee == body.id and t.is_periodic and window.contains(t.date) and t.date <= ctx.as_of]
    talks = tuple(t for t in held if counting.disqualified(repo, ctx, t) is None)
    void = tuple((t, rule) for t in held if (rule := counting.disqualified(repo, ctx, t)) is not None)
    planned, open_items = planned_by_org.get(org.id, ((), ()))
    if not org.in_scope:
        return Row(org, "not_applicable", talks, planned, void=void, open_items=open_items)
    if talks:
        last = talks[-1]
        day = min(ctx.as_of, window.end, org.dissolved_on or window.end)
        leader = org.leader_on(day)
        if leader and leader.person != last.interviewee and leader.start > last.date:
            state = "leader_changed" if ctx.settings.leader_change_counts_as == "covered" else "uncovered"
            if state == "uncovered" and ctx.as_of <= window.end:
                state = "at_risk" if not open_items else "planned"
            return Row(org, state, talks, planned, leader, void, open_items)
        return Row(org, "covered", talks, planned, void=void, open_items=open_items)
    if org.dissolved_on and org.dissolved_on < ctx.as_of:
        state = "not_applicable"
    elif ctx.as_of > window.end:
        state = "uncovered"
    elif open_items:
        state = "planned"
    else:
        at_risk = deadlines.add_months(ctx.as_of, ctx.settings.coverage_risk_months) > window.end
        state = "at_risk" if at_risk else "pending"
    return Row(org, state, talks, planned, void=void, open_items=open_items)


def for_body(repo: Repository, body: Org, ctx: Context) -> tuple[TermCoverage, ...]:
    """The coverage matrices of one body, one per checked term."""
    out = []
    for window in windows(repo, body, ctx):
        planned = _planned(repo, body, window, ctx)  # once per window, not once per org: a province has 20,000
        rows = [_row(repo, body, org, window, ctx, planned) for org in repo.lower_level(body.id)
                if _existed_during(org, window.start, min(window.end, ctx.as_of))]
        counted = tuple(r for r in rows if r.state != "not_applicable")
        excluded = tuple(r for r in rows if r.state == "not_applicable")
        out.append(TermCoverage(body, window, ctx.as_of > window.end, counted, excluded))
    return tuple(out)


@once_per_repository  # two rules and every view use them
def coverage(repo: Repository, ctx: Context) -> tuple[TermCoverage, ...]:
    """Every body's coverage matrices (worked out once per repository and context)."""
    return tuple(tc for body in ctx.bodies(repo) for tc in for_body(repo, body, ctx))
