"""The strict YAML reader: what it accepts as written and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import instance_loader, yamlsafe


def test_on_is_a_field_name_but_not_a_value() -> None:
    assert yamlsafe.parse('distribution: [{unit: discipline, on: "2026-04-15"}]\n') == {
        "distribution": [{"unit": "discipline", "on": "2026-04-15"}]}
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.parse("confidential: on\n")
    assert exc.value.code == "YAML-IMPLICIT-TYPE"


@pytest.mark.parametrize("text", ["a: 1:30\n", "a: 0x1f\n", "a: 1_000\n", "a: 2026-04-12T10:00:00\n", "a: Yes\n"])
def test_yaml_1_1_values_are_refused(text: str) -> None:
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.parse(text)
    assert exc.value.code == "YAML-IMPLICIT-TYPE" and exc.value.line == 0 and exc.value.column == 3


def test_plain_values_keep_their_yaml_1_2_meaning() -> None:
    assert yamlsafe.parse("a: true\nb: 12\nc: null\nd: '010'\ne: \"2026-04-12\"\n") == {
        "a": True, "b": 12, "c": None, "d": "010", "e": "2026-04-12"}


def test_a_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "li-hua.yaml").write_bytes("\ufeffid: li-hua\nname: 李华\n".encode())
    loaded = instance_loader.load_file(tmp_path, "people/li-hua.yaml")
    assert loaded.ok and loaded.data == {"id": "li-hua", "name": "李华"} and loaded.findings == ()


def test_deep_nesting_is_refused_without_recursion() -> None:
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.parse("a: " + "[" * 1000 + "]" * 1000 + "\n")
    assert exc.value.code == "YAML-TOO-DEEP"
