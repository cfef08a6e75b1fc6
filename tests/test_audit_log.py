"""``talkdocs log RECORD``: each commit that touched a record, who and when, field by field, across renames."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitworld import GitWorld, edited_world, talkdocs

pytestmark = pytest.mark.usefixtures("git_env")


def test_log_of_a_talk_id_shows_the_talk_and_its_rectification(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    repo, a, b = edited_world(tmp_path)
    code, out, _err = talkdocs(capsys, "log", "t1", "--records", str(repo.records))
    assert code == 0
    assert out == f"""talks/2026/t1.yaml（谈话 t1）
首次记录：2026-04-01 张三（{a[:7]}）；最后修改：2026-04-10 李四（{b[:7]}）；共 2 次提交

{b[:7]}  2026-04-10T15:30:00+08:00  李四 <li@example.org>
    更正谈话记录

    按审核意见修改。
  修改
    steps[2].summary：“摘要” → “就有关问题作出说明”
    problems[id=q0]：新增 {{id: “q0”, area: “other”, text: “新问题”}}
    problems[id=q2].text：已修改（保密内容不显示）
    distribution[1].on：“2026-06-01” → “2026-06-03”

{a[:7]}  2026-04-01T09:00:00+08:00  张三 <zhang@example.org>
    新增谈话记录
  新增

rectifications/t1.yaml（整改 t1）
首次记录：2026-04-01 张三（{a[:7]}）；最后修改：2026-04-01 张三（{a[:7]}）；共 1 次提交

{a[:7]}  2026-04-01T09:00:00+08:00  张三 <zhang@example.org>
    新增谈话记录
  新增

保密内容未显示；有权限查看时加 --audience full。
"""


def test_log_follows_renames(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    repo, a, b = edited_world(tmp_path)
    repo.rename("people/zhou-xin.yaml", "people/zhou-x.yaml")
    c = repo.commit("再改文件名", "2026-04-20T08:00:00+08:00")
    monkeypatch.chdir(repo.top)
    code, out, _err = talkdocs(capsys, "log", "records/people/zhou-x.yaml")
    assert code == 0
    assert out == f"""people/zhou-x.yaml（人员 zhou-x）
曾用路径：people/ln.yaml、people/zhou-xin.yaml
首次记录：2026-04-01 张三（{a[:7]}）；最后修改：2026-04-20 张三（{c[:7]}）；共 3 次提交

{c[:7]}  2026-04-20T08:00:00+08:00  张三 <zhang@example.org>
    再改文件名
  改名 people/zhou-xin.yaml → people/zhou-x.yaml

{b[:7]}  2026-04-10T15:30:00+08:00  李四 <li@example.org>
    更正谈话记录

    按审核意见修改。
  改名 people/ln.yaml → people/zhou-xin.yaml
    id：“ln” → “zhou-xin”

{a[:7]}  2026-04-01T09:00:00+08:00  张三 <zhang@example.org>
    新增谈话记录
  新增
"""


def test_log_by_an_old_id_finds_the_renamed_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _a, _b = edited_world(tmp_path)
    _code, out, _err = talkdocs(capsys, "log", "ln", "--records", str(repo.records))
    assert out.splitlines()[:2] == ["people/zhou-xin.yaml（人员 zhou-xin）", "曾用路径：people/ln.yaml"]


def test_log_of_a_deleted_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, a, b = edited_world(tmp_path)
    _code, out, _err = talkdocs(capsys, "log", "people/ex.yaml", "--records", str(repo.records))
    assert talkdocs(capsys, "log", str(repo.records / "people/new.yaml"), "--records", str(repo.records))[1] \
        .startswith("people/new.yaml（人员 new）\n")
    assert out.splitlines()[:7] == [
        "people/ex.yaml（人员 ex）",
        f"首次记录：2026-04-01 张三（{a[:7]}）；最后修改：2026-04-10 李四（{b[:7]}）；共 2 次提交；已删除",
        "",
        f"{b[:7]}  2026-04-10T15:30:00+08:00  李四 <li@example.org>",
        "    更正谈话记录",
        "",
        "    按审核意见修改。",
    ]
    assert out.splitlines()[7] == "  删除"


def test_log_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, a, b = edited_world(tmp_path)
    code, out, _err = talkdocs(capsys, "log", "zhou-xin", "--records", str(repo.records), "--format", "json",
                               "--audience", "full")
    assert code == 0
    data = json.loads(out)
    first = {"commit": a, "author": "张三", "email": "zhang@example.org", "date": "2026-04-01T09:00:00+08:00",
             "message": "新增谈话记录", "shallow_boundary": False, "merge": False}
    last = {"commit": b, "author": "李四", "email": "li@example.org", "date": "2026-04-10T15:30:00+08:00",
            "message": "更正谈话记录\n\n按审核意见修改。", "shallow_boundary": False, "merge": False}
    common = {"kind": "person", "confidential": False, "problem": "", "format_only": False}
    assert data == {
        "history": {"available": True, "note": ""},
        "audience": "full",
        "records": [{
            "path": "people/zhou-xin.yaml", "paths": ["people/ln.yaml", "people/zhou-xin.yaml"], "kind": "person",
            "record": "zhou-xin", "complete": True, "deleted": False, "first_recorded": first, "last_changed": last,
            "authors": ["张三", "李四"],
            "commits": [
                {**last, "status": "renamed", "path": "people/zhou-xin.yaml", "old_path": "people/ln.yaml",
                 "record": "zhou-xin", **common, "changes": [
                     {"field": "id", "change": "changed", "old": "ln", "new": "zhou-xin", "confidential": False,
                      "hidden": False}]},
                {**first, "status": "added", "path": "people/ln.yaml", "old_path": None, "record": "ln", **common,
                 "changes": []},
            ],
        }],
    }


def test_unknown_record_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _a, _b = edited_world(tmp_path)
    code, out, err = talkdocs(capsys, "log", "nobody", "--records", str(repo.records))
    assert (code, out) == (2, "")
    assert err == (f"talkdocs：在 git 历史中没有找到记录“nobody”；请写记录编号或 {repo.records.as_posix()}/ "
                   "下的文件路径\n")


def test_not_an_id_nor_a_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _a, _b = edited_world(tmp_path)
    code, _out, err = talkdocs(capsys, "log", "T 1", "--records", str(repo.records))
    assert code == 2
    assert err.startswith("talkdocs：“T 1”不是记录编号或记录文件路径")


def test_record_not_committed_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/li.yaml": {"id": "li", "name": "李"}})
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    repo.write({"people/wu.yaml": {"id": "wu", "name": "吴"}})
    code, out, _err = talkdocs(capsys, "log", "people/wu.yaml", "--records", str(repo.records))
    assert (code, out) == (0, "people/wu.yaml 还没有提交过，没有历史。\n")
