"""The hostile cases of issue 18, each with the finding a user must see (not only "no traceback").

Two validators decide about a record (jsonschema-rs quickly, jsonschema for the messages): whatever either
rejects is a finding with file, line and message.  Input that once crashed talkdocs gives its finding.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import world

from generator.engine.checker import SettingsError
from generator.findings.finding import Finding


def _findings(tmp_path: Path, records: dict[str, Any]) -> list[Finding]:
    return list(world.run(tmp_path, records).findings)


def _talk(records: dict[str, Any], tid: str = "t1") -> dict[str, Any]:
    talk: dict[str, Any] = records[f"talks/2026/{tid}.yaml"]
    return talk


@pytest.mark.parametrize("value", ["٠٣-٣١", "03-31\n", "02-30", "13-01", "02-29", "3-31"])
def test_a_plan_missing_after_that_is_no_day_of_every_year_is_a_finding(tmp_path: Path, value: str) -> None:
    records = {**world.base(), "settings.yaml": {"plan_missing_after": value}}
    with pytest.raises(SettingsError) as exc:  # exit code 2 on the command line (tests/test_settings.py)
        world.run(tmp_path, records)
    assert [(f.rule, f.path, f.line) for f in exc.value.findings] == [("SCHEMA-FORMAT", "settings.yaml", 1)]


@pytest.mark.parametrize("value", ["zhao-gang\n", "zhao-gang٣", "ｓｅｃ"])
def test_an_id_with_a_final_newline_or_non_ascii_digits_is_a_format_finding(tmp_path: Path, value: str) -> None:
    records = world.base()
    records["people/sec.yaml"]["id"] = value
    found = [(f.rule, f.line) for f in _findings(tmp_path, records) if f.path == "people/sec.yaml"]
    assert ("SCHEMA-FORMAT", 1) in found and {rule for rule, _line in found} <= {"SCHEMA-FORMAT", "FILE-NAME"}


def test_a_talker_with_a_final_newline_is_a_format_finding_not_only_dangling(tmp_path: Path) -> None:
    records = world.base()
    _talk(records, "t3")["talker"] = "dep\n"
    found = [(f.rule, f.path) for f in _findings(tmp_path, records)]
    assert found == [("SCHEMA-FORMAT", "talks/2026/t3.yaml")]


@pytest.mark.parametrize("date", ["0000-04-10", "9999-04-10", "2026-02-30", "2026-04-31"])
def test_a_date_out_of_range_or_impossible_is_a_format_finding(tmp_path: Path, date: str) -> None:
    records = world.base()
    _talk(records, "t3")["date"] = date
    found = [(f.rule, f.path, f.line) for f in _findings(tmp_path, records)]
    assert found == [("SCHEMA-FORMAT", "talks/2026/t3.yaml", world.line_of(tmp_path / "records",
                                                                           "talks/2026/t3.yaml", "date:"))]


def test_a_term_start_in_year_9999_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/city.yaml"]["terms"] = [{"number": 1, "start": "9999-06-01", "end": None}]
    found = [(f.rule, f.path) for f in _findings(tmp_path, records) if f.path == "orgs/city.yaml"]
    assert found == [("SCHEMA-FORMAT", "orgs/city.yaml")]


def test_a_talk_kind_outside_the_measures_cites_article_2(tmp_path: Path) -> None:
    records = world.base()
    _talk(records, "t3")["kind"] = "meeting"
    (finding,) = _findings(tmp_path, records)
    assert (finding.rule, finding.article, finding.path) == ("A2-SCOPE-KIND", "第二条第三款", "talks/2026/t3.yaml")


@pytest.mark.parametrize("name", ["李\x1b[2K\x1b[31m华", "李华\r", "\x1b]0;标题\x07李华", "\u202e华李", "李\u2066华"])
def test_control_and_bidi_characters_in_a_name_are_a_finding_at_their_line(tmp_path: Path, name: str) -> None:
    records = world.base()
    records["people/la.yaml"]["name"] = name
    found = [f for f in _findings(tmp_path, records) if f.path == "people/la.yaml"]
    assert [(f.rule, f.line) for f in found] == [("SCHEMA-CONTROL-CHAR", 2)]
    assert "U+" in found[0].message


def test_a_multi_line_note_is_still_text(tmp_path: Path) -> None:
    records = world.base()
    records["people/la.yaml"]["note"] = "第一行\n第二行\t缩进"
    assert _findings(tmp_path, records) == []


def test_a_record_nested_30000_levels_deep_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    records = {**world.base(), "people/deep.yaml": "id: deep\nname: " + "[" * 30000 + "]" * 30000 + "\n"}
    folder = world.write(tmp_path, records)
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--records", str(folder), "--as-of",
                           "2026-11-27", "--no-cache"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "people/deep.yaml" in done.stdout and "[YAML-TOO-DEEP]" in done.stdout


@pytest.mark.parametrize("rel", ["people/la.yaml", "orgs/county-a.yaml", "orgs/city.yaml", "people/sec.yaml"])
def test_one_syntax_error_is_one_finding(tmp_path: Path, rel: str) -> None:
    folder = world.write(tmp_path, world.base())
    (folder / rel).write_text((folder / rel).read_text(encoding="utf-8") + "oops: [unclosed\n", encoding="utf-8")
    found = [(f.rule, f.path) for f in world.check(folder, world.AS_OF).findings]
    assert found == [("YAML-SYNTAX", rel)]


def test_a_record_that_fails_its_schema_does_not_make_others_dangle(tmp_path: Path) -> None:
    records = world.base()
    records["people/la.yaml"]["name"] = 5
    found = [(f.rule, f.path) for f in _findings(tmp_path, records)]
    assert found == [("SCHEMA-TYPE", "people/la.yaml")]


@pytest.mark.parametrize(("parents", "cycle"), [
    ({"city": "city"}, {"city": "city → city"}),
    ({"city": "county-a"}, {"city": "city → county-a → city", "county-a": "county-a → city → county-a"}),
])
def test_a_cycle_of_parents_is_an_error_at_each_parent_line_naming_the_cycle(tmp_path: Path, parents: dict[str, str],
                                                                             cycle: dict[str, str]) -> None:
    records = world.base()
    for org, parent in parents.items():
        records[f"orgs/{org}.yaml"]["parent"] = parent
    folder = world.write(tmp_path, records)
    found = [f for f in world.check(folder, world.AS_OF).findings if f.rule == "REF-CYCLE"]
    assert {f.record: f.message for f in found} == {org: f"上级组织关系形成循环：{ring}" for org, ring in cycle.items()}
    for f in found:
        assert f.line == world.line_of(folder, f.path, "parent:")


def test_a_cycle_of_approving_bodies_is_an_error(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/city.yaml"].update(kind="party_group", approved_by="group-g")
    found = {(f.rule, f.record, f.message) for f in _findings(tmp_path, records) if f.rule == "REF-CYCLE"}
    assert ("REF-CYCLE", "city", "批准设立的党组织关系形成循环：city → group-g → city") in found
