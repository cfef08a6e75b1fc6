"""What every browser test needs: the site of a folder on a local server, and Debian's chromium driven by
Playwright.  Test modules build their own site and call these, so no module copies a server or a launcher."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# No background traffic of chromium's own: a test that records requests sees only the page's.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]


def require_tool(present: bool, what: str) -> None:
    """Skip the calling test when a Debian package it needs is missing, except under CI (``.ci/run`` installs
    them, and sets ``CI``), where the test fails: a test CI skips could never fail there."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what}；CI 应已安装（scripts/ensure-browser.sh）", pytrace=False)
    pytest.skip(what)


def require_chromium() -> None:
    """Skip (or, under CI, fail) the calling test when Debian's chromium is missing."""
    require_tool(Path(CHROMIUM).exists(), "Debian 的 chromium 未安装（/usr/bin/chromium）")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _WithNotFoundPage(_Quiet):
    """Answers a missing address with the site's 404.html at that address, as web servers and MkDocs do."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(site: Path, *, not_found_page: bool = False) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port; yields the base URL, ending in ``/``.  ``not_found_page``: a
    missing address gets the site's 404.html (status 404), the way a web server configured for the site does."""
    handler = functools.partial(_WithNotFoundPage if not_found_page else _Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """One headless chromium, closed on exit."""
    require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


# The sections every page reaches (the navigation tabs, or the menu of a narrow screen).
SECTIONS = ("首页", "覆盖矩阵", "年度计划", "谈话", "整改", "问责线索", "汇总", "组织", "人员", "问题清单", "规则",
            "年度报告", "修改记录")


def page_types(talk: str, org: str) -> tuple[tuple[str, str], ...]:
    """One page of every type the site has, as (name for the screenshot, path); ``talk`` and ``org`` pick the
    record pages (a summary edition has no page for a confidential talk)."""
    return (
        ("dashboard", "index.html"), ("coverage-index", "coverage/index.html"),
        ("coverage", "coverage/shanhai-sw-8.html"), ("plans", "plans/index.html"),
        ("plan", "plans/shanhai-sw-2026.html"),
        ("talks", "talks/index.html"), ("talk", f"talks/{talk}.html"), ("rectifications", "rectifications.html"),
        ("accountability", "accountability.html"), ("rollup", "rollup.html"), ("orgs", "orgs/index.html"),
        ("org", f"orgs/{org}.html"), ("people", "people/index.html"), ("person", "people/zhao-gang.html"),
        ("findings", "findings.html"), ("rules", "rules.html"), ("reports", "reports/index.html"),
        ("report", "reports/shanhai-sw-2026.html"), ("audit", "audit.html"), ("404", "404.html"),
    )


TABS_FROM = 1220  # Material shows the tabs under the header from this width on; below, the menu button


def visible_links(page: Page, selector: str) -> dict[str, str]:
    """The visible links under ``selector``: text → href."""
    links = page.locator(f"{selector} a")
    return {links.nth(i).inner_text().strip(): links.nth(i).get_attribute("href") or ""
            for i in range(links.count()) if links.nth(i).is_visible()}


def reachable_sections(page: Page) -> dict[str, str]:
    """The sections a reader of the open page can reach as they would: the tabs on a wide screen; on a narrow
    one, the header's menu button opens the same sections (the drawer is opened, so reload before reading on)."""
    if page.viewport_size and page.viewport_size["width"] >= TABS_FROM:
        return visible_links(page, ".md-tabs")
    menu = page.locator('label.md-header__button[for="__drawer"]')
    if not menu.is_visible():
        return {}
    menu.click()
    page.locator(".md-nav--primary").first.wait_for(state="visible")
    return visible_links(page, ".md-nav--primary")


def page_overflow(page: Page) -> int:
    """How many pixels the page itself is wider than the window (a wide table scrolling in its box is fine)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def type_like_a_person(page: Page, text: str) -> None:
    """Type ``text`` into the focused field with trusted key events, Chinese through an input method.

    Chinese is entered the way an IME does it in Chromium: a ``Process`` key down, a composition, its
    commit, and the key up of the commit key (space); letters, digits and punctuation of a keyboard are
    pressed as keys.  Material reads the query on ``keyup``, so ``fill`` (no key events) would not do.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        for run in re.findall(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+|[^\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+",
                              text):
            if not _WIDE.match(run):
                page.keyboard.type(run, delay=15)
                continue
            for i in range(0, len(run), 2):  # an IME commits a phrase of a few characters at a time
                part = run[i:i + 2]
                cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "Process", "code": "KeyA",
                                                     "windowsVirtualKeyCode": 229})
                cdp.send("Input.imeSetComposition", {"text": part, "selectionStart": len(part),
                                                     "selectionEnd": len(part)})
                cdp.send("Input.insertText", {"text": part})
                cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": " ", "code": "Space",
                                                     "windowsVirtualKeyCode": 32})
    finally:
        cdp.detach()


_WIDE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
