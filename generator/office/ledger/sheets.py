"""What each sheet of the ledger holds, as rows of plain values (text, numbers, dates), from the model.

Nothing is worked out here that the product works out elsewhere: which talks count comes from
:mod:`generator.measures.counting`, the Art. 11 due dates and days late from :mod:`generator.measures.deadlines`,
plan fulfilment and measure states from :mod:`generator.site.figures` (as the site shows them), the matrix from
:mod:`generator.measures.coverage`.  The repository passed in is already the audience's
(see :mod:`generator.office.ledger.export`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.measures import counting, coverage, deadlines
from generator.measures import progress as item_states
from generator.model import catalog
from generator.model.context import Context, measured_talks
from generator.model.repository import Org, Repository, Talk
from generator.office.ledger import cells, columns

Value = str | int | dt.date | None


@dataclass(frozen=True)
class Selection:
    """Which part of the records a ledger covers: one body or all, one year or all."""

    committee: str | None = None
    year: int | None = None

    def takes_talk(self, talk: Talk) -> bool:
        """Whether a talk belongs in this ledger."""
        return (self.committee is None or talk.committee == self.committee) and (
            self.year is None or talk.date.year == self.year)


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, title line, headers and rows; ``wide`` columns wrap long text."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    wide: frozenset[int] = frozenset()  # 0-based columns holding long text


def _person(repo: Repository, person_id: str) -> str:
    return repo.person_name(person_id)


def _org_and_title(repo: Repository, talk: Talk) -> str:
    org = repo.orgs.get(talk.interviewee_org)
    name = org.name if org else talk.interviewee_org
    titles = [p.title for pid in talk.interviewees if (p := repo.people.get(pid)) and p.title]
    return "\n".join([name, *titles])


def counts_text(repo: Repository, ctx: Context, talk: Talk) -> str:
    """是否计入覆盖: 是, or 否 with why (the rule of :mod:`generator.measures.counting`, or what kind of talk it is)."""
    if counting.counts(repo, ctx, talk):
        return "是"
    if talk.kind not in catalog.TALK_KIND:
        return "否（不属于本办法的监督谈话）"
    if not talk.is_periodic:
        return f"否（{catalog.TALK_KIND['timely']}）"
    if talk.date > ctx.as_of:
        return "否（晚于截至日期）"
    return f"否（{catalog.VOID_TALK}：{counting.disqualified(repo, ctx, talk)}）"


def _note(talk: Talk) -> str:
    mark = cells.CONFIDENTIAL_MARK if talk.confidential else ""
    return f"{mark}{talk.note}"


def talk_sheet(repo: Repository, ctx: Context, sel: Selection, title: str) -> Sheet:
    """谈话台账: a row per talk, in date order."""
    talks = sorted((t for t in repo.talks.values() if sel.takes_talk(t)), key=lambda t: (t.date, t.id))
    rows = []
    for n, t in enumerate(talks, 1):
        rows.append((
            n, t.date, catalog.label(catalog.TALK_KIND, t.kind), _person(repo, t.talker),
            "、".join(_person(repo, p) for p in t.interviewees), _org_and_title(repo, t),
            cells.situation_text(t.kind, t.plan_item, t.date.year, t.triggers), cells.problems_text(t.problems),
            cells.numbered(list(t.requirements)), cells.record_text(t.record), cells.distribution_text(t.distribution),
            counts_text(repo, ctx, t), _note(t),
        ))
    return Sheet(columns.TALK_SHEET, title, tuple(columns.TALK_COLUMNS.values()), tuple(rows),
                 frozenset({5, 6, 7, 8, 9, 10, 12}))


def _deadline_state(d: deadlines.RectificationDeadlines) -> str:
    return (f"整改措施：{catalog.DEADLINE_STATE[d.measures.state]}\n"
            f"整改情况报告：{catalog.DEADLINE_STATE[d.status.state]}")


def _days_late(d: deadlines.RectificationDeadlines) -> int:
    return max((x.days for x in (d.measures, d.status) if x.is_problem), default=0)


def _verification(repo: Repository, talk: Talk) -> str:
    rect = repo.rectifications.get(talk.id)
    v = rect.verification if rect else None
    if v is None:
        return ""
    parts = [catalog.label(catalog.UNIT, v.by), cells.date_text(v.on) if v.on else "",
             catalog.label(catalog.VERIFICATION, v.result)]
    text = " ".join(p for p in parts if p)
    return f"{text}\n{v.note}" if v.note else text


def rectification_sheet(repo: Repository, ctx: Context, sel: Selection, title: str) -> Sheet:
    """整改台账: a row per measure of each talk the Measures apply to (one row when none is reported yet)."""
    rows: list[tuple[Value, ...]] = []
    talks = sorted((t for t in measured_talks(repo, ctx) if sel.takes_talk(t)), key=lambda t: (t.date, t.id))
    for talk in talks:
        rect = repo.rectifications.get(talk.id)
        d = deadlines.for_talk(talk, rect, ctx.as_of, ctx.settings)
        problems = {p.key: p.text for p in talk.problems}
        notes = {p.key: p.text for p in rect.progress} if rect else {}
        measures = item_states.measure_rows(repo, talk, ctx)
        refs = {m.key: m.ref for m in rect.measures} if rect else {}
        common = (talk.date, _person(repo, talk.interviewee), repo.org_label(talk.interviewee_org))
        tail = (d.measures.due, d.measures.submitted_on, rect.reflection_submitted_on if rect else None,
                d.status.due, d.status.submitted_on, _deadline_state(d), _days_late(d), _verification(repo, talk))
        if not measures:
            pending = "（尚未报送整改措施）" if rect is None or not rect.measures_submitted_on else ""
            rows.append((len(rows) + 1, *common, pending, "", None, "", *tail))
        for m in measures:
            progress = catalog.label(catalog.PROGRESS, m.progress) if m.progress else m.label
            note = notes.get(m.key, "")
            mark = cells.CONFIDENTIAL_MARK if m.confidential else ""
            rows.append((len(rows) + 1, *common, f"{mark}{m.text}", problems.get(refs.get(m.key, ""), ""), m.due,
                         f"{progress}：{note}" if note else progress, *tail))
    return Sheet(columns.RECTIFICATION_SHEET, title, columns.RECTIFICATION_HEADERS, tuple(rows),
                 frozenset({4, 5, 7, 13, 15}))


def _plan_state(s: item_states.PlanItemState, f: counting.Fulfilment) -> tuple[str, int]:
    if s.state == "done":
        return ("逾期完成", f.late_days) if f.late_days else ("按期完成", 0)
    if s.state == "overdue":
        return "未完成（已逾期）", s.days
    return f"未完成（{s.label}）", 0


def plan_sheet(repo: Repository, ctx: Context, sel: Selection, title: str) -> Sheet:
    """计划执行: a row per plan item, with the talk that fulfils it (as the site's plan pages show)."""
    done = counting.fulfilment(repo, ctx)
    rows: list[tuple[Value, ...]] = []
    for s in item_states.plan_items(repo, ctx):
        if (sel.committee and s.plan.committee != sel.committee) or (sel.year and s.plan.year != sel.year):
            continue
        f = done[(s.plan.committee, s.plan.year, s.item.id)]
        state, days = _plan_state(s, f)
        void = [f"{cells.date_text(t.date)}谈话{catalog.VOID_TALK}（{rule}）" for t, rule in f.void]
        mark = [cells.CONFIDENTIAL_MARK] if s.item.confidential else []
        note = "\n".join([*mark, *void, *([s.item.note] if s.item.note else [])])
        rows.append((len(rows) + 1, repo.org_label(s.plan.committee), s.plan.year, s.item.id,
                     repo.org_label(s.item.org), _person(repo, s.item.talker),
                     s.item.due, s.talk.date if s.talk else None, state, days, note))
    return Sheet(columns.PLAN_SHEET, title, columns.PLAN_HEADERS, tuple(rows), frozenset({10}))


def _matrix_cell(row: coverage.Row, year: int, window: coverage.Window) -> str:
    if year not in window.years:
        return ""
    held = [cells.date_text(t.date) for t in row.talks_in(year)]
    held += [f"{cells.date_text(t.date)}（{catalog.VOID_TALK}：{rule}）" for t, rule in row.void_in(year)]
    return "\n".join(held) if held else "—"


def _term_text(w: coverage.Window, ended: bool) -> str:
    return (f"{w.name}（{cells.date_text(w.start)}至{cells.date_text(w.end)}{w.estimate_note}，"
            f"{'已结束' if ended else '未结束'}）")


def coverage_sheet(repo: Repository, ctx: Context, sel: Selection, title: str) -> Sheet:
    """覆盖情况: the coverage matrix of each selected body and term, one row per lower-level org."""
    matrices = [tc for tc in coverage.coverage(repo, ctx)
                if (sel.committee is None or tc.body.id == sel.committee)
                and (sel.year is None or sel.year in tc.window.years)]
    years = sorted({y for tc in matrices for y in tc.window.years})
    rows: list[tuple[Value, ...]] = []
    for tc in matrices:
        for row in tc.rows + tc.excluded:
            leader = row.org.leader_on(min(tc.window.end, ctx.as_of))
            rows.append((len(rows) + 1, tc.body.label, _term_text(tc.window, tc.ended), row.org.label,
                         catalog.label(catalog.ORG_KIND, row.org.kind),
                         *[_matrix_cell(row, y, tc.window) for y in years], catalog.COVERAGE_STATE[row.state],
                         _person(repo, leader.person) if leader else ""))
    headers = (*columns.COVERAGE_FIXED_HEADERS, *[f"{y}年" for y in years], *columns.COVERAGE_TAIL_HEADERS)
    return Sheet(columns.COVERAGE_SHEET, title, headers, tuple(rows), frozenset({2}))


def body_name(repo: Repository, ctx: Context, committee: str | None) -> str:
    """Whose ledger it is: the body's full name, or the repository's bodies (or its name, when many)."""
    if committee:
        org = repo.orgs.get(committee)
        return org.name if org else committee
    bodies: Sequence[Org] = ctx.bodies(repo)
    if 0 < len(bodies) <= 3:
        return "、".join(b.name for b in bodies)
    return ctx.settings.repository_name


def title(body: str, sheet: str, year: int | None, as_of: dt.date, audience_label: str) -> str:
    """A sheet's title row: the body, the year, the sheet, the as-of date and the audience."""
    span = f"{year}年度" if year else ""
    return f"{body}{span}{columns.SHEET_TITLES[sheet]}（截至{cells.date_text(as_of)}，{audience_label}）"
