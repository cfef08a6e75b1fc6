"""Who talks, and to how many: Art. 7 (the judgement is :mod:`~generator.measures.counting`'s, as for every count)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.findings import finding as F
from generator.measures import counting
from generator.model import catalog
from generator.model.context import Context, measured_talks
from generator.model.repository import MEASURES_IN_FORCE, Org, Plan, PlanItem, Repository, Tenure
from generator.model.wording import cn_date


def _findings(repo: Repository, ctx: Context, rule: str) -> Iterator[F.Finding]:
    for talk in measured_talks(repo, ctx):
        for breach in counting.breaches(repo, ctx, talk):
            if breach.rule == rule:
                yield F.make(rule, talk.path, variant=breach.variant, record=talk.id, pointer=breach.pointer,
                             **breach.params)


def _span(plan: Plan, item: PlanItem) -> tuple[dt.date, dt.date]:
    """When the planned talk can be held: from the plan's approval (or the start of its year) to the due date."""
    start = plan.approved_on or dt.date(plan.year, 1, 1)
    return min(start, item.due), item.due


def _overlaps(tenure: Tenure, start: dt.date, end: dt.date) -> bool:
    return tenure.start <= end and (tenure.end is None or tenure.end >= start)


def _secretaries(body: Org, start: dt.date, end: dt.date) -> list[str]:
    """Who is the body's secretary at some time between ``start`` and ``end`` (as :meth:`Org.secretary_on`)."""
    named = [t.person for t in body.team if t.role == "secretary" and _overlaps(t, start, end)]
    return named or [t.person for t in body.leaders if _overlaps(t, start, end)]


def _plan_items(repo: Repository) -> Iterator[tuple[Plan, PlanItem, Org]]:
    for plan in sorted(repo.plans.values(), key=lambda p: p.path):
        if plan.year >= MEASURES_IN_FORCE.year:
            for item in plan.items:
                yield plan, item, repo.orgs[plan.committee]


def talker_on_team(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A7-TALKER-TEAM: the talker is on the body's leadership team on the talk date; a plan item's talker is on
    it at some time between the plan's approval and the item's due date."""
    yield from _findings(repo, ctx, "A7-TALKER-TEAM")
    for plan, item, body in _plan_items(repo):
        start, end = _span(plan, item)
        if not any(t.person == item.talker and _overlaps(t, start, end) for t in body.team):
            yield F.make("A7-TALKER-TEAM", plan.path, variant="plan", record=plan.id,
                         pointer=("items", item.index, "talker"), item=item.id, talker=repo.person_name(item.talker),
                         start=cn_date(start), due=cn_date(end), committee=body.label, committee_id=body.id)


def secretary_talks_to_secretaries(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A7-SECRETARY-TALKS: periodic talks with municipal/county/township secretaries are the secretary's own,
    and so are the plan items that schedule them."""
    yield from _findings(repo, ctx, "A7-SECRETARY-TALKS")
    for plan, item, body in _plan_items(repo):
        org = repo.orgs[item.org]
        if org.kind not in counting.secretary_talk_kinds(ctx):
            continue
        secretaries = _secretaries(body, *_span(plan, item))
        if item.talker not in secretaries:
            secretary = secretaries[-1] if secretaries else ""
            yield F.make("A7-SECRETARY-TALKS", plan.path, variant="plan", record=plan.id,
                         pointer=("items", item.index, "talker"), item=item.id, org_kind=catalog.SECRETARY_OF[org.kind],
                         talker=repo.person_name(item.talker), committee=body.label,
                         secretary=repo.person_name(secretary) if secretary else "（未登记）",
                         secretary_id=secretary or "<书记的人员 id>")
