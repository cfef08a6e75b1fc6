"""One function decides which periodic talks count (generator.measures.counting); every view agrees with it.

The coverage matrix, plan fulfilment (rules, site and annual report), the annual report's coverage figures, the
roll-up (A14-A15-ROLLUP) and the accountability leads (A17-ACCOUNTABILITY) are all asked, on the sample and on
worlds where one periodic talk breaks Art. 2, 5 or 7, which talks count; each must give the same answer, and a
talk that breaks a rule counts nowhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import world

from generator.annual import figures as annual
from generator.engine.checker import CheckResult, check
from generator.measures import counting, coverage, progress
from generator.measures.leads import leads
from generator.site import figures

ROOT = Path(__file__).resolve().parent.parent
Records = dict[str, Any]


def _talk(records: Records, tid: str) -> dict[str, Any]:
    return records[f"talks/2026/{tid}.yaml"]


BREAKS: dict[str, tuple[Callable[[Records], None], str, str]] = {
    "A2-SCOPE-INTERVIEWEE": (lambda r: _talk(r, "t1").update(interviewee="ln"), "t1", "A2-SCOPE-INTERVIEWEE"),
    "A7-TALKER-TEAM": (lambda r: _talk(r, "t2").update(talker="ex"), "t2", "A7-TALKER-TEAM"),
    "A7-SECRETARY-TALKS": (lambda r: _talk(r, "t1").update(talker="dep"), "t1", "A7-SECRETARY-TALKS"),
}


def _views(result: CheckResult) -> dict[str, set[str]]:
    """Which periodic talks each view counts."""
    repo, ctx = result.repository, result.context
    matrices = coverage.coverage(repo, ctx)
    items = progress.plan_items(repo, ctx)
    out = {
        "counting": {t.id for t in repo.talks.values() if counting.counts(repo, ctx, t)},
        "matrix": {t.id for tc in matrices for r in tc.rows + tc.excluded for t in r.talks},
        "plan_site": {s.talk.id for s in items if s.talk is not None},
        "plan_fulfilment": {f.talk.id for f in counting.fulfilment(repo, ctx).values() if f.talk is not None},
    }
    # talks shown in the matrix as not counting ("谈话不计入覆盖")
    out["void"] = {t.id for tc in matrices for r in tc.rows for t, _ in r.void}
    return out


def _agree(result: CheckResult) -> dict[str, set[str]]:
    views = _views(result)
    repo, ctx = result.repository, result.context
    counted = views["counting"]
    assert views["matrix"] <= counted and views["plan_site"] <= counted
    assert views["plan_site"] == views["plan_fulfilment"]
    assert not views["void"] & (views["matrix"] | views["plan_site"])
    named = {t.id for t in repo.talks.values() if t.is_periodic and t.date <= ctx.as_of}
    assert views["void"] == named - counted  # every periodic talk that does not count is shown as such
    rollup = {s.body.id: s for s in figures.rollup(repo, ctx, coverage.coverage(repo, ctx),
                                                   figures.talk_rows(repo, ctx, result.findings),
                                                   progress.plan_items(repo, ctx), result.findings)}
    for committee, year in annual.reports_available(repo, ctx):
        rep = annual.build(repo, ctx, committee, year, findings=result.findings)
        plan = repo.plans.get((committee, year))
        if plan is not None:
            done = {i.id for i in plan.items if counting.fulfilment(repo, ctx)[(committee, year, i.id)].talk}
            assert rep.plan.fulfilled == len(done)
            overdue = [s for s in progress.plan_items(repo, ctx) if s.plan is plan and s.state == "overdue"]
            assert rep.plan.overdue == len(overdue)
        for cov, tc in zip(rep.coverage, [tc for tc in coverage.coverage(repo, ctx) if tc.body.id == committee
                                          and tc.window.start.year <= year <= tc.window.end.year], strict=True):
            assert cov.covered == tc.covered
            assert cov.covered_in_year == len({t.interviewee_org for t in repo.talks.values()
                                               if t.id in counted and t.committee == committee
                                               and t.date.year == year and tc.window.contains(t.date)})
        summary = rollup[committee]
        assert [tc.covered for tc in summary.matrices] == [tc.covered for tc in coverage.coverage(repo, ctx)
                                                           if tc.body.id == committee]
        assert summary.items_overdue == sum(1 for s in progress.plan_items(repo, ctx)
                                            if s.plan.committee == committee and s.state == "overdue")
    return views


def test_the_sample_views_agree_and_018_counts_nowhere() -> None:
    result = check(ROOT / "records", dt.date(2026, 11, 27))
    views = _agree(result)
    assert "shanhai-2026-018" in views["void"] and "shanhai-2026-018" not in views["counting"]
    assert {"shanhai-2026-003", "shanhai-2026-007", "shanhai-2026-010"} <= views["counting"]
    repo = result.repository
    assert counting.disqualified(repo, result.context, repo.talks["shanhai-2026-018"]) == "A7-SECRETARY-TALKS"


def test_the_clean_world_counts_every_periodic_talk(tmp_path: Path) -> None:
    views = _agree(world.run(tmp_path, world.base()))
    assert views["counting"] == views["matrix"] == views["plan_site"] == {"t1", "t2"}
    assert views["void"] == set()


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_a_talk_that_breaks_a_rule_counts_in_no_view(tmp_path: Path, rule: str) -> None:
    change, talk_id, expected = BREAKS[rule]
    records = world.base()
    change(records)
    result = world.run(tmp_path, records)
    views = _agree(result)
    assert talk_id not in views["counting"] and views["void"] == {talk_id}
    assert counting.disqualified(result.repository, result.context, result.repository.talks[talk_id]) == expected
    # the check reports the rule, and the plan item the talk named is overdue, saying why the talk does not count
    found = {f.rule: f for f in result.findings}
    assert expected in found
    assert f"{talk_id}（{expected}）不计入" in found["A5-PLAN-ITEM-DUE"].message
    report = annual.build(result.repository, result.context, "city", 2026, findings=result.findings)
    assert (report.plan.fulfilled, report.plan.overdue) == (1, 1)


def test_report_and_site_list_the_same_leads(tmp_path: Path) -> None:
    records = world.base()
    _talk(records, "t1")["untruthful"] = {"noted_on": "2026-12-05", "detail": "隐瞒情况"}  # after the as-of date
    _talk(records, "t2")["untruthful"] = {"noted_on": "2026-06-01", "detail": "隐瞒情况"}
    result = world.run(tmp_path, records)
    repo, ctx = result.repository, result.context
    report = annual.build(repo, ctx, "city", 2026, findings=result.findings)
    site = leads(repo, ctx)
    assert report.leads == site
    assert [(x.kind, x.record) for x in site] == [("untruthful", "t2")]
