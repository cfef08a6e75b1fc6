"""The ``talkdocs`` command line: the parser and the entry point (the verbs: :mod:`generator.cli.verbs`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from generator import __version__
from generator.cli.options import EXIT_OK, EXIT_USAGE, ChineseParser
from generator.cli.verbs import COMMANDS
from generator.engine.checker import ConfigError


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every sub-command."""
    parser = ChineseParser(prog="talkdocs", description="监督谈话记录的检查与内部站点生成工具")
    parser.add_argument("--version", action="version", version=f"talkdocs {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    for name, module in COMMANDS.items():
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def console() -> NoReturn:
    """The ``talkdocs`` command."""
    raise SystemExit(main(hard_exit=True))


def main(argv: Sequence[str] | None = None, *, hard_exit: bool = False) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.hard_exit = hard_exit
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except ConfigError as exc:
        sys.stderr.write(f"talkdocs：{exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("talkdocs：已中断\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
