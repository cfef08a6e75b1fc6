"""Coverage of lower-level "一把手" by periodic talks within a term (Art. 5 ¶2), as data.

The site draws the matrix from :func:`coverage`; the A5-COVERAGE rules turn its rows into findings; the
``talkdocs coverage`` command prints it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from generator import deadlines
from generator.context import Context
from generator.model import MEASURES_IN_FORCE, PARTY_GROUP_KINDS, Org, PlanItem, Repository, Talk, Tenure, Term


@dataclass(frozen=True)
class Window:
    """A term of the body whose term is the coverage window (the approving body's, for Party groups)."""

    term: Term
    owner: Org  # whose term it is
    start: dt.date
    end: dt.date  # recorded end, or start + term_years
    end_recorded: bool

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
    talks: tuple[Talk, ...]  # periodic talks with its "一把手" in the term, by date
    planned: tuple[PlanItem, ...]  # plan items for it in the term's plans
    new_leader: Tenure | None = None  # set when the leader changed after the last periodic talk

    @property
    def covered(self) -> bool:
        """Counts towards coverage."""
        return self.state in ("covered", "leader_changed")

    def talks_in(self, year: int) -> tuple[Talk, ...]:
        """The periodic talks of one year."""
        return tuple(t for t in self.talks if t.date.year == year)


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


def windows(repo: Repository, body: Org, ctx: Context) -> tuple[Window, ...]:
    """Terms checked for ``body``: those ending on or after 2026-01-30 and started by the as-of date."""
    owner = body
    if body.kind in PARTY_GROUP_KINDS and body.approved_by and body.approved_by in repo.orgs:
        owner = repo.orgs[body.approved_by]
    out = []
    for term in owner.terms:
        end = term.end or (term.start + relativedelta(years=ctx.settings.term_years) - dt.timedelta(days=1))
        if end >= MEASURES_IN_FORCE and term.start <= ctx.as_of:
            out.append(Window(term, owner, term.start, end, term.end is not None))
    return tuple(out)


def _existed_during(org: Org, start: dt.date, end: dt.date) -> bool:
    if org.established_on and org.established_on > end:
        return False
    return not (org.dissolved_on and org.dissolved_on < start)


def _planned(repo: Repository, body: Org, window: Window) -> dict[str, tuple[PlanItem, ...]]:
    """Plan items of ``body`` in the years of ``window``, by org, in plan-year and item order."""
    out: dict[str, list[PlanItem]] = {}
    for (committee, year), plan in sorted(repo.plans.items()):
        if committee == body.id and year in window.years:
            for item in plan.items:
                out.setdefault(item.org, []).append(item)
    return {org: tuple(items) for org, items in out.items()}


def _row(repo: Repository, body: Org, org: Org, window: Window, ctx: Context,
         planned_by_org: dict[str, tuple[PlanItem, ...]]) -> Row:
    talks = tuple(t for t in repo.talks_by_org.get(org.id, ())
                  if t.committee == body.id and t.is_periodic and window.contains(t.date) and t.date <= ctx.as_of)
    planned = planned_by_org.get(org.id, ())
    if not org.in_scope:
        return Row(org, "not_applicable", talks, planned)
    if talks:
        last = talks[-1]
        day = min(ctx.as_of, window.end, org.dissolved_on or window.end)
        leader = org.leader_on(day)
        if leader and leader.person != last.interviewee and leader.start > last.date:
            state = "leader_changed" if ctx.settings.leader_change_counts_as == "covered" else "uncovered"
            if state == "uncovered" and ctx.as_of <= window.end:
                state = "at_risk" if not planned else "planned"
            return Row(org, state, talks, planned, leader)
        return Row(org, "covered", talks, planned)
    if org.dissolved_on and org.dissolved_on < ctx.as_of:
        return Row(org, "not_applicable", talks, planned)
    if ctx.as_of > window.end:
        return Row(org, "uncovered", talks, planned)
    if planned:
        return Row(org, "planned", talks, planned)
    at_risk = deadlines.add_months(ctx.as_of, ctx.settings.coverage_risk_months) > window.end
    return Row(org, "at_risk" if at_risk else "pending", talks, planned)


def for_body(repo: Repository, body: Org, ctx: Context) -> tuple[TermCoverage, ...]:
    """The coverage matrices of one body, one per checked term."""
    out = []
    for window in windows(repo, body, ctx):
        planned = _planned(repo, body, window)  # once per window, not once per org: a province has 20,000
        rows = [_row(repo, body, org, window, ctx, planned) for org in repo.lower_level(body.id)
                if _existed_during(org, window.start, min(window.end, ctx.as_of))]
        counted = tuple(r for r in rows if r.state != "not_applicable")
        excluded = tuple(r for r in rows if r.state == "not_applicable")
        out.append(TermCoverage(body, window, ctx.as_of > window.end, counted, excluded))
    return tuple(out)


def coverage(repo: Repository, ctx: Context) -> tuple[TermCoverage, ...]:
    """Every body's coverage matrices (worked out once per repository and context: two rules use them)."""
    key = ("coverage", ctx)
    if key not in repo.derived:
        repo.derived[key] = tuple(tc for body in ctx.bodies(repo) for tc in for_body(repo, body, ctx))
    result: tuple[TermCoverage, ...] = repo.derived[key]
    return result
