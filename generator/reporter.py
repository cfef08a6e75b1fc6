"""Findings → text for people, JSON for programs, annotations for GitHub. Reporting never checks."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from generator import catalog
from generator.findings import Finding, Severity
from generator.verdict import Verdict

JSON_FIELDS = ("rule", "severity", "path", "line", "column", "record", "message", "hint", "article", "days")


def display_path(finding: Finding, prefix: str) -> str:
    """The path as the user sees it: under the records folder they named."""
    if not finding.path:
        return prefix
    return f"{prefix.rstrip('/')}/{finding.path}" if prefix else finding.path


def _summary(result: Verdict) -> str:
    counts = [f"{catalog.SEVERITY[s.value]} {result.count(s)} 项" for s in Severity]
    return (f"检查了 {result.files} 个记录文件（截至 {result.context.as_of.isoformat()}）：" + "，".join(counts))


def as_text(result: Verdict, prefix: str = "records") -> str:
    """Chinese text grouped by file: ``path:line:col 级别 [规则] 消息`` with a hint line."""
    lines: list[str] = []
    for _path, group in groupby(result.findings, key=lambda f: f.path):
        items = list(group)
        lines.append(display_path(items[0], prefix))
        for f in items:
            where = f"{f.line}:{f.column}" if f.line else "-"
            article = f"（{f.article}）" if f.article else ""
            lines.append(f"  {where} {catalog.SEVERITY[f.severity.value]} [{f.rule}]{article} {f.message}")
            if f.record:
                lines[-1] += f"  〔{f.record}〕"
            if f.hint:
                lines.append(f"      提示：{f.hint}")
        lines.append("")
    lines.append(_summary(result) if result.findings else _summary(result) + "。没有发现问题。")
    return "\n".join(lines) + "\n"


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
        text = f.message + (f"（提示：{f.hint}）" if f.hint else "")
        lines.append(f"::{level[f.severity.value]} {','.join(props)}::{_escape_data(text)}")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
