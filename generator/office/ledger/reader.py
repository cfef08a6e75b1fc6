"""Reading an office's own 监督谈话台账: open the .xlsx safely, find each sheet of talks and its header row.

An office's ledger is rarely ours: one or more merged title rows above the header, headers worded its own way
("谈话时间", "谈话对象"), a column merged down over several rows.  :func:`read_ledger` finds, on every sheet, the
first row (within :data:`HEADER_SEARCH_ROWS`) whose cells name at least the date, the interviewee and the talker
(:func:`generator.office.ledger.columns.talk_field`), and gives back each row under it as :class:`LedgerRow`.

The file is looked at before openpyxl parses it (:func:`_inspect`): an .xlsx is a zip of XML parts, so a file
that is not a zip, an old .xls, a password-protected workbook, a zip whose parts would unpack to more than
:data:`MAX_UNPACKED` bytes or compress suspiciously well, or XML that declares entities is refused with a
Chinese message (:class:`LedgerFileError`) instead of being parsed.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.office.ledger import columns

MAX_FILE = 32 * 1024 * 1024  # an office's ledger of several years is well under 5 MB
MAX_UNPACKED = 128 * 1024 * 1024
MAX_RATIO = 200  # XML of a spreadsheet compresses 5–30 times; a zip bomb thousands of times
MAX_ENTRIES = 2000
MAX_GRID = 2_000_000  # cells in the area that holds values: 100,000 rows of 20 columns
HEADER_SEARCH_ROWS = 30
# The other sheets of our own export also carry 谈话日期 and 被谈话人, but a row there is a measure or a plan item.
SKIPPED_SHEETS = frozenset({columns.RECTIFICATION_SHEET, columns.PLAN_SHEET, columns.COVERAGE_SHEET})
TALK_SHEET_NEEDS = frozenset({*columns.REQUIRED, "talker"})
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an encrypted .xlsx (Office wraps it in an OLE file)


class LedgerFileError(ValueError):
    """A file that cannot be read as a ledger; the message (Chinese) says what to do."""


@dataclass(frozen=True)
class Cell:
    """One cell of a ledger row as the import sees it: where it is, under which header, its value."""

    column: str  # the column letter, e.g. "C"
    header: str  # the header text as the office wrote it
    value: Any  # str, int, float, datetime, or None


@dataclass(frozen=True)
class LedgerRow:
    """A row under a sheet's header: its sheet, its row number (1-based, as Excel shows it) and its cells."""

    sheet: str
    number: int
    cells: Mapping[str, tuple[Cell, ...]]  # talk field → the cells of its column(s), left to right

    def text(self, field: str) -> str:
        """The field's text: each column's value as text, joined by line breaks; "" when blank."""
        parts = [_as_text(c.value) for c in self.cells.get(field, ())]
        return "\n".join(p for p in parts if p)

    def first(self, field: str) -> Cell | None:
        """The first non-blank cell of a field, or its first cell, or None when the sheet has no such column."""
        found = self.cells.get(field, ())
        return next((c for c in found if _as_text(c.value)), found[0] if found else None)

    @property
    def blank(self) -> bool:
        """A row with nothing in any column the import reads (a spacer, or the end of the table)."""
        return not any(_as_text(c.value) for field, cs in self.cells.items() if field != "seq" for c in cs)


@dataclass(frozen=True)
class TalkTable:
    """A sheet holding talks: its name, its header row and the rows under it."""

    sheet: str
    header_row: int
    fields: Mapping[str, tuple[Cell, ...]]  # talk field → its header cells
    unknown_headers: tuple[Cell, ...]  # headers the import does not read (reported, not an error)
    rows: tuple[LedgerRow, ...]


@dataclass(frozen=True)
class Ledger:
    """What a workbook holds for the import: its talk tables, and the sheets looked at but not used."""

    tables: tuple[TalkTable, ...]
    skipped_sheets: tuple[str, ...]


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _inspect(path: Path) -> None:
    """Refuse what is not a plain, reasonably sized .xlsx before any XML is parsed."""
    name = path.name
    if path.suffix.lower() != ".xlsx":
        hint = "旧版 .xls 请在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后再导入" \
            if path.suffix.lower() in (".xls", ".et", ".csv") else "请导入 Excel 工作簿（文件名以 .xlsx 结尾）"
        raise LedgerFileError(f"{name}：不是 .xlsx 文件；{hint}")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise LedgerFileError(f"{path}：文件不存在；请检查文件名和路径") from None
    except OSError as exc:
        raise LedgerFileError(f"{path}：无法读取（{exc.strerror or exc}）") from None
    if size > MAX_FILE:
        raise LedgerFileError(f"{name}：文件大小 {size // (1024 * 1024)} MB，超过台账导入上限 "
                              f"{MAX_FILE // (1024 * 1024)} MB；请删去图片等内容或按年度拆分后再导入")
    if head.startswith(_OLE):
        raise LedgerFileError(f"{name}：这是旧版 .xls 文件或设有打开密码的工作簿；请在 Excel 或 WPS 中取消密码，"
                              "“另存为”Excel 工作簿（*.xlsx）后再导入")
    if not zipfile.is_zipfile(path):
        raise LedgerFileError(f"{name}：文件已损坏或不是 Excel 工作簿（.xlsx 应为 zip 格式）；"
                              "请在 Excel 或 WPS 中打开并重新“另存为”.xlsx")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_ENTRIES:
                raise LedgerFileError(f"{name}：工作簿包含 {len(infos)} 个部件，不像一份台账；请检查文件")
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise LedgerFileError(f"{name}：zip 文件中没有 Excel 工作簿（xl/workbook.xml）；"
                                      "请导入用 Excel 或 WPS 保存的 .xlsx 文件")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED or any(i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(
                    i.compress_size, 1) for i in infos):
                raise LedgerFileError(f"{name}：解压后内容异常庞大（{total // (1024 * 1024)} MB），"
                                      "可能是损坏或恶意构造的文件，未导入；请在 Excel 中重新保存后再试")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _declares_entities(z, info):
                    raise LedgerFileError(f"{name}：{info.filename} 含有 XML 实体声明（DOCTYPE），"
                                          "Excel 保存的文件不会有；文件可能被篡改，未导入")
    except zipfile.BadZipFile:
        raise LedgerFileError(f"{name}：文件已损坏（zip 结构有误）；请在 Excel 或 WPS 中重新保存为 .xlsx") from None


def _declares_entities(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    # A DOCTYPE can only come before the root element: its first few KB are enough.
    with z.open(info) as part:
        start = part.read(4096)
    return b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper()


def _load(path: Path) -> Any:
    from openpyxl import load_workbook  # only the ledger commands load openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # data validation, unknown extensions: not the import's concern
            return load_workbook(path, data_only=True)  # a formula's last computed value, not the formula
    except LedgerFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged part; all mean the same to the office
        raise LedgerFileError(f"{path.name}：工作簿无法读取（{type(exc).__name__}）；请在 Excel 或 WPS 中打开，"
                              "确认内容完整后重新“另存为”.xlsx") from None


def _grid(ws: Any) -> list[list[Any]]:
    """The sheet's values, with each merged range's value repeated in all its cells (a date merged down).

    Built from the cells that hold a value: one stray cell at XFD1048576 must not make a grid of 17 billion."""
    filled = [(r, c, cell.value) for (r, c), cell in ws._cells.items()  # openpyxl has no public sparse access
              if cell.value is not None]
    if not filled:
        return []
    rows, cols = max(r for r, _c, _v in filled), max(c for _r, c, _v in filled)
    if rows * cols > MAX_GRID:
        raise LedgerFileError(f"工作表“{ws.title}”有内容的区域过大（{rows} 行 × {cols} 列），不像一份台账；"
                              "请删除表格以外的内容（或把台账复制到新工作簿）后重新保存")
    grid: list[list[Any]] = [[None] * cols for _ in range(rows)]
    for r, c, value in filled:
        grid[r - 1][c - 1] = value
    for rng in ws.merged_cells.ranges:
        if rng.min_row > rows or rng.min_col > cols:
            continue
        value = grid[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row - 1, min(rng.max_row, rows)):
            for c in range(rng.min_col - 1, min(rng.max_col, cols)):
                grid[r][c] = value
    return grid


def _header(texts: list[str]) -> tuple[dict[str, list[int]], list[int]]:
    fields: dict[str, list[int]] = {}
    unknown = []
    for i, text in enumerate(texts):
        if not text:
            continue
        field = columns.talk_field(text)
        if field is None:
            unknown.append(i)
        else:
            fields.setdefault(field, []).append(i)
    return fields, unknown


def _sub_header(head: list[str], below: list[Any], fields: dict[str, list[int]]) -> list[str] | None:
    """A second header row under a merged one (被谈话人 over 姓名 | 职务), or None when ``below`` holds data.

    It is one when the date column(s) hold no date there and a cell sits under a header merged across columns
    (after :func:`_grid` the neighbours hold the same header text)."""
    sub = [_as_text(v) for v in below] + [""] * (len(head) - len(below))
    if any(sub[i] and sub[i] != head[i] for i in fields["date"]):
        return None
    spread = {i for i in range(len(head)) if head[i] and ((i > 0 and head[i - 1] == head[i])
                                                         or (i + 1 < len(head) and head[i + 1] == head[i]))}
    if not any(sub[i] and sub[i] != head[i] for i in spread):
        return None
    return sub[:len(head)]


def _combined(parent: str, sub: str) -> tuple[str, str]:
    """The text a column is matched by, and the header shown in the report, for a two-row header."""
    if not sub or sub == parent:
        return parent, parent
    shown = f"{parent}／{sub}"
    if columns.talk_field(sub) is not None:
        return sub, shown
    if columns.talk_field(parent + sub) is not None:  # 谈话人 + 姓名
        return parent + sub, shown
    return parent, shown


def _tables(ws: Any) -> Iterator[TalkTable]:
    from openpyxl.utils import get_column_letter

    grid = _grid(ws)
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        head = [_as_text(v) for v in row]
        fields, unknown = _header(head)
        if not fields.keys() >= TALK_SHEET_NEEDS:
            continue
        shown, first = head, r + 1
        sub = _sub_header(head, grid[r + 1], fields) if r + 1 < len(grid) else None
        if sub is not None:
            pairs = [_combined(p, s) for p, s in zip(head, sub, strict=True)]
            fields, unknown = _header([m for m, _ in pairs])
            shown, first = [d for _, d in pairs], r + 2
        heads = {f: tuple(Cell(get_column_letter(i + 1), shown[i], row[i]) for i in idx) for f, idx in fields.items()}
        rows = []
        for n, values in enumerate(grid[first:], start=first + 1):
            cells = {f: tuple(Cell(get_column_letter(i + 1), shown[i], values[i] if i < len(values) else None)
                              for i in idx)
                     for f, idx in fields.items()}
            line = LedgerRow(ws.title, n, cells)
            if not line.blank:
                rows.append(line)
        yield TalkTable(ws.title, r + 1, heads,
                        tuple(Cell(get_column_letter(i + 1), shown[i], row[i]) for i in unknown), tuple(rows))
        return


def read_ledger(path: Path) -> Ledger:
    """The talk tables of the workbook at ``path``; :class:`LedgerFileError` when it is not a readable .xlsx."""
    _inspect(path)
    wb = _load(path)
    tables: list[TalkTable] = []
    skipped: list[str] = []
    for ws in wb.worksheets:
        found = [] if ws.title in SKIPPED_SHEETS else list(_tables(ws))
        tables.extend(found)
        if not found:
            skipped.append(ws.title)
    return Ledger(tuple(tables), tuple(skipped))
