"""``talkdocs ledger import``: an office's 台账 .xlsx becomes talk records, all of them or none, with a report
row by row — our own export round-trips, a ledger laid out another way is read, bad rows write nothing."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.cli.app import main
from generator.engine.checker import check
from generator.model.repository import Talk
from generator.office.ledger import reader

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = "2026-11-27"
DAY = dt.date.fromisoformat(AS_OF)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _import(capsys: pytest.CaptureFixture[str], xlsx: Path, records: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["ledger", "import", str(xlsx), "--records", str(records), "--as-of", AS_OF, *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "台账.xlsx"
    assert main(["ledger", "export", "--records", str(RECORDS), "--as-of", AS_OF, "-o", str(out)]) == 0
    return out


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A copy of the sample records (the import writes into it), with the schemas beside it as in this repository."""
    copy = tmp_path / "records"
    shutil.copytree(RECORDS, copy)
    shutil.copytree(RECORDS.parent / "schemas", tmp_path / "schemas")
    return copy


@pytest.fixture
def without_talks(records: Path) -> Path:
    """The sample records without their talks (and the rectifications that belong to them)."""
    shutil.rmtree(records / "talks")
    shutil.rmtree(records / "rectifications")
    return records


def _ledger_fields(repo_talk: Talk) -> dict[str, object]:
    """Every field of a talk that a ledger row carries (steps, preparation, participants are not in a ledger)."""
    t = repo_talk
    return {
        "committee": t.committee, "kind": t.kind, "date": t.date, "talker": t.talker,
        "interviewees": t.interviewees, "interviewee_org": t.interviewee_org, "plan_item": t.plan_item,
        "triggers": [(u.unit, u.text, u.confidential) for u in t.triggers],
        "problems": [(p.area, p.text, p.confidential) for p in t.problems],
        "requirements": list(t.requirements),
        "record": (t.record.kept_by, t.record.archive_ref, t.record.file) if t.record else None,
        "distribution": [(u.unit, u.text, u.on, u.confidential) for u in t.distribution],
        "note": t.note, "confidential": t.confidential,
    }


def test_export_then_import_reproduces_every_talk_field_a_ledger_carries(
        exported: Path, without_talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = check(RECORDS, DAY).repository
    code, out, _err = _import(capsys, exported, without_talks)
    assert code == 0, out
    imported = check(without_talks, DAY).repository
    assert len(imported.talks) == len(original.talks)
    by_key = {(t.date, t.interviewee): t for t in imported.talks.values()}
    for talk in original.talks.values():
        again = by_key[(talk.date, talk.interviewee)]
        assert _ledger_fields(again) == _ledger_fields(talk), talk.id
    assert "已写入 24 条谈话记录" in out


def test_imported_files_use_the_record_layout_and_the_schema_line_of_talkdocs_new(
        exported: Path, without_talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(capsys, exported, without_talks)[0] == 0
    first = (without_talks / "talks" / "2026" / "shanhai-sw-2026-001.yaml").read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=../../../schemas/talk.schema.json\n")
    # A body with no talk yet numbers its talks after its own id.
    assert 'date: "2026-01-15"' in first and "\nid: shanhai-sw-2026-001\n" in first
    assert "on: \"2026-01-19\"" in first and "'on'" not in first  # written as docs/record-fields.md shows it


def _office_ledger(path: Path, rows: list[list[object]], *, title_rows: int = 2) -> Path:
    """A ledger as an office keeps it: merged title rows, its own header wording, dates as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2026年监督谈话"
    headers = ["序", "谈话时间", "谈话形式", "谈话领导", "谈话对象", "所在单位及职务", "谈话事由", "存在问题",
               "提出要求", "档案号", "抄送", "其他"]
    ws.append(["中共山海市委员会办公室"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    if title_rows > 1:
        ws.append(["2026年度“一把手”监督谈话工作台账"])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    ws.append([])
    ws.append([None, "合计：共 3 次"])  # under the date column: a note, not a talk
    ws.append(["填表人：王某某　　审核人：李某某"])
    wb.create_sheet("说明").append(["本台账按季度更新"])
    wb.save(path)
    return path


OFFICE_ROWS: list[list[object]] = [
    [1, "2026.12.1", "定期", "赵刚", "陈志强", "东岭县委书记", "年度计划安排",
     "1、对乡镇“一把手”监督不够\n2、调研不深入", "完善监督机制；加强调研", "市委办档〔2026〕监谈101号",
     "市纪委监委 2026年12月3日", ""],
    [2, "2026年12月2日", "及时谈话", "钱 立", "陈志强", "中共东岭县委员会\n东岭县委书记", "信访举报反映较多",
     "信访问题处置不及时", "建立信访研判机制", "", "", "【保密】有关情况另行存档"],
    [3, dt.datetime(2026, 12, 2), "定期谈话", "赵刚", "许文博", "海阳县委", "列入2026年度谈话计划（p05）",
     "", "", "", "", ""],
]


def test_a_ledger_laid_out_differently_is_read_by_its_own_headers(
        tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = _office_ledger(tmp_path / "本单位台账.xlsx", OFFICE_ROWS)
    code, out, _err = _import(capsys, xlsx, records, "--committee", "shanhai-sw", "--as-of", "2026-12-05")
    assert code == 0, out
    repo = check(records, DAY).repository
    new = {t.id: t for t in repo.talks.values() if t.id not in check(RECORDS, DAY).repository.talks}
    assert sorted(new) == ["shanhai-2026-025", "shanhai-2026-026", "shanhai-2026-027"]  # after the highest, 024
    first, second, third = (new[i] for i in sorted(new))
    assert (first.date, first.kind, first.talker, first.interviewee, first.interviewee_org) == (
        dt.date(2026, 12, 1), "periodic", "zhao-gang", "chen-zhiqiang", "dongling-xw")
    assert first.plan_item == "p01"  # the one item of the 2026 plan for that org
    assert [p.text for p in first.problems] == ["对乡镇“一把手”监督不够", "调研不深入"]
    assert list(first.requirements) == ["完善监督机制", "加强调研"]
    assert first.record is not None and first.record.archive_ref == "市委办档〔2026〕监谈101号"
    assert [(d.unit, d.on) for d in first.distribution] == [("discipline", dt.date(2026, 12, 3))]
    assert "年度计划安排" in first.note
    assert (second.date, second.kind, second.talker) == (dt.date(2026, 12, 2), "timely", "qian-li")
    assert [t.unit for t in second.triggers] == ["petitions"] and second.confidential
    assert (third.interviewee_org, third.plan_item) == ("haiyang-xw", "p05")
    assert "工作表\t行\t列\t问题\t应写为" in out and "未导入的工作表（没有谈话台账表头）：说明" in out
    assert "不像一次谈话" in out  # the 合计 row under the table
    assert "2026年监督谈话\t5\t—\t已写入 talks/2026/shanhai-2026-025.yaml" in out
    # the full check ran on the result: what the ledger could not carry is reported on the row it came from
    assert any(line.startswith("2026年监督谈话\t5\t—\t导入后检查（错误 A10-STEPS）") for line in out.splitlines())
    assert "导入后检查：错误" in out


def test_a_header_under_one_title_row_and_the_committee_found_from_the_talker(
        tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = _office_ledger(tmp_path / "台账.xlsx", OFFICE_ROWS[:1], title_rows=1)
    code, out, _err = _import(capsys, xlsx, records)
    assert code == 0, out
    talk = check(records, DAY).repository.talks["shanhai-2026-025"]
    assert talk.committee == "shanhai-sw"


BAD_ROWS: list[list[object]] = [
    [1, "2026-12-01", "定期谈话", "张无名", "陈志强", "东岭县委", "", "", "", "", "", ""],
    [2, "2026-02-30", "及时谈话", "赵刚", "陈志强", "东岭县委", "信访举报", "", "", "", "", ""],
    [3, "2026-12-02", "及时谈话", "赵刚", "", "东岭县委", "信访举报", "", "", "", "", ""],
    [4, "2026-12-03", "定期谈话", "赵刚", "许文博", "海阳县委", "", "", "", "", "", ""],  # a good row
]


def test_bad_rows_give_row_errors_and_nothing_is_written(
        tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = _office_ledger(tmp_path / "台账.xlsx", BAD_ROWS)
    before = _files(records)
    code, out, _err = _import(capsys, xlsx, records, "--committee", "shanhai-sw")
    assert code == 1
    assert _files(records) == before, "有错误时不得写入任何文件"
    lines = out.splitlines()
    sheet = "2026年监督谈话"
    assert any(line.startswith(f"{sheet}\t5\tD（谈话领导）\t") and "张无名" in line and "--create-people" in line
               for line in lines), out
    assert any(line.startswith(f"{sheet}\t6\tB（谈话时间）\t") and "2026-02-30" in line for line in lines), out
    assert any(line.startswith(f"{sheet}\t7\tE（谈话对象）\t缺少被谈话人") for line in lines), out
    assert not any(line.startswith(f"{sheet}\t8\t") for line in lines if "已写入" in line or "将写入" in line)
    assert "3 行有错误，未写入任何文件" in out


def test_create_people_makes_stub_person_records(
        tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    again = [2, "2026-12-02", "定期谈话", "张无名", "许文博", "海阳县委", "", "", "", "", "", ""]
    xlsx = _office_ledger(tmp_path / "台账.xlsx", [BAD_ROWS[0], again])
    code, out, _err = _import(capsys, xlsx, records, "--committee", "shanhai-sw", "--create-people")
    assert code == 0, out
    stub = records / "people" / "zhang-wu-ming.yaml"
    assert stub.is_file() and "name: 张无名" in stub.read_text(encoding="utf-8")
    assert not (records / "people" / "zhang-wu-ming-2.yaml").exists()
    repo = check(records, DAY).repository
    assert repo.talks["shanhai-2026-025"].talker == repo.talks["shanhai-2026-026"].talker == "zhang-wu-ming"
    assert "1 条人员记录" in out


def test_dry_run_writes_nothing_and_shows_what_would_be_written(
        exported: Path, without_talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(without_talks)
    code, out, _err = _import(capsys, exported, without_talks, "--dry-run")
    assert code == 0
    assert _files(without_talks) == before
    assert "将写入 talks/2026/shanhai-sw-2026-001.yaml" in out and "未写入任何文件" in out
    assert "----- talks/2026/shanhai-sw-2026-024.yaml -----" in out and "interviewee: feng-jun" in out


def test_a_talk_already_recorded_is_left_out_not_duplicated(
        exported: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(records)
    code, out, _err = _import(capsys, exported, records)
    assert code == 0
    assert _files(records) == before
    assert "已有记录 talks/2026/shanhai-2026-001.yaml" in out and "已写入 0 条谈话记录" in out


def test_other_kinds_of_talk_are_left_out_with_a_remark(
        tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = ["1", "2026-12-01", "任职谈话", "赵刚", "陈志强", "东岭县委", "", "", "", "", "", ""]
    xlsx = _office_ledger(tmp_path / "台账.xlsx", [row, OFFICE_ROWS[0]])
    code, out, _err = _import(capsys, xlsx, records, "--committee", "shanhai-sw")
    assert code == 0, out
    assert "第二条第三款" in out and "已写入 1 条谈话记录" in out


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(("name", "content", "says"), [
    ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "另存为"),
    ("台账.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "密码"),
    ("台账.xlsx", b"not a spreadsheet at all", "已损坏"),
    ("台账.csv", b"a,b\n", "不是 .xlsx"),
])
def test_what_is_not_an_xlsx_is_refused_in_chinese(tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str],
                                                  name: str, content: bytes, says: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    code, _out, err = _import(capsys, bad, records)
    assert code == 2 and says in err and "Traceback" not in err


def test_a_zip_bomb_and_xml_entities_are_refused_before_parsing(
        tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = _zip(tmp_path / "bomb.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                                         "xl/worksheets/sheet1.xml": b" " * (16 * 1024 * 1024)})
    code, _out, err = _import(capsys, bomb, records)
    assert code == 2 and "异常庞大" in err
    entities = _zip(tmp_path / "entities.xlsx", {
        "[Content_Types].xml": b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><Types/>',
        "xl/workbook.xml": b"<workbook/>"})
    code, _out, err = _import(capsys, entities, records)
    assert code == 2 and "实体" in err
    damaged = _zip(tmp_path / "damaged.xlsx", {"xl/workbook.xml": b"<workbook"})
    code, _out, err = _import(capsys, damaged, records)
    assert code == 2 and "无法读取" in err and "Traceback" not in err


def test_a_workbook_without_a_talk_table_names_the_columns_it_needs(
        tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "职务"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    code, _out, err = _import(capsys, path, records)
    assert code == 2 and "谈话日期" in err and "被谈话人" in err


def test_the_limits_keep_a_real_ledger_well_inside() -> None:
    buffer = io.BytesIO()
    wb = Workbook()
    for n in range(2000):  # a ledger of many years
        wb.active.append([n, "2026-03-05", "定期谈话", "赵刚", "陈志强", "东岭县委", "计划", "问题" * 40, "要求" * 40])
    wb.save(buffer)
    assert len(buffer.getvalue()) < reader.MAX_FILE // 20


def test_the_exported_ledger_opens_in_libreoffice_calc(exported: Path, tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None and os.environ.get("CI"):
        pytest.fail("LibreOffice is not installed: scripts/ensure-office.sh (run by make unit) installs it")
    if office is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not on PATH; the .xlsx is not opened in Calc here")
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: parallel test runs do not share one
    outdir = tmp_path / "csv"
    # 44 = comma, 34 = double quote, 76 = UTF-8: the first sheet (谈话台账) as CSV
    run = subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                          "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(outdir), str(exported)],
                         capture_output=True, timeout=300)
    csv = outdir / (exported.stem + ".csv")
    if not csv.is_file() and not os.environ.get("CI") and b"no export filter" in run.stderr + run.stdout:
        pytest.skip("LibreOffice Calc is not installed (scripts/ensure-office.sh installs libreoffice-calc-nogui)")
    assert csv.is_file(), run.stderr.decode("utf-8", "replace")
    text = csv.read_text(encoding="utf-8")
    assert "监督谈话台账" in text
    assert any("杨帆" in line and "及时谈话" in line and "2026" in line for line in text.splitlines())


def test_a_two_row_header_under_a_merged_cell(tmp_path: Path, records: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "谈话登记"
    ws.append(["2026年度监督谈话登记表"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "谈话日期", "谈话人", "被谈话人", None, "谈话地点", "谈话类型"])
    ws.append([None, None, None, "姓名", "单位职务", None, None])
    for col in ("A", "B", "C", "F", "G"):
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:E2")
    ws.append([1, "2026年12月1日", "赵刚", "陈志强", "东岭县委书记", "市委第一会议室", "定期谈话"])
    path = tmp_path / "登记表.xlsx"
    wb.save(path)
    code, out, _err = _import(capsys, path, records, "--committee", "shanhai-sw")
    assert code == 0, out
    talk = check(records, DAY).repository.talks["shanhai-2026-025"]
    assert (talk.date, talk.talker, talk.interviewee, talk.interviewee_org) == (
        dt.date(2026, 12, 1), "zhao-gang", "chen-zhiqiang", "dongling-xw")
    assert "谈话登记\t4\t—\t已写入" in out
    assert "未读取的列" in out and "F（谈话地点）" in out


def test_control_and_bidi_characters_in_cells_do_not_reach_the_records(
        tmp_path: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = [1, "2026-12-01", "定期谈话", "赵刚", "陈志强", "东岭县委", "", "监督\u202e不力_x000D_\r\n调研\u200f不够",
           "=HYPERLINK(\"http://example.invalid\")", "", "", ""]
    xlsx = _office_ledger(tmp_path / "台账.xlsx", [row])
    code, out, _err = _import(capsys, xlsx, records, "--committee", "shanhai-sw")
    assert code == 0, out
    talk = check(records, DAY).repository.talks["shanhai-2026-025"]
    assert [p.text for p in talk.problems] == ["监督不力", "调研不够"]
    # openpyxl stores "=…" as a formula; the import reads the value Excel computed (none here), never the formula
    assert talk.requirements == ()


def test_a_file_that_appears_meanwhile_is_never_replaced_and_the_run_is_undone(
        exported: Path, without_talks: Path) -> None:
    from generator.engine.checker import ConfigError
    from generator.office.ledger import importer

    plan = importer.plan_import(exported, without_talks, DAY)
    assert plan.ready and len(plan.files) == 24
    late = without_talks / plan.files[10].path  # someone ran `talkdocs new talk` in between
    late.parent.mkdir(parents=True, exist_ok=True)
    late.write_text("id: 别人的记录\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="已撤回"):
        importer.write_plan(plan, without_talks)
    assert late.read_text(encoding="utf-8") == "id: 别人的记录\n"
    assert [p.name for p in (without_talks / "talks").rglob("*.yaml")] == [late.name]


def test_an_unknown_committee_is_refused(exported: Path, records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _import(capsys, exported, records, "--committee", "no-such-sw")
    assert code == 2 and "no-such-sw" in err and "records/orgs/" in err


def test_one_far_away_cell_does_not_make_a_huge_grid(tmp_path: Path, records: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = _office_ledger(tmp_path / "台账.xlsx", OFFICE_ROWS[:1])
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    wb.active["XFD1048576"] = "x"  # a few bytes in the file, 17 billion cells if read as a dense grid
    wb.save(xlsx)
    code, _out, err = _import(capsys, xlsx, records)
    assert code == 2 and "区域过大" in err and "1048576 行 × 16384 列" in err


@pytest.mark.parametrize(("cell", "item"), [
    ("列入2026年度谈话计划（p01）", "p01"),
    ("列入2026年度谈话计划( p-02 )", "p-02"),
    ("列入2026年度谈话计划（P01）", ""),  # not an id: the schemas' id pattern decides
    ("列入2026年度谈话计划（" + "a" * 65 + "）", ""),
    ("计划（第一批）；列入2026年度谈话计划（p03）", "p03"),  # a later bracket may still name the item
    ("", ""),
])
def test_the_plan_item_of_a_situation_cell_is_an_id_as_the_schemas_define_it(cell: str, item: str) -> None:
    from generator.office.ledger import cells

    assert cells.parse_plan_item(cell) == item
