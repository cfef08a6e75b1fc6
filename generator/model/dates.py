"""Dates as every page, report, ledger and calendar writes them: 2026年3月5日.

The one formatter of Chinese dates, low in the stack so that the rules' messages, the measures, the site, the
annual report and the office files all write a date the same way (ISO dates stay in file names, ``datetime``
attributes and machine-readable output).
"""

from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    """A date the Chinese way, without leading zeros: 2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_date_or(day: dt.date | None, empty: str = "—") -> str:
    """:func:`cn_date`, or ``empty`` when there is no date."""
    return empty if day is None else cn_date(day)
