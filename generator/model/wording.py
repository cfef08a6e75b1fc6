"""Dates and sentences as report prose writes them (公文): 2026年2月28日, no field names, no spacing around names.

A check message is written for the person fixing a record: ISO dates that match what the record holds, the field
to change in brackets, names set off by spaces.  A report or a page written for readers of an official document
says the same thing in prose; :func:`prose` turns the one into the other, so every sentence keeps one source (the
rule table) and the report never shows ``2026-02-28`` or ``（team_notified_on）``.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
# a bracketed field name or path: （triggers）, （preparation.self_check_on）, （participants / materials_provided）
_FIELD = re.compile(r"（[A-Za-z_][A-Za-z0-9_.]*(?: / [A-Za-z_][A-Za-z0-9_.]*)*）")
_WIDE = r"[^\x00-\x7f]"
# a space next to a Chinese character or full-width mark: "谈话人 孙伟 不是" → "谈话人孙伟不是"
_SPACE = re.compile(rf"(?<={_WIDE}) +| +(?={_WIDE})")


def cn_date(day: dt.date | None, empty: str = "未记录") -> str:
    """A date the Chinese way: 2026年2月28日."""
    if day is None:
        return empty
    return f"{day.year}年{day.month}月{day.day}日"


def cn_dates(text: str) -> str:
    """Every ISO date in ``text`` written the Chinese way."""
    return _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def prose(text: str) -> str:
    """A check message as report prose: Chinese dates, no bracketed field names, no spaces around names."""
    return _SPACE.sub("", _FIELD.sub("", cn_dates(text)))
