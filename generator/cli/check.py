"""``talkdocs check``: validate the records and apply the Measures' rules."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from generator.audit import final_guard, gitrepo
from generator.cli import options as cli
from generator.engine import hook
from generator.engine.checker import check, check_findings
from generator.errors import ConfigError
from generator.findings import reporter
from generator.findings.finding import Finding, sort_findings
from generator.load import cache


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``check``."""
    cli.add_records(parser)
    cli.add_as_of(parser)
    parser.add_argument("--format", choices=sorted(reporter.FORMATS), default="text",
                        help="输出格式：text（中文文本，默认）、json、github（GitHub Actions 注释）")
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error",
                        help="什么级别的问题使退出码为 1（默认 error）")
    parser.add_argument("--no-cache", action="store_true",
                        help="不使用解析缓存（默认缓存在用户缓存文件夹 ~/.cache/talkdocs/parse/，或环境变量 "
                             f"{cache.CACHE_ENV} 指定的文件夹；不放在 git 工作区内，除非 git 忽略该文件夹；"
                             "缓存可随时删除）")
    parser.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                        help="读取记录使用的进程数（默认：本机全部处理器核心）")
    parser.add_argument("--hook", action="store_true",
                        help="pre-commit 钩子用：只报告列出的（已暂存的）记录及其引用和被引用的记录的问题；"
                             "期限已过、覆盖有风险等随时间出现的问题只提示、不阻止提交"
                             "（settings.yaml 写 hook_blocks_deadlines: true 时也阻止）")
    parser.add_argument("files", nargs="*", metavar="FILE", help="与 --hook 同用：pre-commit 传入的已暂存文件")
    parser.add_argument("--base", type=cli.revision, default=None, metavar="REV",
                        help="另外报告自该版本（提交号、分支名或标签，例如 origin/main）以来对已定稿谈话、整改记录的"
                             "修改和删除（AUDIT-FINAL-CHANGED；需要 git）")


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效的进程数，请写 1 或更大的整数")
    return int(text)


def _cache_folder(records: Path) -> Path | None:
    """Where the parse cache goes, or None (with a word on standard error) when git would commit it there."""
    folder = cache.default_folder(records)
    top = cache.unsafe_place(folder)
    if top is None:
        return folder
    sys.stderr.write(f"talkdocs：缓存文件夹 {folder} 在 git 工作区 {top} 之内且未被忽略；"
                     "缓存含记录内容（包括保密内容），为免被提交，本次不使用缓存。"
                     f"请把 {cache.CACHE_ENV} 设为工作区以外的文件夹，或把它加入 .gitignore\n")
    return None


def _run_hook(args: argparse.Namespace, cache_dir: Path | None) -> int:
    """The pre-commit hook: the full check, reported for what the staged records reach."""
    result = check(args.records, cli.resolve_as_of(args.as_of), jobs=args.jobs, cache_dir=cache_dir)
    staged = hook.staged_paths(args.files, args.records)
    verdict = hook.judge(result, staged, result.context.settings.hook_blocks_deadlines)
    prefix = args.records.as_posix() if args.format == "text" else reporter.root_prefix(args.records)
    sys.stdout.write(reporter.FORMATS[args.format](verdict.blocking, prefix))
    if verdict.timed:
        sys.stderr.write(f"talkdocs：另有 {len(verdict.timed)} 项随时间出现的问题（期限已过、覆盖有风险等），"
                         "不阻止本次提交；CI 和站点看板照常显示。要在提交时也拦截，在 settings.yaml 写 "
                         "hook_blocks_deadlines: true\n")
    return cli.EXIT_FINDINGS if verdict.blocking.failed(args.fail_on) else cli.EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Check, print, and exit 1 when there are findings at or above ``--fail-on``."""
    cache_dir = None if args.no_cache else _cache_folder(args.records)
    audit: tuple[Finding, ...] = ()
    if args.base is not None:  # first, so that a revision git does not know stops before the long check
        try:
            audit = final_guard.check_since(args.records, args.base)
        except gitrepo.GitError as exc:
            raise ConfigError(str(exc)) from None
    if args.hook:
        return cli.leave(args, _run_hook(args, cache_dir))
    if args.files:
        raise ConfigError("列出文件只用于 pre-commit 钩子（--hook）；检查整个记录文件夹时不要列出文件")
    result = check_findings(args.records, cli.resolve_as_of(args.as_of), jobs=args.jobs, cache_dir=cache_dir)
    if audit:
        result = replace(result, findings=tuple(sort_findings([*result.findings, *audit])))
    prefix = args.records.as_posix() if args.format == "text" else reporter.root_prefix(args.records)
    sys.stdout.write(reporter.FORMATS[args.format](result, prefix))
    return cli.leave(args, cli.EXIT_FINDINGS if result.failed(args.fail_on) else cli.EXIT_OK)
