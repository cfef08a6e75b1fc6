"""An :class:`~generator.annual.report.AnnualReport` as one outline, shared by every output format.

:func:`outline` gives the numbered sections 一、二、三… holding paragraphs, tables, charts and lists, so the
Markdown page and the printable HTML (:mod:`generator.annual.render`) and the Word file
(:mod:`generator.annual.word`) always show the same figures in the same order.  The outline holds plain text;
each renderer escapes it for where it goes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.annual import charts
from generator.annual import report as annual
from generator.model import catalog
from generator.model.wording import cn_date

NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")
LEAD_KIND = {
    "untruthful": "被谈话人不如实报告情况（第十七条第二项）",
    "perfunctory": f"{catalog.VERIFICATION['perfunctory']}（第十七条第三项）",
    "false": f"{catalog.VERIFICATION['false']}（第十七条第三项）",
    "measures_overdue": "整改措施逾期未提交（第十七条第三项）",
    "status_overdue": "整改情况报告逾期未提交（第十七条第三项）",
    "uncovered": "任期结束时未覆盖（第十七条第一项）",
}
DEADLINE_WHAT = {"measures": "整改措施（谈话后1个月内）", "status": "整改情况报告（谈话后3个月内）"}


# --- the outline -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Para:
    """A paragraph; ``heading``: a second-level heading （一）…; ``note``: a small explanatory line."""

    text: str
    heading: bool = False
    note: bool = False


@dataclass(frozen=True)
class Table:
    """A bordered table; ``numeric`` marks the columns that hold figures (right-aligned)."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    nowrap: tuple[int, ...] = ()  # columns of ids and dates, kept on one line
    talks: tuple[str, ...] = ()  # per row, the talk it lists ("" for none): the site links the row's date to it


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart (shown on the site and in HTML; the Word file has the same figures as a table)."""

    svg: str


@dataclass(frozen=True)
class Items:
    """A list."""

    items: tuple[str, ...]


Block = Para | Table | Chart | Items


@dataclass(frozen=True)
class Section:
    """A numbered section: ``一、年度计划制定情况``."""

    title: str
    blocks: tuple[Block, ...]


def _n(value: int) -> str:
    return str(value)


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "—"


def _date(day: dt.date | None) -> str:
    return cn_date(day)


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1,
           nowrap: tuple[int, ...] = ()) -> Table:
    """A table whose columns from ``numeric_from`` on are figures."""
    return Table(caption, tuple(head), tuple(tuple(r) for r in rows),
                 tuple(i >= numeric_from for i in range(len(head))), nowrap)


def _split_rows(rows: Sequence[annual.Split]) -> list[charts.Row]:
    return [charts.Row(r.label, (r.periodic, r.timely)) for r in rows]


KINDS = (catalog.TALK_KIND["periodic"], catalog.TALK_KIND["timely"])


def _plan_section(r: annual.AnnualReport) -> tuple[Block, ...]:
    p = r.plan
    if not p.exists:
        return (Para(f"未记录{r.year}年度定期谈话计划（第五条第二款）。"),)
    listed = {True: "是", False: "否", None: "未记录"}[p.in_responsibility_list]
    text = (f"{r.committee_label}{r.year}年度开展定期谈话的年度计划于{_date(p.approved_on)}审定，"
            f"共安排定期谈话{p.items}次；截至{_date(r.as_of)}，已完成{p.fulfilled}次，逾期未完成{p.overdue}次，"
            f"尚未到期{p.open}次。")
    blocks: list[Block] = [Para(text), _table("年度计划情况", ("项目", "情况"), (
        ("计划审定日期", _date(p.approved_on)),
        ("纳入全面从严治党主体责任清单（第十三条第一款）", listed),
        ("制定依据", "、".join(p.basis) or "未记录"),
        ("计划定期谈话（次）", _n(p.items)),
        ("已完成（次）", _n(p.fulfilled)),
        ("逾期未完成（次）", _n(p.overdue)),
        ("尚未到期（次）", _n(p.open)),
    ), numeric_from=2)]
    if p.overdue_items:
        blocks += [Para("逾期未完成的定期谈话安排："), Items(p.overdue_items)]
    return tuple(blocks)


def _months_shown(r: annual.AnnualReport) -> int:
    """Months of the year the records can speak for (up to the as-of month in the current year)."""
    return r.as_of.month if r.as_of.year == r.year else 12


def _talks_section(r: annual.AnnualReport) -> tuple[Block, ...]:
    t = r.talks
    cid = f"{r.committee}-{r.year}"
    text = f"{r.year}年共开展监督谈话{t.total}次，其中定期谈话{t.periodic}次、及时谈话{t.timely}次。"
    if t.before_measures:
        text += f"另有{t.before_measures}次谈话早于《办法》施行日（2026年1月30日），未计入。"
    months = t.by_month[: _months_shown(r)]
    cumulative: list[tuple[str, list[int]]] = [("累计谈话", []), ("累计定期谈话", [])]
    total = periodic = 0
    for m in months:
        total, periodic = total + m.total, periodic + m.periodic
        cumulative[0][1].append(total)
        cumulative[1][1].append(periodic)
    blocks: list[Block] = [
        Para(text),
        Para("（一）按月份", heading=True),
        Chart(charts.columns(f"{r.year}年各月谈话次数", _split_rows(months), KINDS, chart_id=f"{cid}-months")),
        Chart(charts.line(f"{r.year}年累计谈话次数", [m.label for m in months], cumulative,
                          chart_id=f"{cid}-cumulative")),
        _table("各月谈话次数", ("月份", *KINDS, "合计"),
               [(m.label, _n(m.periodic), _n(m.timely), _n(m.total)) for m in t.by_month]
               + [("合计", _n(t.periodic), _n(t.timely), _n(t.total))]),
        Para("（二）按谈话人（领导班子成员分工，第七条、第十三条）", heading=True),
        Chart(charts.hbar("各谈话人谈话次数", _split_rows(t.by_talker), KINDS, chart_id=f"{cid}-talkers")),
        _table("各谈话人谈话次数", ("谈话人", "职务", *KINDS, "合计", "占全部谈话"),
               [(s.label, s.note, _n(s.periodic), _n(s.timely), _n(s.total), _pct(s.total, t.total))
                for s in t.by_talker], numeric_from=2),
        Para("（三）按被谈话人所在组织类别", heading=True),
        Chart(charts.hbar("按被谈话人所在组织类别", _split_rows(t.by_org_kind), KINDS, chart_id=f"{cid}-kinds")),
        _table("按被谈话人所在组织类别", ("组织类别", *KINDS, "合计"),
               [(s.label, _n(s.periodic), _n(s.timely), _n(s.total)) for s in t.by_org_kind]),
        Para("（四）及时谈话的情形（第五条第三款）", heading=True),
        Chart(charts.hbar("及时谈话情形", [charts.Row(x.label, (x.value,)) for x in t.by_trigger], ("次数",),
                          chart_id=f"{cid}-triggers")),
        _table("及时谈话情形", ("情形", "谈话次数"), [(x.label, _n(x.value)) for x in t.by_trigger]),
        Para("一次及时谈话可以同时具有几种情形，各情形次数之和可能大于及时谈话次数。"
             + (f"有{t.timely_without_trigger}次及时谈话未写明情形。" if t.timely_without_trigger else ""),
             note=True),
    ]
    return tuple(blocks)


def _coverage_section(r: annual.AnnualReport) -> tuple[Block, ...]:
    if not r.coverage:
        return (Para(f"{r.year}年没有需要统计全覆盖情况的任期（未记录届次）。"),)
    blocks: list[Block] = []
    for c in r.coverage:
        state = "已届满" if c.ended else "尚未届满"
        blocks.append(Para(
            f"{c.name or f'第{c.term}届任期'}自{_date(c.start)}至{_date(c.end)}{c.estimate_note}，{state}。"
            f"截至{_date(r.as_of)}，"
            f"应覆盖的下一级党组织“一把手”{c.total}个，已覆盖{c.covered}个（{c.percent:.0f}%），"
            f"尚未覆盖{len(c.remaining)}个，其中有风险或未覆盖{c.at_risk}个。"))
        blocks.append(Chart(charts.hbar(
            f"第{c.term}届任期全覆盖进展",
            [charts.Row("已覆盖", (c.covered,)), charts.Row("尚未覆盖", (len(c.remaining),)),
             charts.Row("其中有风险或未覆盖", (c.at_risk,))], ("组织数",),
            chart_id=f"{r.committee}-{r.year}-coverage-{c.term}")))
        blocks.append(_table(f"第{c.term}届任期全覆盖进展", ("项目", "个数"), (
            ("应覆盖", _n(c.total)),
            ("已覆盖", _n(c.covered)),
            ("其中：“一把手”已调整、尚未与新任谈话", _n(c.leader_changed)),
            (f"{r.year}年定期谈话涉及", _n(c.covered_in_year)),
            ("尚未覆盖", _n(len(c.remaining))),
            ("其中：有风险或任期结束未覆盖", _n(c.at_risk)),
        )))
        if c.remaining:
            blocks.append(_table(f"第{c.term}届任期尚未覆盖的组织", ("组织", "类别", "状态", "计划安排"),
                                 [(x.label, x.kind, catalog.label(catalog.COVERAGE_STATE, x.state),
                                   x.planned or "未列入计划") for x in c.remaining], numeric_from=99))
    return tuple(blocks)


def _units_section(r: annual.AnnualReport) -> tuple[Block, ...]:
    used = [u for u in r.units if u.talks or u.materials or u.distributed]
    return (
        Para(f"纪律检查机关、组织（人事）部门、宣传部门、巡视巡察机构、审计机关等单位参与{r.year}年谈话和提供材料的情况如下。"),
        Chart(charts.hbar("各单位参与谈话和提供材料", [charts.Row(u.label, (u.talks, u.materials)) for u in used],
                          ("派员参加谈话（次）", "提供材料（份）"), chart_id=f"{r.committee}-{r.year}-units",
                          stacked=False)),
        _table("各单位参与谈话和提供材料", ("单位", "派员参加谈话（次）", "参加人员（人次）", "提供材料（份）"),
               [(u.label, _n(u.talks), _n(u.participants), _n(u.materials)) for u in r.units]),
    )


def _deadline_row(d: annual.DeadlineFigures) -> tuple[str, ...]:
    return (DEADLINE_WHAT[d.what], _n(d.on_time), _n(d.late), _n(d.overdue), _n(d.not_due), _n(d.total))


def _rectification_section(r: annual.AnnualReport) -> tuple[Block, ...]:
    m, s, v = r.measures, r.status, r.verification
    verified = v.effective + v.perfunctory + v.false
    cid = f"{r.committee}-{r.year}"
    return (
        Para(f"截至{_date(r.as_of)}，{r.year}年{m.total}次谈话的整改措施按期提交{m.on_time}件、逾期提交{m.late}件、"
             f"逾期未提交{m.overdue}件、尚未到期{m.not_due}件；整改情况报告按期报告{s.on_time}件、逾期报告{s.late}件、"
             f"逾期未报告{s.overdue}件、尚未到期{s.not_due}件。"),
        Chart(charts.hbar("整改时限落实情况",
                          [charts.Row("整改措施", (m.on_time, m.late, m.overdue, m.not_due)),
                           charts.Row("整改情况报告", (s.on_time, s.late, s.overdue, s.not_due))],
                          ("按期", "逾期提交", "逾期未提交", "未到期"), chart_id=f"{cid}-deadlines")),
        _table("整改时限落实情况（第十一条）", ("事项", "按期", "逾期提交", "逾期未提交", "未到期", "合计"),
               [_deadline_row(m), _deadline_row(s)]),
        Para(f"已核查整改{verified}件：整改到位{v.effective}件、敷衍整改{v.perfunctory}件、虚假整改{v.false}件；"
             f"尚未核查{v.not_verified}件。"),
        Chart(charts.hbar("整改核查结果",
                          [charts.Row(catalog.VERIFICATION[k], (n,)) for k, n in
                           (("effective", v.effective), ("perfunctory", v.perfunctory), ("false", v.false))]
                          + [charts.Row("尚未核查", (v.not_verified,))], ("件数",),
                          chart_id=f"{cid}-verification")),
        _table("整改核查结果", ("核查结果", "件数"), (
            (catalog.VERIFICATION["effective"], _n(v.effective)),
            (catalog.VERIFICATION["perfunctory"], _n(v.perfunctory)),
            (catalog.VERIFICATION["false"], _n(v.false)),
            ("尚未核查", _n(v.not_verified)),
        )),
    )


def _distribution_section(r: annual.AnnualReport) -> tuple[Block, ...]:
    d = r.distribution
    blocks: list[Block] = [
        Para(f"按规定应抄送{('、'.join(d.required)) or '（未设置）'}。{r.year}年{d.total}次谈话中，"
             f"已全部抄送{d.complete}次，应抄送未抄送{len(d.missing_due)}次，整改措施尚未到期、暂未抄送{d.not_yet_due}次。"),
        _table("材料抄送情况（第十二条）", ("项目", "次数"), (
            ("已抄送全部规定单位", _n(d.complete)),
            ("应抄送而未抄送", _n(len(d.missing_due))),
            ("尚未到抄送时间", _n(d.not_yet_due)),
        )),
        _table("各单位收到抄送的谈话次数", ("单位", "次数"), [(u.label, _n(u.distributed)) for u in r.units]),
    ]
    if d.missing_due:
        blocks += [Para("应抄送而未抄送的谈话："), Items(d.missing_due)]
    return tuple(blocks)


def _problems_section(r: annual.AnnualReport) -> tuple[Block, ...]:
    blocks: list[Block] = [Para("（一）检查发现的问题", heading=True)]
    if r.problems:
        blocks.append(Para(f"截至{_date(r.as_of)}，记录检查发现与本年度谈话工作有关的问题{len(r.problems)}项"
                           f"（错误{sum(1 for p in r.problems if p.severity == 'error')}项）。"))
        blocks.append(_table("检查发现的问题", ("级别", "事项", "问题", "依据"),
                             [(catalog.label(catalog.SEVERITY, p.severity), p.subject, p.text or p.message,
                               p.article or "记录格式") for p in r.problems],
                             numeric_from=99, nowrap=(0,)))
    else:
        blocks.append(Para("记录检查未发现与本年度谈话工作有关的问题。"))
    blocks.append(Para("（二）问责线索（第十七条）", heading=True))
    if r.leads:
        blocks.append(_table("问责线索", ("类别", "组织", "日期", "情况"),
                             [(LEAD_KIND.get(x.kind, x.kind), x.org, _date(x.on) if x.on else "", x.detail)
                              for x in r.leads], numeric_from=99, nowrap=(2,)))
    else:
        blocks.append(Para("未发现问责线索。"))
    return tuple(blocks)


def _statement_section(r: annual.AnnualReport) -> tuple[Block, ...]:
    who = f"供{r.statement.secretary_name}同志在年度述职中使用" if r.statement.secretary_name else "供书记年度述职使用"
    return (Para(f"{who}（第十三条第二款），以下内容由记录自动生成："),
            *(Para(f"{i}. {s}") for i, s in enumerate(r.statement.sentences, 1)))


def _appendix(r: annual.AnnualReport) -> tuple[Block, ...]:
    """The annex: the talks counted, numbered, each with its record id — the one place the report names record
    ids (the body speaks of talks by org and date), so that the office and whoever checks the report can find
    each counted talk among the records."""
    if not r.talk_lines:
        return (Para("本年度没有计入的谈话。"),)
    table = _table("计入本报告的谈话", ("序号", "记录编号", "日期", "类别", "被谈话人所在组织", "谈话人"),
                   [(str(i), t.id, _date(t.date), t.kind, t.org, t.talker) for i, t in enumerate(r.talk_lines, 1)],
                   numeric_from=99, nowrap=(0, 1, 2))
    return (dataclasses.replace(table, talks=tuple(t.id for t in r.talk_lines)),)


def preamble(r: annual.AnnualReport) -> tuple[str, ...]:
    """The lines under the title: data source, as-of date, sample and confidentiality notes."""
    lines = [f"本报告依据“{r.repository_name}”中截至{_date(r.as_of)}的记录自动统计生成，数字不得手工改动；"
             f"统计口径：{r.year}年内、《办法》施行后开展的定期谈话和及时谈话。"]
    if r.sample_data:
        lines.append("示例数据：地名、人名、机构和事项均为虚构。")
    if r.contains_confidential:
        lines.append("本报告的统计包含标注保密的记录和内容（第十六条），仅供办公厅（室）使用，按保密要求管理。")
    return tuple(lines)


def outline(r: annual.AnnualReport) -> tuple[Section, ...]:
    """The report's numbered sections, shared by every output format."""
    parts: list[tuple[str, tuple[Block, ...]]] = []
    if r.narrative:
        parts.append(("总体情况", tuple(Para(b.text, heading=b.heading) for b in r.narrative)))
    parts += [
        ("年度计划制定情况", _plan_section(r)),
        ("监督谈话开展情况", _talks_section(r)),
        ("任期内全覆盖进展", _coverage_section(r)),
        ("有关单位配合情况（第六条）", _units_section(r)),
        ("整改落实情况（第十一条）", _rectification_section(r)),
        ("材料留存和抄送情况（第十二条）", _distribution_section(r)),
        ("存在的问题和问责线索", _problems_section(r)),
        ("书记述职有关内容", _statement_section(r)),
        ("附：统计的谈话清单", _appendix(r)),
    ]
    return tuple(Section(f"{NUMERALS[i]}、{title}" if not title.startswith("附") else title, blocks)
                 for i, (title, blocks) in enumerate(parts))
