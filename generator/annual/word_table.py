"""The report's tables in the Word file: column widths that fit their content, kept with their caption.

Word and LibreOffice lay a table out from the widths the file names (``w:gridCol`` and every cell's ``w:tcW``);
python-docx gives every column the same width, which breaks record ids such as ``shanhai-2026-018`` and
dates across lines while a short column of figures stays wide.  :func:`column_widths` works the widths out from
the text, the way a browser lays out an automatic table: every column gets at least its minimum (an id, date or
figure is never broken, the others may wrap after a few characters), and the width left over goes to the columns
in proportion to how much more their longest cell needs — so the column of finding messages, the longest text,
is the widest.  The text is measured conservatively: a Chinese character takes the full font size, a digit
0.64 of it and other characters what DejaVu Sans, LibreOffice's stand-in on Linux for the Latin letters of 仿宋,
needs (rounded up); 仿宋 itself gives every digit and Latin letter half the font size.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table as DocxTable

from generator.annual.outline import Table
from generator.output import textwidth

# Widths of non-Chinese characters in ems, rounded up from DejaVu Sans (see the module docstring).
_THIN, _SLIM, _WIDE, _CAPITAL, NARROW = 0.3, 0.42, 1.0, 0.76, 0.64
AUTOSPACE = 0.25
_EMS = {**dict.fromkeys("ijl.,:;'!|", _THIN), **dict.fromkeys("ftr-()[] /", _SLIM), **dict.fromkeys("mwMW@%", _WIDE)}
CELL_PADDING_PT = 2 * 5.4 + 2  # Word's default left and right cell margins (0.19 cm each), and a little slack
TEXT_MIN_EMS = 4  # a column of prose wraps after no fewer than four characters
FIGURE_MIN_EMS = 2  # a column of figures is at least two characters wide, so that its heading wraps sensibly
KEEP_WHOLE_ROWS = 12  # a table of at most this many rows is kept on one page (its rows kept with the next)
TWIPS_PER_PT = 20


def text_width(text: str, size: float) -> float:
    """The width ``text`` takes at ``size`` points on one line (see the module docstring for the measure)."""
    wide = [textwidth.is_wide(c) for c in text]
    # Word and LibreOffice put a quarter of a character between Chinese text and digits or Latin letters
    # (“2026 年 7 月”: w:autoSpaceDE, w:autoSpaceDN, on by default)
    gaps = sum(1 for a, b in itertools.pairwise(wide) if a != b)
    return size * (sum(1.0 if w else _EMS.get(c, _CAPITAL if c.isupper() else NARROW)
                       for c, w in zip(text, wide, strict=True)) + AUTOSPACE * gaps)


def _bounds(t: Table, size: float) -> tuple[list[float], list[float]]:
    """Each column's least width and the width its longest cell takes on one line, in points."""
    numeric = t.numeric or tuple(False for _ in t.head)
    widest: list[float] = []
    minimum: list[float] = []
    for col, head in enumerate(t.head):
        body = max((text_width(row[col], size) for row in t.rows), default=0.0) + CELL_PADDING_PT
        whole = max(body, text_width(head, size) + CELL_PADDING_PT)
        if col in t.nowrap or numeric[col]:
            low = max(body, FIGURE_MIN_EMS * size + CELL_PADDING_PT)
        else:
            low = min(whole, TEXT_MIN_EMS * size + CELL_PADDING_PT)
        minimum.append(low)
        widest.append(max(whole, low))
    return minimum, widest


def fits(t: Table, available: float, size: float) -> bool:
    """Whether ``t`` at ``size`` points keeps its ids, dates and figures whole and a few characters of each
    prose column on a line within ``available`` points."""
    return sum(_bounds(t, size)[0]) <= available


def column_widths(t: Table, available: float, size: float) -> tuple[float, ...]:
    """Column widths in points for ``t``, together ``available`` points (or more, if its ids need more).

    A column of ids or dates (``t.nowrap``) or of figures (``t.numeric``) is never narrower than its longest
    cell; a column of prose may shrink to a few characters (to two, when the table does not :func:`fit`).
    What is left is shared out in proportion to what each column lacks for its longest cell on one line.
    """
    numeric = t.numeric or tuple(False for _ in t.head)
    minimum, widest = _bounds(t, size)
    room = available - sum(minimum)
    prose = [col for col in range(len(t.head)) if col not in t.nowrap and not numeric[col]]
    if room <= 0:  # too narrow: prose columns give up width down to two characters; ids and figures never do
        floor = FIGURE_MIN_EMS * size + CELL_PADDING_PT
        give = {col: max(minimum[col] - floor, 0.0) for col in prose}
        taken = min(-room, sum(give.values()))
        return tuple(m - (taken * give[col] / sum(give.values()) if give.get(col) else 0.0)
                     for col, m in enumerate(minimum))
    lack = [w - m for w, m in zip(widest, minimum, strict=True)]
    if sum(lack) >= room:
        return tuple(m + room * x / sum(lack) for m, x in zip(minimum, lack, strict=True))
    # everything fits on one line: the rest of the line goes to the prose columns (to all, if there are none)
    spare = available - sum(widest)
    stretch = prose or list(range(len(t.head)))
    share = sum(widest[col] for col in stretch)
    return tuple(w + (spare * w / share if col in stretch else 0.0) for col, w in enumerate(widest))


def _borders(table: DocxTable) -> None:
    """Single black borders on every edge and between every cell, whatever the table style says."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    # in the schema's order (before tblLook): Word may call a file with out-of-order properties damaged
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _set_widths(table: DocxTable, widths: Sequence[float]) -> None:
    """The widths on the grid (LibreOffice reads these), on the table and on every cell (Word reads these)."""
    twips = [round(w * TWIPS_PER_PT) for w in widths]
    for grid_col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
        grid_col.set(qn("w:w"), str(w))
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        table._tbl.tblPr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(twips)))
    for tr in table._tbl.tr_lst:
        for tc, w in zip(tr.tc_lst, twips, strict=True):
            tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:type"), "dxa")
            tc_w.set(qn("w:w"), str(w))


def _no_wrap(table: DocxTable, columns: Sequence[int]) -> None:
    """``w:noWrap`` on the body cells of ``columns``: Word's automatic layout then never breaks their text (the
    heading may wrap: its column is as wide as the longest value, not the heading)."""
    for tr in table._tbl.tr_lst[1:]:
        for col in columns:
            tc_pr = tr.tc_lst[col].get_or_add_tcPr()
            tc_pr.insert_element_before(OxmlElement("w:noWrap"), "w:tcMar", "w:textDirection", "w:tcFitText",
                                        "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel",
                                        "w:cellMerge", "w:tcPrChange")


def _row_properties(table: DocxTable) -> None:
    """No row is split across pages; the header row repeats on every page."""
    for i, tr in enumerate(table._tbl.tr_lst):
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i == 0:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)


@dataclass(frozen=True)
class CellText:
    """The style ids of table cell text at one size: plain, and kept with the next paragraph."""

    size: float
    text: str
    kept: str


def add_table(doc: DocxDocument, t: Table, available: float, caption_style: str, sizes: Sequence[CellText]) -> None:
    """The caption and the table, ``available`` points wide.

    The cell text takes the first of ``sizes`` (largest first) at which the table :func:`fits`, else the last:
    the appendix of talks, whose ids and dates leave little room at 小四, is set in 五号.  The caption's style
    keeps it with the table.  The header row's cells are kept with the next row, so the header never ends a
    page; a table of at most ``KEEP_WHOLE_ROWS`` rows is kept on one page altogether (every row but the last
    kept with the next: Word's way of keeping a table together).
    """
    cell = next((c for c in sizes if fits(t, available, c.size)), sizes[-1])
    doc.add_paragraph(t.caption)._p.style = caption_style
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    numeric = t.numeric or tuple(False for _ in t.head)
    # The grid once: ``table.cell(r, c)`` works the whole grid out again on every call (quadratic in the rows).
    cells = table._cells
    width = len(t.head)
    keep_rows = len(t.rows) if len(t.rows) + 1 <= KEEP_WHOLE_ROWS else 1
    for row_i, row in enumerate((t.head, *t.rows)):
        style = cell.kept if row_i < keep_rows else cell.text
        for col_i, text in enumerate(row):
            para = cells[row_i * width + col_i].paragraphs[0]
            para._p.style = style
            run = para.add_run(text)
            if row_i == 0:
                run.bold = True
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif numeric[col_i]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _set_widths(table, column_widths(t, available, cell.size))
    _no_wrap(table, [c for c in range(width) if c in t.nowrap or numeric[c]])
    _row_properties(table)
