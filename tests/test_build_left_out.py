"""``talkdocs build`` never leaves records out silently, never leaves its work folder behind, and
``talkdocs report -o`` never writes over a record or an existing file by mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import world

from generator.cli.app import main
from generator.site import builder

RECORDS = Path(__file__).resolve().parent.parent / "records"


def _sample_with_a_typo(tmp_path: Path) -> Path:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    talk = next(iter(sorted((records / "talks").rglob("*.yaml"))))
    talk.write_text(talk.read_text(encoding="utf-8") + "Confidential: true\n", encoding="utf-8")
    return records


def _build(records: Path, site: Path, *extra: str) -> int:
    return main(["build", "--records", str(records), "--site-dir", str(site), "--as-of", "2026-11-27",
                 "--no-history", *extra])


def test_build_names_the_records_it_left_out_on_the_console_and_every_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _sample_with_a_typo(tmp_path)
    talk = sorted((records / "talks").rglob("*.yaml"))[0].relative_to(records).as_posix()
    assert _build(records, tmp_path / "site") == 0
    err = capsys.readouterr().err
    assert "个记录文件因有错误未收入站点" in err and talk in err and "SCHEMA-UNKNOWN-FIELD" in err
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "因有错误未收入本站点" in index


def test_a_flag_makes_left_out_records_an_error_for_ci(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _sample_with_a_typo(tmp_path)
    assert _build(records, tmp_path / "site", "--fail-on-left-out") == 3
    assert "--fail-on-left-out" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_clean_build_says_nothing_is_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _build(RECORDS, tmp_path / "site", "--fail-on-left-out") == 0
    assert "未收入" not in capsys.readouterr().err
    assert "未收入本站点" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_an_interrupted_build_removes_its_work_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*_args: object) -> None:
        assert list(tmp_path.glob(f"{builder.WORK_PREFIX}*/")), "the work folder is made before MkDocs runs"
        raise KeyboardInterrupt

    monkeypatch.setattr(builder, "run_mkdocs", interrupted)
    assert _build(RECORDS, tmp_path / "site") == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    gitignore = (Path(__file__).resolve().parent.parent / ".gitignore").read_text(encoding="utf-8")
    assert f"{builder.WORK_PREFIX}*/" in gitignore.splitlines()


def _report(records: Path, output: Path, *extra: str) -> int:
    return main(["report", "--records", str(records), "--committee", "shanhai-sw", "--year", "2026", "--as-of",
                 "2026-11-27", "--format", "md", "-o", str(output), *extra])


def test_report_refuses_to_write_inside_the_records_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    person = sorted((records / "people").glob("*.yaml"))[0]
    before = person.read_bytes()
    for target in (person, records / "new-report.md", records / "talks" / "2026" / "r.md"):
        assert _report(records, target, "--force") == 2
        assert "不能把报告写入记录文件夹" in capsys.readouterr().err
    assert person.read_bytes() == before
    assert not (records / "new-report.md").exists()


def test_report_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "报告.md"
    target.write_text("办公室自己写的文字\n", encoding="utf-8")
    assert _report(RECORDS, target) == 2
    assert "已存在，未覆盖" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "办公室自己写的文字\n"
    assert _report(RECORDS, target, "--force") == 0
    assert "年度" in target.read_text(encoding="utf-8")


def test_every_record_kind_left_out_is_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = world.base()
    records["people/la.yaml"]["nmae"] = "x"
    result = world.run(tmp_path, records)
    left = dict(result.left_out())
    # la is invalid; county-a (its leader) and t1 with its rectification refer to it, and go too
    assert set(left) == {"people/la.yaml", "orgs/county-a.yaml", "talks/2026/t1.yaml", "rectifications/t1.yaml"}
    assert left["people/la.yaml"].startswith("[SCHEMA-UNKNOWN-FIELD]")
