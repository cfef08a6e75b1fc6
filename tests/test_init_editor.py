"""The editor settings ``talkdocs init`` writes work in the new repository alone: Red Hat's YAML language server
(VS Code's YAML extension), given only that repository's ``.vscode/settings.json``, applies the repository's own
copy of the schemas to a record ``talkdocs new`` wrote — through the record's ``$schema`` line and, without
that line, through the settings' mapping."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from lsp_client import SERVER, YamlLanguageServer

from generator.cli.app import main

if not (SERVER.exists() and shutil.which("node")):
    if os.environ.get("CI"):
        pytest.fail("yaml-language-server is not installed: run scripts/ensure-language-server.sh", pytrace=False)
    pytest.skip("yaml-language-server not installed (scripts/ensure-language-server.sh)", allow_module_level=True)


def _settings(top: Path) -> dict[str, object]:
    shipped = json.loads((top / ".vscode/settings.json").read_text(encoding="utf-8"))
    out: dict[str, object] = {"validate": True}
    for key, value in shipped.items():
        if key.startswith("yaml."):
            name = key.removeprefix("yaml.").split(".")[0]
            out[name] = {"enable": value} if key == "yaml.schemaStore.enable" else value
    return out


def test_a_new_record_is_checked_against_the_repository_schemas(tmp_path: Path) -> None:
    top = tmp_path / "office"
    assert main(["init", str(top), "--name", "中共清河县委员会", "--id", "qinghe-xw", "--kind", "county_committee",
                 "--term", "15", "--term-start", "2021-09-28"]) == 0
    records = top / "records"
    assert main(["new", "person", "--records", str(records), "--id", "wang-fang"]) == 0
    person = records / "people/wang-fang.yaml"
    with_line = person.read_text(encoding="utf-8").replace("name:", "nmae:")
    without_line = records / "people/li-jia.yaml"
    without_line.write_text("id: li-jia\nnmae: 李甲\n", encoding="utf-8")
    person.write_text(with_line, encoding="utf-8")
    with YamlLanguageServer(top, _settings(top)) as editor:
        assert editor.diagnostics(records / "orgs/qinghe-xw.yaml") == []
        assert editor.diagnostics(records / "settings.yaml") == []
        for path in (person, without_line):
            said = [d for d in editor.diagnostics(path) if d.from_schema]
            assert any("nmae" in d.message for d in said), (path, said)
