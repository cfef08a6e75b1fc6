"""Schema validation of loaded records, with jsonschema errors turned into Chinese findings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from generator.findings import finding as F
from generator.load.instance_loader import LoadedFile
from generator.model import catalog
from generator.schema.loader import SchemaSet

_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表",
    "object": "“字段: 值”的结构",
    "null": "null（空）",
}
_CATALOGS = (
    catalog.UNIT, catalog.ORG_KIND, catalog.ROLE, catalog.BASIS, catalog.TRIGGER, catalog.STEP, catalog.AREA,
    catalog.PROGRESS, catalog.VERIFICATION, catalog.RECORD_STATUS, catalog.TALK_KIND,
)
_GENERIC = {
    "minItems": "至少要有 {value} 项",
    "maxItems": "最多 {value} 项",
    "minimum": "不能小于 {value}",
    "maximum": "不能大于 {value}",
    "minLength": "不能为空",
    "maxLength": "不能超过 {value} 个字",
    "uniqueItems": "不能有重复项",
    "const": "只能是 {value}",
    "not": "不允许这样写",
}


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def field_path(pointer: Iterable[object]) -> str:
    """``("steps", 2, "summary")`` → ``steps[2].summary``: the one notation of a field in findings, diffs and logs.

    A list index is written ``[2]``; a key that is not a plain name is quoted, ``[“键 名”]``; any other segment
    (the audit's list item found by its id) is written in brackets as its ``str``, e.g. ``[id=q1]``.
    """
    out = ""
    for part in pointer:
        if isinstance(part, str):
            out += (f".{part}" if out else part) if _PLAIN_KEY.match(part) else f"[“{part}”]"
        else:
            out += f"[{part}]"
    return out


def _type_name(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"是非值 {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "“字段: 值”的结构"
    return f"文字“{value}”"


def _enum_allowed(values: list[Any]) -> str:
    wanted = {str(v) for v in values}
    labels = next((c for c in _CATALOGS if wanted <= set(c)), None)
    if labels is None:
        return "、".join(str(v) for v in values)
    return "、".join(f"{v}（{labels[str(v)]}）" for v in values)


def _control_chars(value: Any, pattern: str) -> str:
    """The invisible characters of a refused text value, as code points (``U+001B、U+202E``)."""
    text = value if isinstance(value, str) else ""
    refused = re.compile(pattern)
    found = dict.fromkeys(c for c in text if refused.fullmatch(c))
    return "、".join(f"U+{ord(c):04X}" for c in found) or "（未知）"


def _as_rule(kind: str, error: jsonschema.ValidationError, rel: str, record: str) -> F.Finding | None:
    """Schema errors that a rule of the Measures explains better than a format message: the schema says the
    same (so editors and check-jsonschema agree), the finding cites the article."""
    pointer = tuple(error.absolute_path)
    if kind == "talk" and pointer == ("kind",) and error.validator == "enum" and isinstance(error.instance, str):
        name = catalog.OUT_OF_SCOPE_KIND.get(error.instance, error.instance)
        return F.make("A2-SCOPE-KIND", rel, record=record, pointer=pointer, kind=name)
    if kind == "talk" and pointer == ("interviewee",) and isinstance(error.instance, list):
        return F.make("A7-INDIVIDUAL", rel, record=record, pointer=pointer, count=len(error.instance))
    instance = error.instance if isinstance(error.instance, dict) else {}
    missing = error.validator_value if error.validator == "required" else ()
    if kind == "talk" and pointer[:1] == ("triggers",) and len(pointer) == 2 and "detail" in missing \
            and instance.get("code") == "other":
        return F.make("A5-TIMELY-TRIGGER", rel, variant="other_detail", record=record, pointer=pointer)
    if kind == "org" and pointer == () and "approved_by" in missing \
            and instance.get("kind") in ("party_group", "work_committee"):
        name = instance.get("short_name") or instance.get("name") or record
        return F.make("A5-COVERAGE", rel, variant="no_approved_by", record=record, pointer=("kind",),
                      committee=str(name), kind=catalog.label(catalog.ORG_KIND, str(instance.get("kind"))))
    return None


def _translate(error: jsonschema.ValidationError, rel: str, record: str, kind: str = "",
               control: str = "") -> list[F.Finding]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        return _translate(best_match(error.context), rel, record, kind, control)
    ruled = _as_rule(kind, error, rel, record)
    if ruled is not None:
        return [ruled]
    pointer = tuple(error.absolute_path)
    field = field_path(pointer) or "（记录）"
    schema = error.schema if isinstance(error.schema, dict) else {}
    common: dict[str, Any] = {"record": record, "pointer": pointer}
    refused = error.validator_value if error.validator == "not" and isinstance(error.validator_value, dict) else {}
    if refused.get("pattern") == control:
        return [F.make("SCHEMA-CONTROL-CHAR", rel, field=field, chars=_control_chars(error.instance, control),
                       **common)]
    if error.validator == "required":
        missing = [str(name) for name in error.validator_value if name not in (error.instance or {})]
        props = schema.get("properties", {})
        where = f"“{field_path(pointer)}”中" if pointer else "记录顶层"
        return [
            F.make("SCHEMA-REQUIRED", rel, field=name, title=props.get(name, {}).get("title", name), where=where,
                   **common)
            for name in missing
        ]
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in (error.instance or {}) if k not in allowed]
        where = f"“{field_path(pointer)}”中" if pointer else "记录顶层"
        return [
            F.make("SCHEMA-UNKNOWN-FIELD", rel, field=str(name), allowed="、".join(allowed), where=where,
                   record=record, pointer=(*pointer, name))
            for name in extra
        ]
    if error.validator == "enum":
        return [F.make("SCHEMA-ENUM", rel, field=field, value=f"“{error.instance}”",
                       allowed=_enum_allowed(list(error.validator_value)), **common)]
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = "或".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected)
        hint = f"写文字时请加引号，例如 \"{error.instance}\"" if "string" in expected else "对照模板修改"
        return [F.make("SCHEMA-TYPE", rel, field=field, expected=names, actual=_type_name(error.instance),
                       hint=hint, **common)]
    if error.validator in ("pattern", "format"):
        return [F.make("SCHEMA-FORMAT", rel, field=field, value=f"“{error.instance}”",
                       title=schema.get("title", "格式"), hint=schema.get("description", "对照模板修改"), **common)]
    detail = _GENERIC.get(str(error.validator), "不符合要求").format(value=error.validator_value)
    return [F.make("SCHEMA-INVALID", rel, field=field, detail=detail, **common)]


def record_id(loaded: LoadedFile) -> str:
    """The id a finding names for this file's record."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    if loaded.kind == "plan":
        return f"{data.get('committee', '')}-{data.get('year', '')}".strip("-")
    if loaded.kind == "rectification":
        return str(data.get("talk", loaded.place.stem if loaded.place else ""))
    value = data.get("id")
    return value if isinstance(value, str) else (loaded.place.stem if loaded.place else "")


def validate(loaded: LoadedFile, schemas: SchemaSet) -> list[F.Finding]:
    """Findings for one parsed record; empty when it matches its schema."""
    if not loaded.ok or loaded.kind is None:
        return []
    if schemas.is_valid(loaded.kind, loaded.data):
        return []
    rid = record_id(loaded)
    out: list[F.Finding] = []
    seen: set[tuple[str, tuple[Any, ...], str]] = set()
    for error in schemas.errors(loaded.kind, loaded.data):
        for finding in _translate(error, loaded.path, rid, loaded.kind, schemas.control_pattern):
            key = (finding.rule, finding.pointer or (), finding.message)
            if key not in seen:
                seen.add(key)
                out.append(finding)
    if not out:
        # The fast validator decides; should the message-writing one see nothing, say so where the fast one
        # points rather than let the record pass (or vanish) without a word.
        pointer = schemas.fast_error_path(loaded.kind, loaded.data)
        out.append(F.make("SCHEMA-INVALID", loaded.path, record=rid, pointer=pointer,
                          field=field_path(pointer or ()) or "（记录）", detail="不符合记录格式"))
    return out
