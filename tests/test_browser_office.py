"""The site in an office's hands, in headless Chromium: office pages read without YAML, the report and the talk
page print as documents (page numbers and the marking on every page), the CLI report fits a phone, the 404 page
works from disk and at any depth of a server, the rectification tracker filters.  Screenshots and PDFs go to
test-artifacts/ (not committed)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import chromium, require_chromium, require_tool, serve
from playwright.sync_api import Browser, Page

from generator.cli.app import main
from generator.site import builder

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
ARTIFACTS = ROOT / "test-artifacts"
AS_OF = dt.date(2026, 11, 27)
# what a YAML path, a line number, a field name or a command looks like in visible text
TECHNICAL = re.compile(r"records/|\.yaml|talkdocs |\b[a-z]+_[a-z_]+\b|\b(?:interviewee|talker|triggers|plan_item)\b")
OFFICE_PAGES = ("index.html", "findings.html", "accountability.html", "rectifications.html", "rollup.html",
                "talks/shanhai-2026-022.html", "talks/shanhai-2026-004.html", "orgs/beishan-qw.html",
                "orgs/shanhai-sw.html", "plans/shanhai-sw-2026.html", "people/zhao-gang.html", "rules.html",
                "coverage/shanhai-sw-8.html", "reports/shanhai-sw-2026.html", "talks/index.html", "orgs/index.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    out = tmp_path_factory.mktemp("office-browser") / "site"
    builder.build(RECORDS, out, AS_OF)
    return out


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    try:
        yield context.new_page()
    finally:
        context.close()


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext, installed by scripts/ensure-browser.sh)."""
    require_tool(shutil.which("pdftotext") is not None,
                 "pdftotext 未安装（poppler-utils，scripts/ensure-browser.sh 会安装）")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.mark.parametrize("width", [1440, 390])
def test_office_pages_read_without_paths_or_field_names(browser: Browser, site: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    try:
        with serve(site) as base:
            for path in OFFICE_PAGES:
                tab.goto(base + path)
                tab.wait_for_load_state("networkidle")
                text = tab.locator("article").inner_text()  # what a reader sees: closed details stay closed
                assert text.strip(), path
                assert TECHNICAL.findall(text) == [], (path, width, TECHNICAL.findall(text)[:5])
                assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), (path, "ISO date")
            tab.goto(base + "findings.html")
            first = tab.locator("table details.td-tech").first
            first.locator("summary").click()  # the technical details are one click away
            assert re.search(r"records/\S+\.yaml", first.inner_text())
            tab.screenshot(path=str(_artifact(f"findings-office-{width}.png")), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize(("path", "name", "least"), [("reports/shanhai-sw-2026.html", "report", 3),
                                                     ("talks/shanhai-2026-007.html", "talk", 2)])
def test_report_and_talk_pages_print_as_documents(page: Page, site: Path, path: str, name: str, least: int) -> None:
    with serve(site) as base:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        # the first paragraph of the text (the downloads line and the report's note are not printed as body text)
        first = "article p:not(.talkdocs-report-note):not(.td-downloads)"
        body = page.evaluate(f"getComputedStyle(document.querySelector('{first}')).fontSize")
        assert abs(float(body.removesuffix("px")) - 16 * 96 / 72) < 0.5, body  # 三号: 16pt
        assert page.locator(".md-tabs").is_hidden() and page.locator(".md-header").is_hidden()
        pdf = _artifact(f"{name}.pdf")
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = _pdf_pages(pdf)
    assert len(pages) >= least
    for number, text in enumerate(pages, start=1):
        assert "内部资料·注意保密" in text, number
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{len(pages)}\s*页", text), number
    assert "首页" not in pages[0].split("\n", 3)[0]  # no navigation above the title


def test_cli_html_report_fits_a_phone(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--committee", "shanhai-sw", "--year", "2026", "--records", str(RECORDS),
                 "--as-of", AS_OF.isoformat(), "-o", str(out)]) == 0
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True,
                                  device_scale_factor=2)
    tab = context.new_page()
    try:
        tab.goto(out.as_uri())
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"横向溢出 {overflow}px"
        size = float(tab.evaluate("getComputedStyle(document.querySelector('p')).fontSize").removesuffix("px"))
        assert 14 <= size <= 20, size  # readable on a phone, not the printed 三号
        tab.screenshot(path=str(_artifact("cli-report-390.png")), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("where", ["disk", "root", "deep"])
def test_404_page_is_chinese_and_styled_from_disk_and_at_any_depth(page: Page, site: Path, where: str) -> None:
    with serve(site, not_found_page=True) as base:
        url = {"disk": (site / "404.html").as_uri(), "root": base + "nope.html",
               "deep": base + "talks/2026/no-such-talk/x.html"}[where]
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "找不到该页面"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        assert page.locator(".md-tabs").is_visible()  # the sections are one click away
        page.screenshot(path=str(_artifact(f"404-{where}-1440.png")), full_page=True)
        home = page.locator("article a", has_text="返回首页")
        home.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/index.html") and "找不到该页面" not in page.content()
        assert page.locator(".md-tabs").count() == 1


def test_rectification_tracker_filters_rows(page: Page, site: Path) -> None:
    with serve(site) as base:
        page.goto(base + "rectifications.html")
        page.wait_for_load_state("networkidle")
        rows = page.locator('table[data-td-sortable="rectifications"] tbody tr')
        total = rows.count()
        form = page.locator('form[data-td-filters="rectifications"]')
        assert form.is_visible()
        org = form.locator('select[data-filter="org"]')
        value = org.locator("option").nth(1).get_attribute("value") or ""
        org.select_option(value)
        shown = [rows.nth(i) for i in range(total) if rows.nth(i).is_visible()]
        assert 0 < len(shown) < total
        assert all(r.get_attribute("data-org") == value for r in shown)
        page.screenshot(path=str(_artifact("rectifications-filtered-1440.png")), full_page=True)
