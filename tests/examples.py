"""Example records shared by the schema tests: one of each kind, every optional field used somewhere.

The settings example is not a copy: it is the ``records/settings.yaml`` block of ``docs/record-fields.md``, read
from the page, so the documented defaults are the ones the schema accepts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

DOCS = Path(__file__).resolve().parent.parent / "docs"


def settings_block() -> dict[str, Any]:
    """The YAML block that follows the ``settings.yaml`` heading of docs/record-fields.md, parsed."""
    text = (DOCS / "record-fields.md").read_text(encoding="utf-8")
    found = re.search(r"^#+ [^\n]*settings\.yaml[^\n]*\n(?:(?!^#)[^\n]*\n)*?```yaml\n(.*?)^```", text, re.M | re.S)
    assert found, "docs/record-fields.md has no settings.yaml block"
    data = yaml.safe_load(found.group(1))
    assert isinstance(data, dict) and data, "the settings.yaml block of docs/record-fields.md is empty"
    return data


# --------------------------------------------------------------------------- example records
# Dates stay strings, as the strict loader keeps them.

ORG = {
    "id": "shanhai-sw",
    "name": "中共山海市委员会",
    "short_name": "山海市委",
    "kind": "municipal_committee",
    "parent": "donghai-sw",
    "terms": [{"number": 8, "start": "2021-09-28", "end": None}],
    "leaders": [{"person": "zhao-gang", "from": "2021-09-28", "to": None}],
    "leadership_team": [
        {"person": "zhao-gang", "role": "secretary", "from": "2021-09-28", "to": None},
        {"person": "qian-li", "role": "deputy_secretary", "from": "2021-09-28", "to": None},
        {"person": "sun-wei", "role": "standing_member", "from": "2021-09-28", "to": "2025-06-30"},
    ],
}

PERSON = {"id": "li-hua", "name": "李华"}

PLAN = {
    "committee": "shanhai-sw",
    "year": 2026,
    "approved_on": "2026-02-20",
    "in_responsibility_list": True,
    "basis": ["inspection", "audit", "cadre_assessment"],
    "items": [
        {
            "id": "p01",
            "org": "dongling-xw",
            "talker": "zhao-gang",
            "due": "2026-06-30",
            "division": "市委办公室牵头，市纪委监委、市委组织部配合",
            "proposed_by": ["discipline", "organization"],
        }
    ],
}

TALK = {
    "id": "shanhai-2026-001",
    "committee": "shanhai-sw",
    "kind": "periodic",
    "plan_item": "p01",
    "date": "2026-04-12",
    "talker": "zhao-gang",
    "interviewee": "li-hua",
    "interviewee_org": "dongling-xw",
    "participants": [
        {"unit": "discipline", "name": "市纪委监委第三监督检查室"},
        {"unit": "organization", "name": "市委组织部干部监督科"},
    ],
    "preparation": {
        "self_check_on": "2026-04-05",
        "materials": ["2025年巡察反馈意见", "2025年度经济责任审计报告"],
    },
    "steps": [
        {"step": "self_report", "summary": "李华同志报告履行第一责任人职责和严格自律自查情况"},
        {"step": "feedback", "summary": "指出班子议事规则执行不严等问题"},
        {"step": "explanation", "summary": "就有关问题作出说明"},
        {"step": "requirements", "summary": "提出三项整改要求"},
        {"step": "commitment", "summary": "表态坚决整改"},
    ],
    "problems": [
        {"id": "q1", "area": "first_responsibility", "text": '落实"三重一大"决策制度不严格'},
        {"id": "q2", "area": "self_discipline", "text": "某具体事项", "confidential": True},
    ],
    "record": {"kept_by": "市委办公室", "file": "files/2026/shanhai-2026-001-record.pdf"},
    "distribution": [
        {"unit": "discipline", "on": "2026-04-15"},
        {"unit": "organization", "on": "2026-04-15"},
    ],
}

TIMELY_TALK = {
    "id": "shanhai-2026-002",
    "committee": "shanhai-sw",
    "kind": "timely",
    "date": "2026-05-20",
    "talker": "zhao-gang",
    "interviewee": "li-hua",
    "interviewee_org": "dongling-xw",
    "triggers": [{"code": "petitions", "detail": "信访反映较多"}],
    "record": {"kept_by": "市委办公室"},
}

RECTIFICATION = {
    "talk": "shanhai-2026-001",
    "measures_submitted_on": "2026-05-08",
    "reflection_submitted_on": "2026-05-08",
    "measures": [
        {
            "id": "m1",
            "problem": "q1",
            "area": "first_responsibility",
            "text": "修订班子议事规则",
            "due": "2026-06-30",
        }
    ],
    "team_notified_on": "2026-05-10",
    "status_report_on": "2026-07-10",
    "progress": [{"measure": "m1", "status": "done", "note": "已印发新版议事规则"}],
    "verification": {"by": "discipline", "on": "2026-09-01", "result": "effective"},
}

# The settings block of docs/record-fields.md, read from the page itself: every key, with its default value.
SETTINGS: dict[str, Any] = settings_block()

EXAMPLES = [
    ("org", ORG),
    ("person", PERSON),
    ("plan", PLAN),
    ("talk", TALK),
    ("talk", TIMELY_TALK),
    ("rectification", RECTIFICATION),
    ("settings", SETTINGS),
    ("settings", {}),
]
