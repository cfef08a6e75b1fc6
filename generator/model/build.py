"""One builder per record kind: a schema-valid record → the model's frozen value (org, person, plan, talk,
rectification), and the :class:`~generator.model.repository.Repository` of them.

Builders trust the schema (required fields are there, with the right types) and the references (checked by
:mod:`generator.model.resolve` before anything is built).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from generator.load.instance_loader import LoadedFile
from generator.model import repository as M


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _req_date(value: Any) -> dt.date:
    parsed = _date(value)
    assert parsed is not None  # the schema requires it
    return parsed


# The builders below run once per record of a 100,000-record repository: tuples are built from list
# comprehensions, which is faster than from generators.
def _tenures(items: Iterable[dict[str, Any]]) -> tuple[M.Tenure, ...]:
    return tuple([
        M.Tenure(i["person"], _req_date(i["from"]), _date(i.get("to")), i.get("role", ""), bool(i.get("confidential")))
        for i in items
    ])


def _units(items: Iterable[dict[str, Any]], key: str = "unit", text: str = "name") -> tuple[M.Unit, ...]:
    return tuple([
        M.Unit(i[key], str(i.get(text, "") or ""), _date(i.get("on")), bool(i.get("confidential"))) for i in items
    ])


def _archive(item: dict[str, Any] | None) -> M.Archive | None:
    if item is None:
        return None
    return M.Archive(item.get("file", ""), item.get("archive_ref", ""), item.get("kept_by", ""), item.get("title", ""))


def build_org(d: dict[str, Any], path: str) -> M.Org:
    """An :class:`~generator.model.repository.Org` from its record."""
    terms = tuple(
        M.Term(t["number"], _req_date(t["start"]), _date(t.get("end")), i, bool(t.get("confidential")))
        for i, t in enumerate(d.get("terms", []))
    )
    return M.Org(
        id=d["id"], path=path, name=d["name"], kind=d["kind"], short_name=d.get("short_name", ""),
        parent=d.get("parent"), approved_by=d.get("approved_by"), terms=terms,
        leaders=_tenures(d.get("leaders", [])), team=_tenures(d.get("leadership_team", [])),
        in_scope=d.get("in_scope", True), reason=d.get("reason", ""),
        established_on=_date(d.get("established_on")), dissolved_on=_date(d.get("dissolved_on")),
        note=d.get("note", ""), confidential=bool(d.get("confidential")), order=d.get("order"),
    )


def build_person(d: dict[str, Any], path: str) -> M.Person:
    """A :class:`~generator.model.repository.Person` from its record."""
    return M.Person(d["id"], path, d["name"], d.get("title", ""), bool(d.get("confidential")))


def build_plan(d: dict[str, Any], path: str) -> M.Plan:
    """A :class:`~generator.model.repository.Plan` from its record."""
    items = tuple(
        M.PlanItem(i["id"], n, i["org"], i["talker"], _req_date(i["due"]), i.get("division", ""),
                   tuple(i.get("proposed_by", [])), i.get("note", ""), bool(i.get("confidential")))
        for n, i in enumerate(d["items"]) if i is not None
    )
    return M.Plan(d["committee"], d["year"], path, items, _date(d.get("approved_on")),
                  d.get("in_responsibility_list"), tuple(d.get("basis", [])), d.get("note", ""),
                  bool(d.get("confidential")))


def build_talk(d: dict[str, Any], path: str) -> M.Talk:
    """A :class:`~generator.model.repository.Talk` from its record."""
    interviewee = d["interviewee"]
    prep = d.get("preparation") or {}
    untruthful = d.get("untruthful") or {}
    return M.Talk(
        id=d["id"], path=path, committee=d["committee"], kind=d["kind"], date=_req_date(d["date"]),
        talker=d["talker"], interviewees=tuple(interviewee) if isinstance(interviewee, list) else (interviewee,),
        interviewee_org=d["interviewee_org"], plan_item=d.get("plan_item", ""),
        triggers=_units(d.get("triggers", []), "code", "detail"),
        participants=_units(d.get("participants", [])),
        materials_provided=_units(d.get("materials_provided", []), text="title"),
        self_check_on=_date(prep.get("self_check_on")), preparation_materials=tuple(prep.get("materials", [])),
        has_preparation="preparation" in d,
        steps=tuple([M.Entry(s["step"], s.get("summary", ""), confidential=bool(s.get("confidential")))
                     for s in d.get("steps", [])]),
        problems=tuple([M.Entry(p["id"], p["text"], p.get("area", ""), confidential=bool(p.get("confidential")))
                        for p in d.get("problems", [])]),
        requirements=tuple(d.get("requirements", [])), record=_archive(d.get("record")),
        distribution=_units(d.get("distribution", [])),
        untruthful_on=_date(untruthful.get("noted_on")), untruthful_detail=untruthful.get("detail", ""),
        status=d.get("status", "draft"), note=d.get("note", ""), confidential=bool(d.get("confidential")),
    )


def build_rectification(d: dict[str, Any], path: str) -> M.Rectification:
    """A :class:`~generator.model.repository.Rectification` from its record."""
    v = d.get("verification")
    return M.Rectification(
        talk=d["talk"], path=path, measures_submitted_on=_date(d.get("measures_submitted_on")),
        reflection_submitted_on=_date(d.get("reflection_submitted_on")),
        measures=tuple([M.Entry(m["id"], m["text"], m.get("area", ""), ref=m.get("problem", ""),
                                due=_date(m.get("due")), confidential=bool(m.get("confidential")))
                        for m in d.get("measures", [])]),
        team_notified_on=_date(d.get("team_notified_on")), status_report_on=_date(d.get("status_report_on")),
        progress=tuple([M.Entry(p["measure"], p.get("note", ""), status=p["status"],
                                confidential=bool(p.get("confidential"))) for p in d.get("progress", [])]),
        verification=M.Verification(v["by"], _date(v.get("on")), v["result"], v.get("note", "")) if v else None,
        documents=tuple(a for a in (_archive(x) for x in d.get("documents", [])) if a is not None),
        status=d.get("status", "draft"), note=d.get("note", ""), confidential=bool(d.get("confidential")),
    )


def repository(good: list[LoadedFile], known_files: frozenset[str]) -> M.Repository:
    """The model of records whose references resolve (``known_files``: the archived documents there are)."""
    orgs, people, plans, talks, rects = {}, {}, {}, {}, {}
    for loaded in good:
        d, path = loaded.data, loaded.path
        if loaded.kind == "org":
            orgs[d["id"]] = build_org(d, path)
        elif loaded.kind == "person":
            people[d["id"]] = build_person(d, path)
        elif loaded.kind == "plan":
            plans[(d["committee"], d["year"])] = build_plan(d, path)
        elif loaded.kind == "talk":
            talks[d["id"]] = build_talk(d, path)
        elif loaded.kind == "rectification":
            rects[d["talk"]] = build_rectification(d, path)
    return M.Repository(orgs, people, plans, talks, rects, known_files)
