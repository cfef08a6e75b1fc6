"""Policy settings (RULES.md, *policy*) read from ``records/settings.yaml``, with the documented defaults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from generator.model import catalog

_UNITS = {"coverage_risk_months": "个月", "term_years": "年", "due_soon_days": "天"}


@dataclass(frozen=True)
class Settings:
    """Every policy choice the Measures leave open, with its default (see docs/record-fields.md)."""

    repository_name: str = "监督谈话档案"
    sample_data: bool = False
    bodies: tuple[str, ...] = ()  # conducting bodies this repository keeps; empty = every org with lower-level orgs
    plan_missing_after: str = "03-31"
    coverage_risk_months: int = 6
    term_years: int = 5
    leader_change_counts_as: str = "covered"
    distribution_required: tuple[str, ...] = ("discipline", "organization")
    deadline_rollover: bool = False
    due_soon_days: int = 30
    hook_blocks_deadlines: bool = False  # the pre-commit hook blocks on time-driven findings too (engine.hook)

    def described_rows(self, org_label: Callable[[str], str] = str) -> list[tuple[str, str, str]]:
        """(name, Chinese meaning, value in words) for office pages: "3月31日", "6个月", "纪检监察机关、…"."""
        out = []
        for name, _shown in self.as_rows():
            value = getattr(self, name)
            if name == "bodies":
                text = "、".join(org_label(v) for v in value) if value else "所有有下级组织的组织"
            elif name == "distribution_required":
                text = "、".join(catalog.label(catalog.UNIT, v) for v in value) if value else "不要求"
            elif name == "plan_missing_after":
                month, day = (int(part) for part in value.split("-"))
                text = f"{month}月{day}日"
            elif name == "leader_change_counts_as":
                text = catalog.label(catalog.LEADER_CHANGE, value)
            elif isinstance(value, bool):
                text = "是" if value else "否"
            elif name in _UNITS:
                text = f"{value}{_UNITS[name]}"
            else:
                text = str(value)
            out.append((name, catalog.label(catalog.SETTING, name), text))
        return out

    def plan_missing_date(self, year: int) -> dt.date:
        """The day after which a missing plan for ``year`` is reported."""
        month, day = (int(part) for part in self.plan_missing_after.split("-"))
        return dt.date(year, month, day)

    def as_rows(self) -> list[tuple[str, str]]:
        """(name, value) pairs for display."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = "、".join(value) if value else "（全部）"
            elif isinstance(value, bool):
                value = "是" if value else "否"
            out.append((f.name, str(value)))
        return out


def from_data(data: dict[str, Any] | None) -> Settings:
    """Settings from a schema-validated ``settings.yaml`` mapping (``None``: all defaults)."""
    if not data:
        return Settings()
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
    return Settings(**values)
