"""Sheets of plain values as an .xlsx workbook an inspection can print: openpyxl, reproducible bytes.

Each sheet gets a merged title row, a bold header row (frozen, with an autofilter), real date cells shown as
``2026年3月5日``, column widths from the content (a CJK character counts two), wrapped long text with row
heights to match, and a print set-up of A4 landscape, fit to the page width, title and header rows repeated on
every page.  Text is always stored as text: a record's "=…" never becomes a formula.

The bytes depend only on the sheets and the given moment: the zip entries carry that moment as their time and
come in a fixed order, and the document properties say it was created and modified then (openpyxl stamps the
save time into ``docProps/core.xml``; that part is written again).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from generator.model.wording import cn_date
from generator.office.ledger.sheets import Sheet, Value
from generator.output import reproducible
from generator.output.textwidth import width as text_width

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
FONT = "宋体"  # what Chinese offices' spreadsheets use; LibreOffice on Linux substitutes a CJK serif
TITLE_FONT = "黑体"
MAX_WIDTH = 48  # a wider column wraps its text instead
MIN_WIDTH = 6
MAX_CELL = 32767  # Excel's limit on a cell's text
LINE_HEIGHT = 14.25  # points per line of 11-point text
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def clean_text(text: str) -> str:
    """Text a cell can hold: without the control characters XML 1.0 forbids, within Excel's length limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def _display(value: Value) -> str:
    if isinstance(value, dt.date):
        return cn_date(value)
    return "" if value is None else str(value)


def _widths(sheet: Sheet) -> list[float]:
    out = []
    for i, header in enumerate(sheet.headers):
        cells = (max((text_width(line) for line in _display(r[i]).split("\n")), default=0) for r in sheet.rows)
        longest = max([text_width(header) + 2, *cells])
        out.append(float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)))
    return out


def _lines(value: Value, col_width: float) -> int:
    usable = max(col_width - 1.5, 1.0)
    return sum(max(math.ceil(text_width(line) / usable), 1) for line in _display(value).split("\n"))


def _put(ws: Worksheet, row: int, col: int, value: Value) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    ncols = len(sheet.headers)
    last = get_column_letter(ncols)
    ws.title = sheet.name
    _put(ws, 1, 1, sheet.title)
    ws.merge_cells(f"A1:{last}1")
    title = ws.cell(row=1, column=1)
    title.font = Font(name=TITLE_FONT, size=14, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 30
    widths = _widths(sheet)
    head_fill = PatternFill("solid", fgColor="D9D9D9")
    for c, header in enumerate(sheet.headers, 1):
        _put(ws, 2, c, header)
        cell = ws.cell(row=2, column=c)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = head_fill
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(c)].width = widths[c - 1]
    ws.row_dimensions[2].height = LINE_HEIGHT * max(_lines(h, widths[i]) for i, h in enumerate(sheet.headers)) + 6
    body_font = Font(name=FONT, size=11)
    for r, values in enumerate(sheet.rows, 3):
        for c, value in enumerate(values, 1):
            _put(ws, r, c, value)
            cell = ws.cell(row=r, column=c)
            cell.font = body_font
            cell.border = _BORDER
            wide = (c - 1) in sheet.wide
            cell.alignment = Alignment(vertical="top", wrap_text=True,
                                       horizontal="left" if wide or isinstance(value, str) else "center")
        ws.row_dimensions[r].height = LINE_HEIGHT * max(_lines(v, widths[i]) for i, v in enumerate(values)) + 4
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{max(len(sheet.rows) + 2, 2)}"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def workbook_bytes(sheets: Sequence[Sheet], *, title: str, subject: str, moment: dt.datetime) -> bytes:
    """The workbook of ``sheets`` as .xlsx bytes; ``moment`` (the build's clock,
    :func:`generator.output.reproducible.stamp`) is its creation time, always the same for the same records and
    as-of date."""
    wb = Workbook()
    first = True
    for sheet in sheets:
        ws = wb.active if first else wb.create_sheet()
        assert isinstance(ws, Worksheet)
        first = False
        _write_sheet(ws, sheet)
    wb.calculation = CalcProperties(fullCalcOnLoad=False)
    props = wb.properties
    props.creator = props.lastModifiedBy = "talkdocs"
    props.title = clean_text(title)
    props.subject = clean_text(subject)
    props.language = "zh-CN"
    props.created = props.modified = moment.astimezone(dt.UTC).replace(tzinfo=None)  # openpyxl: naive UTC
    buffer = io.BytesIO()
    wb.save(buffer)
    # openpyxl stamps "modified" with the time of saving; zip_bytes sets both dates of core.xml to ``moment``.
    return reproducible.zip_bytes(buffer.getvalue(), moment)
