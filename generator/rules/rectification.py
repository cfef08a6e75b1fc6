"""After the talk: Art. 11 (measures within 1 month, status report within 3, team notified)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.findings import finding as F
from generator.measures import deadlines
from generator.model.context import Context, measured_talks
from generator.model.repository import Repository
from generator.model.wording import cn_date

_FIELDS = {
    "measures": ("A11-MEASURES-LATE", "measures_submitted_on"),
    "status": ("A11-STATUS-LATE", "status_report_on"),
}


def _deadline_findings(repo: Repository, ctx: Context, what: str) -> Iterator[F.Finding]:
    rule, field = _FIELDS[what]
    for talk in measured_talks(repo, ctx):
        rect = repo.rectifications.get(talk.id)
        d = deadlines.for_talk(talk, rect, ctx.as_of, ctx.settings)
        deadline = d.measures if what == "measures" else d.status
        if not deadline.is_problem:
            continue
        if rect is None:
            path, pointer = talk.path, ("date",)
        else:
            path, pointer = rect.path, (field,) if deadline.submitted_on else ("talk",)
        yield F.make(rule, path, variant=deadline.state, record=talk.id, pointer=pointer, days=deadline.days,
                     due=cn_date(deadline.due),
                     on=cn_date(deadline.submitted_on) if deadline.submitted_on else "")


def measures_on_time(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A11-MEASURES-LATE: measures within one calendar month of the talk."""
    return _deadline_findings(repo, ctx, "measures")


def status_on_time(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A11-STATUS-LATE: the status report within three calendar months of the talk."""
    return _deadline_findings(repo, ctx, "status")


def team_notified(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A11-NOTIFY-TEAM: first-responsibility measures are told to the rest of the team."""
    for talk in measured_talks(repo, ctx):
        rect = repo.rectifications.get(talk.id)
        if rect and rect.team_notified_on is None and any(m.area == "first_responsibility" for m in rect.measures):
            yield F.make("A11-NOTIFY-TEAM", rect.path, record=talk.id, pointer=("measures",))


def reflection_on_time(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A11-REFLECTION-LATE: the 思想认识 report is due with the measures, one calendar month after the talk.

    Not submitted while the measures are not submitted either: A11-MEASURES-LATE already reports the one-month
    report as overdue, and the same missing report is not reported twice.
    """
    for talk in measured_talks(repo, ctx):
        rect = repo.rectifications.get(talk.id)
        if rect is None or (rect.reflection_submitted_on is None and rect.measures_submitted_on is None):
            continue
        d = deadlines.reflection(talk, rect, ctx.as_of, ctx.settings)
        if d.is_problem:
            pointer = ("reflection_submitted_on",) if d.submitted_on else ("measures_submitted_on",)
            measures_on = cn_date(rect.measures_submitted_on) if rect.measures_submitted_on else ""
            yield F.make("A11-REFLECTION-LATE", rect.path, variant=d.state, record=talk.id, pointer=pointer,
                         days=d.days, due=cn_date(d.due), measures_on=measures_on,
                         on=cn_date(d.submitted_on) if d.submitted_on else "")


def dates_after_talk(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A11-DATE-ORDER: what follows the talk (Art. 11) is not dated before it; each date its own finding."""
    for talk in measured_talks(repo, ctx):
        rect = repo.rectifications.get(talk.id)
        if rect is None:
            continue
        dated: list[tuple[str, tuple[str, ...], dt.date | None]] = [
            ("measures", ("measures_submitted_on",), rect.measures_submitted_on),
            ("reflection", ("reflection_submitted_on",), rect.reflection_submitted_on),
            ("status", ("status_report_on",), rect.status_report_on),
            ("team", ("team_notified_on",), rect.team_notified_on),
            ("verification", ("verification", "on"), rect.verification.on if rect.verification else None),
        ]
        for variant, pointer, on in dated:
            if on is not None and on < talk.date:
                yield F.make("A11-DATE-ORDER", rect.path, variant=variant, record=talk.id, pointer=pointer,
                             on=cn_date(on), date=cn_date(talk.date))
