"""Labels users read use the Measures' own words (公文 register), not paraphrases."""

from __future__ import annotations

from generator.model import catalog

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
