"""``talkdocs new``: write a new record from a template (never overwrites)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from generator.cli import options as cli
from generator.engine.checker import SettingsError
from generator.errors import ConfigError
from generator.load import instance_loader, layout, positions
from generator.measures import deadlines
from generator.model import catalog
from generator.model import settings as policy
from generator.schema import loader as schema_loader
from generator.schema import validate


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``new``."""
    parser.add_argument("kind", choices=layout.RECORD_KINDS,
                        help="记录类型：org 组织、person 人员、plan 年度计划、talk 谈话、rectification 整改")
    cli.add_records(parser)
    parser.add_argument("--id", help="记录编号（org、person 必填；talk 不填则自动取下一个编号）")
    parser.add_argument("--committee", help="党委（党组）编号（talk、plan 用）")
    parser.add_argument("--year", type=_year, help="年份（plan 用；talk 按今天）")
    parser.add_argument("--talk", help="谈话编号（rectification 用）")
    parser.add_argument("--timely", action="store_true", help="新建及时谈话（默认定期谈话）")
    parser.add_argument("--today", type=_today, default=None, metavar="YYYY-MM-DD", help="以哪一天为今天")


def _plan_years() -> tuple[int, int]:
    year = json.loads((schema_loader.schemas_dir() / "plan.schema.json").read_text(encoding="utf-8"))
    spec = year["properties"]["year"]
    return int(spec["minimum"]), int(spec["maximum"])


def _year(text: str) -> int:
    low, high = _plan_years()
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise argparse.ArgumentTypeError(f"年份“{text}”无效，请写 {low} 至 {high} 之间的四位数字")
    return int(text)


def _today(text: str) -> dt.date:
    day = cli.as_of_date(text)
    pattern = schema_loader.definition("date")["pattern"]
    if not schema_loader.matches(pattern, day.isoformat()):  # the dates a record may hold, and their deadlines
        raise argparse.ArgumentTypeError(f"日期“{text}”超出记录可用的范围（1900-01-01 至 2099-12-31）")
    return day


def next_talk_id(records: Path, committee: str, year: int) -> str:
    """The next free talk id of ``committee`` in ``year``, in the numbering its talks already use."""
    names_committee = re.compile(rf"^committee:\s*[\"']?{re.escape(committee)}[\"']?\s*(?:#.*)?$", re.M)
    talks = records / "talks"
    files = sorted(talks.glob("*/*.yaml")) if talks.is_dir() else []
    ids = [p.stem for p in files if names_committee.search(p.read_text(encoding="utf-8", errors="replace"))]
    prefix, highest = layout.talk_numbering(committee, year, ids)
    return layout.talk_id(prefix, year, highest + 1)


def repository_settings(records: Path) -> policy.Settings:
    """The policy settings of ``records/settings.yaml`` (defaults when there is none); a bad file stops ``new``."""
    if not (records / layout.SETTINGS_FILE).is_file():
        return policy.Settings()
    loaded = instance_loader.load_file(records, layout.SETTINGS_FILE)
    problems = [*loaded.findings, *validate.validate(loaded, schema_loader.load())]
    if problems:
        raise SettingsError(records, positions.resolve(problems, records))
    return policy.from_data(loaded.data)


def _steps_template() -> str:
    """The five Art. 10 steps in their order, from the catalog (the codes and their Chinese labels)."""
    width = max(len(code) for code in catalog.STEP_ORDER) + 1
    return "".join(f"  - {{step: {code + ',':<{width}} summary: {catalog.STEP[code]}}}\n"
                   for code in catalog.STEP_ORDER)


def _talk(args: argparse.Namespace, today: dt.date) -> tuple[str, str]:
    committee = _need(args.committee, "--committee", "talk")
    tid = _need(args.id, "--id", "talk") if args.id else next_talk_id(args.records, committee, today.year)
    rules = repository_settings(args.records)  # its deadline_rollover moves a due day off weekends and holidays
    measures = deadlines.due_date(today, deadlines.MEASURES_MONTHS, rules)
    status = deadlines.due_date(today, deadlines.STATUS_MONTHS, rules)
    kind = "timely" if args.timely else "periodic"
    head = f"""id: {tid}
committee: {committee}
kind: {kind}                     # periodic 定期谈话 | timely 及时谈话
date: "{today.isoformat()}"               # 谈话日期（带引号）；整改措施 {measures} 前、整改情况 {status} 前报告
talker: 请填写谈话人编号          # 本级领导班子成员（第七条）
interviewee: 请填写被谈话人编号   # 下级党组织“一把手”，只写一人
interviewee_org: 请填写组织编号
"""
    if kind == "periodic":
        body = """plan_item: 请填写计划条目编号   # 当年年度计划中的条目，如 p01
preparation:                     # 第九条
  self_check_on: "YYYY-MM-DD"    # 被谈话人自查日期
  materials: [请列出对照的材料]
steps:                           # 第十条，按此顺序
""" + _steps_template()
    else:
        body = """triggers:                        # 第五条第三款情形，至少一项
  - {code: petitions, detail: 请写明具体情况}
steps:
""" + f"  - {{step: feedback, summary: {catalog.STEP['feedback']}}}\n"
    tail = """participants:                    # 第六条：派员参与的单位
  - {unit: discipline, name: 请填写}
problems:
  - {id: q1, area: first_responsibility, text: 请填写问题}
record: {kept_by: 请填写, archive_ref: 请填写档案号}   # 第十条第二款、第十二条
distribution: []                 # 第十二条：抄送纪律检查机关、组织（人事）部门，如 {unit: discipline, on: "YYYY-MM-DD"}
"""
    return layout.talk_path(today.year, tid), head + body + tail


def _plan(args: argparse.Namespace, today: dt.date) -> tuple[str, str]:
    committee = _need(args.committee, "--committee", "plan")
    year = args.year or today.year
    text = f"""committee: {committee}
year: {year}
approved_on: "YYYY-MM-DD"        # 审定日期
in_responsibility_list: true     # 第十三条第一款：已纳入主体责任清单
basis: [inspection, audit, cadre_assessment]   # 第五条：结合巡视巡察、审计监督、干部考核等
items:
  - id: p01
    org: 请填写下级组织编号
    talker: 请填写谈话人编号
    due: "{year}-06-30"
    division: 请写明牵头和配合单位
    proposed_by: [discipline, organization]
"""
    return layout.plan_path(committee, year), text


def _rectification(args: argparse.Namespace, today: dt.date) -> tuple[str, str]:
    talk = _need(args.talk, "--talk", "rectification")
    text = f"""talk: {talk}
measures_submitted_on: null      # 整改措施提交日期（谈话后 1 个月内，第十一条第一款）
reflection_submitted_on: null    # 思想认识报告日期
measures:
  - {{id: m1, problem: q1, area: first_responsibility, text: 请填写整改措施, due: "YYYY-MM-DD"}}
team_notified_on: null           # 第一责任人职责方面的措施向班子其他成员通报的日期
status_report_on: null           # 整改情况报告日期（谈话后 3 个月内，第十一条第二款）
progress: []
documents: []                    # 第十二条：归档的整改材料，如 {{title: 整改措施, archive_ref: 档案号}}
"""
    return f"rectifications/{talk}.yaml", text


def _org(args: argparse.Namespace, today: dt.date) -> tuple[str, str]:
    oid = _need(args.id, "--id", "org")
    text = f"""id: {oid}
name: 请填写全称
short_name: 请填写简称
kind: county_committee           # 组织类别，见编辑器提示
parent: 请填写上级组织编号
leaders:                         # “一把手”任职记录
  - {{person: 请填写人员编号, from: "{today.isoformat()}", to: null}}
"""
    return f"orgs/{oid}.yaml", text


def _person(args: argparse.Namespace, today: dt.date) -> tuple[str, str]:
    pid = _need(args.id, "--id", "person")
    return f"people/{pid}.yaml", f"id: {pid}\nname: 请填写姓名\n"


def _need(value: str | None, option: str, kind: str) -> str:
    if not value:
        raise _usage(f"新建 {kind} 需要 {option}")
    if not schema_loader.matches(schema_loader.definition("id")["pattern"], value):
        raise _usage(f"{option} 的值“{value}”不是有效编号：只能用小写字母、数字和连字符")
    return value


def _usage(message: str) -> ConfigError:
    return ConfigError(message, command="new")


_WRITERS = {"talk": _talk, "plan": _plan, "rectification": _rectification, "org": _org, "person": _person}


def run(args: argparse.Namespace) -> int:
    """Write the file; refuse when it exists."""
    today = args.today or cli.resolve_as_of(None)
    rel, text = _WRITERS[args.kind](args, today)
    target = args.records / rel
    schema_kind = args.kind
    target.parent.mkdir(parents=True, exist_ok=True)
    head = schema_loader.schema_comment(target, schema_kind)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(head + text)
    except FileExistsError:
        raise _usage(f"{target} 已存在，未覆盖。请换一个编号，或直接编辑该文件") from None
    sys.stdout.write(f"已新建 {target}\n")
    sys.stdout.write(f"请把“请填写…”替换为实际内容，然后运行 talkdocs check --records {args.records}\n")
    if not head:
        sys.stdout.write("（仓库中没有记录格式文件 schemas/，新文件未写编辑器校验行；在仓库根目录运行 talkdocs init . "
                         "可补上 schemas/ 和编辑器设置，已有文件不会被覆盖）\n")
    return cli.EXIT_OK
