"""Full coverage within a term: Art. 5 ¶2 (the data is in :mod:`generator.coverage`)."""

from __future__ import annotations

from collections.abc import Iterator

from generator import coverage
from generator import findings as F
from generator.context import Context
from generator.model import Repository


def _leaders_pointer(row: coverage.Row) -> F.Pointer:
    if row.new_leader is not None and row.new_leader in row.org.leaders:
        return ("leaders", row.org.leaders.index(row.new_leader))
    return ("leaders",) if row.org.leaders else ("id",)


def full_coverage(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-COVERAGE: uncovered at term end is an error; at risk before it is a warning."""
    for tc in coverage.coverage(repo, ctx):
        for row in tc.rows:
            if row.state not in ("uncovered", "at_risk"):
                continue
            yield F.make("A5-COVERAGE", row.org.path, variant=row.state, record=row.org.id,
                         pointer=_leaders_pointer(row), term=tc.window.term.number, end=tc.window.end.isoformat(),
                         org=row.org.label, threshold=ctx.settings.coverage_risk_months)


def leader_changed(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-COVERAGE-LEADER-CHANGED: the org's leader changed after its periodic talk this term."""
    for tc in coverage.coverage(repo, ctx):
        for row in tc.rows:
            if row.new_leader is None:
                continue
            last = row.talks[-1]
            yield F.make("A5-COVERAGE-LEADER-CHANGED", row.org.path, record=row.org.id,
                         pointer=_leaders_pointer(row), org=row.org.label, since=row.new_leader.start.isoformat(),
                         leader=repo.person_name(row.new_leader.person), talk_date=last.date.isoformat(),
                         old=repo.person_name(last.interviewee))
