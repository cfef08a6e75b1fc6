"""``talkdocs log RECORD``: every commit that touched one record, who made it and when, field by field.

RECORD is a record id (``shanhai-2026-001``: the talk and its rectification, which share the id) or a path
(``talks/2026/shanhai-2026-001.yaml``, also with the records folder in front).  Renames are followed.  Newest
first, as ``git log``.  Confidential values are hidden unless ``--audience full``, as in ``talkdocs diff``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from generator.audit import history
from generator.audit.semantic_diff import record_of
from generator.cli import diff as render
from generator.cli import options as cli
from generator.errors import ConfigError
from generator.findings.reporter import text_block
from generator.load import instance_loader, layout
from generator.model import catalog
from generator.schema import loader as schema_loader

FORMATS = ("text", "json")


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``log``."""
    parser.add_argument("record", metavar="RECORD",
                        help="记录编号（例如 shanhai-2026-001，同时显示同名的谈话和整改记录）或记录文件路径"
                             "（例如 talks/2026/shanhai-2026-001.yaml）")
    cli.add_records(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="输出格式：text（中文文本，默认）、json")
    render.add_audience(parser)
    parser.epilog = render.FIELD_PATHS


def _relative(record: str, records_dir: Path) -> str:
    """A path the user typed, relative to the records folder."""
    given = Path(record)
    if given.is_file():
        try:
            return given.resolve().relative_to(records_dir.resolve()).as_posix()
        except ValueError:
            raise ConfigError(f"文件“{record}”不在记录文件夹 {records_dir.as_posix()} 中") from None
    text = record.replace("\\", "/").removeprefix("./")
    folder = records_dir.as_posix().rstrip("/") + "/"
    return text.removeprefix(folder)


def _select(record: str, records_dir: Path) -> tuple[str, str]:
    """("path", relative path) or ("id", record id)."""
    if record.endswith((".yaml", ".yml")) or "/" in record or "\\" in record:
        return "path", _relative(record, records_dir)
    if not schema_loader.matches(schema_loader.definition("id")["pattern"], record):  # the schemas' id
        raise ConfigError(f"“{record}”不是记录编号或记录文件路径；请写例如 shanhai-2026-001 "
                          "或 talks/2026/shanhai-2026-001.yaml")
    return "id", record


def _kind_order(h: history.RecordHistory) -> tuple[int, str]:
    kind = record_of(h.path)[0]
    return (layout.RECORD_KINDS.index(kind) if kind in layout.RECORD_KINDS else len(layout.RECORD_KINDS), h.path)


def find(records_dir: Path, record: str) -> tuple[history.History, tuple[history.RecordHistory, ...]]:
    """The history, and the records RECORD names in it (only their blobs are read)."""
    how, key = _select(record, records_dir)
    if how == "path":
        found = history.collect(records_dir, only=lambda paths: key in paths)
        one = found.for_record(key)
        return found, (one,) if one.changes else ()
    found = history.collect(records_dir, only=lambda paths: any(record_of(p)[1] == key for p in paths))
    return found, tuple(sorted(found.find(key), key=_kind_order))


def _commit_json(commit: history.Commit) -> dict[str, Any]:
    return {"commit": commit.sha, "author": commit.author, "email": commit.email, "date": commit.date,
            "message": commit.message, "shallow_boundary": commit.boundary, "merge": commit.merge}


def _change_json(change: history.RecordChange, full: bool) -> dict[str, Any]:
    return {**_commit_json(change.commit), **render.record_json(change.diff, full)}


def as_json(found: history.History, records: tuple[history.RecordHistory, ...], full: bool) -> str:
    """JSON: the history's availability, then each record (all with at least one commit) and its commits,
    newest first, each with the fields it changed."""
    data = {
        "history": {"available": found.available, "note": found.note},
        "audience": "full" if full else "summary",
        "records": [{"path": h.path, "paths": list(h.paths), "kind": record_of(h.path)[0],
                     "record": record_of(h.path)[1], "complete": h.complete, "deleted": h.deleted,
                     "first_recorded": _commit_json(h.changes[0].commit),
                     "last_changed": _commit_json(h.changes[-1].commit), "authors": list(h.authors),
                     "commits": [_change_json(c, full) for c in reversed(h.changes)]} for h in records],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _when(commit: history.Commit) -> str:
    return f"{commit.date[:10]} {commit.author}（{commit.short}）"


def as_text(found: history.History, records: tuple[history.RecordHistory, ...], full: bool) -> str:
    """Chinese text: a summary line per record, then each commit with its field changes."""
    lines: list[str] = []
    if found.note:
        lines += [f"说明：{found.note}", ""]
    for h in records:
        kind, rid = record_of(h.path)
        lines.append(f"{h.path}（{catalog.label(catalog.RECORD_TYPE, kind)} {rid}）")
        if len(h.paths) > 1:
            lines.append("曾用路径：" + "、".join(h.paths[:-1]))
        first, last = h.first_recorded, h.last_changed
        if first is not None and last is not None:
            label = "首次记录" if h.complete else "最早可见（浅克隆，更早的历史不可见）"
            state = "；已删除" if h.deleted else ""
            lines.append(f"{label}：{_when(first)}；最后修改：{_when(last)}；共 {len(h.changes)} 次提交{state}")
        for change in reversed(h.changes):
            c = change.commit
            lines += ["", f"{c.short}  {c.date}  {c.author} <{c.email}>"]
            lines += [f"    {line}".rstrip() for line in c.message.splitlines()]
            diff = change.diff
            title = render.STATUS[diff.status]
            if diff.status == "renamed":
                title += f" {diff.old_path} → {diff.path}"
            if c.boundary and diff.status == "added":  # git shows every file of that commit as added
                title = "已存在（浅克隆中最早可见的提交，更早的历史不可见）"
            if c.merge:
                title += "（合并提交本身所做的改动，与合并前的版本相比）"
            lines.append(f"  {title}")
            lines += render.record_lines(diff, full, indent="    ")
        lines.append("")
    if render.any_hidden([c.diff for h in records for c in h.changes], full):
        lines.append(render.HIDDEN_FOOTER)
    while lines and not lines[-1]:
        lines.pop()
    return text_block(lines)


def _uncommitted(record: str, records_dir: Path) -> list[str]:
    """The working-tree files RECORD names (for a record that has no history yet)."""
    how, key = _select(record, records_dir)
    if how == "path":
        return [key] if (records_dir / key).is_file() else []
    return [p for p in instance_loader.discover(records_dir).paths if record_of(p)[1] == key]


def run(args: argparse.Namespace) -> int:
    """Print the history; exit 2 when there is none to read or RECORD names nothing."""
    found, records = find(args.records, args.record)
    if not found.available:
        raise ConfigError(found.note)
    if not records:
        pending = _uncommitted(args.record, args.records)
        if not pending:
            raise ConfigError(f"在 git 历史中没有找到记录“{args.record}”；请写记录编号或 "
                              f"{args.records.as_posix()}/ 下的文件路径")
        note = f"说明：{found.note}\n" if found.note else ""
        sys.stdout.write(f"{note}{'、'.join(pending)} 还没有提交过，没有历史。\n")
        return cli.EXIT_OK
    sys.stdout.write((as_json if args.format == "json" else as_text)(found, records, args.audience == "full"))
    return cli.EXIT_OK
