"""The schemas as shipped work with check-jsonschema (offline, no --base-uri), and it agrees with
``talkdocs check`` on every schema-level case of the broken corpus and on the sample records; where talkdocs
says more, the check is listed in docs/talkdocs-only-checks.md."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import world
from corpus import CASES, CORPUS

from generator.load import instance_loader, layout
from generator.rules.table import RULES

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
DOCS = (ROOT / "docs" / "talkdocs-only-checks.md").read_text(encoding="utf-8")
SCHEMA_RULES = {r.id for r in RULES.values() if r.group == "schema"} | {"A2-SCOPE-KIND", "A7-INDIVIDUAL"}


def _check_jsonschema(kind: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                           str(SCHEMAS / f"{kind}.schema.json"), *map(str, files)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_the_sample_records_pass_check_jsonschema_as_they_pass_talkdocs() -> None:
    by_kind: dict[str, list[Path]] = {}
    for rel in instance_loader.discover(ROOT / "records").paths:
        place = instance_loader.place_of(rel)
        if isinstance(place, layout.Place):
            by_kind.setdefault(place.kind, []).append(ROOT / "records" / rel)
    assert set(by_kind) >= {"org", "person", "plan", "talk", "rectification", "settings"}
    for kind, files in sorted(by_kind.items()):
        done = _check_jsonschema(kind, files)
        assert done.returncode == 0, (kind, done.stdout + done.stderr)
        assert "--base-uri" not in done.stdout + done.stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_jsonschema_agrees_on_the_broken_corpus(tmp_path: Path, case: str) -> None:
    rel, rule, _variant, _line, _words = CASES[case]
    folder = world.write(tmp_path, world.base())
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / case, folder / rel)
    ours = {f.rule for f in world.check(folder, world.AS_OF).findings if f.path == rel}
    place = instance_loader.place_of(rel)
    assert isinstance(place, layout.Place)
    theirs = _check_jsonschema(place.kind, [folder / rel])
    said = theirs.stdout + theirs.stderr
    schema_level = bool(ours & SCHEMA_RULES)
    if schema_level:
        assert theirs.returncode == 1 and "Schema validation errors" in said, (case, said)
    elif theirs.returncode == 0 or "Schema validation errors" not in said:
        # check-jsonschema reads the file and finds nothing wrong (or cannot read it at all): what talkdocs
        # reports there is a check only talkdocs makes, and the docs list it
        assert f"`{rule}`" in DOCS, f"{case}: {rule} is not documented as a talkdocs-only check"
    else:
        # check-jsonschema rejects a file whose first problem talkdocs reports as YAML strictness (a YAML 1.1
        # value read as a typed value by ruamel, for instance): both reject it
        assert ours, case


def test_the_docs_list_every_check_the_schemas_cannot_say() -> None:
    only_ours = {r.id for r in RULES.values()
                 if r.id not in SCHEMA_RULES and (r.variants or r.id == "A16-CONFIDENTIAL")}
    missing = sorted(r for r in only_ours if f"`{r}`" not in DOCS)
    assert not missing, missing
