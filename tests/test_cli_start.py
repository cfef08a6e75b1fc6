"""``talkdocs --version`` and ``--help`` load no stage and no heavy library; a verb loads its own module only.

Not timed (speed is measured in bench/startup.py, figures in bench/RESULTS.md): what is asserted is what the
time depends on, the modules a fresh process has imported when it is done.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import verbs

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("jsonschema", "jsonschema_rs", "mkdocs", "yaml", "openpyxl", "docx", "git", "jinja2", "material")
PROBE = """
import json, sys
from generator.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)))
"""


def imported(*args: str) -> tuple[str, list[str]]:
    """What ``talkdocs ARGS`` printed, and every module its process had imported at the end."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          check=True, timeout=120)
    return done.stdout, json.loads(done.stderr.rsplit("\n", 1)[1])


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_version_and_help_import_no_stage_and_no_heavy_library(option: str) -> None:
    out, modules = imported(option)
    assert out.strip() if option == "--help" else out.startswith("talkdocs ")
    heavy = [m for m in modules if m.split(".")[0] in HEAVY]
    assert heavy == []
    ours = [m for m in modules if m.split(".")[0] == "generator"]
    assert ours == ["generator", "generator.cli", "generator.cli.app", "generator.cli.parser", "generator.cli.verbs",
                    "generator.errors"]


def test_help_lists_every_verb_with_its_line_from_the_table() -> None:
    out, _ = imported("--help")
    joined = "".join(out.split())  # argparse wraps long lines
    for name, line in verbs.VERBS.items():
        assert f"{name}{''.join(line.split())}" in joined, name


def test_a_verb_imports_its_own_module_and_no_other_verb() -> None:
    out, modules = imported("rules", "--help")
    assert "列出全部规则" in out
    loaded = {m.rsplit(".", 1)[1] for m in modules if m.startswith("generator.cli.") and m.count(".") == 2}
    assert loaded & set(verbs.VERBS) == {"rules"}
    assert not [m for m in modules if m.split(".")[0] in ("mkdocs", "openpyxl", "docx", "git")]


@pytest.mark.parametrize("name", list(verbs.VERBS))
def test_every_verb_of_the_table_has_a_module_with_configure_and_run(name: str) -> None:
    module = verbs.load(name)
    assert callable(module.configure) and callable(module.run)
