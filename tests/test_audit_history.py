"""``history.collect`` for the site: one pass over the commits, then per-record history and recent changes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gitworld import LI, GitWorld, edited_world, talkdocs

from generator.audit import gitrepo, history
from generator.audit.semantic_diff import ABSENT, FieldChange

pytestmark = pytest.mark.usefixtures("git_env")


def test_record_history(tmp_path: Path) -> None:
    _repo, a, b = edited_world(tmp_path)
    found = history.collect(_repo.records)
    assert (found.available, found.note, found.shallow, found.commits) == (True, "", False, 2)
    talk = found.for_record("talks/2026/t1.yaml")
    assert (talk.first_recorded and talk.first_recorded.sha, talk.last_changed and talk.last_changed.sha) == (a, b)
    assert talk.authors == ("张三", "李四")
    assert (talk.complete, talk.deleted) == (True, False)
    assert [c.diff.status for c in talk.changes] == ["added", "changed"]
    assert talk.changes[1].diff.changes == (
        FieldChange("steps[2].summary", "changed", "摘要", "就有关问题作出说明", False, ("steps", 2, "summary")),
        FieldChange("problems[id=q0]", "added", ABSENT, {"id": "q0", "area": "other", "text": "新问题"}, False,
                    ("problems", 0)),
        FieldChange("problems[id=q2].text", "changed", "某具体事项", "另一具体事项", True, ("problems", 2, "text")),
        FieldChange("distribution[1].on", "changed", "2026-06-01", "2026-06-03", False, ("distribution", 1, "on")),
    )
    commit = talk.changes[1].commit
    assert (commit.author, commit.email, commit.date, commit.subject, commit.message) == (
        "李四", "li@example.org", "2026-04-10T15:30:00+08:00", "更正谈话记录", "更正谈话记录\n\n按审核意见修改。")


def test_renamed_and_removed_records_are_found_by_every_path(tmp_path: Path) -> None:
    repo, _a, _b = edited_world(tmp_path)
    found = history.collect(repo.records)
    assert found.for_record("people/ln.yaml") is found.for_record("people/zhou-xin.yaml")
    assert found.for_record("people/zhou-xin.yaml").paths == ("people/ln.yaml", "people/zhou-xin.yaml")
    assert found.for_record("people/ex.yaml").deleted
    unknown = found.for_record("people/nobody.yaml")
    assert (unknown.changes, unknown.first_recorded, unknown.last_changed) == ((), None, None)


def test_recent_changes_grouped_by_commit(tmp_path: Path) -> None:
    repo, a, b = edited_world(tmp_path)
    (repo.top / "README.md").write_text("不是记录\n", encoding="utf-8")
    repo.commit("只改说明", "2026-04-11T09:00:00+08:00")
    (repo.records / "people/new.yaml").write_text("# 注释\nid: new\nname: 新人\n", encoding="utf-8")
    repo.commit("只加注释", "2026-04-12T09:00:00+08:00")
    found = history.collect(repo.records)
    assert found.commits == 3  # the README commit did not touch records
    recent = found.recent(5)
    assert [c.commit.sha for c in recent] == [b, a]  # the comment-only commit is not a semantic change
    assert [(d.status, d.path) for d in recent[0].records] == [
        ("removed", "people/ex.yaml"), ("added", "people/new.yaml"), ("renamed", "people/zhou-xin.yaml"),
        ("changed", "talks/2026/t1.yaml")]
    first = repo.git("ls-tree", "-r", "--name-only", a, "--", "records").split()
    assert [(d.status, d.path) for d in recent[1].records] == [("added", p.removeprefix("records/")) for p in first]
    assert found.recent(1) == recent[:1]
    # The comment-only commit is in the record's history but is not a semantic change.
    new = found.for_record("people/new.yaml")
    assert [(c.commit.subject, c.diff.format_only) for c in new.changes] == [
        ("更正谈话记录", False), ("只加注释", True)]


def test_removed_record_added_again_keeps_its_history(tmp_path: Path) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/li.yaml": {"id": "li", "name": "李"}})
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    repo.remove("people/li.yaml")
    repo.commit("误删", "2026-04-02T09:00:00+08:00", LI)
    repo.write({"people/li.yaml": {"id": "li", "name": "李华"}})
    repo.commit("恢复", "2026-04-03T09:00:00+08:00")
    li = history.collect(repo.records).for_record("people/li.yaml")
    assert [(c.commit.subject, c.diff.status) for c in li.changes] == [("新增", "added"), ("误删", "removed"),
                                                                        ("恢复", "added")]


def test_one_git_log_for_all_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitWorld(tmp_path)
    for round_ in range(3):
        repo.write({f"people/p{i}.yaml": {"id": f"p{i}", "name": f"第{round_}版"} for i in range(30)})
        repo.commit(f"第 {round_} 次", f"2026-04-0{round_ + 1}T09:00:00+08:00")
    calls: list[str] = []
    original = gitrepo.GitRepo._run

    def counting(self: gitrepo.GitRepo, command: str, *args: str) -> bytes:
        calls.append(command)
        return original(self, command, *args)

    monkeypatch.setattr(gitrepo.GitRepo, "_run", counting)
    found = history.collect(repo.records)
    assert calls.count("log") == 1
    assert len(found.records()) == 30
    assert all(len(found.for_record(f"people/p{i}.yaml").changes) == 3 for i in range(30))
    assert found.for_record("people/p7.yaml").changes[2].diff.changes[0].new == "第2版"


_MERGER = {"GIT_COMMITTER_NAME": LI[0], "GIT_COMMITTER_EMAIL": LI[1]}


def _diverged(tmp_path: Path, base: dict[str, str], side: tuple[str, dict[str, str]],
              main: tuple[str, dict[str, str]]) -> GitWorld:
    """People (id → name) committed, then more on branch ``side`` and on ``main`` (message, people): the
    repository on ``main``, ready to merge ``side``."""
    def people(names: dict[str, str]) -> dict[str, Any]:
        return {f"people/{pid}.yaml": {"id": pid, "name": name} for pid, name in names.items()}

    repo = GitWorld(tmp_path)
    repo.write(people(base))
    repo.commit("新增", "2026-04-01T09:00:00+08:00")
    repo.git("checkout", "-q", "-b", "side")
    repo.write(people(side[1]))
    repo.commit(side[0], "2026-04-02T09:00:00+08:00", LI)
    repo.git("checkout", "-q", "main")
    repo.write(people(main[1]))
    repo.commit(main[0], "2026-04-03T09:00:00+08:00")
    return repo


def _merged_world(tmp_path: Path, *, evil: bool) -> tuple[GitWorld, str]:
    """li changed on a branch, wang on main, the branch merged; with ``evil`` the merge also changes li's
    name and adds zhao, which no parent has: changes that exist only in the merge commit."""
    repo = _diverged(tmp_path, {"li": "李", "wang": "王"}, ("分支上修改", {"li": "李华"}),
                     ("主线上修改", {"wang": "王强"}))
    repo.git("merge", "-q", "--no-ff", "--no-commit", "side", env=_MERGER)
    if evil:
        repo.write({"people/li.yaml": {"id": "li", "name": "李明"}, "people/zhao.yaml": {"id": "zhao", "name": "赵"}})
    merge = repo.commit("合并分支", "2026-04-04T09:00:00+08:00", LI)
    return repo, merge


def test_changes_made_in_a_merge_commit_itself_are_in_the_history(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    repo, merge = _merged_world(tmp_path, evil=True)
    found = history.collect(repo.records)
    li = found.for_record("people/li.yaml")
    assert [(c.commit.subject, c.diff.status) for c in li.changes] == [
        ("新增", "added"), ("分支上修改", "changed"), ("合并分支", "changed")]
    last = li.changes[-1]
    assert last.commit.sha == merge
    # against the first parent (the main line, where li was still 李)
    assert [(f.field, f.old, f.new) for f in last.diff.changes] == [("name", "李", "李明")]
    zhao = found.for_record("people/zhao.yaml")
    assert [(c.commit.subject, c.diff.status) for c in zhao.changes] == [("合并分支", "added")]
    # wang was changed on the main line only: the merge did not change it
    assert [c.commit.subject for c in found.for_record("people/wang.yaml").changes] == ["新增", "主线上修改"]
    code, out, _err = talkdocs(capsys, "log", "people/li.yaml", "--records", str(repo.records))
    assert code == 0
    newest = out.split("\n\n")[1]
    assert merge[:7] in newest and "合并提交本身所做的改动" in newest and "李明" in newest
    code, out, _err = talkdocs(capsys, "log", "li", "--records", str(repo.records), "--format", "json")
    assert [c["merge"] for c in json.loads(out)["records"][0]["commits"]] == [True, False, False]


def test_a_clean_merge_adds_nothing_to_any_history(tmp_path: Path) -> None:
    repo, merge = _merged_world(tmp_path, evil=False)
    found = history.collect(repo.records)
    assert all(c.commit.sha != merge for record in found.records() for c in record.changes)
    assert [c.commit.subject for c in found.for_record("people/li.yaml").changes] == ["新增", "分支上修改"]


def test_a_record_added_on_two_branches_has_one_history(tmp_path: Path) -> None:
    """Two offices add the same person on their own branches, with different names; the conflict is
    resolved while merging. It is one record, with both adds and the resolution."""
    repo = _diverged(tmp_path, {"li": "李"}, ("分支上新增", {"zhao": "赵一"}), ("主线上新增", {"zhao": "赵二"}))
    with pytest.raises(subprocess.CalledProcessError):  # add/add conflict
        repo.git("merge", "-q", "--no-ff", "--no-commit", "side", env=_MERGER)
    repo.write({"people/zhao.yaml": {"id": "zhao", "name": "赵三"}})
    merge = repo.commit("合并分支", "2026-04-04T09:00:00+08:00", LI)
    found = history.collect(repo.records)
    zhao = found.for_record("people/zhao.yaml")
    assert sorted(c.commit.subject for c in zhao.changes[:2]) == ["主线上新增", "分支上新增"]
    assert zhao.changes[-1].commit.sha == merge and zhao.changes[-1].diff.status == "changed"
    assert [h.path for h in found.records()] == ["people/li.yaml", "people/zhao.yaml"]
