"""What the site's pages show, computed from a (possibly filtered) repository as of a date.

Nothing here renders or knows about HTML: each function turns the model into small frozen rows that the
templates lay out.  States are codes; their Chinese labels come from :mod:`generator.model.catalog` for record
values, and from the tables below for states the site derives itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.findings.finding import Finding, Severity
from generator.measures import coverage, deadlines
from generator.measures.progress import PlanItemState
from generator.model import catalog
from generator.model.context import Context, measured_talks
from generator.model.repository import MEASURES_IN_FORCE, Org, Plan, Repository, Talk
from generator.site import links

# Derived states (not record values, so not in the catalog).
TALK_STATE: Mapping[str, str] = MappingProxyType({
    **catalog.DEADLINE_STATE,
    "before_measures": "《办法》施行前",
    "after_as_of": "晚于截至日期",
    "out_of_scope": "不属于本办法的监督谈话",
})
COVERAGE_ICON: Mapping[str, str] = MappingProxyType({
    "covered": "✓", "leader_changed": "◐", "planned": "▷", "at_risk": "⚠", "uncovered": "✗", "pending": "○",
    "not_applicable": "–",
})
# --- talks and rectification deadlines ---------------------------------------------------------------
@dataclass(frozen=True)
class TalkRow:
    """A talk as the index and the trackers list it."""

    talk: Talk
    deadlines: deadlines.RectificationDeadlines | None  # None when the Measures do not apply to it
    state: str  # TALK_STATE
    findings: int

    @property
    def state_label(self) -> str:
        """The state in Chinese."""
        return TALK_STATE[self.state]


def talk_rows(repo: Repository, ctx: Context, findings: Iterable[Finding]) -> tuple[TalkRow, ...]:
    """Every talk, newest first, with its Art. 11 deadlines where the Measures apply."""
    measured = {t.id for t in measured_talks(repo, ctx)}
    counts = Counter(f.record for f in findings)
    out = []
    for talk in sorted(repo.talks.values(), key=lambda t: (t.date, t.id), reverse=True):
        if talk.id in measured:
            d = deadlines.for_talk(talk, repo.rectifications.get(talk.id), ctx.as_of, ctx.settings)
            out.append(TalkRow(talk, d, d.worst, counts[talk.id]))
            continue
        if talk.kind not in catalog.TALK_KIND:
            state = "out_of_scope"
        elif talk.date < MEASURES_IN_FORCE:
            state = "before_measures"
        else:
            state = "after_as_of"
        out.append(TalkRow(talk, None, state, counts[talk.id]))
    return tuple(out)


# --- due lists for the dashboard -----------------------------------------------------------------
@dataclass(frozen=True)
class DueItem:
    """Something owed by a date: an Art. 11 report or a plan item."""

    what: str  # Chinese: 提交整改措施 / 报告整改情况 / 年度计划条目
    subject: str  # Chinese: whose, e.g. the org label
    page: str  # where to read more
    due: dt.date
    days: int
    state: str  # overdue | due_soon


def due_items(repo: Repository, ctx: Context, rows: Iterable[TalkRow],
              items: Iterable[PlanItemState]) -> tuple[DueItem, ...]:
    """Art. 11 reports and plan items overdue now or due within ``due_soon_days``, by due date.

    Measures' own due dates are not listed here: their progress is only as fresh as the last status report,
    so the talk pages and the rectification tracker show them with that report.
    """
    what = {"measures": "提交整改措施（第十一条第一款）", "status": "报告整改情况（第十一条第二款）"}
    out: list[DueItem] = []
    for row in rows:
        if row.deadlines is None:
            continue
        subject = f"{repo.org_label(row.talk.interviewee_org)} {repo.person_name(row.talk.interviewee)}"
        for d in (row.deadlines.measures, row.deadlines.status):
            if d.state in ("overdue", "due_soon"):
                out.append(DueItem(what[d.what], subject, links.talk(row.talk.id), d.due, d.days, d.state))
    for s in items:
        if s.state in ("overdue", "due_soon"):
            out.append(DueItem(f"年度计划条目 {s.item.id}（定期谈话）", repo.org_label(s.item.org),
                               links.plan(s.plan.committee, s.plan.year), s.item.due, s.days, s.state))
    return tuple(sorted(out, key=lambda d: (d.due, d.what, d.subject)))


# --- roll-up (Art. 14–15) ---------------------------------------------------------------------------
@dataclass(frozen=True)
class BodySummary:
    """One conducting body at a glance, for upper-level bodies and the discipline and organization departments."""

    body: Org
    matrices: tuple[coverage.TermCoverage, ...]
    plans: tuple[Plan, ...]
    plans_missing: tuple[int, ...]  # years without a plan after the cut-off day
    plans_late: tuple[int, ...]  # years whose plan was approved after the cut-off day
    items_overdue: int
    rect_overdue: int
    talks_by_kind: tuple[tuple[str, int], ...]  # (kind label, count)
    findings: Mapping[str, int]  # severity → count, for the body's own records


def rollup(repo: Repository, ctx: Context, matrices: Iterable[coverage.TermCoverage], rows: Iterable[TalkRow],
           items: Iterable[PlanItemState], findings: Iterable[Finding]) -> tuple[BodySummary, ...]:
    """Every body the repository records, in :meth:`Context.bodies` order (each collection is read once)."""
    bodies = ctx.bodies(repo)
    ids = {b.id for b in bodies}
    by_matrix: dict[str, list[coverage.TermCoverage]] = defaultdict(list)
    for tc in matrices:
        by_matrix[tc.body.id].append(tc)
    plans: dict[str, list[Plan]] = defaultdict(list)
    for (committee, _year), plan in sorted(repo.plans.items()):
        plans[committee].append(plan)
    items_overdue = Counter(s.plan.committee for s in items if s.state == "overdue")
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    rect_overdue: Counter[str] = Counter()
    for r in rows:
        kinds[r.talk.committee][catalog.label(catalog.TALK_KIND, r.talk.kind)] += 1
        if r.deadlines is not None and "overdue" in (r.deadlines.measures.state, r.deadlines.status.state):
            rect_overdue[r.talk.committee] += 1
    # Which body a finding is about: the body itself, one of its talks or plans, or one of its lower-level orgs.
    owner: dict[str, str] = {t.id: t.committee for t in repo.talks.values()}
    owner.update({p.id: p.committee for p in repo.plans.values()})
    owner.update({o.id: o.parent for o in repo.orgs.values() if o.parent is not None and o.id not in ids})
    owner.update({b: b for b in ids})
    severities: dict[str, Counter[str]] = defaultdict(Counter)
    missing: dict[str, list[int]] = defaultdict(list)
    for f in findings:
        owner_id = owner.get(f.record)
        if owner_id is not None:
            severities[owner_id][f.severity.value] += 1
        year = dict(f.data).get("year")
        if f.rule == "A5-PLAN-EXISTS" and f.record in ids and isinstance(year, int):
            missing[f.record].append(year)
    out = []
    for body in bodies:
        mine = tuple(plans.get(body.id, ()))
        out.append(BodySummary(
            body=body,
            matrices=tuple(by_matrix.get(body.id, ())),
            plans=mine,
            plans_missing=tuple(sorted(set(missing.get(body.id, ())))),
            plans_late=tuple(p.year for p in mine
                             if p.approved_on and p.approved_on > ctx.settings.plan_missing_date(p.year)),
            items_overdue=items_overdue.get(body.id, 0),
            rect_overdue=rect_overdue.get(body.id, 0),
            talks_by_kind=tuple(sorted(kinds[body.id].items())),
            findings=MappingProxyType({s.value: severities[body.id].get(s.value, 0) for s in Severity}),
        ))
    return tuple(out)


# --- coverage cells --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """One year of one org in a coverage matrix."""

    talks: tuple[Talk, ...]
    items: tuple[PlanItemState, ...]  # plan items for the org in that year's plan, not yet fulfilled
    state: str  # a COVERAGE_STATE code shown in this cell, or "" (nothing to show), or "future"
    void: tuple[tuple[Talk, str], ...] = ()  # periodic talks of the year that do not count, with the rule why

    @property
    def void_label(self) -> str:
        """What a talk that does not count is called in the matrix (never 已覆盖)."""
        return catalog.VOID_TALK


def cells(tc: coverage.TermCoverage, row: coverage.Row, ctx: Context,
          items: Iterable[PlanItemState]) -> tuple[Cell, ...]:
    """The cells of a row, one per year of the term.

    The row's state is shown in the year of the as-of date (or the term's last year once it has ended);
    earlier years without a talk show a dash, later years stay empty.
    """
    status_year = min(ctx.as_of, tc.window.end).year
    open_items = [s for s in items if s.plan.committee == tc.body.id and s.item.org == row.org.id
                  and s.state != "done"]  # callers pass the org's items only; the test keeps this correct anyway
    out = []
    for year in tc.window.years:
        talks = row.talks_in(year)
        void = row.void_in(year)
        mine = tuple(s for s in open_items if s.plan.year == year)
        if talks:
            out.append(Cell(talks, mine, "", void))
        elif year == status_year and row.state != "covered":
            out.append(Cell((), mine, row.state, void))
        elif year > status_year:
            out.append(Cell((), mine, "future", void))
        else:
            out.append(Cell((), mine, "", void))
    return tuple(out)


def severity_counts(findings: Iterable[Finding]) -> Mapping[str, int]:
    """How many findings of each severity, most severe first."""
    counts = Counter(f.severity.value for f in findings)
    return MappingProxyType({s.value: counts.get(s.value, 0) for s in Severity})
