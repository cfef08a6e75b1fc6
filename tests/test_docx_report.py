"""The annual report as a Word file: official-document layout, Chinese fonts on the East Asian slot, the figures.

The figures checked here are counted again from the YAML files in this test (never through generator.annual.figures).
When LibreOffice is installed (scripts/ensure-office.sh) the file is also converted to PDF and read back;
otherwise that test is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.annual import figures as annual
from generator.annual import word
from generator.cli.app import main
from generator.engine.checker import check
from generator.output import reproducible

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = dt.date(2026, 11, 27)
BODY, YEAR = "shanhai-sw", 2026
NUMBERED = ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、")


def _counted_talks() -> list[dict[str, object]]:
    """The talks the report counts, straight from the files."""
    talks = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((RECORDS / "talks").glob("*/*.yaml"))]
    return [t for t in talks if t["committee"] == BODY and str(t["date"]).startswith(f"{YEAR}-")
            and "2026-01-30" <= str(t["date"]) <= AS_OF.isoformat() and t["kind"] in ("periodic", "timely")]


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "山海市委2026年度报告.docx"
    code = main(["report", "--records", str(RECORDS), "--committee", BODY, "--year", str(YEAR),
                 "--as-of", AS_OF.isoformat(), "--format", "docx", "-o", str(path)])
    assert code == 0
    return path


@pytest.fixture(scope="module")
def document(docx_path: Path) -> DocxDocument:
    return docx.Document(str(docx_path))


def _tables_by_caption(doc: DocxDocument) -> dict[str, Table]:
    out: dict[str, Table] = {}
    caption = ""
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph) and item.style is not None and item.style.name == "Table Caption":
            caption = item.text
        elif isinstance(item, Table):
            out[caption] = item
    return out


def _rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_title_and_numbered_section_headings(document: DocxDocument) -> None:
    first = document.paragraphs[0]
    assert first.text == "中共山海市委关于2026年度开展监督谈话工作情况的报告"
    assert first.style is not None and first.style.name == "Report Title"
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert [h[:2] for h in headings[:8]] == list(NUMBERED)
    assert "二、监督谈话开展情况" in headings and "八、书记述职有关内容" in headings
    assert any(p.text.startswith("（一）") for p in document.paragraphs
               if p.style is not None and p.style.name == "Heading 2")


def test_monthly_table_has_the_recounted_figures(document: DocxDocument) -> None:
    talks = _counted_talks()
    kinds = Counter(str(t["kind"]) for t in talks)
    months = Counter((int(str(t["date"])[5:7]), str(t["kind"])) for t in talks)
    rows = _rows(_tables_by_caption(document)["各月谈话次数"])
    assert rows[0] == ["月份", "定期谈话", "及时谈话", "合计"]
    assert rows[-1] == ["合计", str(kinds["periodic"]), str(kinds["timely"]), str(len(talks))]
    for m in range(1, 13):
        p, t = months[(m, "periodic")], months[(m, "timely")]
        assert rows[m] == [f"{m}月", str(p), str(t), str(p + t)]


def test_talker_table_has_each_members_share(document: DocxDocument) -> None:
    talks = _counted_talks()
    names = {p["id"]: p["name"] for p in (yaml.safe_load(f.read_text(encoding="utf-8"))
                                          for f in (RECORDS / "people").glob("*.yaml"))}
    by_talker = Counter(names[str(t["talker"])] for t in talks)
    rows = {r[0]: r for r in _rows(_tables_by_caption(document)["各谈话人谈话次数"])[1:]}
    for name, n in by_talker.items():
        assert rows[name][4] == str(n)
        assert rows[name][5] == f"{100.0 * n / len(talks):.1f}%"


def test_chinese_fonts_are_on_the_east_asian_slot(document: DocxDocument) -> None:
    expected = {"Normal": ("仿宋", 16, False), "Report Title": ("方正小标宋简体", 22, False),
                "Heading 1": ("黑体", 16, False), "Heading 2": ("楷体", 16, False)}
    for name, (font, size, bold) in expected.items():
        style = document.styles[name]
        rfonts = style.element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == font, name
        assert rfonts.get(qn("w:eastAsiaTheme")) is None, name  # a theme font would win over the name
        assert style.font.size == Pt(size) and bool(style.font.bold) is bold, name
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    assert "方正小标宋简体" in document.core_properties.comments  # the note on the title font


def test_page_is_a4_with_official_margins_and_tables_have_borders(document: DocxDocument) -> None:
    section = document.sections[0]
    def mm(length: object) -> float:  # Word stores twentieths of a point: compare to a tenth of a millimetre
        return round(float(length) / Mm(1), 1)  # type: ignore[arg-type]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin), mm(section.right_margin)) == (
        37, 35, 28, 26)
    for table in document.tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders is not None
        assert {b.get(qn("w:val")) for b in borders} == {"single"}
        assert len(borders) == 6
        tags = [child.tag for child in table._tbl.tblPr]  # the schema's order: borders before tblLook
        assert tags.index(qn("w:tblBorders")) < tags.index(qn("w:tblLook"))


def test_page_numbers_sit_right_on_odd_pages_and_left_on_even_ones(document: DocxDocument) -> None:
    """GB/T 9704-2012 §7.5: 单页码居右空一字，双页码居左空一字."""
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side, indent in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                 (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
        para = footer.paragraphs[0]
        assert para.alignment == side and getattr(para.paragraph_format, indent) == Pt(14)
        assert para.text == "—  —" and para._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"  # the field between


def test_docx_is_the_same_for_the_same_records_and_date(docx_path: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    assert main(["report", "--records", str(RECORDS), "--committee", BODY, "--year", str(YEAR),
                 "--as-of", AS_OF.isoformat(), "--format", "docx", "-o", str(again)]) == 0
    assert again.read_bytes() == docx_path.read_bytes()  # zip entries' times included
    first = docx.Document(str(docx_path))
    assert first.core_properties.created == first.core_properties.modified == reproducible.stamp(AS_OF)
    if not os.environ.get("SOURCE_DATE_EPOCH"):  # the build's clock: noon of the as-of date in Beijing
        assert first.core_properties.created == dt.datetime(2026, 11, 27, 4, tzinfo=dt.UTC)


def _signature(doc: DocxDocument) -> list[Paragraph]:
    return [p for p in doc.paragraphs if p.style is not None and p.style.name == "Signature"]


def _index(paras: list[Paragraph], para: Paragraph) -> int:
    return [p._p for p in paras].index(para._p)  # python-docx makes a new Paragraph object on every access


def _effective_alignment(p: Paragraph) -> object:
    return p.alignment if p.alignment is not None else p.style.paragraph_format.alignment  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def province_document(tmp_path_factory: pytest.TempPathFactory) -> DocxDocument:
    """The 省委's report: the records name no body above it; dated 1 December (no leading zero)."""
    path = tmp_path_factory.mktemp("docx-province") / "东海省委.docx"
    assert main(["report", "--records", str(RECORDS), "--committee", "donghai-sw", "--year", str(YEAR),
                 "--as-of", "2026-12-01", "--format", "docx", "-o", str(path)]) == 0
    return docx.Document(str(path))


def test_addressee_stands_under_the_title_flush_left(document: DocxDocument) -> None:
    """GB/T 9704: the 主送机关 under the title after one empty line, flush left, with a full-width colon."""
    title, empty, addressee = document.paragraphs[:3]
    assert title.style is not None and title.style.name == "Report Title"
    assert empty.text == ""
    assert addressee.text == "中共东海省委："  # the 市委's parent in records/orgs/shanhai-sw.yaml
    fmt = addressee.style.paragraph_format  # type: ignore[union-attr]
    assert _effective_alignment(addressee) in (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY)
    assert not fmt.first_line_indent and not fmt.left_indent


def test_a_body_without_an_upper_body_gets_a_blank_to_fill(province_document: DocxDocument) -> None:
    assert province_document.paragraphs[2].text == "（请填写主送机关）："


def test_addressee_is_the_approving_body_else_the_parent() -> None:
    result = check(RECORDS, AS_OF)
    repo = result.repository
    def report_with(**org: object) -> str:
        body = dataclasses.replace(repo.orgs[BODY], **org)  # type: ignore[arg-type]
        changed = dataclasses.replace(repo, orgs={**repo.orgs, BODY: body})
        return annual.build(changed, result.context, BODY, YEAR, findings=()).addressee
    assert report_with() == "中共东海省委"
    assert report_with(parent=None) == ""
    assert report_with(parent="xijiang-qw", approved_by="donghai-sw") == "中共东海省委"  # 批准设立的 comes first


def test_issuer_and_date_close_the_body_right_aligned(document: DocxDocument) -> None:
    """发文机关署名 (full name) and 成文日期 (the as-of date, Arabic numerals) right-aligned, the date's first
    character two characters right of the name's (GB/T 9704-2012 §7.3.5.2, a document without a seal)."""
    name, date = _signature(document)
    assert (name.text, date.text) == ("中共山海市委员会", "2026年11月27日")
    assert all(_effective_alignment(p) == WD_ALIGN_PARAGRAPH.RIGHT for p in (name, date))
    paras = document.paragraphs
    at = _index(paras, name)
    assert paras[at - 1].text == "" and paras[at + 1].text == date.text  # one empty line above, date under
    em = Pt(16)
    # widths in characters of 仿宋: a digit is half a character
    name_start = name.paragraph_format.right_indent / em + 8  # type: ignore[operator]
    date_start = date.paragraph_format.right_indent / em + 7  # type: ignore[operator]
    assert date.paragraph_format.right_indent == 2 * em and name_start - date_start == pytest.approx(2)
    # the body's last paragraph, the annex note, name and date stay together with the first note: the
    # signature never stands alone at the top of a page
    closing = paras[at - 4:at + 2]
    assert closing[0].text.startswith("8. ") and closing[2].text == "附件：统计的谈话清单"
    assert all(p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next  # type: ignore[union-attr]
               for p in closing)
    after = [p.text for p in paras[at + 2:]]
    assert after[0].startswith("（本报告依据") and after[0].endswith("。）")  # 附注 under the date
    assert "附件：统计的谈话清单" in [p.text for p in paras[:at]]


def test_a_name_shorter_than_the_date_moves_left_of_it(tmp_path: Path) -> None:
    """A date longer than the name stands two characters from the margin; the name keeps its first character
    two characters left of the date's."""
    result = check(RECORDS, AS_OF)
    report = dataclasses.replace(annual.build(result.repository, result.context, BODY, YEAR, findings=()),
                                 committee_name="中共某县委")  # 5 characters; “2026年11月27日” takes 7
    path = tmp_path / "short.docx"
    word.to_docx(report, path)
    name, date = _signature(docx.Document(str(path)))
    em = Pt(16)
    assert date.paragraph_format.right_indent == 2 * em
    assert name.paragraph_format.right_indent == 6 * em  # 2 + 7 + 2 − 5


def test_date_has_no_leading_zero_and_the_annex_starts_a_page(province_document: DocxDocument) -> None:
    name, date = _signature(province_document)
    assert (name.text, date.text) == ("中共东海省委员会", "2026年12月1日")
    annex = next(p for p in province_document.paragraphs if p.text == "附件")
    assert annex.paragraph_format.page_break_before
    at = _index(province_document.paragraphs, annex)
    blank, title = province_document.paragraphs[at + 1:at + 3]  # GB/T 9704: the annex's title on the third line
    assert (blank.text, title.text) == ("", "统计的谈话清单")


def test_title_names_the_xiaobiaosong_font_with_a_song_fallback(document: DocxDocument,
                                                                  docx_path: Path) -> None:
    rfonts = document.styles["Report Title"].element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert rfonts.get(qn("w:ascii")) == rfonts.get(qn("w:hAnsi")) == "SimSun"
    with zipfile.ZipFile(docx_path) as z:
        fonts = ET.fromstring(z.read("word/fontTable.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    entry = next(f for f in fonts if f.get(f"{w}name") == "方正小标宋简体")
    assert entry.find(f"{w}altName").get(f"{w}val").split(",")[0] == "宋体"  # type: ignore[union-attr]
    assert entry.find(f"{w}charset").get(f"{w}val") == "86"  # type: ignore[union-attr]


def _column(table: Table, head: str) -> int:
    return [c.text for c in table.rows[0].cells].index(head)


def _widths(table: Table) -> list[float]:
    grid = [int(g.get(qn("w:w"))) / 20 for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    for row in table.rows:  # Word reads the cells' widths, LibreOffice the grid: they agree
        assert [round(c.width.pt, 1) for c in row.cells] == [round(g, 1) for g in grid]  # type: ignore[union-attr]
    return grid


def _cell_pt(table: Table) -> float:
    """The font size of the table's text, from its cells' paragraph style."""
    return table.rows[1].cells[0].paragraphs[0].style.font.size.pt  # type: ignore[union-attr]


def test_id_and_date_columns_fit_their_longest_value(document: DocxDocument) -> None:
    """An id takes half the font size a character in 仿宋 and more in the Latin fonts Linux draws instead
    (DejaVu Sans: 0.57 of it for these ids); the column is at least 0.6 of the font size a character plus
    Word's cell margins (2 × 5.4 pt), and its cells do not wrap."""
    tables = _tables_by_caption(document)
    text_width = (210 - 28 - 26) / 25.4 * 72
    for caption in ("计入本报告的谈话",):  # the one table with record ids: the body names talks by org and date
        table = tables[caption]
        widths, size = _widths(table), _cell_pt(table)
        assert size in (12, 10.5)  # 小四, or 五号 for a table whose ids and dates leave little room
        assert sum(widths) == pytest.approx(text_width, abs=1)
        col = _column(table, "记录编号")
        ids = [row.cells[col].text for row in table.rows[1:]]
        assert ids and all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", i) for i in ids)
        assert widths[col] >= max(len(i) for i in ids) * 0.6 * size + 10.8, caption
        assert all(row.cells[col]._tc.tcPr.find(qn("w:noWrap")) is not None for row in table.rows[1:])
    appendix = tables["计入本报告的谈话"]
    assert "shanhai-2026-018" in [row.cells[1].text for row in appendix.rows]
    widths, size = _widths(appendix), _cell_pt(appendix)
    assert size == 10.5 and _cell_pt(tables["检查发现的问题"]) == 12  # 五号 only where 小四 leaves no room
    dates = _column(appendix, "日期")  # “2026年11月27日”: three characters, eight digits, the gaps between
    assert widths[dates] >= max(len(r.cells[dates].text) for r in appendix.rows[1:]) * 0.8 * size + 10.8
    assert widths[_column(appendix, "类别")] >= 4 * size + 10.8  # “及时谈话” on one line


def test_the_finding_message_column_is_the_widest(document: DocxDocument) -> None:
    table = _tables_by_caption(document)["检查发现的问题"]
    widths = _widths(table)
    assert widths.index(max(widths)) == _column(table, "问题")
    months = _tables_by_caption(document)["各月谈话次数"]  # a table of figures: the label column is the wide one
    assert _widths(months).index(max(_widths(months))) == 0


def test_every_caption_is_kept_with_its_table(document: DocxDocument) -> None:
    items = list(document.iter_inner_content())
    captions = [i for i, x in enumerate(items) if isinstance(x, Paragraph) and x.style is not None
                and x.style.name == "Table Caption"]
    assert len(captions) == len(document.tables)
    assert document.styles["Table Caption"].paragraph_format.keep_with_next is True
    for i in captions:
        table = items[i + 1]
        assert isinstance(table, Table)
        rows = table.rows
        kept = [all(p.style.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs)  # type: ignore[union-attr]
                for r in rows]
        assert kept[0], items[i].text  # the header row stays with the first row
        if len(rows) <= 12:  # a short table stays on one page: every row but the last kept with the next
            assert kept[:-1] == [True] * (len(rows) - 1), items[i].text
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)


def _office() -> str:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None and os.environ.get("CI"):
        pytest.fail("LibreOffice is not installed: scripts/ensure-office.sh (run by make unit) installs it")
    if office is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not on PATH; the PDF conversion is not checked here")
    return office


def _pdf_text(office: str, docs: list[Path], tmp_path: Path) -> list[str]:
    outdir = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: parallel test runs do not share one
    subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, docs)], check=True, capture_output=True, timeout=300)
    pdfs = [outdir / (d.stem + ".pdf") for d in docs]
    assert all(p.is_file() and p.read_bytes().startswith(b"%PDF") for p in pdfs)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is not installed: scripts/ensure-office.sh installs poppler-utils")
        pytest.skip("pdftotext is not on PATH; the PDF's text is not checked here")
    return [subprocess.run([pdftotext, "-enc", "UTF-8", str(p), "-"], check=True, capture_output=True,
                           timeout=120).stdout.decode("utf-8") for p in pdfs]


def _squeezed(docx_path: Path, tmp_path: Path) -> Path:
    """The report with the appendix's id column as narrow as python-docx's even split would leave it, and
    wrapping allowed: the way ids used to break."""
    doc = docx.Document(str(docx_path))
    table = _tables_by_caption(doc)["计入本报告的谈话"]
    for row in table.rows:
        tc_pr = row.cells[1]._tc.tcPr
        tc_pr.remove(tc_pr.find(qn("w:noWrap"))) if tc_pr.find(qn("w:noWrap")) is not None else None
        row.cells[1].width = Pt(60)
    table._tbl.tblGrid.findall(qn("w:gridCol"))[1].set(qn("w:w"), str(60 * 20))
    path = tmp_path / "squeezed.docx"
    doc.save(str(path))
    return path


def test_converts_to_pdf_with_ids_on_one_line(docx_path: Path, tmp_path: Path) -> None:
    """LibreOffice's PDF, read back with pdftotext: every talk id of the appendix whole on one line; the
    same table with a narrow id column breaks them (so the check would see a broken id)."""
    office = _office()
    text, squeezed = _pdf_text(office, [docx_path, _squeezed(docx_path, tmp_path)], tmp_path)
    assert "监督谈话" in text and "书记述职有关内容" in text
    ids = [str(t["id"]) for t in _counted_talks()]
    assert "shanhai-2026-018" in ids
    lines = text.splitlines()
    for talk_id in ids:
        assert any(re.search(rf"(?<![\w-]){talk_id}(?![\w-])", line) for line in lines), talk_id
    broken = squeezed.splitlines()
    assert not all(any(talk_id in line for line in broken) for talk_id in ids)
