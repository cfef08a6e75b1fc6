"""The failing fixture of every rule and variant: one change to the clean world (``world.base()``), one finding.

The clean world is every rule's passing fixture (``tests/test_rules.py`` checks it has no finding); each case
here breaks exactly one rule in one variant, and ``tests/test_rules.py`` checks the finding's rule, variant,
file, line and words.  ``tests/test_ruletable.py`` checks that every rule id and variant of the rule table has
a case here or in the broken-records corpus (``corpus.CASES``), or names in ``ELSEWHERE`` the test that fixes
it when a change of the records cannot (a file system trick, a git history, a built site).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

import world

__all__ = ["CASES", "ELSEWHERE", "Case", "Records", "add_county_c", "both", "due", "end_term", "org", "plan", "put",
           "rect", "talk"]

Records = dict[str, Any]


def talk(records: Records, tid: str) -> dict[str, Any]:
    return records[f"talks/2026/{tid}.yaml"]


def rect(records: Records, tid: str) -> dict[str, Any]:
    return records[f"rectifications/{tid}.yaml"]


def plan(records: Records) -> dict[str, Any]:
    return records["plans/city/2026.yaml"]


def org(records: Records, oid: str) -> dict[str, Any]:
    return records[f"orgs/{oid}.yaml"]


def add_county_c(records: Records) -> None:
    records["orgs/county-c.yaml"] = {"id": "county-c", "name": "中共丙县委员会", "short_name": "丙县委",
                                     "kind": "county_committee", "parent": "city",
                                     "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}


def end_term(records: Records, end: str) -> None:
    org(records, "city")["terms"][0]["end"] = end


def due(index: int, due: str) -> Callable[[Records], None]:
    """Move a plan item's due date (a talk that stops counting would otherwise leave its item overdue too)."""
    def change(records: Records) -> None:
        plan(records)["items"][index]["due"] = due
    return change


AS_OF = world.AS_OF


class Case(NamedTuple):
    """One failing fixture: a change to the clean world that breaks one rule, in one variant, at one place."""

    rule: str
    variant: str
    change: Callable[[Records], None]
    rel: str  # the file the finding is about
    needle: str  # text on the line it points at ("": the finding is about the whole file, line 0)
    words: str  # words of its message that belong to this variant
    as_of: dt.date
    also: tuple[str, ...] = ()  # other rules the change cannot help breaking (anywhere in the world)
    nth: int = 1  # the needle's occurrence in the file


def put(getter: Callable[[Records], dict[str, Any]], **values: Any) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        target = getter(records)
        for key, value in values.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return change


def both(*changes: Callable[[Records], None]) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        for c in changes:
            c(records)
    return change


MEASURES: list[Case] = [Case(*c) for c in [
    ("A2-SCOPE-KIND", "default", put(lambda r: talk(r, "t3"), kind="admonishment"), "talks/2026/t3.yaml", "kind:",
     "诫勉谈话", AS_OF),
    ("A2-SCOPE-INTERVIEWEE", "not_leader", both(put(lambda r: talk(r, "t1"), interviewee="ln"), due(0, "2026-12-31")),
     "talks/2026/t1.yaml", "interviewee:",
     "不是甲县委的“一把手”（当时为李甲）", AS_OF),
    ("A20-IN-FORCE", "default", put(lambda r: talk(r, "t3"), date="2026-01-29"), "talks/2026/t3.yaml", "date:",
     "谈话日期2026年1月29日早于《办法》施行日（2026年1月30日）", AS_OF),
    ("A5-PLAN-EXISTS", "missing", lambda r: None, "orgs/city.yaml", "id: city", "2027年度", dt.date(2027, 4, 1)),
    ("A5-PLAN-ITEM-DUE", "default",
     lambda r: plan(r)["items"].append({"id": "p3", "org": "county-a", "talker": "sec", "due": "2026-10-31",
                                         "division": "市委办公室牵头"}),
     "plans/city/2026.yaml", "due: '2026-10-31'", "完成时限为2026年10月31日，已逾期27天", AS_OF),
    ("A5-PLAN-ITEM-DUE", "late", due(0, "2026-04-01"), "plans/city/2026.yaml", "due: '2026-04-01'",
     "定期谈话于2026年4月10日开展，逾期9天", AS_OF),
    ("A5-COVERAGE", "at_risk_lapsed",
     both(add_county_c, lambda r: end_term(r, "2027-03-31"),
           lambda r: plan(r)["items"].append({"id": "p3", "org": "county-c", "talker": "sec", "due": "2027-06-30",
                                               "division": "市委办公室牵头"})),
     "orgs/county-c.yaml", "leaders:", "计划条目 p3（完成时限2027年6月30日晚于届满日）", AS_OF),
    ("A5-COVERAGE", "no_approved_by", put(lambda r: org(r, "city"), kind="party_committee"), "orgs/city.yaml", "kind:",
     "未写明批准设立机关（approved_by）", AS_OF),
    ("A5-COVERAGE", "uncovered", both(add_county_c, lambda r: end_term(r, "2026-10-31")), "orgs/county-c.yaml",
     "leaders:",
     "已于2026年10月31日届满", AS_OF),
    ("A5-COVERAGE", "at_risk", both(add_county_c, lambda r: end_term(r, "2027-03-31")), "orgs/county-c.yaml",
     "leaders:",
     "剩余不足6个月", AS_OF),
    ("A5-COVERAGE-LEADER-CHANGED", "default",
     put(lambda r: org(r, "county-a"), leaders=[{"person": "la", "from": "2020-01-01", "to": "2026-08-31"},
                                                  {"person": "ln", "from": "2026-09-01", "to": None}]),
     "orgs/county-a.yaml", "person: ln", "更换为周新", AS_OF),
    ("A5-TIMELY-TRIGGER", "missing", put(lambda r: talk(r, "t3"), triggers=[]), "talks/2026/t3.yaml", "kind:",
     "未写明属于哪种情形", AS_OF),
    ("A5-TIMELY-TRIGGER", "other_detail", put(lambda r: talk(r, "t3"), triggers=[{"code": "other", "detail": "  "}]),
     "talks/2026/t3.yaml", "code: other", "未写明具体情况", AS_OF),
    ("A5-TIMELY-TRIGGER", "periodic", put(lambda r: talk(r, "t1"), triggers=[{"code": "petitions"}]),
     "talks/2026/t1.yaml", "triggers:", "定期谈话不应填写", AS_OF),
    ("A6-ORGANIZER", "default", put(lambda r: talk(r, "t2"), participants=None), "talks/2026/t2.yaml", "id: t2",
     "配合单位", AS_OF),
    ("A7-TALKER-TEAM", "default", both(put(lambda r: talk(r, "t2"), talker="ex"), due(1, "2026-12-31")),
     "talks/2026/t2.yaml", "talker:",
     "孙常委不是测试市委领导班子成员", AS_OF),
    ("A7-TALKER-TEAM", "plan", lambda r: plan(r)["items"][1].update(talker="ex"), "plans/city/2026.yaml", "talker: ex",
     "计划条目 p2 安排的谈话人孙常委在2026年2月10日至2026年9月30日期间不是测试市委领导班子成员", AS_OF),
    ("A7-INDIVIDUAL", "default", put(lambda r: talk(r, "t3"), interviewee=["lg", "la"]), "talks/2026/t3.yaml",
     "interviewee:", "列了2人", AS_OF),
    ("A7-SECRETARY-TALKS", "default", both(put(lambda r: talk(r, "t1"), talker="dep"), due(0, "2026-12-31")),
     "talks/2026/t1.yaml", "talker:",
     "应由测试市委书记（赵书记）作为谈话人，本记录谈话人为钱副书记", AS_OF),
    ("A7-SECRETARY-TALKS", "plan", lambda r: plan(r)["items"][0].update(talker="dep"), "plans/city/2026.yaml",
     "talker: dep", "计划条目 p1 对县（市、区、旗）委书记的定期谈话安排钱副书记作为谈话人", AS_OF),
    ("A9-PREPARATION", "self_check", put(lambda r: talk(r, "t1"), preparation={"materials": ["巡察反馈意见"]}),
     "talks/2026/t1.yaml", "preparation:", "自查", AS_OF),
    ("A9-DATE-ORDER", "default", put(lambda r: talk(r, "t1"), preparation={"self_check_on": "2026-04-11",
                                                                  "materials": ["巡察反馈意见"]}),
     "talks/2026/t1.yaml", "self_check_on:", "自查日期2026年4月11日晚于谈话日期2026年4月10日", AS_OF),
    ("A10-STEPS", "missing", lambda r: talk(r, "t1")["steps"].pop(), "talks/2026/t1.yaml", "steps:",
     "缺少步骤：被谈话人作表态发言", AS_OF),
    ("A10-STEPS", "order", lambda r: talk(r, "t1")["steps"].reverse(), "talks/2026/t1.yaml", "steps:",
     "顺序不对", AS_OF),
    ("A10-RECORD", "default", put(lambda r: talk(r, "t3"), record=None), "talks/2026/t3.yaml", "id: t3",
     "谈话记录", AS_OF),
    ("A11-MEASURES-LATE", "late", put(lambda r: rect(r, "t1"), measures_submitted_on="2026-05-12"),
     "rectifications/t1.yaml", "measures_submitted_on:", "期限为2026年5月10日，逾期2天", AS_OF),
    ("A11-MEASURES-LATE", "overdue", put(lambda r: rect(r, "t1"), measures_submitted_on=None), "rectifications/t1.yaml",
     "talk: t1", "已逾期201天", AS_OF),
    ("A11-REFLECTION-LATE", "late", put(lambda r: rect(r, "t1"), reflection_submitted_on="2026-05-12"),
     "rectifications/t1.yaml", "reflection_submitted_on:", "期限为2026年5月10日，逾期2天", AS_OF),
    ("A11-REFLECTION-LATE", "overdue", put(lambda r: rect(r, "t1"), reflection_submitted_on=None),
     "rectifications/t1.yaml", "measures_submitted_on:", "已逾期201天仍未提交（整改措施已于2026年5月8日提交）",
     AS_OF),
    ("A11-DATE-ORDER", "measures", put(lambda r: rect(r, "t1"), measures_submitted_on="2026-04-09"),
     "rectifications/t1.yaml", "measures_submitted_on:", "整改措施提交日期2026年4月9日早于谈话日期2026年4月10日",
     AS_OF),
    ("A11-DATE-ORDER", "reflection", put(lambda r: rect(r, "t1"), reflection_submitted_on="2026-04-09"),
     "rectifications/t1.yaml", "reflection_submitted_on:", "思想认识报告日期2026年4月9日早于", AS_OF),
    ("A11-DATE-ORDER", "status", put(lambda r: rect(r, "t1"), status_report_on="2026-04-01"),
     "rectifications/t1.yaml", "status_report_on:", "整改情况报告日期2026年4月1日早于", AS_OF),
    ("A11-DATE-ORDER", "team", put(lambda r: rect(r, "t1"), team_notified_on="2026-04-01"),
     "rectifications/t1.yaml", "team_notified_on:", "通报的日期2026年4月1日早于", AS_OF),
    ("A11-DATE-ORDER", "verification",
     put(lambda r: rect(r, "t1"), verification={"by": "discipline", "on": "2026-04-01", "result": "effective"}),
     "rectifications/t1.yaml", "2026-04-01", "整改核查日期2026年4月1日早于", AS_OF),
    ("A11-NOTIFY-TEAM", "default", put(lambda r: rect(r, "t1"), team_notified_on=None), "rectifications/t1.yaml",
     "measures:", "通报", AS_OF),
    ("A11-STATUS-LATE", "late", put(lambda r: rect(r, "t1"), status_report_on="2026-07-11"), "rectifications/t1.yaml",
     "status_report_on:", "期限为2026年7月10日，逾期1天", AS_OF),
    ("A11-STATUS-LATE", "overdue", put(lambda r: rect(r, "t1"), status_report_on=None), "rectifications/t1.yaml",
     "talk: t1", "已逾期140天", AS_OF),
    ("A12-ARCHIVE", "talk", put(lambda r: talk(r, "t1"), record={"kept_by": "市委办公室"}), "talks/2026/t1.yaml",
     "record:", "既没有文件", AS_OF),
    ("A12-ARCHIVE", "missing_file", put(lambda r: talk(r, "t1"), record={"file": "files/2026/none.pdf"}),
     "talks/2026/t1.yaml",
     "file:", "files/2026/none.pdf 在仓库中不存在", AS_OF),
    ("A12-ARCHIVE", "rectification", put(lambda r: rect(r, "t1"), documents=None), "rectifications/t1.yaml", "talk: t1",
     "没有登记归档文件", AS_OF),
    ("A12-DISTRIBUTION", "default",
     put(lambda r: talk(r, "t1"), distribution=[{"unit": "discipline", "on": "2026-06-01"}]),
     "talks/2026/t1.yaml", "distribution:", "组织（人事）部门", AS_OF),
    ("A13-RESPONSIBILITY-LIST", "default", put(plan, in_responsibility_list=False), "plans/city/2026.yaml",
     "in_responsibility_list:", "主体责任清单", AS_OF),
]]


def _add(rel: str, data: dict[str, Any] | str) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        records[rel] = data
    return change


def _move(old: str, new: str) -> Callable[[Records], None]:
    def change(records: Records) -> None:
        records[new] = records.pop(old)
    return change


def _county_b(**fields: Any) -> Callable[[Records], None]:
    """A third county led by 周新 (ln), and the timely talk t3 held with him there."""
    def change(records: Records) -> None:
        records["orgs/county-b.yaml"] = {"id": "county-b", "name": "中共乙县委员会", "short_name": "乙县委",
                                         "kind": "county_committee", "parent": "city",
                                         "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}], **fields}
        talk(records, "t3").update(interviewee="ln", interviewee_org="county-b")
    return change


def _town_under_county_a(records: Records) -> None:
    records["orgs/town-x.yaml"] = {"id": "town-x", "name": "中共甲县某镇委员会", "short_name": "某镇党委",
                                   "kind": "township_committee", "parent": "county-a",
                                   "leaders": [{"person": "ln", "from": "2020-01-01", "to": None}]}
    talk(records, "t3").update(interviewee="ln", interviewee_org="town-x")


def _t4_in_2027(records: Records) -> None:
    records["talks/2027/t4.yaml"] = {**talk(world.base(), "t1"), "id": "t4", "date": "2027-01-20"}


_DEEP = "id: deep\nname: 深\nnote: " + "[" * 70 + "]" * 70 + "\n"
_LARGE = "id: big\nname: 大\nnote: " + "很" * 400_000 + "\n"
_P2025 = {"committee": "city", "year": 2024,
          "items": [{"id": "p1", "org": "county-a", "talker": "sec", "due": "2024-06-30", "division": "牵头"}]}

# Files, YAML, schemas and references: what every record meets before the Measures are applied; and the variants
# of the Measures' rules that need a record the clean world does not have.
INPUT: list[Case] = [Case(*c) for c in [
    ("FILE-TOO-LARGE", "default", _add("people/big.yaml", _LARGE), "people/big.yaml", "", "超过上限", AS_OF),
    ("FILE-NAME", "reserved", _add("people/con.yaml", {"id": "con", "name": "某人"}), "people/con.yaml", "",
     "Windows 的保留设备名", AS_OF),
    ("FILE-NAME", "invalid", _add("people/li|hua.yaml", {"id": "li-hua", "name": "李华"}), "people/li|hua.yaml", "",
     "含有不允许的字符", AS_OF),
    ("FILE-LOCATION", "default", _add("misc/note.yaml", {"id": "note"}), "misc/note.yaml", "",
     "不在约定的记录文件夹中", AS_OF),
    ("FILE-LOCATION", "extension", _add("people/li-hua.yml", {"id": "li-hua", "name": "李华"}), "people/li-hua.yml",
     "", "扩展名应为 .yaml", AS_OF),
    ("YAML-TOO-DEEP", "default", _add("people/deep.yaml", _DEEP), "people/deep.yaml", "note:", "嵌套超过64层", AS_OF),
    ("YAML-KEY-TYPE", "default", _add("people/key.yaml", "id: key\nname: 某人\n[a, b]: 值\n"), "people/key.yaml",
     "[a, b]", "字段名必须是文字", AS_OF),
    ("SCHEMA-TYPE", "default", put(lambda r: r["people/ln.yaml"], name=["周新"]), "people/ln.yaml", "name:",
     "应为文字", AS_OF),
    ("SCHEMA-CONTROL-CHAR", "default", put(lambda r: r["people/ln.yaml"], name="周\x07新"), "people/ln.yaml",
     "name:", "不可见的控制字符", AS_OF),
    ("SCHEMA-INVALID", "default", lambda r: org(r, "city")["terms"][0].update(number=0), "orgs/city.yaml",
     "number: 0", "不能小于1", AS_OF),
    ("REF-CYCLE", "default", put(lambda r: org(r, "county-a"), parent="county-a"), "orgs/county-a.yaml",
     "parent:", "county-a → county-a", AS_OF),
    # A talk whose record is in error is left out of every count, so its plan item is given more time here.
    ("REF-DUPLICATE-ITEM", "default",
     both(lambda r: talk(r, "t1")["problems"].append({"id": "q1", "area": "other", "text": "另一问题"}),
          due(0, "2026-12-31")),
     "talks/2026/t1.yaml", "id: q1", "问题编号“q1”重复", AS_OF, (), 2),
    # A plan with a repeated item id stays the year's plan (no A5-PLAN-EXISTS, no REF-PLAN-ITEM for its talks):
    # only the repeat is left out.
    ("REF-DUPLICATE-ITEM", "default",
     lambda r: plan(r)["items"].append({"id": "p1", "org": "group-g", "talker": "dep", "due": "2026-11-30",
                                        "division": "市委办公室牵头"}),
     "plans/city/2026.yaml", "id: p1", "计划条目编号“p1”重复", AS_OF, (), 2),
    ("REF-PLAN-PATH", "default", _add("plans/city/2025.yaml", _P2025), "plans/city/2025.yaml", "year:",
     "文件路径表示“2025”", AS_OF),
    ("REF-PLAN-ITEM", "missing", both(put(lambda r: talk(r, "t1"), plan_item=None), due(0, "2026-12-31")),
     "talks/2026/t1.yaml", "kind:", "未写明对应的计划条目", AS_OF),
    ("REF-PLAN-ITEM", "unknown", both(put(lambda r: talk(r, "t1"), plan_item="p9"), due(0, "2026-12-31")),
     "talks/2026/t1.yaml", "plan_item:", "没有条目“p9”", AS_OF),
    ("REF-PLAN-ITEM", "mismatch", both(put(lambda r: talk(r, "t1"), plan_item="p2"), due(0, "2026-12-31")),
     "talks/2026/t1.yaml", "plan_item:", "安排的是测试市教育局党组，但本次谈话对象单位是甲县委", AS_OF),
    ("REF-PLAN-ITEM", "no_plan", _t4_in_2027, "talks/2027/t4.yaml", "plan_item:", "没有2027年度计划",
     dt.date(2027, 2, 15)),
    ("REF-PLAN-ITEM", "timely", put(lambda r: talk(r, "t3"), plan_item="p2"), "talks/2026/t3.yaml", "plan_item:",
     "不应填写 plan_item", AS_OF),
    ("REF-TALK-YEAR", "default", _move("talks/2026/t3.yaml", "talks/2025/t3.yaml"), "talks/2025/t3.yaml", "date:",
     "文件放在 talks/2025/", AS_OF),
    # 甲县委 leads an org of its own now, and has no terms recorded: A5-COVERAGE says so (no_terms).
    ("A2-SCOPE-INTERVIEWEE", "not_lower", _town_under_county_a, "talks/2026/t3.yaml", "interviewee_org:",
     "某镇党委不是测试市委的下一级党组织", AS_OF, ("A5-COVERAGE",)),
    ("A2-SCOPE-INTERVIEWEE", "out_of_scope", _county_b(in_scope=False, reason="正在撤并"), "talks/2026/t3.yaml",
     "interviewee_org:", "不在监督谈话范围（正在撤并）", AS_OF),
    ("A2-SCOPE-INTERVIEWEE", "not_existing", _county_b(established_on="2026-11-01"), "talks/2026/t3.yaml",
     "date:", "尚未成立或已撤销", AS_OF),
    # The talk for p1 does not count (A7-SECRETARY-TALKS), so p1 is overdue with a talk that cannot fulfil it.
    ("A5-PLAN-ITEM-DUE", "void", put(lambda r: talk(r, "t1"), talker="dep"), "plans/city/2026.yaml",
     "due: '2026-06-30'", "登记的定期谈话 t1（A7-SECRETARY-TALKS）不计入", AS_OF, ("A7-SECRETARY-TALKS",)),
    ("A5-PLAN-EXISTS", "division", put(lambda r: plan(r)["items"][0], division=None), "plans/city/2026.yaml",
     "id: p1", "未写明工作分工", AS_OF),
    ("A5-COVERAGE", "no_terms", put(lambda r: org(r, "city"), terms=None), "orgs/city.yaml", "id: city",
     "未登记任何届次", AS_OF),
    ("A9-PREPARATION", "materials", put(lambda r: talk(r, "t1"), preparation={"self_check_on": "2026-04-01"}),
     "talks/2026/t1.yaml", "preparation:", "对照的材料", AS_OF),
]]

CASES: list[Case] = [*MEASURES, *INPUT]

# Rules and variants a change of the clean world's records cannot break, each with the test (file and function)
# that fixes it: a file the check may not read, a git history, a built site, a report.
ELSEWHERE: dict[tuple[str, str], str] = {
    ("FILE-ENCODING", "unreadable"): "test_hostile.py::test_hostile_file_gives_its_rule_and_no_traceback",
    ("FILE-SYMLINK", "default"): "test_hostile.py::test_hostile_file_gives_its_rule_and_no_traceback",
    ("SETTINGS-UNKNOWN-BODY", "default"):
        "test_settings.py::test_a_setting_out_of_range_stops_every_command_with_exit_2",
    ("AUDIT-FINAL-CHANGED", "changed"): "test_audit_final.py::test_change_to_a_finalized_talk_is_a_warning",
    ("AUDIT-FINAL-CHANGED", "deleted"): "test_audit_final.py::test_deleting_a_finalized_record_is_an_error",
    ("A16-CONFIDENTIAL", "default"): "test_site_security.py::test_the_guard_fails_a_summary_build_that_leaks",
    ("A13-ANNUAL-REPORT", ""): "test_annual_report.py::test_sample_report_figures_match_an_independent_recount",
    ("A14-A15-ROLLUP", ""): "test_counting.py::test_the_sample_views_agree_and_018_counts_nowhere",
    ("A17-ACCOUNTABILITY", ""): "test_counting.py::test_report_and_site_list_the_same_leads",
}
