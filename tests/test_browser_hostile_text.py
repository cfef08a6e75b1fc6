"""Text that attacks the reader, in a real browser: one very long unbroken name does not widen the tables of
the site beyond the page, and a bidi override written into git history (where no schema can refuse it) does not
reverse the text of the audit page."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import world
from browser_support import chromium, require_chromium, serve
from playwright.sync_api import Page

from generator.cli.app import main

pytestmark = pytest.mark.browser

LONG = "测" * 3000
SPOOF = "王\u202e五"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A world whose person has a 3,000-character name, committed by an author whose name holds U+202E."""
    require_chromium()
    root = tmp_path_factory.mktemp("hostile-text")
    records = world.base()
    records["people/la.yaml"] = {**records["people/la.yaml"], "name": LONG}
    folder = world.write(root, records)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", f"user.name={SPOOF}", "-c", "user.email=w@example.invalid", "commit", "-qm", f"录入{SPOOF}")
    site = root / "site"
    assert main(["build", "--records", str(folder), "--site-dir", str(site), "--as-of", world.AS_OF.isoformat()]) == 0
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Page]:
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1440, "height": 900})


@pytest.mark.parametrize("path", ["talks/index.html", "people/index.html", "rectifications.html"])
def test_a_long_unbroken_name_wraps_inside_the_page(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert LONG[:50] in page.inner_text("article")
    widths = page.evaluate("""() => {
        const article = document.querySelector('article');
        return {article: article.clientWidth,
                widest: Math.max(...[...article.querySelectorAll('table')].map(t => t.scrollWidth))};
    }""")
    assert widths["widest"] <= widths["article"], widths


def test_a_bidi_override_from_git_does_not_reverse_the_audit_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "audit.html")
    html = page.content()
    text = page.inner_text("article")
    assert "\u202e" not in html and "\u202e" not in text
    assert "王五" in text
