"""The open deadlines of the records as of a date: what the deadline calendar (``talkdocs calendar``) holds.

Nothing is worked out here that the checks do not already decide: the Art. 11 deadlines come from
:mod:`generator.measures.deadlines` (:func:`~generator.measures.deadlines.for_talk`,
:func:`~generator.measures.deadlines.reflection`),
which plan items are fulfilled from :func:`generator.measures.counting.fulfilment`, the years a plan is owed and the
terms with their (possibly estimated) ends from :mod:`generator.measures.coverage`.  A deadline that is met — the
report submitted, the plan item fulfilled, the plan made, the term over — is left out; one that has passed
unmet stays in, marked overdue, because it is still to be done.

Each :class:`Due` has a :attr:`~Due.uid` made of its kind and the ids of the records it belongs to only, never
of dates or text, so that a calendar client that subscribed to the file updates the event when a date or a
name changes, instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from generator.measures import counting, coverage, deadlines
from generator.model import catalog
from generator.model.context import Context, measured_talks
from generator.model.repository import Org, Repository, Talk
from generator.model.wording import cn_date
from generator.rules.table import RULES

# The rule whose article (and finding, once the day has passed) each kind of deadline belongs to.
RULE_OF = {
    "measures": "A11-MEASURES-LATE",
    "reflection": "A11-REFLECTION-LATE",
    "status": "A11-STATUS-LATE",
    "plan_item": "A5-PLAN-ITEM-DUE",
    "plan_missing": "A5-PLAN-EXISTS",
    "term_end": "A5-COVERAGE",
}
KIND_ORDER = tuple(RULE_OF)
UID_DOMAIN = "talkdocs"


@dataclass(frozen=True)
class Due:
    """One open deadline: the day it falls due and what is due, in Chinese."""

    kind: str  # catalog.DUE_KIND
    ids: tuple[str, ...]  # the records it belongs to: (talk id) | (plan id, item id) | (body id, year | term)
    committee: str  # the conducting body
    day: dt.date  # the day shown in the calendar (for plan_missing: the day the missing plan becomes a finding)
    title: str  # one line: kind, record id, who
    what: str  # what has to be done (catalog.DUE_WHAT)
    details: tuple[tuple[str, str], ...]  # (label, value) lines of the description
    overdue_days: int = 0  # days past the deadline on the as-of date (0: not yet due)
    estimated: bool = False  # the day is worked out, not recorded (term ends)
    confidential: bool = False  # about a confidential record or item (full audience only)

    @property
    def rule(self) -> str:
        """The rule id."""
        return RULE_OF[self.kind]

    @property
    def article(self) -> str:
        """The article of the Measures, e.g. 第十一条第一款."""
        return RULES[self.rule].article

    @property
    def uid(self) -> str:
        """The event's UID: kind and record ids only, so it stays the same while dates and texts change."""
        return f"{self.kind}.{'.'.join(self.ids)}@{UID_DOMAIN}"


def _state(day: dt.date, ctx: Context) -> tuple[int, tuple[tuple[str, str], ...]]:
    late = (ctx.as_of - day).days
    if late > 0:
        return late, (("状态", f"已逾期 {late} 天（截至{cn_date(ctx.as_of)}）"),)
    return 0, ()


def _talk_due(repo: Repository, ctx: Context, talk: Talk, kind: str, d: deadlines.Deadline,
              confidential: bool) -> Due:
    body = repo.orgs[talk.committee]
    who = f"{repo.org_label(talk.interviewee_org)} {repo.person_name(talk.interviewee)}"
    late, state = _state(d.due, ctx)
    details = (("谈话编号", talk.id), ("谈话日期", cn_date(talk.date)), ("被谈话人", who),
               ("谈话人", repo.person_name(talk.talker)), ("期限", f"{cn_date(d.due)}（当日提交为按期）"), *state)
    return Due(kind, (talk.id,), talk.committee, d.due, f"{catalog.DUE_KIND[kind]}到期：{talk.id}（{who}）",
               catalog.DUE_WHAT[kind].format(body=body.label), details, late, confidential=confidential)


def _talk_deadlines(repo: Repository, ctx: Context, bodies: set[str]) -> list[Due]:
    out = []
    for talk in measured_talks(repo, ctx):
        if talk.committee not in bodies:
            continue
        rect = repo.rectifications.get(talk.id)
        d = deadlines.for_talk(talk, rect, ctx.as_of, ctx.settings)
        secret = talk.confidential or bool(rect and rect.confidential)
        for kind, deadline in (("measures", d.measures), ("reflection", deadlines.reflection(
                talk, rect, ctx.as_of, ctx.settings)), ("status", d.status)):
            if deadline.submitted_on is None:
                out.append(_talk_due(repo, ctx, talk, kind, deadline, secret))
    return out


def _plan_items(repo: Repository, ctx: Context, bodies: set[str]) -> list[Due]:
    done = counting.fulfilment(repo, ctx)  # the one decision of which talk fulfils an item
    out = []
    for (committee, year), plan in sorted(repo.plans.items()):
        if committee not in bodies:
            continue
        for item in plan.items:
            if done[(committee, year, item.id)].talk is not None:
                continue
            org = repo.org_label(item.org)
            late, state = _state(item.due, ctx)
            details = (("计划", f"{repo.org_label(committee)}{year}年度定期谈话计划（{plan.id}）"),
                       ("条目", item.id), ("谈话对象", f"{org}“一把手”"), ("谈话人", repo.person_name(item.talker)),
                       ("完成时限", cn_date(item.due)), *((("工作分工", item.division),) if item.division else ()),
                       *state)
            out.append(Due("plan_item", (plan.id, item.id), committee, item.due,
                           f"{catalog.DUE_KIND['plan_item']}到期：{plan.id} {item.id}（{org}）",
                           catalog.DUE_WHAT["plan_item"].format(org=org), details, late,
                           confidential=plan.confidential or item.confidential))
    return out


def _missing_plans(repo: Repository, ctx: Context, bodies: list[Org],
                   recorded: Collection[tuple[str, int]]) -> list[Due]:
    out = []
    for body in bodies:
        for year in coverage.plan_years(repo, body, ctx, ctx.as_of.year + 1):
            if (body.id, year) in recorded:
                continue
            last = ctx.settings.plan_missing_date(year)
            day = last + dt.timedelta(days=1)
            late, state = _state(last, ctx)
            details = (("党委（党组）", f"{body.label}（{body.id}）"), ("年度", f"{year}年"),
                       ("最迟制定日期", cn_date(last)), ("列为问题之日", cn_date(day)), *state)
            out.append(Due("plan_missing", (body.id, str(year)), body.id, day,
                           f"{catalog.DUE_KIND['plan_missing']}：{body.label}{year}年度定期谈话计划尚未制定（{body.id}）",
                           catalog.DUE_WHAT["plan_missing"].format(body=body.label, year=year, after=cn_date(last)),
                           details, late))
    return out


def _term_ends(repo: Repository, ctx: Context, bodies: set[str]) -> list[Due]:
    out = []
    for tc in coverage.coverage(repo, ctx):
        if tc.body.id not in bodies or tc.ended:
            continue
        w = tc.window
        term = f"{tc.body.label}{w.name}"
        note = w.estimate_note
        mark = "（推算）" if w.end_estimated else ""
        details = (("党委（党组）", f"{tc.body.label}（{tc.body.id}）"), ("任期", term),
                   ("起止", f"{cn_date(w.start)}至{cn_date(w.end)}{note}"),
                   ("全覆盖进展", f"应覆盖 {tc.total} 个，已覆盖 {tc.covered} 个，尚未覆盖 {tc.total - tc.covered} 个"
                                 f"（截至{cn_date(ctx.as_of)}）"))
        out.append(Due("term_end", (tc.body.id, str(w.term.number)), tc.body.id, w.end,
                       f"{catalog.DUE_KIND['term_end']}{mark}：{term}（{tc.body.id}）",
                       catalog.DUE_WHAT["term_end"].format(term=term), details, estimated=w.end_estimated,
                       confidential=w.term.confidential))
    return out


class UnknownBody(ValueError):
    """``committee`` is not a conducting body of the repository; the message is Chinese."""


def open_deadlines(repo: Repository, ctx: Context, committee: str | None = None, *,
                   recorded_plans: Collection[tuple[str, int]] | None = None) -> tuple[Due, ...]:
    """Every open deadline of the conducting bodies (or of ``committee`` only), by day, kind and record ids.

    ``recorded_plans``: the (body, year) plans that exist, when ``repo`` is an audience's view that leaves
    some out (a confidential plan is not missing); default: the plans of ``repo``.
    """
    bodies = list(ctx.bodies(repo))
    if committee is not None:
        known = [b.id for b in bodies]
        if committee not in known:
            raise UnknownBody(f"“{committee}”不是本记录库中开展谈话的党委（党组）的组织编号；"
                              f"可写：{'、'.join(known) or '（无）'}")
        bodies = [b for b in bodies if b.id == committee]
    ids = {b.id for b in bodies}
    found = [*_talk_deadlines(repo, ctx, ids), *_plan_items(repo, ctx, ids),
             *_missing_plans(repo, ctx, bodies, repo.plans.keys() if recorded_plans is None else recorded_plans),
             *_term_ends(repo, ctx, ids)]
    return tuple(sorted(found, key=lambda d: (d.day, KIND_ORDER.index(d.kind), d.ids)))
