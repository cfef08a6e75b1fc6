"""``talkdocs new`` writes a record from a template with the next id and never overwrites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import world

from generator.cli.app import main
from generator.model import catalog


def test_new_talk_takes_the_next_id_and_refuses_to_overwrite(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = world.write(tmp_path, world.base())
    shutil.copytree(Path(__file__).resolve().parent.parent / "schemas", tmp_path / "schemas")  # as `init` leaves it
    (folder / "talks/2026/city-2026-007.yaml").write_text("id: city-2026-007\ncommittee: city\n", encoding="utf-8")
    args = ["new", "talk", "--records", str(folder), "--committee", "city", "--today", "2026-11-28"]
    assert main(args) == 0
    created = folder / "talks/2026/city-2026-008.yaml"
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/talk.schema.json\n")  # the repo's copy
    assert 'date: "2026-11-28"' in text and "id: city-2026-008" in text
    assert "2026-12-28 前" in text and "2027-02-28 前" in text  # both Art. 11 due dates, month-end clamped
    capsys.readouterr()
    (folder / "talks/2026/city-2026-009.yaml").write_text("keep me", encoding="utf-8")
    assert main([*args, "--id", "city-2026-009"]) == 2
    assert "已存在" in capsys.readouterr().err
    assert (folder / "talks/2026/city-2026-009.yaml").read_text(encoding="utf-8") == "keep me"


def test_new_templates_are_reported_until_filled_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = world.write(tmp_path, world.base())
    assert main(["new", "person", "--records", str(folder), "--id", "wu-qi"]) == 0
    capsys.readouterr()
    assert main(["check", "--records", str(folder), "--as-of", "2026-11-27"]) == 0  # a person template is valid
    assert main(["new", "plan", "--records", str(folder), "--committee", "city", "--year", "2027"]) == 0
    capsys.readouterr()
    assert main(["check", "--records", str(folder), "--as-of", "2026-11-27"]) == 1
    out = capsys.readouterr().out
    assert "records/plans/city/2027.yaml" in out.replace(str(folder), "records") and "SCHEMA-FORMAT" in out


def test_new_needs_its_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "org", "--records", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "talkdocs new：新建 org 需要 --id\n"
    assert main(["new", "person", "--records", str(tmp_path), "--id", "Bad Id"]) == 2
    assert "不是有效编号" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_new_talk_states_the_due_dates_under_the_repositorys_rollover_policy(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = world.base()
    folder = world.write(tmp_path, records)
    args = ["new", "talk", "--records", str(folder), "--committee", "city", "--today", "2026-09-05"]
    assert main(args) == 0
    assert "整改措施 2026-10-05 前、整改情况 2026-12-05 前" in (folder / "talks/2026/city-2026-001.yaml").read_text(
        encoding="utf-8")
    (folder / "settings.yaml").write_text("deadline_rollover: true\n", encoding="utf-8")
    assert main([*args, "--id", "city-2026-101"]) == 0
    # 2026-10-05 falls in the National Day holiday, 2026-12-05 on a Saturday: both move to the next working day.
    assert "整改措施 2026-10-08 前、整改情况 2026-12-07 前" in (folder / "talks/2026/city-2026-101.yaml").read_text(
        encoding="utf-8")
    capsys.readouterr()
    (folder / "settings.yaml").write_text("deadline_rollover: maybe\n", encoding="utf-8")
    assert main([*args, "--id", "city-2026-102"]) == 2
    assert "settings.yaml" in capsys.readouterr().err and not (folder / "talks/2026/city-2026-102.yaml").exists()


def test_new_talk_goes_on_with_the_prefix_the_committee_already_uses(tmp_path: Path) -> None:
    folder = world.write(tmp_path, world.base())
    (folder / "talks/2025").mkdir()
    (folder / "talks/2025/cs-2025-014.yaml").write_text("id: cs-2025-014\ncommittee: city\n", encoding="utf-8")
    (folder / "talks/2025/other-2025-020.yaml").write_text("id: other-2025-020\ncommittee: city-2\n",
                                                           encoding="utf-8")
    assert main(["new", "talk", "--records", str(folder), "--committee", "city", "--today", "2026-03-02"]) == 0
    assert (folder / "talks/2026/cs-2026-001.yaml").is_file()
    assert main(["new", "talk", "--records", str(folder), "--committee", "county-a-sw", "--today", "2026-03-02"]) == 0
    assert (folder / "talks/2026/county-a-sw-2026-001.yaml").is_file()  # no suffix of the id is cut off


def test_new_talk_lists_the_steps_of_article_10_in_order(tmp_path: Path) -> None:
    folder = world.write(tmp_path, world.base())
    assert main(["new", "talk", "--records", str(folder), "--committee", "city", "--today", "2026-03-02"]) == 0
    text = (folder / "talks/2026/city-2026-001.yaml").read_text(encoding="utf-8")
    steps = [line.split("step: ")[1].split(",")[0] for line in text.splitlines() if "{step: " in line]
    assert tuple(steps) == catalog.STEP_ORDER
