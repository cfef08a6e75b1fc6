"""Annual reports on supervision-talk work (Art. 13 ¶2), as figures computed from the records as of a date.

Early each year every conducting body reports the previous year's work, and its secretary covers it in the
annual 述职.  :func:`build` turns a :class:`~generator.model.repository.Repository` (and the rule findings on
it) into an :class:`~generator.annual.report.AnnualReport` of frozen figures; :mod:`generator.annual.render`
turns that into Markdown or HTML, :mod:`generator.annual.word` into Word.  No figure is ever typed by hand: the
office's own prose goes in ``records/reports/<body>/<year>.md`` (:func:`generator.annual.narrative.read_narrative`)
and is shown as plain text next to the figures.

Which talks count for year Y: the body's talks dated in Y that the Measures apply to and that were held by
the as-of date (:func:`generator.model.context.measured_talks`).  Deadlines, verification and coverage are as of
the as-of date, which the report prints.

Confidential content (Art. 16): the report shows whatever the repository it is given holds.  A caller that
builds for a narrower audience passes the repository and findings of that audience (the site's
:func:`generator.model.audience.select`, which ``talkdocs report --audience summary`` also uses); findings
about records that are not in that repository are dropped as well, so findings computed on the full
repository cannot leak a confidential talk's id into a filtered report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from generator.annual.report import (
    AnnualReport,
    CoverageFigures,
    DeadlineFigures,
    DistributionFigures,
    NarrativeBlock,
    PlanFigures,
    Problem,
    RemainingOrg,
    ReportError,
    Split,
    Statement,
    TalkFigures,
    TalkLine,
    Tally,
    UnitFigures,
    VerificationFigures,
)
from generator.findings.finding import Finding, Severity, prose_text
from generator.measures import counting, coverage, deadlines, leads
from generator.measures.leads import Lead
from generator.model import catalog
from generator.model.context import Context, measured_talks
from generator.model.repository import MEASURES_IN_FORCE, Entry, Org, Repository, Talk, Unit
from generator.model.wording import cn_date
from generator.rules import registry as rules
from generator.rules.table import COVERAGE_RULES

FIRST_YEAR = MEASURES_IN_FORCE.year  # Art. 20: the Measures apply from 2026-01-30
NOT_DUE_STATES = ("pending", "due_soon")
VERIFICATION_RESULTS = ("effective", "perfunctory", "false")
NOT_ON_TEAM = "不是本年度领导班子成员"  # the note on a talker who was not in the leadership team that year


# --- which talks, which years -------------------------------------------------------------------------
def talks_of_year(repo: Repository, ctx: Context, committee: str, year: int) -> list[Talk]:
    """The talks counted for ``committee`` in ``year``, in date order."""
    talks = [t for t in measured_talks(repo, ctx) if t.committee == committee and t.date.year == year]
    return sorted(talks, key=lambda t: (t.date, t.id))


def reports_available(repo: Repository, ctx: Context) -> list[tuple[str, int]]:
    """(committee id, year) for every body and every year from 2026 to the as-of year."""
    years = range(FIRST_YEAR, ctx.as_of.year + 1)
    return [(body.id, year) for body in ctx.bodies(repo) for year in years]


def _year_end(year: int, as_of: dt.date) -> dt.date:
    """The last day of the year the report can see."""
    return min(dt.date(year, 12, 31), as_of)


# --- the parts ------------------------------------------------------------------------------------------
def _plan(repo: Repository, ctx: Context, committee: str, year: int) -> PlanFigures:
    plan = repo.plans.get((committee, year))
    if plan is None:
        return PlanFigures(exists=False)
    done = counting.fulfilment(repo, ctx)  # the one judgement of which talks fulfil an item
    fulfilled = [i for i in plan.items if done[(committee, year, i.id)].talk is not None]
    overdue = [i for i in plan.items if done[(committee, year, i.id)].talk is None and i.due < ctx.as_of]
    return PlanFigures(
        exists=True,
        approved_on=plan.approved_on,
        in_responsibility_list=plan.in_responsibility_list,
        basis=tuple(catalog.label(catalog.BASIS, b) for b in plan.basis),
        items=len(plan.items),
        fulfilled=len(fulfilled),
        overdue=len(overdue),
        open=len(plan.items) - len(fulfilled) - len(overdue),
        overdue_items=tuple(f"{repo.org_label(i.org)}（完成时限为{cn_date(i.due)}）" for i in overdue),
    )


def _split(key: str, label: str, talks: Iterable[Talk], note: str = "") -> Split:
    kinds = Counter(t.kind for t in talks)
    return Split(key, label, kinds["periodic"], kinds["timely"], note)


def _talkers(repo: Repository, body: Org, talks: Sequence[Talk], year: int, as_of: dt.date) -> tuple[Split, ...]:
    """Every leadership-team member in the year (Art. 13: each member's share), then other talkers."""
    start, end = max(dt.date(year, 1, 1), MEASURES_IN_FORCE), _year_end(year, as_of)
    roles: dict[str, str] = {}
    for tenure in body.team:  # in the order the body lists its team: secretary first
        if tenure.start <= end and (tenure.end is None or tenure.end >= start):
            roles[tenure.person] = catalog.role_label(tenure.role, body.kind)
    by_person: dict[str, list[Talk]] = {}
    for talk in talks:
        by_person.setdefault(talk.talker, []).append(talk)
    rows = [_split(p, repo.person_name(p), by_person.get(p, ()), role) for p, role in roles.items()]
    others = sorted(p for p in by_person if p not in roles)
    rows += [_split(p, repo.person_name(p), by_person[p], NOT_ON_TEAM) for p in others]
    return tuple(rows)


def _talk_figures(repo: Repository, body: Org, talks: Sequence[Talk], year: int, ctx: Context) -> TalkFigures:
    months = tuple(_split(f"{m:02d}", f"{m}月", [t for t in talks if t.date.month == m]) for m in range(1, 13))
    kinds: dict[str, list[Talk]] = {}
    for talk in talks:
        org = repo.orgs.get(talk.interviewee_org)
        kinds.setdefault(org.kind if org else "", []).append(talk)
    kind_order = list(catalog.ORG_KIND)
    by_kind = tuple(_split(k, catalog.label(catalog.ORG_KIND, k) or "未知", kinds[k])
                    for k in sorted(kinds, key=lambda k: (kind_order.index(k) if k in kind_order else 99, k)))
    timely = [t for t in talks if t.kind == "timely"]
    codes = Counter(code for t in timely for code in dict.fromkeys(tr.unit for tr in t.triggers))
    triggers = tuple(Tally(c, catalog.TRIGGER[c], codes[c]) for c in catalog.TRIGGER)
    unknown = tuple(Tally(c, c, n) for c, n in sorted(codes.items()) if c not in catalog.TRIGGER)
    before = sum(1 for t in repo.talks.values() if t.committee == body.id and t.date.year == year
                 and t.kind in ("periodic", "timely") and not t.in_force and t.date <= ctx.as_of)
    return TalkFigures(
        total=len(talks),
        periodic=sum(1 for t in talks if t.is_periodic),
        timely=len(timely),
        before_measures=before,
        by_month=months,
        by_talker=_talkers(repo, body, talks, year, ctx.as_of),
        by_org_kind=by_kind,
        by_trigger=triggers + unknown,
        timely_without_trigger=sum(1 for t in timely if not t.triggers),
    )


def _remaining(repo: Repository, row: coverage.Row) -> RemainingOrg:
    planned = "、".join(f"已列入年度计划（完成时限为{cn_date(i.due)}）" for i in row.planned)
    return RemainingOrg(row.org.id, row.org.label, catalog.label(catalog.ORG_KIND, row.org.kind), row.state, planned)


def _coverage(repo: Repository, body: Org, year: int, ctx: Context) -> tuple[CoverageFigures, ...]:
    out = []
    for tc in coverage.for_body(repo, body, ctx):
        w = tc.window
        if not (w.start <= dt.date(year, 12, 31) and w.end >= dt.date(year, 1, 1)):
            continue
        out.append(CoverageFigures(
            term=w.term.number, start=w.start, end=w.end, end_recorded=w.end_recorded, ended=tc.ended,
            total=tc.total, covered=tc.covered, leader_changed=tc.count("leader_changed"),
            covered_in_year=sum(1 for r in tc.rows if r.talks_in(year)),
            at_risk=tc.count("at_risk") + tc.count("uncovered"),
            remaining=tuple(_remaining(repo, r) for r in tc.rows if not r.covered),
            name=w.name, estimate_note=w.estimate_note,
        ))
    return tuple(out)


def _units(talks: Sequence[Talk]) -> tuple[UnitFigures, ...]:
    rows = []
    for unit, label in catalog.UNIT.items():
        rows.append(UnitFigures(
            unit, label,
            talks=sum(1 for t in talks if any(p.unit == unit for p in t.participants)),
            participants=sum(1 for t in talks for p in t.participants if p.unit == unit),
            materials=sum(1 for t in talks for m in t.materials_provided if m.unit == unit),
            distributed=sum(1 for t in talks if any(d.unit == unit for d in t.distribution)),
        ))
    return tuple(rows)


def _deadline_figures(what: str, states: Iterable[str]) -> DeadlineFigures:
    counts = Counter(states)
    return DeadlineFigures(what, counts["on_time"], counts["late"], counts["overdue"],
                           sum(counts[s] for s in NOT_DUE_STATES))


def _verification(repo: Repository, talks: Sequence[Talk]) -> VerificationFigures:
    results: Counter[str] = Counter()
    for talk in talks:
        rect = repo.rectifications.get(talk.id)
        result = rect.verification.result if rect and rect.verification else ""
        results[result if result in VERIFICATION_RESULTS else ""] += 1
    return VerificationFigures(results["effective"], results["perfunctory"], results["false"], results[""])


def talk_subject(repo: Repository, talk: Talk) -> str:
    """A talk as report prose names it, without its record id: "海阳县委（2026年3月10日及时谈话）"."""
    kind = catalog.label(catalog.TALK_KIND, talk.kind)
    return f"{repo.org_label(talk.interviewee_org)}（{cn_date(talk.date)}{kind}）"


def _distribution(repo: Repository, talks: Sequence[Talk], ctx: Context) -> DistributionFigures:
    required = ctx.settings.distribution_required
    complete, not_yet_due = 0, 0
    missing_due: list[str] = []
    for talk in talks:
        done = {d.unit for d in talk.distribution}
        missing = [u for u in required if u not in done]
        if not missing:
            complete += 1
        elif deadlines.due_date(talk.date, deadlines.MEASURES_MONTHS, ctx.settings) >= ctx.as_of:
            not_yet_due += 1  # the copy goes out with the measures (see rules.distribution)
        else:
            units = "、".join(catalog.label(catalog.UNIT, u) for u in missing)
            missing_due.append(f"{talk_subject(repo, talk)}：{units}")
    return DistributionFigures(tuple(catalog.label(catalog.UNIT, u) for u in required), complete,
                               tuple(missing_due), not_yet_due)


def _in_scope(f: Finding, repo: Repository, body: Org, year: int, talk_ids: set[str]) -> bool:
    """Whether a finding is about this body's work in this year (and about a record the repository holds)."""
    if f.severity is Severity.INFO:
        return False
    if f.record in talk_ids:
        return True
    if f.record == f"{body.id}-{year}":
        return (body.id, year) in repo.plans
    data = dict(f.data)
    if f.rule == "A5-PLAN-EXISTS" and f.record == body.id:
        return data.get("year") == year
    if f.rule in COVERAGE_RULES:
        return f.record in repo.orgs and repo.orgs[f.record].parent == body.id
    return False


def _problems(findings: Iterable[Finding], repo: Repository, body: Org, year: int,
              talks: Sequence[Talk]) -> tuple[Problem, ...]:
    talk_ids = {t.id for t in talks}
    order = {t.id: i for i, t in enumerate(talks)}
    kept = [f for f in findings if _in_scope(f, repo, body, year, talk_ids)]
    kept.sort(key=lambda f: (f.severity.rank, order.get(f.record, len(order)), f.record, f.rule, f.message))
    return tuple(Problem(f.rule, f.severity.value, f.record, f.article, f.message, _subject(repo, f), prose_text(f))
                 for f in kept)


def _subject(repo: Repository, f: Finding) -> str:
    """What a finding is about, as report prose names it (a talk, a plan, an org), never by its record id."""
    talk = repo.talks.get(f.record)
    if talk is not None:
        return talk_subject(repo, talk)
    plan = next((p for p in repo.plans.values() if p.id == f.record), None)
    if plan is not None:
        return f"{plan.year}年度定期谈话计划"
    return repo.org_label(f.record) if f.record in repo.orgs else ""


def _addressee(repo: Repository, body: Org) -> str:
    """The upper body the report goes to (Art. 13 ¶2): the committee that set up a Party group or work committee
    (``approved_by``), else the body's ``parent``, named as the title names its issuer ("中共东海省委");
    "" when neither is in the records (or in this audience's records)."""
    upper = repo.orgs.get(body.approved_by or body.parent or "")
    if upper is None:
        return ""
    return upper.label if upper.label.startswith("中共") else f"中共{upper.label}"


def _leads(repo: Repository, body: Org, year: int, ctx: Context) -> tuple[Lead, ...]:
    """Art. 17 leads of this body's work in the year: the same leads the site lists (:func:`leads.leads`)."""
    return tuple(x for x in leads.leads(repo, ctx) if x.committee == body.id and year in x.years)


def _contains_confidential(repo: Repository, committee: str, year: int, talks: Sequence[Talk]) -> bool:
    plan = repo.plans.get((committee, year))
    if plan and (plan.confidential or any(i.confidential for i in plan.items)):
        return True
    for talk in talks:
        items: tuple[Unit | Entry, ...] = (*talk.triggers, *talk.participants, *talk.materials_provided,
                                            *talk.steps, *talk.problems, *talk.distribution)
        if talk.confidential or any(i.confidential for i in items):
            return True
        rect = repo.rectifications.get(talk.id)
        if rect and (rect.confidential or any(i.confidential for i in (*rect.measures, *rect.progress))):
            return True
    return False


# --- the secretary's 述职 -----------------------------------------------------------------------------
def _term_sentence(cov: CoverageFigures) -> str:
    """One term's coverage as the secretary reports it: when the term ends, and whom it has not yet reached."""
    when = "已于" if cov.ended else "将于"
    s = (f"{cov.name}{when}{cn_date(cov.end)}届满{cov.estimate_note}，应对{cov.total}个下一级党组织“一把手”"
         f"开展定期谈话，已覆盖{cov.covered}个")
    if not cov.remaining:
        return s + "，实现全覆盖。"
    if cov.ended:
        return s + f"；本届任期内未对其中{len(cov.remaining)}个组织的“一把手”开展定期谈话。"
    risk = f"，其中{cov.at_risk}个存在届满前不能覆盖的风险" if cov.at_risk else ""
    return s + f"，尚有{len(cov.remaining)}个未覆盖{risk}。"


def _statement(repo: Repository, body: Org, year: int, as_of: dt.date, plan: PlanFigures, talks: TalkFigures,
               covers: Sequence[CoverageFigures], measures: DeadlineFigures, status: DeadlineFigures,
               verification: VerificationFigures, leads: Sequence[Lead]) -> Statement:
    """Sentences for the secretary's 述职 (Art. 13 ¶2), in the first person of a 述职, each made from a figure."""
    secretary = body.secretary_on(_year_end(year, as_of)) or ""
    name = repo.person_name(secretary)
    s: list[str] = []
    if plan.exists:
        approved = f"于{cn_date(plan.approved_on)}审定" if plan.approved_on else "已制定（未记录审定日期）"
        listed = "，已纳入全面从严治党主体责任清单" if plan.in_responsibility_list else "，尚未记录纳入主体责任清单"
        s.append(f"{year}年度定期谈话计划{approved}{listed}，共安排定期谈话{plan.items}次，"
                 f"已完成{plan.fulfilled}次，逾期未完成{plan.overdue}次。")
    else:
        s.append(f"未记录{year}年度定期谈话计划。")
    s.append(f"全年开展监督谈话{talks.total}次，其中定期谈话{talks.periodic}次、及时谈话{talks.timely}次。")
    own = next((row for row in talks.by_talker if row.key == secretary), None)
    if own is not None and name:
        s.append(f"本人作为谈话人开展监督谈话{own.total}次，其中定期谈话{own.periodic}次、及时谈话{own.timely}次。")
    idle = [row.label for row in talks.by_talker if row.note != NOT_ON_TEAM and row.total == 0]
    team = sum(1 for row in talks.by_talker if row.note != NOT_ON_TEAM)
    if team:
        s.append(f"领导班子{team}名成员中，{team - len(idle)}人作为谈话人开展了监督谈话"
                 + (f"；{'、'.join(idle)}{len(idle)}名同志本年度未作为谈话人开展谈话。" if idle else "。"))
    s += [_term_sentence(cov) for cov in covers]
    s.append(f"被谈话人按期提交整改措施{measures.on_time}件、逾期提交{measures.late}件、逾期未提交{measures.overdue}件；"
             f"按期报告整改情况{status.on_time}件、逾期报告{status.late}件、逾期未报告{status.overdue}件。")
    s.append(f"经核查，整改到位{verification.effective}件、敷衍整改{verification.perfunctory}件、"
             f"虚假整改{verification.false}件；尚未核查{verification.not_verified}件。")
    if leads:
        s.append(f"发现应当依规依纪追究责任的线索{len(leads)}条（第十七条），已列入本报告。")
    return Statement(secretary, name, tuple(s))


# --- the report --------------------------------------------------------------------------------------------
def build(repo: Repository, ctx: Context, committee: str, year: int, *,
          findings: Iterable[Finding] | None = None,
          narrative: Sequence[NarrativeBlock] = ()) -> AnnualReport:
    """The annual report of ``committee`` for ``year``, as of ``ctx.as_of``.

    ``findings``: the rule findings to list as open problems (default: the rules run on ``repo``).  Only
    findings about this body's work in the year, and about records ``repo`` holds, are kept.
    """
    body = repo.orgs.get(committee)
    bodies = ctx.bodies(repo)
    if body is None or body not in bodies:
        known = "、".join(b.id for b in bodies) or "（无）"
        raise ReportError(f"“{committee}”不是本仓库记录的党委（党组）；可选：{known}")
    if year < FIRST_YEAR:
        raise ReportError(f"《办法》自 {MEASURES_IN_FORCE.isoformat()} 起施行，年度报告从 {FIRST_YEAR} 年起")
    if year > ctx.as_of.year:
        raise ReportError(f"截至{cn_date(ctx.as_of)}，{year}年尚未开始；请检查 --year 或 --as-of")
    talks = talks_of_year(repo, ctx, committee, year)
    found = rules.run(repo, ctx) if findings is None else findings
    plan = _plan(repo, ctx, committee, year)
    talk_figures = _talk_figures(repo, body, talks, year, ctx)
    covers = _coverage(repo, body, year, ctx)
    rect = [deadlines.for_talk(t, repo.rectifications.get(t.id), ctx.as_of, ctx.settings) for t in talks]
    measures = _deadline_figures("measures", (d.measures.state for d in rect))
    status = _deadline_figures("status", (d.status.state for d in rect))
    verification = _verification(repo, talks)
    found_leads = _leads(repo, body, year, ctx)
    return AnnualReport(
        committee=body.id,
        committee_name=body.name,
        committee_label=body.label,
        addressee=_addressee(repo, body),
        year=year,
        as_of=ctx.as_of,
        repository_name=ctx.settings.repository_name,
        sample_data=ctx.settings.sample_data,
        contains_confidential=_contains_confidential(repo, committee, year, talks),
        plan=plan,
        talks=talk_figures,
        coverage=covers,
        units=_units(talks),
        measures=measures,
        status=status,
        verification=verification,
        distribution=_distribution(repo, talks, ctx),
        problems=_problems(found, repo, body, year, talks),
        leads=found_leads,
        statement=_statement(repo, body, year, ctx.as_of, plan, talk_figures, covers, measures, status,
                             verification, found_leads),
        narrative=tuple(narrative),
        talk_lines=tuple(TalkLine(t.id, t.date, catalog.label(catalog.TALK_KIND, t.kind),
                                  repo.org_label(t.interviewee_org), repo.person_name(t.talker)) for t in talks),
    )
