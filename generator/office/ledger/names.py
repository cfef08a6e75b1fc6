"""The names a ledger writes, matched to the records: people by name (namesakes told apart), orgs by the start
of the 单位及职务 cell, and the stub people ``--create-people`` makes (:class:`Names`); cell text cleaned.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.model.repository import Org, Repository

_NAME_SPLIT = re.compile(r"[、，,；;/／]+")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_CONTROL = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_EXCEL_CR = re.compile(r"_x000[dD]_")  # how Excel stores a carriage return inside a cell


@dataclass(frozen=True)
class NewPerson:
    """A stub person record ``--create-people`` writes for a name no record holds."""

    id: str
    name: str



def clean(text: str) -> str:
    """Cell text as record text: line breaks kept, carriage returns and control or bidi characters removed."""
    return _CONTROL.sub("", _EXCEL_CR.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))).strip()


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _bare_name(text: str) -> str:
    text = _BRACKETS.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", text).removesuffix("同志")


@dataclass
class Names:
    """The repository's people and orgs by the names a ledger writes, and the stubs made in this run."""

    repo: Repository
    create_people: bool
    ids_in_use: set[str] = field(default_factory=set)
    created: dict[str, NewPerson] = field(default_factory=dict)  # name → stub

    def __post_init__(self) -> None:
        self._people: dict[str, list[str]] = {}
        for p in self.repo.people.values():
            self._people.setdefault(_bare_name(p.name), []).append(p.id)
        self.ids_in_use |= set(self.repo.people)
        self._orgs: dict[str, list[Org]] = {}
        for org in sorted(self.repo.orgs.values(), key=lambda o: o.id):
            for name in {org.name, org.short_name, org.id} - {""}:
                self._orgs.setdefault(_squeeze(name), []).append(org)
        self._longest = max((len(n) for n in self._orgs), default=0)
        self._leaders: dict[dt.date, frozenset[str]] = {}
        self._seats: dict[str, list[Org]] = {}  # person → the bodies whose team they ever sat on
        for org in sorted(self.repo.orgs.values(), key=lambda o: o.id):
            for person in dict.fromkeys(t.person for t in org.team):
                self._seats.setdefault(person, []).append(org)

    def seats(self, people: set[str]) -> list[Org]:
        """The bodies on whose leadership team any of ``people`` ever sat, in id order."""
        return sorted({o.id: o for p in people for o in self._seats.get(p, [])}.values(), key=lambda o: o.id)

    def named(self, text: str) -> list[str]:
        """The ids of the people whose name is ``text`` (without 同志 or a bracketed title)."""
        return list(self._people.get(_bare_name(text), []))

    def people(self, text: str) -> list[str]:
        """The names written in a cell (several are separated by 、，；/)."""
        return [n for n in (_bare_name(part) for part in _NAME_SPLIT.split(text)) if n]

    def person(self, name: str, prefer: Sequence[Callable[[], frozenset[str]]] = ()) -> tuple[str | None, str]:
        """The person id for ``name``, or why not; namesakes are told apart by ``prefer``, sets of the ids that
        fit the role, the narrowest first (the leader of the org in the row, then every leader that day)."""
        if name in self.repo.people:
            return name, ""
        found = self._people.get(name, [])
        for ids in prefer if len(found) > 1 else ():  # worked out only for namesakes
            if len(fitting := [p for p in found if p in ids()]) == 1:
                found = fitting
                break
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, f"同名人员有 {len(found)} 人（{'、'.join(sorted(found))}）"
        if name in self.created:
            return self.created[name].id, ""
        if self.create_people:
            stub = NewPerson(self._new_id(name), name)
            self.created[name] = stub
            return stub.id, ""
        return None, f"records/people/ 中没有名为“{name}”的人员"

    def _new_id(self, name: str) -> str:
        from pypinyin import lazy_pinyin  # only --create-people needs it

        base = "-".join(s for s in (re.sub(r"[^a-z0-9]", "", w.lower()) for w in lazy_pinyin(name)) if s)
        base = (base or "person")[:60].strip("-") or "person"
        candidate, n = base, 2
        while candidate in self.ids_in_use:
            candidate, n = f"{base}-{n}", n + 1
        self.ids_in_use.add(candidate)
        return candidate

    def orgs(self, text: str) -> tuple[Org, ...]:
        """The orgs a 单位及职务 cell names at its start: those of the longest full name, short name or id that
        fits (more than one when two towns share a name), or none."""
        first = _squeeze(text.split("\n", 1)[0])
        for end in range(min(len(first), self._longest), 0, -1):
            if found := self._orgs.get(first[:end]):
                return tuple(found)
        return ()

    def leaders_on(self, day: dt.date) -> frozenset[str]:
        """Everyone who was an org's "一把手" on ``day`` (to tell namesakes apart)."""
        if day not in self._leaders:
            self._leaders[day] = frozenset(t.person for o in self.repo.orgs.values() if (t := o.leader_on(day)))
        return self._leaders[day]
