"""The open deadlines (:mod:`generator.measures.agenda`) as an iCalendar file (RFC 5545), with the icalendar package.

Every deadline is an all-day event (``DTSTART;VALUE=DATE``, ``DTEND`` the next day): a deadline is a day,
not an hour, so no time zone applies to the events themselves; ``X-WR-TIMEZONE:Asia/Shanghai`` tells a
client the calendar's zone (for the reminders, which fire at a time of day).  Each event has a reminder
(``VALARM``) :data:`REMINDER_DAYS` days before, free/busy ``TRANSPARENT`` (a deadline does not block the
day), ``CLASS:CONFIDENTIAL`` when it is about a confidential record (full build only) and a ``UID`` that is
the deadline's kind and record ids (:attr:`generator.measures.agenda.Due.uid`).

Met deadlines are left out rather than marked done: a client that subscribed to the file then removes
the event once the report is registered, which is what staff want from a to-do calendar.  ``DTSTAMP`` (which
RFC 5545 requires) is the build's clock (:func:`generator.output.reproducible.stamp`), so the same records and
as-of date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from icalendar import Alarm, Calendar, Event

from generator.measures import agenda
from generator.model import catalog
from generator.model.context import Context
from generator.model.repository import Repository
from generator.output import reproducible

REMINDER_DAYS = 7
PRODID = "-//talkdocs//监督谈话期限//ZH-CN"
TIMEZONE = "Asia/Shanghai"


def _description(due: agenda.Due) -> str:
    lines = [f"应办事项：{due.what}",
             f"依据：《办法》{due.article}（规则 {due.rule}）",
             *(f"{label}：{value}" for label, value in due.details)]
    if due.estimated:
        lines.append("说明：日期按届期推算，登记届满日期后以登记为准。")
    if due.confidential:
        lines.insert(0, "【保密】本事项涉及保密记录（第十六条）")
    return "\n".join(lines)


def _event(due: agenda.Due, when: dt.datetime) -> Event:
    event = Event()
    event.add("uid", due.uid)
    event.add("dtstamp", when)
    event.add("dtstart", due.day)
    event.add("dtend", due.day + dt.timedelta(days=1))
    event.add("summary", due.title)
    event.add("description", _description(due))
    event.add("categories", [catalog.DUE_KIND[due.kind]])
    event.add("transp", "TRANSPARENT")
    event.add("class", "CONFIDENTIAL" if due.confidential else "PRIVATE")
    event.add("x-microsoft-cdo-alldayevent", "TRUE")  # Outlook shows it in the all-day row
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS))
    alarm.add("description", f"{REMINDER_DAYS}天后到期：{due.title}")
    event.add_component(alarm)
    return event


def to_ics(dues: Iterable[agenda.Due], *, name: str, when: dt.datetime) -> bytes:
    """The calendar file: ``name`` is the calendar's display name; ``when`` the build's clock (UTC)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("x-wr-caldesc", "监督谈话工作的期限：整改措施、思想认识和整改情况报告（第十一条），年度计划条目、"
                            "年度计划制定和任期届满（第五条第二款）；已办结的期限不再列出。")
    for due in dues:
        cal.add_component(_event(due, when.astimezone(dt.UTC)))
    return bytes(cal.to_ical())


def calendar_name(repository_name: str, audience_label: str, committee: str | None) -> str:
    """The calendar's display name (X-WR-CALNAME)."""
    scope = f"（{committee}）" if committee else ""
    return f"{repository_name} 监督谈话期限{scope}（{audience_label}）"


Parts = tuple[tuple[agenda.Due, ...], str, dt.datetime]  # what a calendar file is made from


def calendar_parts(repo: Repository, ctx: Context, *, audience_label: str, committee: str | None = None,
                   recorded_plans: Collection[tuple[str, int]] | None = None) -> Parts:
    """What :func:`deadline_calendar` makes the file from: the open deadlines, the calendar's name and the
    build's clock (equal parts give equal bytes; ``serve`` reuses the file then)."""
    dues = tuple(agenda.open_deadlines(repo, ctx, committee, recorded_plans=recorded_plans))
    return dues, calendar_name(ctx.settings.repository_name, audience_label, committee), reproducible.stamp(ctx.as_of)


def from_parts(parts: Parts) -> bytes:
    """The calendar file of :func:`calendar_parts`' answer."""
    dues, name, when = parts
    return to_ics(dues, name=name, when=when)


def deadline_calendar(repo: Repository, ctx: Context, *, audience_label: str, committee: str | None = None,
                      recorded_plans: Collection[tuple[str, int]] | None = None) -> bytes:
    """The .ics of ``repo``'s open deadlines (``talkdocs calendar`` and the site's download).

    ``repo`` is an audience's view; ``recorded_plans`` the plans of the full repository (see
    :func:`generator.measures.agenda.open_deadlines`).  Raises :class:`generator.measures.agenda.UnknownBody`.
    """
    return from_parts(calendar_parts(repo, ctx, audience_label=audience_label, committee=committee,
                                     recorded_plans=recorded_plans))
