"""The ledger's sheets and column headers, and the header wordings an office's own ledger may use.

One table for export and import: the export writes :data:`TALK_COLUMNS` and the other sheets' headers; the
import finds a column by its canonical header or any of its variants (:data:`TALK_HEADER_VARIANTS`, documented in
README.md and docs/ledger.md).  Headers are compared after :func:`normalize`, which drops spaces, line breaks,
brackets' contents such as "（年月日）" and full/half-width differences, so "谈话 日期（年月日）" still matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

TALK_SHEET = "谈话台账"
RECTIFICATION_SHEET = "整改台账"
PLAN_SHEET = "计划执行"
COVERAGE_SHEET = "覆盖情况"
SHEETS = (TALK_SHEET, RECTIFICATION_SHEET, PLAN_SHEET, COVERAGE_SHEET)
# What each sheet's title row calls it, after the body and year.
SHEET_TITLES: Mapping[str, str] = MappingProxyType({
    TALK_SHEET: "监督谈话台账",
    RECTIFICATION_SHEET: "监督谈话整改台账",
    PLAN_SHEET: "定期谈话计划执行情况",
    COVERAGE_SHEET: "定期谈话覆盖情况",
})

# Field key → the header the export writes (the list, in this order).
TALK_COLUMNS: Mapping[str, str] = MappingProxyType({
    "seq": "序号",
    "date": "谈话日期",
    "kind": "谈话类型",
    "talker": "谈话人",
    "interviewee": "被谈话人",
    "org": "单位及职务",
    "situation": "谈话情形",
    "problems": "指出的主要问题",
    "requirements": "整改要求",
    "record": "谈话记录",
    "distribution": "抄送情况",
    "counts": "是否计入覆盖",
    "note": "备注",
})

# Other wordings of the same column found in offices' ledgers (compared after normalize()).
TALK_HEADER_VARIANTS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "seq": ("编号", "序", "顺序号"),
    "date": ("谈话时间", "日期", "时间", "谈话日期时间"),
    "kind": ("谈话形式", "谈话种类", "谈话方式", "类型", "类别", "谈话类别"),
    "talker": ("谈话领导", "谈话人姓名", "主谈人", "谈话人员"),
    "interviewee": ("谈话对象", "被谈话人姓名", "被谈话对象", "谈话对象姓名", "对象"),
    "org": ("单位职务", "单位及职务", "所在单位及职务", "工作单位及职务", "单位", "所在单位", "职务",
            "被谈话人单位及职务", "被谈话人所在单位"),
    "situation": ("谈话情况", "谈话事由", "谈话原因", "谈话缘由", "谈话依据", "启动情形", "情形"),
    "problems": ("主要问题", "指出问题", "指出的问题", "存在问题", "发现问题", "指出的主要问题"),
    "requirements": ("整改要求", "提出的整改要求", "提出要求", "工作要求", "要求"),
    "record": ("谈话记录情况", "记录", "记录情况", "档案号", "存档情况", "归档情况"),
    "distribution": ("抄送", "抄送单位", "抄送情况", "通报情况"),
    "counts": ("计入覆盖", "是否计入"),
    "note": ("说明", "其他", "附注"),
})

REQUIRED = ("date", "interviewee")  # without these columns a sheet is not a ledger of talks

RECTIFICATION_HEADERS = (
    "序号", "谈话日期", "被谈话人", "单位", "整改措施", "针对问题", "措施完成时限", "措施进展",
    "整改措施应报送日期", "整改措施报送日期", "思想认识报告报送日期", "整改情况报告应报送日期", "整改情况报告报送日期",
    "报送状态", "逾期天数", "核查情况",
)
PLAN_HEADERS = ("序号", "党委（党组）", "计划年度", "计划条目", "单位", "谈话人", "计划完成时限", "谈话日期",
                "执行情况", "逾期天数", "备注")
COVERAGE_FIXED_HEADERS = ("序号", "党委（党组）", "任期", "单位", "类别")  # then one column per year, then:
COVERAGE_TAIL_HEADERS = ("状态", "现任“一把手”")

_BRACKETED = re.compile(r"[（(【\[].*?[）)】\]]")
_DROP = re.compile(r"[\s:：*＊]+")


def normalize(header: str) -> str:
    """A header as compared: NFKC, without spaces, colons, asterisks and bracketed remarks."""
    text = unicodedata.normalize("NFKC", header)
    text = _BRACKETED.sub("", text)
    return _DROP.sub("", text)


def _index() -> Mapping[str, str]:
    out: dict[str, str] = {}
    for key, header in TALK_COLUMNS.items():
        out[normalize(header)] = key
    for key, variants in TALK_HEADER_VARIANTS.items():
        for v in variants:
            out.setdefault(normalize(v), key)
    return MappingProxyType(out)


HEADER_INDEX = _index()


def talk_field(header: str) -> str | None:
    """The talk field a header cell names, or None when it is no ledger column we know."""
    return HEADER_INDEX.get(normalize(header)) if header else None
