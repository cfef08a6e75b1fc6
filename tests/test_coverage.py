"""Coverage within a term (Art. 5 ¶2): leader changes, dissolved orgs, term ended or not, Party groups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import world

from generator import coverage
from generator.context import Context
from generator.settings import Settings


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
    assert _states(strict)["county-a"] == "planned" and strict.covered == 1  # p1 is in the 2026 plan


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
    tc = _matrix(tmp_path, records)
    assert tc.ended and _states(tc) == {"county-a": "covered", "group-g": "covered", "out": "uncovered"}


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
