"""docs/record-fields.md documents the record format in full, and the repository documents itself.

Every property of every schema in ``schemas/`` (at every level, list items as ``name[]``) is a row of the table of
its record kind on the page, every row names a property the schema has, and every YAML example on the page is a
valid record of its kind as ``talkdocs check`` reads it.  No file of the repository points at the shared folder
beside it (outside the repository).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.findings.finding import Finding
from generator.load import instance_loader
from generator.schema import loader as schema_loader

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "record-fields.md"
KINDS = schema_loader.SCHEMA_KINDS
SECTION = re.compile(r"^## [^\n]*（(" + "|".join(KINDS) + r")）[^\n]*\n", re.M)
ROW = re.compile(r"^\| `([a-z_][a-z_.\[\]]*)` \|", re.M)
EXAMPLE = re.compile(r"^```yaml\n(.*?)^```", re.M | re.S)
SCHEMAS = {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
           for p in sorted((ROOT / "schemas").glob("*.schema.json"))}


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Follow ``$ref`` (local, or into another schema file of ``schemas/``); the schema and the file it is in."""
    while "$ref" in schema:
        target, _, pointer = schema["$ref"].partition("#")
        doc = SCHEMAS[target.removesuffix(".schema.json")] if target else doc
        node: Any = doc
        for part in filter(None, pointer.split("/")):
            node = node[part]
        schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema, doc


def _properties(schema: dict[str, Any], doc: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Every property path of a schema: ``terms``, ``terms[].number``, ``record.file`` …"""
    schema, doc = _resolve(schema, doc)
    for name, sub in schema.get("properties", {}).items():
        yield prefix + name
        yield from _properties(sub, doc, f"{prefix}{name}.")
    if "items" in schema and isinstance(schema["items"], dict):
        yield from _properties(schema["items"], doc, prefix.removesuffix(".") + "[].")
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            yield from _properties(sub, doc, prefix)
    for key in ("then", "else"):
        if isinstance(schema.get(key), dict):
            yield from _properties(schema[key], doc, prefix)


def _sections() -> dict[str, str]:
    text = PAGE.read_text(encoding="utf-8")
    found = list(SECTION.finditer(text))
    out = {}
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        out[match.group(1)] = text[match.end():end]
    return out


def test_the_page_has_a_section_for_every_kind_of_record() -> None:
    assert sorted(_sections()) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_of_the_schema_is_documented_and_every_documented_field_exists(kind: str) -> None:
    in_schema = set(_properties(SCHEMAS[kind], SCHEMAS[kind]))
    rows = ROW.findall(_sections()[kind])
    assert len(rows) == len(set(rows)), "a field is documented twice"
    assert sorted(in_schema - set(rows)) == [], "in the schema, not on the page"
    assert sorted(set(rows) - in_schema) == [], "on the page, not in the schema"


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_on_the_page_is_a_valid_record(kind: str) -> None:
    schemas = schema_loader.load()
    examples = EXAMPLE.findall(_sections()[kind])
    assert examples, f"no example for {kind}"
    for text in examples:
        data = instance_loader.parse_bytes(text.encode("utf-8"), f"{kind}.yaml")
        assert not isinstance(data, Finding), (kind, data)
        assert schemas.is_valid(kind, data), (kind, text)


def test_the_property_walk_sees_nested_and_list_properties() -> None:
    # The comparison above is only as good as the walk: it must reach into list items and objects.
    talk = set(_properties(SCHEMAS["talk"], SCHEMAS["talk"]))
    assert {"steps[].step", "record.file", "preparation.materials", "untruthful.noted_on"} <= talk


def test_no_file_of_the_repository_points_outside_it_to_the_shared_folder() -> None:
    needle = "../" + "shared"  # written in two parts, so that this file does not name it
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    files = [ROOT / name for name in tracked.decode("utf-8").split("\0") if name]
    files += [p for p in (ROOT / "docs").rglob("*.md")]  # pages not committed yet are read as well
    hits = [str(p.relative_to(ROOT)) for p in sorted(set(files))
            if p.is_file() and needle.encode() in p.read_bytes()]
    assert hits == []
