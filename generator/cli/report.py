"""``talkdocs report``: one body's annual report on supervision talks (Art. 13 ¶2) as HTML, Word or Markdown.

The figures are counted from the records as of ``--as-of`` (default: today in Asia/Shanghai, also for a
past year: the report is drawn up early in the next year and shows what the records say on that day, e.g.
status reports that came in after 31 December; pass ``--as-of YYYY-12-31`` for the state at the year's end).
The office's own text, if any, is read from ``records/reports/<committee>/<year>.md``.

``--audience full`` (the default: the report is the office's working document) counts confidential records
and items; ``--audience summary`` leaves them out entirely, through the same filter as the site's summary
build (:mod:`generator.model.audience`).  The office's narrative file has no confidential marking: it is
shown to both audiences, so nothing confidential may be written in it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.annual import figures as annual
from generator.annual import render as report_render
from generator.annual.narrative import read_narrative
from generator.annual.report import AnnualReport, ReportError
from generator.cli import options as cli
from generator.cli import output
from generator.engine.checker import check
from generator.errors import ConfigError
from generator.findings.finding import Severity
from generator.model import audience
from generator.model.wording import cn_date
from generator.rules.table import RULES

FORMATS = ("html", "docx", "md")


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``report``."""
    parser.add_argument("--committee", required=True, metavar="ID", help="党委（党组）的组织编号，例如 shanhai-sw")
    parser.add_argument("--year", required=True, type=_year, metavar="YYYY", help="报告年度，2026 年起")
    cli.add_records(parser)
    parser.add_argument("--as-of", type=cli.as_of_date, default=None, metavar="YYYY-MM-DD",
                        help="按哪一天的记录统计（默认：北京时间今天；往年报告也按今天，"
                             "要看年末状态请写 --as-of YYYY-12-31）")
    parser.add_argument("--format", choices=FORMATS, default="html",
                        help="html（可打印的单个网页，默认）、docx（Word 公文格式）、md（站点页面）")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                        help="写入这个文件（docx 必须指定；html、md 不指定时输出到屏幕）；不能写在记录文件夹中，"
                             "已有的文件不覆盖（除非加 --force）")
    parser.add_argument("--force", action="store_true", help="-o 指定的文件已存在时覆盖它（记录文件夹中的文件仍不写）")
    parser.add_argument("--audience", choices=tuple(audience.AUDIENCES), default="full",
                        help="full：含标注保密的记录（默认，供办公厅（室）使用）；summary：完全去除标注保密的记录和内容")


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"年度“{text}”无效，请写四位数年份，例如 2026")
    return int(text)


def _build(args: argparse.Namespace) -> tuple[AnnualReport, int]:
    """The report, and how many records were left out for format or reference errors."""
    result = check(args.records, cli.resolve_as_of(args.as_of))
    view = audience.select(result, args.audience, args.records)  # the same filter as the site's summary build
    try:
        narrative = read_narrative(args.records, args.committee, args.year)
        report = annual.build(view.repository, result.context, args.committee, args.year, findings=view.findings,
                              narrative=narrative)
    except ReportError as exc:
        raise ConfigError(str(exc)) from None
    dropped = sum(1 for f in result.findings
                  if f.severity is Severity.ERROR and RULES[f.rule].group in ("input", "schema", "reference"))
    return report, dropped


def _summary(report: AnnualReport, target: str) -> str:
    lines = [f"已生成：{target}", f"{report.title}（截至{cn_date(report.as_of)}）"]
    lines += [f"  {s}" for s in report.statement.sentences]
    return "\n".join(lines) + "\n"


def _cannot_write(path: Path, exc: OSError) -> ConfigError:
    return output.cannot_write(path, exc)


def _refuse_output(target: Path, records: Path, force: bool) -> None:
    """A report never lands in the records folder, and an existing file is replaced only with ``--force``."""
    output.refuse(target, records, force, what="报告", example="报告/2026年度报告.html")


def run(args: argparse.Namespace) -> int:
    """Build the report and write it."""
    if args.format == "docx" and args.output is None:
        raise ConfigError("Word 格式需要用 -o 指定输出文件，例如 -o 山海市委2026年度报告.docx")
    if args.output is not None:
        _refuse_output(args.output, args.records, args.force)
    report, errors = _build(args)
    if errors:
        sys.stderr.write(f"talkdocs：记录有 {errors} 项格式或引用错误，有关记录未计入报告；"
                         "请运行 talkdocs check 查看\n")
    if args.format == "docx":
        from generator.annual import word  # here, not at the top: python-docx is slow to import

        try:
            word.to_docx(report, args.output)
        except OSError as exc:
            raise _cannot_write(args.output, exc) from None
        sys.stdout.write(_summary(report, str(args.output)))
        return cli.EXIT_OK
    text = report_render.to_html(report) if args.format == "html" else report_render.to_markdown(report)
    if args.output is None:
        sys.stdout.write(text)
        return cli.EXIT_OK
    try:
        with args.output.open("w" if args.force else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ConfigError(f"{args.output} 已存在，未覆盖；换一个文件名，或确认要替换时加 --force") from None
    except OSError as exc:
        raise _cannot_write(args.output, exc) from None
    sys.stdout.write(_summary(report, str(args.output)))
    return cli.EXIT_OK
