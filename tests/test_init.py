"""``talkdocs init DIR``: a new office's repository that passes ``talkdocs check`` with no options, asks on a
terminal and writes marked placeholders without one, never overwrites, and whose editor settings, schema
lines, pre-commit hook and CI files work in that repository as written."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml

from generator.cli.app import main
from generator.scaffold import files as scaffold_files

ROOT = Path(__file__).resolve().parent.parent
OFFICE = ["--name", "中共清河县委员会", "--short-name", "清河县委", "--id", "qinghe-xw", "--kind",
          "county_committee", "--term", "15", "--term-start", "2021-09-28"]


def _init(folder: Path, *options: str) -> int:
    return main(["init", str(folder), *options])


def _check_here(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.chdir(folder)
    capsys.readouterr()
    assert main(["check", "--as-of", "2026-11-27"]) == 0  # no --records: the repository's own records/
    return capsys.readouterr().out


def test_without_a_terminal_placeholders_are_written_marked_and_listed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "office"
    assert _init(folder) == 0  # pytest's stdin is no terminal: nothing is asked
    out = capsys.readouterr().out
    for rel in ("records/settings.yaml", "records/orgs/committee.yaml", "mkdocs.yml", "docs/index.md",
                ".gitignore", ".pre-commit-config.yaml", ".github/workflows/talkdocs.yml", ".gitlab-ci.yml",
                ".vscode/settings.json", "schemas/talk.schema.json", "schemas/common.schema.json"):
        assert (folder / rel).is_file(), rel
        assert f"已新建 {folder / rel}" in out
    listed = re.findall(r"  (\S+) 第 (\d+) 行：(.+)", out)
    assert {Path(p).relative_to(folder).as_posix() for p, _n, _w in listed} == {
        "records/settings.yaml", "records/orgs/committee.yaml", "mkdocs.yml"}
    for path, number, what in listed:  # each listed line is the marked line, and says what to write
        line = Path(path).read_text(encoding="utf-8").splitlines()[int(number) - 1]
        assert f"# 待填写：{what}" in line
    assert any("组织全称" in w for _p, _n, w in listed) and any("届次" in w for _p, _n, w in listed)
    assert "A5-COVERAGE" not in _check_here(folder, monkeypatch, capsys)


def test_options_answer_every_question_and_the_records_say_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "office"
    assert _init(folder, *OFFICE) == 0
    out = capsys.readouterr().out
    assert "占位值" not in out
    org = yaml.safe_load((folder / "records/orgs/qinghe-xw.yaml").read_text(encoding="utf-8"))
    assert org == {"id": "qinghe-xw", "name": "中共清河县委员会", "short_name": "清河县委", "kind": "county_committee",
                   "terms": [{"number": 15, "start": "2021-09-28", "end": None}]}
    settings = yaml.safe_load((folder / "records/settings.yaml").read_text(encoding="utf-8"))
    assert settings == {"repository_name": "清河县委监督谈话档案", "bodies": ["qinghe-xw"]}
    site = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site["site_name"] == "清河县委监督谈话档案" and site["theme"]["font"] is False
    assert "待填写" not in "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.y*ml"))
    said = _check_here(folder, monkeypatch, capsys)
    assert "清河县委" in said and "错误 0 项" in said


def test_a_party_group_gets_the_committee_whose_term_it_follows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "office"
    assert _init(folder, "--name", "中共清河县人民政府党组", "--id", "qinghe-zf-dz", "--kind", "party_group",
                 "--term", "15", "--term-start", "2021-09-28") == 0
    out = capsys.readouterr().out
    body = yaml.safe_load((folder / "records/orgs/qinghe-zf-dz.yaml").read_text(encoding="utf-8"))
    assert body["approved_by"] == "approving-committee" and "terms" not in body
    approver = yaml.safe_load((folder / "records/orgs/approving-committee.yaml").read_text(encoding="utf-8"))
    assert approver["terms"] == [{"number": 15, "start": "2021-09-28", "end": None}]
    assert "批准设立机关 approved_by" in out
    assert "A5-COVERAGE" not in _check_here(folder, monkeypatch, capsys)


def test_init_never_overwrites_and_fills_in_what_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "mkdocs.yml").write_bytes(b"site_name: mine\n")
    (folder / ".gitignore").write_bytes(b"/mine/\n")
    assert _init(folder, *OFFICE) == 0
    out = capsys.readouterr().out
    assert (folder / "mkdocs.yml").read_bytes() == b"site_name: mine\n"
    assert (folder / ".gitignore").read_bytes() == b"/mine/\n"
    assert f"已存在，未覆盖：{folder / 'mkdocs.yml'}" in out and (folder / "records/orgs/qinghe-xw.yaml").is_file()
    (folder / "schemas/talk.schema.json").unlink()
    (folder / "mkdocs.yml").unlink()
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert _init(folder) == 0  # again, in a repository with records: no record stub, only the missing files
    out = capsys.readouterr().out
    assert re.findall(r"已新建 (\S+)", out) == [str(folder / "mkdocs.yml"), str(folder / "schemas/talk.schema.json")]
    assert all(p.read_bytes() == data for p, data in before.items())
    assert yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == "清河县委监督谈话档案"


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--id", "Qing He", "不是有效编号"), ("--kind", "county", "组织类型“county”无效"),
    ("--term-start", "2021-02-30", "YYYY-MM-DD"), ("--term", "第15届", "正整数"), ("--name", "  ", "不能为空")])
def test_a_bad_option_writes_nothing_and_says_what_to_write(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           option: str, value: str, said: str) -> None:
    assert _init(tmp_path / "office", option, value) == 2
    err = capsys.readouterr().err
    assert option in err and said in err.replace("编号“Qing He”无效", "不是有效编号")
    assert not (tmp_path / "office").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_init_asks_and_asks_again_after_a_bad_answer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # name, short name (skipped), id (bad, then good), kind by its number in the list, term, term start
    answers = ["中共清河县委员会", "", "QH", "qinghe-xw", "3", "15", "2021-09-28"]
    monkeypatch.setattr("sys.stdin", _Terminal("\n".join(answers) + "\n"))
    assert _init(tmp_path / "office") == 0
    out = capsys.readouterr().out
    assert "编号“QH”无效" in out and "占位值" not in out
    org = yaml.safe_load((tmp_path / "office/records/orgs/qinghe-xw.yaml").read_text(encoding="utf-8"))
    assert org["kind"] == "county_committee" and org["name"] == "中共清河县委员会" and "short_name" not in org


def test_editor_settings_and_schema_lines_resolve_inside_the_new_repository(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    assert _init(folder, *OFFICE) == 0
    assert main(["new", "person", "--records", str(folder / "records"), "--id", "wang-fang"]) == 0
    mapping = json.loads((folder / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert {(folder / ref).resolve() for ref in mapping} == {p.resolve() for p in (folder / "schemas").glob("*")
                                                             if p.name != "common.schema.json"}
    for record in (folder / "records").rglob("*.yaml"):
        first = record.read_text(encoding="utf-8").splitlines()[0]
        ref = first.removeprefix("# yaml-language-server: $schema=")
        assert ref != first and not Path(ref).is_absolute(), record
        assert (record.parent / ref).resolve().parent == (folder / "schemas").resolve(), record
        assert (record.parent / ref).is_file(), record


def test_new_writes_no_machine_path_where_the_repository_has_no_schemas(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "office/records"
    records.mkdir(parents=True)
    assert main(["new", "person", "--records", str(records), "--id", "wang-fang"]) == 0
    assert (records / "people/wang-fang.yaml").read_text(encoding="utf-8").startswith("id: wang-fang\n")
    assert "talkdocs init ." in capsys.readouterr().out


def test_this_repository_uses_the_files_init_writes() -> None:
    """README's pre-commit block and this repository's editor settings are the ones ``init`` gives an office."""
    templates = scaffold_files.TEMPLATES
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- pre-commit-config -->\n```yaml\n(.*?)```", readme, re.S)
    assert block and block.group(1) == (templates / "pre-commit-config.yaml").read_text(encoding="utf-8")
    assert (ROOT / ".vscode/settings.json").read_bytes() == (templates / "vscode-settings.json").read_bytes()
