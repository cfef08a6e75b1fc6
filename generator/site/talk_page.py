"""What a talk's page shows besides the record's own fields: the steps of Art. 10 in order, the cooperating
units (Art. 6) and the rectification's timeline (Art. 11).

:class:`generator.site.view_model.Site` hands these to the templates (``site.steps(talk)``, …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from generator.measures import deadlines
from generator.measures.progress import MeasureRow
from generator.model import catalog
from generator.model.repository import Rectification, Talk


def steps(talk: Talk) -> list[tuple[int, str, str, Any]]:
    """(position in Art. 10, code, label, entry or None) for the five steps, recorded ones in recorded order."""
    order = list(catalog.STEP_ORDER)
    seen = [(order.index(s.key) + 1 if s.key in order else 0, s.key, catalog.label(catalog.STEP, s.key), s)
            for s in talk.steps]
    recorded = {s.key for s in talk.steps}
    missing = [(i + 1, code, catalog.STEP[code], None) for i, code in enumerate(order) if code not in recorded]
    return seen + missing


def by_unit(talk: Talk) -> list[tuple[str, list[Any], list[Any]]]:
    """(unit label, participants, materials provided) per cooperating unit, in catalog order."""
    order = list(catalog.UNIT)
    units = sorted({u.unit for u in talk.participants + talk.materials_provided},
                   key=lambda u: (order.index(u) if u in order else len(order), u))
    return [(catalog.label(catalog.UNIT, u), [p for p in talk.participants if p.unit == u],
             [m for m in talk.materials_provided if m.unit == u]) for u in units]


def timeline(talk: Talk, rect: Rectification | None, d: deadlines.RectificationDeadlines | None,
             measures: Sequence[MeasureRow]) -> list[tuple[dt.date, str, str]]:
    """(date, event, state label) of a talk's rectification, in date order.

    ``rect``, ``d``: the talk's rectification and Art. 11 deadlines (None when missing or not applicable);
    ``measures``: its rectification measures as the site shows them.
    """
    events: list[tuple[dt.date, int, str, str]] = [(talk.date, 0, "谈话", "")]
    if d is not None:
        for n, (dl, name) in enumerate(((d.measures, "提交整改措施和思想认识"), (d.status, "报告整改情况"))):
            state = catalog.DEADLINE_STATE[dl.state]
            days = f"（{dl.days} 天）" if dl.state in ("late", "overdue") else ""
            left = f"（剩 {dl.days} 天）" if dl.state in ("due_soon", "pending") else ""
            events.append((dl.due, 10 + n, f"期限：{name}", state + days + left))
            if dl.submitted_on is not None:
                events.append((dl.submitted_on, 20 + n, f"已{name}", ""))
    if rect is not None:
        if rect.team_notified_on:
            events.append((rect.team_notified_on, 30, "向领导班子其他成员通报第一责任人职责方面的整改措施", ""))
        for m in measures:
            if m.due:
                events.append((m.due, 40, f"整改事项 {m.key} 完成期限", m.label))
        v = rect.verification
        if v is not None and v.on is not None:
            events.append((v.on, 50, f"{catalog.label(catalog.UNIT, v.by)}核查",
                           catalog.label(catalog.VERIFICATION, v.result)))
    if talk.untruthful_on:
        events.append((talk.untruthful_on, 60, "认定被谈话人不如实报告情况", ""))
    return [(day, what, state) for day, _n, what, state in sorted(events)]
