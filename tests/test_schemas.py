"""The JSON Schemas under schemas/ are valid 2020-12 schemas, documented in Chinese on every
property, accept the example records (tests/examples.py, the settings block read from docs/record-fields.md) and
reject typical mistakes.

$refs between the schema files are relative file names (no schema has an `$id`), resolved here through a
local `referencing.Registry` keyed by each file's own URI, as editors and check-jsonschema resolve them.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from pathlib import Path

import jsonschema_rs
import pytest
from examples import EXAMPLES, ORG, PERSON, PLAN, RECTIFICATION, SETTINGS, TALK, TIMELY_TALK
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
BASE = SCHEMA_DIR.as_uri() + "/"
RECORD_SCHEMAS = ["org", "person", "plan", "talk", "rectification", "settings"]
ALL_SCHEMAS = ["common", *RECORD_SCHEMAS]
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _load_all() -> dict[str, dict]:
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SCHEMA_DIR.glob("*.schema.json"))
    }


SCHEMAS = _load_all()
REGISTRY = Registry().with_resources(
    (f"{BASE}{name}.schema.json", Resource.from_contents(schema, default_specification=DRAFT202012))
    for name, schema in SCHEMAS.items()
)


def validator(name: str, *, formats: bool = False) -> Draft202012Validator:
    return Draft202012Validator(
        {"$id": f"{BASE}{name}.schema.json", **SCHEMAS[name]},
        registry=REGISTRY,
        format_checker=FormatChecker() if formats else None,
    )


def errors(name: str, instance, *, formats: bool = True) -> list:
    return list(validator(name, formats=formats).iter_errors(instance))


# --------------------------------------------------------------------------- schema walking


def _walk(schema, path: str):
    """Yield (path, subschema) for every subschema, skipping `if` conditions (not documentation)."""
    if not isinstance(schema, dict):
        return
    yield path, schema
    for key in ("properties", "$defs", "patternProperties"):
        for name, sub in schema.get(key, {}).items():
            yield from _walk(sub, f"{path}/{key}/{name}")
    for key in ("items", "additionalProperties", "then", "else", "not", "contains"):
        if isinstance(schema.get(key), dict):
            yield from _walk(schema[key], f"{path}/{key}")
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from _walk(sub, f"{path}/{key}/{i}")


def _documented_nodes(schema):
    """Root, every property at every level, and every shared definition."""
    yield "#", schema
    for path, sub in _walk(schema, "#"):
        for key in ("properties", "$defs"):
            for name, prop in sub.get(key, {}).items():
                yield f"{path}/{key}/{name}", prop


# --------------------------------------------------------------------------- tests


def test_all_schema_files_present():
    assert sorted(SCHEMAS) == sorted(ALL_SCHEMAS)


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_is_valid_2020_12_schema(name):
    schema = SCHEMAS[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema  # relative $refs resolve against the file, wherever it is read from
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_every_property_has_chinese_title_and_description(name):
    missing = []
    for path, node in _documented_nodes(SCHEMAS[name]):
        for key in ("title", "description"):
            value = node.get(key)
            if not isinstance(value, str) or not CJK.search(value):
                missing.append(f"{path}: {key}")
    assert not missing, "没有中文 title/description：\n" + "\n".join(missing)


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_every_object_closed_and_required_declared(name):
    problems = []
    for path, node in _walk(SCHEMAS[name], "#"):
        if node.get("type") == "object" or "properties" in node:
            if node.get("additionalProperties") is not False:
                problems.append(f"{path}: additionalProperties is not false")
            for req in node.get("required", []):
                if req not in node.get("properties", {}):
                    problems.append(f"{path}: required {req!r} is not a property")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_every_ref_resolves_locally(name):
    resolver = REGISTRY.resolver(base_uri=f"{BASE}{name}.schema.json")
    refs = [(p, n["$ref"]) for p, n in _walk(SCHEMAS[name], "#") if "$ref" in n]
    for path, ref in refs:
        assert ref.startswith(("common.schema.json#/$defs/", "#/$defs/")), f"{path}: {ref}"
        resolver.lookup(ref)  # raises if unresolvable
    if name != "common":
        assert refs, "record schemas share their definitions through common.schema.json"


def test_settings_defaults_validate():
    settings = SCHEMAS["settings"]
    for name, prop in settings["properties"].items():
        assert "default" in prop or name == "repository_name", name
        if "default" in prop:
            assert not errors("settings", {name: prop["default"]}), name
    defaults = {k: v["default"] for k, v in settings["properties"].items() if "default" in v}
    # The schema documents the defaults the code applies: they must be the same values.
    from dataclasses import fields

    from generator.model.settings import Settings

    applied = {f.name: getattr(Settings(), f.name) for f in fields(Settings) if f.name != "repository_name"}
    assert defaults == {k: list(v) if isinstance(v, tuple) else v for k, v in applied.items()}


@pytest.mark.parametrize(("name", "record"), EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_examples_validate(name, record):
    assert [e.message for e in errors(name, record)] == []


# ---- bad variants: (schema, base record, mutation, expected validator keyword)


def _set(path, value):
    def mutate(record):
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _del(path):
    def mutate(record):
        target = record
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


BAD = [
    # unknown fields (typos) → additionalProperties, at the root and inside list items / nested objects
    ("talk", TALK, _set(["interviewe"], "li-hua"), "additionalProperties"),
    ("talk", TALK, _set(["steps", 0, "sumary"], "x"), "additionalProperties"),
    ("talk", TALK, _set(["preparation", "self_check"], "2026-04-05"), "additionalProperties"),
    ("talk", TALK, _set(["record", "confidential"], True), "additionalProperties"),
    ("org", ORG, _set(["leaders", 0, "until"], None), "additionalProperties"),
    ("person", PERSON, _set(["phone"], "123"), "additionalProperties"),
    ("plan", PLAN, _set(["items", 0, "deadline"], "2026-06-30"), "additionalProperties"),
    ("rectification", RECTIFICATION, _set(["verification", "confidential"], True), "additionalProperties"),
    ("settings", SETTINGS, _set(["due_soon"], 30), "additionalProperties"),
    # bad enum values
    ("org", ORG, _set(["kind"], "city_committee"), "enum"),
    ("org", ORG, _set(["leadership_team", 1, "role"], "vice_secretary"), "enum"),
    ("plan", PLAN, _set(["basis"], ["inspection", "survey"]), "enum"),
    ("plan", PLAN, _set(["items", 0, "proposed_by"], ["discipline", "police"]), "enum"),
    ("talk", TALK, _set(["steps", 2, "step"], "explain"), "enum"),
    ("talk", TALK, _set(["problems", 0, "area"], "discipline"), "enum"),
    ("talk", TALK, _set(["distribution", 0, "unit"], "jiwei"), "enum"),
    ("talk", TALK, _set(["status"], "done"), "enum"),
    ("talk", TIMELY_TALK, _set(["triggers", 0, "code"], "complaint"), "enum"),
    ("rectification", RECTIFICATION, _set(["progress", 0, "status"], "finished"), "enum"),
    ("rectification", RECTIFICATION, _set(["verification", "result"], "fake"), "enum"),
    ("settings", SETTINGS, _set(["leader_change_counts_as"], "warn"), "enum"),
    ("settings", SETTINGS, _set(["distribution_required"], ["discipline", "press"]), "enum"),
    # dates that do not match the pattern
    ("talk", TALK, _set(["date"], "2026/04/12"), "pattern"),
    ("talk", TALK, _set(["date"], "2026-4-12"), "pattern"),
    ("org", ORG, _set(["terms", 0, "end"], "2026年1月1日"), "pattern"),
    ("rectification", RECTIFICATION, _set(["measures", 0, "due"], "20260630"), "pattern"),
    ("settings", SETTINGS, _set(["plan_missing_after"], "3-31"), "pattern"),
    # a real but impossible date passes the pattern and fails `format` when formats are checked
    ("talk", TALK, _set(["date"], "2026-02-30"), "format"),
    # an unquoted YAML date (datetime.date) or an unquoted `false` is not a string
    ("talk", TALK, _set(["date"], datetime.date(2026, 4, 12)), "type"),
    ("rectification", RECTIFICATION, _set(["verification", "result"], False), "type"),
    # ids
    ("person", PERSON, _set(["id"], "Li-Hua"), "pattern"),
    ("person", PERSON, _set(["id"], "-li-hua"), "pattern"),
    ("person", PERSON, _set(["id"], "a" * 65), "pattern"),
    ("talk", TALK, _set(["talker"], "赵刚"), "pattern"),
    ("talk", TALK, _set(["interviewee"], ["li-hua", "Wang Wu"]), "type"),
    ("talk", TALK, _set(["talker"], "zhao-gang\n"), "pattern"),
    ("talk", TALK, _set(["talker"], "zhao-gang٣"), "pattern"),
    ("settings", SETTINGS, _set(["plan_missing_after"], "٠٣-٣١"), "pattern"),
    ("settings", SETTINGS, _set(["plan_missing_after"], "03-31\n"), "pattern"),
    ("settings", SETTINGS, _set(["plan_missing_after"], "02-30"), "pattern"),
    ("settings", SETTINGS, _set(["plan_missing_after"], "13-01"), "pattern"),
    ("settings", SETTINGS, _set(["term_years"], 8000), "maximum"),
    ("settings", SETTINGS, _set(["coverage_risk_months"], 100000), "maximum"),
    ("person", PERSON, _set(["name"], "李\x1b]0;title\x07华"), "not"),
    ("person", PERSON, _set(["name"], "\u202e华李"), "not"),
    ("person", PERSON, _set(["name"], "李华\r"), "not"),
    # missing required fields
    ("org", ORG, _del(["kind"]), "required"),
    ("person", PERSON, _del(["name"]), "required"),
    ("plan", PLAN, _del(["items"]), "required"),
    ("plan", PLAN, _del(["items", 0, "due"]), "required"),
    ("talk", TALK, _del(["interviewee_org"]), "required"),
    ("talk", TALK, _del(["problems", 0, "id"]), "required"),
    ("rectification", RECTIFICATION, _del(["talk"]), "required"),
    ("rectification", RECTIFICATION, _del(["verification", "result"]), "required"),
    # conditional requirements
    ("org", {**ORG, "in_scope": False}, lambda r: None, "required"),
    ("org", {**ORG, "kind": "party_group"}, lambda r: None, "required"),
    ("talk", TIMELY_TALK, _set(["triggers"], [{"code": "other"}]), "required"),
    # numbers
    ("plan", PLAN, _set(["year"], 1999), "minimum"),
    ("plan", PLAN, _set(["year"], "2026"), "type"),
    ("org", ORG, _set(["terms", 0, "number"], 0), "minimum"),
    ("settings", SETTINGS, _set(["term_years"], 0), "minimum"),
    ("settings", SETTINGS, _set(["sample_data"], "yes"), "type"),
    # lists and objects that make no sense empty
    ("plan", PLAN, _set(["items"], []), "minItems"),
    ("talk", TALK, _set(["record"], {}), "minProperties"),
]


@pytest.mark.parametrize(
    ("name", "record", "mutate", "keyword"),
    BAD,
    ids=[f"{i:02d}-{n}-{k}" for i, (n, _, _, k) in enumerate(BAD)],
)
def test_bad_variants_fail(name, record, mutate, keyword):
    bad = copy.deepcopy(record)
    mutate(bad)
    found = errors(name, bad)
    assert found, "expected the record to be rejected"
    keywords = {e.validator for e in found} | {c.validator for e in found for c in e.context}
    assert keyword in keywords, [(e.validator, e.message) for e in found]


@pytest.mark.parametrize("date", ["2026-02-30", "2027-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "0000-01-01",
                                  "9999-12-31", "2026-03-31\n", "٢٠٢٦-٠٣-٣١"])
def test_impossible_dates_fail_without_a_format_checker(date):
    # editors and check-jsonschema need not assert `format`: the pattern alone rejects what is not a real date
    assert [e.validator for e in errors("talk", {**TALK, "date": date}, formats=False)] == ["pattern"]


@pytest.mark.parametrize("date", ["2024-02-29", "2000-02-29", "1999-12-31", "2099-12-31", "2026-04-30"])
def test_real_dates_pass_the_pattern(date):
    assert errors("talk", {**TALK, "date": date}, formats=False) == []


# ---- what talkdocs rejects, the schema says too (an editor or check-jsonschema shows it while typing)


@pytest.mark.parametrize("kind", ["inquiry", "appointment", "admonishment", "meeting"])
def test_other_talk_kinds_fail(kind):
    assert [e.validator for e in errors("talk", {**TALK, "kind": kind})] == ["enum"]


def test_several_interviewees_fail():
    assert [e.validator for e in errors("talk", {**TALK, "interviewee": ["li-hua", "wang-wu"]})] == ["type"]


def test_no_pattern_has_a_python_only_meaning():
    """`\\d` is any Unicode digit in Python and `$` matches before a final newline there: neither is used."""
    patterns = [(name, n["pattern"]) for name in ALL_SCHEMAS for _p, n in _walk(SCHEMAS[name], "#") if "pattern" in n]
    assert patterns
    for name, pattern in patterns:
        assert "\\d" not in pattern and "\\w" not in pattern and not pattern.endswith("$"), (name, pattern)


def test_optional_fields_accepted():
    org = {
        **ORG,
        "id": "shanhai-zzb-dz",
        "kind": "party_group",
        "approved_by": "shanhai-sw",
        "in_scope": False,
        "reason": "已撤销",
        "established_on": "2019-03-01",
        "dissolved_on": "2026-03-01",
        "note": "备注",
        "confidential": True,
    }
    assert errors("org", org) == []
    person = {**PERSON, "title": "东岭县委书记", "note": "备注", "confidential": False}
    assert errors("person", person) == []
    talk = {
        **TALK,
        "materials_provided": [{"unit": "inspection", "title": "2025年巡察反馈意见", "confidential": True}],
        "requirements": ["严格执行议事规则"],
        "record": {"kept_by": "市委办公室", "archive_ref": "WS-2026-001"},
        "untruthful": {"noted_on": "2026-06-01", "detail": "隐瞒有关情况"},
        "status": "final",
        "note": "备注",
        "confidential": False,
        "steps": [],
    }
    assert errors("talk", talk) == []
    rect = {
        **RECTIFICATION,
        "verification": {"by": "organization", "on": "2026-09-01", "result": "false", "note": "虚假整改"},
        "documents": [
            {"title": "整改措施", "file": "files/2026/shanhai-2026-001-measures.pdf"},
            {"title": "整改情况报告", "archive_ref": "WS-2026-002", "confidential": True},
        ],
        "status": "draft",
    }
    assert errors("rectification", rect) == []


# ---- jsonschema-rs (the fast validator) compiles the same schemas with the same local registry


def test_jsonschema_rs_agrees():
    registry = jsonschema_rs.Registry([(f"{BASE}{n}.schema.json", s) for n, s in SCHEMAS.items()])
    compiled = {
        name: jsonschema_rs.validator_for(SCHEMAS[name], registry=registry, base_uri=f"{BASE}{name}.schema.json",
                                          validate_formats=True, offline=True)
        for name in RECORD_SCHEMAS
    }
    for name, record in EXAMPLES:
        assert compiled[name].is_valid(record), list(compiled[name].iter_errors(record))
    for name, record, mutate, _keyword in BAD:
        bad = copy.deepcopy(record)
        mutate(bad)
        if any(isinstance(v, datetime.date) for v in _values(bad)):
            continue  # jsonschema-rs refuses datetime.date outright (it reads JSON, where a date is a string)
        assert not compiled[name].is_valid(bad), (name, bad)


def _values(obj):
    if isinstance(obj, dict):
        for v in obj.values():
            yield from _values(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _values(v)
    else:
        yield obj
