"""Art. 11 calendar-month deadlines: month ends, leap years, the due day itself and the day after."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.measures import deadlines
from generator.model.settings import Settings

D = dt.date.fromisoformat


@pytest.mark.parametrize(("talk", "months", "due"), [
    ("2026-01-31", 1, "2026-02-28"),   # clamped to February's end
    ("2028-01-31", 1, "2028-02-29"),   # leap year
    ("2028-02-29", 1, "2028-03-29"),   # from a leap day
    ("2027-11-30", 3, "2028-02-29"),   # three months into a leap February
    ("2026-03-31", 3, "2026-06-30"),   # the example of docs/record-fields.md
    ("2026-04-30", 1, "2026-05-30"),   # a month end that is not clamped
    ("2026-12-15", 1, "2027-01-15"),   # across the year
])
def test_calendar_months(talk: str, months: int, due: str) -> None:
    assert deadlines.due_date(D(talk), months, Settings()) == D(due)


def test_due_day_itself_is_on_time_and_the_day_after_is_late() -> None:
    settings, due = Settings(), D("2026-02-28")
    assert deadlines.assess("measures", due, due, D("2026-03-10"), settings).state == "on_time"
    late = deadlines.assess("measures", due, D("2026-03-01"), D("2026-03-10"), settings)
    assert (late.state, late.days) == ("late", 1)
    assert deadlines.assess("measures", due, None, due, settings).state == "due_soon"
    overdue = deadlines.assess("measures", due, None, D("2026-03-01"), settings)
    assert (overdue.state, overdue.days) == ("overdue", 1)


def test_due_soon_window_is_a_setting() -> None:
    due = D("2026-12-31")
    assert deadlines.assess("status", due, None, D("2026-11-27"), Settings()).state == "pending"
    assert deadlines.assess("status", due, None, D("2026-11-27"), Settings(due_soon_days=40)).state == "due_soon"


def test_rollover_moves_a_holiday_due_day_to_the_next_working_day() -> None:
    on = Settings(deadline_rollover=True)
    # 2026-09-30 + 1 month = 2026-10-30 is a Friday working day: unchanged.
    assert deadlines.due_date(D("2026-09-30"), 1, on) == D("2026-10-30")
    # 2026-09-01 + 1 month = 2026-10-01, National Day: moved past the holiday week to a working day.
    moved = deadlines.due_date(D("2026-09-01"), 1, on)
    assert moved > D("2026-10-07") and deadlines.is_working_day(moved)
    # A Saturday moves to Monday; without the policy nothing moves.
    assert deadlines.due_date(D("2026-05-20"), 1, on) == D("2026-06-22")
    assert deadlines.due_date(D("2026-05-20"), 1, Settings()) == D("2026-06-20")


def test_years_the_holiday_calendar_does_not_know_fall_back_to_weekdays() -> None:
    assert deadlines.roll_forward(D("2099-01-03")) == D("2099-01-05")  # Saturday → Monday


_DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))  # the dates a record may hold
_MONTH_ENDS = st.builds(lambda y, m: dt.date(y, m, calendar.monthrange(y, m)[1]),
                        st.integers(1900, 2099), st.integers(1, 12))
_LEAP_DAYS = st.sampled_from([y for y in range(1904, 2100, 4) if calendar.isleap(y)]).map(lambda y: dt.date(y, 2, 29))


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_DAYS, _MONTH_ENDS, _LEAP_DAYS), st.integers(-36, 120))
@example(dt.date(2026, 1, 31), 1)  # clamped to February's end
@example(dt.date(2028, 1, 31), 1)  # into a leap February
@example(dt.date(2028, 2, 29), 12)  # from a leap day to a year without one
@example(dt.date(2027, 11, 30), 3)
@example(dt.date(2026, 12, 31), 2)
@example(dt.date(2026, 3, 31), -1)
def test_month_arithmetic_is_dateutils(day: dt.date, months: int) -> None:
    # add_months is hand-written for speed (see its docstring); it must be relativedelta exactly.
    assert deadlines.add_months(day, months) == day + relativedelta(months=months)
