"""Who talks, and to how many: Art. 7."""

from __future__ import annotations

from collections.abc import Iterator

from generator import catalog
from generator import findings as F
from generator.context import Context, measured_talks
from generator.model import SECRETARY_TALK_KINDS, Repository


def talker_on_team(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A7-TALKER-TEAM: the talker is on the body's leadership team on the talk date."""
    for talk in measured_talks(repo, ctx):
        body = repo.orgs[talk.committee]
        if all(t.person != talk.talker for t in body.team_on(talk.date)):
            yield F.make("A7-TALKER-TEAM", talk.path, record=talk.id, pointer=("talker",),
                         date=talk.date.isoformat(), talker=repo.person_name(talk.talker), committee=body.label,
                         committee_id=body.id)


def secretary_talks_to_secretaries(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A7-SECRETARY-TALKS: periodic talks with municipal/county/township secretaries are the secretary's own."""
    for talk in measured_talks(repo, ctx):
        org = repo.orgs[talk.interviewee_org]
        if not talk.is_periodic or org.kind not in SECRETARY_TALK_KINDS:
            continue
        body = repo.orgs[talk.committee]
        secretary = body.secretary_on(talk.date)
        if secretary != talk.talker:
            yield F.make("A7-SECRETARY-TALKS", talk.path, record=talk.id, pointer=("talker",),
                         org_kind=catalog.SECRETARY_OF[org.kind], committee=body.label,
                         secretary=repo.person_name(secretary) if secretary else "（未登记）",
                         talker=repo.person_name(talk.talker))
