"""Policy settings live in records/settings.yaml, are validated like records and change the findings."""

from __future__ import annotations

from pathlib import Path

import world


def test_a_typo_in_a_setting_is_an_error_not_a_silent_default(tmp_path: Path) -> None:
    records = {**world.base(), "settings.yaml": "coverage_risk_month: 12\n"}
    (finding,) = world.run(tmp_path, records).findings
    assert (finding.rule, finding.path, finding.line) == ("SCHEMA-UNKNOWN-FIELD", "settings.yaml", 1)
    assert "coverage_risk_months" in finding.hint


def test_a_wrong_value_in_a_setting_is_an_error(tmp_path: Path) -> None:
    records = {**world.base(), "settings.yaml": "leader_change_counts_as: maybe\n"}
    (finding,) = world.run(tmp_path, records).findings
    assert finding.rule == "SCHEMA-ENUM" and "covered" in finding.hint


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
