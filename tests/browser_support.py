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


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port; yields the base URL, ending in ``/``."""
    handler = functools.partial(_Quiet, directory=str(site))
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
