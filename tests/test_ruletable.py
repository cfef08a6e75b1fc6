"""The rule table is the one source of rule wording: complete, Chinese, and formattable."""

from __future__ import annotations

import re
import string
from pathlib import Path

from generator.rules.table import RULES

RESERVED = {"path", "line", "column", "record", "pointer", "variant"}  # keyword arguments of findings.make
RULES_MD = Path(__file__).resolve().parents[2] / "shared" / "RULES.md"


def test_every_rule_of_rules_md_is_in_the_table() -> None:
    if RULES_MD.exists():
        ids = set(re.findall(r"^\| (A[0-9A-Z-]+) \|", RULES_MD.read_text(encoding="utf-8"), re.M))
        assert ids and ids <= set(RULES)


def test_messages_are_chinese_and_use_no_reserved_parameters() -> None:
    for rule in RULES.values():
        assert re.search(r"[\u4e00-\u9fff]", rule.requirement), rule.id
        assert rule.variants or rule.feature, rule.id
        for text in rule.variants.values():
            assert re.search(r"[\u4e00-\u9fff]", text.message), rule.id
            fields = {f for part in (text.message, text.hint) for _, f, _, _ in string.Formatter().parse(part) if f}
            assert not fields & RESERVED, (rule.id, fields & RESERVED)
            assert text.severity in ("error", "warning", "info")
