"""``history.collect`` for the site: one pass over the commits, then per-record history and recent changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_audit_helpers import LI, GitWorld, edited_world, git_env

from generator import gitrepo, history
from generator.semantic_diff import ABSENT, FieldChange

__all__ = ["git_env"]
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
