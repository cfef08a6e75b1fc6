"""One verdict per record: jsonschema-rs (which decides) and jsonschema (which writes the messages) give the same
yes/no for random values in every property of every schema, and whatever the fast one rejects is a finding with
a file, a line and a message."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from examples import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import instance_loader
from generator.schema import loader as schema_loader
from generator.schema import validate

SCHEMAS = schema_loader.load()
KIND_OF = {id(record): kind for kind, record in EXAMPLES}


def _property_paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in an example record where a property's value sits (and list items)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key)
            yield from _property_paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield (*prefix, i)
            yield from _property_paths(child, (*prefix, i))


PLACES = [(kind, record, path) for kind, record in EXAMPLES for path in _property_paths(record)]

# Strings near the edges where regex engines differ: Unicode digits, a final newline, control characters,
# impossible dates, lookalike letters.
_TRICKY = st.sampled_from([
    "2026-04-12", "2026-04-12\n", "\n2026-04-12", "٢٠٢٦-٠٤-١٢", "２０２６-０４-１２", "2026-02-29", "2024-02-29",
    "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "1900-02-29", "2000-02-29", "03-31", "03-31\n",
    "٠٣-٣١", "02-29", "zhao-gang", "zhao-gang\n", "zhao-gang٣", "ｚｈａｏ", "Zhao", "-a", "a" * 64, "a" * 65,
    "李华", "李\x1b[31m华", "李华\r", "\u202e华李", "\u2066李华", "李\u200f华", "李华\n", "\t", "", " ",
    "files/2026/a.pdf", "/etc/passwd", "\\\\server\\share", "periodic", "timely", "meeting", "false", "done",
])
_SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
            | _TRICKY | st.text(max_size=12))
_VALUES = st.recursive(_SCALARS, lambda children: st.lists(children, max_size=3)
                       | st.dictionaries(st.sampled_from(["id", "name", "on", "x", "unit", "date"]), children,
                                         max_size=3), max_leaves=6)


def _with(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES), value=_VALUES)
def test_both_validators_give_the_same_verdict(place: tuple[str, dict[str, Any], tuple[Any, ...]], value: Any) -> None:
    kind, record, path = place
    data = _with(record, path, value)
    fast = SCHEMAS.is_valid(kind, data)
    full = not SCHEMAS.errors(kind, data)
    assert fast == full, (kind, path, value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES), value=_VALUES)
def test_whatever_the_fast_validator_rejects_is_a_located_finding(
        place: tuple[str, dict[str, Any], tuple[Any, ...]], value: Any) -> None:
    kind, record, path = place
    data = _with(record, path, value)
    found = validate.validate(instance_loader.LoadedFile(f"{kind}.yaml", kind, data), SCHEMAS)
    assert bool(found) == (not SCHEMAS.is_valid(kind, data))
    assert all(f.message and f.path for f in found)


def test_the_fallback_names_the_place_when_the_message_writer_sees_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the two ever disagree again, the record is not passed: a generic finding where the fast one points."""
    monkeypatch.setattr(type(SCHEMAS), "errors", lambda self, kind, data: [])
    data = {"id": "li-hua", "name": "李\x1b华"}
    (finding,) = validate.validate(instance_loader.LoadedFile("people/li-hua.yaml", "person", data), SCHEMAS)
    assert (finding.rule, finding.pointer) == ("SCHEMA-INVALID", ("name",))
