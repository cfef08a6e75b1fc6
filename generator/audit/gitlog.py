"""Reading ``git log -z --raw`` output: each commit's header and the record files it changed.

Only text is read here; :mod:`generator.audit.gitrepo` runs git and hands the output over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

REGULAR_MODES = frozenset({"100644", "100755"})
COMMIT_START = b"\x1e"
LOG_FORMAT = "--format=%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI%x00%B%x00"
_HEADER_TOKENS = 7  # the commit id (after U+001E), parents, author, email, author date, committer date, message
# What git itself reads an unparsable date as; used only when neither the author nor the committer date parses.
UNKNOWN_DATE = "1970-01-01T00:00:00+00:00"
Relative = Callable[[str], "str | None"]  # a path from git (relative to the top) → relative to the records folder


def decode(raw: bytes) -> str:
    """A path or name from git output (not necessarily UTF-8) as text, kept reversible."""
    return raw.decode("utf-8", "surrogateescape")


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


def parse_log(out: bytes, relative: Relative) -> list[tuple[CommitInfo, tuple[RawChange, ...]]]:
    """Parse ``git log -z --raw`` output written with :data:`LOG_FORMAT`.

    Tokens are NUL-separated: a commit's header fields, then for each file ``:modes ids status`` and one path
    (two for a rename).  A commit starts with a token beginning with U+001E; paths never take that place, as
    they only ever follow a status token.
    """
    tokens = out.split(b"\0")
    commits: list[tuple[CommitInfo, tuple[RawChange, ...]]] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i].lstrip(b"\n")
        if not token.startswith(COMMIT_START):
            i += 1
            continue
        if i + _HEADER_TOKENS - 1 >= n:
            break
        sha = token[1:].decode("ascii", "replace")
        parents = tuple(tokens[i + 1].decode("ascii", "replace").split())
        date, dated = _commit_date(tokens[i + 4], tokens[i + 5])
        author = decode(tokens[i + 2])
        info = CommitInfo(sha, parents, author, decode(tokens[i + 3]), date, decode(tokens[i + 6]).strip(),
                          dated and bool(author.strip()))
        i += _HEADER_TOKENS
        changes: list[RawChange] = []
        while i < n:
            token = tokens[i].lstrip(b"\n")
            if token.startswith(COMMIT_START):
                break
            i += 1
            if token.startswith(b"::"):  # a merge commit's file: "::" modes, blobs (each parent's, then its own)
                change = _combined_change(token, decode(tokens[i]) if i < n else "", relative)
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
            changes.append(_raw_change([decode(p) for p in paths], old_mode, new_mode, old_blob, new_blob,
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


def _combined_change(token: bytes, path: str, relative: Relative) -> RawChange | None:
    """A merge commit's file, against the first parent that has it (the first parent when none has)."""
    meta = token[2:].decode("ascii", "replace").split(" ")
    parents = len(meta[-1])  # one status letter per parent
    if parents < 2 or len(meta) != 2 * (parents + 1) + 1:
        return None
    modes, blobs = meta[:parents + 1], meta[parents + 1:-1]
    side = next((k for k in range(parents) if modes[k] in REGULAR_MODES), 0)
    return _raw_change([path], modes[side], modes[-1], blobs[side], blobs[-1], relative)


def _raw_change(paths: list[str], old_mode: str, new_mode: str, old_blob: str, new_blob: str,
                relative: Relative) -> RawChange:
    """One file of a commit; a side outside the records folder or not a regular file counts as absent."""
    old_path = relative(paths[0]) if old_mode in REGULAR_MODES else None
    new_path = relative(paths[-1]) if new_mode in REGULAR_MODES else None
    if old_path is not None and new_path is not None:
        status = "M" if old_path == new_path else "R"
    else:
        status = "A" if new_path is not None else "D"
    return RawChange(status, old_path, new_path, old_blob if old_path is not None else None,
                     new_blob if new_path is not None else None)


