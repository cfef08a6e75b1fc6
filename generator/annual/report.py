"""The annual report as a value: :class:`AnnualReport` and the frozen figures it holds (Art. 13 ¶2).

:func:`generator.annual.figures.build` computes these from the records; :mod:`generator.annual.outline` lays
them out in numbered sections, which :mod:`generator.annual.render` (Markdown, HTML) and
:mod:`generator.annual.word` (Word) draw.  Nothing here computes: every field is filled by ``figures``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.measures.leads import Lead


class ReportError(ValueError):
    """A report that cannot be built as asked (unknown body, year out of range, unreadable narrative)."""


# --- figures ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Split:
    """A row of talks split by kind: one month, one talker or one kind of org."""

    key: str
    label: str
    periodic: int
    timely: int
    note: str = ""  # talkers: the role in the leadership team, or why not on it

    @property
    def total(self) -> int:
        """Periodic and timely together."""
        return self.periodic + self.timely


@dataclass(frozen=True)
class Tally:
    """A labelled count."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class PlanFigures:
    """The year's plan for periodic talks (Art. 5 ¶2, Art. 13 ¶1)."""

    exists: bool
    approved_on: dt.date | None = None
    in_responsibility_list: bool | None = None
    basis: tuple[str, ...] = ()  # labels
    items: int = 0
    fulfilled: int = 0  # a periodic talk of the year names the item
    overdue: int = 0  # past due without such a talk
    open: int = 0  # not yet due, not yet fulfilled
    overdue_items: tuple[str, ...] = ()  # "北山区委（完成时限为2026年9月30日）"


@dataclass(frozen=True)
class TalkFigures:
    """Talks held in the year (Art. 5, 7, 13)."""

    total: int
    periodic: int
    timely: int
    before_measures: int  # talks of the year dated before 2026-01-30: shown, not counted
    by_month: tuple[Split, ...]  # 12 rows
    by_talker: tuple[Split, ...]  # every leadership-team member of the year, then other talkers
    by_org_kind: tuple[Split, ...]
    by_trigger: tuple[Tally, ...]  # timely talks per trigger (a talk may have several)
    timely_without_trigger: int


@dataclass(frozen=True)
class RemainingOrg:
    """A lower-level org whose "一把手" has not yet had a periodic talk in the term."""

    org: str
    label: str
    kind: str  # label
    state: str  # catalog.COVERAGE_STATE code
    planned: str  # the plan items that name it: "2026年度计划（完成时限为2026年9月30日）", or ""


@dataclass(frozen=True)
class CoverageFigures:
    """Coverage of one term that overlaps the year (Art. 5 ¶2)."""

    term: int
    start: dt.date
    end: dt.date
    end_recorded: bool
    ended: bool
    total: int
    covered: int
    leader_changed: int  # counted as covered, but the new "一把手" has not been talked to
    covered_in_year: int  # orgs with a periodic talk in this year
    at_risk: int  # at risk, or uncovered at term end
    remaining: tuple[RemainingOrg, ...]
    name: str = ""  # the term as prose: "第8届任期", for a Party group "批准设立的东海省委第12届任期"
    estimate_note: str = ""  # after an end that is worked out: "（未登记届满日期，按5年推算）"

    @property
    def percent(self) -> float:
        """Share covered, 0–100."""
        return 100.0 * self.covered / self.total if self.total else 100.0


@dataclass(frozen=True)
class UnitFigures:
    """One cooperating unit's part in the year's talks (Art. 6, 12)."""

    unit: str
    label: str
    talks: int  # talks it sent participants to
    participants: int  # participant entries
    materials: int  # materials it provided
    distributed: int  # talks whose files were copied to it


@dataclass(frozen=True)
class DeadlineFigures:
    """One Art. 11 obligation over the year's talks."""

    what: str  # measures | status
    on_time: int
    late: int  # submitted after the due day
    overdue: int  # past due, not submitted
    not_due: int  # not submitted, not yet due

    @property
    def total(self) -> int:
        """Talks counted."""
        return self.on_time + self.late + self.overdue + self.not_due


@dataclass(frozen=True)
class VerificationFigures:
    """How the rectifications of the year's talks were verified (Art. 11, 17)."""

    effective: int
    perfunctory: int
    false: int
    not_verified: int


@dataclass(frozen=True)
class DistributionFigures:
    """Copies of the files to the required units (Art. 12)."""

    required: tuple[str, ...]  # unit labels
    complete: int  # copied to every required unit
    missing_due: tuple[str, ...]  # "海阳县委（2026年8月19日及时谈话）：组织（人事）部门" — due and still missing
    not_yet_due: int  # incomplete, but the measures deadline has not passed

    @property
    def total(self) -> int:
        """Talks counted."""
        return self.complete + len(self.missing_due) + self.not_yet_due


@dataclass(frozen=True)
class Problem:
    """An open finding about this body's work in the year."""

    rule: str
    severity: str
    record: str
    article: str
    message: str  # the check's message (ISO dates, field names): for the site and for tests
    subject: str = ""  # what it is about, in prose: "海阳县委（2026年3月10日及时谈话）", "2026年度定期谈话计划"
    text: str = ""  # the message as report prose (generator.findings.finding.prose_text)


@dataclass(frozen=True)
class Statement:
    """What the secretary's annual 述职 needs (Art. 13 ¶2): short sentences made from the figures."""

    secretary: str  # person id, "" when unknown
    secretary_name: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class NarrativeBlock:
    """A paragraph (or heading line) of the office's narrative, as plain text."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class TalkLine:
    """A talk the report counts, for the appendix."""

    id: str
    date: dt.date
    kind: str
    org: str  # label
    talker: str  # name


@dataclass(frozen=True)
class AnnualReport:
    """One body's annual report on supervision talks for one year, as of a date."""

    committee: str
    committee_name: str
    committee_label: str
    year: int
    as_of: dt.date
    repository_name: str
    sample_data: bool
    contains_confidential: bool  # the counted records include confidential records or items
    plan: PlanFigures
    talks: TalkFigures
    coverage: tuple[CoverageFigures, ...]
    units: tuple[UnitFigures, ...]
    measures: DeadlineFigures
    status: DeadlineFigures
    verification: VerificationFigures
    distribution: DistributionFigures
    problems: tuple[Problem, ...]
    leads: tuple[Lead, ...]
    statement: Statement
    narrative: tuple[NarrativeBlock, ...]
    talk_lines: tuple[TalkLine, ...]
    addressee: str = ""  # the upper body the report goes to, as the 公文 names it ("中共东海省委"); "" when unknown

    @property
    def title(self) -> str:
        """The report's title in the usual form of a report to the upper level (《办法》第十三条第二款)."""
        issuer = self.committee_label if self.committee_label.startswith("中共") else f"中共{self.committee_label}"
        return f"{issuer}关于{self.year}年度开展监督谈话工作情况的报告"
