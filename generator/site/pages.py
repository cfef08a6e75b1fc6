"""The pages of the site: which pages exist, their titles, templates and data.

:func:`plan_site` turns a :class:`~generator.model.audience.View` into :class:`Page` objects and the
:class:`~generator.site.view_model.Site` their templates look things up in; it never reads files (except the
office's narrative for annual reports) and never touches git.  Change history is an optional input
(``history``, :mod:`generator.site.changes`) that the caller may pass in; pages show a 修改记录 section when it
is given.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.annual import figures as annual
from generator.annual import render as report_render
from generator.annual.narrative import read_narrative
from generator.model.audience import View
from generator.model.context import Context
from generator.model.repository import Talk
from generator.site import downloads, links, record_index
from generator.site.changes import History, public_history
from generator.site.view_model import Site

NAV: tuple[tuple[str, str], ...] = (
    ("首页", links.HOME),
    ("覆盖矩阵", links.COVERAGE),
    ("年度计划", links.PLANS),
    ("谈话", links.TALKS),
    ("整改", links.RECTIFICATIONS),
    ("问责线索", links.ACCOUNTABILITY),
    ("汇总", links.ROLLUP),
    ("组织", links.ORGS),
    ("人员", links.PEOPLE),
    ("问题清单", links.FINDINGS),
    ("规则", links.RULES),
)
REPORTS_NAV = ("年度报告", links.REPORTS)
AUDIT_NAV = ("修改记录", links.AUDIT)


@dataclass(frozen=True)
class Page:
    """One page: where it goes, its title, how it is drawn and whether search indexes it."""

    path: str  # links.* page path, without extension
    title: str  # plain text
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    search: bool = True  # False: the whole page is left out of the search index
    markdown: str = ""  # a ready Markdown body (annual reports), used instead of the template
    parent: tuple[str, str] | None = None  # (title, page path) of the list a record page belongs to

    def meta(self) -> dict[str, Any]:
        """The page's front matter.

        Every page keeps the navigation (tabs on a wide screen, the menu on a narrow one; see talkdocs.css).
        A record page carries its "where am I" line (``td_crumbs``: plain-text titles and relative URLs,
        escaped by ``overrides/main.html``).
        """
        hide = [] if self.markdown else ["toc"]  # raw-HTML pages have no Markdown headings: an empty toc
        meta: dict[str, Any] = {"title": self.title, "hide": hide}
        if self.parent is not None:
            home = links.relative(links.HOME, self.path)
            meta["td_crumbs"] = [["首页", home], [self.parent[0], links.relative(self.parent[1], self.path)],
                                 [" ".join(self.title.split()), ""]]
        if not self.search:
            meta["search"] = {"exclude": True}
        return meta


def _talk_title(site: Site, talk: Talk) -> str:
    return record_index.talk_title(talk, site.org_label, site.person_name)


def _talk_href(talk_id: str, here: str) -> str:
    return links.relative(links.talk(talk_id), here)


def _report_pages(site: Site, records_dir: Path, common: Mapping[str, Any]) -> list[Page]:
    """A 年度报告 page per body and year, drawn by :mod:`generator.annual.render`."""
    repo = site.view.repository
    out, made = [], []
    for committee, year in annual.reports_available(repo, site.ctx):
        # The office's narrative is free text that cannot be marked confidential: summary builds leave it out.
        narrative = () if site.view.is_summary else read_narrative(records_dir, committee, year)
        report = annual.build(repo, site.ctx, committee, year, findings=site.view.findings, narrative=narrative)
        here = links.report(committee, year)
        body = report_render.to_markdown(report, functools.partial(_talk_href, here=here))
        title, _sep, rest = body.partition("\n")
        offered = downloads.links_html(downloads.report_links(site.view, report), here)
        # the report travels in the context: the plugin makes its Word file and print view from it
        out.append(Page(here, report.title, "", {"report": report}, search=False,
                        markdown=f"{title}\n\n{offered}\n{rest}", parent=("年度报告", links.REPORTS)))
        made.append((committee, year, report.title))
    if out:
        out.append(Page(links.REPORTS, "年度报告", "reports_index.j2", {**common, "reports": made}, search=False))
    return out


def plan_site(view: View, ctx: Context, records_dir: Path, *, history: History | None = None,
              history_note: str = "") -> tuple[
        Site, list[Page], tuple[tuple[str, str], ...]]:
    """The site object, every page in a stable order, and the navigation (title, page path)."""
    if history is not None and view.is_summary:
        history = public_history(view, history)
    site = Site(view, ctx, records_dir.name or "records", history, history_note)
    repo = view.repository
    common: dict[str, Any] = {"site": site}
    pages = [
        Page(links.HOME, "首页", "dashboard.j2", {**common, "downloads": downloads.dashboard_links(view, ctx)},
             search=False),
        Page(links.COVERAGE, "覆盖矩阵", "coverage_index.j2", common),
        Page(links.PLANS, "年度计划", "plans_index.j2", common, search=False),
        Page(links.TALKS, "谈话", "talks_index.j2", common, search=False),
        Page(links.RECTIFICATIONS, "整改", "rectifications.j2", common, search=False),
        Page(links.ACCOUNTABILITY, "问责线索", "accountability.j2", common, search=False),
        Page(links.ROLLUP, "汇总", "rollup.j2", common, search=False),
        Page(links.ORGS, "组织", "orgs_index.j2", common, search=False),
        Page(links.PEOPLE, "人员", "people_index.j2", common, search=False),
        Page(links.FINDINGS, "问题清单", "findings.j2", common, search=False),
        Page(links.RULES, "规则", "rules.j2", common),
    ]
    for tc in site.matrices:
        title = f"{tc.body.label} 第{tc.window.term.number}届 覆盖矩阵"
        pages.append(Page(links.coverage(tc.body.id, tc.window.term.number), title, "coverage.j2",
                          {**common, "tc": tc}, parent=("覆盖矩阵", links.COVERAGE)))
    for (committee, year), plan in sorted(repo.plans.items()):
        pages.append(Page(links.plan(committee, year), f"{site.org_label(committee)} {year}年度定期谈话计划",
                          "plan.j2", {**common, "plan": plan}, parent=("年度计划", links.PLANS),
                          search=False))  # indexed from the record (search_docs)
    for talk in sorted(repo.talks.values(), key=lambda t: t.id):
        pages.append(Page(links.talk(talk.id), _talk_title(site, talk), "talk.j2", {**common, "talk": talk},
                          parent=("谈话", links.TALKS), search=False))  # indexed from the record (search_docs)
    for org in sorted(repo.orgs.values(), key=lambda o: o.id):
        pages.append(Page(links.org(org.id), org.name, "org.j2", {**common, "org": org},
                          parent=("组织", links.ORGS)))
    for person in sorted(repo.people.values(), key=lambda p: p.id):
        pages.append(Page(links.person(person.id), person.name, "person.j2", {**common, "person": person},
                          parent=("人员", links.PEOPLE)))
    reports = _report_pages(site, records_dir, common)
    pages += reports
    nav = (*NAV, REPORTS_NAV) if reports else NAV
    if history is not None:
        pages.append(Page(links.AUDIT, "修改记录", "audit.j2", common, search=False))
        nav = (*nav, AUDIT_NAV)
    return site, pages, nav
