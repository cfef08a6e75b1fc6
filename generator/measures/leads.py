"""Accountability leads (Art. 17): one type and one computation, for the annual report and the site.

A lead is something the records show that Art. 17 names as a ground for accountability: a body that did not
cover an org's "一把手" within a term (clause 一), an interviewee who did not report truthfully (clause 二), and
rectification that was overdue, perfunctory or false (clause 三).  Each lead exists from a day ("since"); a lead
dated after the as-of date does not exist yet, in every view.  The annual report takes the leads of one body
and year from :func:`leads`; the site's accountability page lists them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.measures import coverage, deadlines
from generator.model import catalog
from generator.model.context import Context, measured_talks
from generator.model.repository import Repository
from generator.model.wording import cn_date

# Art. 17 clauses, as the accountability page and the report cite them.
CLAUSE = {
    "duty": "第十七条（一）不履行或者不正确履行监督谈话职责",
    "untruthful": "第十七条（二）不如实报告情况",
    "rectification": "第十七条（三）落实整改要求不到位，敷衍整改、虚假整改",
}
_DEADLINE = {
    "measures": ("A11-MEASURES-LATE", "逾期未提交整改措施"),
    "status": ("A11-STATUS-LATE", "逾期未报告整改情况"),
}


@dataclass(frozen=True)
class Lead:
    """One accountability lead: what happened, under which clause and rule, on which record, since when."""

    kind: str  # untruthful | perfunctory | false | measures_overdue | status_overdue | uncovered
    clause: str  # CLAUSE key
    rule: str
    committee: str  # the conducting body whose work it is about
    record: str  # the talk's id, or the uncovered org's id
    path: str  # the record file, relative to the records folder
    org: str  # the org concerned (label)
    what: str  # Chinese, one line: who and what
    detail: str  # Chinese: the recorded detail, or the deadline
    since: dt.date  # the day it became a lead
    on: dt.date | None  # the date the report prints: when noted, verified, due, or the term end
    years: tuple[int, ...]  # the years whose annual report lists it: the talk's, or the term's
    term: int = 0  # uncovered: the term's number (its coverage matrix tells more); 0 for a talk's lead

    @property
    def clause_text(self) -> str:
        """The Art. 17 clause in Chinese."""
        return CLAUSE[self.clause]


def _uncovered(repo: Repository, ctx: Context) -> list[Lead]:
    out = []
    for tc in coverage.coverage(repo, ctx):
        if not tc.ended:
            continue
        w = tc.window
        for r in tc.rows:
            if r.state == "uncovered":
                out.append(Lead(
                    "uncovered", "duty", "A5-COVERAGE", tc.body.id, r.org.id, r.org.path, r.org.label,
                    f"{tc.body.label}{w.name}届满{w.estimate_note}，本届任期内未对{r.org.label}“一把手”开展定期谈话",
                    f"本届任期内未对其“一把手”开展定期谈话（{w.name}于{cn_date(w.end)}届满"
                    f"{w.estimate_note}）", w.end + dt.timedelta(days=1), w.end, w.years,
                    w.term.number))
    return out


def leads(repo: Repository, ctx: Context) -> tuple[Lead, ...]:
    """Every lead as of ``ctx.as_of``, by the day it arose (then record and rule)."""
    out = _uncovered(repo, ctx)
    for talk in measured_talks(repo, ctx):
        rect = repo.rectifications.get(talk.id)
        org = repo.org_label(talk.interviewee_org)
        who = f"{org} {repo.person_name(talk.interviewee)}"
        common: dict[str, Any] = {"committee": talk.committee, "record": talk.id, "org": org,
                                  "years": (talk.date.year,)}
        d = deadlines.for_talk(talk, rect, ctx.as_of, ctx.settings)
        for deadline in (d.measures, d.status):
            if deadline.state == "overdue":
                rule, text = _DEADLINE[deadline.what]
                out.append(Lead(f"{deadline.what}_overdue", "rectification", rule,
                                path=rect.path if rect else talk.path,
                                what=f"{who}：{text}（期限为{cn_date(deadline.due)}）",
                                detail=f"期限为{cn_date(deadline.due)}，已逾期{deadline.days}天仍未提交",
                                since=deadline.due + dt.timedelta(days=1), on=deadline.due, **common))
        v = rect.verification if rect else None
        if rect and v and v.result in ("perfunctory", "false") and (v.on is None or v.on <= ctx.as_of):
            result = catalog.label(catalog.VERIFICATION, v.result)
            by = catalog.label(catalog.UNIT, v.by)
            out.append(Lead(v.result, "rectification", "A17-ACCOUNTABILITY", path=rect.path,
                            what=f"{who}：经{by}核查，认定为{result}", detail=v.note, since=v.on or ctx.as_of,
                            on=v.on, **common))
        if talk.untruthful_on is not None and talk.untruthful_on <= ctx.as_of:
            out.append(Lead("untruthful", "untruthful", "A17-ACCOUNTABILITY", path=talk.path,
                            what=f"{who}：在监督谈话中不如实报告情况", detail=talk.untruthful_detail,
                            since=talk.untruthful_on, on=talk.untruthful_on, **common))
    return tuple(sorted(out, key=lambda lead: (lead.since, lead.record, lead.rule)))
