"""What ``talkdocs init`` writes for other tools works in the new repository as written: the pre-commit hook
(``pre-commit run --all-files``), and the GitHub Actions and GitLab CI files (valid for their schemas, and
their commands pass in a clone of the new repository, as on a merge request)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gitworld import isolated_env

from generator.cli.app import main

BIN = Path(sys.executable).parent
OFFICE = ["--name", "中共清河县委员会", "--short-name", "清河县委", "--id", "qinghe-xw", "--kind",
          "county_committee", "--term", "15", "--term-start", "2021-09-28"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = isolated_env(tmp_path)
    env.update(PATH=f"{BIN}{os.pathsep}{env['PATH']}", PRE_COMMIT_HOME=str(tmp_path / "pc"),
               XDG_CACHE_HOME=str(tmp_path / "user-cache"), GIT_AUTHOR_NAME="张三", GIT_AUTHOR_EMAIL="z@example.org",
               GIT_COMMITTER_NAME="张三", GIT_COMMITTER_EMAIL="z@example.org", NO_MKDOCS_2_WARNING="1")
    return env


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=300)


def _office(tmp_path: Path, env: dict[str, str]) -> Path:
    top = tmp_path / "office"
    assert main(["init", str(top), *OFFICE]) == 0
    for argv in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "新建"]):
        done = _run(argv, top, env)
        assert done.returncode == 0, done.stdout
    return top


def test_the_pre_commit_config_works_as_written(tmp_path: Path) -> None:
    env = _env(tmp_path)
    top = _office(tmp_path, env)
    done = _run([sys.executable, "-m", "pre_commit", "run", "--all-files"], top, env)
    assert done.returncode == 0 and "talkdocs check" in done.stdout and "Passed" in done.stdout, done.stdout
    (top / "records/people/li-jia.yaml").parent.mkdir()
    (top / "records/people/li-jia.yaml").write_text("id: li-jia\nname:李甲\n", encoding="utf-8")
    _run(["git", "add", "-A"], top, env)
    done = _run([sys.executable, "-m", "pre_commit", "run", "--all-files"], top, env)
    assert done.returncode == 1 and "records/people/li-jia.yaml" in done.stdout and "YAML" in done.stdout, done.stdout


@pytest.mark.parametrize(("rel", "schema"), [(".github/workflows/talkdocs.yml", "vendor.github-workflows"),
                                             (".gitlab-ci.yml", "vendor.gitlab-ci")])
def test_the_ci_files_are_valid_for_their_services(tmp_path: Path, rel: str, schema: str) -> None:
    top = tmp_path / "office"
    assert main(["init", str(top), *OFFICE]) == 0
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(top / rel)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def _clone_as_merge_request(tmp_path: Path, env: dict[str, str]) -> Path:
    """The new repository pushed, and a merge request's clone: a new record on a branch, origin/main fetched."""
    top = _office(tmp_path, env)
    clone = tmp_path / "ci"
    assert _run(["git", "clone", "-q", str(top), str(clone)], tmp_path, env).returncode == 0
    _run(["git", "switch", "-q", "-c", "new-person"], clone, env)
    assert main(["new", "person", "--records", str(clone / "records"), "--id", "wang-fang"]) == 0
    _run(["git", "add", "-A"], clone, env)
    assert _run(["git", "commit", "-q", "-m", "新增人员"], clone, env).returncode == 0
    return clone


def test_the_github_workflow_passes_on_a_pull_request(tmp_path: Path) -> None:
    env = _env(tmp_path)
    clone = _clone_as_merge_request(tmp_path, env)
    job = yaml.safe_load((clone / ".github/workflows/talkdocs.yml").read_text(encoding="utf-8"))["jobs"]["check"]
    known = {"github.base_ref": "main"}
    ran = []
    for step in job["steps"]:
        if "run" not in step or step["run"].startswith("pip install"):  # talkdocs is installed here already
            continue
        if step.get("if", "github.event_name == 'pull_request'") != "github.event_name == 'pull_request'":
            continue
        step_env = dict(env)
        for key, value in step.get("env", {}).items():
            step_env[key] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: known[m.group(1)], value)
        done = _run(["bash", "-e", "-c", step["run"]], clone, step_env)
        assert done.returncode == 0, (step["run"], done.stdout)
        ran.append(step["run"])
    assert any("--base" in r for r in ran) and any("talkdocs build" in r for r in ran)
    assert (clone / "site/people/wang-fang.html").is_file()


def test_the_gitlab_job_passes_on_a_merge_request(tmp_path: Path) -> None:
    env = _env(tmp_path)
    clone = _clone_as_merge_request(tmp_path, env)
    job = yaml.safe_load((clone / ".gitlab-ci.yml").read_text(encoding="utf-8"))["talkdocs"]
    env.update({k: str(v) for k, v in job["variables"].items()}, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    _run(["git", "update-ref", "-d", "refs/remotes/origin/main"], clone, env)  # the job fetches it itself
    script = [line for line in job["script"] if not line.startswith("pip install")]
    done = _run(["bash", "-e", "-c", "\n".join(script)], clone, env)
    assert done.returncode == 0, done.stdout
    assert "错误 0 项" in done.stdout and (clone / "site/people/wang-fang.html").is_file()
    assert _run(["git", "rev-parse", "--verify", "-q", "origin/main"], clone, env).returncode == 0
