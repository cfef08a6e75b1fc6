"""The sample site in a real browser (Debian's chromium via Playwright): what a reader sees, and that nothing
is fetched from anywhere but the local server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_support import SECTIONS, chromium, page_overflow, page_types, require_chromium, serve, visible_links
from playwright.sync_api import Browser, Page

from generator.engine.checker import check
from generator.measures import coverage
from generator.site import builder
from generator.site.git_history import site_history

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
ARTIFACTS = ROOT / "test-artifacts"
AS_OF = dt.date(2026, 11, 27)


@dataclass
class Served:
    """The built sample site on a local server, and what the browser did in the current test."""

    base: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """Every request went to the local server, and the pages logged no error."""
        assert self.requests
        assert [u for u in self.requests if not u.startswith(self.base)] == []
        assert self.console_errors == []


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Build the sample once and serve it on 127.0.0.1 with a free port."""
    require_chromium()
    site = tmp_path_factory.mktemp("browser") / "site"
    # With the history of the repository the sample lives in (or the note that there is none): the audit page
    # exists either way.  Tests do not depend on what the history holds.
    history, note = site_history(RECORDS, "full")
    builder.build(RECORDS, site, AS_OF, history=history, history_note=note)
    with serve(site) as base:
        yield Served(base)


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[Browser]:
    """One headless chromium for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, served: Served) -> Iterator[Page]:
    """A fresh page that records every request and console error; each test ends with ``assert_clean``."""
    served.requests.clear()
    served.console_errors.clear()
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    tab = context.new_page()
    tab.on("request", lambda r: served.requests.append(r.url))
    tab.on("console", lambda m: served.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: served.console_errors.append(str(e)))
    try:
        yield tab
    finally:
        context.close()


def _open(page: Page, served: Served, path: str) -> None:
    page.goto(served.base + path)
    page.wait_for_load_state("networkidle")


def _screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_dashboard_lists_what_is_overdue(page: Page, served: Served) -> None:
    _open(page, served, "index.html")
    rows = page.locator('table[data-td-list="overdue"] tbody tr')
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert len(texts) == 3
    assert "北山区委 杨帆" in texts[0] and "92 天" in texts[0]
    assert "p04" in texts[1] and "市教育局党组 韩梅" in texts[2] and "43 天" in texts[2]
    assert page.locator(".md-banner").inner_text().startswith("截至2026年11月27日")
    assert _screenshot(page, "dashboard.png").stat().st_size > 0
    served.assert_clean()


def test_coverage_matrix_cells_follow_the_coverage_module(page: Page, served: Served) -> None:
    result = check(RECORDS, AS_OF)
    (tc,) = [m for m in coverage.coverage(result.repository, result.context) if m.body.id == "shanhai-sw"]
    _open(page, served, "coverage/shanhai-sw-8.html")
    for row in tc.rows:
        tr = page.locator(f'tr[data-org="{row.org.id}"]')
        assert tr.get_attribute("data-state") == row.state
        for talk in row.talks:
            cell = tr.locator(f'td[data-year="{talk.date.year}"]')
            assert cell.locator(f'a[href$="talks/{talk.id}.html"]').count() == 1
    # A known cell: 南湖县委 was talked to on 2026-03-05 by 赵刚; its leader changed afterwards.
    nanhu = page.locator('tr[data-org="nanhu-xw"]')
    known = nanhu.locator('td[data-year="2026"]').inner_text()
    assert "2026年3月5日" in known and "赵刚" in known
    assert "新任“一把手”尚未谈话" in nanhu.inner_text()
    assert "有未覆盖风险" in page.locator('tr[data-org="xinqu-dgw"]').inner_text()
    assert _screenshot(page, "coverage-matrix.png").stat().st_size > 0
    served.assert_clean()


def test_searching_a_chinese_name_finds_the_talk_page(page: Page, served: Served) -> None:
    _open(page, served, "index.html")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("杨帆")
    box.press("End")  # Material reads the query on key events
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("talks/shanhai-2026-001.html" in h for h in hrefs), hrefs
    assert any("people/yang-fan.html" in h for h in hrefs), hrefs
    box.fill("唐建国")  # a name the build's segmenter splits in two (唐 / 建国) is found whole
    box.press("End")
    page.locator('.md-search-result__item a[href*="people/tang-jianguo.html"]').first.wait_for(timeout=15000)
    box.fill("山海港务集团党委")  # an org's short name finds its page
    box.press("End")
    page.locator('.md-search-result__item a[href*="orgs/ganggwu-dw.html"]').first.wait_for(timeout=15000)
    served.assert_clean()


def test_talk_page_shows_the_five_steps(page: Page, served: Served) -> None:
    _open(page, served, "talks/shanhai-2026-007.html")
    steps = page.locator("ol.td-steps li")
    assert [steps.nth(i).get_attribute("data-step") for i in range(steps.count())] == [
        "self_report", "feedback", "explanation", "requirements", "commitment"]
    assert "（一）被谈话人报告自查情况" in steps.nth(0).inner_text()
    served.assert_clean()


def test_talk_index_filters_and_sorts(page: Page, served: Served) -> None:
    _open(page, served, "talks/index.html")
    rows = page.locator('table[data-td-sortable="talks"] tbody tr')
    assert rows.count() == 24
    page.select_option('select[data-filter="kind"]', "periodic")
    visible = page.locator('table[data-td-sortable="talks"] tbody tr:visible')
    assert visible.count() == 7
    assert "显示 7 / 24" in page.locator("output[data-td-count]").inner_text()
    page.locator('th[data-sort="value"]').first.click()  # the date column
    assert "shanhai-2026-003" in visible.first.inner_text()  # the earliest periodic talk, 2026-03-05
    served.assert_clean()


def test_rollup_leads_and_report_pages(page: Page, served: Served) -> None:
    _open(page, served, "rollup.html")
    body = page.locator("article").inner_text()
    assert "山海市委" in body and "6/10（60%）" in body and "东海省委" in body  # 018 does not count (A7)
    _open(page, served, "accountability.html")
    leads = page.locator("article").inner_text()
    assert "不如实报告" in leads and "shanhai-2026-014" in leads
    # rules by their Chinese short name; the rule id is in the folded technical details
    assert "敷衍整改" in leads and "虚假整改" in leads and "整改情况报告期限" in leads
    assert "A11-STATUS-LATE" not in leads
    _screenshot(page, "accountability.png")
    _open(page, served, "reports/shanhai-sw-2026.html")
    report = page.locator("article").inner_text()
    assert "山海市委" in report and "述职" in report and page.locator("article svg").count() > 0
    served.assert_clean()


# One page of every type: (name for the screenshot, path).
PAGE_TYPES = page_types(talk="shanhai-2026-007", org="shanhai-sw")


def _nav_links(page: Page, selector: str) -> dict[str, str]:
    return visible_links(page, selector)


def _assert_no_page_overflow(page: Page, what: str) -> None:
    width = page_overflow(page)
    assert width <= 0, f"{what}：页面横向溢出 {width}px"


@pytest.mark.parametrize("width", [1440, 390])
def test_every_page_type_reaches_every_section_without_overflow(browser: Browser, served: Served,
                                                                width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        for name, path in PAGE_TYPES:
            _open(page, served, path)
            _assert_no_page_overflow(page, f"{path} @{width}")
            if width >= 1220:  # tabs under the header
                found = _nav_links(page, ".md-tabs")
            else:  # the header's menu button opens the same sections
                menu = page.locator('label.md-header__button[for="__drawer"]')
                assert menu.is_visible(), path
                _screenshot(page, f"{name}-{width}.png")
                menu.click()
                page.locator(".md-nav--primary").first.wait_for(state="visible")
                found = _nav_links(page, ".md-nav--primary")
            assert [s for s in SECTIONS if s not in found] == [], f"{path} @{width}: {sorted(found)}"
            if width >= 1220:
                _screenshot(page, f"{name}-{width}.png")
            # The link to the talks list leads there from this page.
            target = (served.base + path).rsplit("/", 1)[0] + "/" + found["谈话"]
            assert page.evaluate("u => new URL(u).pathname", target).endswith("/talks/index.html"), path
    finally:
        context.close()


def test_record_pages_say_where_they_are_and_talk_pages_have_contents(page: Page, served: Served) -> None:
    _open(page, served, "talks/shanhai-2026-007.html")
    crumbs = page.locator("nav.td-crumbs")
    assert crumbs.inner_text().startswith("当前位置：首页 › 谈话 › shanhai-2026-007")
    toc = page.locator("nav.td-toc a")
    anchors = [toc.nth(i).get_attribute("href") or "" for i in range(toc.count())]
    assert "#steps" in anchors and "#rectification" in anchors and "#findings" in anchors
    for anchor in anchors:  # every entry leads to a heading on the page
        assert page.locator(anchor).count() == 1, anchor
    page.locator("a", has_text="返回谈话列表").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/talks/index.html")
    for path, parent in (("orgs/shanhai-sw.html", "组织"), ("people/zhao-gang.html", "人员"),
                         ("plans/shanhai-sw-2026.html", "年度计划"), ("coverage/shanhai-sw-8.html", "覆盖矩阵"),
                         ("reports/shanhai-sw-2026.html", "年度报告")):
        _open(page, served, path)
        assert page.locator("nav.td-crumbs").inner_text().startswith(f"当前位置：首页 › {parent} › "), path
    served.assert_clean()
