"""``talkdocs ledger export``: the 监督谈话台账 workbook an office hands its superior, read back with openpyxl the way
Excel shows it — sheets, headers, real dates, print set-up — and the summary edition without confidential text."""

from __future__ import annotations

import datetime as dt
import html
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli.app import main
from generator.engine.checker import check
from generator.measures import counting
from generator.office.ledger import cells, columns

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = "2026-11-27"
CANARY = "CANARY-机密-7731"


def _export(tmp: Path, name: str, *extra: str) -> Path:
    out = tmp / name
    assert main(["ledger", "export", "--records", str(RECORDS), "--as-of", AS_OF, "-o", str(out), *extra]) == 0
    return out


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(tmp_path_factory.mktemp("ledger"), "full.xlsx")


def _xml_text(path: Path) -> str:
    """Every XML part of the workbook with character references decoded (openpyxl writes 机 as &#26426;)."""
    with zipfile.ZipFile(path) as z:
        return "".join(html.unescape(z.read(n).decode("utf-8")) for n in z.namelist())


def test_the_four_sheets_with_their_headers_under_a_title_row(full: Path) -> None:
    wb = load_workbook(full)
    assert wb.sheetnames == list(columns.SHEETS)
    talks = wb[columns.TALK_SHEET]
    assert [c.value for c in talks[2]] == list(columns.TALK_COLUMNS.values())
    assert "截至2026年11月27日" in str(talks["A1"].value) or "2026-11-27" in str(talks["A1"].value)
    assert [c.value for c in wb[columns.PLAN_SHEET][2]] == list(columns.PLAN_HEADERS)
    assert [c.value for c in wb[columns.RECTIFICATION_SHEET][2]] == list(columns.RECTIFICATION_HEADERS)


def test_one_row_per_talk_with_real_dates_and_the_counting_decision(full: Path) -> None:
    result = check(RECORDS, dt.date.fromisoformat(AS_OF))
    repo, ctx = result.repository, result.context
    ws = load_workbook(full)[columns.TALK_SHEET]
    header = [c.value for c in ws[2]]
    date_col, counts_col = header.index("谈话日期"), header.index("是否计入覆盖")
    rows = [r for r in ws.iter_rows(min_row=3) if r[0].value is not None]
    assert len(rows) == len(repo.talks)
    by_date: dict[dt.date, list[str]] = {}
    for r in rows:
        cell = r[date_col]
        assert isinstance(cell.value, dt.datetime), "谈话日期应为 Excel 日期单元格，而非文本"
        assert "年" in cell.number_format and "月" in cell.number_format
        by_date.setdefault(cell.value.date(), []).append(str(r[counts_col].value))
    for talk in repo.talks.values():
        if talk.kind == "periodic":
            expected = "是" if counting.counts(repo, ctx, talk) else "否"
            assert any(v.startswith(expected) for v in by_date[talk.date]), talk.id
    assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r), "台账中不应有公式"


def test_frozen_header_autofilter_and_a4_landscape_print(full: Path) -> None:
    for ws in load_workbook(full).worksheets:
        assert ws.freeze_panes == "A3"
        assert ws.auto_filter.ref
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows in ("1:2", "$1:$2")


def test_summary_edition_holds_no_confidential_text_and_full_marks_it(tmp_path: Path, full: Path) -> None:
    summary = _export(tmp_path, "summary.xlsx", "--audience", "summary")
    assert CANARY not in _xml_text(summary)
    text = _xml_text(full)
    assert CANARY in text and cells.CONFIDENTIAL_MARK in text


def test_same_records_give_the_same_bytes(tmp_path: Path, full: Path) -> None:
    again = _export(tmp_path, "again.xlsx")
    assert again.read_bytes() == full.read_bytes()


def test_one_committee_and_one_year(tmp_path: Path, full: Path) -> None:
    some = load_workbook(_export(tmp_path, "one.xlsx", "--committee", "shanhai-sw", "--year", "2026"))
    rows = [r for r in some[columns.TALK_SHEET].iter_rows(min_row=3) if r[0].value is not None]
    everything = [r for r in load_workbook(full)[columns.TALK_SHEET].iter_rows(min_row=3) if r[0].value is not None]
    assert 0 < len(rows) <= len(everything)
    assert all(r[1].value.year == 2026 for r in rows)


def test_a_ledger_with_no_records_is_written_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    out = _export(tmp_path, "empty.xlsx", "--year", "1999")
    assert "1999年度没有谈话、整改或计划记录" in capsys.readouterr().err
    assert not [r for r in load_workbook(out)[columns.TALK_SHEET].iter_rows(min_row=3) if r[0].value is not None]
    _export(tmp_path, "some.xlsx", "--year", "2026")
    assert "没有谈话" not in capsys.readouterr().err


@pytest.mark.parametrize(("name", "extra", "message"), [
    ("records/x.xlsx", (), "不能把台账写入记录文件夹"),
    ("ledger.csv", (), "以 .xlsx 结尾"),
    ("full.xlsx", ("--committee", "nowhere"), "没有编号为“nowhere”的组织"),
    ("full.xlsx", ("--year", "26"), "四位数年份"),
])
def test_refusals_name_what_to_write(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                     extra: tuple[str, ...], message: str) -> None:
    out = RECORDS / "x.xlsx" if name.startswith("records/") else tmp_path / name
    try:
        code = main(["ledger", "export", "--records", str(RECORDS), "--as-of", AS_OF, "-o", str(out), *extra])
    except SystemExit as usage:  # argparse's own refusal of an option value
        code = int(str(usage.code))
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mine.xlsx"
    out.write_bytes(b"office's own file")
    assert main(["ledger", "export", "--records", str(RECORDS), "--as-of", AS_OF, "-o", str(out)]) == 2
    assert "已存在，未覆盖" in capsys.readouterr().err and out.read_bytes() == b"office's own file"
    assert main(["ledger", "export", "--records", str(RECORDS), "--as-of", AS_OF, "-o", str(out), "--force"]) == 0
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize("text", ["2026-03-05", "2026.3.5", "2026/3/5", "2026年3月5日", "２０２６年３月５日"])
def test_dates_written_as_text_in_an_office_ledger(text: str) -> None:
    assert cells.parse_date_text(text) == dt.date(2026, 3, 5)


@pytest.mark.parametrize("text", ["2026-02-30", "三月五日", "2026-13-01", ""])
def test_impossible_or_missing_dates_are_refused(text: str) -> None:
    with pytest.raises(cells.DateTextError):
        cells.parse_date_text(text)


def test_header_variants_of_other_ledgers_find_their_column() -> None:
    assert columns.talk_field("谈话时间") == "date" == columns.talk_field("谈话 日期（年月日）")
    assert columns.talk_field("谈话对象") == "interviewee" == columns.talk_field("被谈话人")
    assert columns.talk_field("谈话形式") == "kind"
    assert columns.talk_field("备案编号说明书") is None
