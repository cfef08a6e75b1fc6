"""``talkdocs ledger import``: an office's 监督谈话台账 → new talk (and stub person) records, all or nothing.

:func:`plan_import` reads the workbook (:mod:`.reader`), turns each row into a record (:mod:`.rows`), gives each
talk the next free id of its body and year, writes every new file into a copy of the records folder and runs the
full check there (:func:`generator.engine.checker.check`).  Only when no row has a problem and no new file has an
input, schema or reference error is the plan ``ready``; :func:`write_plan` then creates each file, never
replacing one, and removes what it wrote if any file cannot be created, so a run writes all its records or none.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.engine.checker import check
from generator.errors import ConfigError
from generator.findings.finding import Finding, Severity
from generator.load import layout
from generator.model.repository import Repository
from generator.office.ledger import reader, rows
from generator.office.ledger.names import Names, NewPerson
from generator.rules.table import RULES
from generator.schema import loader as schema_loader

# The order of a talk record's keys, as docs/record-fields.md shows them.
TALK_KEYS = ("id", "committee", "kind", "plan_item", "date", "talker", "interviewee", "interviewee_org", "triggers",
             "problems", "requirements", "record", "distribution", "note", "confidential")
_BLOCKING_GROUPS = ("input", "schema", "reference")
CHECK_PREFIX = "导入后检查"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class NewFile:
    """A record file the import writes: its path in the records folder, its text, and the row it comes from."""

    path: str
    text: str
    sheet: str = ""
    row: int = 0


@dataclass(frozen=True)
class ImportPlan:
    """What an import would write, and every problem and remark, row by row."""

    source: str
    files: tuple[NewFile, ...]
    problems: tuple[rows.RowProblem, ...]
    rows_read: int
    talks: int
    people: int
    skipped_sheets: tuple[str, ...] = ()  # sheets without a talk table
    unread_columns: tuple[str, ...] = ()  # "sheet：C（谈话地点）" — columns the import does not read

    @property
    def ready(self) -> bool:
        """Whether the files may be written: no row has a problem that keeps it out."""
        return not any(p.blocking for p in self.problems)


class _Dumper(yaml.SafeDumper):
    """YAML as offices write it: Chinese as is, dates in double quotes, short lists on one line."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _DATE.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


def _dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    node = dumper.represent_dict(value.items())
    if all(isinstance(v, yaml.ScalarNode) for _k, v in node.value):  # a list item: {unit: …, on: "…"}
        node.flow_style = True
    return node


class _Record(dict[str, Any]):
    """The record itself: always block style, one key a line."""


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dict, _dict)
_Dumper.add_representer(_Record, lambda dumper, value: dumper.represent_dict(value.items()))
# The records are read as YAML 1.2 (generator.load.yamlsafe): only true/false are booleans, so the key ``on``
# (a distribution's date) is written plain, as docs/record-fields.md shows it, not as 'on'.
_BOOL = "tag:yaml.org,2002:bool"
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()}
_Dumper.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def record_text(data: Mapping[str, Any], *, comment: str, target: Path, kind: str) -> str:
    """A record file's text: the schema line ``talkdocs new`` writes, a comment, then the record as YAML."""
    body = yaml.dump(_Record(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None,
                     width=4096)
    return schema_loader.schema_comment(target, kind) + f"# {comment}\n" + body


class _Ids:
    """The next free talk id of each body and year: after the highest number in use, never a file that exists."""

    def __init__(self, repo: Repository, records: Path) -> None:
        self.repo, self.records = repo, records
        self.next: dict[tuple[str, int], tuple[str, int]] = {}

    def take(self, committee: str, year: int) -> str:
        key = (committee, year)
        if key not in self.next:
            prefix, highest = layout.talk_numbering(
                committee, year, [t.id for t in self.repo.talks.values() if t.committee == committee])
            self.next[key] = (prefix, highest + 1)
        prefix, n = self.next[key]
        folder = self.records / "talks" / str(year)
        taken = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
        while layout.talk_id(prefix, year, n) in taken | set(self.repo.talks):
            n += 1
        self.next[key] = (prefix, n + 1)
        return layout.talk_id(prefix, year, n)


def _duplicates(repo: Repository, talks: Sequence[rows.RowTalk]) -> list[rows.RowProblem]:
    """A talk already recorded (same body, date and interviewee) is left out; the same talk twice is an error."""
    held = {(t.committee, t.kind, t.date.isoformat(), t.interviewee): t.path for t in repo.talks.values()}
    seen: dict[tuple[str, str, str, str], rows.RowTalk] = {}
    out = []
    for t in talks:
        key = (t.data["committee"], t.data["kind"], t.data["date"], t.data["interviewee"])
        if key in held:
            out.append(rows.RowProblem(t.sheet, t.row, "", "", f"已有记录 {held[key]}（同一谈话类型、日期和被谈话人），"
                                       "本行未导入", "无需处理；如确为另一次谈话，请核对谈话日期", blocking=False))
        elif key in seen:
            first = seen[key]
            out.append(rows.RowProblem(t.sheet, t.row, "", "", f"与工作表“{first.sheet}”第 {first.row} 行是同一次"
                                       "谈话（同一谈话类型、日期和被谈话人）", "删去重复的一行"))
        else:
            seen[key] = t
    return out


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # the check only reads: a link costs nothing even for a large files/ folder
    except OSError:
        shutil.copy2(src, dst)


def _check_in_copy(records: Path, files: Sequence[NewFile], as_of: dt.date) -> list[Finding]:
    """The full check of the records as they would be after the import, in a copy; the new files' findings."""
    with tempfile.TemporaryDirectory(prefix="talkdocs-import-") as tmp:
        copy = Path(tmp) / "records"
        shutil.copytree(records, copy, ignore=shutil.ignore_patterns(".git"), copy_function=_link_or_copy)
        for f in files:
            target = copy / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f.text, encoding="utf-8")
        result = check(copy, as_of)
    new = {f.path for f in files}
    return [f for f in result.findings if f.path in new]


def plan_import(path: Path, records: Path, as_of: dt.date, *, committee: str | None = None,
                create_people: bool = False) -> ImportPlan:
    """What importing the ledger at ``path`` into ``records`` would write, checked, without writing anything.

    Raises :class:`generator.office.ledger.reader.LedgerFileError` when the file is no readable .xlsx or holds no
    sheet of talks, :class:`generator.errors.ConfigError` when ``committee`` is no body of the records.
    """
    ledger = reader.read_ledger(path)
    if not ledger.tables:
        raise reader.LedgerFileError(
            f"{path.name}：未找到谈话台账。导入需要一张工作表，其前 {reader.HEADER_SEARCH_ROWS} 行中有一行表头至少包含"
            "“谈话日期”“谈话人”“被谈话人”三列（也可写作 谈话时间、谈话领导、谈话对象 等，见 README）；"
            f"已查看的工作表：{'、'.join(ledger.skipped_sheets) or '无'}")
    repo = check(records, as_of).repository
    if committee is not None and committee not in repo.orgs:
        raise ConfigError(f"没有编号为“{committee}”的组织；"
                          "--committee 请写 records/orgs/ 中的组织编号，例如 shanhai-sw")
    names = Names(repo, create_people)
    problems: list[rows.RowProblem] = []
    talks: list[rows.RowTalk] = []
    read = 0
    for table in ledger.tables:
        for line in table.rows:
            read += 1
            talk, found = rows.read_row(line, names, committee)
            problems.extend(found)
            if talk is not None:
                talks.append(talk)
    problems.extend(_duplicates(repo, talks))
    left_out = {(p.sheet, p.row) for p in problems}
    talks = [t for t in talks if (t.sheet, t.row) not in left_out]
    files = _files(repo, records, path.name, talks)
    if not any(p.blocking for p in problems):
        problems.extend(_findings_as_problems(_check_in_copy(records, files, as_of), files))
    people = sum(1 for f in files if f.path.startswith("people/"))
    unread = tuple(f"{t.sheet}：{c.column}（{c.header}）" for t in ledger.tables for c in t.unknown_headers)
    return ImportPlan(path.name, tuple(files), tuple(problems), read, len(files) - people, people,
                      ledger.skipped_sheets, unread)


def _files(repo: Repository, records: Path, source: str, talks: Sequence[rows.RowTalk]) -> list[NewFile]:
    ids = _Ids(repo, records)
    out: list[NewFile] = []
    stubs: dict[str, tuple[NewPerson, rows.RowTalk]] = {}
    for t in sorted(talks, key=lambda t: (t.data["date"], t.sheet, t.row)):  # numbering follows the date
        year = int(t.data["date"][:4])
        data = {"id": ids.take(t.data["committee"], year), **t.data}
        ordered = {k: data[k] for k in TALK_KEYS if k in data}
        rel = layout.talk_path(year, ordered["id"])
        comment = f"由 talkdocs ledger import 从《{source}》工作表“{t.sheet}”第 {t.row} 行导入"
        text = record_text(ordered, comment=comment, target=records / rel, kind="talk")
        out.append(NewFile(rel, text, t.sheet, t.row))
        for p in t.new_people:
            stubs.setdefault(p.id, (p, t))
    for pid, (person, t) in sorted(stubs.items()):
        rel = f"people/{pid}.yaml"
        data = {"id": pid, "name": person.name,
                "note": f"由 talkdocs ledger import 根据《{source}》中的姓名建立，请核对并补充职务"}
        out.append(NewFile(rel, record_text(data, comment="台账导入时建立的人员记录", target=records / rel,
                                            kind="person"), t.sheet, t.row))
    return out


def _findings_as_problems(findings: Sequence[Finding], files: Sequence[NewFile]) -> list[rows.RowProblem]:
    """The check's findings on the new files, as remarks on their rows; format and reference errors block."""
    where = {f.path: f for f in files}
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        origin = where[f.path]
        blocking = f.severity is Severity.ERROR and RULES[f.rule].group in _BLOCKING_GROUPS
        level = {"error": "错误", "warning": "警告", "info": "提示"}[f.severity.value]
        out.append(rows.RowProblem(origin.sheet, origin.row, "", "", f"{CHECK_PREFIX}（{level} {f.rule}）：{f.message}",
                                   f.hint or "导入后在记录文件中补充", blocking=blocking, level=f.severity.value))
    return out


def write_plan(plan: ImportPlan, records: Path) -> list[Path]:
    """Create every file of a ready plan, never replacing one; on any failure remove what was written and raise."""
    if not plan.ready:
        raise ValueError("an import plan with row problems is never written")
    written: list[Path] = []
    try:
        for f in plan.files:
            target = records / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8") as handle:
                written.append(target)
                handle.write(f.text)
    except OSError as exc:
        for p in reversed(written):
            p.unlink(missing_ok=True)
        why = "文件已存在（可能有人同时新建了记录）" if isinstance(exc, FileExistsError) else (exc.strerror or str(exc))
        raise ConfigError(f"无法写入 {exc.filename or records}：{why}；已撤回本次导入写入的全部文件，"
                          "记录文件夹未改变，请重新运行导入") from None
    return written
