"""The ``talkdocs`` command line: the parser, the entry point, and exit codes for errors (:mod:`generator.errors`).

Only the chosen verb's module is imported (the table of verbs is static, :mod:`generator.cli.verbs`), so
``talkdocs --version`` and ``--help`` load no stage at all.  Whatever goes wrong ends as a Chinese line on
standard error and an exit code, never a traceback (``TALKDOCS_DEBUG=1`` shows the traceback of a defect).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from generator import __version__
from generator.cli.parser import ChineseParser
from generator.cli.verbs import VERBS, load
from generator.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, TalkdocsError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the quick start, bench/RESULTS.md)
if TYPE_CHECKING:
    from typing import NoReturn


def chosen_verb(argv: Sequence[str]) -> str | None:
    """The verb the command line names: its first word that is not an option (``talkdocs`` itself takes
    only ``--help`` and ``--version``, which take no value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The parser: every verb with its help line, and the options of ``verb`` (its module imported now)."""
    parser = ChineseParser(prog="talkdocs", description="监督谈话记录的检查与内部站点生成工具")
    parser.add_argument("--version", action="version", version=f"talkdocs {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    for name, text in VERBS.items():
        cmd = sub.add_parser(name, help=text, description=text)
        if name == verb:
            module = load(name)
            module.configure(cmd)
            cmd.set_defaults(run=module.run)
    return parser


def console() -> NoReturn:
    """The ``talkdocs`` command."""
    raise SystemExit(main(hard_exit=True))


def main(argv: Sequence[str] | None = None, *, hard_exit: bool = False) -> int:
    """Run the command line; returns the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    verb = chosen_verb(words)
    try:
        parser = build_parser(verb if verb in VERBS else None)
        args = parser.parse_args(words)
        args.hard_exit = hard_exit
        if not getattr(args, "run", None):
            parser.print_help()
            return EXIT_USAGE
        return int(args.run(args))
    except TalkdocsError as exc:
        sys.stderr.write(exc.line())
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("talkdocs：已中断\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a defect, not bad input: say so plainly
        if os.environ.get("TALKDOCS_DEBUG"):
            raise
        sys.stderr.write(f"talkdocs：内部错误（{type(exc).__name__}：{exc}），这是 talkdocs 的缺陷，不是记录的问题。"
                         "请报告此问题；设置环境变量 TALKDOCS_DEBUG=1 重新运行可看到详细信息\n")
        return EXIT_INTERNAL
