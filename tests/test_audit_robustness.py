"""The audit trail in awkward places: shallow clones, empty repositories, no git, hostile repositories and
revisions that look like options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gitworld import GitWorld, edited_world, talkdocs

from generator.audit import gitrepo, history

pytestmark = pytest.mark.usefixtures("git_env")
ROOT = Path(__file__).resolve().parents[1]


# --- shallow clones -------------------------------------------------------------------------------------
def shallow_clone(tmp_path: Path) -> tuple[GitWorld, Path, str]:
    """A clone with only the latest two commits of three."""
    repo, _a, b = edited_world(tmp_path / "origin")
    repo.write({"people/new.yaml": {"id": "new", "name": "新同志"}})
    repo.commit("更正姓名", "2026-04-20T08:00:00+08:00")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "2", f"file://{repo.top}", str(clone))
    return repo, clone / "records", b


def test_shallow_clone_says_how_much_it_saw(tmp_path: Path) -> None:
    _repo, records, b = shallow_clone(tmp_path)
    found = history.collect(records)
    assert (found.available, found.shallow, found.note) == (True, True, "浅克隆，只能看到最近 2 次提交")
    talk = found.for_record("talks/2026/t1.yaml")
    assert (talk.complete, talk.first_recorded and talk.first_recorded.sha) == (False, b)
    assert [(c.commit.subject, [d.path for d in c.records]) for c in found.recent(10)] == [
        ("更正姓名", ["people/new.yaml"])]  # the edge commit, where every file looks added, is not a change


def test_log_in_a_shallow_clone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _repo, records, b = shallow_clone(tmp_path)
    code, out, _err = talkdocs(capsys, "log", "ex", "--records", str(records))
    assert code == 2  # removed before the edge: not visible at all
    code, out, _err = talkdocs(capsys, "log", "people/zhou-xin.yaml", "--records", str(records))
    assert code == 0
    assert out == f"""说明：浅克隆，只能看到最近 2 次提交

people/zhou-xin.yaml（人员 zhou-xin）
最早可见（浅克隆，更早的历史不可见）：2026-04-10 李四（{b[:7]}）；最后修改：2026-04-10 李四（{b[:7]}）；共 1 次提交

{b[:7]}  2026-04-10T15:30:00+08:00  李四 <li@example.org>
    更正谈话记录

    按审核意见修改。
  已存在（浅克隆中最早可见的提交，更早的历史不可见）
"""


def test_base_beyond_a_shallow_clone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _repo, records, _b = shallow_clone(tmp_path)
    code, out, err = talkdocs(capsys, "check", "--no-cache", "--records", str(records), "--base", "HEAD~2")
    assert (code, out) == (2, "")
    assert err == ("talkdocs：找不到修订版本“HEAD~2”（这是浅克隆，较早的提交不在本地；在 CI 中检出时请设置 "
                   "fetch-depth: 0）；请写存在的提交号、分支名或标签\n")


# --- no commits, no git, no repository ------------------------------------------------------------------
def test_repository_without_commits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitWorld(tmp_path)
    repo.write({"people/li.yaml": {"id": "li", "name": "李"}})
    found = history.collect(repo.records)
    assert (found.available, found.note, found.recent(5)) == (True, "仓库中还没有提交，暂无修改历史", ())
    assert found.for_record("people/li.yaml").changes == ()
    code, out, _err = talkdocs(capsys, "diff", "--records", str(repo.records))
    assert (code, out) == (0, "记录变化：空仓库 → 工作区\n"
                              "说明：仓库中还没有提交：工作区的记录都算新增\n"
                              "新增 1 个记录\n\n"
                              "新增 people/li.yaml（人员 li）\n")
    assert talkdocs(capsys, "log", "li", "--records", str(repo.records))[:2] == (
        0, "说明：仓库中还没有提交，暂无修改历史\npeople/li.yaml 还没有提交过，没有历史。\n")


def test_without_git(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _a, _b = edited_world(tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert history.collect(repo.records) == history.History(False, "未安装 git，历史不可用")
    for argv in (("diff",), ("log", "t1"), ("check", "--no-cache", "--base", "HEAD")):
        code, out, err = talkdocs(capsys, *argv, "--records", str(repo.records))
        assert (code, out, err) == (2, "", "talkdocs：未安装 git，历史不可用\n")


def test_check_without_base_never_imports_git(tmp_path: Path) -> None:
    repo, _a, _b = edited_world(tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    script = ("import sys\nfrom generator.cli.app import main\n"
              f"code = main(['check', '--no-cache', '--as-of', '2026-11-27', '--records', {str(repo.records)!r}])\n"
              "print(code, 'git' in sys.modules)\n")
    env = {"PATH": str(empty), "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "1 False"  # findings (the edited world is not clean), and no git module


def test_folder_outside_any_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "records"
    (records / "people").mkdir(parents=True)
    assert history.collect(records) == history.History(False, "该目录不在 git 仓库中，历史不可用")
    code, _out, err = talkdocs(capsys, "diff", "--records", str(records))
    assert (code, err) == (2, "talkdocs：该目录不在 git 仓库中，历史不可用\n")
    missing = (tmp_path / "missing").as_posix()
    assert history.collect(tmp_path / "missing").note == f"记录文件夹“{missing}”不存在，历史不可用"


# --- a hostile repository -------------------------------------------------------------------------------
HOOKS = ("pre-commit", "post-commit", "post-checkout", "post-merge", "post-index-change", "reference-transaction",
         "pre-auto-gc", "post-rewrite", "fsmonitor-watchman")


def _trap(path: Path, marker: Path) -> str:
    path.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 1\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def _state(git_dir: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(git_dir.rglob("*")) if p.is_file()}


def test_no_hook_or_configured_program_runs_and_nothing_is_written(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    repo, _a, _b = edited_world(tmp_path)
    # A signed commit that touches records: verifying it would run gpg.program.
    repo.write({"people/new.yaml": {"id": "new", "name": "新同志"}})
    repo.git("add", "-A")
    tree, parent = repo.git("write-tree").strip(), repo.sha()
    signed = (f"tree {tree}\nparent {parent}\nauthor 王五 <w@example.org> 1776000000 +0800\n"
              "committer 王五 <w@example.org> 1776000000 +0800\n"
              "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\n签名提交\n")
    (tmp_path / "commit.txt").write_text(signed, encoding="utf-8")
    repo.git("update-ref", "refs/heads/main", repo.git("hash-object", "-t", "commit", "-w",
                                                        str(tmp_path / "commit.txt")).strip())
    traps = tmp_path / "traps"
    markers = tmp_path / "markers"
    traps.mkdir()
    markers.mkdir()
    hooks_dir = repo.top / ".git" / "hooks"
    other_hooks = tmp_path / "other-hooks"
    other_hooks.mkdir()
    for name in HOOKS:
        _trap(hooks_dir / name, markers / f"hook-{name}")
        _trap(other_hooks / name, markers / f"hooks-path-{name}")
    repo.git("config", "core.hooksPath", str(other_hooks))
    repo.git("config", "core.fsmonitor", _trap(traps / "fsmonitor", markers / "fsmonitor"))
    repo.git("config", "gpg.program", _trap(traps / "gpg", markers / "gpg"))
    repo.git("config", "log.showSignature", "true")
    repo.git("config", "diff.external", _trap(traps / "external", markers / "external-diff"))
    repo.git("config", "diff.evil.textconv", _trap(traps / "textconv", markers / "textconv"))
    (repo.top / ".gitattributes").write_text("*.yaml diff=evil\n", encoding="utf-8")
    repo.git("log", "-1", "--format=%s")  # the traps work: plain git runs the configured gpg program
    assert (markers / "gpg").exists()
    (markers / "gpg").unlink()
    before = _state(repo.top / ".git")

    assert talkdocs(capsys, "diff", "--records", str(repo.records))[0] == 0
    assert talkdocs(capsys, "diff", "HEAD~2", "HEAD", "--records", str(repo.records))[0] == 0
    assert talkdocs(capsys, "log", "new", "--records", str(repo.records))[1].splitlines()[4] == "    签名提交"
    assert talkdocs(capsys, "check", "--no-cache", "--records", str(repo.records), "--base", "HEAD~2")[0] in (0, 1)
    assert history.collect(repo.records).commits == 3

    assert sorted(os.listdir(markers)) == []
    assert _state(repo.top / ".git") == before


# --- revisions that look like options -------------------------------------------------------------------
REFUSED = "修订版本“{}”以“-”开头，看起来像命令选项，已拒绝；请写提交号、分支名或标签，例如 main 或 HEAD~1"


@pytest.mark.parametrize("argv", [
    ("diff", "--", "{opt}"),
    ("diff", "HEAD", "--", "{opt}"),
    ("check", "--no-cache", "--base={opt}"),
])
def test_option_like_revision_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         argv: tuple[str, ...]) -> None:
    repo, _a, _b = edited_world(tmp_path)
    target = tmp_path / "x"
    option = f"--output={target}"
    code, out, err = talkdocs(capsys, argv[0], "--records", str(repo.records),
                              *(a.format(opt=option) for a in argv[1:]))
    assert (code, out) == (2, "")
    assert REFUSED.format(option) in err
    assert not target.exists()


def test_option_like_revision_is_refused_by_the_library(tmp_path: Path) -> None:
    repo, _a, _b = edited_world(tmp_path)
    target = tmp_path / "x"
    for rev in (f"--output={target}", "-p", "HEAD\n--output=x"):
        with pytest.raises(gitrepo.RevisionError):
            history.compare_revisions(repo.records, rev)
    with pytest.raises(gitrepo.RevisionError, match=r"^找不到修订版本“HEAD --output"):
        history.compare_revisions(repo.records, f"HEAD --output={target}")
    assert not target.exists()
