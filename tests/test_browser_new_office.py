"""The site of a repository ``talkdocs init`` made (tests/new_office.py) in a real browser: the office's page and
a generated page open, link to each other, are found by search, and nothing is fetched from outside."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import chromium, require_chromium, serve
from new_office import BANNER, NOTICE, make, talkdocs_build
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    office = make(tmp_path_factory.mktemp("new-office") / "office")
    assert talkdocs_build(office) == 0
    with serve(office / "site") as url:
        yield url


@pytest.fixture
def page(base: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        tab = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        tab.on("request", lambda r: requests.append(r.url))
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        yield tab, requests, errors
        context.close()


def test_the_office_page_and_a_generated_page_open_and_link_each_other(
        page: tuple[Page, list[str], list[str]], base: str) -> None:
    tab, requests, errors = page
    tab.goto(base + "office/notices.html")
    tab.wait_for_load_state("networkidle")
    assert tab.locator("h1").first.inner_text() == NOTICE
    assert BANNER in tab.locator("body").inner_text()
    tab.locator("nav.md-tabs a", has_text="通知").first.wait_for()  # the office's nav entry
    tab.locator("article a", has_text="王芳的页面").click()
    tab.wait_for_load_state("networkidle")
    assert tab.url == base + "people/wang-fang.html"
    assert "王芳" in tab.locator("h1").first.inner_text()
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill("年度监督谈话工作")
    box.press("End")  # Material reads the query on key events
    tab.locator('.md-search-result__item a[href*="office/notices.html"]').first.wait_for(timeout=15000)
    assert [u for u in requests if not u.startswith(base)] == []
    assert errors == []
