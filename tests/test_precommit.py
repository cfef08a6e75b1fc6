"""README's pre-commit section works as written: the hook checks the staged records and what they reach, and
findings that only the passing of time raised do not block a commit unless the setting says so."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import world
import yaml
from gitworld import isolated_env

from generator.engine import hook
from generator.engine.checker import check

ROOT = Path(__file__).resolve().parent.parent


def _readme_config() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- pre-commit-config -->\n```yaml\n(.*?)```", text, re.S)
    assert block, "README has the pre-commit configuration block"
    return block.group(1)


def _repo(tmp_path: Path, records: dict[str, object]) -> tuple[Path, dict[str, str]]:
    top = tmp_path / "office"
    world.write(top, records)
    (top / ".pre-commit-config.yaml").write_text(_readme_config(), encoding="utf-8")
    env = isolated_env(tmp_path)
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}", PRE_COMMIT_HOME=str(tmp_path / "pc"),
               XDG_CACHE_HOME=str(tmp_path / "user-cache"), GIT_AUTHOR_NAME="张三", GIT_AUTHOR_EMAIL="z@example.org",
               GIT_COMMITTER_NAME="张三", GIT_COMMITTER_EMAIL="z@example.org")
    for argv in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                 ["git", "commit", "-q", "--no-verify", "-m", "初始记录"],
                 [sys.executable, "-m", "pre_commit", "install"]):
        subprocess.run(argv, cwd=top, env=env, check=True, capture_output=True)
    return top, env


def _commit(top: Path, env: dict[str, str], rel: str, text: str) -> subprocess.CompletedProcess[str]:
    (top / "records" / rel).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "--", f"records/{rel}"], cwd=top, env=env, check=True)
    return subprocess.run(["git", "commit", "-q", "-m", "改动"], cwd=top, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True,
                          timeout=300)


def _overdue_world() -> dict[str, object]:
    records = world.base()
    records["rectifications/t2.yaml"].pop("status_report_on")  # A11-STATUS-LATE overdue: raised by time alone
    return records


def test_the_readme_hook_blocks_a_broken_staged_record(tmp_path: Path) -> None:
    top, env = _repo(tmp_path, world.base())
    done = _commit(top, env, "people/la.yaml", "id: la\nname:李甲\n")
    assert done.returncode == 1, done.stdout
    assert "records/people/la.yaml" in done.stdout and "[YAML-SYNTAX]" in done.stdout
    done = _commit(top, env, "people/la.yaml", "id: la\nname: 李甲（改）\n")
    assert done.returncode == 0, done.stdout


def test_a_typo_fix_is_not_blocked_by_a_deadline_it_cannot_fix(tmp_path: Path) -> None:
    top, env = _repo(tmp_path, _overdue_world())
    text = (top / "records/rectifications/t2.yaml").read_text(encoding="utf-8")
    done = _commit(top, env, "rectifications/t2.yaml",  # a typo fixed in the very record that is overdue
                   text.replace("修订议事规则", "修订议事规则。"))
    assert done.returncode == 0, done.stdout
    assert "随时间出现的问题" in done.stdout


def test_a_setting_makes_deadlines_block_in_the_hook_too(tmp_path: Path) -> None:
    top, env = _repo(tmp_path, {**_overdue_world(), "settings.yaml": "hook_blocks_deadlines: true\n"})
    done = _commit(top, env, "rectifications/t2.yaml",
                   (top / "records/rectifications/t2.yaml").read_text(encoding="utf-8") + "note: 备注\n")
    assert done.returncode == 1 and "[A11-STATUS-LATE]" in done.stdout, done.stdout


def test_the_hook_reports_what_the_staged_records_reach_and_nothing_else(tmp_path: Path) -> None:
    records = world.base()
    records["talks/2026/t3.yaml"]["distribution"] = []  # A12-DISTRIBUTION on t3: t3 refers to person lg
    records["talks/2026/t1.yaml"]["participants"] = []  # A6-ORGANIZER on t1: unrelated to lg
    result = check(world.write(tmp_path, records), world.AS_OF)
    verdict = hook.judge(result, {"people/lg.yaml"}, block_timed=False)
    assert {f.path for f in verdict.blocking.findings} == {"talks/2026/t3.yaml"}
    everything = hook.judge(result, set(), block_timed=False)
    assert {f.path for f in everything.blocking.findings} == {"talks/2026/t1.yaml", "talks/2026/t3.yaml"}


def test_the_shipped_hook_definition_runs_the_hook_mode() -> None:
    (definition,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert "--hook" in definition["entry"] and definition["pass_filenames"] is True
    assert "v0.1.0" not in (ROOT / "README.md").read_text(encoding="utf-8")
    assert shutil.which("git")
