"""Search as a person uses it: Chinese typed through an input method into Material's box, in Debian's chromium.

Phrases are taken from the sample's problems and measures (runs of whole words, as a reader types them);
the expected talk must come first, its result must lead to the section, marked; near-miss words must not
match; a summary build must find nothing confidential, and the full build marks confidential hits 保密."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import jieba
import pytest
from browser_support import chromium, require_chromium, serve, type_like_a_person
from playwright.sync_api import Browser, Page
from record_files import SAMPLE_CANARY
from record_files import edit as _edit

from generator.engine.checker import check
from generator.model.repository import Repository
from generator.site import builder, guard, search_index

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = dt.date(2026, 11, 27)
HOSTILE = "<img src=x onerror=alert(4)>督查暗访"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The sample (with one hostile problem text) built full and summary, each on a local server."""
    require_chromium()
    work = tmp_path_factory.mktemp("search-browser")
    records = work / "records"
    shutil.copytree(RECORDS, records)
    _edit(records / "talks" / "2026" / "shanhai-2026-003.yaml", lambda d: d.update(note=HOSTILE))
    builder.build(records, work / "full", AS_OF)
    builder.build(records, work / "summary", AS_OF, "summary")
    with serve(work / "full") as full, serve(work / "summary") as summary:
        yield {"full": full, "summary": summary, "full_dir": str(work / "full")}


@pytest.fixture(scope="module")
def browser(sites: dict[str, str]) -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    tab = context.new_page()
    tab.add_init_script(_LISTEN)
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield tab
        assert errors == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def repo() -> Repository:
    return check(RECORDS, AS_OF).repository


# The search worker names the query each result answers; the test waits for the answer to the last one.
_LISTEN = """(() => { const Real = window.Worker;
  window.Worker = function (url) { const w = new Real(url);
    w.addEventListener("message", e => { if (e.data.type === 3) window.__tdAnswered = e.data.data.query; });
    return w; }; })();"""


def _search(page: Page, base: str, query: str) -> list[str]:
    """Type ``query`` into the search box; the hrefs of the results' page links, best first."""
    if not page.url.startswith(base):
        page.goto(base + "index.html")
        page.locator("input.md-search__input").click()
    box = page.locator("input.md-search__input")
    box.press("Control+a")
    box.press("Backspace")
    type_like_a_person(page, query)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("q => document.querySelector('input.md-search__input').value === q"
                           " && window.__tdAnswered === q", arg=query, timeout=15000)
    assert "结果" in meta.inner_text()
    items = page.locator(".md-search-result__item")
    return [items.nth(i).locator("a").first.get_attribute("href") or "" for i in range(items.count())]


def _phrase(text: str) -> str:
    """A run of whole words from the middle of ``text`` (what a reader remembers of a problem)."""
    words = [w for w in jieba.cut(re.split(r"[，。；、（）]", text)[0]) if w.strip()]
    return "".join(words[1:5]) if len(words) > 4 else "".join(words)


def test_phrases_of_problems_and_measures_find_their_talk_first(page: Page, sites: dict[str, str],
                                                                 repo: Repository) -> None:
    texts: list[tuple[str, str]] = []
    for talk_id in ("shanhai-2026-001", "shanhai-2026-002", "shanhai-2026-005", "shanhai-2026-008"):
        talk = repo.talks[talk_id]
        texts.append((talk_id, talk.problems[0].text))
        rect = repo.rectifications.get(talk_id)
        if rect is not None and rect.measures:
            texts.append((talk_id, rect.measures[0].text))
    everything = {t.id: " ".join(p.text for p in t.problems) + " ".join(
        m.text for m in (repo.rectifications[t.id].measures if t.id in repo.rectifications else ()))
        for t in repo.talks.values()}
    checked = []
    for talk_id, text in texts:
        phrase = _phrase(text)
        if sum(phrase in all_text for all_text in everything.values()) != 1:
            continue  # a phrase that two talks share has no one expected talk
        hrefs = _search(page, sites["full"], phrase)
        assert hrefs and f"talks/{talk_id}.html" in hrefs[0], (phrase, hrefs[:3])
        checked.append(phrase)
    assert len(checked) >= 5, checked


def test_results_lead_to_the_section_with_the_words_marked(page: Page, sites: dict[str, str]) -> None:
    _search(page, sites["full"], "包片督导")
    first = page.locator(".md-search-result__item").first
    sections = [a.get_attribute("href") or "" for a in first.locator("a").all()]
    assert any("talks/shanhai-2026-002.html" in h and h.endswith("#measures") for h in sections), sections
    marks = first.locator("mark").all_inner_texts()
    assert marks and set(marks) <= {"包片", "督导", "包片督导"}
    page.keyboard.press("Enter")  # Material opens the best-scored link of the first result: the section
    page.wait_for_url(re.compile(r"shanhai-2026-002\.html\?h=.*#(measures|steps)"))
    assert page.locator("article mark[data-md-highlight]").count() > 0  # the words are marked on the page


def test_near_misses_do_not_match(page: Page, sites: dict[str, str], repo: Repository) -> None:
    assert _search(page, sites["full"], "改革") == []  # the sample has 整改 everywhere and 改革 nowhere
    assert _search(page, sites["full"], "的和") == []  # words too common to be indexed find nothing
    index = search_index.read(Path(sites["full_dir"]))
    texts = {p.url: p.title + "".join(s.title + s.text for s in p.sections) for p in index.pages}
    petition_only = {url for url, text in texts.items() if "信访" in text and "信息" not in text}
    info = _search(page, sites["full"], "信息")
    assert info and petition_only
    assert not [h for h in info if any(h.split("?")[0].endswith(url) for url in petition_only)]
    assert all(any(h.split("?")[0].endswith(url) and "信息" in texts[url] for url in texts) for h in info)


def test_no_zero_width_character_reaches_what_a_user_copies(page: Page, sites: dict[str, str]) -> None:
    _search(page, sites["full"], "农村人居环境")
    results = page.locator(".md-search-result__list")
    text = results.evaluate("el => el.textContent")  # Material's results are user-select: none; this is their text
    assert "农村人居环境" in text and "\u200b" not in text
    page.goto(sites["full"] + "talks/shanhai-2026-002.html?h=农村人居环境#problems")
    copied = page.locator("article").first.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el); const s = getSelection();"
        " s.removeAllRanges(); s.addRange(r); return String(s); }")  # what the browser puts on the clipboard
    assert "陈志强" in copied and "农村人居环境" in copied and "\u200b" not in copied
    assert "\u200b" not in page.title()


def test_filters_by_year_kind_committee_and_area(page: Page, sites: dict[str, str], repo: Repository) -> None:
    page.goto(sites["full"] + "index.html")
    page.locator("input.md-search__input").click()
    assert "年度:2026" in page.locator(".td-search-help").inner_text()  # the help line under the box
    timely = {t.id for t in repo.talks.values() if t.kind == "timely"}
    found = _search(page, sites["full"], "类型:及时")
    ids = {re.sub(r".*talks/([^/?#]+)\.html.*", r"\1", h) for h in found}  # Material shows 10, more on scrolling
    assert len(ids) >= 10 and ids <= timely
    assert f"{len(timely)} 个" in page.locator(".md-search-result__meta").inner_text()
    found = _search(page, sites["full"], "整改 类型:定期 党委:山海市委")
    assert found and all("/talks/" in h or "/plans/" in h for h in found)
    assert not {re.sub(r".*talks/([^/?#]+)\.html.*", r"\1", h) for h in found} & timely
    area = _search(page, sites["full"], "领域:严格自律")
    assert any("talks/shanhai-2026-002.html" in h for h in area)  # q2 of talk 002 is in 严格自律


def test_confidential_hits_are_marked_in_full_and_absent_in_summary(page: Page, sites: dict[str, str],
                                                                    repo: Repository) -> None:
    hrefs = _search(page, sites["full"], "canary")
    assert hrefs
    assert page.locator(".md-search-result__item .md-tag", has_text="保密").count() > 0
    secrets = guard.left_out(repo).texts
    for query in ("canary", "交往过密", "公务用车", "以案促改专题民主生活会"):
        assert any(query in s.lower() for s in secrets)
        found = _search(page, sites["summary"], query)
        shown = page.locator(".md-search-result__list").evaluate("el => el.textContent")
        assert SAMPLE_CANARY not in shown and page.locator(".md-tag", has_text="保密").count() == 0
        assert not [h for h in found if "shanhai-2026-017" in h]


def test_record_text_is_shown_as_text_never_as_markup(page: Page, sites: dict[str, str]) -> None:
    _search(page, sites["full"], "督查暗访")
    results = page.locator(".md-search-result__list")
    assert results.locator("img").count() == 0
    assert "<img src=x onerror=alert(4)>" in results.evaluate("el => el.textContent")


def test_search_works_from_the_file_system(page: Page, sites: dict[str, str]) -> None:
    """Opened by double-click (file://): the worker runs in the iframe shim and reads the index as scripts."""
    page.goto((Path(sites["full_dir"]) / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    type_like_a_person(page, "包片督导")
    first = page.locator('.md-search-result__item a[href*="talks/shanhai-2026-002.html"]').first
    first.wait_for(timeout=15000)
    assert (first.get_attribute("href") or "").startswith("file://")
