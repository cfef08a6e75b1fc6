"""Annual plans: Art. 5 ¶2 and Art. 13 ¶1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import finding as F
from generator.measures import counting, coverage
from generator.model.context import Context
from generator.model.repository import MEASURES_IN_FORCE, Repository
from generator.model.wording import cn_date


def plan_exists(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-PLAN-EXISTS: a plan for every year of a running term from 2026 on, with division of work."""
    for body in ctx.bodies(repo):
        for year in coverage.plan_years(repo, body, ctx, ctx.as_of.year):
            if ((body.id, year) in repo.plans or f"{body.id}-{year}" in repo.unread_plans
                    or ctx.as_of <= ctx.settings.plan_missing_date(year)):
                continue
            yield F.make("A5-PLAN-EXISTS", body.path, variant="missing", record=body.id, pointer=("id",),
                         committee=body.label, committee_id=body.id, year=year,
                         after=cn_date(ctx.settings.plan_missing_date(year)))
    for plan in sorted(repo.plans.values(), key=lambda p: p.path):
        for item in plan.items:
            if not item.division.strip():
                yield F.make("A5-PLAN-EXISTS", plan.path, variant="division", record=plan.id,
                             pointer=("items", item.index), item=item.id, org=repo.org_label(item.org))


def items_done(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-PLAN-ITEM-DUE: every plan item past its due date has a counting periodic talk that fulfils it, and one
    fulfilled after its due date says by how many days (the fulfilment is
    :func:`generator.measures.counting.fulfilment`)."""
    done = counting.fulfilment(repo, ctx)
    for plan in sorted(repo.plans.values(), key=lambda p: p.path):
        for item in plan.items:
            f = done[(plan.committee, plan.year, item.id)]
            common: dict[str, Any] = {"record": plan.id, "pointer": ("items", item.index, "due"), "item": item.id,
                      "org": repo.org_label(item.org), "due": cn_date(item.due)}
            if f.talk is not None:
                if f.late_days:
                    yield F.make("A5-PLAN-ITEM-DUE", plan.path, variant="late", days=f.late_days,
                                 on=cn_date(f.talk.date), **common)
            elif item.due < ctx.as_of:
                talks = "、".join(f"{t.id}（{rule}）" for t, rule in f.void)
                yield F.make("A5-PLAN-ITEM-DUE", plan.path, variant="void" if f.void else "default",
                             days=(ctx.as_of - item.due).days, talks=talks, **common)


def in_responsibility_list(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A13-RESPONSIBILITY-LIST: the plan says the talks are in the responsibility list."""
    for plan in sorted(repo.plans.values(), key=lambda p: p.path):
        if plan.year >= MEASURES_IN_FORCE.year and plan.in_responsibility_list is not True:
            pointer = ("in_responsibility_list",) if plan.in_responsibility_list is not None else ("year",)
            yield F.make("A13-RESPONSIBILITY-LIST", plan.path, record=plan.id, pointer=pointer, year=plan.year)
