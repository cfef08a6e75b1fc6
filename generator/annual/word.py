"""An :class:`~generator.annual.report.AnnualReport` as a Word file, drawn from the report's outline.

The Word file follows the usual layout of an official document (GB/T 9704): A4, title in a Song typeface,
bold, 二号 (22 pt); body in 仿宋 三号 (16 pt) at a fixed 28 pt line pitch; first-level headings 一、 in 黑体,
second-level （一） in 楷体; bordered tables; page numbers “— 1 —”.  GB/T 9704 asks for 方正小标宋简体 for
the title, a commercial font that cannot be assumed on every machine, so the title names 宋体 (SimSun) in
bold; an office with 方正小标宋 installed can change the “Report Title” style once.  Chinese font names are
set on the East Asian slot (``w:eastAsia``), which is what Word uses for Chinese characters.  Charts are not
drawn: the table that follows each chart in the outline holds the same figures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable

from generator.annual import report as annual
from generator.annual.outline import Items, Para, Table, outline, preamble
from generator.model.wording import cn_date

TITLE_FONT = ("宋体", "SimSun")  # GB/T 9704 asks for 方正小标宋简体; see the module docstring
BODY_FONT = ("仿宋", "FangSong")
HEADING1_FONT = ("黑体", "SimHei")
HEADING2_FONT = ("楷体", "KaiTi")
BODY_PT, TITLE_PT, TABLE_PT, LINE_PT = 16, 22, 12, 28
FONT_NOTE = ("标题应使用方正小标宋简体；本文件标题样式使用宋体（SimSun）加粗代替，"
             "已安装方正小标宋简体的可修改“Report Title”样式。")
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(style: ParagraphStyle, fonts: tuple[str, str], size: int, *, bold: bool = False) -> None:
    """Name the font on every slot, East Asian included, and drop theme fonts (they would win)."""
    font = style.font
    font.name = fonts[1]
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = None
    _name_fonts(style.element.get_or_add_rPr().get_or_add_rFonts(), fonts)


def _name_fonts(rfonts: Any, fonts: tuple[str, str]) -> None:
    """Set ``w:eastAsia`` (Chinese) and ``w:ascii``/``w:hAnsi`` (Latin) on an ``w:rFonts``, without theme fonts."""
    for attr in _THEME_ATTRS:
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    rfonts.set(qn("w:eastAsia"), fonts[0])
    rfonts.set(qn("w:ascii"), fonts[1])
    rfonts.set(qn("w:hAnsi"), fonts[1])


def _paragraph_style(doc: DocxDocument, name: str, fonts: tuple[str, str], size: int, *, bold: bool = False,
                     center: bool = False, indent: bool = False, exact: bool = True) -> ParagraphStyle:
    styles = doc.styles
    style = cast(ParagraphStyle, styles[name] if name in [s.name for s in styles]
                 else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
    _set_fonts(style, fonts, size, bold=bold)
    pf = style.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    pf.left_indent = Pt(0)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE_PT if size >= BODY_PT else size * 1.4)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    return style


def _defaults(doc: DocxDocument) -> None:
    """Document defaults: 仿宋 instead of the template's theme fonts, and text marked as Simplified Chinese."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    _name_fonts(rfonts, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _borders(table: DocxTable) -> None:
    """Single black borders on every edge and between every cell, whatever the table style says."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _paragraph(doc: DocxDocument, text: str, style: str) -> None:
    """``doc.add_paragraph(text, style=style)``, naming the style by its id: python-docx looks a style name up
    among all styles on every call, which took most of the time of a large report."""
    doc.add_paragraph(text)._p.style = _style_id(doc, style)


def _style_id(doc: DocxDocument, name: str) -> str:
    return str(doc.styles[name].style_id)


def _docx_table(doc: DocxDocument, t: Table) -> None:
    _paragraph(doc, t.caption, "Table Caption")
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    numeric = t.numeric or tuple(False for _ in t.head)
    # The grid once: ``table.cell(r, c)`` works the whole grid out again on every call (quadratic in the rows).
    cells = table._cells
    text_style = _style_id(doc, "Table Text")
    width = len(t.head)
    for row_i, row in enumerate((t.head, *t.rows)):
        for col_i, text in enumerate(row):
            para = cells[row_i * width + col_i].paragraphs[0]
            para._p.style = text_style
            run = para.add_run(text)
            if row_i == 0:
                run.bold = True
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif numeric[col_i]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def _page_numbers(section: DocxSection) -> None:
    """“— 1 —” centred in the footer."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.style = "Footer Text"
    para.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
    para.add_run(" —")


def to_docx(report: annual.AnnualReport, path: Path) -> None:
    """Write the report as a Word file in the layout of an official document (tables instead of charts)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _defaults(doc)
    _paragraph_style(doc, "Normal", BODY_FONT, BODY_PT, indent=True)
    _paragraph_style(doc, "Report Title", TITLE_FONT, TITLE_PT, bold=True, center=True, exact=False)
    _paragraph_style(doc, "Heading 1", HEADING1_FONT, BODY_PT)
    _paragraph_style(doc, "Heading 2", HEADING2_FONT, BODY_PT, indent=True)
    _paragraph_style(doc, "Report Note", BODY_FONT, TABLE_PT, center=True)
    _paragraph_style(doc, "Table Caption", HEADING1_FONT, TABLE_PT, center=True)
    _paragraph_style(doc, "Table Text", BODY_FONT, TABLE_PT, exact=False)
    _paragraph_style(doc, "Footer Text", TITLE_FONT, 14, center=True, exact=False)
    for name in ("Heading 1", "Heading 2"):
        cast(ParagraphStyle, doc.styles[name]).paragraph_format.keep_with_next = True

    props = doc.core_properties
    props.title = report.title
    # what Word shows under 文件 → 信息: the report's subject in the words of Art. 13 ¶2, the issuing committee
    props.subject = f"{report.committee_name}{report.year}年度开展监督谈话工作情况"
    props.author = report.committee_name
    props.category = "落实全面从严治党主体责任情况报告（第十三条第二款）"
    props.comments = f"依据“{report.repository_name}”截至{cn_date(report.as_of)}的记录生成。{FONT_NOTE}"
    props.keywords = "监督谈话;定期谈话;及时谈话;年度报告"
    stamp = dt.datetime(report.as_of.year, report.as_of.month, report.as_of.day)
    props.created = props.modified = stamp  # the same records and as-of date give the same file
    props.last_modified_by = "talkdocs"
    props.revision = 1

    _paragraph(doc, report.title, "Report Title")
    for line in preamble(report):
        _paragraph(doc, line, "Report Note")
    for sec in outline(report):
        _paragraph(doc, sec.title, "Heading 1")
        for block in sec.blocks:
            if isinstance(block, Table):
                _docx_table(doc, block)
            elif isinstance(block, Items):
                for item in block.items:
                    doc.add_paragraph(f"· {item}")
            elif isinstance(block, Para):
                if block.heading or block.note:
                    _paragraph(doc, block.text, "Heading 2" if block.heading else "Report Note")
                else:
                    doc.add_paragraph(block.text)._p.get_or_add_pPr()  # Normal, the default: no pStyle
            # Chart: the Word file has the same figures in the table that follows each chart
    _page_numbers(section)
    doc.save(str(path))
