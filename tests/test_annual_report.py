"""Annual reports (Art. 13 ¶2, A13-ANNUAL-REPORT): figures recounted independently from the YAML files,
escaping, audiences, CLI.

The recount below reads the sample records with ``yaml.safe_load`` and counts by itself; it never calls
``generator.annual.figures``, so a figure the report gets wrong cannot also be wrong here for the same reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import markdown
import pytest
import yaml

from generator.annual import charts
from generator.annual import figures as annual
from generator.annual import render as report_render
from generator.annual.narrative import read_narrative
from generator.annual.report import AnnualReport, NarrativeBlock
from generator.cli.app import main
from generator.engine.checker import check
from generator.findings import finding as F
from generator.load import layout
from generator.model.audience import without_confidential

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = dt.date(2026, 11, 27)
BODY, YEAR = "shanhai-sw", 2026
CANARY = "CANARY-机密-7731"
IN_FORCE = "2026-01-30"


# --- the independent recount -----------------------------------------------------------------------------
def _load(folder: Path) -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _open(items: list[dict[str, Any]] | None, open_only: bool) -> list[dict[str, Any]]:
    return [i for i in items or [] if not (open_only and i.get("confidential"))]


@dataclass
class Recount:
    """What the 2026 report of shanhai-sw must say, counted straight from the files."""

    talks: list[dict[str, Any]] = field(default_factory=list)
    months: Counter[tuple[int, str]] = field(default_factory=Counter)
    talkers: Counter[tuple[str, str]] = field(default_factory=Counter)
    org_kinds: Counter[tuple[str, str]] = field(default_factory=Counter)
    triggers: Counter[str] = field(default_factory=Counter)
    without_trigger: int = 0
    plan: dict[str, Any] = field(default_factory=dict)
    fulfilled: int = 0
    plan_overdue: int = 0
    covered: set[str] = field(default_factory=set)
    remaining: set[str] = field(default_factory=set)
    at_risk: set[str] = field(default_factory=set)
    participants_talks: Counter[str] = field(default_factory=Counter)
    participants: Counter[str] = field(default_factory=Counter)
    materials: Counter[str] = field(default_factory=Counter)
    distributed: Counter[str] = field(default_factory=Counter)
    measures: Counter[str] = field(default_factory=Counter)
    status: Counter[str] = field(default_factory=Counter)
    verification: Counter[str] = field(default_factory=Counter)
    distribution_complete: int = 0
    distribution_missing: set[str] = field(default_factory=set)
    distribution_not_due: int = 0
    leads: Counter[str] = field(default_factory=Counter)


def _holds(tenures: list[dict[str, Any]], person: str, day: str, role: str = "") -> bool:
    return any(t["person"] == person and t["from"] <= day <= (t["to"] or "9999") and (not role or t["role"] == role)
               for t in tenures)


def _talk_counts(t: dict[str, Any], orgs: dict[str, Any]) -> bool:
    """Independently of measures.counting: a periodic talk counts when Art. 2/5/7 hold (not judged before Art. 20)."""
    if t["date"] < IN_FORCE:
        return True
    org, body, day = orgs[t["interviewee_org"]], orgs[t["committee"]], t["date"]
    leaders = [x for x in org["leaders"] if x["from"] <= day <= (x["to"] or "9999")]
    leader = max(leaders, key=lambda x: x["from"])["person"] if leaders else None
    secretary_only = org["kind"] in ("municipal_committee", "county_committee", "township_committee",
                                     "subdistrict_committee")
    return (org.get("parent") == t["committee"] and org.get("in_scope", True) and leader == t["interviewee"]
            and _holds(body["leadership_team"], t["talker"], day)
            and (not secretary_only or _holds(body["leadership_team"], t["talker"], day, "secretary")))


def recount(records: Path, as_of: dt.date, *, open_only: bool = False) -> Recount:
    """Count the report's figures from the YAML files (``open_only``: as a narrower audience sees them)."""
    settings = yaml.safe_load((records / "settings.yaml").read_text(encoding="utf-8")) or {}
    assert settings.get("deadline_rollover", False) is False  # the recount does not know holidays
    assert settings.get("leader_change_counts_as", "covered") == "covered"
    orgs = {o["id"]: o for o in _load(records / "orgs")}
    talks_all = [t for folder in sorted((records / "talks").iterdir()) for t in _load(folder)]
    rects = {r["talk"]: r for r in _load(records / "rectifications")}
    plan = yaml.safe_load((records / "plans" / BODY / f"{YEAR}.yaml").read_text(encoding="utf-8"))
    out = Recount(plan=plan)
    iso = as_of.isoformat()
    out.talks = sorted((t for t in talks_all
                        if t["committee"] == BODY and t["date"].startswith(f"{YEAR}-") and IN_FORCE <= t["date"] <= iso
                        and t["kind"] in ("periodic", "timely") and not (open_only and t.get("confidential"))),
                       key=lambda t: (t["date"], t["id"]))
    required = settings.get("distribution_required", ["discipline", "organization"])
    for t in out.talks:
        day = dt.date.fromisoformat(t["date"])
        out.months[(day.month, t["kind"])] += 1
        out.talkers[(t["talker"], t["kind"])] += 1
        out.org_kinds[(orgs[t["interviewee_org"]]["kind"], t["kind"])] += 1
        if t["kind"] == "timely":
            codes = {tr["code"] for tr in _open(t.get("triggers"), open_only)}
            out.triggers.update(codes)
            out.without_trigger += not codes
        for p in _open(t.get("participants"), open_only):
            out.participants[p["unit"]] += 1
        out.participants_talks.update({p["unit"] for p in _open(t.get("participants"), open_only)})
        out.materials.update(m["unit"] for m in _open(t.get("materials_provided"), open_only))
        copied = {d["unit"] for d in _open(t.get("distribution"), open_only)}
        out.distributed.update(copied)
        rect = rects.get(t["id"])
        if rect is not None and open_only and rect.get("confidential"):
            rect = None
        for what, key, months in (("measures", "measures_submitted_on", 1), ("status", "status_report_on", 3)):
            due = _add_months(day, months)
            on = (rect or {}).get(key)
            if on:
                state = "on_time" if dt.date.fromisoformat(on) <= due else "late"
            else:
                state = "overdue" if as_of > due else "not_due"
            getattr(out, what)[state] += 1
            out.leads[f"{what}_overdue"] += state == "overdue"
        result = ((rect or {}).get("verification") or {}).get("result", "")
        out.verification[result] += 1
        out.leads[result] += result in ("perfunctory", "false")
        out.leads["untruthful"] += "untruthful" in t
        if all(u in copied for u in required):
            out.distribution_complete += 1
        elif _add_months(day, 1) < as_of:
            out.distribution_missing.add(t["id"])
        else:
            out.distribution_not_due += 1
    done = {t["plan_item"] for t in talks_all if t["committee"] == BODY and t["kind"] == "periodic"
            and t["date"].startswith(f"{YEAR}-") and t["date"] <= iso and _talk_counts(t, orgs)}
    out.fulfilled = sum(1 for i in plan["items"] if i["id"] in done)
    out.plan_overdue = sum(1 for i in plan["items"] if i["id"] not in done and i["due"] < iso)
    # coverage in the body's current term (the sample's term has no recorded end)
    (term,) = orgs[BODY]["terms"]
    start = dt.date.fromisoformat(term["start"])
    end = (dt.date.fromisoformat(term["end"]) if term["end"]
           else start.replace(year=start.year + settings.get("term_years", 5)) - dt.timedelta(days=1))
    # planned: an item not yet fulfilled whose due date is still ahead, within the term
    planned = {i["org"] for path in (records / "plans" / BODY).glob("*.yaml")
               for i in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
               if start.year <= int(path.stem) <= end.year and i["id"] not in done
               and iso <= i["due"] <= end.isoformat()}
    periodic_orgs = {t["interviewee_org"] for t in talks_all if t["committee"] == BODY and t["kind"] == "periodic"
                     and start.isoformat() <= t["date"] <= min(iso, end.isoformat()) and _talk_counts(t, orgs)}
    for org in orgs.values():
        if org.get("parent") != BODY or org.get("in_scope") is False:
            continue
        if org.get("established_on", "") > iso or org.get("dissolved_on", "9999") < start.isoformat():
            continue
        if org["id"] in periodic_orgs:
            out.covered.add(org["id"])
        elif not org.get("dissolved_on", "9999") < iso:
            out.remaining.add(org["id"])
            months_left = settings.get("coverage_risk_months", 6)
            if org["id"] not in planned and _add_months(as_of, months_left) > end:
                out.at_risk.add(org["id"])
    return out


@pytest.fixture(scope="module")
def sample() -> Any:
    return check(RECORDS, AS_OF)


@pytest.fixture(scope="module")
def report(sample: Any) -> AnnualReport:
    return annual.build(sample.repository, sample.context, BODY, YEAR, findings=sample.findings)


def _check_figures(rep: AnnualReport, want: Recount) -> None:
    t = rep.talks
    assert [x.id for x in rep.talk_lines] == [x["id"] for x in want.talks]
    assert (t.total, t.periodic, t.timely) == (
        len(want.talks), sum(1 for x in want.talks if x["kind"] == "periodic"),
        sum(1 for x in want.talks if x["kind"] == "timely"))
    assert [(m.periodic, m.timely) for m in t.by_month] == [
        (want.months[(m, "periodic")], want.months[(m, "timely")]) for m in range(1, 13)]
    talked = {row.key: (row.periodic, row.timely) for row in t.by_talker if row.total}
    assert talked == {p: (want.talkers[(p, "periodic")], want.talkers[(p, "timely")]) for p, _ in want.talkers}
    assert {row.key: (row.periodic, row.timely) for row in t.by_org_kind} == {
        k: (want.org_kinds[(k, "periodic")], want.org_kinds[(k, "timely")]) for k, _ in want.org_kinds}
    assert {x.key: x.value for x in t.by_trigger if x.value} == dict(want.triggers)
    assert t.timely_without_trigger == want.without_trigger
    p = rep.plan
    assert p.approved_on == dt.date.fromisoformat(want.plan["approved_on"])
    assert p.in_responsibility_list is want.plan["in_responsibility_list"]
    assert (p.items, p.fulfilled, p.overdue) == (len(want.plan["items"]), want.fulfilled, want.plan_overdue)
    (cov,) = rep.coverage
    assert cov.total == len(want.covered) + len(want.remaining)
    assert cov.covered == len(want.covered)
    assert {x.org for x in cov.remaining} == want.remaining
    assert {x.org for x in cov.remaining if x.state in ("at_risk", "uncovered")} == want.at_risk
    units = {u.unit: u for u in rep.units}
    for unit in set(want.participants) | set(want.materials) | set(want.distributed) | set(units):
        u = units[unit]
        assert (u.talks, u.participants, u.materials, u.distributed) == (
            want.participants_talks[unit], want.participants[unit], want.materials[unit], want.distributed[unit]), unit
    for got, counted in ((rep.measures, want.measures), (rep.status, want.status)):
        assert (got.on_time, got.late, got.overdue, got.not_due) == (
            counted["on_time"], counted["late"], counted["overdue"], counted["not_due"]), got.what
    v = rep.verification
    assert (v.effective, v.perfunctory, v.false) == (
        want.verification["effective"], want.verification["perfunctory"], want.verification["false"])
    assert v.not_verified == len(want.talks) - v.effective - v.perfunctory - v.false
    d = rep.distribution
    assert d.complete == want.distribution_complete
    # the report names a talk by its org, date and kind, never by its record id
    named = {t.id: f"{t.org}（{t.date.year}年{t.date.month}月{t.date.day}日{t.kind}）" for t in rep.talk_lines}
    assert {x.split("：")[0] for x in d.missing_due} == {named[i] for i in want.distribution_missing}
    assert d.not_yet_due == want.distribution_not_due
    assert Counter(x.kind for x in rep.leads) == +want.leads


def test_sample_report_figures_match_an_independent_recount(report: AnnualReport) -> None:
    _check_figures(report, recount(RECORDS, AS_OF))


def test_recount_sees_what_expected_md_describes() -> None:
    """Guards the recount itself against counting nothing: the sample's documented facts."""
    want = recount(RECORDS, AS_OF)
    assert len(want.talks) >= 20 and want.months[(1, "timely")] >= 1  # 002 is dated 2026-01-30, 001 is not counted
    assert "shanhai-2026-001" not in {t["id"] for t in want.talks}
    assert {"xinqu-dgw"} <= want.at_risk and "shanhai-jw" not in want.remaining | want.covered
    assert want.leads["perfunctory"] and want.leads["false"] and want.leads["untruthful"]


def test_summary_audience_recounts_without_confidential_records(sample: Any) -> None:
    filtered = without_confidential(sample.repository)
    rep = annual.build(filtered, sample.context, BODY, YEAR)
    _check_figures(rep, recount(RECORDS, AS_OF, open_only=True))
    assert not rep.contains_confidential
    full = annual.build(sample.repository, sample.context, BODY, YEAR, findings=sample.findings)
    assert full.contains_confidential
    assert full.talks.total == rep.talks.total + 1  # talk 017 is confidential as a whole


def test_findings_about_left_out_records_do_not_reach_a_filtered_report(sample: Any) -> None:
    leak = F.make("A10-RECORD", "talks/2026/shanhai-2026-017.yaml", record="shanhai-2026-017")
    findings = [*sample.findings, leak]
    full = annual.build(sample.repository, sample.context, BODY, YEAR, findings=findings)
    assert "shanhai-2026-017" in {p.record for p in full.problems}
    filtered = annual.build(without_confidential(sample.repository), sample.context, BODY, YEAR,
                            findings=findings)
    assert "shanhai-2026-017" not in {p.record for p in filtered.problems}
    page = report_render.to_markdown(filtered) + report_render.to_html(filtered)
    assert "shanhai-2026-017" not in page and CANARY not in page


def test_open_problems_are_this_bodys_findings_for_the_year(report: AnnualReport, sample: Any) -> None:
    records = {p.record for p in report.problems}
    assert {"shanhai-2026-004", "shanhai-2026-020", "shanhai-sw-2026", "xinqu-dgw", "nanhu-xw"} <= records
    assert "shanhai-2026-001" not in records  # before the Measures: an info finding, not a problem
    expected = {f.record for f in sample.findings if f.severity is not F.Severity.INFO}
    assert records == expected  # the sample's only other body, donghai-sw, has no findings


def test_secretary_section_is_written_from_the_figures(report: AnnualReport) -> None:
    st = report.statement
    assert st.secretary == "zhao-gang" and st.secretary_name == "赵刚"
    text = "".join(st.sentences)
    t = report.talks
    assert f"全年开展监督谈话{t.total}次，其中定期谈话{t.periodic}次、及时谈话{t.timely}次。" in text
    own = next(r for r in t.by_talker if r.key == "zhao-gang")
    assert f"本人作为谈话人开展监督谈话{own.total}次，其中定期谈话{own.periodic}次、及时谈话{own.timely}次。" in text
    assert f"虚假整改{report.verification.false}件" in text


def test_talker_table_lists_every_team_member_and_flags_outsiders(report: AnnualReport) -> None:
    rows = {r.key: r for r in report.talks.by_talker}
    assert rows["zhao-gang"].note == "书记"
    assert rows["sun-wei"].note == annual.NOT_ON_TEAM  # left the team 2025-06-30 but held talk 005
    assert report.talks.by_talker[0].key == "zhao-gang"  # the secretary first, as the body lists its team


def test_reports_available_lists_every_body_and_year(sample: Any) -> None:
    assert annual.reports_available(sample.repository, sample.context) == [("donghai-sw", 2026), (BODY, 2026)]
    later = type(sample.context)(dt.date(2028, 1, 5), sample.context.settings)
    assert annual.reports_available(sample.repository, later) == [
        ("donghai-sw", 2026), ("donghai-sw", 2027), ("donghai-sw", 2028), (BODY, 2026), (BODY, 2027), (BODY, 2028)]


def test_report_for_a_year_without_talks_or_plan(sample: Any) -> None:
    ctx = type(sample.context)(dt.date(2027, 3, 1), sample.context.settings)
    rep = annual.build(sample.repository, ctx, BODY, 2027)
    assert rep.talks.total == 0 and not rep.plan.exists
    assert "未记录2027年度定期谈话计划" in report_render.to_html(rep)


# --- the office's narrative -------------------------------------------------------------------------------
NASTY = """# 总体情况 <img src=x onerror=alert(1)>

今年市委<script>alert(1)</script>坚持**从严**要求，
[点这里](javascript:alert(1)) {: onclick="steal()" }

| 表格 | 注入 |
"""


@pytest.fixture()
def records_with_narrative(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    shutil.copytree(RECORDS, folder)
    path = folder / "reports" / BODY / f"{YEAR}.md"
    path.parent.mkdir(parents=True)
    path.write_text(NASTY, encoding="utf-8")
    return folder


def test_the_narrative_file_is_not_a_record(records_with_narrative: Path) -> None:
    assert layout.is_ignored(PurePosixPath(f"reports/{BODY}/{YEAR}.md"))
    assert check(records_with_narrative, AS_OF).findings == check(RECORDS, AS_OF).findings


def test_narrative_is_merged_as_escaped_text(records_with_narrative: Path) -> None:
    result = check(records_with_narrative, AS_OF)
    narrative = read_narrative(records_with_narrative, BODY, YEAR)
    assert narrative[0] == NarrativeBlock("总体情况 <img src=x onerror=alert(1)>", heading=True)
    assert narrative[1].text.startswith("今年市委<script>alert(1)</script>坚持**从严**要求，[点这里]")
    rep = annual.build(result.repository, result.context, BODY, YEAR, narrative=narrative)
    page = report_render.to_markdown(rep)
    rendered = markdown.markdown(page, extensions=["tables", "toc", "attr_list", "md_in_html", "admonition",
                                                   "pymdownx.superfences", "pymdownx.tilde", "pymdownx.magiclink"])
    standalone = report_render.to_html(rep)
    for html_out in (rendered, standalone):
        assert "<script" not in html_out and "<img" not in html_out
        assert 'onclick="' not in html_out and 'href="javascript' not in html_out
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out
        assert "<strong>从严</strong>" not in html_out
    assert "一、总体情况" in rendered  # the narrative comes first, as section 一
    assert rendered.count("<svg") == page.count("<svg") >= 8  # every chart survives Markdown intact


def test_narrative_that_is_not_utf8_is_a_clear_error(records_with_narrative: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = records_with_narrative / "reports" / BODY / f"{YEAR}.md"
    path.write_bytes("第一行\n第二行".encode("gbk"))
    code = main(["report", "--records", str(records_with_narrative), "--committee", BODY, "--year", str(YEAR),
                 "--as-of", AS_OF.isoformat()])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{YEAR}.md" in err and "第 1 行不是 UTF-8 编码" in err


# --- charts and pages -------------------------------------------------------------------------------------
def test_charts_escape_labels_and_write_every_value() -> None:
    svg = charts.hbar('<b>"甲"&乙</b>', [charts.Row("<i>县委</i>", (3, 2)), charts.Row("乙", (0, 5))],
                      ("定期谈话", "及时<谈话>"), chart_id="x<y>")
    root = ET.fromstring(svg)  # well-formed: nothing unescaped broke the markup
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert '<b>"甲"&乙</b>' in texts and "<i>县委</i>" in texts and "及时<谈话>" in texts
    assert {"3", "2", "5"} <= set(texts)  # segment values and the totals are written on the bars
    assert root.get("id") == "chart-x-y"  # ids are made safe for the page
    line = ET.fromstring(charts.line("累计", ["1月", "2月"], [("累计谈话", [1, 4])], chart_id="c"))
    assert {"1", "4"} <= {t.text for t in line.iter(f"{ns}text")}


def test_charts_on_one_page_do_not_share_pattern_ids(report: AnnualReport) -> None:
    page = report_render.to_html(report)
    ids = re.findall(r'<pattern id="([^"]+)"', page)
    assert ids and len(ids) == len(set(ids))


def test_print_html_is_standalone(report: AnnualReport) -> None:
    page = report_render.to_html(report)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and "@page" in page
    assert "<script" not in page and "<link" not in page and " src=" not in page
    assert re.findall(r"https?://[^\"' )]+", page) == ["http://www.w3.org/2000/svg"] * page.count("<svg ")
    assert "中共山海市委关于2026年度开展监督谈话工作情况的报告" in page
    # the figures are also in tables, next to the charts
    assert f"<td>合计</td><td style=\"text-align:right\">{report.talks.periodic}</td>" in page


# --- the command ------------------------------------------------------------------------------------------
def _report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["report", "--records", str(RECORDS), "--committee", BODY, "--as-of", AS_OF.isoformat(), *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_writes_html_and_prints_the_secretary_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          report: AnnualReport) -> None:
    target = tmp_path / "r.html"
    code, out, _err = _report(capsys, "--year", "2026", "-o", str(target))
    assert code == 0
    assert f"已生成：{target}" in out and report.statement.sentences[1] in out
    assert target.read_text(encoding="utf-8") == report_render.to_html(report)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_cli_summary_audience_prints_nothing_confidential(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _report(capsys, "--year", "2026", "--format", fmt, "--audience", "summary")
    held_on = "2026年7月15日"  # talk 017, confidential as a whole: in the full report's list of talks only
    assert code == 0 and CANARY not in out and "shanhai-2026-017" not in out and held_on not in out
    assert "统计包含标注保密的记录" not in out
    code, full, _err = _report(capsys, "--year", "2026", "--format", fmt)
    assert code == 0 and held_on in full and "统计包含标注保密的记录" in full


@pytest.mark.parametrize(("args", "message"), [
    (["--year", "2025"], "年度报告从 2026 年起"),
    (["--year", "2027"], "截至2026年11月27日，2027年尚未开始"),
    (["--year", "2026", "--committee", "nobody"], "“nobody”不是本仓库记录的党委（党组）"),
    (["--year", "2026", "--format", "docx"], "需要用 -o 指定输出文件"),
    (["--year", "26"], "请写四位数年份"),
])
def test_cli_usage_errors_are_chinese_and_exit_2(args: list[str], message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _report(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_cli_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "没有这个文件夹" / "r.html"
    code, _out, err = _report(capsys, "--year", "2026", "-o", str(target))
    assert code == 2 and f"文件夹 {target.parent} 不存在" in err
