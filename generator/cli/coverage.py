"""``talkdocs coverage``: the coverage matrix of each body and term in the terminal (Art. 5 ¶2)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from generator.cli import options as cli
from generator.engine.checker import check
from generator.errors import ConfigError
from generator.findings.reporter import text_block
from generator.measures import coverage
from generator.model import catalog
from generator.model.wording import cn_date
from generator.output import textwidth
from generator.rules import office_words


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``coverage``."""
    cli.add_records(parser)
    cli.add_as_of(parser)
    parser.add_argument("--committee", metavar="ID", help="只显示这个党委（党组）")
    parser.add_argument("--term", type=int, metavar="N", help="只显示第 N 届")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")


def _cell(row: coverage.Row, year: int) -> str:
    talks = [t.date.strftime("%m-%d") for t in row.talks_in(year)]
    talks += [f"{t.date.strftime('%m-%d')}（{catalog.VOID_TALK}：{office_words.SHORT.get(rule, rule)}，{rule}）"
              for t, rule in row.void_in(year)]
    return "、".join(talks) if talks else "—"


def render(tc: coverage.TermCoverage, names: dict[str, str], as_of: dt.date) -> str:
    """One matrix as text."""
    w = tc.window
    status = "已结束" if tc.ended else "未结束"
    owner = "按" if w.for_body else ""
    span = f"{cn_date(w.start)}至{cn_date(w.end)}{w.estimate_note}"
    head = (f"{tc.body.label} {owner}{w.name}（{span}，{status}）"
            f"  覆盖 {tc.covered}/{tc.total}（{tc.percent:.0f}%）")
    rows = [["组织", "类别", *[f"{y}年" for y in w.years], "状态", "现任“一把手”"]]
    for row in tc.rows + tc.excluded:
        leader = row.org.leader_on(min(w.end, as_of))
        rows.append([row.org.label, catalog.label(catalog.ORG_KIND, row.org.kind), *[_cell(row, y) for y in w.years],
                     catalog.COVERAGE_STATE[row.state], names.get(leader.person, leader.person) if leader else ""])
    return head + "\n" + textwidth.table(rows)


def run(args: argparse.Namespace) -> int:
    """Print the matrices."""
    result = check(args.records, cli.resolve_as_of(args.as_of))
    repo, ctx = result.repository, result.context
    matrices = [tc for tc in coverage.coverage(repo, ctx)
                if (args.committee is None or tc.body.id == args.committee)
                and (args.term is None or tc.window.term.number == args.term)]
    if args.committee and args.committee not in repo.orgs:
        raise ConfigError(f"没有编号为“{args.committee}”的组织；请写 records/orgs/ 中的组织编号，例如 shanhai-sw")
    if args.format == "json":
        data = [{"committee": tc.body.id, "term": tc.window.term.number, "start": tc.window.start.isoformat(),
                 "end": tc.window.end.isoformat(), "end_estimated": tc.window.end_estimated,
                 "term_owner": tc.window.owner.id, "ended": tc.ended, "covered": tc.covered, "total": tc.total,
                 "rows": [{"org": r.org.id, "state": r.state, "talks": [t.id for t in r.talks],
                           "void_talks": [{"talk": t.id, "rule": rule} for t, rule in r.void]}
                          for r in tc.rows + tc.excluded]} for tc in matrices]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return cli.EXIT_OK
    names = {p.id: p.name for p in repo.people.values()}
    sys.stdout.write(f"截至{cn_date(ctx.as_of)}\n\n")
    for tc in matrices:
        sys.stdout.write(text_block(render(tc, names, ctx.as_of).split("\n")))
    if not matrices:
        sys.stdout.write("没有需要检查覆盖情况的任期。\n")
    return cli.EXIT_OK
