"""The site shows git history: per-record 修改记录 and an audit page grouped by commit, fields not values."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import world

from generator.site import builder
from generator.site.git_history import site_history

ENV = {**os.environ, "GIT_AUTHOR_NAME": "王审计", "GIT_AUTHOR_EMAIL": "a@example.invalid",
       "GIT_COMMITTER_NAME": "王审计", "GIT_COMMITTER_EMAIL": "a@example.invalid",
       "GIT_AUTHOR_DATE": "2026-06-01T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-06-01T10:00:00+08:00"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "core.hooksPath=/dev/null", *args], cwd=repo, env=ENV, check=True,
                   capture_output=True)


def test_history_reaches_record_pages_and_the_audit_page(tmp_path: Path) -> None:
    records = world.base()
    folder = world.write(tmp_path, records)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "初始记录")
    records["talks/2026/t1.yaml"]["steps"][2]["summary"] = "秘密内容不应出现"
    world.write(tmp_path, records)
    _git(tmp_path, "commit", "-qam", "更正 t1 的说明")

    history, note = site_history(folder, "summary")
    assert note == ""
    assert [e.summary for e in history["talks/2026/t1.yaml"]] == ["修改：steps[2].summary", "新增记录"]
    builder.build(folder, tmp_path / "site", world.AS_OF, "summary", history=history)
    audit = (tmp_path / "site" / "audit.html").read_text(encoding="utf-8")
    assert "王审计" in audit and "steps[2].summary" in audit and "talks/2026/t1.yaml" in audit
    assert "秘密内容不应出现" not in audit and "更正 t1 的说明" not in audit  # no values, no messages
    talk_page = next((tmp_path / "site" / "talks").glob("t1*"))
    page = (talk_page / "index.html" if talk_page.is_dir() else talk_page).read_text(encoding="utf-8")
    assert "修改记录" in page and "2026年6月1日" in page


def test_the_site_says_when_history_is_unavailable(tmp_path: Path) -> None:
    folder = world.write(tmp_path, world.base())
    history, note = site_history(folder, "full")
    assert history == {} and "git" in note
    builder.build(folder, tmp_path / "site", world.AS_OF, "full", history=history, history_note=note)
    for page in ("audit.html", "index.html"):
        assert note in (tmp_path / "site" / page).read_text(encoding="utf-8")
