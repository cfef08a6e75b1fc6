"""Under ``serve`` a page is drawn again exactly when something its template looked up changed
(generator/site/page_memo.py); tests/test_serve_reload.py compares whole served sites with full builds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.cli.app import main
from generator.engine.checker import check
from generator.model import audience as audiences
from generator.site import page_memo, serve_state
from generator.site.pages import Page, plan_site

AS_OF = dt.date(2026, 11, 27)


def _pages(records: Path) -> tuple[object, dict[str, Page]]:
    result = check(records, AS_OF)
    site, pages, _nav = plan_site(audiences.select(result, "full", records), result.context, records)
    return site, {p.path: p for p in pages}


def _entry(page: Page, site: object) -> page_memo.Entry:
    _body, reads = page_memo.render_noting(page.template, page.path, page.context)
    assert reads  # the template looked things up in the site
    return page_memo.entry(page.template, page.meta(), page.context, reads, page_memo.Lookups(site))


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("memo") / "demo"
    assert main(["demo", "--scale", "200", "--out", str(top)]) == 0
    return top / "records"


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_a_page_is_kept_while_nothing_it_read_changed_and_drawn_again_when_it_did(records: Path) -> None:
    talk = sorted((records / "talks").rglob("*.yaml"))[0]
    talker = next(line.split(": ", 1)[1] for line in talk.read_text(encoding="utf-8").splitlines()
                  if line.startswith("talker: "))
    site, pages = _pages(records)
    page = pages[f"people/{talker}"]
    old = _entry(page, site)
    shown = serve_state.page_text(page)
    other = next(p for p in sorted((records / "people").glob("*.yaml")) if p.stem not in shown and p.stem != talker)

    text = _edit(other, "title: ", "title: 另一人的职务")  # a person this page does not show
    try:
        site2, pages2 = _pages(records)
        assert page_memo.unchanged(old, pages2[page.path], page_memo.Lookups(site2))
        assert serve_state.page_text(pages2[page.path]) == shown
    finally:
        other.write_text(text, encoding="utf-8")

    text = _edit(talk, "summary: ", "summary: 补记")  # a talk this page lists (its answer holds the talk)
    try:
        site3, pages3 = _pages(records)
        assert not page_memo.unchanged(old, pages3[page.path], page_memo.Lookups(site3))
    finally:
        talk.write_text(text, encoding="utf-8")


def test_a_page_is_drawn_again_when_a_name_it_shows_changes(records: Path) -> None:
    talk = sorted((records / "talks").rglob("*.yaml"))[0]
    site, pages = _pages(records)
    page = pages[f"talks/{talk.stem}"]
    old = _entry(page, site)
    talker = next(line.split(": ", 1)[1] for line in talk.read_text(encoding="utf-8").splitlines()
                  if line.startswith("talker: "))
    person = records / f"people/{talker}.yaml"
    name = next(line for line in person.read_text(encoding="utf-8").splitlines() if line.startswith("name: "))
    text = _edit(person, name, name + "改")
    try:
        site2, pages2 = _pages(records)
        assert not page_memo.unchanged(old, pages2[page.path], page_memo.Lookups(site2))
        assert serve_state.page_text(pages2[page.path]) != serve_state.page_text(page)
    finally:
        person.write_text(text, encoding="utf-8")


def test_a_lookup_that_fails_on_the_new_site_counts_as_a_change(records: Path) -> None:
    site, pages = _pages(records)
    page = pages["talks/index"]
    gone: page_memo.Read = (("attr", "repo"), ("attr", "orgs"), ("item", "no-such-org"))
    old = page_memo.Entry(page.template, page.meta(), {}, ((gone, None, True),))
    assert not page_memo.unchanged(old, page, page_memo.Lookups(site))
    kept = page_memo.Entry(page.template, page.meta(), {}, ())
    assert page_memo.unchanged(kept, page, page_memo.Lookups(site))  # nothing read, nothing changed
    assert not page_memo.unchanged(kept, Page(page.path, "别的标题", page.template, page.context),
                                   page_memo.Lookups(site))  # another title: another front matter


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "forked"])
def test_pages_written_under_serve_equal_those_written_afresh(records: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    if parallel:  # the small demo's pages checked and drawn in two processes, as a city's are
        monkeypatch.setattr(serve_state, "CHECK_IN_PARALLEL", 2)
        monkeypatch.setattr(serve_state, "RENDER_IN_PARALLEL", 2)
    memo: dict[str, page_memo.Entry] = {}
    site, pages = _pages(records)
    serve_state.write_pages(list(pages.values()), tmp_path / "served", 2, memo, site)
    talk = sorted((records / "talks").rglob("*.yaml"))[1]
    text = _edit(talk, "summary: ", "summary: 再补记")
    try:
        site2, pages2 = _pages(records)
        serve_state.write_pages(list(pages2.values()), tmp_path / "served", 2, memo, site2)
        serve_state.write_pages(list(pages2.values()), tmp_path / "fresh", 2)
    finally:
        talk.write_text(text, encoding="utf-8")
    served = {p.relative_to(tmp_path / "served"): p.read_bytes() for p in (tmp_path / "served").rglob("*.md")}
    fresh = {p.relative_to(tmp_path / "fresh"): p.read_bytes() for p in (tmp_path / "fresh").rglob("*.md")}
    assert served == fresh
    assert set(memo) == {p.path for p in pages2.values() if not p.markdown}
