"""The site's downloads: each annual report's Word file and print view, and on the dashboard the 台账 (.xlsx)
and the deadline calendar (.ics) of the build's audience.

They are made at build time from the same :class:`~generator.model.audience.View` as the pages, by the same
functions as ``talkdocs report``, ``talkdocs ledger export`` and ``talkdocs calendar``, so a summary build offers
summary files only.  Every file depends on the records and the build's clock alone
(:mod:`generator.output.reproducible`): zip containers are rewritten with fixed entry times.  The summary build's
Art. 16 guard (:mod:`.guard`) opens these files like the pages.

Paths are ASCII (:mod:`.links`); the name a browser saves a file as is Chinese, given by the link's
``download`` attribute.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from generator.annual.report import AnnualReport
from generator.model.audience import View
from generator.model.context import Context
from generator.office import ics
from generator.office.ledger.export import ledger_contents, workbook_of
from generator.site import links

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass(frozen=True)
class Link:
    """A download as a page offers it (no bytes: pages are planned before the files are made)."""

    path: str  # relative to the site folder
    name: str  # the file name a browser saves it as
    label: str  # the link text
    note: str = ""  # one line on what the file holds


@dataclass(frozen=True)
class Download:
    """A file the site offers, with its bytes."""

    path: str  # relative to the site folder
    data: bytes


def file_name(text: str) -> str:
    """``text`` as a file name on Windows and Linux: characters a file name cannot hold become ``_``."""
    return _UNSAFE_NAME.sub("_", " ".join(text.split()))


def _edition(view: View) -> str:
    return "（摘要版）" if view.is_summary else ""


def report_links(view: View, report: AnnualReport) -> tuple[Link, Link]:
    """The Word file and the print view of one annual report page."""
    word = Link(links.report_docx(report.committee, report.year), file_name(f"{report.title}{_edition(view)}.docx"),
                "下载 Word 文件（.docx）", "公文格式，可在 Word 或 WPS 中修改后报送")
    printed = Link(links.report_print(report.committee, report.year), "", "打印版",
                   "单独的网页，不含站点导航，用浏览器的“打印”即可按 A4 打印")
    return word, printed


def dashboard_links(view: View, ctx: Context) -> tuple[Link, Link]:
    """The ledger workbook and the deadline calendar, as the dashboard offers them."""
    name = ctx.settings.repository_name
    day = ctx.as_of.isoformat()
    ledger = Link(links.LEDGER_FILE, file_name(f"{name}监督谈话台账（{view.audience_label}，截至{day}）.xlsx"),
                  "监督谈话台账（.xlsx）", "谈话台账、整改台账、计划执行、覆盖情况四张表，可用 Excel 或 WPS 打开")
    calendar = Link(links.CALENDAR_FILE, file_name(f"{name}监督谈话期限（{view.audience_label}）.ics"),
                    "期限日历（.ics）", "尚未办结的期限，每项提前 7 天提醒，可导入 Outlook、手机或其他日历")
    return ledger, calendar


def links_html(offered: Sequence[Link], here: str) -> str:
    """The links as one raw-HTML paragraph on page ``here`` (every text escaped)."""
    parts = []
    for link in offered:
        url = html.escape(links.asset(link.path, here))
        saved = f' download="{html.escape(link.name)}"' if link.name else ""
        title = f' title="{html.escape(link.note)}"' if link.note else ""
        parts.append(f'<a class="td-download" href="{url}"{saved}{title}>{html.escape(link.label)}</a>')
    return f'<p class="td-downloads">{"　".join(parts)}</p>'


def report_files(view: View, report: AnnualReport) -> tuple[Download, Download]:
    """The Word file and the print view of ``report``, as bytes."""
    from generator.annual import render, word  # late: python-docx is slow to import

    docx_link, printed = report_links(view, report)
    docx = word.docx_bytes(report)  # the very bytes talkdocs report --format docx writes
    return Download(docx_link.path, docx), Download(printed.path, render.to_html(report).encode("utf-8"))


def dashboard_files(view: View, ctx: Context, recorded_plans: Collection[tuple[str, int]],
                    memo: Memo | None = None) -> tuple[Download, ...]:
    """The ledger workbook and the deadline calendar of ``view``'s audience, as bytes.

    ``recorded_plans``: the plans of the full repository (a plan left out of a summary build is not missing).
    ``memo`` (``serve``): the workbook of last build, when its contents are equal.
    """
    ledger, calendar = dashboard_links(view, ctx)
    contents = ledger_contents(view.repository, ctx, audience=view.audience)
    book = memo.get(ledger.path, contents) if memo is not None else None
    if book is None:
        book = (Download(ledger.path, workbook_of(contents)),)
        if memo is not None:
            memo.keep(ledger.path, contents, book)
    parts = ics.calendar_parts(view.repository, ctx, audience_label=view.audience_label,
                               recorded_plans=recorded_plans)
    dates = memo.get(calendar.path, parts) if memo is not None else None
    if dates is None:  # icalendar takes a second for a province's deadlines
        dates = (Download(calendar.path, ics.from_parts(parts)),)
        if memo is not None:
            memo.keep(calendar.path, parts, dates)
    return (*book, *dates)


def paths(reports: Sequence[AnnualReport]) -> frozenset[str]:
    """Where the site's downloads go (an office file at one of these paths is refused)."""
    return frozenset({links.LEDGER_FILE, links.CALENDAR_FILE}
                     | {links.report_docx(r.committee, r.year) for r in reports}
                     | {links.report_print(r.committee, r.year) for r in reports})


class Memo:
    """The downloads of the last build of a ``serve`` session, each with what it was made from.

    A Word file takes python-docx a moment and the 台账 openpyxl a while; after one record changed, most reports
    and often the ledger are made from values equal to last time's (an :class:`AnnualReport`, the ledger's
    sheets), so their bytes are the same and are reused.  Equal inputs give equal bytes: every file depends on
    its inputs and the build's clock alone (the clock is part of the inputs).
    """

    def __init__(self) -> None:
        self._made: dict[str, tuple[object, tuple[Download, ...]]] = {}
        self.reused: list[str] = []  # the keys reused, in this order (for the tests)

    def get(self, key: str, inputs: object) -> tuple[Download, ...] | None:
        """What was made from ``inputs`` last time under ``key``, or None."""
        last = self._made.get(key)
        if last is not None and last[0] == inputs:
            self.reused.append(key)
            return last[1]
        return None

    def keep(self, key: str, inputs: object, made: tuple[Download, ...]) -> None:
        """Remember ``made`` as made from ``inputs``."""
        self._made[key] = (inputs, made)

    def forget_others(self, keys: Collection[str]) -> None:
        """Drop what this build no longer offers."""
        for key in set(self._made) - set(keys):
            del self._made[key]


def _report_key(r: AnnualReport) -> str:
    return links.report_docx(r.committee, r.year)


def site_files(view: View, ctx: Context, reports: Sequence[AnnualReport],
               recorded_plans: Collection[tuple[str, int]], jobs: int = 1, memo: Memo | None = None) -> list[Download]:
    """Every download of the site: the dashboard's two files, then each report's Word file and print view.

    The Word files are shared between ``jobs`` forked processes (python-docx takes a moment per report, and a
    province has hundreds); the order is the same either way.  ``memo`` (``serve``): files whose inputs equal
    last build's are not made again.
    """
    from generator.engine import parallel

    memo = memo or Memo()
    audience = (view.audience, view.audience_label)
    made: dict[str, tuple[Download, ...]] = {}
    todo = []
    for r in reports:
        again = memo.get(_report_key(r), (audience, r))
        if again is None:
            todo.append(r)
        else:
            made[_report_key(r)] = again

    def share(part: list[AnnualReport]) -> list[tuple[str, tuple[Download, ...]]]:
        return [(_report_key(r), report_files(view, r)) for r in part]

    for part in parallel.split_map(share, todo, jobs):
        made.update(part)
    for r in todo:
        memo.keep(_report_key(r), (audience, r), made[_report_key(r)])
    dashboard = dashboard_files(view, ctx, recorded_plans, memo)
    memo.forget_others({links.LEDGER_FILE, links.CALENDAR_FILE, *made})
    return [*dashboard, *(d for r in reports for d in made[_report_key(r)])]
