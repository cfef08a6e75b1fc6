"""Adapter: git history (generator.audit.history) → the site's per-record 修改记录 entries.

The site's page code stays free of git; this is the one place that joins them. Only field paths and commit
metadata reach the pages — never field values — and commit messages only in the full audience, since a
message is free text that cannot be marked confidential.  Each entry says whether it is about confidential
content; :func:`generator.site.changes.public_history` leaves those out of a summary build, with every record
the summary view does not show.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath

from generator.audit import history as H
from generator.load import layout
from generator.schema import loader
from generator.site.changes import History, HistoryEntry

_STATUS = {"added": "新增记录", "removed": "删除记录", "renamed": "改名"}


def _about_confidential(change: H.RecordChange) -> bool:
    """The change is about confidential content only: the record in either version, or only marked items."""
    diff = change.diff
    return diff.confidential or (bool(diff.changes) and all(c.confidential for c in diff.changes))


def _summary(change: H.RecordChange, audience: str) -> str:
    diff = change.diff
    # A summary build names no field inside a confidential item (its path may carry the item's id).
    # Fields are named by their Chinese titles (``triggers[0].detail`` → 及时谈话情形), each once.
    titles = loader.field_titles(diff.kind) if diff.kind in loader.SCHEMA_KINDS else {}
    top = (re.split(r"[.\[]", c.field, maxsplit=1)[0] for c in diff.changes if audience == "full" or not c.confidential)
    names = list(dict.fromkeys(titles.get(name, name) for name in top))
    fields = "、".join(names[:8]) + ("等" if len(names) > 8 else "")
    text = _STATUS.get(diff.status, "修改：" + fields if fields else "仅注释或格式变化")
    if diff.status == "renamed" and diff.old_path:
        text = f"改名（原 {diff.old_path}）"
    if change.commit.merge:
        text += "（合并时所做）"
    if audience == "full" and change.commit.subject:
        text += f"（{change.commit.subject}）"
    return text


def site_history(records_dir: Path, audience: str) -> tuple[History, str]:
    """Per-record history entries (newest first) and a Chinese note when history is missing or partial."""
    collected = H.collect(records_dir)
    if not collected.available:
        return {}, collected.note
    out: dict[str, tuple[HistoryEntry, ...]] = {}
    for record in collected.records():
        if layout.is_ignored(PurePosixPath(record.path)):
            continue  # archived documents and notes are not records
        entries = tuple(
            HistoryEntry(dt.date.fromisoformat(c.commit.date[:10]), c.commit.author, _summary(c, audience),
                         c.commit.short, c.diff.status, _about_confidential(c), _summary(c, "summary"),
                         c.commit.subject if audience == "full" else "")
            for c in reversed(record.changes)
        )
        if entries:
            out[record.path] = entries
    return out, collected.note
