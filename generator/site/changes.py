"""Change history as the site shows it: :class:`HistoryEntry` per change, and what a summary build may show.

The entries are filled by the caller (e.g. :mod:`generator.site.git_history` from git); the pages only show
them.  :func:`public_history` is the Art. 16 filter on history: a summary build shows only the records its
view shows, without the changes about confidential content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from generator.load import layout
from generator.model.audience import View


@dataclass(frozen=True)
class HistoryEntry:
    """One change to a record, for the optional 修改记录 section (filled by the caller, e.g. from git).

    ``summary`` is written for the audience the history was read for (a summary build's names no
    confidential field and quotes no commit message); ``confidential`` marks a change that is about
    confidential content only (the record was confidential in either version, or only confidential items
    changed): a summary build leaves it out, a full build marks it.
    """

    date: dt.date
    author: str
    summary: str
    revision: str = ""
    status: str = "changed"  # added | removed | renamed | changed
    confidential: bool = False
    public_summary: str | None = None  # the summary as a summary build shows it (None: ``summary`` itself)
    subject: str = ""  # the commit message's first line, in the full audience only ("" in a summary build)


History = Mapping[str, Sequence[HistoryEntry]]  # record path (relative to the records folder) → changes

def shown_paths(view: View) -> frozenset[str]:
    """The record files (relative to the records folder) whose records the view shows."""
    repo = view.repository
    groups = (repo.orgs, repo.people, repo.plans, repo.talks, repo.rectifications)
    return frozenset(record.path for group in groups for record in group.values())


def public_history(view: View, history: History) -> History:
    """The history a summary build may show (Art. 16): only records the view shows, without changes about
    confidential content.

    Records left out for being confidential, for pointing at what is left out or for their errors are not
    in the view: nothing about them is shown, not even their paths.  Nor are records no longer in the
    working tree: whether a removed record was confidential is not known without reading its last version.
    """
    shown = shown_paths(view) | {layout.SETTINGS_FILE}
    out: dict[str, tuple[HistoryEntry, ...]] = {}
    for path, entries in history.items():
        kept = tuple(replace(e, summary=e.summary if e.public_summary is None else e.public_summary, subject="")
                     for e in entries if not e.confidential) if path in shown else ()
        if kept:
            out[path] = kept
    return out


Change = tuple[str, str, str]  # (record title, its page or "", what changed)


def by_commit(history: History, record_at: Callable[[str], tuple[str, str] | None],
              limit: int) -> list[tuple[str, HistoryEntry, list[Change]]]:
    """The latest commits that changed records, newest first: (revision, one entry, [(record title, page or "",
    what changed)]).  A record the site does not show (removed since) is named by its file; the commit message is
    the entry's ``subject``, shown once per commit, not once per record."""
    commits: dict[str, tuple[HistoryEntry, list[Change]]] = {}
    for path, items in sorted(history.items()):
        found = record_at(path)
        title, page = found if found else (path, "")
        for entry in items:
            what = entry.summary
            if entry.subject and what.endswith(f"（{entry.subject}）"):
                what = what[:-len(entry.subject) - 2]
            commits.setdefault(entry.revision, (entry, []))[1].append((title, page, what))
    ordered = sorted(commits.items(), key=lambda kv: (kv[1][0].date, kv[0]), reverse=True)
    return [(rev, entry, sorted(changes, key=lambda c: (c[1] == "", c[0])))
            for rev, (entry, changes) in ordered[:limit]]
