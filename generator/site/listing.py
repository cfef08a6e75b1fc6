"""The order of the site's lists and the choices of their filters, as a Chinese reader expects them.

Rules by article number (A2, A5, … A20, not as text), findings by severity and then rule, the rectification
tracker by urgency, the talk index's filters, and organizations as a tree whose siblings are in the order of
:func:`generator.model.ordering.org_key` (kind, the office's own order, pinyin).
:class:`~generator.site.view_model.Site` hands these to the templates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from generator.findings.finding import Finding, Severity
from generator.model import catalog, ordering
from generator.model.repository import Org, Repository
from generator.rules.table import RULES, Rule
from generator.site import figures

STATE_ORDER = ("overdue", "late", "due_soon", "pending", "on_time", "done", "no_due", "after_as_of",
               "before_measures", "out_of_scope")
Filter = tuple[str, str, list[tuple[str, str]]]  # (data attribute, title, [(value, label)])


def state_rank(state: str) -> int:
    """Sort key of a deadline or talk state: most urgent first."""
    return STATE_ORDER.index(state) if state in STATE_ORDER else len(STATE_ORDER)


def article_key(rule: Rule) -> tuple[int, int]:
    """Sort key of a rule: the number of the first article in its id (``A5-…`` → 5, ``A14-A15-…`` → 14),
    rules without an article after them; ties keep the rule table's order (sorting is stable)."""
    match = re.match(r"A(\d+)-", rule.id)
    return (0, int(match.group(1))) if match else (1, 0)


def rules_by_article() -> list[Rule]:
    """Every rule, Measures rules by article number, the others in the rule table's order."""
    return sorted(RULES.values(), key=article_key)


def finding_groups(findings: Sequence[Finding]) -> list[tuple[str, list[tuple[str, list[Finding]]]]]:
    """(severity, [(rule id, findings)]) most severe first, rules by article number."""
    order = [rule.id for rule in rules_by_article()]
    out = []
    for sev in Severity:
        mine = [f for f in findings if f.severity is sev]
        rules = sorted({f.rule for f in mine}, key=lambda r: (order.index(r) if r in order else len(order), r))
        if rules:
            out.append((sev.value, [(r, [f for f in mine if f.rule == r]) for r in rules]))
    return out


def rectification_rows(rows: Sequence[figures.TalkRow]) -> list[figures.TalkRow]:
    """Talks with Art. 11 deadlines, most urgent first, then by the earliest open due date."""
    def key(r: figures.TalkRow) -> tuple[int, dt.date, str]:
        d = r.deadlines
        assert d is not None
        return (state_rank(r.state), min(x.due for x in (d.measures, d.status)), r.talk.id)
    return sorted((r for r in rows if r.deadlines is not None), key=key)


def talk_filters(rows: Sequence[figures.TalkRow], repo: Repository, org_label: Callable[[str], str],
                 person_name: Callable[[str], str]) -> list[Filter]:
    """The filters of the talk index and the rectification tracker: year, kind, trigger, org, talker, state."""
    talks = [r.talk for r in rows]
    years = sorted({str(t.date.year) for t in talks}, reverse=True)
    kinds = sorted({t.kind for t in talks}, key=lambda k: (k not in catalog.TALK_KIND, k))
    order = list(catalog.TRIGGER)
    triggers = sorted({u.unit for t in talks for u in t.triggers},
                      key=lambda c: (order.index(c) if c in order else len(order), c))
    orgs = [o.id for o in sorted({repo.orgs[t.interviewee_org] for t in talks if t.interviewee_org in repo.orgs},
                                 key=ordering.org_key)]
    talkers = sorted({t.talker for t in talks}, key=lambda p: ordering.name_key(person_name(p), p))
    states = sorted({r.state for r in rows}, key=state_rank)
    return [
        ("year", "年份", [(y, f"{y}年") for y in years]),
        ("kind", "类型", [(k, catalog.label(catalog.TALK_KIND, k)) for k in kinds]),
        ("trigger", "情形", [(c, catalog.label(catalog.TRIGGER, c)) for c in triggers]),
        ("org", "对象单位", [(o, org_label(o)) for o in orgs]),
        ("talker", "谈话人", [(p, person_name(p)) for p in talkers]),
        ("state", "整改状态", [(s, figures.TALK_STATE.get(s, s)) for s in states]),
    ]


def org_tree(repo: Repository) -> list[tuple[Org, int]]:
    """Every org with its depth, parents before their lower-level orgs, siblings in list order (kind, the
    office's own order, pinyin)."""
    out: list[tuple[Org, int]] = []

    def visit(org: Org, depth: int) -> None:
        out.append((org, depth))
        for child in repo.lower_level(org.id):
            visit(child, depth + 1)
    for org in sorted(repo.orgs.values(), key=ordering.org_key):
        if not org.parent or org.parent not in repo.orgs:
            visit(org, 0)
    return out
