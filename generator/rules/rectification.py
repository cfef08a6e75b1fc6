"""After the talk: Art. 11 (measures within 1 month, status report within 3, team notified)."""

from __future__ import annotations

from collections.abc import Iterator

from generator import deadlines
from generator import findings as F
from generator.context import Context, measured_talks
from generator.model import Repository

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
                     due=deadline.due.isoformat(),
                     on=deadline.submitted_on.isoformat() if deadline.submitted_on else "")


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
