"""``talkdocs build``: the pages a reader needs, strict links, reproducible output, safe replacement of the site."""

from __future__ import annotations

import datetime as dt
import http.client
import io
import os
import posixpath
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import app as cli
from generator.cli import options
from generator.engine import parallel
from generator.engine.checker import check
from generator.measures import coverage
from generator.model import audience
from generator.site import builder, changes, crawl, links, pages, progress, render, search_dict, search_index

RECORDS = Path(__file__).resolve().parent.parent / "records"
AS_OF = dt.date(2026, 11, 27)


class _Text(HTMLParser):
    """The visible text of a page's content area, and the attributes of chosen elements."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def parse(path: Path) -> _Text:
    """A built page, parsed."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


class _Rows(HTMLParser):
    """The rows (lists of cell texts) of the table whose attribute ``key`` equals ``value``."""

    def __init__(self, key: str, value: str) -> None:
        super().__init__()
        self.key, self.value = key, value
        self.rows: list[list[str]] = []
        self._depth = 0  # table nesting inside the wanted table
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and (self._depth or dict(attrs).get(self.key) == self.value):
            self._depth += 1
        elif self._depth and tag == "tr":
            self.rows.append([])
        elif self._depth and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1
        elif self._depth and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def rows(path: Path, key: str, value: str) -> list[list[str]]:
    """The rows of a table in a built page."""
    parser = _Rows(key, value)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.rows


def text_of(path: Path) -> str:
    """A page's text with whitespace collapsed."""
    return re.sub(r"\s+", " ", "".join(parse(path).parts))


def build(records: Path, site: Path, audience: str = "full") -> builder.BuildResult:
    """Build quietly."""
    return builder.build(records, site, AS_OF, audience)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample records built once for this module."""
    site = tmp_path_factory.mktemp("sample") / "site"
    build(RECORDS, site)
    return site


def test_dashboard_shows_date_sample_mark_overdue_and_due_soon(sample_site: Path) -> None:
    page = sample_site / "index.html"
    text = text_of(page)
    assert "2026年11月27日" in text and "示例数据" in text
    # EXPECTED.md: 012's status report, 022's measures and plan item p04 are overdue on 2026-11-27 ...
    assert rows(page, "data-td-list", "overdue")[1:] == [
        ["报告整改情况（第十一条第二款）", "北山区委 杨帆", "2026年8月27日", "✗已逾期（92 天）"],
        ["年度计划条目 p04（定期谈话）", "北山区委", "2026年9月30日", "✗已逾期（58 天）"],
        ["提交整改措施（第十一条第一款）", "市教育局党组 韩梅", "2026年10月15日", "✗已逾期（43 天）"],
    ]
    # ... and 024's measures, 021's and 022's status reports fall due within 30 days.
    assert [r[:3] for r in rows(page, "data-td-list", "due-soon")[1:]] == [
        ["报告整改情况（第十一条第二款）", "山海新区党工委 邓一鸣", "2026年12月10日"],
        ["提交整改措施（第十一条第一款）", "南湖县委 冯军", "2026年12月10日"],
        ["报告整改情况（第十一条第二款）", "市教育局党组 韩梅", "2026年12月15日"],
    ]


def test_coverage_page_matches_the_coverage_module(sample_site: Path) -> None:
    result = check(RECORDS, AS_OF)
    (tc,) = [m for m in coverage.coverage(result.repository, result.context) if m.body.id == "shanhai-sw"]
    page = parse(sample_site / "coverage" / "shanhai-sw-8.html")
    states = {a["data-org"]: a["data-state"] for tag, a in page.elements if tag == "tr" and "data-org" in a}
    assert states == {r.org.id: r.state for r in tc.rows}
    assert states["nanhu-xw"] == "leader_changed" and states["xinqu-dgw"] == "at_risk"
    text = text_of(sample_site / "coverage" / "shanhai-sw-8.html")
    assert "已覆盖 6/10（60%）" in text  # 018 (A7-SECRETARY-TALKS) does not cover xijiang-qw
    assert "（未登记届满日期，按5年推算）" in text
    void = [a for tag, a in page.elements if tag == "div" and a.get("data-void-rule")]
    assert [a["data-void-rule"] for a in void] == ["A7-SECRETARY-TALKS"]
    assert re.search(r"谈话不计入覆盖 2026年7月22日 ?谈话人 钱立；不符合 A7-SECRETARY-TALKS", text)


def test_talk_page_has_steps_deadlines_findings_and_record_pages_stay_out_of_navigation(sample_site: Path) -> None:
    text = text_of(sample_site / "talks" / "shanhai-2026-011.html")
    assert "（五）被谈话人作表态发言：未记录" in text  # the missing step A10-STEPS reports
    assert "A10-STEPS" in text
    deadlines = rows(sample_site / "talks" / "shanhai-2026-012.html", "data-td-deadlines", "shanhai-2026-012")
    assert deadlines[2] == ["报告整改情况（3 个月内）", "2026年8月27日", "—", "✗已逾期未提交（92 天）"]
    # The rules page links to no record, so its links are the navigation (the same on every page).
    nav = [a.get("href", "") for tag, a in parse(sample_site / "rules.html").elements if tag == "a"]
    assert "talks/index.html" in nav and not any(re.fullmatch(r"talks/shanhai-.*\.html", h) for h in nav)


def test_every_record_has_a_page_and_every_link_resolves(sample_site: Path) -> None:
    result = check(RECORDS, AS_OF)
    for talk in result.repository.talks:
        assert (sample_site / "talks" / f"{talk}.html").is_file()
    for person in result.repository.people:
        assert (sample_site / "people" / f"{person}.html").is_file()
    assert crawl.broken(sample_site) == []
    assert (sample_site / "rules.html").is_file() and "A16-CONFIDENTIAL" in text_of(sample_site / "rules.html")


def test_search_index_holds_the_record_texts_section_by_section(sample_site: Path) -> None:
    index = search_index.read(sample_site)
    (talk,) = [p for p in index.pages if p.url == "talks/shanhai-2026-001.html"]
    assert "杨帆" in talk.title and "钱立" in talk.sections[0].text  # interviewee, talker
    (problems,) = [s for s in talk.sections if s.anchor == "problems"]
    assert "对拆迁补偿领域信访问题研判处置不及时" in problems.text  # a problem of talk 001
    assert talk.sections[0].text == "及时谈话 2026年1月15日；山海市委 谈话人 钱立；被谈话人 杨帆（北山区委）"


def test_search_index_keeps_every_person_and_org_name_whole(sample_site: Path) -> None:
    """The segmenter's user dictionary (search_dict) keeps names whole: each is one word of the index."""
    index = search_index.read(sample_site)
    repo = check(RECORDS, AS_OF).repository
    names = search_dict.words(repo)  # every name, short name and person; names holding a space cannot be words
    assert "唐建国" in names and "山海港务集团党委" in names
    shown = [n for n in names if len(n) > 1 and any(n in p.title for p in index.pages)]
    assert len(shown) > 10
    assert [n for n in shown if n.lower() not in index.postings] == []


def test_two_builds_are_byte_identical(sample_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(RECORDS, again)
    files = sorted(p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    different = [f for f in files if (sample_site / f).read_bytes() != (again / f).read_bytes()]
    assert different == []


def test_a_build_shared_between_two_processes_is_the_same_site(sample_site: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # the sample is small: share its pages and links all the same
    shared = tmp_path / "shared"
    builder.build(RECORDS, shared, AS_OF, jobs=2)
    files = sorted(p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(shared).as_posix() for p in shared.rglob("*") if p.is_file())
    assert [f for f in files if (sample_site / f).read_bytes() != (shared / f).read_bytes()] == []
    page = shared / "talks" / "shanhai-2026-001.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", '<a href="nowhere.html">x</a>'
                                                             '<img src="https://example.org/x.png"></body>'),
                    encoding="utf-8")
    assert crawl.check(shared, 2) == crawl.check(shared, 1)
    leaving, dead = crawl.check(shared, 2)
    assert [r.url for r in leaving] == ["https://example.org/x.png"] and [r.url for r in dead] == ["nowhere.html"]


def test_failed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(RECORDS, site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    office = tmp_path / "office"
    (office / "docs").mkdir(parents=True)
    (office / "docs" / "notice.md").write_text("# 通知\n\n见[不存在的页面](missing.md)。\n", encoding="utf-8")
    config = office / "mkdocs.yml"
    config.write_text("site_name: 某某档案\ntheme: {name: material, font: false}\n"
                      "plugins: [search, offline, talkdocs]\n", encoding="utf-8")
    with pytest.raises(builder.BuildError, match="旧站点保持不变") as failed:
        builder.build(RECORDS, site, AS_OF, config_file=config)  # a dead link on an office page
    assert "办公室页面 docs/notice.md 中的链接“missing.md”" in str(failed.value)  # the file the office edits
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office", "site"]  # no temporary folder left behind


def test_cli_missing_records_folder_is_a_chinese_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["build", "--records", str(tmp_path / "nope"), "--site-dir", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE and "记录文件夹" in err and "不存在" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_cli_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "keep.txt").write_text("重要", encoding="utf-8")
    code = cli.main(["build", "--records", str(RECORDS), "--site-dir", str(precious), "--as-of", "2026-11-27"])
    assert code == options.EXIT_BUILD and "不是 talkdocs 生成的站点" in capsys.readouterr().err
    assert [p.name for p in precious.iterdir()] == ["keep.txt"]


def test_cli_build_is_quiet_outside_a_terminal_and_rebuilds_over_its_own_site(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    site = tmp_path / "site"
    monkeypatch.chdir(tmp_path)  # relative folders, as `make site` passes them
    args = ["build", "--records", "records", "--site-dir", "site", "--as-of", "2026-11-27"]
    assert cli.main(args) == cli.EXIT_OK
    assert capsys.readouterr() == ("", "")  # pytest's streams are not terminals
    (records / "talks" / "2026" / "shanhai-2026-024.yaml").unlink()
    (records / "rectifications" / "shanhai-2026-024.yaml").unlink()
    assert cli.main(args) == cli.EXIT_OK
    assert not (site / "talks" / "shanhai-2026-024.html").exists()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_but_not_in_ci() -> None:
    assert progress.wanted(_Tty(), {}) and not progress.wanted(_Tty(), {"CI": "true"})
    assert not progress.wanted(io.StringIO(), {})
    out = _Tty()
    ticks = iter([0.0, 0.25, 1.5])
    p = progress.Progress(out, True, 2, clock=lambda: next(ticks))
    p.stage("生成页面")
    p.done("站点已生成")
    assert out.getvalue() == "[1/2] 生成页面（0.2 秒）\n站点已生成（用时 1.5 秒）\n"


def test_annual_report_pages_embed_the_report(sample_site: Path) -> None:
    page = sample_site / "reports" / "shanhai-sw-2026.html"
    assert page.is_file()
    text = text_of(page)
    assert "中共山海市委关于2026年度开展监督谈话工作情况的报告" in text and "2026年11月27日" in text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


def _wait_for(port: int, path: str, wanted: str, seconds: float = 180) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, body = _get(port, path)
            if status == 200 and wanted in body:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_binds_to_this_computer_serves_only_the_site_and_rebuilds_on_change(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--records", str(records), "--site-dir", str(tmp_path / "site"),
         "--as-of", "2026-11-27", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "CI": ""})
    try:
        assert _wait_for(port, "/people/yang-fan.html", "杨帆")
        assert _get(port, "/../records/settings.yaml")[0] == 404
        assert _get(port, "/%2e%2e/records/settings.yaml")[0] == 404
        person = records / "people" / "yang-fan.yaml"
        person.write_text(person.read_text(encoding="utf-8").replace("name: 杨帆", "name: 杨帆（已改名）"),
                          encoding="utf-8")
        assert _wait_for(port, "/people/yang-fan.html", "杨帆（已改名）")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
    assert f"站点地址 http://127.0.0.1:{port}/" in err and "Traceback" not in err


def test_pages_show_change_history_only_when_it_is_given() -> None:
    result = check(RECORDS, AS_OF)
    view = audience.select(result, "full", RECORDS)
    entry = changes.HistoryEntry(dt.date(2026, 6, 9), "市委办公室", "补充整改措施 m2", "3f2a9c1")
    for history in (None, {"talks/2026/shanhai-2026-010.yaml": (entry,)}):
        _site, planned, _nav = pages.plan_site(view, result.context, RECORDS, history=history)
        talk = next(p for p in planned if p.path == "talks/shanhai-2026-010")
        body = render.body(talk.template, talk.path, talk.context)
        home = next(p for p in planned if p.path == "index")
        assert ("修改记录" in body and "补充整改措施 m2" in body) is (history is not None)
        assert ("最近修改" in render.body(home.template, home.path, home.context)) is (history is not None)


_SEGMENT = st.sampled_from(["a", "b", "talks", "x.html", "index.html", "."])


@given(st.lists(_SEGMENT, min_size=1, max_size=4), st.lists(_SEGMENT, max_size=3))
def test_links_relpath_is_posix_relpath(path: list[str], start: list[str]) -> None:
    assert links.relpath("/".join(path), "/".join(start)) == posixpath.relpath("/".join(path), "/".join(start) or ".")


def test_talk_page_sections_have_anchors_for_search_results(sample_site: Path) -> None:
    html = (sample_site / "talks" / "shanhai-2026-001.html").read_text(encoding="utf-8")
    for anchor in ("problems", "requirements", "steps", "rectification"):
        assert f'id="{anchor}"' in html, anchor


def test_rules_page_lists_the_measures_rules_by_article_number(sample_site: Path) -> None:
    page = (sample_site / "rules.html").read_text(encoding="utf-8")
    measures = page.split('data-td-rules="measures"', 1)[1].split("</table>", 1)[0]
    articles = [int(n) for n in re.findall(r'<tr id="A(\d+)-', measures)]
    assert articles == sorted(articles) and articles[0] == 2 and articles[-1] == 20  # A2 … A5 … A20, not A2, A20, A5
