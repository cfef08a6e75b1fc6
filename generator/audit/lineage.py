"""Reading a record's commits: the one pass over ``git log`` assigns each file change to the record it belongs
to, following each record file through renames, removals and re-additions (:class:`Walk`).

:mod:`generator.audit.describe` then says what each of those changes did; :mod:`generator.audit.history` puts the
two together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.audit import gitrepo


@dataclass
class Lineage:
    """One record file followed through renames (mutable while walking)."""

    paths: list[str]
    entries: list[tuple[int, gitrepo.RawChange]]
    alive: bool = True


class Walk:
    """Assigns each file change of the walk to the lineage of the record it belongs to."""

    def __init__(self) -> None:
        self.lineages: list[Lineage] = []
        self.current: dict[str, int] = {}  # path → lineage now at that path
        self.last_at: dict[str, int] = {}  # path → the latest lineage that had it (also removed ones)

    def _new(self, path: str) -> int:
        self.lineages.append(Lineage([path], []))
        return len(self.lineages) - 1

    def commit(self, index: int, changes: Sequence[gitrepo.RawChange]) -> None:
        # Look every old path up before moving anything: a commit may swap two names.
        resolved: list[tuple[gitrepo.RawChange, int | None]] = []
        for change in changes:
            lid = None
            if change.old_path is not None:
                lid = self.current.get(change.old_path)
                if lid is None:  # existed before the history we can see
                    lid = self._new(change.old_path)
            resolved.append((change, lid))
        for change, _lid in resolved:
            if change.old_path is not None:
                self.current.pop(change.old_path, None)
        for change, lid in resolved:
            if change.new_path is None:
                if lid is not None and change.old_path is not None:
                    self.lineages[lid].alive = False
                    self.last_at[change.old_path] = lid
            else:
                if lid is None:  # added: a record removed earlier at this path comes back, or one that another
                    # branch added too (the walk takes the branches of a merge one after the other)
                    again = self.current.get(change.new_path)
                    if again is None:
                        again = self.last_at.get(change.new_path)
                        again = again if again is not None and not self.lineages[again].alive else None
                    lid = again if again is not None else self._new(change.new_path)
                lineage = self.lineages[lid]
                lineage.alive = True
                if lineage.paths[-1] != change.new_path:
                    lineage.paths.append(change.new_path)
                self.current[change.new_path] = lid
                self.last_at[change.new_path] = lid
            if lid is not None:
                self.lineages[lid].entries.append((index, change))
