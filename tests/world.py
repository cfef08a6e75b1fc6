"""A small, clean records repository for rule tests: every rule holds on it as written.

Each failing fixture in the rule tests changes one thing in this world and asserts the exact finding.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from generator.engine.checker import CheckResult, check

__all__ = ["AS_OF", "base", "check", "line_of", "run", "write"]

AS_OF = dt.date(2026, 11, 27)


def base() -> dict[str, Any]:
    """The records of the clean world, keyed by their path under records/."""
    team = [
        {"person": "sec", "role": "secretary", "from": "2024-01-01", "to": None},
        {"person": "dep", "role": "deputy_secretary", "from": "2024-01-01", "to": None},
        {"person": "ex", "role": "standing_member", "from": "2024-01-01", "to": "2025-06-30"},
    ]
    talk_common: dict[str, Any] = {
        "participants": [{"unit": "discipline", "name": "市纪委监委第一监督检查室"}],
        "record": {"kept_by": "市委办公室", "archive_ref": "DA-2026-1"},
        "distribution": [{"unit": "discipline", "on": "2026-06-01"}, {"unit": "organization", "on": "2026-06-01"}],
    }
    steps = [{"step": s, "summary": "摘要"} for s in
             ("self_report", "feedback", "explanation", "requirements", "commitment")]
    periodic: dict[str, Any] = {
        "kind": "periodic", "preparation": {"self_check_on": "2026-04-01", "materials": ["巡察反馈意见"]},
        "steps": steps, "problems": [{"id": "q1", "area": "first_responsibility", "text": "议事规则执行不严"}],
    }
    rect: dict[str, Any] = {
        "measures": [{"id": "m1", "problem": "q1", "area": "first_responsibility", "text": "修订议事规则"}],
        "team_notified_on": "2026-05-10",
        "documents": [{"title": "整改措施", "archive_ref": "DA-2026-2"}],
    }
    return {
        "orgs/city.yaml": {"id": "city", "name": "中共测试市委员会", "short_name": "测试市委",
                           "kind": "municipal_committee", "terms": [{"number": 1, "start": "2024-01-01", "end": None}],
                           "leaders": [{"person": "sec", "from": "2024-01-01", "to": None}], "leadership_team": team},
        "orgs/county-a.yaml": {"id": "county-a", "name": "中共甲县委员会", "short_name": "甲县委",
                               "kind": "county_committee", "parent": "city",
                               "leaders": [{"person": "la", "from": "2020-01-01", "to": None}]},
        "orgs/group-g.yaml": {"id": "group-g", "name": "测试市教育局党组", "kind": "party_group", "parent": "city",
                              "approved_by": "city", "leaders": [{"person": "lg", "from": "2020-01-01", "to": None}]},
        **{f"people/{p}.yaml": {"id": p, "name": n} for p, n in
           (("sec", "赵书记"), ("dep", "钱副书记"), ("ex", "孙常委"), ("la", "李甲"), ("lg", "王乙"), ("ln", "周新"))},
        "plans/city/2026.yaml": {
            "committee": "city", "year": 2026, "approved_on": "2026-02-10", "in_responsibility_list": True,
            "items": [
                {"id": "p1", "org": "county-a", "talker": "sec", "due": "2026-06-30", "division": "市委办公室牵头"},
                {"id": "p2", "org": "group-g", "talker": "dep", "due": "2026-09-30", "division": "市委办公室牵头"},
            ]},
        "talks/2026/t1.yaml": {"id": "t1", "committee": "city", **copy.deepcopy(periodic), "plan_item": "p1",
                               "date": "2026-04-10", "talker": "sec", "interviewee": "la",
                               "interviewee_org": "county-a", **copy.deepcopy(talk_common)},
        "talks/2026/t2.yaml": {"id": "t2", "committee": "city", **copy.deepcopy(periodic), "plan_item": "p2",
                               "date": "2026-05-20", "talker": "dep", "interviewee": "lg",
                               "interviewee_org": "group-g", **copy.deepcopy(talk_common)},
        "talks/2026/t3.yaml": {"id": "t3", "committee": "city", "kind": "timely", "date": "2026-10-01",
                               "triggers": [{"code": "petitions", "detail": "信访反映较多"}],
                               "talker": "dep", "interviewee": "lg", "interviewee_org": "group-g",
                               "steps": [{"step": "feedback", "summary": "指出问题"}], **talk_common,
                               "distribution": [{"unit": "discipline", "on": "2026-10-20"},
                                                {"unit": "organization", "on": "2026-10-20"}]},
        "rectifications/t1.yaml": {"talk": "t1", **copy.deepcopy(rect), "measures_submitted_on": "2026-05-08",
                                   "reflection_submitted_on": "2026-05-08",
                                   "status_report_on": "2026-07-01"},
        "rectifications/t2.yaml": {"talk": "t2", **copy.deepcopy(rect), "measures_submitted_on": "2026-06-18",
                                   "team_notified_on": "2026-06-20", "reflection_submitted_on": "2026-06-18",
                                   "status_report_on": "2026-08-15"},
        "rectifications/t3.yaml": {"talk": "t3", **copy.deepcopy(rect), "measures_submitted_on": "2026-10-28",
                                   "team_notified_on": "2026-10-29", "reflection_submitted_on": "2026-10-28",
                                   "measures": [], "status_report_on": "2026-11-20"},
    }


def write(root: Path, records: dict[str, Any]) -> Path:
    """Write records as YAML (dates come out quoted) under ``root/records`` and return that folder."""
    folder = root / "records"
    for rel, data in records.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    return folder


def run(root: Path, records: dict[str, Any], as_of: dt.date = AS_OF) -> CheckResult:
    """Write and check a world."""
    return check(write(root, records), as_of)


def line_of(folder: Path, rel: str, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line containing ``needle`` in a written record."""
    hits = [i for i, line in enumerate((folder / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[nth - 1]
