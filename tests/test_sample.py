"""The sample records show exactly the findings they were built to show (records/EXPECTED.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli.app import main
from generator.rules.table import RULES

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"

# (rule, path, line, record) — as of 2026-11-27, in report order; see records/EXPECTED.md for why each is there.
EXPECTED = [
    ("A5-COVERAGE", "orgs/beishan-qw.yaml", 7, "beishan-qw"),
    ("A5-COVERAGE-LEADER-CHANGED", "orgs/nanhu-xw.yaml", 9, "nanhu-xw"),
    ("A5-COVERAGE", "orgs/xinqu-dgw.yaml", 9, "xinqu-dgw"),
    ("A5-PLAN-ITEM-DUE", "plans/shanhai-sw/2026.yaml", 29, "shanhai-sw-2026"),
    ("A11-MEASURES-LATE", "rectifications/shanhai-2026-002.yaml", 3, "shanhai-2026-002"),
    ("A11-REFLECTION-LATE", "rectifications/shanhai-2026-002.yaml", 4, "shanhai-2026-002"),
    ("A11-NOTIFY-TEAM", "rectifications/shanhai-2026-008.yaml", 5, "shanhai-2026-008"),
    ("A11-STATUS-LATE", "rectifications/shanhai-2026-009.yaml", 9, "shanhai-2026-009"),
    ("A11-STATUS-LATE", "rectifications/shanhai-2026-012.yaml", 2, "shanhai-2026-012"),
    ("A11-MEASURES-LATE", "rectifications/shanhai-2026-022.yaml", 2, "shanhai-2026-022"),
    ("A20-IN-FORCE", "talks/2026/shanhai-2026-001.yaml", 5, "shanhai-2026-001"),
    ("A5-TIMELY-TRIGGER", "talks/2026/shanhai-2026-004.yaml", 4, "shanhai-2026-004"),
    ("A7-TALKER-TEAM", "talks/2026/shanhai-2026-005.yaml", 6, "shanhai-2026-005"),
    ("A10-STEPS", "talks/2026/shanhai-2026-011.yaml", 18, "shanhai-2026-011"),
    ("A9-PREPARATION", "talks/2026/shanhai-2026-013.yaml", 15, "shanhai-2026-013"),
    ("A10-RECORD", "talks/2026/shanhai-2026-015.yaml", 2, "shanhai-2026-015"),
    ("A2-SCOPE-INTERVIEWEE", "talks/2026/shanhai-2026-016.yaml", 7, "shanhai-2026-016"),
    ("A7-SECRETARY-TALKS", "talks/2026/shanhai-2026-018.yaml", 7, "shanhai-2026-018"),
    ("A12-ARCHIVE", "talks/2026/shanhai-2026-019.yaml", 30, "shanhai-2026-019"),
    ("A12-DISTRIBUTION", "talks/2026/shanhai-2026-020.yaml", 28, "shanhai-2026-020"),
]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_reports_exactly_the_intended_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "--records", str(RECORDS), "--as-of", "2026-11-27", "--format", "json")
    findings = json.loads(out)
    prefix = "records/"  # JSON paths are relative to the git work tree root, however --records was written
    assert [(f["rule"], f["path"].removeprefix(prefix), f["line"], f["record"]) for f in findings] == EXPECTED
    assert code == 1
    for f in findings:
        assert set(f) == {"rule", "severity", "path", "line", "column", "record", "message", "hint", "article", "days"}
        assert re.search(r"[\u4e00-\u9fff]", f["message"]) and f["article"].startswith("第")


def test_every_expected_finding_is_listed_in_expected_md() -> None:
    text = (RECORDS / "EXPECTED.md").read_text(encoding="utf-8")
    for rule, _path, _line, record in EXPECTED:
        assert re.search(rf"{re.escape(rule)}.*{re.escape(record.removesuffix('-2026').replace('shanhai-sw', 'p04'))}"
                         rf"|{re.escape(rule)}.*{re.escape(record)}", text), (rule, record)


def test_text_report_is_chinese_and_grouped_by_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "--records", str(RECORDS), "--as-of", "2026-11-27")
    assert code == 1
    assert "talks/2026/shanhai-2026-018.yaml\n  7:1 错误 [A7-SECRETARY-TALKS]（第七条）" in out
    assert "提示：" in out and out.rstrip().endswith("错误 8 项，警告 11 项，提示 1 项")


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "check", "--records", "records", "--as-of", "2026-11-27", "--format", "github")
    lines = out.splitlines()
    assert "::error file=records/talks/2026/shanhai-2026-018.yaml,line=7,col=1,title=A7-SECRETARY-TALKS::" in out
    assert sum(line.startswith("::warning ") for line in lines) == 11
    assert sum(line.startswith("::notice ") for line in lines) == 1


def test_fail_on_warning_and_as_of_change_the_outcome(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Before the first talk nothing is late yet: only the pre-Measures info and the not-yet-due plan remain.
    code, out, _ = _run(capsys, "check", "--records", str(RECORDS), "--as-of", "2026-01-20", "--format", "json")
    assert code == 0 and [f["rule"] for f in json.loads(out)] == ["A20-IN-FORCE"]
    code, _, _ = _run(capsys, "check", "--records", str(RECORDS), "--as-of", "2026-01-20", "--fail-on", "warning")
    assert code == 0


def test_usage_errors_exit_2_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "check", "--records", str(tmp_path / "none"))
    assert code == 2 and "记录文件夹" in err
    with pytest.raises(SystemExit) as exc:
        main(["check", "--as-of", "2026-13-01"])
    assert exc.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_rules_lists_every_rule_of_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "rules", "--all", "--format", "json")
    listed = {r["id"]: r for r in json.loads(out)["rules"]}
    assert sorted(listed) == sorted(RULES)
    assert all(listed[rule.id]["article"] == rule.article for rule in RULES.values())
    _, out, _ = _run(capsys, "rules", "--format", "json")
    measures = {r.id for r in RULES.values() if r.group in ("measures", "audit")}
    assert {r["id"] for r in json.loads(out)} == measures and len(measures) < len(RULES)
    _, text, _ = _run(capsys, "rules")
    assert all(rule_id in text for rule_id in measures)
    assert "A11-MEASURES-LATE" in text and "第十一条第一款" in text and "错误／警告" in text


def test_coverage_prints_the_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "coverage", "--records", str(RECORDS), "--as-of", "2026-11-27",
                        "--committee", "shanhai-sw")
    assert code == 0
    assert "山海市委 第8届任期（2022年1月10日至2027年1月9日（未登记届满日期，按5年推算），未结束）" in out
    # 018 is a periodic talk by the deputy secretary (A7-SECRETARY-TALKS): shown, never as covered
    assert re.search(r"西江区委 .*07-22（谈话不计入覆盖：书记作为谈话人，A7-SECRETARY-TALKS） .*已列入计划", out)
    assert re.search(r"南湖县委 .*已覆盖（新任“一把手”尚未谈话）", out)
    assert re.search(r"山海新区党工委 .*有未覆盖风险", out)
    code, out, _ = _run(capsys, "coverage", "--records", str(RECORDS), "--as-of", "2026-11-27", "--format", "json")
    matrices = json.loads(out)
    rows = {r["org"]: r for m in matrices if m["committee"] == "shanhai-sw" for r in m["rows"]}
    assert rows["xinqu-dgw"]["state"] == "at_risk" and rows["guozi-dz"]["state"] == "not_applicable"
    assert rows["beishan-qw"]["state"] == "at_risk"  # its only plan item p04 is overdue
    assert rows["xijiang-qw"]["talks"] == []
    assert rows["xijiang-qw"]["void_talks"] == [{"talk": "shanhai-2026-018", "rule": "A7-SECRETARY-TALKS"}]
    assert {m["committee"]: m["end_estimated"] for m in matrices} == {"donghai-sw": True, "shanhai-sw": True}


def _yaml(rel: str) -> dict[str, object]:
    import yaml

    data = yaml.safe_load((RECORDS / rel).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_sample_standing_committee_has_a_realistic_size() -> None:
    team = _yaml("orgs/shanhai-sw.yaml")["leadership_team"]
    assert isinstance(team, list)
    on_day = [m for m in team if m["from"] <= "2026-11-27" and (m["to"] is None or m["to"] >= "2026-11-27")]
    assert 11 <= len(on_day) <= 13


def test_sample_plan_is_not_approved_on_the_spring_festival_holiday() -> None:
    approved = str(_yaml("plans/shanhai-sw/2026.yaml")["approved_on"])
    assert not "2026-02-15" <= approved <= "2026-02-23"


def test_sample_copies_go_to_the_municipal_discipline_body() -> None:
    for path in sorted((RECORDS / "talks").rglob("*.yaml")):
        talk = _yaml(str(path.relative_to(RECORDS)))
        for entry in talk.get("distribution") or []:  # type: ignore[attr-defined]
            if entry["unit"] == "discipline":
                assert entry["name"] == "市纪委监委", path.name


def test_sample_xinqu_is_a_work_committee_set_up_by_the_city_committee() -> None:
    org = _yaml("orgs/xinqu-dgw.yaml")
    assert org["kind"] == "work_committee" and org["approved_by"] == "shanhai-sw" and "terms" not in org


def test_sample_triggers_are_coded_under_the_right_item() -> None:
    for path in sorted((RECORDS / "talks").rglob("*.yaml")):
        talk = _yaml(str(path.relative_to(RECORDS)))
        for trig in talk.get("triggers") or []:  # type: ignore[attr-defined]
            detail = trig.get("detail", "")
            if trig["code"] == "inspection_findings":  # (三): 主体责任检查、考核 — not 巡察 feedback or audits
                assert "主体责任检查" in detail or "考核" in detail, path.name
            if trig["code"] == "petitions":  # (一): 信访举报 about 管党治党
                assert "信访举报" in detail and "管党治党" in detail, path.name
            if trig["code"] == "criticized":  # (二): criticized by an upper Party org, or 负面舆情
                assert "审计厅" not in detail and ("上级" in detail or "市委" in detail or "舆情" in detail), path.name
