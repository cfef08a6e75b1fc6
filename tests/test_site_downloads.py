"""The site's downloads (issue 15, point 4): each annual report's Word file and print view, the dashboard's
台账 (.xlsx) and deadline calendar (.ics); the summary build's, without confidential content, checked by the
Art. 16 guard; the same bytes from two builds."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar, Event
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from openpyxl import load_workbook

from generator.annual import figures as annual
from generator.annual.report import NarrativeBlock
from generator.cli.app import main
from generator.engine.checker import check
from generator.office import ics
from generator.office.ledger import columns, ledger_workbook
from generator.office.ledger.export import ledger_contents
from generator.site import builder, downloads, guard, handoff, links

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = dt.date(2026, 11, 27)
CANARY = "CANARY-机密-7731"  # in a confidential item of the sample records


class _Links(HTMLParser):
    """The download links (``a.td-download``) of a page: (href, download attribute, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list[str]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "td-download" in a.get("class", "").split():
            self.found.append([a["href"], a.get("download", ""), ""])
            self._open = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.found[-1][2] += data


def download_links(page: Path) -> list[tuple[str, str, str]]:
    """(href, saved name, link text) of every download link on a built page."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [(h, n, t) for h, n, t in parser.found]


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def _ics_text(data: bytes) -> str:
    cal = Calendar.from_ical(data)
    return "\n".join(f"{k}:{v}" for event in cal.walk() for k, v in event.items())


@pytest.fixture(scope="module")
def full() -> object:
    """The check of the sample records (the full repository)."""
    return check(RECORDS, AS_OF)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample built for both audiences."""
    out = {}
    for audience in ("full", "summary"):
        site = tmp_path_factory.mktemp(audience) / "site"
        builder.build(RECORDS, site, AS_OF, audience)
        out[audience] = site
    return out


@pytest.mark.parametrize("audience", ["full", "summary"])
def test_dashboard_offers_the_ledger_and_calendar_of_its_audience(sites: dict[str, Path], audience: str) -> None:
    site = sites[audience]
    offered = download_links(site / "index.html")
    assert [href for href, _n, _t in offered] == [links.LEDGER_FILE, links.CALENDAR_FILE]
    label = "完整版" if audience == "full" else "摘要版"
    (_h, ledger_name, ledger_text), (_h2, calendar_name, calendar_text) = offered
    assert ledger_name.endswith(".xlsx") and label in ledger_name and "台账" in ledger_text
    assert calendar_name.endswith(".ics") and label in calendar_name and "日历" in calendar_text
    book = load_workbook(site / links.LEDGER_FILE)
    assert book.sheetnames == [columns.TALK_SHEET, columns.RECTIFICATION_SHEET, columns.PLAN_SHEET,
                               columns.COVERAGE_SHEET]
    assert label in str(book[columns.TALK_SHEET]["A1"].value)
    cal = Calendar.from_ical((site / links.CALENDAR_FILE).read_bytes())
    assert label in str(cal["X-WR-CALNAME"]) and cal.walk("VEVENT")


@pytest.mark.parametrize("audience", ["full", "summary"])
def test_each_annual_report_page_offers_its_word_file_and_print_view(sites: dict[str, Path], full: object,
                                                                     audience: str) -> None:
    site = sites[audience]
    reports = annual.reports_available(full.repository, full.context)  # type: ignore[attr-defined]
    assert reports
    for committee, year in reports:
        page = site / links.built(links.report(committee, year))
        (docx_href, docx_name, _t), (print_href, print_name, print_text) = download_links(page)
        assert (page.parent / docx_href).resolve() == (site / links.report_docx(committee, year)).resolve()
        assert (page.parent / print_href).resolve() == (site / links.report_print(committee, year)).resolve()
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.DOTALL)
        assert title is not None
        heading = re.sub(r"<[^>]+>", "", title.group(1)).strip()
        assert docx_name.startswith(heading) and docx_name.endswith(".docx") and not print_name
        assert (audience == "summary") == ("摘要版" in docx_name)
        word = Document(str(site / links.report_docx(committee, year)))
        assert word.paragraphs[0].text == heading
        printed = (site / links.report_print(committee, year)).read_text(encoding="utf-8")
        assert f"<h1>{heading}</h1>" in printed and "@page { size: A4" in printed and print_text == "打印版"


@pytest.mark.parametrize("audience", ["full", "summary"])
def test_the_sites_word_file_is_the_reports_word_file(sites: dict[str, Path], audience: str, tmp_path: Path) -> None:
    """One function makes both: the site's download and ``talkdocs report --format docx`` of the same audience
    and date hold the same parts, byte for byte (only the zip container's entry times may differ)."""
    cli = tmp_path / "report.docx"
    assert main(["report", "--records", str(RECORDS), "--committee", "shanhai-sw", "--year", "2026",
                 "--as-of", AS_OF.isoformat(), "--audience", audience, "--format", "docx", "-o", str(cli)]) == 0
    site_file = sites[audience] / links.report_docx("shanhai-sw", 2026)
    with zipfile.ZipFile(cli) as a, zipfile.ZipFile(site_file) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}
        assert "中共东海省委：" in a.read("word/document.xml").decode("utf-8")


def test_summary_downloads_hold_no_confidential_content_and_full_ones_do(sites: dict[str, Path],
                                                                         full: object) -> None:
    repo = full.repository  # type: ignore[attr-defined]
    secret_ids = [t.id for t in repo.talks.values() if t.confidential]
    assert secret_ids
    readers: dict[str, Callable[[bytes], str]] = {".docx": _docx_text, ".xlsx": _xlsx_text, ".ics": _ics_text}
    summary = sorted(p for p in (sites["summary"] / "downloads").rglob("*") if p.suffix in readers)
    assert len(summary) == 2 + 1 * len(annual.reports_available(repo, full.context))  # type: ignore[attr-defined]
    for path in summary:
        text = readers[path.suffix](path.read_bytes())
        assert CANARY not in text, path
        assert not [i for i in secret_ids if re.search(rf"(?<![a-z0-9-]){i}(?![a-z0-9-])", text)], path
    for path in sorted((sites["summary"] / "downloads").rglob("*.html")):
        assert CANARY not in path.read_text(encoding="utf-8")
    # the same readers see the confidential content in the full build: the assertions above can fail
    assert CANARY in _xlsx_text((sites["full"] / links.LEDGER_FILE).read_bytes())


def test_two_builds_give_the_same_download_bytes(sites: dict[str, Path], tmp_path: Path) -> None:
    again = tmp_path / "again"
    builder.build(RECORDS, again, AS_OF, "summary")
    first = {p.relative_to(sites["summary"]).as_posix(): p.read_bytes()
             for p in (sites["summary"] / "downloads").rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in (again / "downloads").rglob("*") if p.is_file()}
    assert first and first == second
    assert all(b.startswith(b"PK\x03\x04") for name, b in first.items() if name.endswith((".docx", ".xlsx")))


def test_the_site_checks_accept_the_downloads(sites: dict[str, Path], full: object) -> None:
    for audience, site in sites.items():
        assert handoff.site_problem(site, audience == "summary", full.repository, jobs=1) == ""  # type: ignore[attr-defined]


# --- the Art. 16 guard opens the downloads ----------------------------------------------------------------
def _planted(site: Path, tmp_path: Path, rel: str, data: bytes) -> Path:
    """A copy of ``site`` with the file ``rel`` replaced by ``data``."""
    copy = tmp_path / "planted"
    shutil.copytree(site, copy)
    (copy / rel).write_bytes(data)
    return copy


def test_guard_finds_confidential_text_in_a_planted_full_ledger(sites: dict[str, Path], full: object,
                                                                 tmp_path: Path) -> None:
    repo, ctx = full.repository, full.context  # type: ignore[attr-defined]
    leaked = ledger_workbook(repo, ctx, audience="full")  # bypasses the summary filter
    assert CANARY.encode() not in leaked  # openpyxl writes CJK as character references, inside a zip
    site = _planted(sites["summary"], tmp_path, links.LEDGER_FILE, leaked)
    problem = handoff.site_problem(site, True, repo, jobs=1)
    assert "[A16-CONFIDENTIAL]" in problem and links.LEDGER_FILE in problem


def test_guard_finds_confidential_text_in_a_planted_word_report(sites: dict[str, Path], full: object,
                                                                tmp_path: Path) -> None:
    repo, ctx = full.repository, full.context  # type: ignore[attr-defined]
    committee, year = "shanhai-sw", 2026
    secret = next(t for t in sorted(guard.left_out(repo).texts) if CANARY in t)
    # the office's narrative is left out of summary builds; here it carries a confidential text past that
    report = annual.build(repo, ctx, committee, year, findings=full.findings,  # type: ignore[attr-defined]
                          narrative=(NarrativeBlock(f"有关情况：{secret}"),))
    word, _printed = downloads.report_files(downloads.View("summary", repo, ()), report)
    site = _planted(sites["summary"], tmp_path, links.report_docx(committee, year), word.data)
    found = guard.scan(site, guard.left_out(repo))
    assert [rel for rel, _text in found] == [links.report_docx(committee, year)]


def test_guard_reads_calendar_text_across_folded_lines_and_escapes(sites: dict[str, Path], full: object,
                                                                   tmp_path: Path) -> None:
    repo = full.repository  # type: ignore[attr-defined]
    text = "某甲同志,关于干部选拔任用;存在问题"  # commas and semicolons are escaped in iCalendar text
    secret = guard.Secrets(frozenset({text}), frozenset())
    cal = Calendar()
    cal.add("prodid", ics.PRODID)
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", "planted@talkdocs")
    event.add("description", "测试" * 40 + text)  # long: folded across lines
    cal.add_component(event)
    data = bytes(cal.to_ical())
    assert b"\r\n " in data and b"\\," in data and b"\\;" in data
    site = _planted(sites["summary"], tmp_path, links.CALENDAR_FILE, data)
    assert [rel for rel, _t in guard.scan(site, secret)] == [links.CALENDAR_FILE]
    assert guard.scan(sites["summary"], guard.left_out(repo)) == []


def test_a_stock_mkdocs_summary_build_whose_ledger_bypasses_the_filter_fails(
        tmp_path: Path, full: object, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    shutil.copytree(RECORDS, tmp_path / "records")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 测试\ntheme:\n  name: material\nplugins:\n  - search\n  - offline\n"
        f"  - talkdocs:\n      records: records\n      audience: summary\n      as_of: {AS_OF.isoformat()}\n"
        "      history: false\n", encoding="utf-8")
    repo = full.repository  # type: ignore[attr-defined]
    monkeypatch.setattr(downloads, "ledger_contents",
                        lambda _repo, ctx, audience: ledger_contents(repo, ctx, audience="full"))
    monkeypatch.delenv(handoff.ENV, raising=False)
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        mkdocs_build(config)
    assert f"[A16-CONFIDENTIAL] 摘要版站点的文件 {links.LEDGER_FILE} 中出现了标注为保密的内容" in caplog.text


def test_an_office_file_at_a_download_path_is_refused(tmp_path: Path) -> None:
    shutil.copytree(RECORDS, tmp_path / "records")
    (tmp_path / "docs" / "downloads").mkdir(parents=True)
    (tmp_path / "docs" / "downloads" / "ledger.xlsx").write_bytes(b"PK")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 测试\ntheme:\n  name: material\nplugins:\n  - search\n  - offline\n"
        f"  - talkdocs:\n      records: records\n      as_of: {AS_OF.isoformat()}\n      history: false\n",
        encoding="utf-8")
    with pytest.raises(builder.BuildError, match=re.escape(f"{links.LEDGER_FILE} 与 talkdocs 生成的页面或文件同名")):
        builder.build(tmp_path / "records", tmp_path / "site", AS_OF, config_file=tmp_path / "mkdocs.yml")


def test_file_names_are_safe_on_windows() -> None:
    assert downloads.file_name('山海/市委:"报告"?.docx') == "山海_市委__报告__.docx"
