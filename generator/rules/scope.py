"""Who and what the Measures cover: Art. 2, 5 and 20."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import finding as F
from generator.measures import counting
from generator.model.context import Context, measured_talks
from generator.model.repository import Repository
from generator.model.wording import cn_date


def interviewee_is_leader(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A2-SCOPE-INTERVIEWEE: the interviewee leads a direct lower-level org of the body on the talk date.

    The judgement is :func:`generator.measures.counting.interviewee_breach`: the same one that keeps such a periodic
    talk out of coverage and plan fulfilment.
    """
    for talk in measured_talks(repo, ctx):
        breach = counting.interviewee_breach(repo, talk)
        if breach is not None:
            yield F.make(breach.rule, talk.path, variant=breach.variant, record=talk.id, pointer=breach.pointer,
                         **breach.params)


def before_measures(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A20-IN-FORCE: talks before 2026-01-30 are kept but not checked."""
    for talk in sorted(repo.talks.values(), key=lambda t: t.id):
        if not talk.in_force:
            yield F.make("A20-IN-FORCE", talk.path, record=talk.id, pointer=("date",), date=cn_date(talk.date))
