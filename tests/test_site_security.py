"""The site is private (Art. 16): no confidential text in a summary build, record text never becomes markup,
and nothing in the site points outside it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from record_files import PLANTED, SAMPLE_CANARY
from record_files import dump as _dump
from record_files import edit as _edit
from record_files import load as _load

from generator.engine.checker import check
from generator.model import audience
from generator.site import builder, crawl, guard, handoff, search_index

RECORDS = Path(__file__).resolve().parent.parent / "records"
AS_OF = dt.date(2026, 11, 27)
def planted_records(tmp_path: Path) -> Path:
    """A copy of the sample with a second canary in confidential records and items of every kind."""
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    _dump(records / "people" / "mi-mi.yaml", {"id": "mi-mi", "name": f"{PLANTED} 保密人员", "confidential": True})
    _dump(records / "orgs" / "mimi-dw.yaml", {
        "id": "mimi-dw", "name": f"{PLANTED} 保密单位党委", "kind": "unit_party_org", "parent": "shanhai-sw",
        "leaders": [{"person": "mi-mi", "from": "2024-01-01", "to": None}], "confidential": True})
    _edit(records / "orgs" / "nanhu-xw.yaml", lambda d: d["leaders"].append(
        {"person": "mi-mi", "from": "2019-01-01", "to": "2019-12-31", "confidential": True}))
    _edit(records / "plans" / "shanhai-sw" / "2026.yaml", lambda d: d["items"].append(
        {"id": "p10", "org": "xinqu-dgw", "talker": "zhao-gang", "due": "2026-12-31",
         "division": f"{PLANTED} 某项分工", "confidential": True}))
    _edit(records / "plans" / "donghai-sw" / "2026.yaml", lambda d: d.update(note=f"{PLANTED} 计划说明",
                                                                          confidential=True))

    def talk_items(d: dict[str, Any]) -> None:
        d["triggers"].append({"code": "other", "detail": f"{PLANTED} 情形", "confidential": True})
        d["triggers"].append({"code": "other", "detail": " ", "confidential": True})  # A5-TIMELY-TRIGGER points here
        d["participants"].append({"unit": "audit", "name": f"{PLANTED} 参与人员", "confidential": True})
        d["distribution"].append({"unit": "inspection", "on": "2026-04-02", "name": f"{PLANTED} 抄送",
                                  "confidential": True})
    _edit(records / "talks" / "2026" / "shanhai-2026-006.yaml", talk_items)
    # A confidential record with a schema error whose message quotes the bad value.
    broken = _load(records / "talks" / "2026" / "shanhai-2026-017.yaml")
    broken.update(id="shanhai-2026-099", status=PLANTED)
    _dump(records / "talks" / "2026" / "shanhai-2026-099.yaml", broken)
    return records


def readable_files(site: Path) -> dict[str, str]:
    """Every file of a site as a reader would find text in it (entities, JSON escapes, gzip undone)."""
    return {p.relative_to(site).as_posix(): guard.readable(p.read_bytes(), p.name)
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The planted records."""
    return planted_records(tmp_path_factory.mktemp("planted"))


def test_summary_build_contains_no_confidential_text_anywhere(planted: Path, tmp_path: Path) -> None:
    site = tmp_path / "summary"
    result = builder.build(planted, site, AS_OF, "summary")
    leaks = {name: [c for c in (SAMPLE_CANARY, PLANTED, "CANARY") if c in text]
             for name, text in readable_files(site).items()}
    assert {k: v for k, v in leaks.items() if v} == {}
    assert not (site / "talks" / "shanhai-2026-017.html").exists()
    assert not (site / "people" / "mi-mi.html").exists() and not (site / "orgs" / "mimi-dw.html").exists()
    assert "search/search_index.json" in leaks and "search/p/0.js" in leaks and "search/facets.js" in leaks
    assert "sitemap.xml" in leaks and "sitemap.xml.gz" in leaks
    assert result.findings and all(record not in ("shanhai-2026-017", "shanhai-2026-099", "mimi-dw")
                                   for _rule, record in result.findings)
    assert "摘要版" in (site / "index.html").read_text(encoding="utf-8")


def test_summary_leaves_out_findings_on_confidential_records_and_items(planted: Path) -> None:
    result = check(planted, AS_OF)
    full = {(f.rule, f.record) for f in result.findings}
    shown = {(f.rule, f.record) for f in audience.select(result, "summary", planted).findings}
    about_hidden = {("A5-TIMELY-TRIGGER", "shanhai-2026-006"), ("A5-COVERAGE", "mimi-dw"),
                    ("SCHEMA-ENUM", "shanhai-2026-099")}
    assert about_hidden <= full and not about_hidden & shown
    assert full - shown == about_hidden  # every other finding stays


def test_full_build_shows_the_planted_text_so_the_scan_can_find_it(planted: Path, tmp_path: Path) -> None:
    site = tmp_path / "full"
    builder.build(planted, site, AS_OF, "full")
    files = readable_files(site)
    assert any(PLANTED in text for name, text in files.items() if name.startswith("search/p/"))  # a result's text
    assert SAMPLE_CANARY in files["talks/shanhai-2026-017.html"] and PLANTED in files["talks/shanhai-2026-006.html"]
    page = files["talks/shanhai-2026-006.html"]
    assert 'td-secret" title="标注为保密：摘要版不含此项">保密</span>' in page  # marked in the full build
    assert ">机密</span>" not in page  # Art. 16 speaks of 保密; 机密 is a state-secret grade


def test_the_guard_fails_a_summary_build_that_leaks(planted: Path, tmp_path: Path) -> None:
    """A summary build whose filter let everything through is the full site: the guard must refuse it."""
    site = tmp_path / "site"
    builder.build(planted, site, AS_OF, "full")
    full = check(planted, AS_OF).repository
    assert "A16-CONFIDENTIAL" in handoff.site_problem(site, True, full, jobs=1)
    summary = tmp_path / "summary"
    builder.build(planted, summary, AS_OF, "summary")
    assert handoff.site_problem(summary, True, full, jobs=1) == ""
def test_guard_reads_through_json_escapes_entities_segmentation_and_whole_ids(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    escaped = json.dumps({"text": "CANARY-\u200b机密\u200b-7731 其他"})  # ASCII-only, as the search plugin writes
    (tmp_path / "search" / "search_index.json").write_text(escaped, encoding="ascii")
    (tmp_path / "a.html").write_text("<p>&#20445;&#23494;&#20869;&#23481;甲</p>", encoding="utf-8")  # 保密内容甲
    (tmp_path / "b.html").write_text("<a>shanhai-2026-0170</a>", encoding="utf-8")
    secrets = guard.Secrets(frozenset({SAMPLE_CANARY, "保密内容甲"}), frozenset({"shanhai-2026-017"}))
    assert guard.scan(tmp_path, secrets) == [("a.html", "保密内容甲"), ("search/search_index.json", SAMPLE_CANARY)]
    (tmp_path / "c.html").write_text("<a href='shanhai-2026-017.html'>x</a>", encoding="utf-8")
    assert ("c.html", "shanhai-2026-017") in guard.scan(tmp_path, secrets)


# --- escaping ---------------------------------------------------------------------------------------------
PAYLOADS = {
    "html": "<script>alert(3)</script><img src=x onerror=alert(4)>",
    "markdown": "**粗体** [链接](javascript:alert(1)) ![图](x.png)",
    "attr_list": '{: onclick="alert(2)" }',
    "jinja": "{{ 7*7 }} {% if true %}是{% endif %}",
}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def _parse(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    return parser


def test_record_text_is_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    every = " ".join(PAYLOADS.values())
    _edit(records / "people" / "yang-fan.yaml", lambda d: d.update(name=f"杨帆{PAYLOADS['html']}"))
    _edit(records / "orgs" / "beishan-qw.yaml", lambda d: d.update(short_name='北山区委"><svg onload=alert(5)>'))
    _edit(records / "settings.yaml", lambda d: d.update(repository_name="档案</title><script>alert(6)</script>"))

    def talk(d: dict[str, Any]) -> None:
        d["problems"][0]["text"] = every
        d["note"] = f"第一行\n\n# 不是标题\n\n<div>{PAYLOADS['attr_list']}\n    缩进不是代码"
    _edit(records / "talks" / "2026" / "shanhai-2026-001.yaml", talk)
    site = tmp_path / "site"
    builder.build(records, site, AS_OF)
    for page in sorted(site.rglob("*.html")):
        parsed = _parse(page.read_text(encoding="utf-8"))
        for tag, attrs in parsed.elements:
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            assert not attrs.get("href", "").lower().startswith("javascript:"), (page, attrs)
            assert tag not in ("img", "svg") or attrs.get("src") != "x", (page, attrs)
        assert not any("alert(" in s for s in parsed.scripts), page
    talk_text = "".join(_parse((site / "talks" / "shanhai-2026-001.html").read_text(encoding="utf-8")).text)
    for payload in PAYLOADS.values():
        assert payload in talk_text
    assert "# 不是标题" in talk_text and "缩进不是代码" in talk_text
    person = _parse((site / "people" / "yang-fan.html").read_text(encoding="utf-8"))
    assert f"杨帆{PAYLOADS['html']}" in "".join(person.text)
    assert "档案</title><script>alert(6)</script>" in "".join(person.text)  # the site name in the header
    # The index holds texts as plain text (the search worker escapes them; tests/test_browser_search.py).
    index = search_index.read(site)
    (talk,) = [p for p in index.pages if p.url == "talks/shanhai-2026-001.html"]
    problems = next(s for s in talk.sections if s.anchor == "problems")
    assert all(payload in problems.text for payload in PAYLOADS.values())


# --- nothing from outside ---------------------------------------------------------------------------------
def test_sample_site_references_nothing_outside_itself(tmp_path: Path) -> None:
    site = tmp_path / "site"
    builder.build(RECORDS, site, AS_OF)
    assert crawl.external(site) == []
    refs = list(crawl.references(site))
    assert any(r.url.endswith("iframe-worker-shim.js") for r in refs)  # the offline polyfill is the local copy
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "unpkg.com" not in html


def test_crawler_finds_every_kind_of_outside_reference_and_ignores_plain_text(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.org/x.js"></script><style>@import url("https://a.example/s.css");</style>'
        '<script>import("https://b.example/m.js")</script></head><body>'
        '<img srcset="local.png 1x, https://c.example/i.png 2x"><div style="background: url(http://d.example/b.png)">'
        '</div><a href="https://e.example/">x</a><form action="https://f.example/"></form>'
        '<p>https://text.example/ 只是文字</p><svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<a href="data:text/plain,x">d</a><a href="#top">t</a></body></html>', encoding="utf-8")
    (tmp_path / "a.css").write_text("@import 'https://g.example/x.css'; .x{background:url(data:image/png;base64,AA)}",
                                    encoding="utf-8")
    (tmp_path / "b.js").write_text('importScripts("https://h.example/w.js"); var s = "https://i.example/";',
                                   encoding="utf-8")
    found = sorted(urlsplit(r.url).netloc for r in crawl.external(tmp_path))
    assert found == ["a.example", "b.example", "c.example", "cdn.example.org", "d.example", "e.example",
                     "f.example", "fonts.googleapis.com", "g.example", "h.example"]
