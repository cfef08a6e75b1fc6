"""What every ``talkdocs`` verb shares: exit codes (from :mod:`generator.errors`), the Chinese parser,
``--records``/``--as-of``, leaving fast.

The verb modules import this, never :mod:`generator.cli.app` (which imports them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.cli.parser import ChineseParser
from generator.errors import EXIT_BUILD, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

__all__ = ["EXIT_BUILD", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "ChineseParser", "add_as_of",
           "add_records", "as_of_date", "leave", "resolve_as_of", "revision"]


def as_of_date(text: str) -> dt.date:
    """Parse ``--as-of``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，请写成 YYYY-MM-DD，例如 2026-11-27") from None


def revision(text: str) -> str:
    """Parse a git revision (``check --base``, ``diff REV_A REV_B``): a name git may be given, never an option."""
    from generator.audit import gitrepo  # only when a revision is given: ``talkdocs --version`` stays quick

    try:
        return gitrepo.check_revision(text)
    except gitrepo.RevisionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_records(parser: argparse.ArgumentParser) -> None:
    """``--records DIR``, taken by every command that reads records."""
    parser.add_argument("--records", type=Path, default=Path("records"), metavar="DIR",
                        help="记录文件夹（默认 records/）")


def add_as_of(parser: argparse.ArgumentParser) -> None:
    """``--as-of YYYY-MM-DD``, default today in Asia/Shanghai."""
    parser.add_argument("--as-of", type=as_of_date, default=None, metavar="YYYY-MM-DD",
                        help="按哪一天检查（默认：北京时间今天）")


def resolve_as_of(value: dt.date | None) -> dt.date:
    """The as-of date a command runs with."""
    if value is not None:
        return value
    from generator.model.context import today_in_shanghai  # here: the parser itself loads no stage

    return today_in_shanghai()


def leave(args: argparse.Namespace, code: int) -> int:
    """Return ``code``; when run as the ``talkdocs`` command, exit with it at once instead.

    After a province's check, freeing its model object by object takes most of a second that nobody
    waits for gladly; the operating system takes the memory back at once.  Output is flushed first, and
    callers of :func:`main` (tests, scripts) get the code back as usual.
    """
    if getattr(args, "hard_exit", False):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):
            pass
        os._exit(code)
    return code
