"""Policy settings read from ``records/settings.yaml``, with the defaults documented in docs/record-fields.md."""

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
    work_committee_secretary_talk: bool = False
    due_soon_days: int = 30
    hook_blocks_deadlines: bool = False  # the pre-commit hook blocks on time-driven findings too (engine.hook)

    def described_rows(self, org_label: Callable[[str], str] = str) -> list[tuple[str, str, str]]:
        """(name, Chinese meaning, value in words) for office pages: "3月31日", "6个月", "纪检监察机关、…"."""
        return [(name, catalog.label(catalog.SETTING, name), self.words(name, org_label)) for name, _ in self.as_rows()]

    def words(self, name: str, org_label: Callable[[str], str] = str) -> str:
        """The value of setting ``name`` in words an office reads ("仍算已覆盖（另作提示）", not ``covered``)."""
        value = getattr(self, name)
        if name == "bodies":
            return "、".join(org_label(v) for v in value) if value else "所有有下级组织的组织"
        if name == "distribution_required":
            return "、".join(catalog.label(catalog.UNIT, v) for v in value) if value else "不要求"
        if name == "plan_missing_after":
            month, day = (int(part) for part in value.split("-"))
            return f"{month}月{day}日"
        if name == "leader_change_counts_as":
            return catalog.label(catalog.LEADER_CHANGE, value)
        if isinstance(value, bool):
            return "是" if value else "否"
        if name in _UNITS:
            return f"{value}{_UNITS[name]}"
        return str(value)

    def leader_change_sentence(self) -> str:
        """How coverage treats a talk whose org changed its leader afterwards, as a sentence for the coverage page."""
        return catalog.label(catalog.LEADER_CHANGE_RULE, self.leader_change_counts_as)

    def plan_missing_date(self, year: int) -> dt.date:
        """The day after which a missing plan for ``year`` is reported."""
        month, day = (int(part) for part in self.plan_missing_after.split("-"))
        return dt.date(year, month, day)

    def as_rows(self) -> list[tuple[str, str]]:
        """(name, value) pairs for display."""
        return [(f.name, shown(getattr(self, f.name))) for f in fields(self)]

    def value_of(self, name: str) -> str:
        """The value of setting ``name`` for display."""
        return shown(getattr(self, name))


def shown(value: object) -> str:
    """A setting's value as users read it: lists joined with 、, booleans as 是/否."""
    if isinstance(value, tuple):
        return "、".join(value) if value else "（全部）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@dataclass(frozen=True)
class Policy:
    """A choice the Measures leave open: the setting that makes it, the article it belongs to, what it decides."""

    name: str
    article: str
    decides: str
    basis: str  # why the default is what it is

    @property
    def default(self) -> str:
        """The default value, for display."""
        return shown(getattr(DEFAULTS, self.name))


DEFAULTS = Settings()
# Every setting that decides something the text of the Measures leaves open.  The defaults
# follow the text where it says anything; `talkdocs rules --all` and the site's rules page list them.
POLICIES: tuple[Policy, ...] = (
    Policy("plan_missing_after", "第五条第二款", "当年过了这一天仍无年度计划的，列为问题（A5-PLAN-EXISTS）",
           "《办法》要求每年制定年度计划，未规定制定时间；默认一季度末（03-31）"),
    Policy("term_years", "第五条第二款", "未登记届满日期的一届，按开始后几年推算届满（A5-COVERAGE）",
           "《办法》以“一届任期”计算覆盖期；党章规定地方各级党委每届任期五年"),
    Policy("coverage_risk_months", "第五条第二款",
           "一届任期剩余不足几个月、仍未覆盖且无可完成的计划安排的，提示有未覆盖风险（A5-COVERAGE）",
           "《办法》要求一届任期内全覆盖，未规定提前提示的时间；默认6个月"),
    Policy("leader_change_counts_as", "第五条第二款",
           "本届谈话后“一把手”调整的组织是否仍算已覆盖（A5-COVERAGE-LEADER-CHANGED）",
           "条文要求对下一级党组织“一把手”定期谈话全覆盖，未规定调整后是否须再谈；默认仍算该组织已覆盖，并提示与新任“一把手”谈话"),
    Policy("work_committee_secretary_talk", "第七条",
           "新区等党工委书记的定期谈话是否也须由上一级党委书记作为谈话人（A7-SECRETARY-TALKS）",
           "条文列举市（地、州、盟）、县（市、区、旗）、乡镇（街道）党（工）委书记，所列党工委为街道党工委；默认按所列范围"),
    Policy("deadline_rollover", "第十一条",
           "整改期限的最后一天逢周末或法定节假日是否顺延（A11-MEASURES-LATE、A11-STATUS-LATE）",
           "条文规定“谈话结束后1个月内”“3个月内”，未规定顺延；默认不顺延"),
    Policy("distribution_required", "第十二条", "谈话材料必须抄送的单位（A12-DISTRIBUTION）",
           "条文规定抄送本级纪律检查机关（派驻本单位的纪检监察组）、组织（人事）部门和其他相关单位；默认前两者"),
)


def from_data(data: dict[str, Any] | None) -> Settings:
    """Settings from a schema-validated ``settings.yaml`` mapping (``None``: all defaults)."""
    if not data:
        return Settings()
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
    return Settings(**values)
