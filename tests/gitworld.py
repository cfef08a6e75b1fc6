"""Git helpers for the audit tests: a throw-away git repository (records in a sub-folder), fixed authors and dates.

Shared by the ``test_audit_*`` modules and others that need a git history (the ``git_env`` fixture that keeps
this machine's git configuration out lives in ``conftest.py``); ``test_gitworld.py`` checks the helpers themselves.
"""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import world

from generator.cli.app import main

ZHANG = ("张三", "zhang@example.org")
LI = ("李四", "li@example.org")


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for git in tests: no global or system configuration of this machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", HOME=str(home), LC_ALL="C")
    return env


class GitWorld:
    """A repository at ``<tmp>/repo`` whose records live in ``repo/records``."""

    def __init__(self, root: Path) -> None:
        self.top = root / "repo"
        self.records = self.top / "records"
        self.records.mkdir(parents=True)
        self.env = isolated_env(root)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
        """Run git in the repository; its standard output."""
        done = subprocess.run(["git", *args], cwd=cwd or self.top, env={**self.env, **(env or {})}, check=True,
                              capture_output=True, text=True)
        return done.stdout

    def write(self, records: dict[str, Any]) -> None:
        """Write records (data or text) under records/."""
        world.write(self.top, records)

    def remove(self, rel: str) -> None:
        """Delete a record file from the working tree."""
        (self.records / rel).unlink()

    def rename(self, old: str, new: str) -> None:
        """Move a record file in the working tree."""
        target = self.records / new
        target.parent.mkdir(parents=True, exist_ok=True)
        (self.records / old).rename(target)

    def commit(self, message: str, when: str, author: tuple[str, str] = ZHANG) -> str:
        """Commit everything with a fixed author and date; the new commit id."""
        stamp = {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": when,
                 "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1], "GIT_COMMITTER_DATE": when}
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message, env=stamp)
        return self.sha()

    def sha(self, rev: str = "HEAD") -> str:
        """The commit id of ``rev``."""
        return self.git("rev-parse", rev).strip()


def clean_records() -> dict[str, Any]:
    """The clean rule-test world (no findings), with talk t1 and its rectification finalized."""
    records = copy.deepcopy(world.base())
    records["talks/2026/t1.yaml"]["status"] = "final"
    records["rectifications/t1.yaml"]["status"] = "final"
    return records


def edited_world(root: Path) -> tuple[GitWorld, str, str]:
    """The clean world with a confidential problem in t1 (commit A, 张三), then commit B (李四): t1's third
    step, a new first problem q0, the confidential problem's text and the second distribution date changed;
    people/ex removed, people/new added, people/ln renamed to people/zhou-xin (with its id)."""
    repo = GitWorld(root)
    records = clean_records()
    records["talks/2026/t1.yaml"]["problems"].append(
        {"id": "q2", "area": "self_discipline", "text": "某具体事项", "confidential": True})
    repo.write(records)
    first = repo.commit("新增谈话记录", "2026-04-01T09:00:00+08:00")
    talk = copy.deepcopy(records["talks/2026/t1.yaml"])
    talk["steps"][2]["summary"] = "就有关问题作出说明"
    talk["problems"].insert(0, {"id": "q0", "area": "other", "text": "新问题"})
    talk["problems"][2]["text"] = "另一具体事项"
    talk["distribution"][1]["on"] = "2026-06-03"
    repo.write({"talks/2026/t1.yaml": talk, "people/new.yaml": {"id": "new", "name": "新人"}})
    repo.remove("people/ex.yaml")
    repo.rename("people/ln.yaml", "people/zhou-xin.yaml")
    repo.write({"people/zhou-xin.yaml": {"id": "zhou-xin", "name": "周新"}})
    second = repo.commit("更正谈话记录\n\n按审核意见修改。", "2026-04-10T15:30:00+08:00", LI)
    return repo, first, second


def talkdocs(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit code, standard output, standard error)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
