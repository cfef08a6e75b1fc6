"""How plan items and rectification measures stand as of a date: done, overdue, due soon or pending.

The site's pages and the 台账 show the same states: a plan item is done when a periodic talk fulfils it
(:func:`generator.measures.counting.fulfilment`, the one judgement), a measure when its latest progress says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.measures import counting
from generator.model.context import Context
from generator.model.repository import Plan, PlanItem, Repository, Talk

# Derived states (not record values, so not in the catalog).
PLAN_ITEM_STATE: Mapping[str, str] = MappingProxyType({
    "done": "已完成", "overdue": "已逾期", "due_soon": "即将到期", "pending": "未到期",
})
MEASURE_STATE: Mapping[str, str] = MappingProxyType({
    "done": "已完成", "overdue": "已过期限未完成", "due_soon": "即将到期", "pending": "推进中", "no_due": "未定期限",
})


def due_state(due: dt.date, as_of: dt.date, soon_days: int) -> tuple[str, int]:
    """overdue / due_soon / pending, and the days late or left."""
    if as_of > due:
        return "overdue", (as_of - due).days
    left = (due - as_of).days
    return ("due_soon" if left <= soon_days else "pending"), left


# --- plan items ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanItemState:
    """A plan item and how it stands: fulfilled by a periodic talk, or due, or late."""

    plan: Plan
    item: PlanItem
    talk: Talk | None
    state: str  # PLAN_ITEM_STATE
    days: int  # days late (overdue) or left (due_soon, pending); 0 when done

    @property
    def label(self) -> str:
        """The state in Chinese."""
        return PLAN_ITEM_STATE[self.state]


def plan_items(repo: Repository, ctx: Context) -> tuple[PlanItemState, ...]:
    """Every plan item of every plan, in plan and item order."""
    done = counting.fulfilment(repo, ctx)  # the one judgement of which talks fulfil an item
    out = []
    for (committee, year), plan in sorted(repo.plans.items()):
        for item in plan.items:
            talk = done[(committee, year, item.id)].talk
            if talk is not None:
                out.append(PlanItemState(plan, item, talk, "done", 0))
            else:
                state, days = due_state(item.due, ctx.as_of, ctx.settings.due_soon_days)
                out.append(PlanItemState(plan, item, None, state, days))
    return tuple(out)


# --- rectification measures ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MeasureRow:
    """One rectification measure with its own due date and progress."""

    talk: Talk
    key: str
    text: str
    due: dt.date | None
    progress: str  # catalog.PROGRESS code, "" when not reported
    state: str  # MEASURE_STATE
    days: int
    confidential: bool

    @property
    def label(self) -> str:
        """The state in Chinese."""
        return MEASURE_STATE[self.state]


def measure_rows(repo: Repository, talk: Talk, ctx: Context) -> tuple[MeasureRow, ...]:
    """The measures of a talk's rectification, with the latest progress reported for each."""
    rect = repo.rectifications.get(talk.id)
    if rect is None:
        return ()
    progress = {p.key: p.status for p in rect.progress}
    out = []
    for m in rect.measures:
        status = progress.get(m.key, "")
        if status == "done":
            state, days = "done", 0
        elif m.due is None:
            state, days = "no_due", 0
        else:
            state, days = due_state(m.due, ctx.as_of, ctx.settings.due_soon_days)
        out.append(MeasureRow(talk, m.key, m.text, m.due, status, state, days, m.confidential))
    return tuple(out)
