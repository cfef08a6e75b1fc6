"""The records' audit trail from git: who changed which record when, field by field.

:func:`collect` walks the commits that touched the records folder once (one ``git log --raw -M``, oldest
first), follows each file through renames, and then reads only the blobs it needs — both versions of each
modified file, each blob read and parsed once while it is still needed — through one ``git cat-file --batch``
process.  The walk is :mod:`generator.audit.lineage` (which commits changed which record), the reading and
comparing of versions :mod:`generator.audit.describe` (what each change did).  The site asks the result for
every record (:meth:`History.for_record`) and for the latest changes (:meth:`History.recent`) without running
git again.

:func:`compare_revisions` compares the records of two revisions (a commit and another commit, or the working
tree) for ``talkdocs diff`` and ``talkdocs check --base``; the working tree is read from disk, not through git,
so uncommitted and untracked files count and no git command ever looks at the index.

Nothing here needs git until it is called: without git, or outside a repository, :func:`collect` returns a
:class:`History` that says so (:attr:`History.available`, :attr:`History.note`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from generator.audit import describe, gitrepo, lineage
from generator.audit.semantic_diff import RecordDiff, compare, is_record_path, record_of
from generator.findings import finding as F
from generator.load import instance_loader

MAX_BYTES = describe.MAX_BYTES
WORK_TREE = "工作区"


@dataclass(frozen=True)
class Commit:
    """A commit that changed records."""

    sha: str
    author: str
    email: str
    date: str  # author date, ISO 8601 with the author's UTC offset
    message: str
    boundary: bool = False  # the oldest commit of a shallow clone: its "added" files existed before
    merge: bool = False  # a merge commit: its changes are those made while merging, against the main line

    @property
    def short(self) -> str:
        """The abbreviated commit id shown to people."""
        return self.sha[:7]

    @property
    def subject(self) -> str:
        """The first line of the message."""
        return self.message.split("\n", 1)[0]


@dataclass(frozen=True)
class RecordChange:
    """What one commit did to one record."""

    commit: Commit
    diff: RecordDiff

    @property
    def semantic(self) -> bool:
        """Added, removed, renamed, or a field changed (not only comments or formatting)."""
        return self.diff.status != "changed" or bool(self.diff.changes) or bool(self.diff.problem)


@dataclass(frozen=True)
class RecordHistory:
    """Every change to one record that the repository shows, oldest first, across renames."""

    path: str  # its latest path (relative to the records folder)
    paths: tuple[str, ...]  # every path it had, oldest first
    changes: tuple[RecordChange, ...] = ()
    complete: bool = True  # False when it already existed at the edge of a shallow clone

    @property
    def first_recorded(self) -> Commit | None:
        """The commit that added it (in a shallow clone, possibly only the oldest commit there is)."""
        return self.changes[0].commit if self.changes else None

    @property
    def last_changed(self) -> Commit | None:
        """The latest commit that changed it."""
        return self.changes[-1].commit if self.changes else None

    @property
    def authors(self) -> tuple[str, ...]:
        """Who changed it, in order of their first change."""
        return tuple(dict.fromkeys(c.commit.author for c in self.changes))

    @property
    def deleted(self) -> bool:
        """Its latest change removed it."""
        return bool(self.changes) and self.changes[-1].diff.status == "removed"


@dataclass(frozen=True)
class CommitChanges:
    """The records one commit changed."""

    commit: Commit
    records: tuple[RecordDiff, ...]


@dataclass(frozen=True)
class History:
    """The audit trail of a records folder, or why there is none (:attr:`note`)."""

    available: bool
    note: str = ""  # Chinese; non-empty whenever history is missing or partial
    shallow: bool = False
    commits: int = 0  # commits that changed records
    _by_path: Mapping[str, RecordHistory] = field(default_factory=lambda: MappingProxyType({}))
    _by_commit: tuple[CommitChanges, ...] = ()  # newest first, semantic changes only

    def for_record(self, relpath: str) -> RecordHistory:
        """The history of the record at ``relpath`` (now, or before it was renamed or removed); empty if none."""
        return self._by_path.get(relpath) or RecordHistory(relpath, (relpath,))

    def recent(self, n: int) -> tuple[CommitChanges, ...]:
        """The ``n`` latest commits with semantic changes to records, newest first."""
        return self._by_commit[:max(n, 0)]

    def records(self) -> tuple[RecordHistory, ...]:
        """Every record the history shows, by latest path."""
        seen = {id(h): h for h in self._by_path.values()}
        return tuple(sorted(seen.values(), key=lambda h: h.path))

    def find(self, record_id: str) -> tuple[RecordHistory, ...]:
        """The records that had id ``record_id`` under any of their paths (a talk and its rectification)."""
        return tuple(h for h in self.records() if any(record_of(p)[1] == record_id for p in h.paths))


# --- snapshots (for compare) ----------------------------------------------------------------------------
def blob_id(raw: bytes, object_format: str = "sha1") -> str:
    """The id git gives a file with this content."""
    digest = hashlib.new(object_format)
    digest.update(b"blob %d\0" % len(raw))
    digest.update(raw)
    return digest.hexdigest()


def _in(subdirs: Sequence[str], rel: str) -> bool:
    return not subdirs or rel.split("/", 1)[0] in subdirs


class TreeSnapshot:
    """The record files of a commit (``sha`` ``None``: a repository without commits, so none)."""

    def __init__(self, repo: gitrepo.GitRepo, sha: str | None, subdirs: Sequence[str] = ()) -> None:
        self._repo = repo
        files = repo.tree(sha, subdirs) if sha else {}
        self._files = {p: b for p, b in files.items() if is_record_path(p) and _in(subdirs, p)}

    def keys(self) -> Mapping[str, str | None]:
        """Path → blob id."""
        return self._files

    def read(self, paths: Sequence[str]) -> Mapping[str, bytes | F.Finding]:
        """Contents, through one ``git cat-file`` process."""
        return describe.read_blobs(self._repo, {p: self._files[p] for p in paths})


class WorkTreeSnapshot:
    """The record files on disk, found as ``check`` finds them; identified by the blob id git would give them."""

    def __init__(self, records_dir: Path, object_format: str = "sha1", subdirs: Sequence[str] = ()) -> None:
        self._dir = records_dir
        self._keys: dict[str, str | None] = {}
        for rel in instance_loader.discover(records_dir).paths:
            if is_record_path(rel) and _in(subdirs, rel):
                raw = instance_loader.read_file(records_dir, rel, MAX_BYTES)
                self._keys[rel] = None if isinstance(raw, F.Finding) else blob_id(raw, object_format)

    def keys(self) -> Mapping[str, str | None]:
        """Path → blob id (``None`` when it cannot be read: always compared, and reported)."""
        return self._keys

    def read(self, paths: Sequence[str]) -> Mapping[str, bytes | F.Finding]:
        """Contents, read again from disk (only for files that differ)."""
        return {p: instance_loader.read_file(self._dir, p, MAX_BYTES) for p in paths}


@dataclass(frozen=True)
class Revision:
    """One side of a comparison."""

    label: str  # Chinese, for people: "main（1a2b3c4）", "工作区"
    sha: str | None = None  # None: the working tree, or a repository without commits
    rev: str | None = None  # what the user wrote


@dataclass(frozen=True)
class Comparison:
    """The records that differ between two revisions."""

    base: Revision
    target: Revision
    records: tuple[RecordDiff, ...]
    note: str = ""


def _named(repo: gitrepo.GitRepo, rev: str) -> Revision:
    sha = repo.resolve(rev)
    return Revision(f"{rev}（{sha[:7]}）", sha, rev)


def _default_base(repo: gitrepo.GitRepo) -> tuple[Revision, str]:
    """The merge base of HEAD with the main branch, and a note when there is no such thing."""
    head = repo.head()
    if head is None:
        return Revision("空仓库"), "仓库中还没有提交：工作区的记录都算新增"
    main = repo.main_branch()
    if main is None:
        return Revision(f"HEAD（{head[:7]}）", head, "HEAD"), "没有找到主分支（main 或 master），与当前提交比较"
    name, sha = main
    base = repo.merge_base(sha, head)
    if base is None:
        hint = gitrepo.SHALLOW_HINT if repo.is_shallow() else ""
        raise gitrepo.RevisionError(f"找不到当前提交与主分支 {name} 的共同祖先{hint}；"
                                    "请写明要比较的修订版本，例如 talkdocs diff HEAD~1")
    if base == sha:
        return Revision(f"{name}（{base[:7]}）", base, name), ""
    return Revision(f"{name} 与 HEAD 的合并基础（{base[:7]}）", base, name), ""


def compare_revisions(records_dir: Path, rev_a: str | None = None, rev_b: str | None = None,
                      subdirs: Sequence[str] = ()) -> Comparison:
    """The records of ``rev_a`` (default: the merge base with the main branch) against ``rev_b`` (default: the
    working tree).  Raises :class:`gitrepo.GitError` (Chinese message) when git cannot answer."""
    for rev in (rev_a, rev_b):
        if rev is not None:
            gitrepo.check_revision(rev)  # before anything runs
    with gitrepo.open_repo(records_dir) as repo:
        base, note = (_named(repo, rev_a), "") if rev_a is not None else _default_base(repo)
        if rev_b is not None:
            target = _named(repo, rev_b)
            new: TreeSnapshot | WorkTreeSnapshot = TreeSnapshot(repo, target.sha, subdirs)
        else:
            target = Revision(WORK_TREE)
            new = WorkTreeSnapshot(records_dir, repo.object_format(), subdirs)
        return Comparison(base, target, compare(TreeSnapshot(repo, base.sha, subdirs), new), note)


def _commit(info: gitrepo.CommitInfo, edge: frozenset[str]) -> Commit:
    return Commit(info.sha, info.author, info.email, info.date, info.message, info.sha in edge, len(info.parents) > 1)


def _collect(repo: gitrepo.GitRepo, only: Callable[[tuple[str, ...]], bool] | None) -> History:
    head = repo.head()
    if head is None:
        return History(True, "仓库中还没有提交，暂无修改历史")
    shallow = repo.is_shallow()
    edge = repo.shallow_commits() if shallow else frozenset()
    walked = repo.walk([head])
    walk = lineage.Walk()
    commits: list[Commit] = []
    for index, (info, changes) in enumerate(walked):
        commits.append(_commit(info, edge))
        walk.commit(index, changes)
    chosen = [lid for lid, followed in enumerate(walk.lineages) if only is None or only(tuple(followed.paths))]
    tasks = sorted(((index, lid, change) for lid in chosen for index, change in walk.lineages[lid].entries),
                   key=lambda t: t[0])
    diffs = describe.diffs(repo, tasks)
    per_lineage: dict[int, list[RecordChange]] = {lid: [] for lid in chosen}
    per_commit: dict[int, list[RecordDiff]] = {}
    for (index, lid, _change), diff in zip(tasks, diffs, strict=True):
        change = RecordChange(commits[index], diff)
        per_lineage[lid].append(change)
        if change.semantic and not commits[index].boundary:
            per_commit.setdefault(index, []).append(diff)
    histories = {lid: RecordHistory(walk.lineages[lid].paths[-1], tuple(walk.lineages[lid].paths),
                                    tuple(per_lineage[lid]),
                                    not (per_lineage[lid] and per_lineage[lid][0].commit.boundary))
                 for lid in chosen}
    by_path = {path: histories[lid] for path, lid in walk.last_at.items() if lid in histories}
    by_commit = tuple(CommitChanges(commits[i], tuple(sorted(per_commit[i], key=lambda d: d.path)))
                      for i in sorted(per_commit, reverse=True))
    note = f"浅克隆，只能看到最近 {repo.count_commits(head)} 次提交" if shallow else ""
    malformed = [info.sha[:7] for info, _changes in walked if not info.header_ok]
    if malformed:
        shown = "、".join(malformed[:5]) + (f" 等 {len(malformed)} 个" if len(malformed) > 5 else "")
        note += ("；" if note else "") + f"提交 {shown} 的作者信息格式有误（无法识别作者或日期），日期按提交时间显示"
    return History(True, note, shallow, len(commits), MappingProxyType(by_path), by_commit)


def collect(records_dir: Path, *, only: Callable[[tuple[str, ...]], bool] | None = None) -> History:
    """The history of every record under ``records_dir`` from one pass over the commits; never raises for a
    missing git, a folder outside a repository, or a repository without commits (see :attr:`History.note`).

    ``only``: keep just the records whose paths (every name they had) it accepts; the walk is the same, but
    only their versions are read (``talkdocs log``).
    """
    try:
        with gitrepo.open_repo(records_dir) as repo:
            return _collect(repo, only)
    except gitrepo.GitUnavailable as exc:
        return History(False, str(exc))
    except gitrepo.GitError as exc:
        return History(False, f"读取 git 历史失败：{exc}")
