"""The Chinese argument parser of ``talkdocs`` and of every verb (usage errors end with exit code 2).

A module of its own, importing nothing but :mod:`argparse`: ``talkdocs --help`` and ``--version`` need it
and nothing else of the command line (see :mod:`generator.cli.verbs`).
"""

from __future__ import annotations

import argparse
import sys

from generator.errors import EXIT_USAGE

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which would cost the quick start
if TYPE_CHECKING:
    from typing import NoReturn


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese usage errors (exit code 2, no traceback)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}：命令用法有误：{message}\n运行 {self.prog} --help 查看用法。\n")
        raise SystemExit(EXIT_USAGE)
