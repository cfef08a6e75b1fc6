"""The annual report as a Word file: official-document layout, Chinese fonts on the East Asian slot, the figures.

The figures checked here are counted again from the YAML files in this test (never through generator.annual.figures).
When LibreOffice is installed (scripts/ensure-office.sh) the file is also converted to PDF and read back;
otherwise that test is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.cli.app import main

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
    expected = {"Normal": ("仿宋", 16, False), "Report Title": ("宋体", 22, True), "Heading 1": ("黑体", 16, False),
                "Heading 2": ("楷体", 16, False)}
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


def test_docx_is_the_same_for_the_same_records_and_date(docx_path: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    assert main(["report", "--records", str(RECORDS), "--committee", BODY, "--year", str(YEAR),
                 "--as-of", AS_OF.isoformat(), "--format", "docx", "-o", str(again)]) == 0
    first, second = docx.Document(str(docx_path)), docx.Document(str(again))
    assert [p.text for p in first.paragraphs] == [p.text for p in second.paragraphs]
    assert first.core_properties.created == second.core_properties.created == dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


def test_converts_to_pdf_with_libreoffice(docx_path: Path, tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None and os.environ.get("CI"):
        pytest.fail("LibreOffice is not installed: scripts/ensure-office.sh (run by make unit) installs it")
    if office is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not on PATH; the PDF conversion is not checked here")
    outdir = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: parallel test runs do not share one
    subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), str(docx_path)], check=True, capture_output=True, timeout=300)
    pdf = outdir / (docx_path.stem + ".pdf")
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          timeout=120).stdout.decode("utf-8")
    assert "监督谈话" in text and "书记述职有关内容" in text
