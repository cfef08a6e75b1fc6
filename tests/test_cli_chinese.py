"""What the command line itself prints is Chinese: help, section titles, the help option and argparse's own
usage errors (an office worker who mistypes an option reads what to do, not "unrecognized arguments")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.parser import chinese_message

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ("usage:", "show this help", "options:", "positional arguments", "unrecognized", "required",
           "invalid choice", "expected one argument", "show program's version")


def talkdocs(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["ledger", "--help"], ["ledger", "import", "-h"]])
def test_help_is_chinese(args: list[str]) -> None:
    done = talkdocs(*args)
    assert done.returncode == 0
    assert "用法：" in done.stdout and "显示本帮助并退出" in done.stdout
    assert not [word for word in ENGLISH if word in done.stdout]


@pytest.mark.parametrize(("args", "said"), [
    (["check", "--bogus"], "无法识别的参数：--bogus"),
    (["chec"], "没有 'chec' 这个命令"),
    (["report"], "缺少必须写的参数：--committee, --year"),
    (["report", "--committee", "x", "--year", "2026", "--format", "pdf"], "参数 --format 的值 'pdf' 无效"),
    (["check", "--as-of"], "参数 --as-of 后面要写一个值"),
])
def test_usage_errors_are_chinese_and_exit_2(args: list[str], said: str) -> None:
    done = talkdocs(*args)
    assert done.returncode == 2
    assert said in done.stderr and "用法：" in done.stderr
    assert not [word for word in ENGLISH if word in done.stderr]
    assert "Traceback" not in done.stderr


def test_a_message_argparse_did_not_write_is_kept() -> None:
    assert chinese_message("日期应写成 YYYY-MM-DD") == "日期应写成 YYYY-MM-DD"
