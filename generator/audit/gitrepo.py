"""Read-only, hook-free access to the git repository that holds the records: the one module that runs git.

It runs the ``git`` program with :mod:`subprocess` and reads its output itself.  GitPython did no more than
start the same commands (its object database, too, asks ``git cat-file``; the pure-Python one is slow on a
province's history), while it added a dependency, import-time checks and persistent ``cat-file`` processes to
close; plain ``git`` with the options below is the whole of what is needed.

Records repositories come from many offices, so nothing here trusts the repository it reads:

- every git command runs with ``-c core.hooksPath=/dev/null -c core.fsmonitor=false`` (no hook, no fsmonitor
  program), ``log.showSignature=false`` (verifying a signature would run the configured ``gpg.program``),
  colours off and ``--no-optional-locks`` (a read never rewrites the index), in the C locale (git's messages
  are read, never shown raw);
- paths come after ``--``, as literal pathspecs (``:(literal)``), so a folder name is never an option or a glob;
- a revision the user typed is refused when it starts with ``-`` or holds control characters, and is otherwise
  resolved to a commit id with ``git rev-parse --verify --end-of-options REV^{commit}`` before any other command
  sees it: later commands only ever receive hexadecimal commit and blob ids.

``talkdocs check`` without ``--base`` and a site without history never run git, so they work on a machine
without it.  The ``git log`` output is read by :mod:`generator.audit.gitlog`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from generator.audit.gitlog import LOG_FORMAT, REGULAR_MODES, decode, parse_log
from generator.audit.gitlog import CommitInfo as CommitInfo  # the values this module's answers are made of
from generator.audit.gitlog import RawChange as RawChange
from generator.errors import ConfigError

SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "log.showSignature=false",
    "color.ui=false",
    "i18n.logOutputEncoding=UTF-8",
)
_HEX = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BATCH = 500  # object names written to cat-file before reading its answers: 33 KB, below a pipe's 64 KB
# Where the main branch may be, most authoritative first (CI checkouts often have only the remote branch).
MAIN_CANDIDATES = (
    ("origin/HEAD", "refs/remotes/origin/HEAD"),
    ("origin/main", "refs/remotes/origin/main"),
    ("origin/master", "refs/remotes/origin/master"),
    ("main", "refs/heads/main"),
    ("master", "refs/heads/master"),
)

SHALLOW_HINT = "（这是浅克隆，较早的提交不在本地；在 CI 中检出时请设置 fetch-depth: 0）"
NO_GIT = "未安装 git，历史不可用"
NOT_A_REPO = "该目录不在 git 仓库中，历史不可用"


class GitError(ConfigError):
    """A problem with git or the repository, with a Chinese message for the user (exit code 2)."""


class GitFailed(GitError):
    """A git command that exited with an error; ``status`` is its exit code."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class GitUnavailable(GitError):
    """git is not installed, or the records are not in a git work tree: there is no history to read."""


class RevisionError(GitError):
    """A revision that was refused or does not name a commit."""


@dataclass(frozen=True)
class TooLarge:
    """A blob that was not read because it is larger than the limit."""

    size: int


def check_revision(rev: str) -> str:
    """``rev`` if it may be given to git as a revision; raises :class:`RevisionError` (Chinese) otherwise."""
    if not rev:
        raise RevisionError("修订版本不能为空，请写提交号、分支名或标签，例如 main 或 HEAD~1")
    if rev.startswith("-"):
        raise RevisionError(f"修订版本“{_printable(rev)}”以“-”开头，看起来像命令选项，已拒绝；"
                            "请写提交号、分支名或标签，例如 main 或 HEAD~1")
    if _CONTROL.search(rev):
        raise RevisionError(f"修订版本“{_printable(rev)}”含有控制字符，已拒绝；请写提交号、分支名或标签")
    return rev


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "\ufffd" for c in text)


def _env() -> dict[str, str]:
    """The environment of every git command: git's messages in English whatever the user's locale (they are
    matched, then put into Chinese sentences), and never a prompt for credentials."""
    return {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"}


def _command(command: str, *args: str) -> list[str]:
    safe = [part for option in SAFE_CONFIG for part in ("-c", option)]
    return ["git", *safe, "--no-optional-locks", command, *args]


def _git(cwd: Path, command: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run one git command in ``cwd``; :class:`GitUnavailable` when there is no git to run."""
    try:
        return subprocess.run(_command(command, *args), cwd=cwd, env=_env(), capture_output=True, check=False)
    except FileNotFoundError:
        raise GitUnavailable(NO_GIT) from None


class GitRepo:
    """The repository around a records folder; every method only reads."""

    def __init__(self, top: Path, prefix: str) -> None:
        self.top = top
        self.prefix = prefix  # the records folder relative to the work tree's top ("" when it is the top)

    # --- running git ------------------------------------------------------------------------------
    def _run(self, command: str, *args: str) -> bytes:
        """``git <command> <args>`` with the safe options; raises :class:`GitError` with git's message."""
        done = _git(self.top, command, *args)
        if done.returncode != 0:
            detail = decode(done.stderr).strip().splitlines()
            raise GitFailed(f"git {command} 失败：{detail[-1] if detail else done.returncode}", done.returncode)
        return done.stdout

    def _try(self, command: str, *args: str) -> bytes | None:
        """Like :meth:`_run`, ``None`` when git answers no (exit code 1: a missing ref, no common ancestor).

        Anything else (a repository git refuses to read, a broken one) still raises.
        """
        try:
            return self._run(command, *args)
        except GitFailed as exc:
            if exc.status == 1:
                return None
            raise

    def pathspecs(self, subdirs: Sequence[str] = ()) -> list[str]:
        """Literal pathspecs for the records folder (or some of its sub-folders), to put after ``--``."""
        base = f"{self.prefix}/" if self.prefix else ""
        if subdirs:
            return [f":(literal){base}{sub}" for sub in subdirs]
        return [f":(literal){self.prefix}"] if self.prefix else [":(literal)."]

    def relative(self, top_path: str) -> str | None:
        """A path from git (relative to the top) relative to the records folder; ``None`` when outside it."""
        if not self.prefix:
            return top_path
        head = self.prefix + "/"
        return top_path[len(head):] if top_path.startswith(head) else None

    # --- revisions --------------------------------------------------------------------------------
    def resolve(self, rev: str) -> str:
        """The commit id ``rev`` names; raises :class:`RevisionError` with a Chinese message."""
        check_revision(rev)
        out = self._try("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        sha = out.decode("ascii", "replace").strip() if out else ""
        if not _HEX.match(sha):
            hint = SHALLOW_HINT if self.is_shallow() else ""
            raise RevisionError(f"找不到修订版本“{_printable(rev)}”{hint}；请写存在的提交号、分支名或标签")
        return sha

    def head(self) -> str | None:
        """The commit checked out, or ``None`` in a repository without commits."""
        out = self._try("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        sha = out.decode("ascii", "replace").strip() if out else ""
        return sha if _HEX.match(sha) else None

    def main_branch(self) -> tuple[str, str] | None:
        """The main branch as (name, commit id), or ``None`` when there is none."""
        for name, ref in MAIN_CANDIDATES:
            out = self._try("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
            sha = out.decode("ascii", "replace").strip() if out else ""
            if _HEX.match(sha):
                return name, sha
        return None

    def merge_base(self, a: str, b: str) -> str | None:
        """The best common ancestor of two commit ids, or ``None``."""
        if not (_HEX.match(a) and _HEX.match(b)):
            raise ValueError("merge_base takes commit ids")
        out = self._try("merge-base", a, b)
        sha = out.decode("ascii", "replace").strip() if out else ""
        return sha if _HEX.match(sha) else None

    def is_shallow(self) -> bool:
        """True in a shallow clone, where older commits are not in the repository."""
        out = self._try("rev-parse", "--is-shallow-repository")
        return out is not None and out.strip() == b"true"

    def shallow_commits(self) -> frozenset[str]:
        """The commits at the edge of a shallow clone (their parents are missing)."""
        out = self._try("rev-parse", "--git-path", "shallow")
        if not out:
            return frozenset()
        path = Path(decode(out.strip()))
        try:
            text = (path if path.is_absolute() else self.top / path).read_text("ascii", "replace")
        except OSError:
            return frozenset()
        return frozenset(line.strip() for line in text.splitlines() if _HEX.match(line.strip()))

    def count_commits(self, sha: str) -> int:
        """How many commits are reachable from ``sha`` (in a shallow clone: how many are present)."""
        if not _HEX.match(sha):
            raise ValueError("count_commits takes a commit id")
        out = self._try("rev-list", "--count", sha)
        return int(out.strip()) if out and out.strip().isdigit() else 0

    def object_format(self) -> str:
        """``sha1`` or ``sha256``: how this repository names objects."""
        out = self._try("rev-parse", "--show-object-format")
        return "sha256" if out and out.strip() == b"sha256" else "sha1"

    # --- trees and blobs --------------------------------------------------------------------------
    def tree(self, sha: str, subdirs: Sequence[str] = ()) -> dict[str, str]:
        """Regular files under the records folder in commit ``sha``: path (relative to the folder) → blob id."""
        if not _HEX.match(sha):
            raise ValueError("tree takes a commit id")
        out = self._run("ls-tree", "-r", "-z", "--full-tree", sha, "--", *self.pathspecs(subdirs))
        files: dict[str, str] = {}
        for entry in out.split(b"\0"):
            meta, _, path = entry.partition(b"\t")
            parts = meta.split(b" ")
            if len(parts) != 3 or parts[1] != b"blob" or parts[0].decode("ascii", "replace") not in REGULAR_MODES:
                continue
            rel = self.relative(decode(path))
            if rel is not None:
                files[rel] = parts[2].decode("ascii")
        return files

    def read_blobs(self, blobs: Iterable[str], limit: int) -> Iterator[tuple[str, bytes | TooLarge | None]]:
        """(blob id, content) for each id, in order, through one ``git cat-file --batch`` process.

        A blob larger than ``limit`` bytes is skipped (:class:`TooLarge`), a missing one gives ``None``.
        """
        wanted = list(blobs)
        if not wanted:
            return
        for sha in wanted:
            if not _HEX.match(sha):
                raise ValueError("read_blobs takes blob ids")
        try:
            proc = subprocess.Popen(_command("cat-file", "--batch"), cwd=self.top, env=_env(), stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except FileNotFoundError:
            raise GitUnavailable(NO_GIT) from None
        assert proc.stdin is not None and proc.stdout is not None
        try:
            for start in range(0, len(wanted), _BATCH):
                chunk = wanted[start:start + _BATCH]
                proc.stdin.write(b"".join(sha.encode("ascii") + b"\n" for sha in chunk))
                proc.stdin.flush()
                for sha in chunk:
                    yield sha, _read_one(proc.stdout, limit)
        finally:
            proc.stdin.close()
            proc.stdout.close()
            proc.wait()

    # --- history ----------------------------------------------------------------------------------
    def walk(self, revs: Sequence[str], subdirs: Sequence[str] = ()) -> list[tuple[CommitInfo, tuple[RawChange, ...]]]:
        """The commits that changed the records folder, oldest first, each with the files it changed.

        One ``git log --raw -M`` for the whole history; ``revs`` are commit ids (``^id`` to exclude).  A merge
        commit lists the files it left different from every parent (``--cc``): what the merge itself changed
        (a resolved conflict, or an edit made while merging), not what it brought in from a branch.  As in
        ``git log -- records``, a branch whose every change to the records a merge dropped is not walked.
        """
        for rev in revs:
            if not _HEX.match(rev.removeprefix("^")):
                raise ValueError("walk takes commit ids")
        out = self._run("log", "--reverse", "--topo-order", "--root", "--raw", "--cc", "-z", "--no-abbrev", "-M",
                        "--no-textconv", "--no-ext-diff", "--no-color", LOG_FORMAT, *revs, "--",
                        *self.pathspecs(subdirs))
        return parse_log(out, self.relative)


def _read_one(stdout: IO[bytes], limit: int) -> bytes | TooLarge | None:
    """One answer of ``git cat-file --batch``."""
    header = stdout.readline().split()
    if len(header) != 3:  # "<id> missing" (e.g. a partial clone without that blob)
        return None
    size = int(header[2])
    if size > limit or header[1] != b"blob":
        left = size + 1  # the content and its newline are drained so that the next answer lines up
        while left > 0:
            piece = stdout.read(min(left, 1 << 20))
            if not piece:
                break
            left -= len(piece)
        return TooLarge(size) if header[1] == b"blob" else None
    data: bytes = stdout.read(size)
    stdout.read(1)  # the newline after the content
    return data


@contextmanager
def open_repo(records_dir: Path) -> Iterator[GitRepo]:
    """The repository whose work tree holds ``records_dir`` (it may be a sub-folder).

    Raises :class:`GitUnavailable` when git is not installed or the folder is not in a git work tree.  (A
    context manager, as callers use it: nothing stays open between commands.)
    """
    if shutil.which("git") is None:
        raise GitUnavailable(NO_GIT)
    folder = Path(records_dir)
    if not folder.is_dir():
        raise GitUnavailable(f"记录文件夹“{folder.as_posix()}”不存在，历史不可用")
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        said = decode(done.stderr)
        if "not a git repository" in said or "must be run in a work tree" in said:
            raise GitUnavailable(NOT_A_REPO)
        lines = said.strip().splitlines()
        raise GitFailed(f"git rev-parse 失败：{lines[-1] if lines else done.returncode}", done.returncode)
    shown = decode(done.stdout).rstrip("\n")
    if not shown:  # inside the .git folder of a work tree: no work tree to speak of
        raise GitUnavailable(NOT_A_REPO)
    top = Path(shown).resolve()
    prefix = os.path.relpath(folder.resolve(), top).replace(os.sep, "/")
    if prefix == ".." or prefix.startswith("../"):
        raise GitUnavailable(NOT_A_REPO)
    yield GitRepo(top, "" if prefix == "." else prefix)
