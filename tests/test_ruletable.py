"""The rule table is the one source of rule ids and wording: complete, Chinese, formattable, and every rule and
variant in it is both produced by the code and fixed by a test with a passing and a failing fixture."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from corpus import CASES as BROKEN
from rule_cases import CASES, ELSEWHERE

from generator.rules.table import COVERAGE_RULES, RULES

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
RESERVED = {"path", "line", "column", "record", "pointer", "variant"}  # keyword arguments of findings.make
# A rule id: the Measures' (A5-…, A14-A15-…) and the input, schema, reference and audit groups.
RULE_ID = re.compile(r"(?:A\d+(?:-A\d+)*|FILE|YAML|SCHEMA|REF|SETTINGS|AUDIT)(?:-[A-Z0-9]+)+")


def _string_constants(path: Path) -> set[str]:
    return {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def _variants() -> set[tuple[str, str]]:
    """Every (rule id, variant) of the table; a rule met by a page or report rather than a finding: (id, "")."""
    return {(rule.id, variant) for rule in RULES.values() for variant in (rule.variants or {"": None})}


def test_messages_are_chinese_and_use_no_reserved_parameters() -> None:
    for rule in RULES.values():
        assert re.search(r"[\u4e00-\u9fff]", rule.requirement), rule.id
        assert rule.variants or rule.feature, rule.id
        for text in rule.variants.values():
            assert re.search(r"[\u4e00-\u9fff]", text.message), rule.id
            fields = {f for part in (text.message, text.hint) for _, f, _, _ in string.Formatter().parse(part) if f}
            assert not fields & RESERVED, (rule.id, fields & RESERVED)
            assert text.severity in ("error", "warning", "info")


def test_every_rule_id_the_code_writes_is_in_the_table_and_every_rule_is_checked_by_the_code() -> None:
    written: dict[str, set[str]] = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path == ROOT / "generator" / "rules" / "table.py":
            continue
        for value in _string_constants(path):
            if RULE_ID.fullmatch(value):
                written.setdefault(value, set()).add(path.relative_to(ROOT).as_posix())
    assert set(written) - set(RULES) == set(), {k: v for k, v in written.items() if k not in RULES}
    # A rule with findings has code that makes them (grep RULE-ID shows the table entry and that code).
    assert {r.id for r in RULES.values() if r.variants} - set(written) == set()


def test_every_rule_id_the_documentation_names_is_in_the_table() -> None:
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        named = set(RULE_ID.findall(page.read_text(encoding="utf-8")))
        assert named - set(RULES) == set(), (page.name, named - set(RULES))


def test_every_rule_and_variant_has_a_failing_fixture() -> None:
    fixed = {(c.rule, c.variant) for c in CASES} | {(rule, variant) for _rel, rule, variant, *_ in BROKEN.values()}
    missing = _variants() - fixed - set(ELSEWHERE)
    assert missing == set(), sorted(missing)
    assert (fixed | set(ELSEWHERE)) - _variants() == set(), "a fixture names a rule or variant the table lacks"


def test_the_tests_named_for_the_other_rules_exist_and_name_their_rule() -> None:
    for (rule, _variant), where in ELSEWHERE.items():
        module, function = where.split("::")
        source = (TESTS / module).read_text(encoding="utf-8")
        tests = {node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef)}
        assert function in tests, where
        assert rule in source, (rule, module)


def test_the_coverage_rules_are_rules_of_the_table() -> None:
    assert set(RULES) >= COVERAGE_RULES and all(RULES[r].article == "第五条第二款" for r in COVERAGE_RULES)
