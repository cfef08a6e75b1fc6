"""Read-only, hook-free access to the git repository that holds the records (through GitPython).

Records repositories come from many offices, so nothing here trusts the repository it reads:

- every git command runs with ``-c core.hooksPath=/dev/null -c core.fsmonitor=false`` (no hook, no fsmonitor
  program), ``log.showSignature=false`` (verifying a signature would run the configured ``gpg.program``),
  colours off and ``--no-optional-locks`` (a read never rewrites the index);
- paths come after ``--``, as literal pathspecs (``:(literal)``), so a folder name is never an option or a glob;
- a revision the user typed is refused when it starts with ``-`` or holds control characters, and is otherwise
  resolved to a commit id with ``git rev-parse --verify --end-of-options REV^{commit}`` before any other command
  sees it: later commands only ever receive hexadecimal commit and blob ids.

GitPython (and git itself) are imported only when a repository is opened, so ``talkdocs check`` without
``--base`` and a site without history work on a machine without git.  Open, use, close: :func:`open_repo` is a
context manager that always calls ``repo.close()`` (GitPython keeps ``cat-file`` processes otherwise).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily at run time: see the module docstring
    import git

SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "log.showSignature=false",
    "color.ui=false",
    "i18n.logOutputEncoding=UTF-8",
)
REGULAR_MODES = frozenset({"100644", "100755"})
_HEX = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BATCH = 500  # object names written to cat-file before reading its answers: 33 KB, below a pipe's 64 KB
_COMMIT_START = b"\x1e"
_LOG_FORMAT = "--format=%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI%x00%B%x00"
_HEADER_TOKENS = 7  # the commit id (after U+001E), parents, author, email, author date, committer date, message
# What git itself reads an unparsable date as; used only when neither the author nor the committer date parses.
UNKNOWN_DATE = "1970-01-01T00:00:00+00:00"
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


class GitError(Exception):
    """A problem with git or the repository, with a Chinese message for the user."""


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
class CommitInfo:
    """One commit as ``git log`` reports it."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # the author date, ISO 8601 with the author's offset (see :func:`_commit_date`)
    message: str
    header_ok: bool = True  # False: the author header was malformed (no date git could read, or no name)


@dataclass(frozen=True)
class RawChange:
    """One file a commit changed, paths relative to the records folder (``None``: outside it or not a file)."""

    status: str  # A added, D deleted, M modified, R renamed (as far as the records folder is concerned)
    old_path: str | None
    new_path: str | None
    old_blob: str | None  # None when that side is not a regular file (absent, a link, a submodule)
    new_blob: str | None


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


def _decode(raw: bytes) -> str:
    """A path or name from git output (not necessarily UTF-8) as text, kept reversible."""
    return raw.decode("utf-8", "surrogateescape")


class GitRepo:
    """The repository around a records folder; every method only reads."""

    def __init__(self, repo: git.Repo, top: Path, prefix: str) -> None:
        self._repo = repo
        self._git = repo.git
        self.top = top
        self.prefix = prefix  # the records folder relative to the work tree's top ("" when it is the top)

    # --- running git ------------------------------------------------------------------------------
    def _run(self, command: str, *args: str) -> bytes:
        """``git <command> <args>`` with the safe options; raises :class:`GitError` with git's message."""
        from git.exc import GitCommandError, GitCommandNotFound

        try:
            out: bytes = getattr(self._git, command)(*args, stdout_as_string=False, strip_newline_in_stdout=False)
        except GitCommandNotFound:
            raise GitUnavailable(NO_GIT) from None
        except GitCommandError as exc:
            detail = exc.stderr.strip().removeprefix("stderr: ").strip("'\n ") if isinstance(exc.stderr, str) else ""
            status = exc.status if isinstance(exc.status, int) else -1
            raise GitFailed(f"git {command.replace('_', '-')} 失败：{detail or status}", status) from None
        return out

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
        out = self._try("rev_parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        sha = out.decode("ascii", "replace").strip() if out else ""
        if not _HEX.match(sha):
            hint = SHALLOW_HINT if self.is_shallow() else ""
            raise RevisionError(f"找不到修订版本“{_printable(rev)}”{hint}；请写存在的提交号、分支名或标签")
        return sha

    def head(self) -> str | None:
        """The commit checked out, or ``None`` in a repository without commits."""
        out = self._try("rev_parse", "--verify", "--quiet", "HEAD^{commit}")
        sha = out.decode("ascii", "replace").strip() if out else ""
        return sha if _HEX.match(sha) else None

    def main_branch(self) -> tuple[str, str] | None:
        """The main branch as (name, commit id), or ``None`` when there is none."""
        for name, ref in MAIN_CANDIDATES:
            out = self._try("rev_parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
            sha = out.decode("ascii", "replace").strip() if out else ""
            if _HEX.match(sha):
                return name, sha
        return None

    def merge_base(self, a: str, b: str) -> str | None:
        """The best common ancestor of two commit ids, or ``None``."""
        if not (_HEX.match(a) and _HEX.match(b)):
            raise ValueError("merge_base takes commit ids")
        out = self._try("merge_base", a, b)
        sha = out.decode("ascii", "replace").strip() if out else ""
        return sha if _HEX.match(sha) else None

    def is_shallow(self) -> bool:
        """True in a shallow clone, where older commits are not in the repository."""
        out = self._try("rev_parse", "--is-shallow-repository")
        return out is not None and out.strip() == b"true"

    def shallow_commits(self) -> frozenset[str]:
        """The commits at the edge of a shallow clone (their parents are missing)."""
        out = self._try("rev_parse", "--git-path", "shallow")
        if not out:
            return frozenset()
        path = Path(_decode(out.strip()))
        try:
            text = (path if path.is_absolute() else self.top / path).read_text("ascii", "replace")
        except OSError:
            return frozenset()
        return frozenset(line.strip() for line in text.splitlines() if _HEX.match(line.strip()))

    def count_commits(self, sha: str) -> int:
        """How many commits are reachable from ``sha`` (in a shallow clone: how many are present)."""
        if not _HEX.match(sha):
            raise ValueError("count_commits takes a commit id")
        out = self._try("rev_list", "--count", sha)
        return int(out.strip()) if out and out.strip().isdigit() else 0

    def object_format(self) -> str:
        """``sha1`` or ``sha256``: how this repository names objects."""
        out = self._try("rev_parse", "--show-object-format")
        return "sha256" if out and out.strip() == b"sha256" else "sha1"

    # --- trees and blobs --------------------------------------------------------------------------
    def tree(self, sha: str, subdirs: Sequence[str] = ()) -> dict[str, str]:
        """Regular files under the records folder in commit ``sha``: path (relative to the folder) → blob id."""
        if not _HEX.match(sha):
            raise ValueError("tree takes a commit id")
        out = self._run("ls_tree", "-r", "-z", "--full-tree", sha, "--", *self.pathspecs(subdirs))
        files: dict[str, str] = {}
        for entry in out.split(b"\0"):
            meta, _, path = entry.partition(b"\t")
            parts = meta.split(b" ")
            if len(parts) != 3 or parts[1] != b"blob" or parts[0].decode("ascii", "replace") not in REGULAR_MODES:
                continue
            rel = self.relative(_decode(path))
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
        from git.exc import GitCommandNotFound

        try:
            handle: Any = self._git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
        except GitCommandNotFound:
            raise GitUnavailable(NO_GIT) from None
        proc = handle.proc
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
                        "--no-textconv", "--no-ext-diff", "--no-color", _LOG_FORMAT, *revs, "--",
                        *self.pathspecs(subdirs))
        return parse_log(out, self.relative)


def _read_one(stdout: Any, limit: int) -> bytes | TooLarge | None:
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


def parse_log(out: bytes, relative: Any) -> list[tuple[CommitInfo, tuple[RawChange, ...]]]:
    """Parse ``git log -z --raw`` output written with :data:`_LOG_FORMAT`.

    Tokens are NUL-separated: a commit's header fields, then for each file ``:modes ids status`` and one path
    (two for a rename).  A commit starts with a token beginning with U+001E; paths never take that place, as
    they only ever follow a status token.
    """
    tokens = out.split(b"\0")
    commits: list[tuple[CommitInfo, tuple[RawChange, ...]]] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i].lstrip(b"\n")
        if not token.startswith(_COMMIT_START):
            i += 1
            continue
        if i + _HEADER_TOKENS - 1 >= n:
            break
        sha = token[1:].decode("ascii", "replace")
        parents = tuple(tokens[i + 1].decode("ascii", "replace").split())
        date, dated = _commit_date(tokens[i + 4], tokens[i + 5])
        author = _decode(tokens[i + 2])
        info = CommitInfo(sha, parents, author, _decode(tokens[i + 3]), date, _decode(tokens[i + 6]).strip(),
                          dated and bool(author.strip()))
        i += _HEADER_TOKENS
        changes: list[RawChange] = []
        while i < n:
            token = tokens[i].lstrip(b"\n")
            if token.startswith(_COMMIT_START):
                break
            i += 1
            if token.startswith(b"::"):  # a merge commit's file: "::" modes, blobs (each parent's, then its own)
                change = _combined_change(token, _decode(tokens[i]) if i < n else "", relative)
                i += 1
                if change is not None:
                    changes.append(change)
                continue
            if not token.startswith(b":"):
                continue
            meta = token[1:].decode("ascii", "replace").split(" ")
            if len(meta) != 5:
                continue
            old_mode, new_mode, old_blob, new_blob, status = meta
            paths = tokens[i:i + (2 if status[:1] in ("R", "C") else 1)]
            i += len(paths)
            changes.append(_raw_change([_decode(p) for p in paths], old_mode, new_mode, old_blob, new_blob,
                                       relative))
        commits.append((info, tuple(c for c in changes if c.old_path is not None or c.new_path is not None)))
    return commits


def _commit_date(author: bytes, committer: bytes) -> tuple[str, bool]:
    """The author date, and whether it was readable: a commit whose author header is malformed gets ``%aI``
    back unexpanded (or nothing); its committer date stands in, else :data:`UNKNOWN_DATE`."""
    for raw, own in ((author, True), (committer, False)):
        text = raw.decode("ascii", "replace").strip()
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            continue
        return text, own
    return UNKNOWN_DATE, False


def _combined_change(token: bytes, path: str, relative: Any) -> RawChange | None:
    """A merge commit's file, against the first parent that has it (the first parent when none has)."""
    meta = token[2:].decode("ascii", "replace").split(" ")
    parents = len(meta[-1])  # one status letter per parent
    if parents < 2 or len(meta) != 2 * (parents + 1) + 1:
        return None
    modes, blobs = meta[:parents + 1], meta[parents + 1:-1]
    side = next((k for k in range(parents) if modes[k] in REGULAR_MODES), 0)
    return _raw_change([path], modes[side], modes[-1], blobs[side], blobs[-1], relative)


def _raw_change(paths: list[str], old_mode: str, new_mode: str, old_blob: str, new_blob: str,
                relative: Any) -> RawChange:
    """One file of a commit; a side outside the records folder or not a regular file counts as absent."""
    old_path = relative(paths[0]) if old_mode in REGULAR_MODES else None
    new_path = relative(paths[-1]) if new_mode in REGULAR_MODES else None
    if old_path is not None and new_path is not None:
        status = "M" if old_path == new_path else "R"
    else:
        status = "A" if new_path is not None else "D"
    return RawChange(status, old_path, new_path, old_blob if old_path is not None else None,
                     new_blob if new_path is not None else None)


@contextmanager
def open_repo(records_dir: Path) -> Iterator[GitRepo]:
    """The repository whose work tree holds ``records_dir`` (it may be a sub-folder); closed on exit.

    Raises :class:`GitUnavailable` when git is not installed or the folder is not in a git work tree.
    """
    if shutil.which("git") is None:
        raise GitUnavailable(NO_GIT)
    try:
        import git
    except ImportError:  # GitPython refuses to import when it cannot run git
        raise GitUnavailable(NO_GIT) from None
    folder = Path(records_dir)
    if not folder.is_dir():
        raise GitUnavailable(f"记录文件夹“{folder.as_posix()}”不存在，历史不可用")
    try:
        repo = git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitUnavailable(NOT_A_REPO) from None
    try:
        if repo.working_tree_dir is None:
            raise GitUnavailable(NOT_A_REPO)
        top = Path(repo.working_tree_dir).resolve()
        prefix = os.path.relpath(folder.resolve(), top).replace(os.sep, "/")
        if prefix == ".." or prefix.startswith("../"):
            raise GitUnavailable(NOT_A_REPO)
        repo.git.set_persistent_git_options(c=list(SAFE_CONFIG), no_optional_locks=True)
        yield GitRepo(repo, top, "" if prefix == "." else prefix)
    finally:
        repo.close()
