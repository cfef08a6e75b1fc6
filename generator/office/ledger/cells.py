"""The text of the ledger's composite cells, written and read back by the same rules.

A ledger row holds in one cell what a record holds in a list (the problems, the requirements, the
distribution): one line per item.  :func:`problems_text` and :func:`parse_problems` (and the pairs below) are
each other's inverse, so a ledger exported by talkdocs imports to the same records; the parsers also accept what
offices write by hand ("1、……", "（2）……", one item per line or separated by "；").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from generator.model import catalog
from generator.model.repository import Archive, Entry, Unit
from generator.model.wording import cn_date
from generator.schema import loader as schema_loader

CONFIDENTIAL_MARK = f"【{catalog.CONFIDENTIAL_BADGE}】"


date_text = cn_date  # the ledger's date cells display dates as every page does: 2026年3月5日


# --- dates written as text --------------------------------------------------------------------------
_DATE = re.compile(r"(?P<y>\d{4})\s*(?:[-./／年]\s*)(?P<m>\d{1,2})\s*(?:[-./／月]\s*)(?P<d>\d{1,2})\s*日?")


class DateTextError(ValueError):
    """A text that looks like a date but is not one (2026-02-30), or no date at all."""


def parse_date_text(text: str) -> dt.date:
    """A date written as 2026-03-05, 2026.3.5, 2026/3/5, 2026年3月5日 (also with full-width digits)."""
    norm = unicodedata.normalize("NFKC", text).strip()
    m = _DATE.fullmatch(norm)
    if not m:
        raise DateTextError(norm)
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        raise DateTextError(norm) from None


def find_date(text: str) -> tuple[dt.date | None, str]:
    """The first date written in ``text``, and the text without it (a distribution line: 纪律检查机关 2026年4月15日)."""
    norm = unicodedata.normalize("NFKC", text)
    m = _DATE.search(norm)
    if not m:
        return None, text.strip()
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        raise DateTextError(m.group(0)) from None
    # Cut the date out of the text as written (full-width brackets kept), unless NFKC changed its length.
    kept = text if len(text) == len(norm) else norm
    return day, (kept[:m.start()] + kept[m.end():]).strip()


# --- lists, one item per line ---------------------------------------------------------------------
_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.、．)）]|[（(]\s*\d+\s*[)）]|[一二三四五六七八九十]+\s*[、.．])\s*")


def split_items(text: str) -> list[str]:
    """A cell's items: its lines (or, on one line, its "；"-separated parts), numbering removed."""
    lines = [s for s in (line.strip() for line in text.replace("\r", "\n").split("\n")) if s]
    if len(lines) == 1 and "；" in lines[0]:
        lines = [s.strip() for s in lines[0].split("；") if s.strip()]
    return [_NUMBERING.sub("", s).strip() for s in lines if _NUMBERING.sub("", s).strip()]


def numbered(items: Sequence[str]) -> str:
    """Items as numbered lines, or the single item without a number."""
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{i}. {text}" for i, text in enumerate(items, 1))


def _mark(confidential: bool) -> str:
    return CONFIDENTIAL_MARK if confidential else ""


def take_mark(text: str) -> tuple[bool, str]:
    """Whether an item is marked 【保密】, and its text without the mark."""
    if CONFIDENTIAL_MARK in text:
        return True, text.replace(CONFIDENTIAL_MARK, "").strip()
    return False, text


# --- problems: 【area】text ---------------------------------------------------------------------------
_AREA_BY_LABEL = {v: k for k, v in catalog.AREA.items()}
_AREA_PREFIX = re.compile(r"^【(?P<label>[^】]+)】")


def problems_text(problems: Iterable[Entry]) -> str:
    """The problems pointed out, one per line, each with its area in 【】."""
    return numbered([f"{_mark(p.confidential)}【{catalog.label(catalog.AREA, p.area)}】{p.text}" if p.area
                     else f"{_mark(p.confidential)}{p.text}" for p in problems])


@dataclass(frozen=True)
class ParsedProblem:
    """A problem read from a cell."""

    area: str
    text: str
    confidential: bool = False


def parse_problems(text: str) -> list[ParsedProblem]:
    """The problems of a cell; an area label the catalog does not know stays part of the text."""
    out = []
    for item in split_items(text):
        confidential, item = take_mark(item)
        area = ""
        m = _AREA_PREFIX.match(item)
        if m and m["label"] in _AREA_BY_LABEL:
            area, item = _AREA_BY_LABEL[m["label"]], item[m.end():].strip()
        if item:
            out.append(ParsedProblem(area, item, confidential))
    return out


# --- the situation: plan item or Art. 5 ¶3 triggers -----------------------------------------------
PLAN_ITEM_TEXT = "列入{year}年度谈话计划（{item}）"
# The item is whatever stands in the brackets; whether it is an id is the schemas' id pattern to say.
_PLAN_ITEM = re.compile(r"计划[^（(]*[（(]\s*(?P<item>[^\s)）]+)\s*[)）]")
_TRIGGER_NUMBER = re.compile(r"^[（(](?P<n>[一二三四五六])[)）]")
_TRIGGER_BY_NUMBER = {label[1]: code for code, label in catalog.TRIGGER.items()}
# An office's own wording of an Art. 5 ¶3 situation, without the article's numbering: the first key word found.
_TRIGGER_WORDS = (
    ("信访", "petitions"), ("举报", "petitions"), ("通报批评", "criticized"), ("舆情", "criticized"),
    ("不良影响", "criticized"), ("检查", "inspection_findings"), ("考核", "inspection_findings"),
    ("案件", "major_case"), ("四风", "major_case"), ("苗头", "personal_tendency"), ("倾向", "personal_tendency"),
)


def situation_text(talk_kind: str, plan_item: str, year: int, triggers: Iterable[Unit]) -> str:
    """谈话情形: the plan item a periodic talk fulfils, or a timely talk's triggers (label：detail) one per line."""
    if talk_kind == "periodic":
        return PLAN_ITEM_TEXT.format(year=year, item=plan_item) if plan_item else ""
    return "\n".join(f"{_mark(t.confidential)}{catalog.label(catalog.TRIGGER, t.unit)}"
                     + (f"：{t.text}" if t.text else "") for t in triggers)


@cache
def _id_pattern() -> str:
    return str(schema_loader.definition("id")["pattern"])


def parse_plan_item(text: str) -> str:
    """The plan item id named in a situation cell ("列入2026年度谈话计划（p01）"), or ""."""
    text = unicodedata.normalize("NFKC", text or "")
    pattern = _id_pattern()
    start = 0
    while (m := _PLAN_ITEM.search(text, start)) is not None:
        if schema_loader.matches(pattern, m["item"]):
            return m["item"]
        start = m.start() + 1  # a later 计划（…） may still name an item
    return ""


@dataclass(frozen=True)
class ParsedTrigger:
    """A trigger read from a cell."""

    code: str
    detail: str
    confidential: bool = False


def parse_triggers(text: str) -> list[ParsedTrigger]:
    """The Art. 5 ¶3 triggers of a situation cell: by the article's numbering, else by key words, else (六)."""
    out = []
    for line in (s.strip() for s in text.replace("\r", "\n").split("\n")):
        confidential, line = take_mark(line)
        if not line:
            continue
        code, detail = "", line
        full = next((c for c, label in catalog.TRIGGER.items() if line.startswith(label)), None)
        if full is not None:
            code, detail = full, line[len(catalog.TRIGGER[full]):].lstrip("：:").strip()
        elif m := _TRIGGER_NUMBER.match(line):
            code = _TRIGGER_BY_NUMBER[m["n"]]
            rest = line[m.end():]
            detail = rest.split("：", 1)[1].strip() if "：" in rest else rest.strip()
        else:
            code = next((c for word, c in _TRIGGER_WORDS if word in line), "other")
        out.append(ParsedTrigger(code, detail, confidential))
    return out


# --- the talk record ------------------------------------------------------------------------------
RECORD_LABELS = (("kept_by", "保管单位"), ("archive_ref", "档案号"), ("file", "记录文件"))


def record_text(record: Archive | None) -> str:
    """谈话记录: where the record is kept, its archive number and file, "label：value" separated by "；"."""
    if record is None:
        return ""
    return "；".join(f"{label}：{value}" for key, label in RECORD_LABELS if (value := getattr(record, key)))


def parse_record(text: str) -> tuple[dict[str, str], str]:
    """The record fields of a 谈话记录 cell, and any text that is not labelled (kept as a remark)."""
    fields: dict[str, str] = {}
    rest: list[str] = []
    for part in (p.strip() for p in re.split(r"[；;\n]", text)):
        if not part:
            continue
        label, sep, value = part.partition("：")
        if not sep:
            label, sep, value = part.partition(":")
        key = next((k for k, lab in RECORD_LABELS if lab == label.strip()), None)
        if sep and key and value.strip():
            fields[key] = value.strip()
        else:
            rest.append(part)
    return fields, "；".join(rest)


# --- distribution: unit label（name）date -----------------------------------------------------------
# the labels, and the older label of the discipline unit that ledgers written before may still carry
_UNIT_BY_LABEL = {**{v: k for k, v in catalog.UNIT.items()}, "纪检监察机关": "discipline"}
_UNIT_WORDS = (("纪委", "discipline"), ("纪检", "discipline"), ("监委", "discipline"), ("组织部", "organization"),
               ("组织", "organization"), ("人事", "organization"), ("宣传", "propaganda"), ("巡视", "inspection"),
               ("巡察", "inspection"), ("审计", "audit"), ("办公厅", "office"), ("办公室", "office"))
_LABELS_LONGEST_FIRST = sorted(_UNIT_BY_LABEL, key=len, reverse=True)
_BRACKETED_NAME = re.compile(r"^[（(](?P<name>.+)[)）]$")


def distribution_text(entries: Iterable[Unit]) -> str:
    """抄送情况: one line per entry, "纪律检查机关（市纪委监委） 2026年1月19日"."""
    lines = []
    for d in entries:
        name = f"（{d.text}）" if d.text else ""
        when = f" {date_text(d.on)}" if d.on else ""
        lines.append(f"{_mark(d.confidential)}{catalog.label(catalog.UNIT, d.unit)}{name}{when}")
    return "\n".join(lines)


@dataclass(frozen=True)
class ParsedDistribution:
    """A distribution entry read from a cell (``on`` None: no date written)."""

    unit: str
    name: str
    on: dt.date | None
    confidential: bool = False


def parse_distribution(text: str) -> list[ParsedDistribution]:
    """The entries of a 抄送情况 cell; a unit written by name ("市纪委监委") is recognised by its key words."""
    out = []
    for item in split_items(text.replace("、", "\n") if "\n" not in text and "；" not in text else text):
        confidential, item = take_mark(item)
        on, rest = find_date(item)
        rest = rest.strip(" ，,")
        unit, name = "", rest
        # A label may hold brackets itself (组织（人事）部门): match the labels first; the name is what follows.
        label = next((lab for lab in _LABELS_LONGEST_FIRST if rest.startswith(lab)), None)
        if label is not None:
            after = rest[len(label):].strip()
            named = _BRACKETED_NAME.match(after)
            unit, name = _UNIT_BY_LABEL[label], named["name"].strip() if named else after
        else:
            unit = next((c for word, c in _UNIT_WORDS if word in rest), "other")
        out.append(ParsedDistribution(unit, name, on, confidential))
    return out
