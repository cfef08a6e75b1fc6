"""An :class:`~generator.annual.report.AnnualReport` as a Word file (公文), drawn from the report's outline.

The one function :func:`to_docx` writes the file both ``talkdocs report --format docx`` and the site's download
give.  It follows the layout of an official document (GB/T 9704-2012, 党政机关公文格式): A4 with the standard
margins; the title in 方正小标宋简体 二号 (22 pt); under it the addressee (主送机关) flush left with a full-width
colon; the body in 仿宋 三号 (16 pt) at a fixed 28 pt line pitch; first-level headings 一、 in 黑体, second-level
（一） in 楷体; then the annex note (附件说明), the issuing body's full name (发文机关署名) and the date (成文日期)
right-aligned at the end, the notes (附注) under them, and the annex on a page of its own; bordered tables whose
columns fit their content (:mod:`generator.annual.word_table`); page numbers “— 1 —”, odd pages right, even left.

Addressee: the body's upper body in the records (:attr:`AnnualReport.addressee`, e.g. “中共东海省委：” for the
市委); when the records name none, the line reads “（请填写主送机关）：” for the office to fill in.

Date: the report's as-of date (:attr:`AnnualReport.as_of`, the day its figures are counted to — the day it is
made), written as GB/T 9704-2012 §7.3.5.1 requires: Arabic numerals, the year in full, no leading zeros
(“2026年12月1日”).  The 1999 edition wrote it in Chinese numerals (“二〇二六年十二月一日”); the current one does not.

Fonts: Chinese font names are set on the East Asian slot (``w:eastAsia``), which Word uses for Chinese characters;
the Latin slots (``w:ascii``, ``w:hAnsi``) name a font every Windows PC has.  方正小标宋简体, the title font, is a
commercial font that not every PC has.  The title names it on the East Asian slot, with SimSun (every Windows
PC has it) on the Latin slots for the digits; the file's font table lists 宋体 and SimSun as its alternative
names (``w:altName``) and the GB2312 character set, so a word processor without it falls back to a Chinese
font, normally 宋体.  The title is not bold: 小标宋 is a heavy face already and Word would thicken it further
(GB/T 9704 sets the title in 小标宋, not in bold); in the 宋体 stand-in it is plain.  The body names 仿宋 and
the headings 黑体 and 楷体, the names Windows (since Vista) gives these fonts; their font-table entries list the
older 仿宋_GB2312 and 楷体_GB2312 as alternatives.  README lists the fonts an office PC needs and what
LibreOffice on Linux draws instead.  Charts are not drawn: the table that follows each chart in the outline
holds the same figures.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from generator.annual import report as annual
from generator.annual import word_table
from generator.annual.outline import Items, Para, Section, Table, outline, preamble
from generator.model.wording import cn_date
from generator.output import reproducible

TITLE_FONT = ("方正小标宋简体", "SimSun")  # falls back to 宋体 where it is missing; see the module docstring
BODY_FONT = ("仿宋", "FangSong")
HEADING1_FONT = ("黑体", "SimHei")
HEADING2_FONT = ("楷体", "KaiTi")
FOOTER_FONT = ("宋体", "SimSun")
BODY_PT, TITLE_PT, TABLE_PT, SMALL_TABLE_PT, LINE_PT = 16, 22, 12, 10.5, 28  # 三号, 二号, 小四, 五号
TEXT_WIDTH_PT = (210 - 28 - 26) / 25.4 * 72  # A4 less the left and right margins
NO_ADDRESSEE = "（请填写主送机关）"
# The font table's entries for the Chinese fonts: alternative names (``w:altName``, a comma-separated list) by
# which a word processor may find the font or its stand-in, and the character set (86: GB2312) that marks it
# as a Chinese font, so that a missing one is replaced by a Chinese font rather than a Latin one.
FONT_TABLE = {"方正小标宋简体": "宋体,SimSun", "仿宋": "FangSong,仿宋_GB2312", "黑体": "SimHei",
              "楷体": "KaiTi,楷体_GB2312", "宋体": "SimSun"}
FONT_NOTE = ("标题使用方正小标宋简体，未安装该字体时通常以宋体显示；正文使用仿宋，一级标题黑体，二级标题楷体"
             "（所需字体见使用说明 README 的“Word 报告”一节）。")
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(style: ParagraphStyle, fonts: tuple[str, str], size: float, *, bold: bool = False) -> None:
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


def _paragraph_style(doc: DocxDocument, name: str, fonts: tuple[str, str], size: float, *, bold: bool = False,
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


def _paragraph(doc: DocxDocument, text: str, style: str) -> Paragraph:
    """``doc.add_paragraph(text, style=style)``, naming the style by its id: python-docx looks a style name up
    among all styles on every call, which took most of the time of a large report."""
    para = doc.add_paragraph(text)
    para._p.style = _style_id(doc, style)
    return para


def _style_id(doc: DocxDocument, name: str) -> str:
    return str(doc.styles[name].style_id)


def _page_numbers(doc: DocxDocument, section: DocxSection) -> None:
    """“— 1 —” in the footer as GB/T 9704-2012 §7.5 places it: odd pages on the right, even pages on the left,
    each one character (4号, 14 pt) in from the margin."""
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(para: Paragraph, side: WD_ALIGN_PARAGRAPH) -> None:
    para.style = "Footer Text"
    para.alignment = side
    if side == WD_ALIGN_PARAGRAPH.RIGHT:
        para.paragraph_format.right_indent = Pt(14)
    else:
        para.paragraph_format.left_indent = Pt(14)
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


def _font_table(doc: DocxDocument) -> None:
    """Name the Chinese fonts in the file's font table, with their alternative names (see the module docstring)."""
    part = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable"))
    fonts = parse_xml(part.blob)
    for name, alternative in FONT_TABLE.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alternative), ("w:charset", "86"), ("w:family", "auto"),
                           ("w:pitch", "variable")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            font.append(el)
        fonts.append(font)
    part._blob = serialize_part_xml(fonts)


def _styles(doc: DocxDocument) -> None:
    _defaults(doc)
    _paragraph_style(doc, "Normal", BODY_FONT, BODY_PT, indent=True)
    _paragraph_style(doc, "Report Title", TITLE_FONT, TITLE_PT, center=True, exact=False)
    _paragraph_style(doc, "Addressee", BODY_FONT, BODY_PT)  # 顶格: flush left, no indent
    _paragraph_style(doc, "Signature", BODY_FONT, BODY_PT).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph_style(doc, "Heading 1", HEADING1_FONT, BODY_PT)
    _paragraph_style(doc, "Heading 2", HEADING2_FONT, BODY_PT, indent=True)
    _paragraph_style(doc, "Report Note", BODY_FONT, TABLE_PT, center=True)
    _paragraph_style(doc, "Table Caption", HEADING1_FONT, TABLE_PT, center=True)
    for name, size in (("Table Text", TABLE_PT), ("Table Text Small", SMALL_TABLE_PT)):
        _paragraph_style(doc, name, BODY_FONT, size, exact=False)
        _paragraph_style(doc, f"{name} Kept", BODY_FONT, size, exact=False)
    _paragraph_style(doc, "Footer Text", FOOTER_FONT, 14, center=True, exact=False)
    for name in ("Heading 1", "Heading 2", "Table Caption", "Table Text Kept", "Table Text Small Kept", "Signature"):
        cast(ParagraphStyle, doc.styles[name]).paragraph_format.keep_with_next = True


def _properties(doc: DocxDocument, report: annual.AnnualReport) -> None:
    props = doc.core_properties
    props.title = report.title
    # what Word shows under 文件 → 信息: the report's subject in the words of Art. 13 ¶2, the issuing committee
    props.subject = f"{report.committee_name}{report.year}年度开展监督谈话工作情况"
    props.author = report.committee_name
    props.category = "落实全面从严治党主体责任情况报告（第十三条第二款）"
    props.comments = f"依据“{report.repository_name}”截至{cn_date(report.as_of)}的记录生成。{FONT_NOTE}"
    props.keywords = "监督谈话;定期谈话;及时谈话;年度报告"
    # the same records and as-of date give the same file (docx_bytes sets the zip entries' times, too)
    props.created = props.modified = reproducible.stamp(report.as_of).replace(tzinfo=None)
    props.last_modified_by = "talkdocs"
    props.revision = 1


def _ems(text: str) -> float:
    """Width of ``text`` in 仿宋, in characters: digits and Latin letters are half as wide as a Chinese one."""
    return sum(0.5 if c.isascii() else 1.0 for c in text)


def _closing(doc: DocxDocument, report: annual.AnnualReport, annexes: list[str]) -> None:
    """附件说明, 发文机关署名 and 成文日期, then the 附注, as GB/T 9704-2012 §7.3.5.2 sets them for a document
    without a seal.

    One empty line under the body; the annex note two characters in.  The name is right-aligned two characters
    from the margin, the date on the next line starts two characters further right than the name; a date
    longer than that stands two characters from the margin instead and the name moves left to keep the two
    characters.  The notes follow the date, two characters in, in brackets.  The body's last paragraph, the
    annex note, the name, the date and the first note are kept on one page: the signature never stands alone.
    """
    last = doc.element.body[-2]  # the body's last block (the section properties come after it)
    if last.tag == qn("w:p"):
        Paragraph(last, doc._body).paragraph_format.keep_with_next = True
    _paragraph(doc, "", "Normal").paragraph_format.keep_with_next = True
    if annexes:
        listed = annexes[0] if len(annexes) == 1 else "　".join(f"{i}. {n}" for i, n in enumerate(annexes, 1))
        note = f"附件：{listed}"
        _paragraph(doc, note, "Normal").paragraph_format.keep_with_next = True
        _paragraph(doc, "", "Normal").paragraph_format.keep_with_next = True
    name, date = report.committee_name, cn_date(report.as_of)
    name_ems, date_ems = _ems(name), _ems(date)
    name_right, date_right = 2.0, name_ems - date_ems
    if date_right < 2.0:
        name_right, date_right = date_ems + 4.0 - name_ems, 2.0
    for text, right in ((name, name_right), (date, date_right)):
        para = _paragraph(doc, text, "Signature")  # the style keeps it with the next paragraph
        para.paragraph_format.right_indent = Pt(BODY_PT * right)
    for line in preamble(report):  # 附注
        _paragraph(doc, f"（{line.rstrip('。')}。）", "Normal")


def _table_styles(doc: DocxDocument) -> tuple[word_table.CellText, ...]:
    return tuple(word_table.CellText(size, _style_id(doc, name), _style_id(doc, f"{name} Kept"))
                 for name, size in (("Table Text", TABLE_PT), ("Table Text Small", SMALL_TABLE_PT)))


def _blocks(doc: DocxDocument, sec: Section, cells: tuple[word_table.CellText, ...]) -> None:
    caption = _style_id(doc, "Table Caption")
    for block in sec.blocks:
        if isinstance(block, Table):
            word_table.add_table(doc, block, TEXT_WIDTH_PT, caption, cells)
        elif isinstance(block, Items):
            for item in block.items:
                doc.add_paragraph(f"· {item}")
        elif isinstance(block, Para):
            if block.heading or block.note:
                _paragraph(doc, block.text, "Heading 2" if block.heading else "Report Note")
            else:
                doc.add_paragraph(block.text)._p.get_or_add_pPr()  # Normal, the default: no pStyle
        # Chart: the Word file has the same figures in the table that follows each chart


def to_docx(report: annual.AnnualReport, path: Path) -> None:
    """Write the report's Word file (:func:`docx_bytes`) to ``path``."""
    path.write_bytes(docx_bytes(report))


def docx_bytes(report: annual.AnnualReport) -> bytes:
    """The report as a Word file in the layout of an official document (tables instead of charts): the one
    function behind ``talkdocs report --format docx`` and the site's download, reproducible to the byte.

    Title, addressee, the numbered sections, the annex note, the issuing body and date, the notes, then the
    annex (the outline's “附：” section) on a page of its own.
    """
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _styles(doc)
    _font_table(doc)
    _properties(doc, report)
    table_styles = _table_styles(doc)

    _paragraph(doc, report.title, "Report Title")
    _paragraph(doc, "", "Addressee")  # GB/T 9704: one empty line between the title and the addressee
    _paragraph(doc, f"{report.addressee or NO_ADDRESSEE}：", "Addressee")
    sections = outline(report)
    body = [s for s in sections if not s.title.startswith("附")]
    annexes = [s for s in sections if s.title.startswith("附")]
    for sec in body:
        _paragraph(doc, sec.title, "Heading 1")
        _blocks(doc, sec, table_styles)
    _closing(doc, report, [a.title.split("：", 1)[-1] for a in annexes])
    for i, sec in enumerate(annexes, 1):
        label = _paragraph(doc, "附件" if len(annexes) == 1 else f"附件{i}", "Heading 1")
        label.paragraph_format.page_break_before = True  # an annex begins a page of its own
        label.paragraph_format.keep_with_next = True
        _paragraph(doc, "", "Addressee").paragraph_format.keep_with_next = True  # its title on the third line
        _paragraph(doc, sec.title.split("：", 1)[-1], "Report Title").paragraph_format.keep_with_next = True
        _blocks(doc, sec, table_styles)
    _page_numbers(doc, section)
    out = io.BytesIO()
    doc.save(out)
    return reproducible.zip_bytes(out.getvalue(), reproducible.stamp(report.as_of))
