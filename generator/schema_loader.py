"""Load the JSON Schemas (the single source of truth for records) and build validators for them.

Two validators per record type share the same schema: jsonschema-rs decides quickly whether a record is
valid; only for the rare invalid record does the pure-Python ``jsonschema`` walk the errors, because its
error objects carry what a clear Chinese message needs (the keyword, the path, the sub-schema).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from referencing import Registry, Resource

SCHEMA_KINDS = ("org", "person", "plan", "talk", "rectification", "settings")


class SchemaConfigError(Exception):
    """The schemas themselves cannot be read: a configuration error, exit code 2."""


def schemas_dir() -> Path:
    """The schemas folder: installed inside the package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas", here.parent / "schemas"):
        if (candidate / "talk.schema.json").is_file():
            return candidate
    looked = f"{here / 'schemas'} 和 {here.parent / 'schemas'}"
    raise SchemaConfigError(f"找不到记录格式文件（schemas/*.schema.json），已查找 {looked}")


@dataclass(frozen=True)
class SchemaSet:
    """The parsed schemas and their validators, by record kind."""

    schemas: Mapping[str, dict[str, Any]]
    fast: Mapping[str, Any]  # jsonschema_rs validators
    full: Mapping[str, jsonschema.protocols.Validator]

    def is_valid(self, kind: str, data: Any) -> bool:
        """Quick yes/no."""
        return bool(self.fast[kind].is_valid(data))

    def errors(self, kind: str, data: Any) -> list[jsonschema.ValidationError]:
        """All errors, in a stable order, for building messages."""
        errors = list(self.full[kind].iter_errors(data))
        return sorted(errors, key=lambda e: ([str(p) for p in e.absolute_path], e.validator or "", e.message))


def load(directory: Path | None = None) -> SchemaSet:
    """Read every ``*.schema.json`` and compile a validator for each record kind."""
    directory = directory or schemas_dir()
    documents: dict[str, dict[str, Any]] = {}
    try:
        for path in sorted(directory.glob("*.schema.json")):
            documents[path.name.removesuffix(".schema.json")] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaConfigError(f"记录格式文件无法读取：{exc}") from exc
    missing = [k for k in SCHEMA_KINDS if k not in documents]
    if missing:
        raise SchemaConfigError(f"缺少记录格式文件：{', '.join(k + '.schema.json' for k in missing)}")
    resources = [(doc["$id"], doc) for doc in documents.values()]
    rs_registry = jsonschema_rs.Registry(resources)
    py_registry: Registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in documents.values()
    )
    fast = {
        kind: jsonschema_rs.validator_for(documents[kind], registry=rs_registry, validate_formats=True, offline=True)
        for kind in SCHEMA_KINDS
    }
    format_checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    full = {
        kind: jsonschema.Draft202012Validator(documents[kind], registry=py_registry, format_checker=format_checker)
        for kind in SCHEMA_KINDS
    }
    return SchemaSet(documents, fast, full)
