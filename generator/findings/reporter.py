"""Findings → text for people, JSON for programs, annotations for GitHub. Reporting never checks."""

from __future__ import annotations

import json
import os
import unicodedata
from itertools import groupby
from pathlib import Path
from typing import Any

from generator.findings.finding import Finding, Severity
from generator.findings.verdict import Verdict
from generator.model import catalog
from generator.model.wording import cn_date

_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})  # controls, format (bidi) characters, line separators
JSON_FIELDS = ("rule", "severity", "path", "line", "column", "record", "message", "hint", "article", "days")


def shown(text: str) -> str:
    """Text safe to print in a terminal or a CI log: control, format and bidi characters become ``〈U+001B〉``.

    A record's value (or a commit author) with ESC could recolour or erase the line, set the window title or,
    after a newline, start a GitHub workflow command (``::error …``); U+202E would reverse what follows it.
    """
    if text.isprintable():
        return text
    return "".join(f"〈U+{ord(c):04X}〉" if unicodedata.category(c) in _HIDDEN else c for c in text)


def text_block(lines: list[str]) -> str:
    """Lines of text output for a terminal or CI log, each made :func:`shown`, and none that a CI runner reads
    as a workflow command (``::error …``, ``##[…]``, after any indentation): a commit message or record value
    could otherwise raise an annotation, mask a secret or stop command processing."""
    out = []
    for line in lines:
        line = shown(line)
        if line.lstrip().startswith(("::", "##[")):
            line = "> " + line
        out.append(line)
    return "\n".join(out) + "\n"


def root_prefix(records: Path) -> str:
    """The records folder relative to the git work tree it is in (``records``, ``office/records``), whatever
    the working directory and however ``--records`` was written; as written when it is in no work tree.
    CI annotations and JSON paths name files from the repository's root, or they land nowhere."""
    folder = Path(os.path.abspath(records))
    for top in (folder, *folder.parents):
        if (top / ".git").exists():
            rel = folder.relative_to(top).as_posix()
            return "" if rel == "." else rel
    return records.as_posix()


def display_path(finding: Finding, prefix: str) -> str:
    """The path as the user sees it: under the records folder they named."""
    path = shown(finding.path)
    if not path:
        return prefix
    prefix = prefix.rstrip("/")
    return f"{prefix}/{path}" if prefix and prefix != "." else path


def _summary(result: Verdict) -> str:
    counts = [f"{catalog.SEVERITY[s.value]} {result.count(s)} 项" for s in Severity]
    return (f"检查了 {result.files} 个记录文件（截至{cn_date(result.context.as_of)}）：" + "，".join(counts))


def as_text(result: Verdict, prefix: str = "records") -> str:
    """Chinese text grouped by file: ``path:line:col 级别 [规则] 消息`` with a hint line."""
    lines: list[str] = []
    for _path, group in groupby(result.findings, key=lambda f: f.path):
        items = list(group)
        lines.append(display_path(items[0], prefix))
        for f in items:
            where = f"{f.line}:{f.column}" if f.line else "-"
            article = f"（{f.article}）" if f.article else ""
            lines.append(f"  {where} {catalog.SEVERITY[f.severity.value]} [{f.rule}]{article} {shown(f.message)}")
            if f.record:
                lines[-1] += f"  〔{shown(f.record)}〕"
            if f.hint:
                lines.append(f"      提示：{shown(f.hint)}")
        lines.append("")
    lines.append(_summary(result) if result.findings else _summary(result) + "。没有发现问题。")
    return text_block(lines)


def as_json_list(result: Verdict, prefix: str = "records") -> list[dict[str, Any]]:
    """The documented JSON shape: one object per finding, fields in :data:`JSON_FIELDS`."""
    out = []
    for f in result.findings:
        item: dict[str, Any] = {k: getattr(f, k) for k in JSON_FIELDS}
        item["severity"] = f.severity.value
        item["path"] = display_path(f, prefix)
        out.append(item)
    return out


def as_json(result: Verdict, prefix: str = "records") -> str:
    """Findings as a JSON array (UTF-8, Chinese kept as is)."""
    return json.dumps(as_json_list(result, prefix), ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: Verdict, prefix: str = "records") -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``), one per finding."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in result.findings:
        props = [f"file={_escape_property(display_path(f, prefix))}"]
        if f.line:
            props += [f"line={f.line}", f"col={f.column}"]
        props.append(f"title={_escape_property(f.rule)}")
        text = shown(f.message + (f"（提示：{f.hint}）" if f.hint else ""))
        lines.append(f"::{level[f.severity.value]} {','.join(props)}::{_escape_data(text)}")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
