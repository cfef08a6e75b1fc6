"""The Chinese argument parser of ``talkdocs`` and of every verb (usage errors end with exit code 2).

A module of its own, importing nothing but :mod:`argparse` (and :mod:`re`, which argparse imports anyway):
``talkdocs --help`` and ``--version`` need it and nothing else of the command line (see :mod:`generator.cli.verbs`).
"""

from __future__ import annotations

import argparse
import re
import sys

from generator.errors import EXIT_USAGE

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which would cost the quick start
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, NoReturn


# argparse's own messages (it translates them only through gettext catalogs that do not exist for Chinese):
# each English template as a pattern, with the Chinese sentence it becomes.  Messages not listed stay as
# argparse wrote them, after the Chinese opening of ``error``.
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"unrecognized arguments: (?P<a>.+)", r"无法识别的参数：\g<a>"),
    (r"the following arguments are required: (?P<a>.+)", r"缺少必须写的参数：\g<a>"),
    (r"argument 命令: invalid choice: (?P<v>.+) \(choose from (?P<c>.+)\)", r"没有 \g<v> 这个命令，可用的命令：\g<c>"),
    (r"argument (?P<a>\S+): invalid choice: (?P<v>.+) \(choose from (?P<c>.+)\)",
     r"参数 \g<a> 的值 \g<v> 无效，可选：\g<c>"),
    (r"invalid choice: (?P<v>.+) \(choose from (?P<c>.+)\)", r"无效的命令 \g<v>，可选：\g<c>"),
    (r"argument (?P<a>\S+): expected one argument", r"参数 \g<a> 后面要写一个值"),
    (r"argument (?P<a>\S+): expected at least one argument", r"参数 \g<a> 后面至少要写一个值"),
    (r"argument (?P<a>\S+): invalid (?P<t>\S+) value: (?P<v>.+)", r"参数 \g<a> 的值 \g<v> 无效"),
    (r"argument (?P<a>\S+): not allowed with argument (?P<b>.+)", r"参数 \g<a> 不能与 \g<b> 同时使用"),
    (r"ambiguous option: (?P<o>\S+) could match (?P<m>.+)", r"选项 \g<o> 不明确，可能是：\g<m>"),
    (r"one of the arguments (?P<a>.+) is required", r"参数 \g<a> 中必须写一个"),
)


def chinese_message(message: str) -> str:
    """argparse's English error ``message`` in Chinese (unchanged when it is not one of argparse's own)."""
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _ChineseHelp(argparse.HelpFormatter):
    """Help text with a Chinese "用法：" opening (argparse writes "usage: ")."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """argparse in Chinese: usage line, section titles, the help option and usage errors (exit code 2, no
    traceback)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelp)
        wants_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if wants_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}：命令用法有误：{chinese_message(message)}\n运行 {self.prog} --help 查看用法。\n")
        raise SystemExit(EXIT_USAGE)
