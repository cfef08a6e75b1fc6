"""What the search index holds for the record pages: their texts, cut into the words a reader expects."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.engine.checker import check
from generator.site import builder, guard, search_index, search_shards
from generator.site.search_shards import Index, IndexPage, IndexSection

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    builder.build(RECORDS, out, AS_OF)
    return out


@pytest.fixture(scope="module")
def index(site: Path) -> Index:
    return search_index.read(site)


def _text(index: Index, location: str) -> str:
    url, _, anchor = location.partition("#")
    page = next(p for p in index.pages if p.url == url)
    section = next(s for s in page.sections if s.anchor == anchor)
    return section.title + section.text + (page.title if not anchor else "")


def test_problems_measures_and_triggers_are_found_at_their_section(index: Index) -> None:
    assert "talks/shanhai-2026-002.html#problems" in index.locations("人居")
    assert "talks/shanhai-2026-002.html#triggers" in index.locations("通报批评")
    assert "talks/shanhai-2026-002.html#measures" in index.locations("包片")
    assert "talks/shanhai-2026-002.html#verification" in index.locations("实地")


def test_a_word_never_matches_a_different_word_sharing_a_character(index: Index) -> None:
    rectify = index.locations("整改")
    assert rectify and all("整改" in _text(index, loc) for loc in rectify)
    assert not index.locations("改革")  # the sample has no 改革: 整改 shares 改 with it and must not count
    petitions, info = index.locations("信访"), index.locations("信息")
    assert petitions and info
    assert all("信访" in _text(index, loc) for loc in petitions)
    assert all("信息" in _text(index, loc) for loc in info)
    sharing = {loc for loc in info if "信息共享" in _text(index, loc)}  # 信息共享不畅: 信息, not 信访
    assert sharing and not {loc for loc in sharing if "信访" not in _text(index, loc)} & petitions


def test_names_are_whole_words(index: Index) -> None:
    assert "people/tang-jianguo.html" in index.locations("唐建国")  # jieba alone cuts 唐 / 建国
    assert "orgs/ganggwu-dw.html" in index.locations("山海港务集团党委")
    assert "orgs/ganggwu-dw.html" in index.locations("港务")  # a known word inside the long name


def test_confidential_sections_are_marked_and_texts_are_plain(index: Index) -> None:
    secret = [s for p in index.pages for s in p.sections if "CANARY" in s.text]
    assert secret and all(s.confidential for s in secret)
    every = [p.title + s.title + s.text for p in index.pages for s in p.sections]
    assert every and not [t for t in every if "\u200b" in t]  # what a user copies from a result has none
    assert search_index.plain("谈话\u200b <p>\u200b定期\u200b谈话</p> &lt;b&gt;") == "谈话 定期谈话 <b>"


def test_the_browser_downloads_a_small_manifest_first(site: Path, index: Index) -> None:
    raw = (site / "search" / "search_index.json").read_bytes()
    assert json.loads(raw)["docs"] == [] and len(raw) < 2000
    assert (site / "search" / "search_index.js").read_bytes() == b"var __index = " + raw  # for file://
    assert index.manifest["filters"]["年度"] == "year" and index.manifest["tag"] == "保密"


def test_postings_survive_many_sections_and_many_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan page has more sections than a posting's slot holds; big indexes have many word files."""
    monkeypatch.setattr(search_shards, "TARGET_SHARD_BYTES", 50)
    sections = tuple(IndexSection(f"item-{i}", f"条目 {i}", "督查" if i in (3, 40, 77) else "其他") for i in range(80))
    pages = [IndexPage("a.html", "甲", (IndexSection("", "甲", "整改"),)), IndexPage("plan.html", "计划", sections)]
    written = search_shards.write(tmp_path, pages, [])
    assert written.manifest["shards"] > 1
    back = search_shards.read(tmp_path, written.manifest)
    assert back.locations("督查") == {"plan.html#item-3", "plan.html#item-40", "plan.html#item-77"}
    assert back.locations("整改") == {"a.html"}
    assert back.pages == tuple(pages)


def test_facets_name_committees_years_kinds_and_areas(site: Path, index: Index) -> None:
    raw = (site / "search" / search_shards.FACETS).read_text(encoding="utf-8")
    facets = json.loads(raw[raw.index(",") + 1:raw.rindex(")")])
    values = {(f, v[0]): v for f in facets for v in facets[f]}
    assert "山海市委" in values[("committee", "shanhai-sw")][1]
    assert "及时" in values[("kind", "timely")][1] and "严格自律" in values[("area", "self_discipline")][1]
    pages, page = [], 0
    for delta in values[("kind", "timely")][2]:
        page += delta
        pages.append(index.pages[page].url)
    assert "talks/shanhai-2026-001.html" in pages and all(u.startswith("talks/") for u in pages)


def test_the_summary_index_holds_nothing_confidential(tmp_path: Path) -> None:
    summary = tmp_path / "summary"
    builder.build(RECORDS, summary, AS_OF, "summary")
    index = search_index.read(summary)
    assert "canary" not in index.postings and "机密" not in index.postings  # the sample marks its secrets so
    assert not [s for p in index.pages for s in p.sections if s.confidential or "CANARY" in s.text]
    full = check(RECORDS, AS_OF).repository
    assert guard.scan(summary, guard.left_out(full)) == []


def test_the_guard_reads_the_split_index(tmp_path: Path) -> None:
    """A confidential text that reached a page file of the index is found there (A16-CONFIDENTIAL)."""
    secret = "CANARY-机密-7731 与辖区个别企业负责人交往过密"
    sections = (IndexSection("", "甲", "公开内容"), IndexSection("note", "说明", secret))
    pages = [IndexPage("talks/a.html", "甲", sections)]
    search_shards.write(tmp_path, pages, [])
    secrets = guard.Secrets(frozenset({secret}), frozenset())
    assert guard.scan(tmp_path, secrets) == [("search/p/0.js", secret)]
