"""``talkdocs diff``: records added, removed, renamed and changed, field by field, in text, JSON and Markdown."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from gitworld import GitWorld, clean_records, edited_world, talkdocs

pytestmark = pytest.mark.usefixtures("git_env")


def test_text_lists_each_record_and_its_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, a, b = edited_world(tmp_path)
    code, out, _err = talkdocs(capsys, "diff", "HEAD~1", "HEAD", "--records", str(repo.records))
    assert code == 0
    assert out == f"""记录变化：HEAD~1（{a[:7]}） → HEAD（{b[:7]}）
新增 1 个、删除 1 个、改名 1 个、修改 1 个记录

删除 people/ex.yaml（人员 ex）

新增 people/new.yaml（人员 new）

改名 people/ln.yaml → people/zhou-xin.yaml（人员 zhou-xin）
  id：“ln” → “zhou-xin”

修改 talks/2026/t1.yaml（谈话 t1）
  steps[2].summary：“摘要” → “就有关问题作出说明”
  problems[id=q0]：新增 {{id: “q0”, area: “other”, text: “新问题”}}
  problems[id=q2].text：已修改（保密内容不显示）
  distribution[1].on：“2026-06-01” → “2026-06-03”

保密内容未显示；有权限查看时加 --audience full。
"""


def test_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, a, b = edited_world(tmp_path)
    code, out, _err = talkdocs(capsys, "diff", a, b, "--records", str(repo.records), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["base"] == {"rev": a, "commit": a, "label": f"{a}（{a[:7]}）"}
    assert data["target"] == {"rev": b, "commit": b, "label": f"{b}（{b[:7]}）"}
    assert (data["note"], data["audience"]) == ("", "summary")
    assert data["summary"] == {"added": 1, "removed": 1, "renamed": 1, "changed": 1}
    common = {"confidential": False, "problem": "", "format_only": False}
    assert data["records"][:3] == [
        {"status": "removed", "path": "people/ex.yaml", "old_path": "people/ex.yaml", "kind": "person",
         "record": "ex", **common, "changes": []},
        {"status": "added", "path": "people/new.yaml", "old_path": None, "kind": "person", "record": "new",
         **common, "changes": []},
        {"status": "renamed", "path": "people/zhou-xin.yaml", "old_path": "people/ln.yaml", "kind": "person",
         "record": "zhou-xin", **common, "changes": [
             {"field": "id", "change": "changed", "old": "ln", "new": "zhou-xin", "confidential": False,
              "hidden": False}]},
    ]
    assert data["records"][3]["changes"] == [
        {"field": "steps[2].summary", "change": "changed", "old": "摘要", "new": "就有关问题作出说明",
         "confidential": False, "hidden": False},
        {"field": "problems[id=q0]", "change": "added", "old": None,
         "new": {"id": "q0", "area": "other", "text": "新问题"}, "confidential": False, "hidden": False},
        {"field": "problems[id=q2].text", "change": "changed", "old": None, "new": None, "confidential": True,
         "hidden": True},
        {"field": "distribution[1].on", "change": "changed", "old": "2026-06-01", "new": "2026-06-03",
         "confidential": False, "hidden": False},
    ]


def test_markdown_for_a_pull_request_comment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, a, _b = edited_world(tmp_path)
    code, out, _err = talkdocs(capsys, "diff", "HEAD~1", "--records", str(repo.records), "--format", "markdown")
    assert code == 0
    assert out == f"""### 记录变化：HEAD\\~1（{a[:7]}） → 工作区

新增 1 个、删除 1 个、改名 1 个、修改 1 个记录

#### 删除 `people/ex.yaml`（人员 ex）

#### 新增 `people/new.yaml`（人员 new）

#### 改名 `people/ln.yaml` → `people/zhou-xin.yaml`（人员 zhou-xin）

| 字段 | 原值 | 新值 |
| --- | --- | --- |
| `id` | “ln” | “zhou-xin” |

#### 修改 `talks/2026/t1.yaml`（谈话 t1）

| 字段 | 原值 | 新值 |
| --- | --- | --- |
| `steps[2].summary` | “摘要” | “就有关问题作出说明” |
| `problems[id=q0]` | （无） | \\{{id: “q0”, area: “other”, text: “新问题”\\}} |
| `problems[id=q2].text` | 保密内容不显示 | 保密内容不显示 |
| `distribution[1].on` | “2026-06-01” | “2026-06-03” |

保密内容未显示；有权限查看时加 --audience full。
"""


def test_markdown_cells_cannot_break_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/li.yaml": {"id": "li", "name": "李"}})
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    repo.write({"people/li.yaml": {"id": "li", "name": "李 | <script>x</script>\n[链接](http://x)"}})
    _code, out, _err = talkdocs(capsys, "diff", "HEAD", "--records", str(repo.records), "--format", "markdown")
    row = out.splitlines()[-1]
    assert row == ("| `name` | “李” | “李 \\| &lt;script&gt;x&lt;/script&gt;<br>\\[链接\\](http://x)” |")


def test_full_audience_shows_confidential_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _a, _b = edited_world(tmp_path)
    _code, out, _err = talkdocs(capsys, "diff", "HEAD~1", "HEAD", "--records", str(repo.records),
                                "--audience", "full")
    assert "  problems[id=q2].text：“某具体事项” → “另一具体事项”\n" in out
    assert "保密内容" not in out


def test_confidential_record_hides_every_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/li.yaml": {"id": "li", "name": "李", "title": "局长"}})
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    repo.write({"people/li.yaml": {"id": "li", "name": "李", "title": "副局长", "confidential": True}})
    _code, out, _err = talkdocs(capsys, "diff", "HEAD", "--records", str(repo.records))
    assert out.split("\n\n")[1:] == [
        "修改 people/li.yaml（人员 li，保密）\n"
        "  title：已修改（保密内容不显示）\n"
        "  confidential：新增（保密内容不显示）",
        "保密内容未显示；有权限查看时加 --audience full。\n",
    ]


def test_default_is_merge_base_with_main_against_working_tree(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/a.yaml": {"id": "a", "name": "甲"}, "people/b.yaml": {"id": "b", "name": "乙"}})
    base = repo.commit("开始", "2026-04-01T09:00:00+08:00")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write({"people/a.yaml": {"id": "a", "name": "甲一"}})
    repo.commit("分支上的修改", "2026-04-02T09:00:00+08:00")
    repo.git("checkout", "-q", "main")
    repo.write({"people/b.yaml": {"id": "b", "name": "乙（主分支后来改的）"}})
    repo.commit("主分支上的修改", "2026-04-03T09:00:00+08:00")
    repo.git("checkout", "-q", "feature")
    repo.write({"people/a.yaml": {"id": "a", "name": "甲二"}, "people/c.yaml": {"id": "c", "name": "丙"}})
    code, out, _err = talkdocs(capsys, "diff", "--records", str(repo.records))
    assert code == 0
    assert out == f"""记录变化：main 与 HEAD 的合并基础（{base[:7]}） → 工作区
新增 1 个、修改 1 个记录

修改 people/a.yaml（人员 a）
  name：“甲” → “甲二”

新增 people/c.yaml（人员 c）
"""


def test_inserted_step_is_one_addition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    records = clean_records()
    repo.write(records)
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    talk = copy.deepcopy(records["talks/2026/t2.yaml"])
    talk["steps"].insert(1, {"step": "feedback", "summary": "补充通报"})
    talk["preparation"]["materials"].insert(0, "审计报告")
    repo.write({"talks/2026/t2.yaml": talk})
    _code, out, _err = talkdocs(capsys, "diff", "HEAD", "--records", str(repo.records))
    assert out.split("\n\n")[1] == ("修改 talks/2026/t2.yaml（谈话 t2）\n"
                                     "  preparation.materials[0]：新增 “审计报告”\n"
                                     "  steps[1]：新增 {step: “feedback”, summary: “补充通报”}\n")


def test_removed_item_by_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    records = clean_records()
    records["rectifications/t2.yaml"]["measures"].insert(0, {"id": "m0", "problem": "q1", "text": "先行措施"})
    repo.write(records)
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    del records["rectifications/t2.yaml"]["measures"][0]
    records["rectifications/t2.yaml"]["measures"][0]["text"] = "修订并印发议事规则"
    repo.write({"rectifications/t2.yaml": records["rectifications/t2.yaml"]})
    _code, out, _err = talkdocs(capsys, "diff", "HEAD", "--records", str(repo.records))
    assert out.split("\n\n")[1] == ("修改 rectifications/t2.yaml（整改 t2）\n"
                                     "  measures[id=m1].text：“修订议事规则” → “修订并印发议事规则”\n"
                                     "  measures[id=m0]：删除 {id: “m0”, problem: “q1”, text: “先行措施”}\n")


def test_comment_only_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/li.yaml": "id: li\nname: 李\n"})
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    repo.write({"people/li.yaml": "# 核对过\nid: li\nname: 李\n", "people/wu.yaml": "id: wu\nname: 吴\n"})
    _code, out, _err = talkdocs(capsys, "diff", "HEAD", "--records", str(repo.records))
    assert out.split("\n\n")[1] == "修改 people/li.yaml（人员 li）\n  （仅注释或格式变化，字段未变）"


def test_a_version_that_does_not_parse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/li.yaml": "id: li\nname: 李\n"})
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    repo.write({"people/li.yaml": "id: li\nname: 李\nname: 王\n"})
    _code, out, _err = talkdocs(capsys, "diff", "HEAD", "--records", str(repo.records))
    block = out.split("\n\n")[1]
    assert block.startswith("修改 people/li.yaml（人员 li）\n  （新版本无法读取（第 3 行：")


def test_records_in_a_sub_folder_and_files_outside_are_ignored(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/li.yaml": {"id": "li", "name": "李"}})
    (repo.top / "README.md").write_text("说明\n", encoding="utf-8")
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    (repo.top / "README.md").write_text("新的说明\n", encoding="utf-8")
    (repo.records / "files").mkdir()
    (repo.records / "files" / "x.yaml").write_text("不是记录\n", encoding="utf-8")
    _code, out, _err = talkdocs(capsys, "diff", "HEAD", "--records", str(repo.records))
    assert out.splitlines()[1:] == ["没有记录变化。"]
