"""``talkdocs calendar``: the open deadlines as an iCalendar file (.ics) for the calendar staff already use.

One all-day event per open deadline (:mod:`generator.measures.agenda`, :mod:`generator.office.ics`): the 整改措施 and
思想认识 report (1 month after the talk) and the 整改情况 report (3 months), each plan item's due date, the day a
missing annual plan becomes a finding, and each running term's end (marked 推算 when estimated).  Met deadlines
are left out.  ``--audience summary`` leaves confidential records out through the site's summary filter
(:mod:`generator.model.audience`).  The same records, as-of date and ``SOURCE_DATE_EPOCH`` give the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli import options as cli
from generator.cli import output
from generator.engine.checker import check
from generator.errors import ConfigError
from generator.measures import agenda
from generator.model import audience
from generator.model.wording import cn_date
from generator.office import ics


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``calendar``."""
    parser.add_argument("--committee", default=None, metavar="ID",
                        help="只导出这个党委（党组）的期限，例如 shanhai-sw（默认：全部）")
    cli.add_records(parser)
    cli.add_as_of(parser)
    parser.add_argument("--audience", choices=tuple(audience.AUDIENCES), default="full",
                        help="full：含标注保密的记录（默认）；summary：完全去除标注保密的记录和内容")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics",
                        help="写入这个文件；不能写在记录文件夹中，已有的文件不覆盖（除非加 --force）")
    parser.add_argument("--force", action="store_true", help="-o 指定的文件已存在时覆盖它")


def run(args: argparse.Namespace) -> int:
    """Write the calendar."""
    output.refuse(args.output, args.records, args.force, what="日历文件", example="期限.ics")
    result = check(args.records, cli.resolve_as_of(args.as_of))
    view = audience.select(result, args.audience, args.records)
    try:
        data = ics.deadline_calendar(view.repository, result.context, audience_label=view.audience_label,
                                     committee=args.committee, recorded_plans=result.repository.plans.keys())
    except agenda.UnknownBody as exc:
        raise ConfigError(str(exc)) from None
    output.write_bytes(args.output, data, args.force)
    events = data.count(b"BEGIN:VEVENT")
    sys.stdout.write(f"已生成：{args.output}（{events} 个期限，截至{cn_date(result.context.as_of)}，"
                     f"{view.audience_label}）\n")
    return cli.EXIT_OK
