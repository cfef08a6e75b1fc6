"""``talkdocs init DIR``: a new office's records repository that passes ``talkdocs check`` and builds at once."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from generator.cli import options as cli
from generator.errors import ConfigError
from generator.scaffold import answers as qa
from generator.scaffold import files, write

_TRIES = 5


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``init``: one per question; on a terminal the unanswered ones are asked."""
    parser.add_argument("folder", type=Path, metavar="DIR", help="新仓库的文件夹（不存在时新建；已有的文件不会被覆盖）")
    for q in qa.QUESTIONS:
        parser.add_argument(q.option, dest=q.key, default=None, metavar="值", help=q.prompt)
    parser.add_argument("--no-input", action="store_true",
                        help="不提问：未给出的项目写入占位内容，完成后列出需要修改的位置（无终端时总是如此）")


def _ask_on(terminal: bool) -> Callable[[qa.Question], str] | None:
    if not terminal:
        return None

    def ask(q: qa.Question) -> str:
        for _ in range(_TRIES):
            typed = input(f"{q.prompt}\n> ").strip()
            if not typed:
                return ""
            try:
                return q.parse(typed)
            except qa.AnswerError as exc:
                sys.stdout.write(f"{exc}\n")
        return ""

    return ask


def _report(folder: Path, outcome: write.Outcome) -> None:
    out = sys.stdout
    for rel in outcome.created:
        out.write(f"已新建 {folder / rel}\n")
    for rel in outcome.kept:
        out.write(f"已存在，未覆盖：{folder / rel}\n")
    if outcome.placeholders:
        out.write("\n以下内容是占位值，请改为本单位的实际情况（这些行都标有“# 待填写”）：\n")
        for p in outcome.placeholders:
            out.write(f"  {folder / p.path} 第 {p.line} 行：{p.what}\n")
    out.write(f"""
下一步：
  cd {folder}
  git init && git add -A && git commit -m "新建监督谈话记录仓库"
  pip install pre-commit && pre-commit install   # 每次提交前检查暂存的记录
  talkdocs check                                 # 检查记录
  talkdocs build                                 # 生成站点到 site/（mkdocs serve 可边改边看）
""")


def run(args: argparse.Namespace) -> int:
    """Collect the answers, write every file that is not there yet, say what to edit."""
    terminal = sys.stdin.isatty() and not args.no_input
    given = {q.key: getattr(args, q.key) for q in qa.QUESTIONS}
    answers: qa.Answers | None = None
    try:
        if files.existing_name(args.folder) is None:
            answers = qa.collect(given, _ask_on(terminal), cli.resolve_as_of(None))
        else:  # the records are there: nothing to ask, no record written
            sys.stdout.write(f"{args.folder / 'records/settings.yaml'} 已存在：不新建记录，只补上缺少的其他文件\n")
    except qa.AnswerError as exc:
        raise ConfigError(str(exc), command="init") from None
    except (EOFError, KeyboardInterrupt):
        sys.stderr.write("\n")  # after the unanswered question
        raise ConfigError("已中断，未写入任何文件", command="init") from None
    try:
        outcome = write.write(args.folder, files.plan(answers, args.folder))
    except write.ScaffoldError as exc:
        raise ConfigError(str(exc), command="init") from None
    _report(args.folder, outcome)
    return cli.EXIT_OK
