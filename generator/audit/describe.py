"""Describing each change: the versions on both sides of a file change, read from git in batches and parsed
once while a later change still needs them, compared field by field (:func:`diffs`).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping

from generator.audit import gitrepo
from generator.audit.semantic_diff import RecordDiff, load, record_diff
from generator.findings import finding as F
from generator.load import instance_loader
from generator.load.instance_loader import LoadedFile

MAX_BYTES = instance_loader.MAX_FILE_BYTES
_PARSED_CACHE = 4096  # parsed versions kept for the next change of the same record (about 10 KB each)
_CHUNK = 2000  # changes whose blobs are read together
_NO_CONTENT = "git 仓库中没有这个版本的内容（可能是部分克隆）"


def blob_content(path: str, content: bytes | gitrepo.TooLarge | None) -> bytes | F.Finding:
    """A blob's content, or the finding that says why it cannot be compared."""
    if isinstance(content, gitrepo.TooLarge):
        return F.make("FILE-TOO-LARGE", path, size=content.size, limit=MAX_BYTES)
    if content is None:
        return F.make("FILE-ENCODING", path, variant="unreadable", detail=_NO_CONTENT)
    return content


def read_blobs(repo: gitrepo.GitRepo, wanted: Mapping[str, str]) -> dict[str, bytes | F.Finding]:
    """path → content for path → blob id, each blob read once."""
    contents = dict(repo.read_blobs(dict.fromkeys(wanted.values()), MAX_BYTES))
    return {path: blob_content(path, contents.get(blob)) for path, blob in wanted.items()}


class _Versions:
    """Loaded versions of files by (blob, path), read in batches and kept only while a later change needs them."""

    def __init__(self, repo: gitrepo.GitRepo, needed: Counter[tuple[str, str]]) -> None:
        self._repo = repo
        self._needed = needed  # uses left
        self._cache: OrderedDict[tuple[str, str], LoadedFile] = OrderedDict()

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        """Read and load the versions in ``keys`` that are not loaded yet."""
        wanted = set(keys)
        missing = [k for k in wanted if k not in self._cache]
        if missing:
            contents = dict(self._repo.read_blobs(dict.fromkeys(blob for blob, _path in missing), MAX_BYTES))
            for blob, path in missing:
                self._cache[(blob, path)] = load(blob_content(path, contents.get(blob)), path)
        excess = len(self._cache) - _PARSED_CACHE
        if excess > 0:  # forget the least recently used versions, but none this batch needs
            for key in [k for k in self._cache if k not in wanted][:excess]:
                del self._cache[key]

    def take(self, key: tuple[str, str]) -> LoadedFile:
        """A loaded version, forgotten once no later change needs it."""
        loaded = self._cache.get(key)
        if loaded is None:  # evicted from the cache: read it again
            self.prefetch([key])
            loaded = self._cache[key]
        self._needed[key] -= 1
        if self._needed[key] <= 0:
            self._cache.pop(key, None)
        else:
            self._cache.move_to_end(key)
        return loaded


def _sides(change: gitrepo.RawChange) -> list[tuple[str, str]]:
    """The versions a change needs read: both sides of a modification (none for an exact rename)."""
    if change.old_blob is None or change.new_blob is None or change.old_blob == change.new_blob:
        return []
    assert change.old_path is not None and change.new_path is not None
    return [(change.old_blob, change.old_path), (change.new_blob, change.new_path)]


def diffs(repo: gitrepo.GitRepo, tasks: list[tuple[int, int, gitrepo.RawChange]]) -> list[RecordDiff]:
    """The record diff of each (commit, lineage, change) task, reading blobs in batches."""
    needed: Counter[tuple[str, str]] = Counter(side for _c, _l, change in tasks for side in _sides(change))
    versions = _Versions(repo, needed)
    out: list[RecordDiff] = []
    for start in range(0, len(tasks), _CHUNK):
        chunk = tasks[start:start + _CHUNK]
        versions.prefetch(side for _c, _l, change in chunk for side in _sides(change))
        for _c, _l, change in chunk:
            sides = _sides(change)
            if sides:
                before, after = versions.take(sides[0]), versions.take(sides[1])
                out.append(record_diff(change.old_path, change.new_path, before, after))
            else:
                out.append(record_diff(change.old_path, change.new_path))
    return out
