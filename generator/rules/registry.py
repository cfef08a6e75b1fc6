"""The Measures as checks: each rule id mapped to the one function that checks it.

Wording, article and severity are in :mod:`generator.rules.table`; each function here yields findings for one
rule id and nothing else, so ``grep -r RULE-ID generator/`` shows both halves.

Each rule judges one body's work: its talks and their rectifications, its plans, its lower-level orgs and
the body itself, reading only those records and what they refer to (never an org's ``parent`` record).
A2-SCOPE-KIND and A7-INDIVIDUAL are said by the schema (talk ``kind`` is an enum, ``interviewee`` one id), so
:mod:`generator.schema.validate` reports them, with the article, for the record that breaks them.
``talkdocs check`` relies on this to judge again only the bodies a change can reach
(:mod:`generator.engine.incremental`); tests/test_incremental.py compares that with a full check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.findings.finding import Finding
from generator.model.context import Context
from generator.model.repository import Repository
from generator.rules import coverage, distribution, plans, rectification, scope, steps, talker

Check = Callable[[Repository, Context], Iterable[Finding]]

CHECKS: tuple[tuple[str, Check], ...] = (
    ("A2-SCOPE-INTERVIEWEE", scope.interviewee_is_leader),
    ("A20-IN-FORCE", scope.before_measures),
    ("A5-PLAN-EXISTS", plans.plan_exists),
    ("A5-PLAN-ITEM-DUE", plans.items_done),
    ("A5-COVERAGE", coverage.full_coverage),
    ("A5-COVERAGE-LEADER-CHANGED", coverage.leader_changed),
    ("A5-TIMELY-TRIGGER", steps.timely_triggers),
    ("A6-ORGANIZER", steps.organizer_units),
    ("A7-TALKER-TEAM", talker.talker_on_team),
    ("A7-SECRETARY-TALKS", talker.secretary_talks_to_secretaries),
    ("A9-PREPARATION", steps.preparation),
    ("A9-DATE-ORDER", steps.self_check_before_talk),
    ("A10-STEPS", steps.five_steps),
    ("A10-RECORD", steps.timely_record),
    ("A11-MEASURES-LATE", rectification.measures_on_time),
    ("A11-REFLECTION-LATE", rectification.reflection_on_time),
    ("A11-DATE-ORDER", rectification.dates_after_talk),
    ("A11-NOTIFY-TEAM", rectification.team_notified),
    ("A11-STATUS-LATE", rectification.status_on_time),
    ("A12-ARCHIVE", distribution.archived),
    ("A12-DISTRIBUTION", distribution.distributed),
    ("A13-RESPONSIBILITY-LIST", plans.in_responsibility_list),
)


def run(repo: Repository, ctx: Context) -> list[Finding]:
    """Every rule's findings (unsorted)."""
    out: list[Finding] = []
    for rule_id, check in CHECKS:
        for finding in check(repo, ctx):
            assert finding.rule == rule_id, f"{check.__name__} yielded {finding.rule}"
            out.append(finding)
    return out
