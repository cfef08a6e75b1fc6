"""The pages of the site: which pages exist, their titles, templates and data.

:func:`plan_site` turns a :class:`~generator.site.audience.View` into :class:`Page` objects; it never reads
files (except the office's narrative for annual reports) and never touches git.  Change history is an
optional input (``history``) that the caller may pass in; pages show a 修改记录 section when it is given.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.annual import figures as annual
from generator.findings.finding import Finding, Severity
from generator.measures import coverage, deadlines
from generator.measures.leads import Lead
from generator.measures.leads import leads as all_leads
from generator.model import catalog, ordering
from generator.model.context import Context
from generator.model.repository import Org, Person, Plan, Talk
from generator.rules.table import RULES
from generator.site import figures, links
from generator.site.audience import View

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
SETTINGS_FILE = "settings.yaml"
STATE_ORDER = ("overdue", "late", "due_soon", "pending", "on_time", "done", "no_due", "after_as_of",
               "before_measures", "out_of_scope")


@dataclass(frozen=True)
class HistoryEntry:
    """One change to a record, for the optional 修改记录 section (filled by the caller, e.g. from git).

    ``summary`` is written for the audience the history was read for (a summary build's names no
    confidential field and quotes no commit message); ``confidential`` marks a change that is about
    confidential content only (the record was confidential in either version, or only confidential items
    changed): a summary build leaves it out, a full build marks it.
    """

    date: dt.date
    author: str
    summary: str
    revision: str = ""
    status: str = "changed"  # added | removed | renamed | changed
    confidential: bool = False
    public_summary: str | None = None  # the summary as a summary build shows it (None: ``summary`` itself)
    subject: str = ""  # the commit message's first line, in the full audience only ("" in a summary build)


History = Mapping[str, Sequence[HistoryEntry]]  # record path (relative to the records folder) → changes


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


@dataclass(frozen=True)
class Site:
    """Everything the templates look things up in: the view, the context and the computed figures."""

    view: View
    ctx: Context
    records_name: str  # the records folder as findings are shown ("records")
    history: History | None = None
    history_note: str = ""  # Chinese: why history is missing or partial ("" when complete)

    @property
    def repo(self) -> Any:
        """The repository shown (typed loosely for templates)."""
        return self.view.repository

    @cached_property
    def matrices(self) -> tuple[coverage.TermCoverage, ...]:
        """Every coverage matrix."""
        return coverage.coverage(self.view.repository, self.ctx)

    @cached_property
    def plan_items(self) -> tuple[figures.PlanItemState, ...]:
        """Every plan item with its state."""
        return figures.plan_items(self.view.repository, self.ctx)

    @cached_property
    def talk_rows(self) -> tuple[figures.TalkRow, ...]:
        """Every talk with its deadlines, newest first."""
        return figures.talk_rows(self.view.repository, self.ctx, self.view.findings)

    @cached_property
    def due(self) -> tuple[figures.DueItem, ...]:
        """What is overdue or due soon."""
        return figures.due_items(self.view.repository, self.ctx, self.talk_rows, self.plan_items)

    @cached_property
    def leads(self) -> tuple[Lead, ...]:
        """Accountability leads (Art. 17): the annual report's computation (generator.measures.leads)."""
        return all_leads(self.view.repository, self.ctx)

    @cached_property
    def rollup(self) -> tuple[figures.BodySummary, ...]:
        """Every body at a glance."""
        return figures.rollup(self.view.repository, self.ctx, self.matrices, self.talk_rows, self.plan_items,
                              self.view.findings)

    @cached_property
    def findings_by_record(self) -> Mapping[str, tuple[Finding, ...]]:
        """Findings grouped by the record they are about."""
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self.view.findings:
            out[f.record].append(f)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    # --- indexes, so that a province's 100,000 records do not make page building quadratic ---------------
    @cached_property
    def _rows_by_talk(self) -> Mapping[str, figures.TalkRow]:
        return {r.talk.id: r for r in self.talk_rows}

    @cached_property
    def _talks_by(self) -> Mapping[tuple[str, str], tuple[Talk, ...]]:
        """(role, id) → talks newest first; role: org, body, talker, interviewee."""
        out: dict[tuple[str, str], list[Talk]] = defaultdict(list)
        for r in self.talk_rows:
            t = r.talk
            out[("org", t.interviewee_org)].append(t)
            out[("body", t.committee)].append(t)
            out[("talker", t.talker)].append(t)
            for p in dict.fromkeys(t.interviewees):
                out[("interviewee", p)].append(t)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _items_by_key(self) -> Mapping[tuple[str, int, str], figures.PlanItemState]:
        out: dict[tuple[str, int, str], figures.PlanItemState] = {}
        for s in self.plan_items:
            out.setdefault((s.plan.committee, s.plan.year, s.item.id), s)
        return out

    @cached_property
    def _items_by_plan(self) -> Mapping[str, tuple[figures.PlanItemState, ...]]:
        out: dict[str, list[figures.PlanItemState]] = defaultdict(list)
        for s in self.plan_items:
            out[s.plan.id].append(s)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _items_by_org(self) -> Mapping[tuple[str, str], tuple[figures.PlanItemState, ...]]:
        out: dict[tuple[str, str], list[figures.PlanItemState]] = defaultdict(list)
        for s in self.plan_items:
            out[(s.plan.committee, s.item.org)].append(s)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _coverage_by_org(self) -> Mapping[str, tuple[tuple[coverage.TermCoverage, coverage.Row], ...]]:
        out: dict[str, list[tuple[coverage.TermCoverage, coverage.Row]]] = defaultdict(list)
        for tc in self.matrices:
            for r in tc.rows + tc.excluded:
                out[r.org.id].append((tc, r))
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _plans_by_id(self) -> Mapping[str, Plan]:
        return {p.id: p for p in self.view.repository.plans.values()}

    @cached_property
    def _posts(self) -> Mapping[str, tuple[tuple[Org, Any, str], ...]]:
        out: dict[str, list[tuple[Org, Any, str]]] = defaultdict(list)
        for org in sorted(self.view.repository.orgs.values(), key=lambda o: o.id):
            for t in org.leaders:
                out[t.person].append((org, t, "“一把手”"))
            for t in org.team:
                out[t.person].append((org, t, catalog.label(catalog.ROLE, t.role) or "领导班子成员"))
        return {k: tuple(sorted(v, key=lambda x: (x[1].start, x[0].id, x[2]))) for k, v in out.items()}

    @cached_property
    def severity_counts(self) -> Mapping[str, int]:
        """Findings per severity."""
        return figures.severity_counts(self.view.findings)

    # --- lookups used by the templates ----------------------------------------------------------------
    def person_name(self, person_id: str) -> str:
        """A person's name (the id when the person is not shown)."""
        return str(self.view.repository.person_name(person_id))

    def has_person(self, person_id: str) -> bool:
        """Whether the person has a page."""
        return person_id in self.view.repository.people

    def org_label(self, org_id: str | None) -> str:
        """An org's short name."""
        return str(self.view.repository.org_label(org_id))

    def has_org(self, org_id: str | None) -> bool:
        """Whether the org has a page."""
        return bool(org_id) and org_id in self.view.repository.orgs

    def finding_page(self, f: Finding) -> str:
        """The page about the record a finding is on, or "" when there is none."""
        repo = self.view.repository
        if f.record in repo.talks:
            return links.talk(f.record)
        if f.record in repo.orgs:
            return links.org(f.record)
        if f.record in repo.people:
            return links.person(f.record)
        plan = self._plans_by_id.get(f.record)
        return links.plan(plan.committee, plan.year) if plan else ""

    def finding_place(self, f: Finding) -> str:
        """``records/path:line`` as the findings list shows it."""
        if not f.path:
            return self.records_name
        where = f"{self.records_name}/{f.path}"
        return f"{where}:{f.line}" if f.line else where

    @cached_property
    def _records_by_path(self) -> Mapping[str, tuple[str, str]]:
        repo = self.view.repository
        out: dict[str, tuple[str, str]] = {SETTINGS_FILE: ("政策设置", links.RULES)}
        for talk in repo.talks.values():
            out[talk.path] = (_talk_title(self, talk), links.talk(talk.id))
        for rect in repo.rectifications.values():
            subject = repo.talks.get(rect.talk)
            if subject is not None:
                out[rect.path] = (f"{_talk_title(self, subject)} 的整改", links.talk(rect.talk))
        for org in repo.orgs.values():
            out[org.path] = (org.name, links.org(org.id))
        for person in repo.people.values():
            out[person.path] = (person.name, links.person(person.id))
        for plan in repo.plans.values():
            out[plan.path] = (f"{self.org_label(plan.committee)}{plan.year}年度定期谈话计划",
                              links.plan(plan.committee, plan.year))
        return out

    def record_at(self, path: str) -> tuple[str, str] | None:
        """(title, page) of the record in file ``path`` (relative to the records folder), or None when the
        site does not show it (a removed record, a file with errors)."""
        return self._records_by_path.get(path)

    def record_name(self, record_id: str) -> str:
        """A record's title as its page is named ("" for a record the site does not show)."""
        repo = self.view.repository
        for group in (repo.talks, repo.orgs, repo.people):
            if record_id in group:
                found = self.record_at(group[record_id].path)
                return found[0] if found else ""
        plan = self._plans_by_id.get(record_id)
        found = self.record_at(plan.path) if plan else None
        return found[0] if found else ""

    @cached_property
    def archived_files(self) -> tuple[str, ...]:
        """The archived documents the site carries: those the shown records name and the repository has."""
        repo = self.view.repository
        named = [t.record.file for t in repo.talks.values() if t.record is not None and t.record.file]
        named += [d.file for r in repo.rectifications.values() for d in r.documents if d.file]
        return tuple(sorted({f for f in named if f in repo.files and links.archive(f)}))

    def archive_url(self, file: str) -> str:
        """The site path of an archived document the site carries, or ""."""
        return file if file in self.archived_files else ""

    def findings_for(self, *record_ids: str) -> tuple[Finding, ...]:
        """Findings about any of the records."""
        return tuple(f for r in record_ids for f in self.findings_by_record.get(r, ()))

    def history_of(self, path: str) -> Sequence[HistoryEntry] | None:
        """The change history of a record file, or None when no history was given."""
        if self.history is None:
            return None
        return self.history.get(path, ())

    def talk_row(self, talk_id: str) -> figures.TalkRow | None:
        """The index row of a talk."""
        return self._rows_by_talk.get(talk_id)

    def coverage_of(self, org_id: str) -> list[tuple[coverage.TermCoverage, coverage.Row]]:
        """The matrices an org appears in, with its row."""
        return list(self._coverage_by_org.get(org_id, ()))

    def cells(self, tc: coverage.TermCoverage, row: coverage.Row) -> tuple[figures.Cell, ...]:
        """The year cells of a matrix row."""
        return figures.cells(tc, row, self.ctx, self._items_by_org.get((tc.body.id, row.org.id), ()))

    def matrix_groups(self, tc: coverage.TermCoverage) -> list[tuple[str, list[coverage.Row]]]:
        """A matrix's rows grouped by org kind, in catalog order."""
        order = list(catalog.ORG_KIND)
        groups: dict[str, list[coverage.Row]] = defaultdict(list)
        for row in tc.rows:
            groups[row.org.kind].append(row)
        kinds = sorted(groups, key=lambda k: (order.index(k) if k in order else len(order), k))
        return [(catalog.label(catalog.ORG_KIND, k), groups[k]) for k in kinds]

    def year_totals(self, tc: coverage.TermCoverage) -> list[int]:
        """Periodic talks counted in the matrix, per year of the term."""
        return [sum(len(r.talks_in(y)) for r in tc.rows) for y in tc.window.years]

    def leader_now(self, org: Org, tc: coverage.TermCoverage | None = None) -> str:
        """The person id of an org's current "一把手" (as of the as-of date, or the term's end)."""
        day = self.ctx.as_of if tc is None else min(self.ctx.as_of, tc.window.end)
        tenure = org.leader_on(day)
        return tenure.person if tenure else ""

    def plan_item_state(self, committee: str, year: int, item_id: str) -> figures.PlanItemState | None:
        """A plan item's state."""
        return self._items_by_key.get((committee, year, item_id))

    def items_of(self, plan: Plan) -> list[figures.PlanItemState]:
        """A plan's items with their states."""
        return list(self._items_by_plan.get(plan.id, ()))

    def measures(self, talk: Talk) -> tuple[figures.MeasureRow, ...]:
        """A talk's rectification measures."""
        return figures.measure_rows(self.view.repository, talk, self.ctx)

    def deadlines_of(self, talk: Talk) -> deadlines.RectificationDeadlines | None:
        """A talk's Art. 11 deadlines, when the Measures apply to it."""
        row = self.talk_row(talk.id)
        return row.deadlines if row else None

    def steps(self, talk: Talk) -> list[tuple[int, str, str, Any]]:
        """(position in Art. 10, code, label, entry or None) for the five steps, recorded ones in recorded order."""
        order = list(catalog.STEP_ORDER)
        seen = [(order.index(s.key) + 1 if s.key in order else 0, s.key, catalog.label(catalog.STEP, s.key), s)
                for s in talk.steps]
        recorded = {s.key for s in talk.steps}
        missing = [(i + 1, code, catalog.STEP[code], None) for i, code in enumerate(order) if code not in recorded]
        return seen + missing

    def by_unit(self, talk: Talk) -> list[tuple[str, list[Any], list[Any]]]:
        """(unit label, participants, materials provided) per cooperating unit, in catalog order."""
        order = list(catalog.UNIT)
        units = sorted({u.unit for u in talk.participants + talk.materials_provided},
                       key=lambda u: (order.index(u) if u in order else len(order), u))
        return [(catalog.label(catalog.UNIT, u), [p for p in talk.participants if p.unit == u],
                 [m for m in talk.materials_provided if m.unit == u]) for u in units]

    def timeline(self, talk: Talk) -> list[tuple[dt.date, str, str]]:
        """(date, event, state label) of a talk's rectification, in date order."""
        repo = self.view.repository
        rect = repo.rectifications.get(talk.id)
        events: list[tuple[dt.date, int, str, str]] = [(talk.date, 0, "谈话", "")]
        d = self.deadlines_of(talk)
        if d is not None:
            for n, (dl, name) in enumerate(((d.measures, "提交整改措施和思想认识"), (d.status, "报告整改情况"))):
                state = catalog.DEADLINE_STATE[dl.state]
                days = f"（{dl.days} 天）" if dl.state in ("late", "overdue") else ""
                left = f"（剩 {dl.days} 天）" if dl.state in ("due_soon", "pending") else ""
                events.append((dl.due, 10 + n, f"期限：{name}", state + days + left))
                if dl.submitted_on is not None:
                    events.append((dl.submitted_on, 20 + n, f"已{name}", ""))
        if rect is not None:
            if rect.team_notified_on:
                events.append((rect.team_notified_on, 30, "向领导班子其他成员通报第一责任人职责方面的整改措施", ""))
            for m in self.measures(talk):
                if m.due:
                    events.append((m.due, 40, f"整改事项 {m.key} 完成期限", m.label))
            v = rect.verification
            if v is not None and v.on is not None:
                events.append((v.on, 50, f"{catalog.label(catalog.UNIT, v.by)}核查",
                               catalog.label(catalog.VERIFICATION, v.result)))
        if talk.untruthful_on:
            events.append((talk.untruthful_on, 60, "认定被谈话人不如实报告情况", ""))
        return [(day, what, state) for day, _n, what, state in sorted(events)]

    def positions(self, person: Person) -> list[tuple[Org, Any, str]]:
        """(org, tenure, post) for every post a person held: "一把手" or a leadership-team role."""
        return list(self._posts.get(person.id, ()))

    def talks_where(self, test: Callable[[Talk], bool]) -> list[Talk]:
        """Talks matching ``test``, newest first."""
        return [r.talk for r in self.talk_rows if test(r.talk)]

    def talks_with_org(self, org_id: str) -> list[Talk]:
        """Talks with an org's "一把手", newest first."""
        return list(self._talks_by.get(("org", org_id), ()))

    def talks_by_body(self, org_id: str) -> list[Talk]:
        """Talks an org held as the conducting body, newest first."""
        return list(self._talks_by.get(("body", org_id), ()))

    def talks_as_talker(self, person_id: str) -> list[Talk]:
        """Talks a person held, newest first."""
        return list(self._talks_by.get(("talker", person_id), ()))

    def talks_as_interviewee(self, person_id: str) -> list[Talk]:
        """Talks a person was talked to in, newest first."""
        return list(self._talks_by.get(("interviewee", person_id), ()))

    def state_rank(self, state: str) -> int:
        """Sort key of a deadline or talk state: most urgent first."""
        return STATE_ORDER.index(state) if state in STATE_ORDER else len(STATE_ORDER)

    def rectification_rows(self) -> list[figures.TalkRow]:
        """Talks with Art. 11 deadlines, most urgent first, then by the earliest open due date."""
        rows = [r for r in self.talk_rows if r.deadlines is not None]

        def key(r: figures.TalkRow) -> tuple[int, dt.date, str]:
            d = r.deadlines
            assert d is not None
            due = min(x.due for x in (d.measures, d.status))
            return (self.state_rank(r.state), due, r.talk.id)
        return sorted(rows, key=key)

    def talk_filters(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """(data attribute, title, [(value, label)]) for each filter of the talk index."""
        talks = [r.talk for r in self.talk_rows]
        repo = self.view.repository
        years = sorted({str(t.date.year) for t in talks}, reverse=True)
        kinds = sorted({t.kind for t in talks}, key=lambda k: (k not in catalog.TALK_KIND, k))
        order = list(catalog.TRIGGER)
        triggers = sorted({u.unit for t in talks for u in t.triggers},
                          key=lambda c: (order.index(c) if c in order else len(order), c))
        orgs = [o.id for o in sorted({repo.orgs[t.interviewee_org] for t in talks if t.interviewee_org in repo.orgs},
                                     key=ordering.org_key)]
        talkers = sorted({t.talker for t in talks}, key=lambda p: ordering.name_key(self.person_name(p), p))
        states = sorted({r.state for r in self.talk_rows}, key=self.state_rank)
        return [
            ("year", "年份", [(y, f"{y}年") for y in years]),
            ("kind", "类型", [(k, catalog.label(catalog.TALK_KIND, k)) for k in kinds]),
            ("trigger", "情形", [(c, catalog.label(catalog.TRIGGER, c)) for c in triggers]),
            ("org", "对象单位", [(o, self.org_label(o)) for o in orgs]),
            ("talker", "谈话人", [(p, self.person_name(p)) for p in talkers]),
            ("state", "整改状态", [(s, figures.TALK_STATE.get(s, s)) for s in states]),
        ]

    def org_tree(self) -> list[tuple[Org, int]]:
        """Every org with its depth, parents before their lower-level orgs, siblings in list order (kind, the
        office's own order, pinyin)."""
        repo = self.view.repository
        out: list[tuple[Org, int]] = []

        def visit(org: Org, depth: int) -> None:
            out.append((org, depth))
            for child in repo.lower_level(org.id):
                visit(child, depth + 1)
        for org in sorted(repo.orgs.values(), key=ordering.org_key):
            if not org.parent or org.parent not in repo.orgs:
                visit(org, 0)
        return out

    def post_rows(self, org: Org) -> list[tuple[Any, str]]:
        """The org's leadership as one line per person and post: (tenure, role in words); current posts first,
        by rank (书记, 副书记, 常委, 成员), then by start date and pinyin.

        The "一把手" is written on the line of the same person's overlapping post in the leadership team
        ("书记（“一把手”）"), so that nobody is listed twice; a "一把手" outside the recorded team has a line of
        their own."""
        def overlaps(a: Any, b: Any) -> bool:
            return bool(a.start <= (b.end or dt.date.max) and b.start <= (a.end or dt.date.max))

        out: list[tuple[Any, str]] = []
        matched: set[int] = set()
        for post in org.team:
            lead = [i for i, t in enumerate(org.leaders) if t.person == post.person and overlaps(t, post)]
            matched.update(lead)
            role = catalog.label(catalog.ROLE, post.role)
            out.append((post, f"{role}（“一把手”）" if lead else role))
        out += [(t, "“一把手”") for i, t in enumerate(org.leaders) if i not in matched]
        ranks = {role: n + 1 for n, role in enumerate(catalog.ROLE)}  # the "一把手" alone ranks first (0)

        def key(row: tuple[Any, str]) -> tuple[bool, int, dt.date, Any]:
            post = row[0]
            past = post.end is not None and post.end < self.ctx.as_of
            return (past, ranks.get(post.role, 0), post.start, ordering.name_key(self.person_name(post.person)))
        return sorted(out, key=key)

    def setting(self, name: str) -> str:
        """A policy setting's value as shown."""
        return dict(self.ctx.settings.as_rows()).get(name, "")

    def recent_history(self, limit: int) -> list[tuple[str, HistoryEntry]] | None:
        """The latest changes over all records (None when no history was given)."""
        if self.history is None:
            return None
        entries = [(path, e) for path, items in self.history.items() for e in items]
        return sorted(entries, key=lambda pe: (pe[1].date, pe[0]), reverse=True)[:limit]

    def changes_by_commit(self, limit: int) -> list[tuple[str, HistoryEntry, list[tuple[str, str, str]]]]:
        """The latest commits that changed records, newest first: (revision, one entry, [(record title, page
        or "", what changed)]).  A record the site does not show (removed since) is named by its file; the
        commit message is the entry's ``subject``, shown once per commit, not once per record."""
        if self.history is None:
            return []
        commits: dict[str, tuple[HistoryEntry, list[tuple[str, str, str]]]] = {}
        for path, items in sorted(self.history.items()):
            found = self.record_at(path)
            title, page = found if found else (path, "")
            for entry in items:
                what = entry.summary
                if entry.subject and what.endswith(f"（{entry.subject}）"):
                    what = what[:-len(entry.subject) - 2]
                commits.setdefault(entry.revision, (entry, []))[1].append((title, page, what))
        ordered = sorted(commits.items(), key=lambda kv: (kv[1][0].date, kv[0]), reverse=True)
        return [(rev, entry, sorted(changes, key=lambda c: (c[1] == "", c[0])))
                for rev, (entry, changes) in ordered[:limit]]

    def rules(self) -> list[Any]:
        """Every rule, Measures rules by article number (A2, A5, … A20: numerically, not as text), the others
        in the rule table's order."""
        return sorted(RULES.values(), key=article_key)

    def settings_rows(self) -> list[tuple[str, str, str]]:
        """The policy settings in force: (name, Chinese meaning, value in words)."""
        return self.ctx.settings.described_rows(self.org_label)

    def setting_text(self, name: str) -> str:
        """A policy setting as office pages show it: "谈话后“一把手”更换时，本届覆盖如何计算：仍算已覆盖"."""
        for key, meaning, value in self.settings_rows():
            if key == name:
                return f"{meaning}：{value}"
        return name

    def finding_groups(self) -> list[tuple[str, list[tuple[str, list[Finding]]]]]:
        """(severity, [(rule id, findings)]) most severe first, rules by article number."""
        order = [rule.id for rule in self.rules()]
        out = []
        for sev in Severity:
            mine = [f for f in self.view.findings if f.severity is sev]
            rules = sorted({f.rule for f in mine}, key=lambda r: (order.index(r) if r in order else len(order), r))
            if rules:
                out.append((sev.value, [(r, [f for f in mine if f.rule == r]) for r in rules]))
        return out

    def rule_text(self, rule_id: str) -> Any:
        """A rule of the rule table (None for an unknown id)."""
        return RULES.get(rule_id)


def article_key(rule: Any) -> tuple[int, int]:
    """Sort key of a rule: the number of the first article in its id (``A5-…`` → 5, ``A14-A15-…`` → 14),
    rules without an article after them; ties keep the rule table's order (sorting is stable)."""
    match = re.match(r"A(\d+)-", rule.id)
    return (0, int(match.group(1))) if match else (1, 0)


def shown_paths(view: View) -> frozenset[str]:
    """The record files (relative to the records folder) whose records the view shows."""
    repo = view.repository
    groups = (repo.orgs, repo.people, repo.plans, repo.talks, repo.rectifications)
    return frozenset(record.path for group in groups for record in group.values())


def public_history(view: View, history: History) -> History:
    """The history a summary build may show (Art. 16): only records the view shows, without changes about
    confidential content.

    Records left out for being confidential, for pointing at what is left out or for their errors are not
    in the view: nothing about them is shown, not even their paths.  Nor are records no longer in the
    working tree: whether a removed record was confidential is not known without reading its last version.
    """
    shown = shown_paths(view) | {SETTINGS_FILE}
    out: dict[str, tuple[HistoryEntry, ...]] = {}
    for path, entries in history.items():
        kept = tuple(replace(e, summary=e.summary if e.public_summary is None else e.public_summary, subject="")
                     for e in entries if not e.confidential) if path in shown else ()
        if kept:
            out[path] = kept
    return out


def _talk_title(site: Site, talk: Talk) -> str:
    return f"{talk.id}：{site.org_label(talk.interviewee_org)} {site.person_name(talk.interviewee)}"


def _report_pages(site: Site, records_dir: Path, common: Mapping[str, Any]) -> list[Page]:
    """A 年度报告 page per body and year, from :mod:`generator.annual.render` when it is installed."""
    if importlib.util.find_spec("generator.annual.render") is None:
        return []
    from generator.annual import render as report_render  # imported late: optional, and it pulls in python-docx

    repo = site.view.repository
    out, made = [], []
    for committee, year in annual.reports_available(repo, site.ctx):
        # The office's narrative is free text that cannot be marked confidential: summary builds leave it out.
        narrative = () if site.view.is_summary else annual.read_narrative(records_dir, committee, year)
        report = annual.build(repo, site.ctx, committee, year, findings=site.view.findings, narrative=narrative)
        out.append(Page(links.report(committee, year), report.title, "", search=False,
                        markdown=str(report_render.to_markdown(report)), parent=("年度报告", links.REPORTS)))
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
        Page(links.HOME, "首页", "dashboard.j2", common, search=False),
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
                          "plan.j2", {**common, "plan": plan}, parent=("年度计划", links.PLANS)))
    for talk in sorted(repo.talks.values(), key=lambda t: t.id):
        pages.append(Page(links.talk(talk.id), _talk_title(site, talk), "talk.j2", {**common, "talk": talk},
                          parent=("谈话", links.TALKS)))
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
