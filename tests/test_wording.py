"""Labels users read use the Measures' own words (公文 register), not paraphrases."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import docx
import pytest
import world
import yaml

from generator.cli.app import main
from generator.engine.checker import CheckResult
from generator.model import audience, catalog
from generator.rules.table import RULES
from generator.site import pages, render

# 《办法》第五条第三款, items (一)-(六), as published (line breaks removed).
ARTICLE_5_3 = (
    "（一）信访举报反映其所在党组织管党治党方面的问题较多或者较为突出；"
    "（二）其所在党组织因履责不力或者作风不正被上级党组织通报批评，或者引发负面舆情、造成不良影响；"
    "（三）其所在党组织在落实全面从严治党主体责任检查、考核中，被发现存在的问题较多或者较为突出；"
    "（四）其所在党组织管辖范围内发生重大违纪违法案件、严重“四风”问题，暴露出的问题具有典型性、代表性，"
    "需要引起重视并加以整改；"
    "（五）其本人在政治、思想、工作、生活、作风、纪律等方面存在苗头性、倾向性问题；"
    "（六）其他需要开展及时谈话的情形。"
)


def test_every_trigger_label_quotes_its_item_of_article_5_with_the_qualifiers() -> None:
    numerals = "一二三四五六"
    for numeral, (code, label) in zip(numerals, catalog.TRIGGER.items(), strict=True):
        assert label.startswith(f"（{numeral}）"), code
        assert label in ARTICLE_5_3, f"{code}: {label}"
        assert len(label) > 20 or code == "other", f"{code} drops the article's qualifiers: {label}"
    assert "其所在党组织因履责不力或者作风不正被上级党组织通报批评" in catalog.TRIGGER["criticized"]
    assert "落实全面从严治党主体责任检查、考核中" in catalog.TRIGGER["inspection_findings"]


def test_the_confidential_badge_says_bao_mi_not_the_state_secret_grade() -> None:
    assert catalog.CONFIDENTIAL_BADGE == "保密"


# --- what users read in real output: check messages, the rules listing, site pages -------------------------------
RECORDS = Path(__file__).resolve().parent.parent / "records"
# The Measures' own sentences that rule-table requirements quote (line breaks of the published text removed).
ARTICLE_2_3 = "党组织采取谈话方式处置问题线索或者开展任职谈话、诫勉谈话，按照有关规定办理"
ARTICLE_6 = ("纪律检查机关、组织（人事）部门、宣传部门、巡视巡察机构以及审计机关等相关单位立足职能职责予以配合，"
             "提出被谈话人人选的建议，提供有关情况和材料，根据需要派员参与谈话")
ARTICLE_12 = "抄送本级纪律检查机关（派驻本单位的纪检监察组）、组织（人事）部门和其他相关单位"
ARTICLE_16 = "对于监督谈话中涉及党组织尚未公开的事项或者其他应当保密的内容，有关人员应当予以保密"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def _page(result: CheckResult, records_dir: Path, path: str) -> str:
    """The visible text of one rendered site page."""
    view = audience.select(result, "full", records_dir)
    _site, planned, _nav = pages.plan_site(view, result.context, records_dir)
    page = next(p for p in planned if p.path == path)
    return re.sub(r"<[^>]+>", " ", render.body(page.template, page.path, page.context))


def test_each_trigger_label_is_its_whole_item_of_article_5_not_a_shortened_one() -> None:
    for code, label in catalog.TRIGGER.items():
        assert any(label + end in ARTICLE_5_3 for end in ("；", "。")), f"{code} is cut short: {label}"
    assert catalog.TRIGGER["major_case"].endswith("需要引起重视并加以整改")


def test_the_annual_report_lists_the_triggers_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out = _run(capsys, "report", "--committee", "shanhai-sw", "--year", "2026", "--format", "md",
                      "--records", str(RECORDS), "--as-of", "2026-11-27")
    assert catalog.TRIGGER["major_case"] in out
    assert "暴露出的问题具有典型性、代表性<" not in out  # the label stopped before its last clause


def test_out_of_scope_talks_are_named_as_article_2_names_them(tmp_path: Path) -> None:
    records = world.base()
    records["talks/2026/t3.yaml"] = {**records["talks/2026/t3.yaml"], "kind": "inquiry"}
    found = [f for f in world.run(tmp_path, records).findings if f.rule == "A2-SCOPE-KIND"]
    assert len(found) == 1
    text = found[0].message + found[0].hint
    assert "采取谈话方式处置问题线索" in text and "谈话函询" not in text
    assert ARTICLE_2_3 in RULES["A2-SCOPE-KIND"].requirement


def test_copies_go_to_the_discipline_inspection_organ_in_the_measures_words(tmp_path: Path) -> None:
    records = world.base()
    records["talks/2026/t1.yaml"]["distribution"] = [{"unit": "organization", "on": "2026-06-01"}]
    (finding,) = [f for f in world.run(tmp_path, records).findings if f.rule == "A12-DISTRIBUTION"]
    assert finding.message == "谈话材料尚未抄送：纪律检查机关"
    assert catalog.UNIT["discipline"] == "纪律检查机关"
    labels = [*catalog.UNIT.values(), *(r.requirement for r in RULES.values())]
    assert not [t for t in labels if "纪检监察机关" in t or "纪检机关" in t or "纪委" in t]


def test_rule_requirements_that_quote_an_article_say_what_it_says() -> None:
    assert ARTICLE_12 in RULES["A12-DISTRIBUTION"].requirement
    assert ARTICLE_16 in RULES["A16-CONFIDENTIAL"].requirement
    assert "提出被谈话人人选的建议，提供有关情况和材料，根据需要派员参与谈话" in RULES["A6-ORGANIZER"].requirement
    assert "审计机关" in ARTICLE_6 and "审计机关" in RULES["A6-ORGANIZER"].requirement
    assert "向开展谈话的党委（党组）报告" in RULES["A11-MEASURES-LATE"].requirement
    assert "本办法自发布之日" in RULES["A20-IN-FORCE"].requirement
    steps = RULES["A10-STEPS"].requirement
    assert all(f"（{n}）{catalog.STEP[s]}" in steps for n, s in zip("一二三四五", catalog.STEP_ORDER, strict=True))


def test_a_party_group_member_is_called_dang_zu_cheng_yuan_on_the_org_page(tmp_path: Path) -> None:
    records = world.base()
    records["orgs/group-g.yaml"]["leadership_team"] = [
        {"person": "lg", "role": "secretary", "from": "2020-01-01", "to": None},
        {"person": "ln", "role": "standing_member", "from": "2020-01-01", "to": None},
    ]
    folder = world.write(tmp_path, records)
    result = world.check(folder, world.AS_OF)
    group = _page(result, folder, "orgs/group-g")
    assert "党组成员" in group and "常委" not in group
    assert "常委" in _page(result, folder, "orgs/city")  # a local committee's standing member stays 常委
    assert catalog.role_label("standing_member", "work_committee") == "党工委委员"


def test_the_plan_schema_and_page_say_gong_zuo_fen_gong() -> None:
    division = json.loads((RECORDS.parent / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    item = division["properties"]["items"]["items"]["properties"]["division"]
    assert item["title"] == "工作分工" and "责任分工" not in json.dumps(division, ensure_ascii=False)


# --- the annual report: prose in the 公文 register, in every format ------------------------------------------------
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIELD_NAME = re.compile(r"（[A-Za-z_][A-Za-z0-9_.]*）|(?<![A-Za-z0-9_])[a-z]+_[a-z_]+(?![A-Za-z0-9_])")


def _report_text(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, as_of: str = "2026-11-27") -> str:
    """The visible text of the sample's 2026 report of 山海市委 (charts left out: their ids are not prose), and
    the annex's column of record ids (the one place the report names them, for finding the records) too."""
    args = ["report", "--records", str(RECORDS), "--committee", "shanhai-sw", "--year", "2026", "--as-of", as_of]
    if fmt == "docx":
        target = tmp_path / "r.docx"
        assert main([*args, "--format", "docx", "-o", str(target)]) == 0
        capsys.readouterr()
        doc = docx.Document(str(target))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return _without_annex_ids("\n".join([*(p.text for p in doc.paragraphs), *cells]))
    _code, out = _run(capsys, *args, "--format", fmt)
    out = re.sub(r"<svg.*?</svg>", "", out, flags=re.S)
    return _without_annex_ids(html.unescape(re.sub(r"<[^>]+>", " ", out)))


def _without_annex_ids(text: str) -> str:
    """``text`` with the annex's record ids taken out: the talks counted, each once, in the annex only."""
    ids = [str(yaml.safe_load(p.read_text(encoding="utf-8"))["id"]) for p in sorted(RECORDS.glob("talks/*/*.yaml"))]
    counted = [i for i in ids if re.search(rf"(?<![A-Za-z0-9-]){re.escape(i)}(?![A-Za-z0-9-])", text)]
    assert "shanhai-2026-018" in counted
    annex = text.rindex("统计的谈话清单")  # the annex comes last, in every format
    for talk_id in counted:
        assert text.count(talk_id) == 1 and text.index(talk_id) > annex, talk_id
        text = text.replace(talk_id, "")
    return text


def _record_ids() -> set[str]:
    return {p.stem for p in RECORDS.rglob("*.yaml") if not p.stem.isdigit()} | {"shanhai-sw-2026", "p04"}


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_report_prose_has_chinese_dates_and_no_field_names_or_record_ids(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    text = _report_text(capsys, tmp_path, fmt)
    assert _ISO.findall(text) == []
    assert _FIELD_NAME.findall(text) == []
    assert [i for i in _record_ids() if re.search(rf"(?<![A-Za-z0-9-]){re.escape(i)}(?![A-Za-z0-9-])", text)] == []
    assert "整改措施于2026年3月2日提交，期限为2026年2月28日，逾期2天" in text
    assert "中共山海市委关于2026年度开展监督谈话工作情况的报告" in text
    assert "纪律检查机关" in text and "纪检监察机关" not in text
    assert "涉密" not in text and "机密" not in text


def test_report_marks_an_estimated_term_end_and_names_the_coverage_gap(capsys: pytest.CaptureFixture[str],
                                                                       tmp_path: Path) -> None:
    running = _report_text(capsys, tmp_path, "md")
    assert "第8届任期自2022年1月10日至2027年1月9日（未登记届满日期，按5年推算），尚未届满" in running
    assert ("第8届任期将于2027年1月9日届满（未登记届满日期，按5年推算），"
            "应对10个下一级党组织“一把手”开展定期谈话") in running
    assert "按届期推算" not in running
    ended = _report_text(capsys, tmp_path, "md", as_of="2027-02-01")  # the estimated end has passed
    assert "山海新区党工委：本届任期内未对其“一把手”开展定期谈话" in ended
    assert "本届任期内未对其“一把手”开展定期谈话（第8届任期于2027年1月9日届满（未登记届满日期，按5年推算））" in ended
    assert "未被定期谈话覆盖" not in ended


def test_secretary_sentences_read_as_a_shu_zhi(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = _report_text(capsys, tmp_path, "md")
    assert "本人作为谈话人开展监督谈话3次，其中定期谈话3次、及时谈话0次。" in text
    assert "发现应当依规依纪追究责任的线索5条（第十七条）" in text
    assert "赵刚同志作为谈话人开展谈话" not in text and "需要追责问责" not in text


def test_word_file_properties_name_the_report_and_its_issuer(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _report_text(capsys, tmp_path, "docx")
    props = docx.Document(str(tmp_path / "r.docx")).core_properties
    assert props.title == "中共山海市委关于2026年度开展监督谈话工作情况的报告"
    assert props.subject == "中共山海市委员会2026年度开展监督谈话工作情况"
    assert props.author == "中共山海市委员会"
    assert "第十三条第二款" in props.category


def test_a_party_groups_report_calls_its_members_dang_zu_cheng_yuan(capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    """In a Party group's annual report the talker table names its members 党组成员 (a Party group has no 常委)."""
    records = world.base()
    records["orgs/group-g.yaml"]["leadership_team"] = [
        {"person": "lg", "role": "secretary", "from": "2020-01-01", "to": None},
        {"person": "ln", "role": "standing_member", "from": "2020-01-01", "to": None},
    ]
    records["people/lu.yaml"] = {"id": "lu", "name": "冯下属"}
    records["orgs/unit-u.yaml"] = {"id": "unit-u", "name": "测试市教育科学研究院党委", "kind": "unit_party_org",
                                   "parent": "group-g", "leaders": [{"person": "lu", "from": "2020-01-01", "to": None}]}
    folder = world.write(tmp_path, records)
    code, out = _run(capsys, "report", "--records", str(folder), "--committee", "group-g", "--year", "2026",
                     "--as-of", "2026-11-27", "--format", "md")
    assert code in (0, 1)
    talkers = out[out.index("<caption>各谈话人谈话次数</caption>"):]
    talkers = talkers[:talkers.index("</table>")]
    assert "<td>周新</td><td>党组成员</td>" in talkers.replace(" ", "") and "常委" not in talkers
