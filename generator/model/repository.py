"""The typed, resolved model of a records repository, with the time-aware queries the rules need.

Objects are frozen; every reference between records has been checked by :mod:`generator.model.resolve` before a
record gets here, so lookups by id on a :class:`Repository` always succeed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from generator.model import ordering

_T = TypeVar("_T")

MEASURES_IN_FORCE = dt.date(2026, 1, 30)  # Art. 20
LOCAL_COMMITTEE_KINDS = frozenset(
    {"provincial_committee", "municipal_committee", "county_committee", "township_committee", "subdistrict_committee"}
)
PARTY_GROUP_KINDS = frozenset({"party_group", "party_committee"})
# A 党的工作委员会 (党工委) is an agency that a Party committee sets up; its members are appointed, not elected, so it
# has no term of its own: like a Party group, its window is the term of the committee that set it up (approved_by).
WORK_COMMITTEE_KINDS = frozenset({"work_committee"})
# A 街道党工委 is the agency (派出机关) of the 县（市、区）委 that set it up: appointed too, it counts by that
# committee's terms (approved_by, or else its parent, which set it up).
SUBDISTRICT_KINDS = frozenset({"subdistrict_committee"})
APPOINTED_KINDS = PARTY_GROUP_KINDS | WORK_COMMITTEE_KINDS | SUBDISTRICT_KINDS
# Art. 7: "市（地、州、盟）、县（市、区、旗）、乡镇（街道）党（工）委书记": the 党工委 the text names is the 街道's.
# Whether the secretary of another 党工委 (a 新区's) is talked to by the upper secretary too is a setting
# (``work_committee_secretary_talk``, see generator.measures.counting.secretary_talk_kinds).
SECRETARY_TALK_KINDS = frozenset(
    {"municipal_committee", "county_committee", "township_committee", "subdistrict_committee"}
)


def fast_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass an ``__init__`` that fills the instance's ``__dict__`` directly.

    The generated frozen ``__init__`` sets each field through ``object.__setattr__``; a province's check
    builds hundreds of thousands of model objects, and this makes each about four times cheaper to build (a talk: 3.1 µs
    → 0.8 µs).  Instances stay frozen (assignment still raises), compare and hash as before.  The code is
    generated as :mod:`dataclasses` generates its own: one plain function per class, with the same
    parameters and defaults.
    """
    params: list[str] = []
    lines = ["    d = self.__dict__"]
    defaults: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not dataclasses.MISSING or not f.init or not f.name.isidentifier():
            raise TypeError(f"{cls.__name__}.{f.name}: fast_init handles plain fields with plain defaults only")
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        lines.append(f"    d[{f.name!r}] = {f.name}")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines) + "\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<fast_init {cls.__name__}>", "exec"), defaults, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", init)  # noqa: B010  (mypy refuses assigning a method)
    return cls


@fast_init
@dataclass(frozen=True)
class Tenure:
    """A person holding a post from ``start`` to ``end`` (both inclusive; ``end`` None = still holds it)."""

    person: str
    start: dt.date
    end: dt.date | None
    role: str = ""
    confidential: bool = False

    def holds_on(self, day: dt.date) -> bool:
        """Whether the post was held on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


@fast_init
@dataclass(frozen=True)
class Term:
    """A term (届) of a body. ``end`` None: the current term, or not recorded."""

    number: int
    start: dt.date
    end: dt.date | None
    index: int  # position in the org's ``terms`` list, for pointing at it
    confidential: bool = False


@fast_init
@dataclass(frozen=True)
class Org:
    """An organization: a conducting body, a lower-level organization, or both."""

    id: str
    path: str
    name: str
    kind: str
    short_name: str = ""
    parent: str | None = None
    approved_by: str | None = None
    terms: tuple[Term, ...] = ()
    leaders: tuple[Tenure, ...] = ()
    team: tuple[Tenure, ...] = ()
    in_scope: bool = True
    reason: str = ""
    established_on: dt.date | None = None
    dissolved_on: dt.date | None = None
    note: str = ""
    confidential: bool = False
    order: int | None = None  # the office's own order among orgs of its kind (排序号); None: pinyin order

    @property
    def label(self) -> str:
        """The name people use: the short name when there is one."""
        return self.short_name or self.name

    def leader_on(self, day: dt.date) -> Tenure | None:
        """The "一把手" on ``day`` (on a handover day, the one who took office that day)."""
        holding = [t for t in self.leaders if t.holds_on(day)]
        return max(holding, key=lambda t: t.start) if holding else None

    def team_on(self, day: dt.date) -> tuple[Tenure, ...]:
        """Members of the leadership team on ``day``."""
        return tuple(t for t in self.team if t.holds_on(day))

    def secretary_on(self, day: dt.date) -> str | None:
        """The secretary on ``day``: the team member with role ``secretary``, else the recorded leader."""
        secretaries = [t for t in self.team_on(day) if t.role == "secretary"]
        if secretaries:
            return max(secretaries, key=lambda t: t.start).person
        leader = self.leader_on(day)
        return leader.person if leader else None

    def exists_on(self, day: dt.date) -> bool:
        """Whether the org existed on ``day`` (established and not yet dissolved)."""
        if self.established_on and day < self.established_on:
            return False
        return not (self.dissolved_on and day > self.dissolved_on)


@fast_init
@dataclass(frozen=True)
class Person:
    """A talker or interviewee."""

    id: str
    path: str
    name: str
    title: str = ""
    confidential: bool = False


@fast_init
@dataclass(frozen=True)
class PlanItem:
    """One planned periodic talk."""

    id: str
    index: int
    org: str
    talker: str
    due: dt.date
    division: str = ""
    proposed_by: tuple[str, ...] = ()
    note: str = ""
    confidential: bool = False


@fast_init
@dataclass(frozen=True)
class Plan:
    """A body's annual plan for periodic talks (Art. 5)."""

    committee: str
    year: int
    path: str
    items: tuple[PlanItem, ...]
    approved_on: dt.date | None = None
    in_responsibility_list: bool | None = None
    basis: tuple[str, ...] = ()
    note: str = ""
    confidential: bool = False

    @property
    def id(self) -> str:
        """A stable id for pages and findings."""
        return f"{self.committee}-{self.year}"

    def item(self, item_id: str) -> PlanItem | None:
        """The item with ``item_id``, if any."""
        return next((i for i in self.items if i.id == item_id), None)


@fast_init
@dataclass(frozen=True)
class Unit:
    """A cooperating unit's part in a talk: a participant, a material, a distribution entry or a trigger."""

    unit: str  # unit code; for triggers, the trigger code
    text: str = ""  # name, title or detail
    on: dt.date | None = None
    confidential: bool = False


@fast_init
@dataclass(frozen=True)
class Entry:
    """An item of a talk's or rectification's lists that has an id/kind and text."""

    key: str  # step code, problem id, measure id
    text: str
    area: str = ""
    ref: str = ""  # measure → problem; progress → measure
    status: str = ""  # progress status
    due: dt.date | None = None
    confidential: bool = False


@fast_init
@dataclass(frozen=True)
class Archive:
    """Where an archived document is kept."""

    file: str = ""
    archive_ref: str = ""
    kept_by: str = ""
    title: str = ""


@fast_init
@dataclass(frozen=True)
class Talk:
    """A supervision talk (Art. 5, 7–10, 12)."""

    id: str
    path: str
    committee: str
    kind: str
    date: dt.date
    talker: str
    interviewees: tuple[str, ...]
    interviewee_org: str
    plan_item: str = ""
    triggers: tuple[Unit, ...] = ()
    participants: tuple[Unit, ...] = ()
    materials_provided: tuple[Unit, ...] = ()
    self_check_on: dt.date | None = None
    preparation_materials: tuple[str, ...] = ()
    steps: tuple[Entry, ...] = ()
    problems: tuple[Entry, ...] = ()
    requirements: tuple[str, ...] = ()
    record: Archive | None = None
    distribution: tuple[Unit, ...] = ()
    untruthful_on: dt.date | None = None
    untruthful_detail: str = ""
    status: str = "draft"
    note: str = ""
    confidential: bool = False
    has_preparation: bool = False

    @property
    def interviewee(self) -> str:
        """The interviewee (a talk has exactly one; A7-INDIVIDUAL reports otherwise)."""
        return self.interviewees[0] if self.interviewees else ""

    @property
    def in_force(self) -> bool:
        """Whether the Measures apply (Art. 20)."""
        return self.date >= MEASURES_IN_FORCE

    @property
    def is_periodic(self) -> bool:
        """A periodic talk (定期谈话)."""
        return self.kind == "periodic"


@fast_init
@dataclass(frozen=True)
class Verification:
    """The check of how well a rectification was done."""

    by: str
    on: dt.date | None
    result: str
    note: str = ""


@fast_init
@dataclass(frozen=True)
class Rectification:
    """What the interviewee did after a talk (Art. 11)."""

    talk: str
    path: str
    measures_submitted_on: dt.date | None = None
    reflection_submitted_on: dt.date | None = None
    measures: tuple[Entry, ...] = ()
    team_notified_on: dt.date | None = None
    status_report_on: dt.date | None = None
    progress: tuple[Entry, ...] = ()
    verification: Verification | None = None
    documents: tuple[Archive, ...] = ()
    status: str = "draft"
    note: str = ""
    confidential: bool = False


@dataclass(frozen=True)
class Repository:
    """All records that passed the schema and reference checks, indexed by id."""

    orgs: Mapping[str, Org]
    people: Mapping[str, Person]
    plans: Mapping[tuple[str, int], Plan]
    talks: Mapping[str, Talk]
    rectifications: Mapping[str, Rectification]
    files: frozenset[str] = field(default_factory=frozenset)  # paths under records/files/ that exist
    # ids (``committee-year``) of plans whose file exists but was left out for its own reported error: the
    # year has a plan, so its absence is not reported again as a missing plan
    unread_plans: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def worked_out(self) -> dict[Callable[..., Any], dict[Hashable, Any]]:
        """What :func:`once_per_repository` functions worked out from these records: by function, then by
        arguments.  The model is frozen, so an answer once worked out stays true for it."""
        return {}

    @cached_property
    def children(self) -> Mapping[str, tuple[Org, ...]]:
        """Direct lower-level orgs of each org, by id, in the order a list of orgs is read (kind, the office's
        own order, pinyin: :func:`generator.model.ordering.org_key`)."""
        out: dict[str, list[Org]] = {}
        for org in sorted(self.orgs.values(), key=ordering.org_key):
            if org.parent:
                out.setdefault(org.parent, []).append(org)
        return {k: tuple(v) for k, v in out.items()}

    def lower_level(self, body: str) -> tuple[Org, ...]:
        """The direct lower-level orgs of ``body``."""
        return self.children.get(body, ())

    @cached_property
    def talks_by_org(self) -> Mapping[str, tuple[Talk, ...]]:
        """Talks with each org's "一把手", in date order."""
        out: dict[str, list[Talk]] = {}
        for talk in sorted(self.talks.values(), key=lambda t: (t.date, t.id)):
            out.setdefault(talk.interviewee_org, []).append(talk)
        return {k: tuple(v) for k, v in out.items()}

    def person_name(self, person_id: str | None) -> str:
        """A person's name, or the id when unknown."""
        if not person_id:
            return ""
        person = self.people.get(person_id)
        return person.name if person else person_id

    def org_label(self, org_id: str | None) -> str:
        """An org's short name, or the id when unknown."""
        if not org_id:
            return ""
        org = self.orgs.get(org_id)
        return org.label if org else org_id


_P = ParamSpec("_P")
_R = TypeVar("_R")


def once_per_repository(fn: Callable[Concatenate[Repository, _P], _R]) -> Callable[Concatenate[Repository, _P], _R]:
    """Work ``fn(repo, *args)`` out once per repository and (hashable) arguments, kept on the repository.

    The domain computations every rule and view asks for (which talks count, coverage, fulfilment) are asked
    many times per check; the answers live on the repository they were worked out from, keyed by the
    function itself, and go when it goes.
    """
    @wraps(fn)
    def once(repo: Repository, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        known = repo.worked_out.setdefault(fn, {})
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        if key in known:
            return cast(_R, known[key])
        result = known[key] = fn(repo, *args, **kwargs)
        return result
    return once
