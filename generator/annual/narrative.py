"""The office's own prose for an annual report: ``records/reports/<body>/<year>.md``, read as plain text.

The narrative is not a record (the loader ignores the folder) and no figure is ever typed in it: the report
shows it next to the figures as plain paragraphs, and every renderer escapes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generator.annual.report import NarrativeBlock, ReportError

REPORTS_DIR = "reports"  # records/reports/<committee>/<year>.md: the office's narrative (not a record)
NARRATIVE_MAX_BYTES = 1024 * 1024


def narrative_path(records_dir: Path, committee: str, year: int) -> Path:
    """Where the office's narrative for a report lives (not a YAML record: the loader ignores it)."""
    return records_dir / REPORTS_DIR / committee / f"{year}.md"


_HEADING = re.compile(r"^#{1,6}\s+")
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def _join(lines: Sequence[str]) -> str:
    """Lines of one paragraph: Chinese lines join without a space, others with one."""
    out = ""
    for line in lines:
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def parse_narrative(text: str) -> tuple[NarrativeBlock, ...]:
    """Plain paragraphs (separated by blank lines); a line starting with ``#`` is a heading line.

    The text is kept as text: no Markdown or HTML in it is interpreted, the renderers escape it.
    """
    blocks: list[NarrativeBlock] = []
    para: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line or _HEADING.match(line):
            if para:
                blocks.append(NarrativeBlock(_join(para)))
                para = []
            if line:
                blocks.append(NarrativeBlock(_HEADING.sub("", line), heading=True))
            continue
        para.append(line)
    if para:
        blocks.append(NarrativeBlock(_join(para)))
    return tuple(b for b in blocks if b.text)


def read_narrative(records_dir: Path, committee: str, year: int) -> tuple[NarrativeBlock, ...]:
    """The office's narrative for a report, or () when there is none."""
    path = narrative_path(records_dir, committee, year)
    if not path.is_file():
        return ()
    raw = path.read_bytes()
    if len(raw) > NARRATIVE_MAX_BYTES:
        raise ReportError(f"{path}：文件超过 1 MiB，请精简报告说明")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ReportError(f"{path}：第 {line} 行不是 UTF-8 编码；请用 UTF-8 重新保存这个文件") from None
    return parse_narrative(text)
