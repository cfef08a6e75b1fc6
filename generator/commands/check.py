"""``talkdocs check``: validate the records and apply the Measures' rules."""

from __future__ import annotations

import argparse
import sys

from generator import cli, reporter
from generator.checker import check

HELP = "检查记录：格式、引用和《办法》的各项规则"


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``check``."""
    cli.add_records(parser)
    cli.add_as_of(parser)
    parser.add_argument("--format", choices=sorted(reporter.FORMATS), default="text",
                        help="输出格式：text（中文文本，默认）、json、github（GitHub Actions 注释）")
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error",
                        help="什么级别的问题使退出码为 1（默认 error）")


def run(args: argparse.Namespace) -> int:
    """Check, print, and exit 1 when there are findings at or above ``--fail-on``."""
    result = check(args.records, cli.resolve_as_of(args.as_of))
    sys.stdout.write(reporter.FORMATS[args.format](result, args.records.as_posix()))
    return cli.EXIT_FINDINGS if result.failed(args.fail_on) else cli.EXIT_OK
