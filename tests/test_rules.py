"""Every rule of RULES.md: the clean world passes it, and one change makes it fail at the exact record and line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import world

from generator.findings.finding import Finding
from generator.rules.registry import CHECKS
from generator.rules.table import RULES

Records = dict[str, Any]


def _talk(records: Records, tid: str) -> dict[str, Any]:
    return records[f"talks/2026/{tid}.yaml"]


def _rect(records: Records, tid: str) -> dict[str, Any]:
    return records[f"rectifications/{tid}.yaml"]


def _plan(records: Records) -> dict[str, Any]:
    return records["plans/city/2026.yaml"]


def _org(records: Records, oid: str) -> dict[str, Any]:
    return records[f"orgs/{oid}.yaml"]


def _add_county_c(records: Records) -> None:
    records["orgs/county-c.yaml"] = {"id": "county-c", "name": "中共丙县委员会", "short_name": "丙县委",
                                     "kind": "county_committee", "parent": "city",
                                     "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}


def _end_term(records: Records, end: str) -> None:
    _org(records, "city")["terms"][0]["end"] = end


def _due(index: int, due: str) -> Callable[[Records], None]:
    """Move a plan item's due date (a talk that stops counting would otherwise leave its item overdue too)."""
    def change(records: Records) -> None:
        _plan(records)["items"][index]["due"] = due
    return change


# Each case: (rule id, change to the clean world, file, text on the expected line, variant-specific words, as-of)
Case = tuple[str, Callable[[Records], None], str, str, str, dt.date]
AS_OF = world.AS_OF


def _set(getter: Callable[[Records], dict[str, Any]], **values: Any) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        target = getter(records)
        for key, value in values.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return change


def _both(*changes: Callable[[Records], None]) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        for c in changes:
            c(records)
    return change


CASES: list[Case] = [
    ("A2-SCOPE-KIND", _set(lambda r: _talk(r, "t3"), kind="admonishment"), "talks/2026/t3.yaml", "kind:",
     "诫勉谈话", AS_OF),
    ("A2-SCOPE-INTERVIEWEE", _both(_set(lambda r: _talk(r, "t1"), interviewee="ln"), _due(0, "2026-12-31")),
     "talks/2026/t1.yaml", "interviewee:",
     "不是甲县委的“一把手”（当时为李甲）", AS_OF),
    ("A20-IN-FORCE", _set(lambda r: _talk(r, "t3"), date="2026-01-29"), "talks/2026/t3.yaml", "date:",
     "谈话日期2026年1月29日早于《办法》施行日（2026年1月30日）", AS_OF),
    ("A5-PLAN-EXISTS", lambda r: None, "orgs/city.yaml", "id: city", "2027年度", dt.date(2027, 4, 1)),
    ("A5-PLAN-ITEM-DUE",
     lambda r: _plan(r)["items"].append({"id": "p3", "org": "county-a", "talker": "sec", "due": "2026-10-31",
                                         "division": "市委办公室牵头"}),
     "plans/city/2026.yaml", "due: '2026-10-31'", "已过27天", AS_OF),
    ("A5-PLAN-ITEM-DUE", _due(0, "2026-04-01"), "plans/city/2026.yaml", "due: '2026-04-01'",
     "定期谈话于2026年4月10日开展，逾期9天", AS_OF),
    ("A5-COVERAGE",
     _both(_add_county_c, lambda r: _end_term(r, "2027-03-31"),
           lambda r: _plan(r)["items"].append({"id": "p3", "org": "county-c", "talker": "sec", "due": "2027-06-30",
                                               "division": "市委办公室牵头"})),
     "orgs/county-c.yaml", "leaders:", "计划条目 p3（完成时限2027年6月30日晚于届满日）", AS_OF),
    ("A5-COVERAGE", _set(lambda r: _org(r, "city"), kind="party_committee"), "orgs/city.yaml", "kind:",
     "未写明批准设立机关（approved_by）", AS_OF),
    ("A5-COVERAGE", _both(_add_county_c, lambda r: _end_term(r, "2026-10-31")), "orgs/county-c.yaml", "leaders:",
     "已于2026年10月31日结束", AS_OF),
    ("A5-COVERAGE", _both(_add_county_c, lambda r: _end_term(r, "2027-03-31")), "orgs/county-c.yaml", "leaders:",
     "剩余不足6个月", AS_OF),
    ("A5-COVERAGE-LEADER-CHANGED",
     _set(lambda r: _org(r, "county-a"), leaders=[{"person": "la", "from": "2020-01-01", "to": "2026-08-31"},
                                                  {"person": "ln", "from": "2026-09-01", "to": None}]),
     "orgs/county-a.yaml", "person: ln", "更换为周新", AS_OF),
    ("A5-TIMELY-TRIGGER", _set(lambda r: _talk(r, "t3"), triggers=[]), "talks/2026/t3.yaml", "kind:",
     "未写明属于哪种情形", AS_OF),
    ("A5-TIMELY-TRIGGER", _set(lambda r: _talk(r, "t3"), triggers=[{"code": "other", "detail": "  "}]),
     "talks/2026/t3.yaml", "code: other", "未写明具体情况", AS_OF),
    ("A5-TIMELY-TRIGGER", _set(lambda r: _talk(r, "t1"), triggers=[{"code": "petitions"}]),
     "talks/2026/t1.yaml", "triggers:", "定期谈话不应填写", AS_OF),
    ("A6-ORGANIZER", _set(lambda r: _talk(r, "t2"), participants=None), "talks/2026/t2.yaml", "id: t2",
     "配合单位", AS_OF),
    ("A7-TALKER-TEAM", _both(_set(lambda r: _talk(r, "t2"), talker="ex"), _due(1, "2026-12-31")),
     "talks/2026/t2.yaml", "talker:",
     "孙常委不是测试市委领导班子成员", AS_OF),
    ("A7-TALKER-TEAM", lambda r: _plan(r)["items"][1].update(talker="ex"), "plans/city/2026.yaml", "talker: ex",
     "计划条目 p2 安排的谈话人孙常委在2026年2月10日至2026年9月30日期间不是测试市委领导班子成员", AS_OF),
    ("A7-INDIVIDUAL", _set(lambda r: _talk(r, "t3"), interviewee=["lg", "la"]), "talks/2026/t3.yaml",
     "interviewee:", "列了2人", AS_OF),
    ("A7-SECRETARY-TALKS", _both(_set(lambda r: _talk(r, "t1"), talker="dep"), _due(0, "2026-12-31")),
     "talks/2026/t1.yaml", "talker:",
     "应由测试市委书记（赵书记）作为谈话人，本记录谈话人为钱副书记", AS_OF),
    ("A7-SECRETARY-TALKS", lambda r: _plan(r)["items"][0].update(talker="dep"), "plans/city/2026.yaml",
     "talker: dep", "计划条目 p1 对县（市、区、旗）委书记的定期谈话安排钱副书记作为谈话人", AS_OF),
    ("A9-PREPARATION", _set(lambda r: _talk(r, "t1"), preparation={"materials": ["巡察反馈意见"]}),
     "talks/2026/t1.yaml", "preparation:", "自查", AS_OF),
    ("A9-DATE-ORDER", _set(lambda r: _talk(r, "t1"), preparation={"self_check_on": "2026-04-11",
                                                                  "materials": ["巡察反馈意见"]}),
     "talks/2026/t1.yaml", "self_check_on:", "自查日期2026年4月11日晚于谈话日期2026年4月10日", AS_OF),
    ("A10-STEPS", lambda r: _talk(r, "t1")["steps"].pop(), "talks/2026/t1.yaml", "steps:",
     "缺少步骤：被谈话人作表态发言", AS_OF),
    ("A10-STEPS", lambda r: _talk(r, "t1")["steps"].reverse(), "talks/2026/t1.yaml", "steps:", "顺序不对", AS_OF),
    ("A10-RECORD", _set(lambda r: _talk(r, "t3"), record=None), "talks/2026/t3.yaml", "id: t3", "谈话记录", AS_OF),
    ("A11-MEASURES-LATE", _set(lambda r: _rect(r, "t1"), measures_submitted_on="2026-05-12"),
     "rectifications/t1.yaml", "measures_submitted_on:", "超过期限2026年5月10日2天", AS_OF),
    ("A11-MEASURES-LATE", _set(lambda r: _rect(r, "t1"), measures_submitted_on=None), "rectifications/t1.yaml",
     "talk: t1", "已逾期201天", AS_OF),
    ("A11-REFLECTION-LATE", _set(lambda r: _rect(r, "t1"), reflection_submitted_on="2026-05-12"),
     "rectifications/t1.yaml", "reflection_submitted_on:", "超过期限2026年5月10日2天", AS_OF),
    ("A11-REFLECTION-LATE", _set(lambda r: _rect(r, "t1"), reflection_submitted_on=None),
     "rectifications/t1.yaml", "measures_submitted_on:", "已逾期201天仍未提交（整改措施已于2026年5月8日提交）",
     AS_OF),
    ("A11-DATE-ORDER", _set(lambda r: _rect(r, "t1"), measures_submitted_on="2026-04-09"),
     "rectifications/t1.yaml", "measures_submitted_on:", "整改措施提交日期2026年4月9日早于谈话日期2026年4月10日",
     AS_OF),
    ("A11-DATE-ORDER", _set(lambda r: _rect(r, "t1"), reflection_submitted_on="2026-04-09"),
     "rectifications/t1.yaml", "reflection_submitted_on:", "思想认识报告日期2026年4月9日早于", AS_OF),
    ("A11-DATE-ORDER", _set(lambda r: _rect(r, "t1"), status_report_on="2026-04-01"),
     "rectifications/t1.yaml", "status_report_on:", "整改情况报告日期2026年4月1日早于", AS_OF),
    ("A11-DATE-ORDER", _set(lambda r: _rect(r, "t1"), team_notified_on="2026-04-01"),
     "rectifications/t1.yaml", "team_notified_on:", "通报的日期2026年4月1日早于", AS_OF),
    ("A11-DATE-ORDER",
     _set(lambda r: _rect(r, "t1"), verification={"by": "discipline", "on": "2026-04-01", "result": "effective"}),
     "rectifications/t1.yaml", "2026-04-01", "整改核查日期2026年4月1日早于", AS_OF),
    ("A11-NOTIFY-TEAM", _set(lambda r: _rect(r, "t1"), team_notified_on=None), "rectifications/t1.yaml",
     "measures:", "通报", AS_OF),
    ("A11-STATUS-LATE", _set(lambda r: _rect(r, "t1"), status_report_on="2026-07-11"), "rectifications/t1.yaml",
     "status_report_on:", "超过期限2026年7月10日1天", AS_OF),
    ("A11-STATUS-LATE", _set(lambda r: _rect(r, "t1"), status_report_on=None), "rectifications/t1.yaml",
     "talk: t1", "已逾期140天", AS_OF),
    ("A12-ARCHIVE", _set(lambda r: _talk(r, "t1"), record={"kept_by": "市委办公室"}), "talks/2026/t1.yaml",
     "record:", "既没有归档文件", AS_OF),
    ("A12-ARCHIVE", _set(lambda r: _talk(r, "t1"), record={"file": "files/2026/none.pdf"}), "talks/2026/t1.yaml",
     "file:", "files/2026/none.pdf 在仓库中不存在", AS_OF),
    ("A12-ARCHIVE", _set(lambda r: _rect(r, "t1"), documents=None), "rectifications/t1.yaml", "talk: t1",
     "没有登记归档文件", AS_OF),
    ("A12-DISTRIBUTION", _set(lambda r: _talk(r, "t1"), distribution=[{"unit": "discipline", "on": "2026-06-01"}]),
     "talks/2026/t1.yaml", "distribution:", "组织（人事）部门", AS_OF),
    ("A13-RESPONSIBILITY-LIST", _set(_plan, in_responsibility_list=False), "plans/city/2026.yaml",
     "in_responsibility_list:", "主体责任清单", AS_OF),
]


def _only(findings: tuple[Finding, ...]) -> Finding:
    assert len(findings) == 1, [f"{f.rule} {f.path}:{f.line} {f.message}" for f in findings]
    return findings[0]


def test_clean_world_passes_every_rule(tmp_path: Path) -> None:
    result = world.run(tmp_path, world.base())
    assert [f"{f.rule} {f.path}:{f.line} {f.message}" for f in result.findings] == []


@pytest.mark.parametrize(("rule", "change", "rel", "needle", "words", "as_of"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fails_on_its_fixture(tmp_path: Path, rule: str, change: Callable[[Records], None], rel: str,
                                   needle: str, words: str, as_of: dt.date) -> None:
    records = world.base()
    change(records)
    folder = world.write(tmp_path, records)
    finding = _only(world.check(folder, as_of).findings)
    assert (finding.rule, finding.path, finding.line) == (rule, rel, world.line_of(folder, rel, needle))
    assert words in finding.message
    assert finding.article == RULES[rule].article
    assert finding.severity.value in RULES[rule].severities


@pytest.mark.parametrize(("change", "rel", "needle", "rule", "words"), [
    (_set(lambda r: _talk(r, "t3"), triggers=[{"code": "other"}]), "talks/2026/t3.yaml", "code: other",
     "A5-TIMELY-TRIGGER", "未写明具体情况"),
    (_set(lambda r: _org(r, "group-g"), approved_by=None), "orgs/group-g.yaml", "kind:", "A5-COVERAGE",
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
    assert checked | said_by_schema <= {c[0] for c in CASES}


def test_severity_follows_the_variant(tmp_path: Path) -> None:
    late, overdue = world.base(), world.base()
    _rect(late, "t1")["measures_submitted_on"] = "2026-05-12"
    _rect(overdue, "t1").pop("measures_submitted_on")
    assert _only(world.run(tmp_path / "a", late).findings).severity.value == "warning"
    finding = _only(world.run(tmp_path / "b", overdue).findings)
    assert (finding.severity.value, finding.days) == ("error", 201)


def test_planned_org_is_not_at_risk(tmp_path: Path) -> None:
    records = world.base()
    _add_county_c(records)
    _end_term(records, "2027-03-31")
    _plan(records)["items"].append({"id": "p3", "org": "county-c", "talker": "sec", "due": "2026-12-31",
                                    "division": "市委办公室牵头"})
    assert world.run(tmp_path, records).findings == ()


def test_leader_change_before_the_talk_is_covered(tmp_path: Path) -> None:
    records = world.base()
    _org(records, "county-a")["leaders"] = [{"person": "ln", "from": "2020-01-01", "to": "2026-03-31"},
                                            {"person": "la", "from": "2026-04-01", "to": None}]
    assert world.run(tmp_path, records).findings == ()


def test_rules_are_not_applied_before_the_measures(tmp_path: Path) -> None:
    records = world.base()
    talk = _talk(records, "t3")
    talk.update(date="2026-01-15", triggers=[], distribution=[])
    del talk["record"]
    del records["rectifications/t3.yaml"]
    assert [f.rule for f in world.run(tmp_path, records).findings] == ["A20-IN-FORCE"]


def test_findings_are_stable(tmp_path: Path) -> None:
    records = world.base()
    _talk(records, "t1")["talker"] = "dep"
    _rect(records, "t2").pop("status_report_on")
    folder = world.write(tmp_path, records)
    first = world.check(folder, AS_OF).findings
    assert first == world.check(folder, AS_OF).findings
    assert list(first) == sorted(first, key=Finding.sort_key)
