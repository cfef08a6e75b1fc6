"""Full coverage within a term: Art. 5 ¶2 (the data is in :mod:`generator.measures.coverage`)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import finding as F
from generator.measures import counting, coverage
from generator.model.context import Context
from generator.model.repository import Repository
from generator.model.wording import cn_date


def _leaders_pointer(row: coverage.Row) -> F.Pointer:
    if row.new_leader is not None and row.new_leader in row.org.leaders:
        return ("leaders", row.org.leaders.index(row.new_leader))
    return ("leaders",) if row.org.leaders else ("id",)


def _lapsed(repo: Repository, ctx: Context, tc: coverage.TermCoverage, row: coverage.Row) -> str:
    """The plan items for an at-risk org that no longer keep it covered, each with why ("" when there are none)."""
    done = counting.fulfilment(repo, ctx)
    out = []
    for (committee, year), plan in sorted(repo.plans.items()):
        if committee != tc.body.id or year not in tc.window.years:
            continue
        for item in plan.items:
            if item.org != row.org.id:
                continue
            f = done[(committee, year, item.id)]
            if f.talk is not None:
                why = f"已由 {cn_date(f.talk.date)} 与 {repo.person_name(f.talk.interviewee)} 的谈话完成"
            elif item.due < ctx.as_of:
                why = f"完成时限 {cn_date(item.due)} 已过"
            else:
                why = f"完成时限 {cn_date(item.due)} 晚于届满日"
            out.append(f"{item.id}（{why}）")
    return "、".join(out)


def full_coverage(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-COVERAGE: uncovered at term end is an error; at risk before it is a warning; a body whose terms
    cannot be found is an error (it would otherwise get no coverage or plan check at all)."""
    for body in ctx.bodies(repo):
        missing = coverage.missing_window(repo, body)
        if missing is not None:
            variant, pointer, params = missing
            yield F.make("A5-COVERAGE", body.path, variant=variant, record=body.id, pointer=pointer, **params)
    for tc in coverage.coverage(repo, ctx):
        for row in tc.rows:
            if row.state not in ("uncovered", "at_risk"):
                continue
            variant = row.state
            items = _lapsed(repo, ctx, tc, row) if row.state == "at_risk" else ""
            if items:
                variant = "at_risk_lapsed"
            yield F.make("A5-COVERAGE", row.org.path, variant=variant, record=row.org.id,
                         pointer=_leaders_pointer(row), term=tc.window.term.number, term_name=tc.window.name,
                         end=cn_date(tc.window.end), estimated=tc.window.estimate_note, org=row.org.label,
                         threshold=ctx.settings.coverage_risk_months, items=items)


def leader_changed(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-COVERAGE-LEADER-CHANGED: the org's leader changed after its periodic talk this term."""
    for tc in coverage.coverage(repo, ctx):
        for row in tc.rows:
            if row.new_leader is None:
                continue
            last = row.talks[-1]
            yield F.make("A5-COVERAGE-LEADER-CHANGED", row.org.path, record=row.org.id,
                         pointer=_leaders_pointer(row), org=row.org.label, since=cn_date(row.new_leader.start),
                         leader=repo.person_name(row.new_leader.person), talk_date=cn_date(last.date),
                         old=repo.person_name(last.interviewee))
