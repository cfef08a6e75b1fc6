"""Office pages speak the office's language: findings as sentences with the rule's Chinese name and article, the
technical details (files, lines, field names, commands) folded away, one date style, settings in words, the
audit page by commit and record title, a Chinese 404 that works from disk."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.findings import finding as F
from generator.findings import plain
from generator.model import catalog, wording
from generator.model.settings import Settings
from generator.model.wording import tidy
from generator.rules.table import RULES
from generator.site import builder, links

RECORDS = Path(__file__).resolve().parent.parent / "records"
PACKAGE = Path(__file__).resolve().parent.parent / "generator"
AS_OF = dt.date(2026, 11, 27)
# what a YAML path, a line number, a field name or a command looks like in visible text
TECHNICAL = re.compile(r"records/|\.yaml|talkdocs |\b[a-z]+_[a-z_]+\b|\b(?:interviewee|talker|triggers|plan_item)\b")


class _Visible(HTMLParser):
    """The text of the page's article a reader sees without opening anything: closed <details> bodies (their
    <summary> stays visible), scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_article = 0
        self._hidden = 0  # inside a closed <details>, outside its <summary>
        self._details: list[bool] = []  # per open <details>: currently inside its <summary>
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article += 1
        elif tag in ("script", "style"):
            self._skip += 1
        elif tag == "details":
            self._details.append(False)
            self._hidden += 1
        elif tag == "summary" and self._details:
            self._details[-1] = True
            self._hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        elif tag in ("script", "style"):
            self._skip -= 1
        elif tag == "summary" and self._details and self._details[-1]:
            self._details[-1] = False
            self._hidden += 1
        elif tag == "details" and self._details:
            self._details.pop()
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._in_article and not self._hidden and not self._skip:
            self.parts.append(data)


def visible(path: Path) -> str:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample records built once (no history: the records folder's git is not asked)."""
    out = tmp_path_factory.mktemp("office") / "site"
    builder.build(RECORDS, out, AS_OF, "full")
    return out


# --- one date style ---------------------------------------------------------------------------------------------
def test_one_chinese_date_formatter_and_no_copies() -> None:
    assert wording.cn_date(dt.date(2026, 3, 5)) == "2026年3月5日"
    assert wording.cn_date(None, "—") == "—"
    copies = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
              if p.name != "wording.py" and re.search(r"\.year\}年\{[^}]*\.month\}月", p.read_text(encoding="utf-8"))]
    assert copies == [], "format dates with generator.model.wording.cn_date"


def test_findings_write_dates_the_chinese_way(site: Path) -> None:
    text = visible(site / "findings.html")
    assert "2026年10月15日" in text  # the measures deadline of the sample's overdue rectification
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)


# --- spacing ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "tidied"), [
    ("宋涛 不是 山海港务集团党委 的“一把手”（当时为 罗成）", "宋涛不是山海港务集团党委的“一把手”（当时为罗成）"),
    ("已逾期 49 天仍未提交", "已逾期49天仍未提交"),
    ("计划条目 p04（北山区委）完成时限 2026年9月30日 已过", "计划条目 p04（北山区委）完成时限2026年9月30日已过"),
    ("写 kind: periodic 或 kind: timely", "写 kind: periodic 或 kind: timely"),
    ("登记的定期谈话 shanhai-2026-018 不计入", "登记的定期谈话 shanhai-2026-018 不计入"),
])
def test_tidy_removes_only_the_spaces_chinese_text_does_not_have(raw: str, tidied: str) -> None:
    assert tidy(raw) == tidied


def test_finding_messages_have_no_stray_spaces_around_names() -> None:
    f = F.make("A2-SCOPE-INTERVIEWEE", "talks/2026/t.yaml", variant="not_leader", date="2026年7月8日",
               person="宋涛", org="山海港务集团党委", actual="罗成", org_id="gangwu-dw")
    assert "宋涛不是山海港务集团党委的“一把手”（当时为罗成）" in f.message


# --- findings as office sentences ----------------------------------------------------------------------------------
class _Any(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "某单位"


def test_every_rule_has_a_chinese_short_name_and_every_measures_finding_an_action() -> None:
    assert all(rule.short and not re.search(r"[A-Za-z]{3,}", rule.short.replace("YAML", "")) for rule in RULES.values())
    for rule in RULES.values():
        if rule.group not in ("measures", "audit"):
            continue
        for name, text in rule.variants.items():
            action = text.action.format_map(_Any())
            message = plain.plain_message((text.report or text.message).format_map(_Any()))
            assert action and not re.search(r"[A-Za-z]", action), (rule.id, name, action)
            assert not re.search(r"[A-Za-z]{2,}", message), (rule.id, name, message)


def test_a_finding_reads_as_a_sentence_named_by_rule_and_article() -> None:
    f = F.make("A11-MEASURES-LATE", "rectifications/x.yaml", variant="overdue", days=49, due="2026年10月15日", on="")
    assert plain.rule_label(f) == "整改措施期限（第十一条第一款）"
    assert plain.sentence(f) == ("整改措施期限为2026年10月15日，已逾期49天仍未提交。"
                                 "请督促被谈话人提交整改措施，收到后登记提交日期。")
    g = F.make("A11-NOTIFY-TEAM", "rectifications/x.yaml")
    assert "team_notified_on" in g.message and "team_notified_on" not in plain.sentence(g)


def test_a_file_finding_names_the_rule_and_hands_the_file_over() -> None:
    f = F.make("YAML-DUPLICATE-KEY", "people/a.yaml", key="name", first_line=2)
    assert plain.sentence(f) == "该记录文件的“重复字段”不符合要求。" + plain.action(f)
    assert "维护记录的同志" in plain.action(f)


@pytest.mark.parametrize("page", ["findings.html", "index.html", "accountability.html",
                                  "talks/shanhai-2026-022.html", "orgs/beishan-qw.html",
                                  "plans/shanhai-sw-2026.html", "rules.html", "coverage/shanhai-sw-8.html",
                                  "reports/shanhai-sw-2026.html", "rollup.html", "rectifications.html",
                                  "talks/index.html", "orgs/index.html", "people/zhao-gang.html"])
def test_office_pages_show_no_paths_field_names_or_commands(site: Path, page: str) -> None:
    text = visible(site / page)
    assert text, page
    assert not TECHNICAL.findall(text), (page, TECHNICAL.findall(text)[:5])


def test_technical_details_are_kept_folded_under_each_finding(site: Path) -> None:
    html = (site / "findings.html").read_text(encoding="utf-8")
    details = re.findall(r'<details class="td-tech">(.*?)</details>', html, re.S)
    assert len(details) > 10
    assert any("records/rectifications/shanhai-2026-022.yaml:" in d and "A11-MEASURES-LATE" in d for d in details)
    assert all("技术细节（供维护记录的同志参考）" in d for d in details)
    text = visible(site / "findings.html")
    assert "整改措施期限（第十一条第一款）" in text and "请督促被谈话人提交整改措施" in text


# --- settings, 404 ------------------------------------------------------------------------------------------------
def test_every_setting_has_a_chinese_meaning_and_its_value_in_words() -> None:
    rows = Settings().described_rows()
    assert all(meaning != name and not re.search(r"[a-z]_", meaning) for name, meaning, _ in rows)
    assert {name for name, _, _ in rows} == set(catalog.SETTING)
    shown = {name: value for name, _, value in rows}
    assert shown["leader_change_counts_as"] == "仍算已覆盖（另作提示）"
    assert shown["plan_missing_after"] == "3月31日" and shown["coverage_risk_months"] == "6个月"
    assert shown["distribution_required"] == f"{catalog.UNIT['discipline']}、{catalog.UNIT['organization']}"


@pytest.mark.parametrize(("value", "sentence"), [("covered", "“一把手”调整前已谈话的，视为已覆盖"),
                                               ("uncovered", "“一把手”调整前已谈话的，不视为已覆盖")])
def test_leader_change_setting_reads_as_a_sentence(value: str, sentence: str) -> None:
    said = Settings(leader_change_counts_as=value).leader_change_sentence()
    assert said.startswith(sentence) and not re.search(r"[A-Za-z]", said)


def test_coverage_page_explains_settings_in_words(site: Path) -> None:
    text = visible(site / "coverage/shanhai-sw-8.html")
    assert "“一把手”调整前已谈话的，视为已覆盖" in text and "距届满不足6个月" in text
    assert not TECHNICAL.findall(text), TECHNICAL.findall(text)[:5]
    assert "covered" not in text


def test_rules_page_folds_the_checks_of_record_files(site: Path) -> None:
    html = (site / "rules.html").read_text(encoding="utf-8")
    folded = html[html.index('<details class="td-tech"><summary>技术细节（供维护记录的同志参考）：'):]
    assert all(f'data-td-rules="{g}"' in folded for g in ("reference", "schema", "input"))
    assert 'data-td-rules="measures"' not in folded and 'data-td-rules="audit"' not in folded
    text = visible(site / "rules.html")
    assert "第十一条第一款" in text and "SETTINGS-UNKNOWN-BODY" not in text and "confidential" not in text


def test_rules_page_shows_settings_in_words(site: Path) -> None:
    text = visible(site / "rules.html")
    assert "谈话后“一把手”更换时，本届覆盖如何计算" in text and "仍算已覆盖（另作提示）" in text
    assert "leader_change_counts_as" not in text


def test_404_page_is_chinese_and_links_relative_to_the_site_root(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "找不到该页面" in html and "Not found" not in html
    assert not re.search(r'(?:href|src)="/(?!/)', html)
    assert 'href="./index.html"' in html or 'href="index.html"' in html
    for ref in re.findall(r'(?:href|src)="\./([^"#?]+)"', html):
        assert (site / ref).exists(), ref


def test_root_relative_rewrites_only_root_links() -> None:
    html = '<a href="/index.html"><img src="/talkdocs/a.svg"><a href="//x.invalid/">{"base": "/"}'
    assert links.root_relative(html) == ('<a href="./index.html"><img src="./talkdocs/a.svg">'
                                         '<a href="//x.invalid/">{"base": "."}')
    under = links.root_relative('<a href="/talkdocs/a.html">"base": "/talkdocs"', "/talkdocs/")
    assert under == '<a href="./a.html">"base": "."'
    page = links.root_relative('<head><meta charset="utf-8"><link href="/a.css"></head>'
                               '<script id="__config" type="application/json">{"search": "/w.js"}</script>')
    # over http(s) the page sets its base to the site root before the style sheet (a missing page deep in the site)
    assert page.index('b.href=new URL("/",location.href)') < page.index('href="./a.css"')
    assert '"search": "./w.js"' in page and page.endswith('j.base=document.baseURI.replace(/[^/]*$/,"");'
                                                         'c.textContent=JSON.stringify(j)})()</script>')


# --- the small wrongs a reader notices (issue 17 point 4) ----------------------------------------------------------
def test_orgs_are_listed_by_kind_then_the_offices_order_then_pinyin(site: Path) -> None:
    from generator.engine.checker import check
    from generator.model import ordering

    repo = check(RECORDS, AS_OF).repository
    city = [o.name for o in repo.lower_level("shanhai-sw")]
    counties = [o.label for o in repo.lower_level("shanhai-sw") if o.kind == "county_committee"]
    # by the name people use: 北山区委 first, not after 南湖县委 for the 山海市 of its full name
    assert counties == ["北山区委", "东岭县委", "海阳县委", "南湖县委", "西江区委"]
    kinds = [list(catalog.ORG_KIND).index(o.kind) for o in repo.lower_level("shanhai-sw")]
    assert kinds == sorted(kinds)
    text = visible(site / "orgs" / "index.html")
    assert [text.index(name) for name in city] == sorted(text.index(name) for name in city)
    org = repo.orgs["nanhu-xw"]
    from dataclasses import replace
    assert ordering.org_key(replace(org, order=1)) < ordering.org_key(repo.orgs["dongling-xw"])


def test_pinyin_order_is_not_code_point_order() -> None:
    from generator.model import ordering
    names = ["南湖县委", "东岭县委", "海阳县委", "北山区委"]
    assert sorted(names, key=ordering.pinyin_key) == ["北山区委", "东岭县委", "海阳县委", "南湖县委"]


def test_one_line_per_person_and_post_on_an_org_page(site: Path) -> None:
    html = (site / "orgs" / "shanhai-sw.html").read_text(encoding="utf-8")
    table = re.search(r'<table data-td-team="shanhai-sw">(.*?)</table>', html, re.S)
    assert table is not None
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    people = [re.sub(r"<[^>]+>", "", r.split("</td>")[0]) for r in rows[1:]]
    assert len(people) == len(set(people)), people
    assert "书记（“一把手”）" in rows[1], "the secretary and 一把手 comes first, on one line"
    assert "历任“一把手”" not in html


def test_rollup_says_when_a_body_has_no_findings(site: Path) -> None:
    html = (site / "rollup.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-body="donghai-sw">(.*?)</tr>', html, re.S)
    assert row is not None
    last = row.group(1).rsplit("<td>", 1)[1]
    assert "未发现问题" in last


def test_rectification_tracker_has_filters_and_the_confidential_badge(site: Path) -> None:
    html = (site / "rectifications.html").read_text(encoding="utf-8")
    assert 'data-td-filters="rectifications"' in html and 'data-filter="org"' in html
    assert re.search(r'<tr data-talk="[^"]+" data-state="[^"]+" data-year="2026" data-org="', html)
    assert catalog.CONFIDENTIAL_BADGE in html and "td-secret" in html


def test_archived_files_are_in_the_site_and_linked(site: Path) -> None:
    html = (site / "talks" / "shanhai-2026-002.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]+)" data-td-archive>', html)
    assert hrefs and all((site / "talks" / h).resolve().is_file() for h in hrefs)
    missing = (site / "talks" / "shanhai-2026-019.html").read_text(encoding="utf-8")
    assert "（仓库中不存在）" in missing


# --- links a reader follows ----------------------------------------------------------------------------------------
def test_report_appendix_links_each_talk_to_its_page(site: Path) -> None:
    html = (site / "reports/shanhai-sw-2026.html").read_text(encoding="utf-8")
    appendix = html[html.index("计入本报告的谈话"):]
    appendix = appendix[:appendix.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", appendix, re.S)
    hrefs = [re.search(r'<a href="([^"]+)">(shanhai-2026-\d{3})</a>', row) for row in rows[1:]]
    assert len(hrefs) == 23 and all(hrefs), rows[:3]
    for match in hrefs:
        assert match is not None and match.group(1).startswith("../talks/") and match.group(2) in match.group(1)
        assert (site / "reports" / match.group(1)).resolve().exists(), match.group(1)
    text = visible(site / "reports/shanhai-sw-2026.html")
    assert "shanhai-2026-" not in text[:text.index("计入本报告的谈话")]  # the body names talks by org and date


def test_standalone_report_html_has_no_links_to_site_pages(tmp_path: Path) -> None:
    from generator.cli.app import main
    out = tmp_path / "r.html"
    assert main(["report", "--committee", "shanhai-sw", "--year", "2026", "--records", str(RECORDS),
                 "--as-of", AS_OF.isoformat(), "-o", str(out)]) == 0
    assert "<a href" not in out.read_text(encoding="utf-8")


def test_no_stray_spaces_around_names_and_counts_on_record_pages(site: Path) -> None:
    org = visible(site / "orgs" / "shanhai-sw.html")
    assert "现任“一把手”赵刚" in org and re.search(r"其中定期谈话\d+次，及时谈话\d+次。", org)
    assert "（完成时限为2026年6月30日）" in visible(site / "talks" / "shanhai-2026-007.html")


def test_rectification_tracker_marks_confidential_talks_like_the_talks_index(site: Path) -> None:
    def secret_rows(page: str) -> set[str]:
        html = (site / page).read_text(encoding="utf-8")
        rows = re.findall(r'<tr [^>]*data-text="(shanhai-\d{4}-\d{3}) [^"]*">(.*?)</tr>', html, re.S)
        return {talk for talk, row in rows if 'class="td-badge td-secret"' in row}
    tracked = secret_rows("rectifications.html")
    assert "shanhai-2026-017" in tracked  # the sample's confidential talk
    listed = secret_rows("talks/index.html")
    assert tracked <= listed, tracked - listed
    tracker = (site / "rectifications.html").read_text(encoding="utf-8")
    assert re.search(r'<form [^>]*data-td-filters="rectifications"', tracker)


def test_rules_page_names_the_rules_a_setting_decides_by_their_short_names(site: Path) -> None:
    said = plain.with_short_names("是否顺延（A11-MEASURES-LATE、A11-STATUS-LATE）")
    assert said == "是否顺延（整改措施期限、整改情况报告期限）"
    assert plain.with_short_names("未知的 X-UNKNOWN-RULE") == "未知的 X-UNKNOWN-RULE"
    html = (site / "rules.html").read_text(encoding="utf-8")
    policies = html[html.index('data-td-list="policies"'):]
    policies = policies[:policies.index("</table>")]
    assert "（年度计划）" in policies and "A5-PLAN-EXISTS" not in policies
