"""Rectification deadlines (Art. 11): calendar-month arithmetic, optional holiday rollover, and states.

"Within N months after the talk" is the same day number N calendar months later, clamped to the last day
of that month (as dateutil's ``relativedelta`` does); the due day itself is on time.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar

from generator.model.repository import Rectification, Talk
from generator.model.settings import Settings

MEASURES_MONTHS = 1  # Art. 11 ¶1
STATUS_MONTHS = 3  # Art. 11 ¶2


@lru_cache(maxsize=8192)  # every talk asks for its deadlines in several rules; talks share dates
def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar months, clamped to the month's end (2026-01-31 + 1 → 2026-02-28).

    The same as ``day + relativedelta(months=months)``, computed directly: rules call it for every talk,
    and relativedelta's general machinery was a tenth of a 100,000-record check.
    """
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: dt.date) -> bool:
    """A working day in mainland China, from the maintained ``chinesecalendar`` package.

    Years the package does not cover yet fall back to Monday–Friday, so a check never fails on a date.
    """
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


@lru_cache(maxsize=8192)
def roll_forward(day: dt.date) -> dt.date:
    """The first working day on or after ``day``."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def due_date(talk_date: dt.date, months: int, settings: Settings) -> dt.date:
    """The due day for something owed ``months`` after a talk, under the rollover policy."""
    due = add_months(talk_date, months)
    return roll_forward(due) if settings.deadline_rollover else due


@dataclass(frozen=True)
class Deadline:
    """One Art. 11 obligation of a rectification, as of a date."""

    what: str  # measures | status
    due: dt.date
    submitted_on: dt.date | None
    state: str  # on_time | late | due_soon | pending | overdue  (labels: catalog.DEADLINE_STATE)
    days: int  # days late (late/overdue) or days left (due_soon/pending); 0 when on time

    @property
    def is_problem(self) -> bool:
        """Late or overdue."""
        return self.state in ("late", "overdue")


def assess(what: str, due: dt.date, submitted_on: dt.date | None, as_of: dt.date, settings: Settings) -> Deadline:
    """The state of one obligation on ``as_of``."""
    if submitted_on is not None:
        late = (submitted_on - due).days
        return Deadline(what, due, submitted_on, "late" if late > 0 else "on_time", max(late, 0))
    if as_of > due:
        return Deadline(what, due, None, "overdue", (as_of - due).days)
    left = (due - as_of).days
    return Deadline(what, due, None, "due_soon" if left <= settings.due_soon_days else "pending", left)


@dataclass(frozen=True)
class RectificationDeadlines:
    """Both Art. 11 deadlines of a talk."""

    talk: Talk
    rectification: Rectification | None
    measures: Deadline
    status: Deadline

    @property
    def worst(self) -> str:
        """The state that matters most, for sorting and badges."""
        order = ("overdue", "late", "due_soon", "pending", "on_time")
        return min((self.measures.state, self.status.state), key=order.index)


def reflection(talk: Talk, rect: Rectification | None, as_of: dt.date, settings: Settings) -> Deadline:
    """The 思想认识 report of Art. 11 ¶1 on ``as_of``: due with the measures, one calendar month after the talk."""
    due = due_date(talk.date, MEASURES_MONTHS, settings)
    return assess("reflection", due, rect.reflection_submitted_on if rect else None, as_of, settings)


def for_talk(talk: Talk, rect: Rectification | None, as_of: dt.date, settings: Settings) -> RectificationDeadlines:
    """The two deadlines of a talk's rectification on ``as_of``."""
    measures_on = rect.measures_submitted_on if rect else None
    status_on = rect.status_report_on if rect else None
    return RectificationDeadlines(
        talk,
        rect,
        assess("measures", due_date(talk.date, MEASURES_MONTHS, settings), measures_on, as_of, settings),
        assess("status", due_date(talk.date, STATUS_MONTHS, settings), status_on, as_of, settings),
    )
