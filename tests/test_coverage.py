"""Coverage within a term (Art. 5 ¶2): leader changes, dissolved orgs, term ended or not, Party groups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import world

from generator.measures import coverage
from generator.model.context import Context
from generator.model.settings import Settings


def _matrix(tmp_path: Path, records: dict[str, Any], as_of: dt.date = world.AS_OF,
            settings: Settings | None = None, body: str = "city") -> coverage.TermCoverage:
    result = world.run(tmp_path, records, as_of)
    ctx = Context(as_of, settings or result.context.settings)
    (tc,) = coverage.for_body(result.repository, result.repository.orgs[body], ctx)
    return tc


def _states(tc: coverage.TermCoverage) -> dict[str, str]:
    return {r.org.id: r.state for r in tc.rows + tc.excluded}


def test_clean_world_is_fully_covered(tmp_path: Path) -> None:
    tc = _matrix(tmp_path, world.base())
    assert (_states(tc), tc.covered, tc.total, tc.ended) == ({"county-a": "covered", "group-g": "covered"}, 2, 2, False)
    assert tc.window.end == dt.date(2028, 12, 31)  # no recorded end: start + term_years (5) - 1 day
    assert [t.id for t in tc.rows[0].talks_in(2026)] == ["t1"]


def test_leader_changed_after_the_talk(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/county-a.yaml"]["leaders"] = [{"person": "la", "from": "2020-01-01", "to": "2026-08-31"},
                                                {"person": "ln", "from": "2026-09-01", "to": None}]
    tc = _matrix(tmp_path / "a", records)
    assert _states(tc)["county-a"] == "leader_changed" and tc.covered == 2
    strict = _matrix(tmp_path / "b", records, settings=Settings(leader_change_counts_as="uncovered"))
    # p1 was fulfilled by the talk with the previous "一把手": it cannot keep the new one from being at risk
    assert _states(strict)["county-a"] == "at_risk" and strict.covered == 1
    records["plans/city/2026.yaml"]["items"].append({"id": "p3", "org": "county-a", "talker": "sec",
                                                     "due": "2026-12-31", "division": "市委办公室牵头"})
    again = _matrix(tmp_path / "c", records, settings=Settings(leader_change_counts_as="uncovered"))
    assert _states(again)["county-a"] == "planned"  # an item still open for the new leader


def test_org_dissolved_mid_term_without_a_talk_is_left_out(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/gone.yaml"] = {"id": "gone", "name": "已撤销党组", "kind": "party_group", "parent": "city",
                                 "approved_by": "city", "dissolved_on": "2025-12-31",
                                 "leaders": [{"person": "ln", "from": "2020-01-01", "to": "2025-12-31"}]}
    tc = _matrix(tmp_path, records)
    assert _states(tc)["gone"] == "not_applicable" and tc.total == 2


def test_org_established_mid_term_counts(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/new.yaml"] = {"id": "new", "name": "新区党工委", "kind": "party_committee", "parent": "city",
                                "approved_by": "city", "established_on": "2026-06-01",
                                "leaders": [{"person": "ln", "from": "2026-06-01", "to": None}]}
    tc = _matrix(tmp_path, records)
    assert _states(tc)["new"] == "pending" and tc.total == 3


def test_term_ended_leaves_uncovered_orgs(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/city.yaml"]["terms"] = [{"number": 1, "start": "2021-11-01", "end": "2026-10-31"}]
    records["orgs/out.yaml"] = {"id": "out", "name": "丁县委", "kind": "county_committee", "parent": "city",
                                "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}
    result = world.run(tmp_path, records)
    first, following = coverage.for_body(result.repository, result.repository.orgs["city"], result.context)
    assert first.ended and _states(first) == {"county-a": "covered", "group-g": "covered", "out": "uncovered"}
    # No 2nd term is recorded: it is assumed to follow, so coverage goes on being checked, marked as assumed
    w = following.window
    assert (w.term.number, w.start, w.end, w.end_estimated) == (2, dt.date(2026, 11, 1), dt.date(2031, 10, 31), True)
    assert w.estimate_note == "（未登记该届任期，按第1届届满次日起5年推算）"
    assert not following.ended and _states(following) == {"county-a": "pending", "group-g": "pending", "out": "pending"}


def test_out_of_scope_org_is_not_counted(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/jw.yaml"] = {"id": "jw", "name": "市纪委监委", "kind": "discipline_commission", "parent": "city",
                               "in_scope": False, "reason": "由上级纪委监委领导",
                               "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}
    tc = _matrix(tmp_path, records)
    assert _states(tc)["jw"] == "not_applicable" and tc.total == 2


def test_party_group_window_is_the_approving_bodys_term(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/unit.yaml"] = {"id": "unit", "name": "市教育局机关党委", "kind": "unit_party_org",
                                 "parent": "group-g", "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}
    tc = _matrix(tmp_path, records, body="group-g")
    assert (tc.window.owner.id, tc.window.start, tc.window.end) == ("city", dt.date(2024, 1, 1), dt.date(2028, 12, 31))
    assert _states(tc) == {"unit": "pending"}


def test_estimated_end_is_marked_and_checks_go_on_after_it(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/city.yaml"]["terms"] = [{"number": 7, "start": "2021-06-01", "end": None}]
    result = world.run(tmp_path / "a", records, dt.date(2026, 11, 27))
    at_risk = [f for f in result.findings if f.rule == "A5-COVERAGE"]
    assert at_risk == []  # every org covered; the window is the estimate
    tc, assumed = coverage.for_body(result.repository, result.repository.orgs["city"], result.context)
    assert (tc.window.end, tc.window.estimate_note) == (dt.date(2026, 5, 31), "（未登记届满日期，按5年推算）")
    assert tc.ended and (assumed.window.term.number, assumed.window.start) == (8, dt.date(2026, 6, 1))
    records["orgs/out.yaml"] = {"id": "out", "name": "丁县委", "kind": "county_committee", "parent": "city",
                                "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}
    result = world.run(tmp_path / "b", records, dt.date(2027, 4, 1))
    messages = [f.message for f in result.findings if f.rule == "A5-COVERAGE"]
    assert messages == ["第7届任期已于2026年5月31日（未登记届满日期，按5年推算）届满，"
                        "丁县委：本届任期内未对其“一把手”开展定期谈话"]
    # the 8th term is assumed after the estimated end, so the 2027 plan is still expected
    assert [f.data for f in result.findings if f.rule == "A5-PLAN-EXISTS"] != []


def test_term_years_setting_is_used_in_the_estimate(tmp_path: Path) -> None:
    records = world.base()
    records["settings.yaml"] = {"term_years": 4}
    result = world.run(tmp_path, records)
    (tc,) = coverage.for_body(result.repository, result.repository.orgs["city"], result.context)
    assert (tc.window.end, tc.window.estimate_note) == (dt.date(2027, 12, 31), "（未登记届满日期，按4年推算）")


def test_next_recorded_term_ends_the_previous_one(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/city.yaml"]["terms"] = [{"number": 1, "start": "2024-01-01", "end": None},
                                          {"number": 2, "start": "2026-10-01", "end": None}]
    result = world.run(tmp_path, records)
    first, second = coverage.for_body(result.repository, result.repository.orgs["city"], result.context)
    assert (first.window.end, first.window.end_estimated) == (dt.date(2026, 9, 30), False)
    assert second.window.end_estimated


def test_party_group_window_names_whose_term_it_is(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/unit.yaml"] = {"id": "unit", "name": "市教育局机关党委", "kind": "unit_party_org",
                                 "parent": "group-g", "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}
    tc = _matrix(tmp_path, records, body="group-g")
    assert tc.window.name == "批准设立的测试市委第1届任期"
    assert _matrix(tmp_path / "b", world.base()).window.name == "第1届任期"


def test_talk_that_breaks_art_7_is_shown_but_does_not_cover(tmp_path: Path) -> None:
    records = world.base()
    records["talks/2026/t1.yaml"]["talker"] = "dep"  # a county secretary talked to by the deputy
    tc = _matrix(tmp_path, records)
    row = next(r for r in tc.rows if r.org.id == "county-a")
    assert (row.state, row.talks, [(t.id, rule) for t, rule in row.void]) == ("pending", (), [("t1",
                                                                                                "A7-SECRETARY-TALKS")])
    assert tc.covered == 1


def test_body_without_approved_by_is_an_error_not_silence(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/unit.yaml"] = {"id": "unit", "name": "市教育局机关党委", "kind": "unit_party_org",
                                 "parent": "group-g", "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}
    records["orgs/group-g.yaml"]["kind"] = "party_committee"  # a 党委 set up under the Party-group rules
    del records["orgs/group-g.yaml"]["approved_by"]
    found = [f for f in world.run(tmp_path, records).findings if f.record == "group-g"]
    assert [(f.rule, f.severity.value) for f in found] == [("A5-COVERAGE", "error")]
    assert "approved_by" in found[0].message and "写 approved_by:" in found[0].hint
