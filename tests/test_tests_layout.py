"""Test modules share code through the helper modules of ``tests/`` (world, gitworld, record_files, …), never by
importing another test module: pytest would collect and run that module's tests twice under two names, and a
test module could not be renamed or removed without breaking another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return {name.split(".")[0] for name in names}


def test_no_test_module_imports_another() -> None:
    test_modules = {p.stem for p in TESTS.glob("test_*.py")}
    found = {p.name: sorted(_imported_modules(p) & test_modules) for p in sorted(TESTS.glob("*.py"))}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_check_sees_an_import_of_a_test_module(tmp_path: Path) -> None:
    planted = tmp_path / "test_planted.py"
    planted.write_text("from test_site_security import SAMPLE_CANARY\nimport test_rules as r\n", encoding="utf-8")
    assert _imported_modules(planted) >= {"test_site_security", "test_rules"}
