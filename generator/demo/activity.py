"""What the demo's conducting bodies did in 2026: annual plans, the periodic talks that fulfil them, timely
talks, a few talks from before the Measures, and the rectifications after each talk (on time mostly,
sometimes late, rarely overdue), drawn from the same random generator as the organisation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.demo.organisation import Org, World, iso
from generator.demo.pools import DEMO_AS_OF, ISSUES, MATERIALS, SUMMARY, TRIGGER_DETAIL
from generator.load import layout
from generator.measures import deadlines
from generator.model import catalog
from generator.model.repository import MEASURES_IN_FORCE
from generator.model.settings import Settings


class Activity:
    """Writes the plans, talks and rectifications of a :class:`World` into its records."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng
        self.records = world.records
        self.talk_numbers: dict[tuple[str, int], int] = {}

    def chance(self, p: float) -> bool:
        return self.world.chance(p)

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return self.world.day_between(start, end)

    def plan_and_talks(self, body: Org) -> None:
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
        plan: dict[str, Any] = {"committee": body.id, "year": 2026, "approved_on": iso(approved),
                                "in_responsibility_list": not self.chance(0.01),
                                "basis": sorted(self.rng.sample(("inspection", "discipline_review", "audit",
                                                                 "special_supervision", "cadre_assessment"), 3)),
                                "items": items,
                                "note": f"结合上一年度巡视巡察、审计监督和干部考核情况制定，"
                                        f"经{body.label}常委会会议审议通过。"}
        self.records[layout.plan_path(body.id, 2026)] = plan

    def plan_item(self, body: Org, org: Org, n: int, approved: dt.date, ended: dt.date | None) -> dict[str, Any]:
        talker = self.talker_for(body, org, approved)
        if ended is not None:  # the talk must fall within the term that is ending
            due = ended
        else:
            due = self.rng.choice((dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 12, 31)))
        item: dict[str, Any] = {"id": f"p{n:03d}", "org": org.id, "talker": talker, "due": iso(due)}
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

    def talker_for(self, body: Org, org: Org, day: dt.date) -> str:
        if org.kind in ("municipal_committee", "county_committee", "township_committee", "subdistrict_committee"):
            return body.secretary_on(day) or body.team_on(day)[0].person
        members = [p for p in body.team_on(day) if p.role != "secretary" and p.end is None]
        return self.rng.choice(members).person if members else (body.secretary_on(day) or body.team[0].person)

    def talk_id(self, body: Org, year: int) -> str:
        key = (body.id, year)
        self.talk_numbers[key] = self.talk_numbers.get(key, 0) + 1
        return f"{body.talk_prefix}-{year}-{self.talk_numbers[key]:03d}"

    def old_talk(self, body: Org, org: Org) -> None:
        """A periodic talk held in 2025, before the Measures (kept, shown, not checked: A20-IN-FORCE)."""
        day = self.day_between(max(dt.date(2025, 3, 1), body.terms[0][1]), dt.date(2025, 12, 31))
        self.talk(body, org, day, "periodic", "")

    def timely_talk(self, body: Org, org: Org) -> None:
        latest = min(DEMO_AS_OF - dt.timedelta(days=1), org.dissolved_on or DEMO_AS_OF)
        day = self.day_between(max(MEASURES_IN_FORCE, org.established_on or MEASURES_IN_FORCE), latest)
        self.talk(body, org, day, "timely", "")

    def talk(self, body: Org, org: Org, day: dt.date, kind: str, plan_item: str) -> None:
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
        issues = self.rng.sample(ISSUES, self.rng.choice((1, 2, 2, 3)))
        talk: dict[str, Any] = {"id": tid, "committee": body.id, "kind": kind}
        if plan_item:
            talk["plan_item"] = plan_item
        talk.update({"date": iso(day), "talker": talker, "interviewee": interviewee, "interviewee_org": org.id})
        if kind == "timely":
            codes = sorted(self.rng.sample(tuple(TRIGGER_DETAIL), self.rng.choice((1, 1, 2))))
            talk["triggers"] = [{"code": c, "detail": TRIGGER_DETAIL[c]} for c in codes]
        if not (kind == "timely" and self.chance(0.03)):
            talk["participants"] = [
                {"unit": "discipline", "name": f"{body.label.removesuffix('委')}纪委监委监督检查室"},
                {"unit": "organization", "name": f"{body.label}组织部干部监督科"}]
            talk["materials_provided"] = [{"unit": "inspection", "title": self.rng.choice(MATERIALS)}]
        if kind == "periodic":
            prep: dict[str, Any] = {}
            if not self.chance(0.005):
                prep["self_check_on"] = iso(day - dt.timedelta(days=self.rng.randint(5, 15)))
            prep["materials"] = sorted(self.rng.sample(MATERIALS, 2))
            talk["preparation"] = prep
        fill = {"who": who, "issue": issues[0][1], "n": len(issues)}
        talk["steps"] = [{"step": s, "summary": SUMMARY[s].format(**fill)} for s in catalog.STEP_ORDER]
        talk["problems"] = [{"id": f"q{i + 1}", "area": area, "text": text} for i, (area, text) in enumerate(issues)]
        if self.chance(0.01):
            talk["problems"][-1]["confidential"] = True
        talk["requirements"] = [f"针对“{text}”制定整改措施" for _area, text in issues]
        if self.chance(0.01):
            talk["record"] = {"kept_by": f"{body.label}办公室", "file": f"files/{day.year}/{tid}-record.txt"}
            self.world.files[f"files/{day.year}/{tid}-record.txt"] = f"{tid} 谈话记录（演示）\n"
        else:
            talk["record"] = {"kept_by": f"{body.label}办公室", "archive_ref": f"{body.label}办档〔{day.year}〕{tid}号"}
        sent = day + dt.timedelta(days=self.rng.randint(2, 10))
        units = ["discipline", "organization"] if not self.chance(0.008) else ["discipline"]
        if sent <= DEMO_AS_OF:
            talk["distribution"] = [{"unit": u, "on": iso(sent)} for u in units]
        if self.chance(0.003):
            talk["untruthful"] = {"noted_on": iso(min(DEMO_AS_OF, day + dt.timedelta(days=60))),
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
            rect["measures_submitted_on"] = rect["reflection_submitted_on"] = iso(measures_on)
        rect["measures"] = [{"id": f"m{i + 1}", "problem": p["id"], "area": p["area"],
                             "text": f"{p['text'].removesuffix('不到位')}方面建立整改台账，逐项销号",
                             "due": iso(s_due)} for i, p in enumerate(talk["problems"])]
        first = any(m["area"] == "first_responsibility" for m in rect["measures"])
        if first and measures_on and not self.chance(0.01):
            rect["team_notified_on"] = iso(min(DEMO_AS_OF, measures_on + dt.timedelta(days=self.rng.randint(1, 5))))
        if status_on:
            rect["status_report_on"] = iso(status_on)
        rect["progress"] = [{"measure": m["id"], "status": self.progress(status_on)} for m in rect["measures"]]
        if status_on and status_on + dt.timedelta(days=30) <= DEMO_AS_OF and self.chance(0.5):
            result = self.rng.choices(("effective", "perfunctory", "false"), (94, 4, 2))[0]
            rect["verification"] = {"by": "discipline", "on": iso(status_on + dt.timedelta(days=30)), "result": result}
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
