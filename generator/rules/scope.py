"""Who and what the Measures cover: Art. 2, 5 and 20."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator import findings as F
from generator.context import Context, measured_talks
from generator.model import Repository


def interviewee_is_leader(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A2-SCOPE-INTERVIEWEE: the interviewee leads a direct lower-level org of the body on the talk date."""
    for talk in measured_talks(repo, ctx):
        org = repo.orgs[talk.interviewee_org]
        common: dict[str, Any] = {"record": talk.id, "org": org.label, "org_id": org.id, "date": talk.date.isoformat()}
        if org.parent != talk.committee:
            yield F.make("A2-SCOPE-INTERVIEWEE", talk.path, variant="not_lower", pointer=("interviewee_org",),
                         committee=repo.org_label(talk.committee), **common)
        elif not org.in_scope:
            yield F.make("A2-SCOPE-INTERVIEWEE", talk.path, variant="out_of_scope", pointer=("interviewee_org",),
                         reason=org.reason, **common)
        elif not org.exists_on(talk.date):
            yield F.make("A2-SCOPE-INTERVIEWEE", talk.path, variant="not_existing", pointer=("date",), **common)
        elif len(talk.interviewees) == 1:
            leader = org.leader_on(talk.date)
            if leader is None or leader.person != talk.interviewee:
                yield F.make("A2-SCOPE-INTERVIEWEE", talk.path, variant="not_leader", pointer=("interviewee",),
                             person=repo.person_name(talk.interviewee),
                             actual=repo.person_name(leader.person) if leader else "无任职记录", **common)


def before_measures(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A20-IN-FORCE: talks before 2026-01-30 are kept but not checked."""
    for talk in sorted(repo.talks.values(), key=lambda t: t.id):
        if not talk.in_force:
            yield F.make("A20-IN-FORCE", talk.path, record=talk.id, pointer=("date",), date=talk.date.isoformat())
