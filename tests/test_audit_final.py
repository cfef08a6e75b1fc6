"""``talkdocs check --base REV``: AUDIT-FINAL-CHANGED for each change to a record that was final at REV."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from gitworld import GitWorld, clean_records, talkdocs

pytestmark = pytest.mark.usefixtures("git_env")
CHECK = ("check", "--as-of", "2026-11-27", "--no-cache")


def finalized(tmp_path: Path) -> tuple[GitWorld, dict[str, Any], str]:
    """The clean world committed with talk t1 and its rectification final."""
    repo = GitWorld(tmp_path)
    records = clean_records()
    repo.write(records)
    return repo, records, repo.commit("定稿", "2026-04-01T09:00:00+08:00")


def audit(out: str) -> list[dict[str, Any]]:
    return [f for f in json.loads(out) if f["rule"] == "AUDIT-FINAL-CHANGED"]


def test_change_to_a_finalized_talk_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, records, base = finalized(tmp_path)
    talk = copy.deepcopy(records["talks/2026/t1.yaml"])
    talk["steps"][0]["summary"] = "报告了自查情况"
    talk["record"]["archive_ref"] = "DA-2026-9"
    repo.write({"talks/2026/t1.yaml": talk})
    code, out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", "HEAD")
    assert code == 0  # a warning: the correction is allowed, but reported
    assert out == f"""{repo.records.as_posix()}/talks/2026/t1.yaml
  10:3 警告 [AUDIT-FINAL-CHANGED]（第十二条） 已定稿的记录自 HEAD（{base[:7]}）以来被修改：\
steps[0].summary、record.archive_ref  〔t1〕
      提示：确认修改经过审核，并在提交说明中写明原因

检查了 16 个记录文件（截至2026年11月27日）：错误 0 项，警告 1 项，提示 0 项
"""
    code, _out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", "HEAD",
                                "--fail-on", "warning")
    assert code == 1


def test_deleting_a_finalized_record_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _records, base = finalized(tmp_path)
    repo.remove("rectifications/t1.yaml")
    code, out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", base, "--format", "json")
    assert code == 1
    assert audit(out) == [{
        "rule": "AUDIT-FINAL-CHANGED", "severity": "error", "path": "records/rectifications/t1.yaml",
        "line": 0, "column": 0, "record": "t1", "message": f"已定稿的记录自 {base}（{base[:7]}）以来被删除",
        "hint": "已定稿的记录不能删除；如需更正请修改并说明原因", "article": "第十二条", "days": None}]


def test_committed_changes_since_the_base_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, records, base = finalized(tmp_path)
    rect = copy.deepcopy(records["rectifications/t1.yaml"])
    rect["measures"].append({"id": "m2", "problem": "q1", "area": "other", "text": "补充措施"})
    repo.write({"rectifications/t1.yaml": rect})
    repo.commit("补充整改措施", "2026-05-01T09:00:00+08:00")
    _code, out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", "HEAD~1",
                                "--format", "json")
    assert [(f["path"], f["line"], f["message"]) for f in audit(out)] == [
        ("records/rectifications/t1.yaml", 7,
         f"已定稿的记录自 HEAD~1（{base[:7]}）以来被修改：measures[id=m2]")]


def test_a_record_final_at_base_counts_even_when_set_back_to_draft(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    repo, records, base = finalized(tmp_path)
    talk = copy.deepcopy(records["talks/2026/t1.yaml"])
    talk["status"] = "draft"
    talk["date"] = "2026-04-11"
    repo.write({"talks/2026/t1.yaml": talk})
    _code, out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", "main",
                                "--format", "json")
    assert [f["message"] for f in audit(out)] == [f"已定稿的记录自 main（{base[:7]}）以来被修改：date、status"]


def test_finalizing_a_record_is_not_a_change_to_a_finalized_one(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    records = copy.deepcopy(clean_records())
    del records["talks/2026/t1.yaml"]["status"]
    repo.write(records)
    repo.commit("草稿", "2026-04-01T09:00:00+08:00")
    records["talks/2026/t1.yaml"]["status"] = "final"
    records["talks/2026/t1.yaml"]["steps"][1]["summary"] = "定稿前最后修改"
    repo.write({"talks/2026/t1.yaml": records["talks/2026/t1.yaml"]})
    code, out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", "HEAD", "--format", "json")
    assert (code, audit(out)) == (0, [])


def test_renaming_a_finalized_talk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _records, base = finalized(tmp_path)
    repo.rename("talks/2026/t1.yaml", "talks/2025/t1.yaml")
    _code, out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", "HEAD", "--format", "json")
    assert [(f["path"], f["severity"], f["message"]) for f in audit(out)] == [
        ("records/talks/2025/t1.yaml", "warning",
         f"已定稿的记录自 HEAD（{base[:7]}）以来被修改：文件位置（talks/2026/t1.yaml → talks/2025/t1.yaml）")]


def test_comment_added_to_a_finalized_talk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _records, base = finalized(tmp_path)
    path = repo.records / "talks/2026/t1.yaml"
    path.write_text("# 已核对\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    _code, out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", "HEAD", "--format", "json")
    assert [f["message"] for f in audit(out)] == [
        f"已定稿的记录自 HEAD（{base[:7]}）以来被修改：仅注释或格式（字段未变）"]


def test_without_base_there_is_no_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _records, _base = finalized(tmp_path)
    repo.remove("talks/2026/t1.yaml")
    _code, out, _err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--format", "json")
    assert audit(out) == []


def test_unknown_base_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _records, _base = finalized(tmp_path)
    code, out, err = talkdocs(capsys, *CHECK, "--records", str(repo.records), "--base", "origin/main")
    assert (code, out) == (2, "")
    assert err == "talkdocs：找不到修订版本“origin/main”；请写存在的提交号、分支名或标签\n"
