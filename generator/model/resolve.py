"""Schema-valid records → a resolved :class:`~generator.model.repository.Repository`, plus reference findings.

The model's values are made from the records that resolve by :mod:`generator.model.build`, one builder per
record kind; this module decides which records those are.

Reference checks (unique ids, every reference resolves, plan item exists) live here because the model can
only be built once they hold: a record whose references do not resolve is reported and left out, so the
rules never meet a dangling id.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from generator.findings import finding as F
from generator.load import layout
from generator.load.instance_loader import LoadedFile
from generator.model import build
from generator.model import repository as M
from generator.schema.validate import record_id


class _Ref(NamedTuple):  # a named tuple: a talk has eight references, a province 200,000
    pointer: F.Pointer
    target: str
    what: str  # the Chinese name of what is referenced
    kind: str  # org | person | talk


def references(kind: str, d: dict[str, Any]) -> list[_Ref]:
    """Every cross-record reference in a record, with where it is written."""
    out: list[_Ref] = []
    if kind == "org":
        for key, what in (("parent", "上级组织"), ("approved_by", "批准设立的党组织")):
            if d.get(key):
                out.append(_Ref((key,), d[key], what, "org"))
        for key in ("leaders", "leadership_team"):
            out += [_Ref((key, i, "person"), t["person"], "人员", "person") for i, t in enumerate(d.get(key, []))]
    elif kind == "plan":
        out.append(_Ref(("committee",), d["committee"], "党委（党组）", "org"))
        for i, item in enumerate(d["items"]):
            if item is None:  # left out (see _without_items): its position is kept for the others' pointers
                continue
            out += [_Ref(("items", i, "org"), item["org"], "组织", "org"),
                    _Ref(("items", i, "talker"), item["talker"], "谈话人", "person")]
    elif kind == "talk":
        out += [_Ref(("committee",), d["committee"], "党委（党组）", "org"),
                _Ref(("talker",), d["talker"], "谈话人", "person"),
                _Ref(("interviewee_org",), d["interviewee_org"], "组织", "org")]
        people = d["interviewee"] if isinstance(d["interviewee"], list) else [d["interviewee"]]
        pointers: list[F.Pointer] = [("interviewee",)]
        if isinstance(d["interviewee"], list):
            pointers = [("interviewee", i) for i in range(len(people))]
        out += [_Ref(p, who, "被谈话人", "person") for p, who in zip(pointers, people, strict=True)]
    elif kind == "rectification":
        out.append(_Ref(("talk",), d["talk"], "谈话", "talk"))
    return out


_HINTS = {
    "org": "在 records/orgs/ 中建立该组织的记录（talkdocs new org），或改正编号",
    "person": "在 records/people/ 中建立该人员的记录（talkdocs new person），或改正编号",
    "talk": "核对谈话编号；整改记录的文件名与 talk 都应是谈话的 id",
}


def _file_findings(kind: str, d: dict[str, Any], rel: str, rid: str) -> list[F.Finding]:
    """Archived-file paths must stay inside the records folder."""
    paths: list[tuple[F.Pointer, str]] = []
    if kind == "talk" and isinstance(d.get("record"), dict) and d["record"].get("file"):
        paths.append((("record", "file"), d["record"]["file"]))
    if kind == "rectification":
        paths += [(("documents", i, "file"), doc["file"]) for i, doc in enumerate(d.get("documents", []))
                  if doc.get("file")]
    out = []
    for pointer, value in paths:
        if not is_inside(value):
            out.append(F.make("REF-FILE-PATH", rel, record=rid, pointer=pointer, file=value))
    return out


def is_inside(path: str) -> bool:
    """Whether a path written in a record stays inside the records folder (no absolute path, no ``..``)."""
    if not path or path.startswith(("/", "\\")) or "\\" in path or ":" in path:
        return False
    return ".." not in PurePosixPath(path).parts


def _duplicate_items(kind: str, d: dict[str, Any], rel: str, rid: str) -> list[F.Finding]:
    lists = {
        "plan": [("items", "计划条目")],
        "talk": [("problems", "问题")],
        "rectification": [("measures", "整改措施")],
    }
    out = []
    for key, what in lists.get(kind, []):
        seen: set[str] = set()
        for i, item in enumerate(d.get(key, [])):
            if item["id"] in seen:
                out.append(F.make("REF-DUPLICATE-ITEM", rel, record=rid, pointer=(key, i, "id"), what=what,
                                  ref=item["id"]))
            seen.add(item["id"])
    return out


@dataclass(frozen=True)
class Resolved:
    """The model and the findings made while building it."""

    repository: M.Repository
    per_record: tuple[F.Finding, ...]  # about one record alone, given the ids of all the others
    links: tuple[F.Finding, ...]  # about a talk and its body's plan, or a rectification and its talk

    @property
    def findings(self) -> tuple[F.Finding, ...]:
        """Every finding made while resolving."""
        return self.per_record + self.links


def resolve(
    valid: list[LoadedFile], known_files: frozenset[str], invalid_ids: frozenset[tuple[str, str]] = frozenset()
) -> Resolved:
    """Check ids and references across records and build the model from those that resolve.

    ``invalid_ids`` are (kind, id) of records that parsed but failed their schema: they are reported already,
    so a reference to one of them is not reported again as dangling.
    """
    findings: list[F.Finding] = []
    ids: dict[str, dict[str, LoadedFile]] = {kind: {} for kind in layout.ID_KINDS}
    accepted: list[LoadedFile] = []
    for loaded in valid:
        if loaded.kind in ids:
            rid = loaded.data["id"]
            other = ids[str(loaded.kind)].get(rid)
            if other is not None:
                findings.append(F.make("REF-DUPLICATE-ID", loaded.path, record=rid, pointer=("id",), id=rid,
                                       other=other.path))
                continue
            ids[str(loaded.kind)][rid] = loaded
        accepted.append(loaded)

    cycles = {key: _cycles({oid: lf.data.get(key) for oid, lf in ids["org"].items()}) for key in _CHAINS}
    good: list[LoadedFile] = []
    for loaded in accepted:
        kind, d, rid = str(loaded.kind), loaded.data, record_id(loaded)
        problems = [
            F.make("REF-DANGLING", loaded.path, record=rid, pointer=ref.pointer, what=ref.what, ref=ref.target,
                   hint=_HINTS[ref.kind])
            for ref in references(kind, d)
            if ref.target not in ids[ref.kind] and (ref.kind, ref.target) not in invalid_ids
        ]
        if kind == "org":
            problems += [F.make("REF-CYCLE", loaded.path, record=rid, pointer=(key,), field=key, what=what,
                                cycle=" → ".join(cycles[key][rid]))
                         for key, what in _CHAINS.items() if rid in cycles[key]]
        problems += _duplicate_items(kind, d, loaded.path, rid)
        if kind == "plan":  # one bad item must not make the whole year's plan "missing": only the item goes
            bad_items = [p for p in problems if p.pointer and p.pointer[0] == "items"]
            findings += bad_items
            problems = [p for p in problems if p not in bad_items]
            loaded = _without_items(loaded, {p.pointer[1] for p in bad_items if p.pointer})
        problems += _file_findings(kind, d, loaded.path, rid)
        if kind == "talk" and loaded.place and loaded.place.folder != d["date"][:4]:
            problems.append(F.make("REF-TALK-YEAR", loaded.path, record=rid, pointer=("date",), date=d["date"],
                                   folder=loaded.place.folder, year=d["date"][:4]))
        findings += problems
        if not any(p.severity is F.Severity.ERROR for p in problems):
            good.append(loaded)
    if invalid_ids or len(good) < len(accepted):
        good = _whose_references_resolve(good)

    built = {record_id(lf) for lf in good if lf.kind == "plan"}
    unread_plans = frozenset({rid for kind, rid in invalid_ids if kind == "plan"}
                             | {record_id(lf) for lf in accepted if lf.kind == "plan"} - built)
    repo = replace(build.repository(good, known_files), unread_plans=unread_plans)
    return Resolved(_without_bad_links(repo), tuple(findings), tuple(_talk_links(repo, unread_plans)))


_CHAINS = {"parent": "上级组织", "approved_by": "批准设立的党组织"}


def _cycles(link: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Orgs whose chain of ``parent`` (or ``approved_by``) links comes back to them, each with its cycle
    written from itself round to itself (``a → b → a``).  Each org has at most one link, so following it
    from every org in turn finds every cycle once the walk meets an org it has seen."""
    out: dict[str, tuple[str, ...]] = {}
    done: set[str] = set()
    for start in sorted(link):
        path: list[str] = []
        where: dict[str, int] = {}
        node: Any = start
        while isinstance(node, str) and node in link and node not in done and node not in where:
            where[node] = len(path)
            path.append(node)
            node = link[node]
        if isinstance(node, str) and node in where:
            ring = path[where[node]:]
            for i, member in enumerate(ring):
                turn = ring[i:] + ring[:i]
                out[member] = (*turn, member)
        done.update(path)
    return out


def _whose_references_resolve(good: list[LoadedFile]) -> list[LoadedFile]:
    """Leave out, silently, records that refer to a record left out for its own (reported) error, until none do.

    The model only ever holds records whose references resolve: the rules look them up without checking.
    A talk whose organization lost its ``id`` line is already explained by that organization's error.  A
    plan keeps its other items (only the items that refer to a left-out record go), so that one unreadable
    person does not make a whole year's plan "missing".
    """
    kept = list(good)
    while True:
        present: dict[str, set[str]] = {kind: set() for kind in layout.ID_KINDS}
        for loaded in kept:
            if loaded.kind in present:
                present[str(loaded.kind)].add(record_id(loaded))
        still = []
        for lf in kept:
            if lf.kind == "plan" and any(ref.target not in present[ref.kind] for ref in references("plan", lf.data)):
                committee = lf.data["committee"] in present["org"]
                gone = {n for n, i in enumerate(lf.data["items"])
                        if i is not None and (i["org"] not in present["org"] or i["talker"] not in present["person"])}
                if committee:
                    still.append(_without_items(lf, gone))
            elif all(ref.target in present[ref.kind] for ref in references(str(lf.kind), lf.data)):
                still.append(lf)
        if [id(lf.data) for lf in still] == [id(lf.data) for lf in kept]:
            return kept
        kept = still


def _without_items(plan: LoadedFile, positions: set[Any]) -> LoadedFile:
    """The plan with the items at ``positions`` left out.  Each stays as ``None`` so that every other item keeps
    its position, which the pointers of its findings (and so their line numbers) are made from."""
    if not positions:
        return plan
    items = [None if n in positions else item for n, item in enumerate(plan.data["items"])]
    return replace(plan, data={**plan.data, "items": items})


def _talk_links(repo: M.Repository, unread_plans: frozenset[str] = frozenset()) -> list[F.Finding]:
    """Links that need a second record: plan items of periodic talks, problems of measures.

    ``unread_plans`` (``committee-year``) are plans that failed to load or their schema: already reported,
    so a talk is not told that its plan does not exist."""
    out: list[F.Finding] = []
    items: dict[tuple[str, int], dict[str, M.PlanItem]] = {}  # each plan's items by id, built once per plan
    for talk in repo.talks.values():
        year, committee = talk.date.year, talk.committee
        common: dict[str, Any] = {"record": talk.id, "committee": committee, "year": year, "item": talk.plan_item}
        if not talk.is_periodic:
            if talk.plan_item and talk.kind == "timely":
                out.append(F.make("REF-PLAN-ITEM", talk.path, variant="timely", pointer=("plan_item",), **common))
            continue
        if not talk.in_force:
            continue
        plan = repo.plans.get((committee, year))
        if not talk.plan_item:
            out.append(F.make("REF-PLAN-ITEM", talk.path, variant="missing", pointer=("kind",), **common))
        elif plan is None:
            if f"{committee}-{year}" in unread_plans:
                continue
            out.append(F.make("REF-PLAN-ITEM", talk.path, variant="no_plan", pointer=("plan_item",), **common))
        elif (item := _items_of(items, plan).get(talk.plan_item)) is None:
            out.append(F.make("REF-PLAN-ITEM", talk.path, variant="unknown", pointer=("plan_item",),
                              allowed=_listed([i.id for i in plan.items]), **common))
        elif item.org != talk.interviewee_org:
            out.append(F.make("REF-PLAN-ITEM", talk.path, variant="mismatch", pointer=("plan_item",),
                              planned_org=repo.org_label(item.org), org=repo.org_label(talk.interviewee_org),
                              **common))
    for rect in repo.rectifications.values():
        rect_talk = repo.talks.get(rect.talk)
        if rect_talk is None:
            continue
        problems = {p.key for p in rect_talk.problems}
        for i, m in enumerate(rect.measures):
            if m.ref and m.ref not in problems:
                hint = _choices("可用的问题编号", problems, "（谈话未列问题）")
                out.append(F.make("REF-DANGLING", rect.path, record=rect.talk, pointer=("measures", i, "problem"),
                                  what="问题", ref=m.ref, hint=hint))
        measures = {m.key for m in rect.measures}
        for i, p in enumerate(rect.progress):
            if p.key not in measures:
                hint = _choices("可用的措施编号", measures, "（未列措施）")
                out.append(F.make("REF-DANGLING", rect.path, record=rect.talk, pointer=("progress", i, "measure"),
                                  what="整改措施", ref=p.key, hint=hint))
    return out


def _items_of(index: dict[tuple[str, int], dict[str, M.PlanItem]], plan: M.Plan) -> dict[str, M.PlanItem]:
    """``plan.item`` as a lookup table (the first item with an id wins, as there)."""
    key = (plan.committee, plan.year)
    if key not in index:
        index[key] = {}
        for item in plan.items:
            index[key].setdefault(item.id, item)
    return index[key]


def _choices(label: str, ids: set[str], empty: str) -> str:
    return f"{label}：{_listed(sorted(ids)) or empty}"


_LISTED_AT_MOST = 30


def _listed(ids: list[str]) -> str:
    """Ids for a hint, the first few of a long list: a hostile record with 20,000 dangling references to a
    record with 20,000 items would otherwise repeat the whole list in every finding (gigabytes of text)."""
    if len(ids) <= _LISTED_AT_MOST:
        return "、".join(ids)
    return "、".join(ids[:_LISTED_AT_MOST]) + f" 等 {len(ids)} 个"


def _without_bad_links(repo: M.Repository) -> M.Repository:
    """Drop rectifications whose talk did not make it into the model (its own error is already reported)."""
    rects = {k: v for k, v in repo.rectifications.items() if k in repo.talks}
    if len(rects) == len(repo.rectifications):
        return repo
    return replace(repo, rectifications=rects)
