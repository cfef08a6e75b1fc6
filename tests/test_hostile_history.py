"""History readers survive any commit: a malformed author header, a record version that once crashed the
parser, and authors or messages that would attack a terminal or a CI log are reported, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from gitworld import GitWorld, clean_records, talkdocs

pytestmark = pytest.mark.usefixtures("git_env")


def _raw_commit(repo: GitWorld, author_line: str, message: str) -> str:
    """Commit the working tree with a hand-written commit object (git refuses to make such headers itself)."""
    repo.git("add", "-A")
    tree = repo.git("write-tree").strip()
    body = (f"tree {tree}\nparent {repo.sha()}\n{author_line}\n"
            f"committer 审核 <c@example.org> 1775000000 +0800\n\n{message}\n")
    sha = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"], input=body.encode(),
                         cwd=repo.top, env=repo.env, check=True, capture_output=True).stdout.decode().strip()
    repo.git("update-ref", "HEAD", sha)
    return sha


def _world(tmp_path: Path) -> GitWorld:
    repo = GitWorld(tmp_path)
    repo.write(clean_records())
    repo.commit("新增记录", "2026-04-01T09:00:00+08:00")
    return repo


def test_a_malformed_author_header_does_not_break_build_or_log(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    repo = _world(tmp_path)
    repo.write({"people/la.yaml": {"id": "la", "name": "李甲乙"}})
    sha = _raw_commit(repo, "author 坏作者 <bad@example.org> not-a-date", "改名")
    code, out, err = talkdocs(capsys, "log", "la", "--records", str(repo.records))
    assert code == 0 and "%aI" not in out and "Traceback" not in out + err
    assert f"提交 {sha[:7]} 的作者信息格式有误" in out
    assert "2026-04-01" in out  # the committer date stands in (1775000000 is 2026-04-01 in Beijing)
    code, _out, err = talkdocs(capsys, "build", "--records", str(repo.records), "--site-dir",
                               str(tmp_path / "site"), "--as-of", "2026-11-27")
    assert code == 0, err
    assert "内部错误" not in err


def test_a_version_that_once_crashed_the_parser_stays_readable_history(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    repo = _world(tmp_path)
    repo.write({"people/la.yaml": "id: la\nname: " + "[" * 30000 + "]" * 30000 + "\n"})
    repo.commit("误提交", "2026-04-02T09:00:00+08:00")
    repo.write({"people/la.yaml": {"id": "la", "name": "李甲"}})
    repo.commit("改正", "2026-04-03T09:00:00+08:00")
    done = subprocess.run([sys.executable, "-m", "generator", "log", "la", "--records", str(repo.records)],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    assert "嵌套超过 64 层" in done.stdout or "无法读取" in done.stdout or "YAML" in done.stdout, done.stdout
    build = ["build", "--site-dir", str(tmp_path / "site"), "--as-of", "2026-11-27"]
    for argv in (["diff", "HEAD~2", "HEAD~1"], build):
        done = subprocess.run([sys.executable, "-m", "generator", argv[0], "--records", str(repo.records), *argv[1:]],
                              capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
        assert done.returncode == 0, (argv, done.stderr)
        assert "Traceback" not in done.stdout + done.stderr


def test_authors_and_messages_cannot_command_a_terminal_or_a_ci_log(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    repo = _world(tmp_path)
    repo.write({"people/la.yaml": {"id": "la", "name": "李甲乙"}})
    _raw_commit(repo, "author 坏\x1b]0;pwn\x07人 <bad@example.org> 1775000000 +0800",
                "改名\n::error file=records/x.yaml::伪造的注释\n##[warning]伪造\n\x1b[2K抹掉")
    code, out, _err = talkdocs(capsys, "log", "la", "--records", str(repo.records))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "〈U+001B〉" in out
    assert not [line for line in out.splitlines() if line.lstrip().startswith(("::", "##["))]
    assert "::error file=records/x.yaml::伪造的注释" in out  # still readable, only defused
