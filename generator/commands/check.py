"""``talkdocs check``: validate the records and apply the Measures' rules."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from generator import cache, cli, final_guard, gitrepo, reporter
from generator.checker import ConfigError, check_findings
from generator.findings import Finding, sort_findings

HELP = "检查记录：格式、引用和《办法》的各项规则"


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``check``."""
    cli.add_records(parser)
    cli.add_as_of(parser)
    parser.add_argument("--format", choices=sorted(reporter.FORMATS), default="text",
                        help="输出格式：text（中文文本，默认）、json、github（GitHub Actions 注释）")
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error",
                        help="什么级别的问题使退出码为 1（默认 error）")
    parser.add_argument("--no-cache", action="store_true",
                        help="不使用解析缓存（默认缓存在记录文件夹上一级的 .cache/talkdocs/，或环境变量 "
                             f"{cache.CACHE_ENV} 指定的文件夹；缓存可随时删除）")
    parser.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                        help="读取记录使用的进程数（默认：本机全部处理器核心）")
    parser.add_argument("--base", type=_base, default=None, metavar="REV",
                        help="另外报告自该版本（提交号、分支名或标签，例如 origin/main）以来对已定稿谈话、整改记录的"
                             "修改和删除（AUDIT-FINAL-CHANGED；需要 git）")


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效的进程数，请写 1 或更大的整数")
    return int(text)


def _base(text: str) -> str:
    try:
        return gitrepo.check_revision(text)
    except gitrepo.RevisionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Check, print, and exit 1 when there are findings at or above ``--fail-on``."""
    cache_dir = None if args.no_cache else cache.default_folder(args.records)
    audit: tuple[Finding, ...] = ()
    if args.base is not None:  # first, so that a revision git does not know stops before the long check
        try:
            audit = final_guard.check_since(args.records, args.base)
        except gitrepo.GitError as exc:
            raise ConfigError(str(exc)) from None
    result = check_findings(args.records, cli.resolve_as_of(args.as_of), jobs=args.jobs, cache_dir=cache_dir)
    if audit:
        result = replace(result, findings=tuple(sort_findings([*result.findings, *audit])))
    prefix = args.records.as_posix() if args.format == "text" else reporter.root_prefix(args.records)
    sys.stdout.write(reporter.FORMATS[args.format](result, prefix))
    return cli.leave(args, cli.EXIT_FINDINGS if result.failed(args.fail_on) else cli.EXIT_OK)
