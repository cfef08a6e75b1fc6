"""The object the site's templates look everything up in: :class:`Site` (the view, the context, the figures).

:mod:`generator.site.pages` makes one :class:`Site` per build and hands it to every page; the templates call
its lookups (names, findings of a record, a matrix's cells, a talk's timeline…).  Figures come from
:mod:`generator.site.figures` and :mod:`generator.measures`, computed once per build (``cached_property``)
and indexed so that a province's 100,000 records do not make page building quadratic.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

from generator.findings.finding import Finding
from generator.measures import coverage, deadlines, progress
from generator.measures.leads import Lead
from generator.measures.leads import leads as all_leads
from generator.model import catalog
from generator.model.audience import View
from generator.model.context import Context
from generator.model.repository import Org, Person, Plan, Talk
from generator.model.settings import DEFAULTS
from generator.rules.table import RULES, Rule
from generator.site import changes, figures, links, listing, org_page, record_index, talk_page
from generator.site.changes import History, HistoryEntry


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
    def plan_items(self) -> tuple[progress.PlanItemState, ...]:
        """Every plan item with its state."""
        return progress.plan_items(self.view.repository, self.ctx)

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

    def lead_page(self, lead: Lead) -> str:
        """The page that tells more about a lead: the coverage matrix of the term, or the talk."""
        return links.coverage(lead.committee, lead.term) if lead.kind == "uncovered" else links.talk(lead.record)

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
    def _items_by_key(self) -> Mapping[tuple[str, int, str], progress.PlanItemState]:
        out: dict[tuple[str, int, str], progress.PlanItemState] = {}
        for s in self.plan_items:
            out.setdefault((s.plan.committee, s.plan.year, s.item.id), s)
        return out

    @cached_property
    def _items_by_plan(self) -> Mapping[str, tuple[progress.PlanItemState, ...]]:
        out: dict[str, list[progress.PlanItemState]] = defaultdict(list)
        for s in self.plan_items:
            out[s.plan.id].append(s)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _items_by_org(self) -> Mapping[tuple[str, str], tuple[progress.PlanItemState, ...]]:
        out: dict[tuple[str, str], list[progress.PlanItemState]] = defaultdict(list)
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
                out[t.person].append((org, t, catalog.role_label(t.role, org.kind) or "领导班子成员"))
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

    def coverage_of(self, org_id: str) -> list[tuple[str, int, str, str, str]]:
        """The matrices an org appears in, as its page lists them: the body's id, the term's number, the body's
        label, the org's coverage state and its new "一把手" not yet talked with ("" if none).  Only these: under
        ``serve`` the page is drawn again when they change (:mod:`.page_memo`), not whenever the matrix does."""
        return [(tc.body.id, tc.window.term.number, tc.body.label, row.state,
                 row.new_leader.person if row.new_leader else "") for tc, row in self._coverage_by_org.get(org_id, ())]

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

    def plan_item_state(self, committee: str, year: int, item_id: str) -> progress.PlanItemState | None:
        """A plan item's state."""
        return self._items_by_key.get((committee, year, item_id))

    def items_of(self, plan: Plan) -> list[progress.PlanItemState]:
        """A plan's items with their states."""
        return list(self._items_by_plan.get(plan.id, ()))

    def measures(self, talk: Talk) -> tuple[progress.MeasureRow, ...]:
        """A talk's rectification measures."""
        return progress.measure_rows(self.view.repository, talk, self.ctx)

    def deadlines_of(self, talk: Talk) -> deadlines.RectificationDeadlines | None:
        """A talk's Art. 11 deadlines, when the Measures apply to it."""
        row = self.talk_row(talk.id)
        return row.deadlines if row else None

    def steps(self, talk: Talk) -> list[tuple[int, str, str, Any]]:
        """(position in Art. 10, code, label, entry or None) for the five steps, recorded ones in recorded order."""
        return talk_page.steps(talk)

    def by_unit(self, talk: Talk) -> list[tuple[str, list[Any], list[Any]]]:
        """(unit label, participants, materials provided) per cooperating unit, in catalog order."""
        return talk_page.by_unit(talk)

    def timeline(self, talk: Talk) -> list[tuple[dt.date, str, str]]:
        """(date, event, state label) of a talk's rectification, in date order."""
        rect = self.view.repository.rectifications.get(talk.id)
        return talk_page.timeline(talk, rect, self.deadlines_of(talk), self.measures(talk))

    def positions(self, person: Person) -> list[tuple[Org, Any, str]]:
        """(org, tenure, post) for every post a person held: "一把手" or a leadership-team role."""
        return list(self._posts.get(person.id, ()))

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
        return listing.state_rank(state)

    def rectification_rows(self) -> list[figures.TalkRow]:
        """Talks with Art. 11 deadlines, most urgent first (:func:`listing.rectification_rows`)."""
        return listing.rectification_rows(self.talk_rows)

    def talk_filters(self) -> list[listing.Filter]:
        """(data attribute, title, [(value, label)]) for each filter of the talk index and the tracker."""
        return listing.talk_filters(self.talk_rows, self.view.repository, self.org_label, self.person_name)

    def org_tree(self) -> list[tuple[Org, int]]:
        """Every org with its depth, parents first, siblings in list order (:func:`listing.org_tree`)."""
        return listing.org_tree(self.view.repository)

    def setting(self, name: str) -> str:
        """A policy setting's value as shown."""
        return dict(self.ctx.settings.as_rows()).get(name, "")

    def recent_history(self, limit: int) -> list[tuple[str, HistoryEntry]] | None:
        """The latest changes over all records (None when no history was given)."""
        if self.history is None:
            return None
        entries = [(path, e) for path, items in self.history.items() for e in items]
        return sorted(entries, key=lambda pe: (pe[1].date, pe[0]), reverse=True)[:limit]

    def changes_by_commit(self, limit: int) -> list[tuple[str, HistoryEntry, list[changes.Change]]]:
        """The latest commits that changed records, by commit, records named by title (:func:`changes.by_commit`)."""
        return [] if self.history is None else changes.by_commit(self.history, self.record_at, limit)

    @cached_property
    def _titles(self) -> Mapping[str, tuple[str, str]]:
        return record_index.titles_by_path(self.view.repository, self.org_label, self.person_name)

    def record_at(self, path: str) -> tuple[str, str] | None:
        """(title, page) of the record in file ``path`` (relative to the records folder), or None when the
        site does not show it (a removed record, a file with errors)."""
        return self._titles.get(path)

    def record_name(self, record_id: str) -> str:
        """A record's title as its page is named ("" for a record the site does not show)."""
        repo = self.view.repository
        groups: tuple[Mapping[str, Any], ...] = (repo.talks, repo.orgs, repo.people, self._plans_by_id)
        path = next((g[record_id].path for g in groups if record_id in g), None)
        found = self.record_at(path) if path is not None else None
        return found[0] if found else ""

    @cached_property
    def archived_files(self) -> tuple[str, ...]:
        """The archived documents the site carries (talk pages link to them)."""
        return record_index.archived_files(self.view.repository)

    def archive_url(self, file: str) -> str:
        """The site path of an archived document the site carries, or ""."""
        return file if file in self.archived_files else ""

    def post_rows(self, org: Org) -> list[tuple[Any, str]]:
        """The org's leadership, one line per person and post (:func:`org_page.post_rows`)."""
        return list(org_page.post_rows(org, self.ctx.as_of, self.person_name))

    def rules(self) -> list[Rule]:
        """Every rule, Measures rules by article number (:func:`listing.rules_by_article`)."""
        return listing.rules_by_article()

    def settings_rows(self) -> list[tuple[str, str, str]]:
        """The policy settings in force: (name, Chinese meaning, value in words)."""
        return self.ctx.settings.described_rows(self.org_label)

    def setting_text(self, name: str) -> str:
        """A policy setting as office pages show it: "谈话后“一把手”更换时，本届覆盖如何计算：仍算已覆盖"."""
        return next((f"{meaning}：{value}" for key, meaning, value in self.settings_rows() if key == name), name)

    def default_words(self, name: str) -> str:
        """A setting's default value in words."""
        return next((value for key, _m, value in DEFAULTS.described_rows(self.org_label) if key == name), "")

    def finding_groups(self) -> list[tuple[str, list[tuple[str, list[Finding]]]]]:
        """(severity, [(rule id, findings)]) most severe first, rules by article number."""
        return listing.finding_groups(self.view.findings)

    def rule_text(self, rule_id: str) -> Any:
        """A rule of the rule table (None for an unknown id)."""
        return RULES.get(rule_id)

