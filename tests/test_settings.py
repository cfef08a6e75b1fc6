"""Policy settings live in records/settings.yaml, are validated like records and change the findings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import world

from generator.cli.app import main
from generator.engine.checker import SettingsError
from generator.findings.finding import Finding
from generator.measures import counting, coverage
from generator.model import audience
from generator.model.settings import POLICIES
from generator.rules.table import RULES
from generator.site import links, pages, render


def _refused(tmp_path: Path, records: dict[str, Any]) -> tuple[Finding, ...]:
    with pytest.raises(SettingsError) as exc:
        world.run(tmp_path, records)
    return exc.value.findings


def test_a_typo_in_a_setting_is_an_error_not_a_silent_default(tmp_path: Path) -> None:
    records = {**world.base(), "settings.yaml": "coverage_risk_month: 12\n"}
    (finding,) = _refused(tmp_path, records)
    assert (finding.rule, finding.path, finding.line) == ("SCHEMA-UNKNOWN-FIELD", "settings.yaml", 1)
    assert "coverage_risk_months" in finding.hint


def test_a_wrong_value_in_a_setting_is_an_error(tmp_path: Path) -> None:
    records = {**world.base(), "settings.yaml": "leader_change_counts_as: maybe\n"}
    (finding,) = _refused(tmp_path, records)
    assert finding.rule == "SCHEMA-ENUM" and "covered" in finding.hint


@pytest.mark.parametrize(("text", "rule", "line"), [
    ('repository_name: 档案\nplan_missing_after: "02-30"\n', "SCHEMA-FORMAT", 2),
    ('plan_missing_after: "13-01"\n', "SCHEMA-FORMAT", 1),
    ("term_years: 8000\n", "SCHEMA-INVALID", 1),
    ("coverage_risk_months: 100000\n", "SCHEMA-INVALID", 1),
    ("due_soon_days: 99999999\n", "SCHEMA-INVALID", 1),
    ("bodies: [city, no-such-org]\n", "SETTINGS-UNKNOWN-BODY", 1),
])
def test_a_setting_out_of_range_stops_every_command_with_exit_2(tmp_path: Path, text: str, rule: str, line: int,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    (finding,) = _refused(tmp_path / "a", {**world.base(), "settings.yaml": text})
    assert (finding.rule, finding.line) == (rule, line)
    folder = world.write(tmp_path / "b", {**world.base(), "settings.yaml": text})
    report = ["report", "--committee", "city", "--year", "2026", "-o", str(tmp_path / "r.md"), "--format", "md"]
    for command in (["check", "--no-cache"], ["coverage"], report):
        code = main([*command, "--records", str(folder), "--as-of", "2026-11-27"])
        out, err = capsys.readouterr()
        assert code == 2, (command, out, err)
        assert f"settings.yaml:{line}:" in err and "Traceback" not in out + err, (command, err)


def test_distribution_required_setting(tmp_path: Path) -> None:
    records = world.base()
    records["settings.yaml"] = "distribution_required: [discipline, organization, inspection]\n"
    findings = world.run(tmp_path, records).findings
    assert {(f.rule, f.record) for f in findings} == {("A12-DISTRIBUTION", t) for t in ("t1", "t2", "t3")}
    assert all("巡视巡察机构" in f.message for f in findings)


def test_plan_missing_after_setting(tmp_path: Path) -> None:
    records = world.base()
    del records["plans/city/2026.yaml"]
    for tid in ("t1", "t2"):
        records[f"talks/2026/{tid}.yaml"]["kind"] = "timely"
        records[f"talks/2026/{tid}.yaml"].pop("plan_item")
        records[f"talks/2026/{tid}.yaml"]["triggers"] = [{"code": "petitions"}]
    import datetime as dt

    early = world.run(tmp_path / "a", {**records, "settings.yaml": 'plan_missing_after: "12-31"\n'})
    assert "A5-PLAN-EXISTS" not in {f.rule for f in early.findings}
    late = world.run(tmp_path / "b", records, dt.date(2026, 4, 1))
    assert "A5-PLAN-EXISTS" in {f.rule for f in late.findings}


def test_rules_all_shows_every_open_choice_with_value_default_and_article(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = world.write(tmp_path, {**world.base(), "settings.yaml": "term_years: 4\n"})
    assert main(["rules", "--all", "--records", str(folder)]) == 0
    out = capsys.readouterr().out
    for policy in POLICIES:
        line = next(line for line in out.splitlines() if line.startswith(policy.name + " "))
        assert f"默认 {policy.default}；{policy.article}" in line, line
    assert "term_years                     = 4（已改）；默认 5；第五条第二款" in out
    assert "work_committee_secretary_talk  = 否；默认 否；第七条" in out
    # each setting also in words: its Chinese meaning, the value in force and the default as an office reads them
    assert "谈话后“一把手”更换时，本届覆盖如何计算：现行为“仍算已覆盖（另作提示）”" in out
    assert "定稿谈话必须抄送的单位：现行为“纪律检查机关、组织（人事）部门”" in out
    assert "可设置：leader_change_counts_as（谈话后“一把手”更换时，本届覆盖如何计算）" in out  # under its rule
    assert "未登记届满日期时，一届任期按几年推算：现行为“4年”，默认为“5年”" in out
    assert main(["rules", "--all", "--format", "json", "--records", str(folder)]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)["settings"]}
    assert rows["term_years"] == {**rows["term_years"], "value": "4", "default": "5", "article": "第五条第二款",
                                  "value_words": "4年", "default_words": "5年"}
    assert rows["plan_missing_after"]["meaning"] == "年度计划最迟制定日期（每年）"
    assert set(rows) == {p.name for p in POLICIES}
    assert {r for rule in RULES.values() for r in rule.policies} <= set(rows)  # every rule's setting is listed


def test_rules_all_refuses_a_broken_settings_file_like_every_command(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = world.write(tmp_path, {**world.base(), "settings.yaml": "term_year: 4\n"})
    assert main(["rules", "--all", "--records", str(folder)]) == 2
    assert "settings.yaml:1:" in capsys.readouterr().err


def _work_committee_world() -> dict[str, Any]:
    """The clean world with a 新区党工委 whose secretary is talked to by the deputy secretary in a periodic talk."""
    records = world.base()
    records["orgs/xq.yaml"] = {"id": "xq", "name": "中共测试新区工作委员会", "short_name": "测试新区党工委",
                               "kind": "work_committee", "parent": "city", "approved_by": "city",
                               "leaders": [{"person": "ln", "from": "2024-03-01", "to": None}]}
    records["plans/city/2026.yaml"]["items"].append(
        {"id": "p3", "org": "xq", "talker": "dep", "due": "2026-10-31", "division": "市委办公室牵头"})
    records["talks/2026/t4.yaml"] = {**records["talks/2026/t2.yaml"], "id": "t4", "plan_item": "p3",
                                     "date": "2026-06-03", "interviewee": "ln", "interviewee_org": "xq"}
    records["rectifications/t4.yaml"] = {**records["rectifications/t2.yaml"], "talk": "t4",
                                         "measures_submitted_on": "2026-06-30", "reflection_submitted_on": "2026-06-30",
                                         "team_notified_on": "2026-07-01", "status_report_on": "2026-08-30"}
    return records


def test_a_work_committee_secretary_may_be_talked_to_by_a_deputy_by_default(tmp_path: Path) -> None:
    result = world.run(tmp_path, _work_committee_world())
    assert [f for f in result.findings if f.rule.startswith("A7")] == []
    assert counting.counts(result.repository, result.context, result.repository.talks["t4"])


def test_work_committee_secretary_talk_applies_article_7_to_a_work_committee(tmp_path: Path) -> None:
    records = {**_work_committee_world(), "settings.yaml": "work_committee_secretary_talk: true\n"}
    result = world.run(tmp_path, records)
    found = sorted((f.rule, f.record, dict(f.data)["variant"]) for f in result.findings if f.rule.startswith("A7"))
    assert found == [("A7-SECRETARY-TALKS", "city-2026", "plan"), ("A7-SECRETARY-TALKS", "t4", "default")]
    assert counting.disqualified(result.repository, result.context, result.repository.talks["t4"]) == \
        "A7-SECRETARY-TALKS"


def test_a_subdistrict_committee_counts_by_the_terms_of_the_committee_that_set_it_up(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/jd.yaml"] = {"id": "jd", "name": "中共测试街道工作委员会", "short_name": "测试街道党工委",
                               "kind": "subdistrict_committee", "parent": "city",
                               "terms": [{"number": 3, "start": "2025-05-01", "end": None}],  # not its own: ignored
                               "leaders": [{"person": "ln", "from": "2024-03-01", "to": None}],
                               "leadership_team": [{"person": "ln", "role": "secretary", "from": "2024-03-01",
                                                    "to": None}]}
    records["orgs/sq.yaml"] = {"id": "sq", "name": "测试社区党委", "kind": "grassroots_org", "parent": "jd",
                               "leaders": [{"person": "la", "from": "2024-03-01", "to": None}]}
    result = world.run(tmp_path, records)
    repo = result.repository
    (window,) = coverage.windows(repo, repo.orgs["jd"], result.context)
    assert (window.owner.id, window.term.number, window.start.isoformat()) == ("city", 1, "2024-01-01")
    records["orgs/jd.yaml"]["approved_by"] = "city"
    again = world.run(tmp_path / "b", records)
    (window,) = coverage.windows(again.repository, again.repository.orgs["jd"], again.context)
    assert window.owner.id == "city"


def test_the_site_rules_page_lists_each_open_choice_with_its_article_value_and_default(tmp_path: Path) -> None:
    folder = world.write(tmp_path, {**world.base(), "settings.yaml": "work_committee_secretary_talk: true\n"})
    result = world.check(folder, world.AS_OF)
    view = audience.select(result, "full", folder)
    _site, planned, _nav = pages.plan_site(view, result.context, folder)
    page = next(p for p in planned if p.path == links.RULES)
    body = render.body(page.template, page.path, page.context)
    row = re.search(r'<tr id="policy-work_committee_secretary_talk">(.*?)</tr>', body, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row[1], re.S)
    # article, what it decides, the value in force and the default, in words (the setting's key is not shown)
    assert cells[0:1] == ["第七条"] and cells[2:4] == ["是", "否"], cells
    assert all(f'id="policy-{p.name}"' in body and f'id="setting-{p.name}"' in body for p in POLICIES)
