"""Load the JSON Schemas (the single source of truth for records) and build validators for them.

Two validators per record type share the same schema: jsonschema-rs decides quickly whether a record is
valid; only for the rare invalid record does the pure-Python ``jsonschema`` walk the errors, because its
error objects carry what a clear Chinese message needs (the keyword, the path, the sub-schema).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import jsonschema.validators
import jsonschema_rs
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.errors import ConfigError
from generator.load import layout


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """``pattern`` with ECMA-262 meaning (as jsonschema-rs, check-jsonschema and editors read it): ``\\d`` is
    an ASCII digit and ``$`` only matches at the very end.  Python's ``re`` would accept Arabic-Indic digits
    and a final newline, and the two validators would disagree about a record."""
    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif in_class:
            out.append(char)
            in_class = char != "]"
        elif char == "[":
            out.append(char)
            in_class = True
        else:
            out.append(r"\Z" if char == "$" else char)
    return re.compile("".join(out), re.ASCII)


_EcmaValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})

SCHEMA_KINDS = (*layout.RECORD_KINDS, "settings")


def definition(name: str, directory: Path | None = None) -> dict[str, Any]:
    """One shared definition of common.schema.json (``$defs/<name>``), e.g. ``id``, for code that checks a value
    the way the schema does without loading every validator."""
    path = (directory or schemas_dir()) / "common.schema.json"
    try:
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["$defs"][name]
    except (OSError, ValueError, KeyError) as exc:
        raise SchemaConfigError(f"记录格式文件无法读取：{path}：{exc}") from exc
    return found


@lru_cache(maxsize=16)
def field_titles(kind: str) -> Mapping[str, str]:
    """The Chinese title of each top-level field of a record kind (``triggers`` → 及时谈话情形), from its schema:
    office pages name a changed field by it."""
    path = schemas_dir() / f"{kind}.schema.json"
    try:
        props = json.loads(path.read_text(encoding="utf-8")).get("properties", {})
    except (OSError, ValueError):
        return MappingProxyType({})
    return MappingProxyType({name: str(spec.get("title", name)) for name, spec in props.items()
                             if isinstance(spec, dict)})


def matches(pattern: str, value: str) -> bool:
    """Whether ``value`` matches a schema ``pattern`` as every JSON Schema tool reads it (ECMA-262)."""
    return _compiled(pattern).search(value) is not None


class SchemaConfigError(ConfigError):
    """The schemas themselves cannot be read: a configuration error, exit code 2."""


def schemas_dir() -> Path:
    """The schemas folder: installed inside the package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the package folder, generator/
    for candidate in (here / "schemas", here.parent / "schemas"):
        if (candidate / "talk.schema.json").is_file():
            return candidate
    looked = f"{here / 'schemas'} 和 {here.parent / 'schemas'}"
    raise SchemaConfigError(f"找不到记录格式文件（schemas/*.schema.json），已查找 {looked}")


REPOSITORY_COPY = "schemas"  # a records repository's own copy of the schemas, beside records/ (talkdocs init)


def repository_copy(start: Path, kind: str = "talk") -> Path | None:
    """The ``schemas/`` copy of the records repository ``start`` is in: in ``start`` or a parent, not above a git
    root; None when the repository has none."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / REPOSITORY_COPY / f"{kind}.schema.json").is_file():
            return folder / REPOSITORY_COPY
        if (folder / ".git").exists():
            return None
    return None


def schema_comment(target: Path, kind: str) -> str:
    """The first line of a record file written for an editor: the repository's copy of its schema, relative to
    where the file goes, so that it works for everyone who clones the repository.  "" when the repository has
    no copy: a path into this machine's talkdocs would break on every other machine."""
    copy = repository_copy(target.parent, kind)
    if copy is None:
        return ""
    ref = os.path.relpath(copy / f"{kind}.schema.json", target.parent.resolve())
    return f"# yaml-language-server: $schema={Path(ref).as_posix()}\n"


@dataclass(frozen=True)
class SchemaSet:
    """The parsed schemas and their validators, by record kind."""

    schemas: Mapping[str, dict[str, Any]]
    fast: Mapping[str, Any]  # jsonschema_rs validators
    full: Mapping[str, jsonschema.protocols.Validator]

    def is_valid(self, kind: str, data: Any) -> bool:
        """Quick yes/no."""
        return bool(self.fast[kind].is_valid(data))

    @property
    def control_pattern(self) -> str:
        """The characters refused in text (``$defs/text`` in common.schema.json: control and bidi characters)."""
        return str(self.schemas["common"]["$defs"]["text"]["not"]["pattern"])

    def fast_error_path(self, kind: str, data: Any) -> tuple[str | int, ...] | None:
        """Where in the record the fast validator's first error is (None: the record as a whole)."""
        for error in self.fast[kind].iter_errors(data):
            return tuple(error.instance_path) or None
        return None

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
    # The schemas carry no ``$id``: their ``$ref``s are relative file names, which editors, check-jsonschema
    # and jsonschema resolve against the schema file itself.  Here they resolve against the folder's URI.
    base = directory.resolve().as_uri() + "/"
    rs_registry = jsonschema_rs.Registry([(f"{base}{name}.schema.json", doc) for name, doc in documents.items()])
    py_registry: Registry = Registry().with_resources(
        (f"{base}{name}.schema.json", Resource.from_contents(doc, default_specification=DRAFT202012))
        for name, doc in documents.items()
    )
    fast = {
        kind: jsonschema_rs.validator_for(documents[kind], registry=rs_registry, base_uri=f"{base}{kind}.schema.json",
                                          validate_formats=True, offline=True)
        for kind in SCHEMA_KINDS
    }
    format_checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    full = {
        kind: _EcmaValidator({"$id": f"{base}{kind}.schema.json", **documents[kind]}, registry=py_registry,
                             format_checker=format_checker)
        for kind in SCHEMA_KINDS
    }
    return SchemaSet(documents, fast, full)
