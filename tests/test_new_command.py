"""``talkdocs new`` writes a record from a template with the next id and never overwrites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import world

from generator.cli.app import main


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
    with pytest.raises(SystemExit) as exc:
        main(["new", "org", "--records", str(tmp_path)])
    assert exc.value.code == 2 and "--id" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["new", "person", "--records", str(tmp_path), "--id", "Bad Id"])
    assert "不是有效编号" in capsys.readouterr().err
