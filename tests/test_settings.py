"""Policy settings live in records/settings.yaml, are validated like records and change the findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import world

from generator.cli.app import main
from generator.engine.checker import SettingsError
from generator.findings.finding import Finding


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
