"""Annual plans: Art. 5 ¶2 and Art. 13 ¶1."""

from __future__ import annotations

from collections.abc import Iterator

from generator import coverage
from generator import findings as F
from generator.context import Context
from generator.model import MEASURES_IN_FORCE, Repository


def plan_exists(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-PLAN-EXISTS: a plan for every year of a running term from 2026 on, with division of work."""
    for body in ctx.bodies(repo):
        terms = coverage.windows(repo, body, ctx)
        for year in range(MEASURES_IN_FORCE.year, ctx.as_of.year + 1):
            running = any(w.start.year <= year <= w.end.year for w in terms)
            if not running or (body.id, year) in repo.plans or ctx.as_of <= ctx.settings.plan_missing_date(year):
                continue
            yield F.make("A5-PLAN-EXISTS", body.path, variant="missing", record=body.id, pointer=("id",),
                         committee=body.label, committee_id=body.id, year=year,
                         after=ctx.settings.plan_missing_date(year).isoformat())
    for plan in sorted(repo.plans.values(), key=lambda p: p.path):
        for item in plan.items:
            if not item.division.strip():
                yield F.make("A5-PLAN-EXISTS", plan.path, variant="division", record=plan.id,
                             pointer=("items", item.index), item=item.id)


def items_done(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-PLAN-ITEM-DUE: every plan item past its due date has a periodic talk that fulfils it."""
    done_by_plan: dict[tuple[str, int], set[str]] = {}  # one pass over the talks, not one per plan
    for t in repo.talks.values():
        if t.is_periodic and t.date <= ctx.as_of:
            done_by_plan.setdefault((t.committee, t.date.year), set()).add(t.plan_item)
    for plan in sorted(repo.plans.values(), key=lambda p: p.path):
        done = done_by_plan.get((plan.committee, plan.year), set())
        for item in plan.items:
            if item.due < ctx.as_of and item.id not in done:
                days = (ctx.as_of - item.due).days
                yield F.make("A5-PLAN-ITEM-DUE", plan.path, record=plan.id, pointer=("items", item.index, "due"),
                             days=days, item=item.id, org=repo.org_label(item.org), due=item.due.isoformat())


def in_responsibility_list(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A13-RESPONSIBILITY-LIST: the plan says the talks are in the responsibility list."""
    for plan in sorted(repo.plans.values(), key=lambda p: p.path):
        if plan.year >= MEASURES_IN_FORCE.year and plan.in_responsibility_list is not True:
            pointer = ("in_responsibility_list",) if plan.in_responsibility_list is not None else ("year",)
            yield F.make("A13-RESPONSIBILITY-LIST", plan.path, record=plan.id, pointer=pointer, year=plan.year)
