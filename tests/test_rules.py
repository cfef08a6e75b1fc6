"""Every rule of the rule table: the clean world passes it, and one change (tests/rule_cases.py) makes it fail at
the exact record and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import world
from rule_cases import CASES, Case, Records, add_county_c, end_term, org, plan, put, rect, talk

from generator.findings.finding import Finding
from generator.rules.registry import CHECKS
from generator.rules.table import RULES

AS_OF = world.AS_OF


def _only(findings: tuple[Finding, ...]) -> Finding:
    assert len(findings) == 1, [f"{f.rule} {f.path}:{f.line} {f.message}" for f in findings]
    return findings[0]


def test_clean_world_passes_every_rule(tmp_path: Path) -> None:
    result = world.run(tmp_path, world.base())
    assert [f"{f.rule} {f.path}:{f.line} {f.message}" for f in result.findings] == []


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{c.variant}-{i}" for i, c in enumerate(CASES)])
def test_rule_fails_on_its_fixture(tmp_path: Path, case: Case) -> None:
    records = world.base()
    case.change(records)
    folder = world.write(tmp_path, records)
    found = world.check(folder, case.as_of).findings
    assert {f.rule for f in found} - {case.rule} <= set(case.also), [f"{f.rule} {f.path}:{f.line}" for f in found]
    finding = _only(tuple(f for f in found if f.rule == case.rule))
    line = world.line_of(folder, case.rel, case.needle, case.nth) if case.needle else 0
    assert (finding.rule, finding.path, finding.line) == (case.rule, case.rel, line)
    assert dict(finding.data)["variant"] == case.variant
    assert case.words in finding.message
    assert finding.article == RULES[case.rule].article
    assert finding.severity.value in RULES[case.rule].severities


@pytest.mark.parametrize(("change", "rel", "needle", "rule", "words"), [
    (put(lambda r: talk(r, "t3"), triggers=[{"code": "other"}]), "talks/2026/t3.yaml", "code: other",
     "A5-TIMELY-TRIGGER", "未写明具体情况"),
    (put(lambda r: org(r, "group-g"), approved_by=None), "orgs/group-g.yaml", "kind:", "A5-COVERAGE",
     "未写明批准设立机关（approved_by）"),
])
def test_a_rule_of_the_measures_caught_by_the_schema_reports_under_its_own_id(
        tmp_path: Path, change: Callable[[Records], None], rel: str, needle: str, rule: str, words: str) -> None:
    records = world.base()
    change(records)
    folder = world.write(tmp_path, records)
    mine = [f for f in world.check(folder, AS_OF).findings if f.path == rel]
    finding = _only(tuple(mine))
    assert (finding.rule, finding.line, finding.article) == (rule, world.line_of(folder, rel, needle),
                                                             RULES[rule].article)
    assert words in finding.message and not finding.rule.startswith("SCHEMA-")


def test_every_measures_rule_has_a_check_and_a_failing_fixture() -> None:
    checked = {rule_id for rule_id, _ in CHECKS}
    said_by_schema = {"A2-SCOPE-KIND", "A7-INDIVIDUAL"}  # the schema says these; generator.schema.validate reports them
    measures = {r.id for r in RULES.values() if r.group == "measures" and not r.feature}
    assert measures - said_by_schema == checked
    assert checked | said_by_schema <= {c.rule for c in CASES}


def test_severity_follows_the_variant(tmp_path: Path) -> None:
    late, overdue = world.base(), world.base()
    rect(late, "t1")["measures_submitted_on"] = "2026-05-12"
    rect(overdue, "t1").pop("measures_submitted_on")
    assert _only(world.run(tmp_path / "a", late).findings).severity.value == "warning"
    finding = _only(world.run(tmp_path / "b", overdue).findings)
    assert (finding.severity.value, finding.days) == ("error", 201)


def test_planned_org_is_not_at_risk(tmp_path: Path) -> None:
    records = world.base()
    add_county_c(records)
    end_term(records, "2027-03-31")
    plan(records)["items"].append({"id": "p3", "org": "county-c", "talker": "sec", "due": "2026-12-31",
                                    "division": "市委办公室牵头"})
    assert world.run(tmp_path, records).findings == ()


def test_leader_change_before_the_talk_is_covered(tmp_path: Path) -> None:
    records = world.base()
    org(records, "county-a")["leaders"] = [{"person": "ln", "from": "2020-01-01", "to": "2026-03-31"},
                                            {"person": "la", "from": "2026-04-01", "to": None}]
    assert world.run(tmp_path, records).findings == ()


def test_rules_are_not_applied_before_the_measures(tmp_path: Path) -> None:
    records = world.base()
    t3 = talk(records, "t3")
    t3.update(date="2026-01-15", triggers=[], distribution=[])
    del t3["record"]
    del records["rectifications/t3.yaml"]
    assert [f.rule for f in world.run(tmp_path, records).findings] == ["A20-IN-FORCE"]


def test_findings_are_stable(tmp_path: Path) -> None:
    records = world.base()
    talk(records, "t1")["talker"] = "dep"
    rect(records, "t2").pop("status_report_on")
    folder = world.write(tmp_path, records)
    first = world.check(folder, AS_OF).findings
    assert first == world.check(folder, AS_OF).findings
    assert list(first) == sorted(first, key=Finding.sort_key)



def test_items_after_a_left_out_plan_item_keep_their_lines(tmp_path: Path) -> None:
    """A repeated item id (and an item naming an unknown person) leaves that item out of the plan, not the
    year's plan: the items after it are still checked, and found at their own lines."""
    records = world.base()
    items = plan(records)["items"]
    items.insert(1, {"id": "p1", "org": "group-g", "talker": "nobody", "due": "2026-11-30", "division": "办公室"})
    items[2]["due"] = "2026-05-01"  # p2, fulfilled by t2 on 2026-05-20: late
    folder = world.write(tmp_path, records)
    found = world.check(folder, AS_OF).findings
    late = _only(tuple(f for f in found if f.rule == "A5-PLAN-ITEM-DUE"))
    assert late.line == world.line_of(folder, "plans/city/2026.yaml", "2026-05-01")
    assert sorted(f.rule for f in found) == ["A5-PLAN-ITEM-DUE", "REF-DANGLING", "REF-DUPLICATE-ITEM"]


def test_a_plan_that_fails_its_schema_is_not_also_missing(tmp_path: Path) -> None:
    """The year has a plan: its schema error is reported, not a missing plan, nor its talks' plan items."""
    records = world.base()
    plan(records)["items"][1]["division"] = ""
    found = world.run(tmp_path, records).findings
    assert [f.rule for f in found] == ["SCHEMA-INVALID"]
