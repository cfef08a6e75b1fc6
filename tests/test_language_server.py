"""The editor gives the verdict ``talkdocs check`` gives: the YAML language server (Red Hat's, the engine of VS
Code's YAML extension), configured only by this repository's ``.vscode/settings.json``, resolves every schema
offline, finds nothing in the sample records, underlines every schema-level case of the broken corpus and the
hostile values of the schemas, and where it stays silent the check is listed as one only talkdocs makes."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import world
from corpus import CASES, CORPUS
from lsp_client import SERVER, YamlLanguageServer

from generator.cli.app import main
from generator.load import instance_loader, layout
from generator.rules.table import RULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "talkdocs-only-checks.md").read_text(encoding="utf-8")
SCHEMA_RULES = {r.id for r in RULES.values() if r.group == "schema"} | {"A2-SCOPE-KIND", "A7-INDIVIDUAL"}

if not (SERVER.exists() and shutil.which("node")):
    if os.environ.get("CI"):
        pytest.fail("yaml-language-server is not installed: run scripts/ensure-language-server.sh",
                    pytrace=False)
    pytest.skip("yaml-language-server not installed (scripts/ensure-language-server.sh)", allow_module_level=True)


def _editor_settings() -> dict[str, object]:
    """The ``yaml.*`` keys of the repository's editor settings, as VS Code hands them to the server."""
    shipped = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    settings: dict[str, object] = {"validate": True}
    for key, value in shipped.items():
        if key.startswith("yaml."):
            settings[key.removeprefix("yaml.").split(".")[0]] = (
                {"enable": value} if key == "yaml.schemaStore.enable" else value)
    return settings


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkout as an office has it: the schemas and editor settings of this repository beside ``records/``."""
    root = tmp_path_factory.mktemp("checkout")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copytree(ROOT / ".vscode", root / ".vscode")
    return root


@pytest.fixture(scope="module")
def editor(workspace: Path) -> Iterator[YamlLanguageServer]:
    with YamlLanguageServer(workspace, _editor_settings()) as server:
        yield server


def _fresh_records(workspace: Path, records: dict[str, object]) -> Path:
    folder = workspace / "records"
    shutil.rmtree(folder, ignore_errors=True)
    return world.write(workspace, records)


def _sample_files() -> list[str]:
    return sorted(rel for rel in instance_loader.discover(ROOT / "records").paths
                  if isinstance(instance_loader.place_of(rel), layout.Place))


def test_the_sample_records_are_clean_in_the_editor(workspace: Path, editor: YamlLanguageServer) -> None:
    shutil.rmtree(workspace / "records", ignore_errors=True)
    shutil.copytree(ROOT / "records", workspace / "records")
    files = _sample_files()
    assert len(files) > 20
    for rel in files:
        said = editor.diagnostics(workspace / "records" / rel)
        assert said == [], (rel, said)


def _one_sample_file_per_kind() -> list[str]:
    first: dict[str, str] = {}
    for rel in _sample_files():
        place = instance_loader.place_of(rel)
        assert isinstance(place, layout.Place)
        first.setdefault(place.kind, rel)
    assert set(first) == {"org", "person", "plan", "talk", "rectification", "settings"}
    return sorted(first.values())


@pytest.mark.parametrize("rel", _one_sample_file_per_kind())
def test_every_kind_of_record_gets_its_schema(workspace: Path, editor: YamlLanguageServer, rel: str) -> None:
    # a clean file proves nothing if no schema was applied: a misspelt field must be underlined in each kind
    shutil.rmtree(workspace / "records", ignore_errors=True)
    shutil.copytree(ROOT / "records", workspace / "records")
    path = workspace / "records" / rel
    path.write_text(path.read_text(encoding="utf-8") + "nmae: 拼错的字段\n", encoding="utf-8")
    said = editor.diagnostics(path)
    assert any(d.from_schema and "nmae" in d.message for d in said), said


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_editor_agrees_on_the_broken_corpus(workspace: Path, editor: YamlLanguageServer, case: str) -> None:
    rel, rule, _variant, _line, _words = CASES[case]
    folder = _fresh_records(workspace, world.base())
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / case, folder / rel)
    ours = {f.rule for f in world.check(folder, world.AS_OF).findings if f.path == rel}
    theirs = [d for d in editor.diagnostics(folder / rel) if d.from_schema]
    if ours & SCHEMA_RULES:
        assert theirs, (case, ours)
    elif not theirs:
        # the editor finds nothing wrong: what talkdocs reports there is a check only talkdocs makes
        assert f"`{rule}`" in DOCS, f"{case}: {rule} is not documented as a talkdocs-only check"
    else:
        # the editor rejects what talkdocs reports as YAML strictness (a YAML 1.1 word read as a string
        # where a boolean belongs, say): both reject it
        assert ours, case


# Values the schemas must refuse in the editor as talkdocs does: (record, field, YAML text of the value)
HOSTILE = [
    ("talks/2026/t1.yaml", "kind", "meeting"),
    ("talks/2026/t1.yaml", "interviewee", "[la, lg]"),
    ("talks/2026/t1.yaml", "date", '"2026-02-30"'),
    ("talks/2026/t1.yaml", "date", '"٢٠٢٦-٠٤-١٢"'),
    ("talks/2026/t1.yaml", "talker", '"sec\\n"'),
    ("talks/2026/t1.yaml", "committee", '"city\\u001b[2K"'),
    ("people/la.yaml", "name", '"李\\u202e甲"'),
    ("settings.yaml", "plan_missing_after", '"٠٣-٣١"'),
    ("settings.yaml", "plan_missing_after", '"03-31\\n"'),
    ("settings.yaml", "plan_missing_after", '"02-30"'),
    ("settings.yaml", "term_years", "8000"),
    ("plans/city/2026.yaml", "in_responsibility_list", "yes"),
]


@pytest.mark.parametrize(("rel", "field", "value"), HOSTILE)
def test_the_editor_refuses_what_talkdocs_refuses(workspace: Path, editor: YamlLanguageServer,
                                                  rel: str, field: str, value: str) -> None:
    folder = _fresh_records(workspace, {**world.base(), "settings.yaml": {"term_years": 5}})
    path = folder / rel
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith(f"{field}:")]
    path.write_text("\n".join([*lines, f"{field}: {value}"]) + "\n", encoding="utf-8")
    if rel == "settings.yaml":
        # a settings file talkdocs cannot use stops the check before any record (exit 2, naming the file)
        assert main(["check", "--records", str(folder), "--as-of", "2026-11-27"]) == 2
    else:
        assert any(f.path == rel for f in world.check(folder, world.AS_OF).findings), (rel, field, value)
    theirs = [d for d in editor.diagnostics(path) if d.from_schema]
    assert theirs, (rel, field, value)
