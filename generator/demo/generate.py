"""A synthetic, province-sized records repository for demonstrations and benchmarks (``talkdocs demo``).

The repository is deterministic from a seed and dated as of :data:`DEMO_AS_OF`: a provincial committee, its
municipal committees, their county committees and lower-level organizations of every kind, leaders with
changes, annual plans, periodic and timely talks and rectifications in every state.  Every record is valid
against ``schemas/`` and every reference resolves; a few per cent of records carry findings of the Measures'
rules (late or overdue rectification, plan items past due, coverage at risk, ...), as a real repository would.

Everything here is fictional: names are drawn from small pools of common characters.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.load import layout
from generator.measures import deadlines
from generator.model.repository import MEASURES_IN_FORCE
from generator.model.settings import Settings

DEMO_AS_OF = dt.date(2026, 11, 27)  # the day the demo repository is "as of"; check it with --as-of 2026-11-27
MIN_SCALE, MAX_SCALE = 200, 2_000_000
HEADER = "# 演示数据（talkdocs demo 生成）：地名、人名、机构和事项均为虚构。\n"

_CITIES = (
    ("青川", "qingchuan"), ("白石", "baishi"), ("临江", "linjiang"), ("云岭", "yunling"), ("北塘", "beitang"),
    ("南屏", "nanping"), ("金溪", "jinxi"), ("玉泉", "yuquan"), ("安平", "anping"), ("长宁", "changning"),
    ("东岭", "dongling"), ("西山", "xishan"), ("洪川", "hongchuan"), ("桃源", "taoyuan"), ("清河", "qinghe"),
    ("丰城", "fengcheng"), ("明水", "mingshui"), ("宁远", "ningyuan"), ("凤台", "fengtai"), ("泰和", "taihe"),
)
_FIRST = tuple(zip("东西南北上新古平永安福兴宝龙凤石河山水金", (
    "dong", "xi", "nan", "bei", "shang", "xin", "gu", "ping", "yong", "an", "fu", "xing", "bao", "long", "feng",
    "shi", "he", "shan", "shui", "jin"), strict=True))
_SECOND = tuple(zip("阳宁丰城溪林川口源台桥坪湖江岗门庄塘田沟", (
    "yang", "ning", "feng", "cheng", "xi", "lin", "chuan", "kou", "yuan", "tai", "qiao", "ping", "hu", "jiang",
    "gang", "men", "zhuang", "tang", "tian", "gou"), strict=True))
_SURNAMES = tuple(zip("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", (
    "wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu", "gao",
    "lin", "he", "guo", "ma", "luo"), strict=True))
_GIVEN = tuple(zip("伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚华建国志红文海波宁斌", (
    "wei", "fang", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "juan", "tao", "ming",
    "chao", "xiu", "xia", "ping", "gang", "hua", "jian", "guo", "zhi", "hong", "wen", "hai", "bo", "ning", "bin"),
    strict=True))
_DEPARTMENTS = (
    "教育局", "公安局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
    "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局",
    "统计局", "医疗保障局", "民政局", "司法局", "发展和改革委员会", "科学技术局", "工业和信息化局", "退役军人事务局",
    "林业局", "信访局", "城市管理局", "国有资产监督管理委员会", "人民法院", "人民检察院",
)
# Lower-level org kinds under a county committee, with their share and name patterns.
_COUNTY_MIX = (
    ("township_committee", 0.34, "{place}镇党委", "zh"),
    ("subdistrict_committee", 0.10, "{place}街道党工委", "jd"),
    ("party_group", 0.22, "{body}{dept}党组", "dz"),
    ("party_committee", 0.05, "{body}{dept}党委", "dw"),
    ("unit_party_org", 0.10, "{body}第{n}中学党总支", "zz"),
    ("work_organ", 0.05, "{body}{organ}", "gj"),
    ("affiliated_institution", 0.04, "{body}{inst}", "sy"),
    ("grassroots_org", 0.10, "{place}村党总支", "cz"),
)
_ORGANS = ("委办公室", "委组织部", "委宣传部", "委统战部", "委政法委员会", "委社会工作部", "直机关工委",
           "委巡察工作领导小组办公室")
_INSTITUTIONS = ("委党校", "融媒体中心", "档案馆", "委党史研究室", "机关事务服务中心")
_SUMMARY = {
    "self_report": "{who}同志报告履行第一责任人职责和严格自律自查情况",
    "feedback": "通报巡察反馈和信访举报情况，指出{issue}等问题",
    "explanation": "就有关问题作出说明",
    "requirements": "提出{n}项整改要求，明确完成时限",
    "commitment": "表态坚决整改，按期报告整改情况",
}
_ISSUES = (
    ("first_responsibility", "落实“三重一大”决策制度不严格"), ("first_responsibility", "对班子成员日常监督不到位"),
    ("first_responsibility", "巡察反馈问题整改进度滞后"), ("first_responsibility", "重大项目资金监管制度执行不到位"),
    ("first_responsibility", "对下属单位“一把手”监督偏软"), ("self_discipline", "执行个人有关事项报告制度不够严格"),
    ("self_discipline", "对亲属经商办企业情况管理不严"), ("self_discipline", "调查研究不够深入"),
    ("other", "意识形态工作责任制落实不够有力"), ("other", "基层减负措施落实不到位"),
)
_MATERIALS = ("上一年度巡察反馈意见", "经济责任审计报告", "干部考核情况", "信访举报情况分析", "专项督查通报",
              "纪律审查中发现的问题线索情况", "个人有关事项报告抽查核实情况")
_TRIGGER_DETAIL = {
    "petitions": "近期反映该单位工程项目问题的信访举报明显增多",
    "criticized": "被上级通报批评，引发负面舆情",
    "inspection_findings": "主体责任检查考核发现问题较多",
    "major_case": "所属单位发生重大违纪违法案件",
    "personal_tendency": "本人存在苗头性、倾向性问题",
    "other": "专项整治进展明显滞后",
}
_PLAIN_WORD = re.compile(r"^[a-z][a-z0-9_-]*$")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_YAML_INDICATORS = frozenset(":#{}[],&*!|>'\"%@`\\\n\t")


class DemoError(Exception):
    """The demo cannot be written (a usage problem, exit code 2), with a Chinese message."""


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
class _Post:
    person: str
    start: dt.date
    end: dt.date | None = None
    role: str = ""

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class _Org:
    """An organization while it is being built (turned into a record by :meth:`record`)."""

    id: str
    name: str
    kind: str
    short_name: str = ""
    parent: str | None = None
    approved_by: str | None = None
    terms: list[tuple[int, dt.date, dt.date | None]] = field(default_factory=list)
    leaders: list[_Post] = field(default_factory=list)
    team: list[_Post] = field(default_factory=list)
    in_scope: bool = True
    reason: str = ""
    established_on: dt.date | None = None
    dissolved_on: dt.date | None = None
    children: list[_Org] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def talk_prefix(self) -> str:
        return self.id.rsplit("-", 1)[0]

    def leader_on(self, day: dt.date) -> str | None:
        holding = [p for p in self.leaders if p.holds_on(day)]
        return max(holding, key=lambda p: p.start).person if holding else None

    def team_on(self, day: dt.date) -> list[_Post]:
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
            out["terms"] = [{"number": n, "start": _iso(s), "end": _iso(e)} for n, s, e in self.terms]
        if self.leaders:
            out["leaders"] = [{"person": p.person, "from": _iso(p.start), "to": _iso(p.end)} for p in self.leaders]
        if self.team:
            out["leadership_team"] = [{"person": p.person, "role": p.role, "from": _iso(p.start), "to": _iso(p.end)}
                                      for p in self.team]
        if not self.in_scope:
            out["in_scope"] = False
            out["reason"] = self.reason
        if self.established_on:
            out["established_on"] = _iso(self.established_on)
        if self.dissolved_on:
            out["dissolved_on"] = _iso(self.dissolved_on)
        return out


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class _Builder:
    """Builds the whole repository in memory from one random generator (so one seed, one repository)."""

    def __init__(self, scale: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.shape = shape_for(scale)
        self.records: dict[str, dict[str, Any]] = {}
        self.files: dict[str, str] = {}
        self.bodies: list[_Org] = []
        self.serial = 0
        self.talk_numbers: dict[tuple[str, int], int] = {}
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
        (sur, sur_py), given = self.rng.choice(_SURNAMES), self.rng.sample(_GIVEN, self.rng.choice((1, 2, 2)))
        pid = f"{sur_py}-{''.join(g[1] for g in given)}-{self.serial:05d}"
        record: dict[str, Any] = {"id": pid, "name": sur + "".join(g[0] for g in given), "title": title}
        self.records[f"people/{pid}.yaml"] = record
        return pid

    def add_org(self, org: _Org, parent: _Org | None) -> _Org:
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
    def body(self, oid: str, name: str, short: str, kind: str, parent: _Org | None, size: int) -> _Org:
        """A conducting body: terms, a secretary history and a leadership team of ``size``."""
        org = self.add_org(_Org(oid, name, kind, short, parent.id if parent else None), parent)
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
            org.leaders = [_Post(secretary, start, changed - dt.timedelta(days=1)), _Post(successor, changed)]
            org.team = [_Post(secretary, start, changed - dt.timedelta(days=1), "secretary"),
                        _Post(successor, changed, None, "secretary")]
        else:
            org.leaders = [_Post(secretary, start)]
            org.team = [_Post(secretary, start, None, "secretary")]
        for i in range(size - 1):
            role = "deputy_secretary" if i < 2 else "standing_member"
            member = self.person(f"{short}{'副书记' if i < 2 else '常委'}")
            if i == size - 2 and self.chance(0.5):  # one member left and was replaced
                left = self.day_between(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
                org.team.append(_Post(member, start, left, role))
                org.team.append(_Post(self.person(f"{short}常委"), left + dt.timedelta(days=20), None, role))
            else:
                org.team.append(_Post(member, start, None, role))
        self.bodies.append(org)
        return org

    def lower(self, body: _Org, oid: str, name: str, kind: str, short: str = "") -> _Org:
        """A lower-level org of ``body`` with a leader history (and now and then a change of leader)."""
        org = self.add_org(_Org(oid, name, kind, short, body.id), body)
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
            org.leaders = [_Post(leader, start, changed - dt.timedelta(days=1)),
                           _Post(self.person(f"{org.name}书记"), changed)]
        else:
            org.leaders = [_Post(leader, start)]
        return org

    def county_orgs(self, county: _Org, count: int) -> None:
        counts = _spread(count, [share for _k, share, _n, _c in _COUNTY_MIX])
        places = _place_names(self.rng, sum(counts[i] for i, (k, *_r) in enumerate(_COUNTY_MIX)
                                            if k in ("township_committee", "subdistrict_committee", "grassroots_org")))
        body = county.short_name.removesuffix("委")
        for (kind, _share, pattern, code), n in zip(_COUNTY_MIX, counts, strict=True):
            for i in range(n):
                fill = {"body": body, "dept": _DEPARTMENTS[i % len(_DEPARTMENTS)], "n": i + 1,
                        "organ": _ORGANS[i % len(_ORGANS)], "inst": _INSTITUTIONS[i % len(_INSTITUTIONS)],
                        "place": places.pop()[0] if "{place}" in pattern else ""}
                name = pattern.format(**fill)
                pool = {"{dept}": _DEPARTMENTS, "{organ}": _ORGANS, "{inst}": _INSTITUTIONS}
                if any(marker in pattern and i >= len(names) for marker, names in pool.items()):
                    name = name.replace(body, f"{body}第{i // 10 + 1}片区", 1)  # the names ran out: number them
                self.lower(county, f"{county.talk_prefix}-{code}{i + 1:03d}-dw", name, kind)

    def departments(self, body: _Org, count: int) -> None:
        """Party groups and other departments directly under a provincial or municipal committee."""
        base = body.short_name.removesuffix("委")
        for i in range(count):
            dept = _DEPARTMENTS[i % len(_DEPARTMENTS)]
            prefix = base if i < len(_DEPARTMENTS) else f"{base}第{i // len(_DEPARTMENTS) + 1}"
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
        cities = list(_CITIES)
        self.rng.shuffle(cities)
        for m in range(s.municipalities):
            hanzi, py = cities[m % len(cities)]
            if m >= len(cities):
                hanzi, py = f"{hanzi}{m // len(cities) + 1}", f"{py}{m // len(cities) + 1}"
            city = self.body(f"{py}-sw", f"中共{hanzi}市委员会", f"{hanzi}市委", "municipal_committee", province, 9)
            for hz, cpy in _place_names(self.rng, s.counties_per_municipality):
                suffix = self.rng.choice(("县", "县", "区", "市"))
                county = self.body(f"{py}-{cpy}-xw", f"中共{hz}{suffix}委员会", f"{hz}{suffix}委", "county_committee",
                                   city, 7)
                self.county_orgs(county, s.county_orgs)
            self.departments(city, s.municipal_others)
        self.departments(province, s.province_others)

    # --- plans, talks, rectifications ------------------------------------------------------
    def plan_and_talks(self, body: _Org) -> None:
        """The body's 2026 plan, the periodic talks that fulfil it, a few timely and pre-Measures talks."""
        ended = body.terms[0][2]  # the previous term's end when the body changed terms in 2026
        approved = self.day_between(dt.date(2026, 2, 5), dt.date(2026, 3, 25))
        has_plan = ended is not None or not self.chance(0.01)
        items: list[dict[str, Any]] = []
        for org in body.children:
            if not org.in_scope or org.dissolved_on:
                continue
            if self.chance(0.03) and org.exists_on(dt.date(2025, 6, 30)):
                self.old_talk(body, org)
                continue
            if has_plan and (ended is not None or self.chance(0.95)):
                items.append(self.plan_item(body, org, len(items) + 1, approved, ended))
            if self.chance(0.11):
                self.timely_talk(body, org)
        if not has_plan:
            return
        plan: dict[str, Any] = {"committee": body.id, "year": 2026, "approved_on": _iso(approved),
                                "in_responsibility_list": not self.chance(0.01),
                                "basis": sorted(self.rng.sample(("inspection", "discipline_review", "audit",
                                                                 "special_supervision", "cadre_assessment"), 3)),
                                "items": items,
                                "note": f"结合上一年度巡视巡察、审计监督和干部考核情况制定，"
                                        f"经{body.label}常委会会议审议通过。"}
        self.records[layout.plan_path(body.id, 2026)] = plan

    def plan_item(self, body: _Org, org: _Org, n: int, approved: dt.date, ended: dt.date | None) -> dict[str, Any]:
        talker = self.talker_for(body, org, approved)
        if ended is not None:  # the talk must fall within the term that is ending
            due = ended
        else:
            due = self.rng.choice((dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 12, 31)))
        item: dict[str, Any] = {"id": f"p{n:03d}", "org": org.id, "talker": talker, "due": _iso(due)}
        if not self.chance(0.005):
            item["division"] = f"{body.label}办公室牵头，纪委监委、组织部配合"
        item["proposed_by"] = sorted(self.rng.sample(("discipline", "organization", "inspection", "audit"), 2))
        earliest = max(approved + dt.timedelta(days=7), org.established_on or approved)
        latest = min(due, DEMO_AS_OF - dt.timedelta(days=1), org.dissolved_on or due)
        # past due: nearly all were held; due later this year: three in four are held already
        held = not self.chance(0.015 if ended is not None else 0.03) if due < DEMO_AS_OF else self.chance(0.75)
        if held and earliest <= latest:
            self.talk(body, org, self.day_between(earliest, latest), "periodic", item["id"])
        return item

    def talker_for(self, body: _Org, org: _Org, day: dt.date) -> str:
        if org.kind in ("municipal_committee", "county_committee", "township_committee", "subdistrict_committee"):
            return body.secretary_on(day) or body.team_on(day)[0].person
        members = [p for p in body.team_on(day) if p.role != "secretary" and p.end is None]
        return self.rng.choice(members).person if members else (body.secretary_on(day) or body.team[0].person)

    def talk_id(self, body: _Org, year: int) -> str:
        key = (body.id, year)
        self.talk_numbers[key] = self.talk_numbers.get(key, 0) + 1
        return f"{body.talk_prefix}-{year}-{self.talk_numbers[key]:03d}"

    def old_talk(self, body: _Org, org: _Org) -> None:
        """A periodic talk held in 2025, before the Measures (kept, shown, not checked: A20-IN-FORCE)."""
        day = self.day_between(max(dt.date(2025, 3, 1), body.terms[0][1]), dt.date(2025, 12, 31))
        self.talk(body, org, day, "periodic", "")

    def timely_talk(self, body: _Org, org: _Org) -> None:
        latest = min(DEMO_AS_OF - dt.timedelta(days=1), org.dissolved_on or DEMO_AS_OF)
        day = self.day_between(max(MEASURES_IN_FORCE, org.established_on or MEASURES_IN_FORCE), latest)
        self.talk(body, org, day, "timely", "")

    def talk(self, body: _Org, org: _Org, day: dt.date, kind: str, plan_item: str) -> None:
        interviewee = org.leader_on(day)
        if interviewee is None:
            return
        if kind == "periodic" and org.kind in ("municipal_committee", "county_committee", "township_committee",
                                               "subdistrict_committee"):
            talker = body.secretary_on(day) or ""
            if self.chance(0.003):  # held by a deputy instead of the secretary (A7-SECRETARY-TALKS)
                talker = next((p.person for p in body.team_on(day) if p.role == "deputy_secretary"), talker)
        else:
            talker = self.rng.choice(body.team_on(day)).person
        tid = self.talk_id(body, day.year)
        who = self.records[f"people/{interviewee}.yaml"]["name"]
        issues = self.rng.sample(_ISSUES, self.rng.choice((1, 2, 2, 3)))
        talk: dict[str, Any] = {"id": tid, "committee": body.id, "kind": kind}
        if plan_item:
            talk["plan_item"] = plan_item
        talk.update({"date": _iso(day), "talker": talker, "interviewee": interviewee, "interviewee_org": org.id})
        if kind == "timely":
            codes = sorted(self.rng.sample(tuple(_TRIGGER_DETAIL), self.rng.choice((1, 1, 2))))
            talk["triggers"] = [{"code": c, "detail": _TRIGGER_DETAIL[c]} for c in codes]
        if not (kind == "timely" and self.chance(0.03)):
            talk["participants"] = [
                {"unit": "discipline", "name": f"{body.label.removesuffix('委')}纪委监委监督检查室"},
                {"unit": "organization", "name": f"{body.label}组织部干部监督科"}]
            talk["materials_provided"] = [{"unit": "inspection", "title": self.rng.choice(_MATERIALS)}]
        if kind == "periodic":
            prep: dict[str, Any] = {}
            if not self.chance(0.005):
                prep["self_check_on"] = _iso(day - dt.timedelta(days=self.rng.randint(5, 15)))
            prep["materials"] = sorted(self.rng.sample(_MATERIALS, 2))
            talk["preparation"] = prep
        fill = {"who": who, "issue": issues[0][1], "n": len(issues)}
        talk["steps"] = [{"step": s, "summary": text.format(**fill)} for s, text in _SUMMARY.items()]
        talk["problems"] = [{"id": f"q{i + 1}", "area": area, "text": text} for i, (area, text) in enumerate(issues)]
        if self.chance(0.01):
            talk["problems"][-1]["confidential"] = True
        talk["requirements"] = [f"针对“{text}”制定整改措施" for _area, text in issues]
        if self.chance(0.01):
            talk["record"] = {"kept_by": f"{body.label}办公室", "file": f"files/{day.year}/{tid}-record.txt"}
            self.files[f"files/{day.year}/{tid}-record.txt"] = f"{tid} 谈话记录（演示）\n"
        else:
            talk["record"] = {"kept_by": f"{body.label}办公室", "archive_ref": f"{body.label}办档〔{day.year}〕{tid}号"}
        sent = day + dt.timedelta(days=self.rng.randint(2, 10))
        units = ["discipline", "organization"] if not self.chance(0.008) else ["discipline"]
        if sent <= DEMO_AS_OF:
            talk["distribution"] = [{"unit": u, "on": _iso(sent)} for u in units]
        if self.chance(0.003):
            talk["untruthful"] = {"noted_on": _iso(min(DEMO_AS_OF, day + dt.timedelta(days=60))),
                                  "detail": "核查发现自查报告隐瞒了有关情况"}
        talk["status"] = "final" if sent <= DEMO_AS_OF else "draft"
        self.records[layout.talk_path(day.year, tid)] = talk
        if day >= MEASURES_IN_FORCE:
            self.rectification(talk, day)

    def rectification(self, talk: dict[str, Any], day: dt.date) -> None:
        """What the interviewee did after the talk: on time mostly, sometimes late, rarely overdue."""
        settings = Settings()
        m_due = deadlines.due_date(day, deadlines.MEASURES_MONTHS, settings)
        s_due = deadlines.due_date(day, deadlines.STATUS_MONTHS, settings)
        measures_on = self.submitted(day, m_due, late=0.04, missing=0.015, early_share=0.6)
        status_on = None
        if measures_on is not None:
            status_on = self.submitted(max(measures_on, day + dt.timedelta(days=30)), s_due, late=0.04, missing=0.012,
                                       early_share=0.3)
        if measures_on is None and (m_due < DEMO_AS_OF or self.chance(0.5)):
            return  # nothing submitted yet: no rectification file (the deadlines are computed from the talk)
        rect: dict[str, Any] = {"talk": talk["id"]}
        if measures_on is None:  # a file opened for the rectification, nothing submitted yet
            rect.update({"status": "draft", "note": "整改措施正在研究制定"})
            self.records[f"rectifications/{talk['id']}.yaml"] = rect
            return
        if measures_on:
            rect["measures_submitted_on"] = rect["reflection_submitted_on"] = _iso(measures_on)
        rect["measures"] = [{"id": f"m{i + 1}", "problem": p["id"], "area": p["area"],
                             "text": f"{p['text'].removesuffix('不到位')}方面建立整改台账，逐项销号",
                             "due": _iso(s_due)} for i, p in enumerate(talk["problems"])]
        first = any(m["area"] == "first_responsibility" for m in rect["measures"])
        if first and measures_on and not self.chance(0.01):
            rect["team_notified_on"] = _iso(min(DEMO_AS_OF, measures_on + dt.timedelta(days=self.rng.randint(1, 5))))
        if status_on:
            rect["status_report_on"] = _iso(status_on)
        rect["progress"] = [{"measure": m["id"], "status": self.progress(status_on)} for m in rect["measures"]]
        if status_on and status_on + dt.timedelta(days=30) <= DEMO_AS_OF and self.chance(0.5):
            result = self.rng.choices(("effective", "perfunctory", "false"), (94, 4, 2))[0]
            rect["verification"] = {"by": "discipline", "on": _iso(status_on + dt.timedelta(days=30)), "result": result}
        documents = []
        if measures_on:
            documents.append({"title": "整改措施及思想认识报告", "archive_ref": f"整改〔{day.year}〕{talk['id']}-1号"})
        if status_on:
            documents.append({"title": "整改情况报告", "archive_ref": f"整改〔{day.year}〕{talk['id']}-2号"})
        if documents and not self.chance(0.008):
            rect["documents"] = documents
        rect["status"] = "final" if status_on else "draft"
        self.records[f"rectifications/{talk['id']}.yaml"] = rect

    def submitted(self, start: dt.date, due: dt.date, late: float, missing: float,
                  early_share: float) -> dt.date | None:
        """When something owed by ``due`` was submitted (None: not yet), as of :data:`DEMO_AS_OF`."""
        if due >= DEMO_AS_OF:  # not due yet: some have submitted already
            on = self.day_between(start + dt.timedelta(days=3), due)
            return on if on < DEMO_AS_OF and self.chance(early_share) else None
        roll = self.rng.random()
        if roll < missing:
            return None
        if roll < missing + late:
            return min(DEMO_AS_OF, due + dt.timedelta(days=self.rng.randint(1, 25)))
        return self.day_between(min(start + dt.timedelta(days=3), due), due)

    def progress(self, status_on: dt.date | None) -> str:
        if status_on is None:
            return self.rng.choice(("in_progress", "in_progress", "not_started"))
        return "done" if self.chance(0.85) else "in_progress"

    def build(self) -> None:
        self.hierarchy()
        for body in self.bodies:
            self.plan_and_talks(body)
        for org in _walk(self.bodies[0]):
            self.records[f"orgs/{org.id}.yaml"] = org.record()
        self.records[layout.SETTINGS_FILE] = {
            "repository_name": "东海省监督谈话汇总档案（演示数据）",
            "sample_data": True,
            "bodies": [b.id for b in self.bodies],
        }


def _walk(root: _Org) -> Iterator[_Org]:
    stack = [root]
    while stack:
        org = stack.pop()
        yield org
        stack.extend(reversed(org.children))


def _spread(total: int, shares: list[float]) -> list[int]:
    """Split ``total`` by ``shares`` (largest remainder), so the parts add up exactly."""
    raw = [total * s / sum(shares) for s in shares]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def _place_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` distinct two-character place names with their pinyin (numbered once the pool runs out)."""
    pool = [(a + b, pa + pb) for a, pa in _FIRST for b, pb in _SECOND]
    rng.shuffle(pool)
    out = pool[:count]
    for i in range(count - len(out)):
        hz, py = pool[i % len(pool)]
        out.append((f"{hz}{i // len(pool) + 2}", f"{py}{i // len(pool) + 2}"))
    return out


# --- writing ---------------------------------------------------------------------------------
def _scalar(value: Any) -> str:
    """A YAML scalar that the strict loader reads back as exactly ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN_WORD.fullmatch(text) and text not in _YAML11_WORDS:
        return text
    if (text and 0x2E80 <= ord(text[0]) <= 0xD7FF and text == text.strip()
            and all(c not in _YAML_INDICATORS and _as_is(c) for c in text)):
        return text  # Chinese text, written plain as people write it
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
    return "".join(c if _as_is(c) else f"\\u{ord(c):04x}" for c in quoted)


def _as_is(c: str) -> bool:
    """Whether a character can be written as itself: YAML's printable set, without its line breaks."""
    o = ord(c)
    return (0x20 <= o <= 0x7E or o == 0x09 or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000) \
        and o not in (0x2028, 0x2029, 0xFEFF)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _inline(value: dict[str, Any]) -> bool:
    return len(_flow(value)) <= 90 and not any(isinstance(v, (dict, list)) for v in value.values())


def dump(record: dict[str, Any]) -> str:
    """Hand-written-looking YAML for one record: block mappings, flow-style list items (as in the samples)."""
    lines = [HEADER.rstrip("\n")]
    for key, value in record.items():
        if isinstance(value, dict) and not _inline(value):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_flow(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                if len(item) > 4:
                    first, *rest = item.items()
                    lines.append(f"  - {first[0]}: {_flow(first[1])}")
                    lines += [f"    {k}: {_flow(v)}" for k, v in rest]
                else:
                    lines.append(f"  - {_flow(item)}")
        else:
            lines.append(f"{key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Summary:
    """What :func:`write` produced."""

    records_dir: Path
    records: int
    by_kind: tuple[tuple[str, int], ...]
    bodies: int


def generate(scale: int, seed: int) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The records (path under records/ → data) and archived files (path → text) for ``scale`` and ``seed``."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise DemoError(f"--scale 应在 {MIN_SCALE} 到 {MAX_SCALE} 之间（记录条数），收到 {scale}")
    builder = _Builder(scale, seed)
    builder.build()
    return builder.records, builder.files


def write(out: Path, scale: int, seed: int) -> Summary:
    """Generate the repository into ``out/records``; ``out`` must be missing or empty."""
    if out.exists() and not out.is_dir():
        raise DemoError(f"{out} 已存在且不是文件夹；请指定一个新的或空的文件夹")
    if out.is_dir() and any(out.iterdir()):
        raise DemoError(f"文件夹 {out} 不是空的，为避免覆盖已有内容，未写入任何文件；请指定一个新的或空的文件夹")
    records, files = generate(scale, seed)
    folder = out / "records"
    made: set[Path] = set()
    for rel, data in sorted(records.items()):
        _write_text(folder / rel, dump(data), made)
    for rel, text in sorted(files.items()):
        _write_text(folder / rel, text, made)
    kinds: dict[str, int] = {}
    for rel in records:
        place = layout.place_of(PurePosixPath(rel))
        kind = getattr(place, "kind", "other")
        kinds[kind] = kinds.get(kind, 0) + 1
    bodies = len(records[layout.SETTINGS_FILE]["bodies"])
    return Summary(folder, len(records), tuple(sorted(kinds.items())), bodies)


def _write_text(path: Path, text: str, made: set[Path]) -> None:
    if path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
