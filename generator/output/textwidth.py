"""Terminal column widths for Chinese text (a CJK character takes two columns)."""

from __future__ import annotations

import unicodedata


def is_wide(char: str) -> bool:
    """Whether ``char`` is a wide (CJK, full-width) character: two terminal columns, one em in a document."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def width(text: str) -> int:
    """Columns ``text`` occupies in a terminal."""
    return sum(2 if is_wide(c) else 1 for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns``."""
    return text + " " * max(columns - width(text), 0)


def table(rows: list[list[str]]) -> str:
    """Rows aligned in columns, two spaces apart."""
    if not rows:
        return ""
    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows) + "\n"
