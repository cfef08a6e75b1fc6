"""A ledger row → the fields of a talk record, or the row's problems (sheet, row, column, what, what to write).

Names are matched to the records (:class:`Names`): a person by name (or id), an org by full name, short name or id
at the start of the 单位及职务 cell, else the org the interviewee led on the talk date.  The conducting body is
the ``--committee`` given, else the body whose leadership team the talker sat on that day, else the org's parent.
The composite cells are read by the parsers of :mod:`generator.office.ledger.cells`, the inverses of what the
export writes, so our own ledger comes back as the records it was made from.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.model import catalog
from generator.model.repository import Org, Repository
from generator.office.ledger import cells, columns
from generator.office.ledger.names import Names, NewPerson, clean
from generator.office.ledger.reader import Cell, LedgerRow

_KIND_BY_TEXT = {**{v: k for k, v in catalog.TALK_KIND.items()}, "定期": "periodic", "及时": "timely"}
_OUT_OF_SCOPE = {v: k for k, v in catalog.OUT_OF_SCOPE_KIND.items()}
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with one cell of a row (``column`` "" for the row as a whole), in Chinese."""

    sheet: str
    row: int
    column: str
    header: str
    what: str
    write: str
    blocking: bool = True  # False: a remark (a row left out on purpose, or what the check says of a new record)
    level: str = ""  # for the check's findings on a new record: error | warning | info


@dataclass(frozen=True)
class RowTalk:
    """A row read as a talk: the record's fields (without ``id``) and the stub people it needs."""

    sheet: str
    row: int
    data: Mapping[str, Any]
    new_people: tuple[NewPerson, ...] = ()


def _date(cell: Cell) -> tuple[dt.date | None, str]:
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 73051:  # an Excel day number that was not formatted as a date (1900-01-01 … 2099-12-31)
            from openpyxl.utils.datetime import from_excel
            return from_excel(value).date(), ""
        return None, f"“{value}”不是日期"
    text = clean(str(value or ""))
    try:
        return cells.parse_date_text(text), ""
    except cells.DateTextError:
        pass
    try:
        day, _rest = cells.find_date(text)
    except cells.DateTextError as exc:
        return None, f"“{text}”不是实际存在的日期（{exc}）"
    return (day, "") if day else (None, f"“{text}”不是日期")


DATE_HINT = "写成 2026年3月5日、2026-03-05、2026.3.5 或 2026/3/5，或设为 Excel 日期单元格"


class _Row:
    """The work on one row: its problems as they are found."""

    def __init__(self, row: LedgerRow) -> None:
        self.row = row
        self.problems: list[RowProblem] = []

    def problem(self, field_key: str, what: str, write: str, blocking: bool = True) -> None:
        cell = self.row.first(field_key)
        header = cell.header if cell else columns.TALK_COLUMNS.get(field_key, "")
        self.problems.append(RowProblem(self.row.sheet, self.row.number, cell.column if cell else "", header,
                                        what, write, blocking))


def read_row(row: LedgerRow, names: Names, committee: str | None) -> tuple[RowTalk | None, list[RowProblem]]:
    """The talk a ledger row describes, or the problems that keep it out (nothing is written for such a row)."""
    work = _Row(row)
    repo = names.repo
    if _not_a_talk(row):
        work.problem("", "本行没有谈话日期、谈话人和被谈话人，不像一次谈话（如填表说明、合计行），未导入",
                     "如确是一次谈话，请补全谈话日期、谈话人、被谈话人", blocking=False)
        return None, work.problems
    day = _talk_date(work)
    kind = _kind(work)
    if kind == _SKIP:
        return None, work.problems
    created_before = set(names.created)
    named = names.orgs(clean(row.text("org")))
    heads = {o.id: t.person for o in named if day is not None and (t := o.leader_on(day))}
    everyone = (lambda: names.leaders_on(day)) if day is not None else frozenset
    interviewee = _one_person(work, names, "interviewee", (lambda: frozenset(heads.values()), everyone))
    org = _interviewee_org(work, names, interviewee, day, named, heads)
    body = _committee(work, repo, committee, org, row.text("talker"), names, day)
    team = frozenset(t.person for t in body.team_on(day)) if body is not None and day is not None else frozenset()
    talker = _one_person(work, names, "talker", (lambda: team,))
    distribution = _distribution(work)
    if work.problems or day is None or kind is None or not (interviewee and org and body and talker):
        for name in set(names.created) - created_before:  # no stub for a row that is not imported
            names.ids_in_use.discard(names.created.pop(name).id)
        return None, work.problems
    data: dict[str, Any] = {"committee": body.id, "kind": kind, "date": day.isoformat()}
    situation = clean(row.text("situation"))
    note = [clean(row.text("note"))]
    if kind == "periodic":
        item = cells.parse_plan_item(situation) or _plan_item(repo, body.id, day.year, org.id)
        if item:
            data["plan_item"] = item
        if situation and not cells.parse_plan_item(situation):
            note.append(f"原台账谈话情形：{situation}")
    data.update(talker=talker, interviewee=interviewee, interviewee_org=org.id)
    if kind == "timely" and situation:
        data["triggers"] = [_drop_empty({"code": t.code, "detail": t.detail, "confidential": t.confidential})
                            for t in cells.parse_triggers(situation)]
    problems = cells.parse_problems(clean(row.text("problems")))
    if problems:
        data["problems"] = [_drop_empty({"id": f"q{i}", "area": p.area, "text": p.text,
                                         "confidential": p.confidential}) for i, p in enumerate(problems, 1)]
    requirements = cells.split_items(clean(row.text("requirements")))
    if requirements:
        data["requirements"] = requirements
    record, rest = _record(row)
    if record:
        data["record"] = record
    if rest:
        note.append(f"原台账谈话记录：{rest}")
    if distribution:
        data["distribution"] = distribution
    confidential, first_note = cells.take_mark(note[0])
    text = "\n".join(n for n in (first_note, *note[1:]) if n)
    if text:
        data["note"] = text
    if confidential:
        data["confidential"] = True
    stubs = tuple(p for p in names.created.values() if p.id in (talker, interviewee))  # each row names its own
    return RowTalk(row.sheet, row.number, data, stubs), work.problems


def _not_a_talk(row: LedgerRow) -> bool:
    """A note under the table (填表人：…, 合计): no talker, no interviewee and no date in the date column."""
    if row.text("talker") or row.text("interviewee"):
        return False
    cell = row.first("date")
    return cell is None or not row.text("date") or _date(cell)[0] is None


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in ("", None, False)}


def _talk_date(work: _Row) -> dt.date | None:
    cell = work.row.first("date")
    if cell is None or not work.row.text("date"):
        work.problem("date", "缺少谈话日期", DATE_HINT)
        return None
    day, why = _date(cell)
    if day is None:
        work.problem("date", f"谈话日期{why}", DATE_HINT)
    elif not 1900 <= day.year <= 2099:
        work.problem("date", f"谈话日期 {day.isoformat()} 超出 1900 年至 2099 年", DATE_HINT)
        return None
    return day


def _record(row: LedgerRow) -> tuple[dict[str, str], str]:
    """谈话记录 as our export writes it (保管单位：…；档案号：…), or a column of archive numbers (档案号)."""
    cell = row.first("record")
    text = clean(row.text("record"))
    record, rest = cells.parse_record(text)
    if not record and rest and cell is not None and columns.normalize(cell.header) == "档案号":
        return {"archive_ref": rest}, ""
    return record, rest


_SKIP = "skip"


def _kind(work: _Row) -> str | None:
    text = re.sub(r"\s+", "", _BRACKETS.sub("", unicodedata.normalize("NFKC", clean(work.row.text("kind")))))
    if text in _KIND_BY_TEXT:
        return _KIND_BY_TEXT[text]
    if text in _OUT_OF_SCOPE:
        work.problem("kind", f"“{text}”按其他规定办理（第二条第三款），不属于本办法的监督谈话，本行未导入",
                     "无需处理；如确属定期谈话或及时谈话，请改写谈话类型", blocking=False)
        return _SKIP
    situation = work.row.text("situation")
    if not text and situation:
        return "periodic" if "计划" in situation else "timely"
    what = f"谈话类型“{text}”无法识别" if text else "缺少谈话类型，谈话情形也未写明"
    work.problem("kind", what, "写“定期谈话”或“及时谈话”")
    return None


def _one_person(work: _Row, names: Names, key: str, prefer: Sequence[Callable[[], frozenset[str]]]) -> str | None:
    """The one person a name cell holds; ``prefer``: who fits the role that day, to tell namesakes apart."""
    label = "被谈话人" if key == "interviewee" else "谈话人"
    found = names.people(clean(work.row.text(key)))
    if not found:
        work.problem(key, f"缺少{label}", f"写{label}姓名，须与 records/people/ 中的姓名一致，例如 李华")
        return None
    if len(found) > 1:
        work.problem(key, f"写了 {len(found)} 位{label}（{'、'.join(found)}）",
                     "每条记录只写一人（第七条：个别谈话）；请拆成多行，每人一行")
        return None
    pid, why = names.person(found[0], prefer)
    if pid is None:
        write = ("写人员编号以区分同名人员" if "同名" in why
                 else "先用 talkdocs new person 建立人员记录，或导入时加 --create-people 自动建立")
        work.problem(key, f"{label}：{why}", write)
    return pid


def _interviewee_org(work: _Row, names: Names, person: str | None, day: dt.date | None,
                     named: tuple[Org, ...], heads: Mapping[str, str]) -> Org | None:
    """The org the cell names (of namesake orgs, the one the interviewee led), else the one the interviewee led."""
    text = clean(work.row.text("org"))
    if len(named) == 1:
        return named[0]
    if named:
        led = [o for o in named if person and heads.get(o.id) == person]
        if len(led) == 1:
            return led[0]
        if person:
            work.problem("org", f"单位“{text.splitlines()[0]}”对应多个组织（{'、'.join(o.id for o in named)}）",
                         "写组织全称或组织编号")
        return None
    org = None
    if person and day is not None:
        led = [o for o in names.repo.orgs.values() if (t := o.leader_on(day)) and t.person == person]
        org = led[0] if len(led) == 1 else None
    if org is None and person:
        what = f"单位“{text.splitlines()[0]}”与 records/orgs/ 中的组织不符" if text else "缺少被谈话人所在单位"
        work.problem("org", what, "在单位及职务开头写组织全称或简称，例如 中共东岭县委员会 或 东岭县委")
    return org


def _committee(work: _Row, repo: Repository, given: str | None, org: Org | None, talker_text: str,
               names: Names, day: dt.date | None) -> Org | None:
    if given:
        return repo.orgs.get(given)
    if org is None or day is None:
        return None
    talkers = set(names.named(talker_text))
    seated = [o for o in names.seats(talkers) if talkers & {t.person for t in o.team_on(day)}]
    if len(seated) == 1:
        return seated[0]
    parent = repo.orgs.get(org.approved_by or org.parent or "")
    if parent is not None and (not seated or parent in seated):
        return parent
    work.problem("talker", "无法确定开展谈话的党委（党组）", "导入时用 --committee 指定，例如 --committee shanhai-sw")
    return None


def _plan_item(repo: Repository, committee: str, year: int, org: str) -> str:
    plan = repo.plans.get((committee, year))
    items = [i.id for i in plan.items if i.org == org] if plan else []
    return items[0] if len(items) == 1 else ""


def _distribution(work: _Row) -> list[dict[str, Any]]:
    text = clean(work.row.text("distribution"))
    if not text:
        return []
    try:
        entries = cells.parse_distribution(text)
    except cells.DateTextError as exc:
        work.problem("distribution", f"抄送日期“{exc}”不是实际存在的日期", "写成 纪律检查机关 2026年4月15日")
        return []
    out = []
    for e in entries:
        if e.on is None:
            work.problem("distribution", f"抄送“{e.name or catalog.UNIT.get(e.unit, e.unit)}”未写抄送日期",
                         "每行写一个抄送单位和日期，例如 纪律检查机关（市纪委监委） 2026年4月15日")
            continue
        out.append(_drop_empty({"unit": e.unit, "on": e.on.isoformat(), "name": e.name,
                                "confidential": e.confidential}))
    return out
