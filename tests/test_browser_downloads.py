"""The site's downloads in a real browser: every download link on the dashboard and on each annual report
page gives its file (HTTP 200, the right type, the bytes the build wrote, the Chinese file name), and the
print view opens as a page; for both audiences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_support import chromium, require_chromium, serve
from playwright.sync_api import Page

from generator.annual import figures as annual
from generator.engine.checker import check
from generator.site import builder, links

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = dt.date(2026, 11, 27)
TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ics": "text/calendar",
}
MAGIC = {".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".ics": b"BEGIN:VCALENDAR\r\n"}


@pytest.fixture(scope="module", params=["full", "summary"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The sample site of one audience on a local server: (site folder, base URL)."""
    require_chromium()
    site = tmp_path_factory.mktemp(request.param) / "site"
    builder.build(RECORDS, site, AS_OF, request.param)
    with serve(site) as base:
        yield site, base


@pytest.fixture
def page(served: tuple[Path, str]) -> Iterator[Page]:
    """A fresh page whose every request must go to the local server."""
    _site, base = served
    with chromium() as browser:
        context = browser.new_context(accept_downloads=True)
        tab = context.new_page()
        requests: list[str] = []
        tab.on("request", lambda r: requests.append(r.url))
        yield tab
        context.close()
        assert requests and [u for u in requests if not u.startswith(base)] == []


def _click_each_download(page: Page, site: Path, base: str, url: str) -> list[str]:
    """Click every download link (with a ``download`` attribute) on the page at ``url``; the files' paths."""
    page.goto(url)
    got = []
    links_ = page.locator("a.td-download[download]")
    assert links_.count() > 0
    for i in range(links_.count()):
        link = links_.nth(i)
        href, name = link.get_attribute("href") or "", link.get_attribute("download") or ""
        target = urljoin(page.url, href)
        rel = target[len(base):]
        suffix = Path(rel).suffix
        response = page.request.get(target)
        assert response.status == 200, rel
        assert response.headers["content-type"].split(";")[0] == TYPES[suffix], rel
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == name and name.endswith(suffix)
        data = Path(download.path()).read_bytes()
        assert data == (site / rel).read_bytes() and data.startswith(MAGIC[suffix]), rel
        got.append(rel)
    return got


def test_dashboard_download_links_give_the_ledger_and_the_calendar(page: Page, served: tuple[Path, str]) -> None:
    site, base = served
    assert _click_each_download(page, site, base, base + "index.html") == [links.LEDGER_FILE, links.CALENDAR_FILE]


def test_report_pages_give_their_word_file_and_open_their_print_view(page: Page, served: tuple[Path, str]) -> None:
    site, base = served
    result = check(RECORDS, AS_OF)
    reports = annual.reports_available(result.repository, result.context)
    assert reports
    for committee, year in reports:
        url = base + links.built(links.report(committee, year))
        assert _click_each_download(page, site, base, url) == [links.report_docx(committee, year)]
        title = page.locator("article h1").first.inner_text().strip()
        with page.expect_navigation() as nav:
            page.get_by_role("link", name="打印版").click()
        response = nav.value
        assert response is not None and response.status == 200
        assert response.headers["content-type"].startswith("text/html")
        assert page.url == base + links.report_print(committee, year)
        assert page.locator("h1").inner_text().strip() == title
        assert page.locator("nav, header, .md-sidebar").count() == 0  # the page alone, nothing of the site
