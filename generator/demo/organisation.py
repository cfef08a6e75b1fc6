"""The synthetic organisation of ``talkdocs demo``: a provincial committee, its municipal and county committees
and lower-level organizations of every kind, each with terms, leaders and leadership teams that change.

:class:`World` draws everything from one random generator, so one seed gives one organisation (and, after
it, one set of plans and talks: :mod:`generator.demo.activity` draws from the same generator).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.demo.pools import (
    CITIES,
    COUNTY_MIX,
    DEPARTMENTS,
    FIRST,
    GIVEN,
    INSTITUTIONS,
    ORGANS,
    SECOND,
    SURNAMES,
)


@dataclass(frozen=True)
class Shape:
    """How many organizations of each level make a repository of about ``scale`` records."""

    municipalities: int
    counties_per_municipality: int
    province_others: int  # lower-level orgs of the province besides the municipal committees
    municipal_others: int  # lower-level orgs of each municipal committee besides its counties
    county_orgs: int  # lower-level orgs of each county committee


def shape_for(scale: int) -> Shape:
    """A realistic hierarchy for about ``scale`` records (about 3.9 records per lower-level org)."""
    lower = scale / 3.9
    municipalities = max(2, min(16, round(math.sqrt(scale) / 20)))
    counties = max(3, min(10, round(math.sqrt(scale) / 30)))
    others = max(4, min(40, scale // 2500))
    body_overhead = 9 * (1 + municipalities + municipalities * counties) / 3.9
    rest = lower - body_overhead - municipalities - others - municipalities * (counties + others)
    return Shape(municipalities, counties, others, others, max(5, round(rest / (municipalities * counties))))


@dataclass
class Post:
    person: str
    start: dt.date
    end: dt.date | None = None
    role: str = ""

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Org:
    """An organization while it is being built (turned into a record by :meth:`record`)."""

    id: str
    name: str
    kind: str
    short_name: str = ""
    parent: str | None = None
    approved_by: str | None = None
    terms: list[tuple[int, dt.date, dt.date | None]] = field(default_factory=list)
    leaders: list[Post] = field(default_factory=list)
    team: list[Post] = field(default_factory=list)
    in_scope: bool = True
    reason: str = ""
    established_on: dt.date | None = None
    dissolved_on: dt.date | None = None
    children: list[Org] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def talk_prefix(self) -> str:
        return self.id.rsplit("-", 1)[0]

    def leader_on(self, day: dt.date) -> str | None:
        holding = [p for p in self.leaders if p.holds_on(day)]
        return max(holding, key=lambda p: p.start).person if holding else None

    def team_on(self, day: dt.date) -> list[Post]:
        return [p for p in self.team if p.holds_on(day)]

    def secretary_on(self, day: dt.date) -> str | None:
        return next((p.person for p in self.team_on(day) if p.role == "secretary"), None)

    def exists_on(self, day: dt.date) -> bool:
        if self.established_on and day < self.established_on:
            return False
        return not (self.dissolved_on and day > self.dissolved_on)

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.short_name:
            out["short_name"] = self.short_name
        out["kind"] = self.kind
        if self.parent:
            out["parent"] = self.parent
        if self.approved_by:
            out["approved_by"] = self.approved_by
        if self.terms:
            out["terms"] = [{"number": n, "start": iso(s), "end": iso(e)} for n, s, e in self.terms]
        if self.leaders:
            out["leaders"] = [{"person": p.person, "from": iso(p.start), "to": iso(p.end)} for p in self.leaders]
        if self.team:
            out["leadership_team"] = [{"person": p.person, "role": p.role, "from": iso(p.start), "to": iso(p.end)}
                                      for p in self.team]
        if not self.in_scope:
            out["in_scope"] = False
            out["reason"] = self.reason
        if self.established_on:
            out["established_on"] = iso(self.established_on)
        if self.dissolved_on:
            out["dissolved_on"] = iso(self.dissolved_on)
        return out


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class World:
    """The organisation being built, and the records made so far (path under records/ → data)."""

    def __init__(self, scale: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.shape = shape_for(scale)
        self.records: dict[str, dict[str, Any]] = {}
        self.files: dict[str, str] = {}
        self.bodies: list[Org] = []
        self.serial = 0
        self.org_ids: set[str] = set()

    # --- helpers ---------------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def person(self, title: str) -> str:
        self.serial += 1
        (sur, sur_py), given = self.rng.choice(SURNAMES), self.rng.sample(GIVEN, self.rng.choice((1, 2, 2)))
        pid = f"{sur_py}-{''.join(g[1] for g in given)}-{self.serial:05d}"
        record: dict[str, Any] = {"id": pid, "name": sur + "".join(g[0] for g in given), "title": title}
        self.records[f"people/{pid}.yaml"] = record
        return pid

    def add_org(self, org: Org, parent: Org | None) -> Org:
        base, n = org.id, 1
        while org.id in self.org_ids:  # two place names with the same pinyin
            n += 1
            stem, suffix = base.rsplit("-", 1)
            org.id = f"{stem}{n}-{suffix}"
        self.org_ids.add(org.id)
        if parent is not None:
            parent.children.append(org)
        return org

    # --- organizations ---------------------------------------------------------------------
    def body(self, oid: str, name: str, short: str, kind: str, parent: Org | None, size: int) -> Org:
        """A conducting body: terms, a secretary history and a leadership team of ``size``."""
        org = self.add_org(Org(oid, name, kind, short, parent.id if parent else None), parent)
        if kind == "provincial_committee":
            org.terms = [(12, dt.date(2022, 6, 28), None)]
        elif self.chance(0.3):  # 换届 in 2026: the previous term ended with a recorded date
            old_start = self.day_between(dt.date(2021, 6, 1), dt.date(2021, 9, 30))
            old_end = self.day_between(dt.date(2026, 5, 31), dt.date(2026, 9, 30))
            number = self.rng.randint(6, 14)
            org.terms = [(number, old_start, old_end), (number + 1, old_end + dt.timedelta(days=1), None)]
        else:
            org.terms = [(self.rng.randint(6, 14), self.day_between(dt.date(2021, 12, 1), dt.date(2022, 6, 30)), None)]
        start = org.terms[0][1]
        secretary = self.person(f"{short}书记")
        if self.chance(0.15):  # the secretary changed within the term
            changed = self.day_between(dt.date(2024, 3, 1), dt.date(2026, 9, 30))
            successor = self.person(f"{short}书记")
            org.leaders = [Post(secretary, start, changed - dt.timedelta(days=1)), Post(successor, changed)]
            org.team = [Post(secretary, start, changed - dt.timedelta(days=1), "secretary"),
                        Post(successor, changed, None, "secretary")]
        else:
            org.leaders = [Post(secretary, start)]
            org.team = [Post(secretary, start, None, "secretary")]
        for i in range(size - 1):
            role = "deputy_secretary" if i < 2 else "standing_member"
            member = self.person(f"{short}{'副书记' if i < 2 else '常委'}")
            if i == size - 2 and self.chance(0.5):  # one member left and was replaced
                left = self.day_between(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
                org.team.append(Post(member, start, left, role))
                org.team.append(Post(self.person(f"{short}常委"), left + dt.timedelta(days=20), None, role))
            else:
                org.team.append(Post(member, start, None, role))
        self.bodies.append(org)
        return org

    def lower(self, body: Org, oid: str, name: str, kind: str, short: str = "") -> Org:
        """A lower-level org of ``body`` with a leader history (and now and then a change of leader)."""
        org = self.add_org(Org(oid, name, kind, short, body.id), body)
        # appointed, not elected: they count by the terms of the committee that set them up (a 街道党工委 too)
        if kind in ("party_group", "party_committee", "work_committee", "subdistrict_committee"):
            org.approved_by = body.id
        start = self.day_between(dt.date(2019, 1, 1), dt.date(2023, 12, 31))
        roll = self.rng.random()
        if roll < 0.01:
            org.established_on = self.day_between(dt.date(2026, 3, 1), dt.date(2026, 6, 30))
            start = org.established_on
        elif roll < 0.015:
            org.dissolved_on = self.day_between(dt.date(2026, 2, 1), dt.date(2026, 8, 31))
        elif roll < 0.025:
            org.in_scope = False
            org.reason = "该单位党组织关系已移交上级主管部门，由其开展监督谈话"
        leader = self.person(f"{org.name}书记")
        if self.chance(0.07) and start < dt.date(2024, 1, 1):
            changed = self.day_between(dt.date(2024, 3, 1), dt.date(2026, 11, 20))
            org.leaders = [Post(leader, start, changed - dt.timedelta(days=1)),
                           Post(self.person(f"{org.name}书记"), changed)]
        else:
            org.leaders = [Post(leader, start)]
        return org

    def county_orgs(self, county: Org, count: int) -> None:
        counts = spread(count, [share for _k, share, _n, _c in COUNTY_MIX])
        places = place_names(self.rng, sum(counts[i] for i, (k, *_r) in enumerate(COUNTY_MIX)
                                            if k in ("township_committee", "subdistrict_committee", "grassroots_org")))
        body = county.short_name.removesuffix("委")
        for (kind, _share, pattern, code), n in zip(COUNTY_MIX, counts, strict=True):
            for i in range(n):
                fill = {"body": body, "dept": DEPARTMENTS[i % len(DEPARTMENTS)], "n": i + 1,
                        "organ": ORGANS[i % len(ORGANS)], "inst": INSTITUTIONS[i % len(INSTITUTIONS)],
                        "place": places.pop()[0] if "{place}" in pattern else ""}
                name = pattern.format(**fill)
                pool = {"{dept}": DEPARTMENTS, "{organ}": ORGANS, "{inst}": INSTITUTIONS}
                if any(marker in pattern and i >= len(names) for marker, names in pool.items()):
                    name = name.replace(body, f"{body}第{i // 10 + 1}片区", 1)  # the names ran out: number them
                self.lower(county, f"{county.talk_prefix}-{code}{i + 1:03d}-dw", name, kind)

    def departments(self, body: Org, count: int) -> None:
        """Party groups and other departments directly under a provincial or municipal committee."""
        base = body.short_name.removesuffix("委")
        for i in range(count):
            dept = DEPARTMENTS[i % len(DEPARTMENTS)]
            prefix = base if i < len(DEPARTMENTS) else f"{base}第{i // len(DEPARTMENTS) + 1}"
            # one discipline commission per body, then party groups, Party committees and unit Party orgs
            kind = "discipline_commission" if i == 0 else ("party_group", "party_committee", "unit_party_org")[i % 3]
            name = f"{prefix}纪委监委" if kind == "discipline_commission" else f"{prefix}{dept}党组"
            if i == 1 and body.kind == "municipal_committee":  # a 新区党工委: an agency the committee sets up
                kind, name = "work_committee", f"{prefix}新区工作委员会"
            elif kind == "party_committee":
                name = f"{prefix}{dept}党委"
            elif kind == "unit_party_org":
                name = f"{prefix}{dept}机关党委"
            self.lower(body, f"{body.talk_prefix}-d{i + 1:03d}-dz", name, kind)

    def hierarchy(self) -> None:
        s = self.shape
        province = self.body("donghai-sw", "中共东海省委员会", "东海省委", "provincial_committee", None, 11)
        cities = list(CITIES)
        self.rng.shuffle(cities)
        for m in range(s.municipalities):
            hanzi, py = cities[m % len(cities)]
            if m >= len(cities):
                hanzi, py = f"{hanzi}{m // len(cities) + 1}", f"{py}{m // len(cities) + 1}"
            city = self.body(f"{py}-sw", f"中共{hanzi}市委员会", f"{hanzi}市委", "municipal_committee", province, 9)
            for hz, cpy in place_names(self.rng, s.counties_per_municipality):
                suffix = self.rng.choice(("县", "县", "区", "市"))
                county = self.body(f"{py}-{cpy}-xw", f"中共{hz}{suffix}委员会", f"{hz}{suffix}委", "county_committee",
                                   city, 7)
                self.county_orgs(county, s.county_orgs)
            self.departments(city, s.municipal_others)
        self.departments(province, s.province_others)

def walk(root: Org) -> Iterator[Org]:
    stack = [root]
    while stack:
        org = stack.pop()
        yield org
        stack.extend(reversed(org.children))


def spread(total: int, shares: list[float]) -> list[int]:
    """Split ``total`` by ``shares`` (largest remainder), so the parts add up exactly."""
    raw = [total * s / sum(shares) for s in shares]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def place_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` distinct two-character place names with their pinyin (numbered once the pool runs out)."""
    pool = [(a + b, pa + pb) for a, pa in FIRST for b, pb in SECOND]
    rng.shuffle(pool)
    out = pool[:count]
    for i in range(count - len(out)):
        hz, py = pool[i % len(pool)]
        out.append((f"{hz}{i // len(pool) + 2}", f"{py}{i // len(pool) + 2}"))
    return out
