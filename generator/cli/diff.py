"""``talkdocs diff``: what changed in the records between two revisions, field by field.

``talkdocs diff`` alone compares the merge base with the main branch against the working tree (what a pull
request would change); ``talkdocs diff REV_A`` compares ``REV_A`` with the working tree, ``talkdocs diff REV_A
REV_B`` two commits.  Records are read with the same safe loader as ``check`` and compared by meaning (see
:mod:`generator.audit.semantic_diff`), not as text.  Confidential records and items (``confidential: true`` in either
revision) are listed as changed without their content unless ``--audience full``.

The renderers here (:func:`change_line`, :func:`change_json`, ...) are shared with ``talkdocs log``.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from typing import Any

from generator.audit import gitrepo, history
from generator.audit.semantic_diff import ABSENT, FieldChange, RecordDiff
from generator.cli import options as cli
from generator.errors import ConfigError
from generator.findings.reporter import text_block
from generator.model import catalog

FORMATS = ("text", "json", "markdown")
AUDIENCES = {"summary": "摘要版：保密内容只标明有变化，不显示内容（默认）", "full": "完整版：显示保密内容"}
STATUS = {"added": "新增", "removed": "删除", "renamed": "改名", "changed": "修改"}
CHANGE = {"added": "新增", "removed": "删除", "changed": "已修改"}
HIDDEN = "保密内容不显示"
HIDDEN_FOOTER = "保密内容未显示；有权限查看时加 --audience full。"
FORMAT_ONLY = "仅注释或格式变化，字段未变"
FIELD_PATHS = ("字段写法：steps[2].summary 是 steps 列表第 3 项（从 0 数起）的 summary；"
               "有 id 的列表项（问题、整改措施、计划事项）按 id 对应，写作 problems[id=q1]，"
               "插入一项不会让后面各项都显示为修改。")


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``diff``."""
    parser.add_argument("rev_a", nargs="?", type=cli.revision, default=None, metavar="REV_A",
                        help="旧版本：提交号、分支名或标签（默认：与主分支 main 的合并基础）")
    parser.add_argument("rev_b", nargs="?", type=cli.revision, default=None, metavar="REV_B",
                        help="新版本（默认：工作区，含未提交的修改）")
    cli.add_records(parser)
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="输出格式：text（中文文本，默认）、json、markdown（可贴到合并请求评论）")
    add_audience(parser)
    parser.epilog = FIELD_PATHS


def add_audience(parser: argparse.ArgumentParser) -> None:
    """``--audience summary|full`` (also used by ``log``)."""
    parser.add_argument("--audience", choices=tuple(AUDIENCES), default="summary",
                        help="；".join(f"{k}：{v}" for k, v in AUDIENCES.items()))


# --- values and changes ---------------------------------------------------------------------------------
def show_value(value: Any) -> str:
    """A YAML value in one line: text in Chinese quotes, lists and mappings in flow style."""
    if value is ABSENT:
        return "（无）"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    return str(value)


def change_line(change: FieldChange, full: bool) -> str:
    """``steps[2].summary：“旧” → “新”``; without values for a confidential change unless ``full``."""
    if change.confidential and not full:
        return f"{change.field}：{CHANGE[change.change]}（{HIDDEN}）"
    if change.change == "added":
        return f"{change.field}：新增 {show_value(change.new)}"
    if change.change == "removed":
        return f"{change.field}：删除 {show_value(change.old)}"
    return f"{change.field}：{show_value(change.old)} → {show_value(change.new)}"


def _json_value(value: Any) -> Any:
    return None if value is ABSENT else value


def change_json(change: FieldChange, full: bool) -> dict[str, Any]:
    """One field change as JSON; ``old``/``new`` are null when absent or hidden."""
    hidden = change.confidential and not full
    return {"field": change.field, "change": change.change,
            "old": None if hidden else _json_value(change.old), "new": None if hidden else _json_value(change.new),
            "confidential": change.confidential, "hidden": hidden}


def record_title(diff: RecordDiff) -> str:
    """``talks/2026/x.yaml（谈话 x）``, with the old path for a rename."""
    where = f"{diff.old_path} → {diff.path}" if diff.status == "renamed" else diff.path
    secret = "，保密" if diff.confidential else ""
    return f"{where}（{catalog.label(catalog.RECORD_TYPE, diff.kind)} {diff.record}{secret}）"


def record_lines(diff: RecordDiff, full: bool, indent: str = "  ") -> list[str]:
    """The lines under a record's title: its field changes, or why there are none."""
    if diff.problem:
        return [f"{indent}（{diff.problem}）"]
    if diff.format_only:
        return [f"{indent}（{FORMAT_ONLY}）"]
    return [indent + change_line(c, full) for c in diff.changes]


def record_json(diff: RecordDiff, full: bool) -> dict[str, Any]:
    """One record's changes as JSON."""
    return {"status": diff.status, "path": diff.path, "old_path": diff.old_path, "kind": diff.kind,
            "record": diff.record, "confidential": diff.confidential, "problem": diff.problem,
            "format_only": diff.format_only, "changes": [change_json(c, full) for c in diff.changes]}


def any_hidden(diffs: list[RecordDiff] | tuple[RecordDiff, ...], full: bool) -> bool:
    """Whether some value was left out for confidentiality."""
    return not full and any(c.confidential for d in diffs for c in d.changes)


def counts(diffs: tuple[RecordDiff, ...]) -> str:
    """``新增 1 个、修改 2 个记录``."""
    parts = [f"{label} {n} 个" for status, label in STATUS.items()
             if (n := sum(1 for d in diffs if d.status == status))]
    return "、".join(parts) + "记录" if parts else "没有记录变化"


# --- markdown -------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#~!])")  # after html.escape: no < or > left


def md_text(text: str) -> str:
    """Record text made inert in Markdown (and HTML): no markup, tables or links come through."""
    escaped = html.escape(text, quote=False).replace("\r", "").replace("\n", "<br>")
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def md_code(text: str) -> str:
    """A field path or file path as inline code (escaped text if it holds a backtick)."""
    return f"`{text}`" if "`" not in text and "\n" not in text else md_text(text)


def md_record(diff: RecordDiff, full: bool, level: str = "####") -> list[str]:
    """A record's heading and table of field changes."""
    where = (f"{md_code(diff.old_path or '')} → {md_code(diff.path)}" if diff.status == "renamed"
             else md_code(diff.path))
    secret = "，保密" if diff.confidential else ""
    lines = [f"{level} {STATUS[diff.status]} {where}（{catalog.label(catalog.RECORD_TYPE, diff.kind)} "
             f"{md_text(diff.record)}{secret}）", ""]
    if diff.problem:
        return [*lines, md_text(diff.problem), ""]
    if diff.format_only:
        return [*lines, FORMAT_ONLY, ""]
    if not diff.changes:
        return lines
    lines += ["| 字段 | 原值 | 新值 |", "| --- | --- | --- |"]
    for c in diff.changes:
        if c.confidential and not full:
            old = new = HIDDEN
        else:
            old, new = md_text(show_value(c.old)), md_text(show_value(c.new))
        lines.append(f"| {md_code(c.field)} | {old} | {new} |")
    return [*lines, ""]


# --- the three formats ----------------------------------------------------------------------------------
def as_text(comparison: history.Comparison, full: bool) -> str:
    """Chinese text, one block per record."""
    lines = [f"记录变化：{comparison.base.label} → {comparison.target.label}"]
    if comparison.note:
        lines.append(f"说明：{comparison.note}")
    lines.append(counts(comparison.records) + ("" if comparison.records else "。"))
    for diff in comparison.records:
        lines.append("")
        lines.append(f"{STATUS[diff.status]} {record_title(diff)}")
        lines.extend(record_lines(diff, full))
    if any_hidden(comparison.records, full):
        lines += ["", HIDDEN_FOOTER]
    return text_block(lines)


def as_markdown(comparison: history.Comparison, full: bool) -> str:
    """Markdown for a pull-request comment."""
    lines = [f"### 记录变化：{md_text(comparison.base.label)} → {md_text(comparison.target.label)}", ""]
    if comparison.note:
        lines += [f"说明：{md_text(comparison.note)}", ""]
    lines += [counts(comparison.records) + ("" if comparison.records else "。"), ""]
    for diff in comparison.records:
        lines += md_record(diff, full)
    if any_hidden(comparison.records, full):
        lines += [HIDDEN_FOOTER, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _revision_json(revision_: history.Revision) -> dict[str, Any]:
    return {"rev": revision_.rev, "commit": revision_.sha, "label": revision_.label}


def as_json(comparison: history.Comparison, full: bool) -> str:
    """JSON for programs."""
    summary = {status: sum(1 for d in comparison.records if d.status == status) for status in STATUS}
    data = {"base": _revision_json(comparison.base), "target": _revision_json(comparison.target),
            "note": comparison.note, "audience": "full" if full else "summary", "summary": summary,
            "records": [record_json(d, full) for d in comparison.records]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


RENDER = {"text": as_text, "json": as_json, "markdown": as_markdown}


def run(args: argparse.Namespace) -> int:
    """Compare and print; exit 0 (differences are not an error), 2 when git cannot answer."""
    try:
        comparison = history.compare_revisions(args.records, args.rev_a, args.rev_b)
    except gitrepo.GitError as exc:
        raise ConfigError(str(exc)) from None
    sys.stdout.write(RENDER[args.format](comparison, args.audience == "full"))
    return cli.EXIT_OK
