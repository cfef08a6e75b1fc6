"""How every page, report, ledger and calendar writes dates and sentences: 2026年3月5日, 公文 spacing, prose.

The one place for Chinese dates and for the spacing of Chinese text, low in the stack so that the rules'
messages, the measures, the site, the annual report and the office files all write them the same way (ISO dates
stay in file names, ``datetime`` attributes and machine-readable output).

A check message is written for the person fixing a record: the field to change in brackets, record ids set off by
spaces.  A report or a page written for readers of an official document says the same thing in prose;
:func:`prose` turns the one into the other, so every sentence keeps one source (the rule table) and the report
never shows ``2026-02-28`` or ``（team_notified_on）``.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
# a bracketed field name or path: （triggers）, （preparation.self_check_on）, （participants / materials_provided）
_FIELD = re.compile(r"（[A-Za-z_][A-Za-z0-9_.]*(?: / [A-Za-z_][A-Za-z0-9_.]*)*）")

# CJK ideographs and punctuation, full-width forms, Chinese quotation marks and the middle dot
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019\u00b7\u2014\u2026"
_IS_CJK = re.compile(f"[{_CJK}]")
_NUMBER_START = re.compile(rf"\d+(?:\.\d+)?%?(?=[{_CJK}]|$)")  # a plain number at the start of a word
_NUMBER_END = re.compile(rf"(?:^|(?<=[{_CJK}]))\d+(?:\.\d+)?%?$")  # a plain number at the end of a word


def cn_date(day: dt.date | None, empty: str = "未记录") -> str:
    """A date the Chinese way, without leading zeros: 2026年3月5日 (``empty`` when there is no date)."""
    if day is None:
        return empty
    return f"{day.year}年{day.month}月{day.day}日"


def cn_dates(text: str) -> str:
    """Every ISO date in ``text`` written the Chinese way."""
    return _ISO_DATE.sub(lambda m: cn_date(dt.date(int(m[1]), int(m[2]), int(m[3]))), text)


def _joins(left: str, right: str) -> bool:
    if _IS_CJK.match(left[-1]):
        return bool(_IS_CJK.match(right[0]) or _NUMBER_START.match(right))
    return bool(_IS_CJK.match(right[0]) and _NUMBER_END.search(left))


def tidy(text: str) -> str:
    """``text`` without the single spaces between Chinese characters and between Chinese and plain numbers.

    Templates such as ``"{person} 不是 {org} 的“一把手”"`` keep a space around each placeholder so that an ASCII
    value (a record id, a field name) stays apart from the Chinese around it.  Between two Chinese characters, or
    between a Chinese character and a plain number, 公文 text has no space: a finding reads
    "宋涛不是山海港务集团党委的“一把手”" and "已逾期49天", while "计划条目 p04" and "写 kind: timely" keep theirs.
    """
    if " " not in text:
        return text
    parts = text.split(" ")
    out = parts[0]
    for part in parts[1:]:
        out += part if out and part and _joins(out, part) else " " + part
    return out


def prose(text: str) -> str:
    """A check message as report prose: Chinese dates, no bracketed field names, 公文 spacing (:func:`tidy`)."""
    return tidy(_FIELD.sub("", cn_dates(text)))
