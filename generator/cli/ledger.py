"""``talkdocs ledger export|import``: the 监督谈话台账 as an .xlsx workbook, out of the records and into them."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.cli import options as cli
from generator.engine.checker import check
from generator.errors import ConfigError
from generator.findings.finding import Severity
from generator.model import audience
from generator.model.wording import cn_date
from generator.rules.table import RULES


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``ledger export`` and ``ledger import``."""
    sub = parser.add_subparsers(dest="ledger_command", metavar="操作", parser_class=cli.ChineseParser)
    exp = sub.add_parser("export", help="导出台账（谈话、整改、计划执行、覆盖情况四张工作表）",
                         description="导出监督谈话台账 .xlsx：谈话台账、整改台账、计划执行、覆盖情况四张工作表")
    cli.add_records(exp)
    cli.add_as_of(exp)
    exp.add_argument("--committee", metavar="ID", help="只导出这个党委（党组），例如 shanhai-sw")
    exp.add_argument("--year", type=_year, metavar="YYYY", help="只导出这一年的谈话和计划")
    exp.add_argument("--audience", choices=tuple(audience.AUDIENCES), default="full",
                     help="full：含标注保密的记录并标注【保密】（默认）；"
                          "summary：完全去除标注保密的记录和内容，与摘要版站点相同")
    exp.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx",
                     help="写入这个文件；不能写在记录文件夹中，已有的文件不覆盖（除非加 --force）")
    exp.add_argument("--force", action="store_true", help="-o 指定的文件已存在时覆盖它")
    exp.set_defaults(ledger_run=_export)
    imp = sub.add_parser("import", help="把已有的台账 .xlsx 导入为谈话记录（先检查，全部无误才写入）",
                         description="读取本单位已有的监督谈话台账 .xlsx，按下一个可用编号新建谈话记录；"
                                     "任何一行有错误则不写入任何文件，并逐行报告问题和应写的内容")
    imp.add_argument("file", type=Path, metavar="FILE.xlsx", help="要导入的台账文件（Excel 工作簿 .xlsx）")
    cli.add_records(imp)
    cli.add_as_of(imp)
    imp.add_argument("--committee", metavar="ID",
                     help="台账所属党委（党组）的编号，例如 shanhai-sw；"
                          "不写时按谈话人所在领导班子或被谈话人单位的上级确定")
    imp.add_argument("--dry-run", action="store_true", help="试运行：只检查并显示将写入的记录，不写入任何文件")
    imp.add_argument("--create-people", action="store_true",
                     help="台账中的姓名在 records/people/ 中找不到时，自动建立人员记录（编号取姓名拼音，请事后核对）")
    imp.set_defaults(ledger_run=_import)


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"年度“{text}”无效，请写四位数年份，例如 2026")
    return int(text)


def _refuse_output(output: Path, records: Path, force: bool) -> None:
    target, folder = Path(os.path.realpath(output)), Path(os.path.realpath(records))
    if target == folder or folder in target.parents:
        raise ConfigError(f"不能把台账写入记录文件夹 {records}（{output}）；"
                          "请写到记录文件夹以外，例如 -o 台账/2026年台账.xlsx")
    if output.exists() and not force:
        raise ConfigError(f"{output} 已存在，未覆盖；换一个文件名，或确认要替换时加 --force")
    if output.suffix.lower() != ".xlsx":
        raise ConfigError(f"{output}：台账是 Excel 工作簿，文件名请以 .xlsx 结尾，例如 -o 监督谈话台账.xlsx")


def _export(args: argparse.Namespace) -> int:
    from generator.office.ledger.columns import COVERAGE_SHEET  # openpyxl loads only for this command
    from generator.office.ledger.export import ledger_contents, workbook_of

    _refuse_output(args.output, args.records, args.force)
    result = check(args.records, cli.resolve_as_of(args.as_of))
    repo = result.repository
    if args.committee and args.committee not in repo.orgs:
        raise ConfigError(f"没有编号为“{args.committee}”的组织；请写 records/orgs/ 中的组织编号，例如 shanhai-sw")
    errors = sum(1 for f in result.findings
                 if f.severity is Severity.ERROR and RULES[f.rule].group in ("input", "schema", "reference"))
    if errors:
        sys.stderr.write(f"talkdocs：记录有 {errors} 项格式或引用错误，有关记录未列入台账；"
                         "请运行 talkdocs check 查看\n")
    contents = ledger_contents(repo, result.context, committee=args.committee, year=args.year, audience=args.audience)
    if not any(sheet.rows for sheet in contents.sheets if sheet.name != COVERAGE_SHEET):
        # an empty ledger is written all the same (a new body has none yet), but not silently: a wrong --year
        # or --committee looks just like it
        sys.stderr.write(f"talkdocs：提示：{contents.title.removesuffix('监督谈话台账')}没有谈话、整改或计划记录，"
                         "导出的台账只有表头；请核对 --year、--committee\n")
    data = workbook_of(contents)
    try:
        with args.output.open("wb" if args.force else "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise ConfigError(f"{args.output} 已存在，未覆盖；换一个文件名，或确认要替换时加 --force") from None
    except OSError as exc:
        where = args.output.parent
        why = f"文件夹 {where} 不存在，请先建立或换一个位置" if not where.is_dir() else (exc.strerror or str(exc))
        raise ConfigError(f"无法写入 {args.output}：{why}") from None
    label = audience.AUDIENCES[args.audience]
    sys.stdout.write(f"已导出：{args.output}（{label}，截至{cn_date(result.context.as_of)}）\n")
    return cli.EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from generator.office.ledger import importer, report  # openpyxl loads only for this command
    from generator.office.ledger.reader import LedgerFileError

    if not args.records.is_dir():
        raise ConfigError(f"记录文件夹 {args.records} 不存在；请用 --records 指定记录文件夹，例如 --records records")
    try:
        plan = importer.plan_import(args.file, args.records, cli.resolve_as_of(args.as_of),
                                    committee=args.committee, create_people=args.create_people)
    except LedgerFileError as exc:
        raise ConfigError(str(exc), command="ledger import") from None
    written = importer.write_plan(plan, args.records) if plan.ready and not args.dry_run else []
    sys.stdout.write("".join(f"{line}\n" for line in report.report_lines(plan, dry_run=args.dry_run,
                                                                        written=written)))
    return cli.EXIT_OK if plan.ready else cli.EXIT_FINDINGS


def run(args: argparse.Namespace) -> int:
    """Run ``ledger export`` or ``ledger import``."""
    handler = getattr(args, "ledger_run", None)
    if handler is None:
        raise ConfigError("请写 export（导出台账）或 import（导入台账），例如 talkdocs ledger export -o 台账.xlsx；"
                          "运行 talkdocs ledger --help 查看用法", command="ledger")
    return int(handler(args))
