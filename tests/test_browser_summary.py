"""The summary edition as an office builds it — from its git repository, where a confidential talk was edited
after it was first committed — opened from disk in headless Chromium at desktop and phone width: every page
type reaches every section, nothing overflows, the history shows the public records' changes (by commit, without
commit messages) and nothing of the confidential talk.  Screenshots go to test-artifacts/ (not committed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import SECTIONS, chromium, page_overflow, page_types, reachable_sections, require_chromium, serve
from playwright.sync_api import Browser

from generator.cli.app import main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SECRET = "shanhai-2026-017"  # the sample's confidential talk
SECRET_COMMIT = "补充保密谈话的说明"
PUBLIC_COMMIT = "更正北山区委谈话的地点"
# One page of every type the summary edition has (the confidential talk has none).
PAGE_TYPES = page_types(talk="shanhai-2026-001", org="beishan-qw")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=办公室 王敏", "-c", "user.email=office@example.invalid", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample in a git repository of its own: committed, then its confidential talk and a public talk
    edited in two later commits; the summary edition built by the command an office runs."""
    require_chromium()
    repo = tmp_path_factory.mktemp("summary-git")
    shutil.copytree(ROOT / "records", repo / "records")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "示例记录")
    secret = repo / "records" / "talks" / "2026" / f"{SECRET}.yaml"
    assert "confidential: true" in secret.read_text(encoding="utf-8")
    secret.write_text(re.sub(r"(?m)^note: .*$", "note: 保密谈话的补充说明", secret.read_text(encoding="utf-8")),
                      encoding="utf-8")
    _git(repo, "commit", "-qam", SECRET_COMMIT)
    public = repo / "records" / "talks" / "2026" / "shanhai-2026-001.yaml"
    text = public.read_text(encoding="utf-8")
    public.write_text(re.sub(r"(?m)^note: (.*)$", r"note: \1地点更正为区委小会议室。", text), encoding="utf-8")
    _git(repo, "commit", "-qam", PUBLIC_COMMIT)
    out = repo / "site"
    assert main(["build", "--records", str(repo / "records"), "--site-dir", str(out), "--audience", "summary",
                 "--as-of", "2026-11-27", "--fail-on-left-out"]) == 0  # the Art. 16 guard of the build passed, too
    return out


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("width", [1440, 390])
def test_summary_from_git_reaches_every_section_from_disk(browser: Browser, site: Path, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        for name, path in PAGE_TYPES:
            page.goto((site / path).as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
                "sticky", "fixed"), f"{path}：未加载样式"
            assert page_overflow(page) <= 0, f"{path} @{width}：页面横向溢出"
            text = page.locator("body").inner_text()
            assert SECRET not in text and SECRET_COMMIT not in text, path
            page.screenshot(path=str(ARTIFACTS / f"summary-{name}-{width}.png"), full_page=True)
            found = reachable_sections(page)
            assert [s for s in SECTIONS if s not in found] == [], f"{path} @{width}: {sorted(found)}"
    finally:
        context.close()


def test_summary_audit_page_shows_public_history_by_commit(browser: Browser, site: Path) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        with serve(site) as base:
            page.goto(base + "audit.html")
            page.wait_for_load_state("networkidle")
            article = page.locator("article")
            text = article.inner_text()
            # two commits of the three: the one that touched only the confidential talk is left out; the author as
            # git has it; no commit message at all (a message may name what the summary edition leaves out)
            assert text.count("· 办公室 王敏") == 2 and "改动了1个记录" in text
            assert SECRET not in text and SECRET_COMMIT not in text and PUBLIC_COMMIT not in text
            assert "保密谈话的补充说明" not in text and "提交说明" not in text
            assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)
            # the record changed by the public commit is named by its title and leads to its page
            link = article.locator('a[href="talks/shanhai-2026-001.html"]').first
            assert "北山区委" in link.inner_text()
            link.click()
            page.wait_for_load_state("load")
            assert page.url.endswith("/talks/shanhai-2026-001.html")
            assert "修改：备注" in page.locator("#history-talk ~ *").first.inner_text()  # the talk's own history
    finally:
        context.close()
