"""What search finds on the record pages: the texts of talks, rectifications and plans, section by section.

Material's search plugin reads a rendered page's HTML; for the record pages the search index is made here
instead, from the records the page was drawn from (the audience's view, so a summary build's index cannot hold
what the summary left out).  Each :class:`SearchPage` is one page with its sections; a section's ``anchor`` is
the ``id`` of the heading on the page (``talk.j2``, ``plan.j2``), so a result leads to where its words are.

Indexed, because offices search them: the problems pointed out (Art. 10), the rectification requirements, the
step summaries, the timely-talk situations (Art. 5 para. 3), the measures and their progress notes (Art. 11),
the verification note, and plan item divisions.  Dates, deadlines, findings and history are not: they are
the same words on every page and would make every page a result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.model import catalog
from generator.model.repository import Plan, Repository, Talk
from generator.model.wording import cn_date
from generator.site import links
from generator.site.search_shards import FacetValue, IndexSection

CONFIDENTIAL_TAG = "保密"


@dataclass(frozen=True)
class SearchFacets:
    """What a page can be filtered by (empty: the page has no such property)."""

    committees: tuple[str, ...] = ()  # org ids of the committee (党委/党组) that held the talk or made the plan
    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()  # talk kind codes (periodic, timely)
    areas: tuple[str, ...] = ()  # problem area codes (Art. 8)


@dataclass(frozen=True)
class SearchPage:
    """A page as search sees it."""

    path: str  # links.* page path, without extension
    title: str
    sections: tuple[IndexSection, ...]
    facets: SearchFacets = SearchFacets()


def _lines(*parts: str) -> str:
    return "；".join(p for p in parts if p)


def talk_page(repo: Repository, talk: Talk, title: str) -> SearchPage:
    """The search sections of a talk's page (with its rectification)."""
    secret = talk.confidential
    kind = catalog.label(catalog.TALK_KIND, talk.kind)
    people = "、".join(repo.person_name(p) for p in talk.interviewees)
    head = _lines(f"{kind} {cn_date(talk.date)}",
                  f"{repo.org_label(talk.committee)} 谈话人 {repo.person_name(talk.talker)}",
                  f"被谈话人 {people}（{repo.org_label(talk.interviewee_org)}）")
    sections = [IndexSection("", title, head, secret)]
    if talk.triggers:
        texts = [_lines(catalog.label(catalog.TRIGGER, t.unit), t.text) for t in talk.triggers]
        sections.append(IndexSection("triggers", "谈话情形", "；".join(texts),
                                      secret or any(t.confidential for t in talk.triggers)))
    steps = [s for s in talk.steps if s.text]
    if steps:
        sections.append(IndexSection("steps", "谈话步骤", "；".join(s.text for s in steps),
                                      secret or any(s.confidential for s in steps)))
    if talk.problems:
        texts = [f"{p.key} {catalog.label(catalog.AREA, p.area)}：{p.text}" if p.area else f"{p.key} {p.text}"
                 for p in talk.problems]
        sections.append(IndexSection("problems", "指出的问题", "；".join(texts),
                                      secret or any(p.confidential for p in talk.problems)))
    if talk.requirements:
        sections.append(IndexSection("requirements", "整改要求", "；".join(talk.requirements), secret))
    rect = repo.rectifications.get(talk.id)
    if rect is not None:
        rsecret = secret or rect.confidential
        notes = {m.key: [p.text for p in rect.progress if p.key == m.key and p.text] for m in rect.measures}
        texts = [_lines(f"{m.key} {m.text}", *(f"进展：{n}" for n in notes[m.key])) for m in rect.measures]
        if texts:
            hidden = any(m.confidential for m in rect.measures) or any(p.confidential for p in rect.progress)
            sections.append(IndexSection("measures", "整改措施与进展", "；".join(texts), rsecret or hidden))
        v = rect.verification
        if v is not None:
            result = catalog.label(catalog.VERIFICATION, v.result)
            sections.append(IndexSection("verification", "整改核查", _lines(result, v.note), rsecret))
    if talk.untruthful_detail:
        sections.append(IndexSection("untruthful", "不如实报告情况", talk.untruthful_detail, secret))
    if talk.note:
        sections.append(IndexSection("note", "说明", talk.note, secret))
    areas = {p.area for p in talk.problems if p.area}
    if rect is not None:
        areas |= {m.area for m in rect.measures if m.area}
    facets = SearchFacets((talk.committee,), (talk.date.year,), (talk.kind,), tuple(sorted(areas)))
    return SearchPage(links.talk(talk.id), title, tuple(sections), facets)


def plan_item_anchor(item_id: str) -> str:
    """The ``id`` of a plan item's row on the plan page."""
    return f"item-{item_id}"


def plan_page(repo: Repository, plan: Plan, title: str) -> SearchPage:
    """The search sections of a plan's page: one per item (its org, talker, division and note)."""
    sections = [IndexSection("", title, f"{repo.org_label(plan.committee)} {plan.year}年度定期谈话计划",
                              plan.confidential)]
    for item in plan.items:
        text = _lines(f"{repo.org_label(item.org)} 谈话人 {repo.person_name(item.talker)}", item.division,
                      item.note)
        sections.append(IndexSection(plan_item_anchor(item.id), f"计划条目 {item.id}", text,
                                      plan.confidential or item.confidential))
    return SearchPage(links.plan(plan.committee, plan.year), title, tuple(sections),
                      SearchFacets((plan.committee,), (plan.year,), ("periodic",)))


def record_pages(repo: Repository, titles: dict[str, str]) -> Iterator[SearchPage]:
    """The search pages of every talk and plan of ``repo``; ``titles`` maps a page path to its title."""
    for (committee, year), plan in sorted(repo.plans.items()):
        path = links.plan(committee, year)
        yield plan_page(repo, plan, titles.get(path, path))
    for talk in sorted(repo.talks.values(), key=lambda t: t.id):
        path = links.talk(talk.id)
        yield talk_page(repo, talk, titles.get(path, path))


def facet_values(repo: Repository, pages: Iterable[SearchPage]) -> list[FacetValue]:
    """The values the search filters can take on ``pages``, with the names a query may give for each."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for page in pages:
        f = page.facets
        for committee in f.committees:
            org = repo.orgs.get(committee)
            names = (org.short_name, org.name) if org is not None else ()
            out[("committee", committee)] = (*(n for n in names if n), committee)
        for year in f.years:
            out[("year", str(year))] = (f"{year}年", str(year))
        for kind in f.kinds:
            label = catalog.label(catalog.TALK_KIND, kind)
            out[("kind", kind)] = (label, label.removesuffix("谈话"), kind)
        for area in f.areas:
            out[("area", area)] = (catalog.label(catalog.AREA, area), area)
    return [FacetValue(facet, code, names) for (facet, code), names in sorted(out.items())]
