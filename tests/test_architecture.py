"""The package stays laid out as its pipeline (docs/architecture.md): small modules, no import cycle, imports
only downwards.  Read from the source with :mod:`ast` (tests/architecture_check.py); nothing is imported.

The same checker runs on small packages planted in a temporary folder, so each rule is shown to fail when
it is broken.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from architecture_check import Rules, cycles, problems, read_package

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# The stages, lowest first; a module imports only its own stage and lower ranks.  Stages of one rank are side
# by side and must not import each other (the views: site, annual report, office formats, demo, new repository).
ORDER: tuple[tuple[str, ...], ...] = (
    ("load",), ("schema",), ("model",), ("measures",), ("rules",), ("findings",), ("engine",),
    ("audit", "output"), ("site", "annual", "office", "demo", "scaffold"), ("cli",),
)
RANKS = {stage: rank for rank, group in enumerate(ORDER) for stage in group}
# generator/__init__.py (the version), errors.py (exit codes and the errors every stage may raise; it imports
# nothing) below every stage, and python -m generator above them
TOP = {"__init__": -1, "errors": -1, "__main__": len(ORDER)}

# The vocabulary every stage speaks, importable from any stage: the rule table (rule ids and Chinese
# messages, with the office words it reads), the Finding value made from it, the Chinese labels of record
# values and the wording of dates.  Each imports nothing of the package but the ones before it, so no cycle
# can go through them.
VOCABULARY = ("generator.rules.table", "generator.rules.office_words", "generator.findings.finding",
              "generator.model.catalog", "generator.model.wording")

# Imports that cross the order on purpose, each with its reason.
REASONS: dict[tuple[str, str], str] = {
    ("generator.site", "generator.annual"): "the site shows each annual report as one of its pages",
    ("generator.site", "generator.office"): "the site offers the 台账 (.xlsx) and the calendar (.ics) as downloads",
}

# Modules still over the limit, each with why it is still to be split (none left: a module that grows past the
# limit is split, or listed here with its reason).
OVERSIZED: dict[str, str] = {}

RULES = Rules(RANKS, TOP, REASONS, VOCABULARY, OVERSIZED)


def test_the_package_keeps_its_shape() -> None:
    found = problems(PACKAGE, RULES)
    assert not found, "\n".join(found)


def test_every_stage_folder_has_a_rank() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    assert folders == set(RANKS)


def test_the_oversized_list_holds_only_modules_still_too_long() -> None:
    modules = read_package(PACKAGE)
    assert {name for name in OVERSIZED if modules[name].lines > RULES.max_lines} == set(OVERSIZED)


def test_the_listed_exceptions_are_still_needed() -> None:
    """A reason that no import uses any more is removed, so the list stays the list of real exceptions."""
    modules = read_package(PACKAGE)
    used = {key for key in REASONS for m in modules.values() for target, _ in m.imports
            if RULES.matches(key, m.name, target)}
    assert used == set(REASONS)


# --- the checker fails on what it must find -------------------------------------------------------------
def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return root


PLANTED = Rules({"low": 0, "high": 1, "view_a": 2, "view_b": 2}, {"__init__": -1}, {}, ("pkg.low.words",))


def _rules(**changes: object) -> Rules:
    return replace(PLANTED, **changes)  # type: ignore[arg-type]


def test_a_clean_planted_package_passes(tmp_path: Path) -> None:
    root = _plant(tmp_path, {
        "low/words.py": "WORDS = 1\n",
        "low/base.py": "from pkg.low import words\n",
        "high/use.py": "from pkg.low.base import *\nfrom ..low import words\n",
        "view_a/page.py": "import pkg.high.use\n",
    })
    assert problems(root, PLANTED) == []


def test_a_long_module_is_found(tmp_path: Path) -> None:
    root = _plant(tmp_path, {"low/long.py": "x = 1\n" * 401})
    assert problems(root, PLANTED) == ["pkg/low/long.py: 401 lines (more than 400): split it by what it holds"]


@pytest.mark.parametrize("statement", [
    "from pkg.high import use",
    "import pkg.high.use",
    "from ..high.use import thing",
    "def late():\n    from pkg.high import use  # inside a function: still a dependency\n",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.high.use import Thing\n",
])
def test_an_upward_import_is_found(tmp_path: Path, statement: str) -> None:
    root = _plant(tmp_path, {"high/use.py": "thing = 1\n", "low/base.py": statement + "\n"})
    found = problems(root, PLANTED)
    assert len(found) == 1 and found[0].startswith("pkg/low/base.py:") and "imports pkg.high.use, a higher stage" \
        in found[0], found


def test_a_view_importing_another_view_is_found_unless_listed(tmp_path: Path) -> None:
    root = _plant(tmp_path, {"view_a/page.py": "from pkg.view_b import other\n", "view_b/other.py": ""})
    assert ["side by side" in p for p in problems(root, PLANTED)] == [True]
    listed = _rules(allowed={("pkg.view_a", "pkg.view_b"): "planted reason"})
    assert problems(root, listed) == []


def test_an_import_cycle_is_found_also_through_a_late_import(tmp_path: Path) -> None:
    root = _plant(tmp_path, {
        "high/a.py": "from pkg.high import b\n",
        "high/b.py": "def f():\n    from pkg.high import c\n",
        "high/c.py": "import pkg.high.a\n",
    })
    assert problems(root, PLANTED) == ["import cycle: pkg.high.a → pkg.high.b → pkg.high.c"]
    assert cycles(read_package(root)) == [["pkg.high.a", "pkg.high.b", "pkg.high.c"]]


def test_the_vocabulary_is_importable_from_below_but_must_itself_stay_low(tmp_path: Path) -> None:
    rules = _rules(vocabulary=("pkg.high.words",))
    root = _plant(tmp_path, {"high/words.py": "", "low/base.py": "from pkg.high import words\n"})
    assert problems(root, rules) == []
    root = _plant(tmp_path / "again", {"high/words.py": "from pkg.view_a import page\n", "view_a/page.py": "",
                                       "low/base.py": "from pkg.high import words\n"})
    assert ["vocabulary" in p for p in problems(root, rules)] == [True]


def test_git_is_run_by_one_module_and_gitpython_by_none() -> None:
    """audit/gitrepo runs git (plain subprocess); only the parse cache's check-ignore probe (load stage, below
    audit) runs it elsewhere; nothing imports GitPython, which is no longer a dependency."""
    import ast

    runs_git, imports_gitpython = set(), set()
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "git" for a in node.names):
                imports_gitpython.add(rel)
            if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "git":
                imports_gitpython.add(rel)
            if isinstance(node, (ast.List, ast.Tuple)) and node.elts and isinstance(node.elts[0], ast.Constant) \
                    and node.elts[0].value == "git":
                runs_git.add(rel)
    assert imports_gitpython == set()
    assert runs_git == {"audit/gitrepo.py", "load/cache.py"}
    assert "gitpython" not in (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8").lower()
