"""A YAML syntax error's hint names its cause (indentation, a missing space after a colon, an unclosed bracket
or quote, a tab, a stray ``-``), at the line that shows it: libyaml's own words name what its grammar expected,
and the same words follow different mistakes."""

from __future__ import annotations

import pytest

from generator.load import yamlsafe

# case → (text, line of the finding, words the hint must contain, words it must not contain)
CASES: dict[str, tuple[str, int, str, str]] = {
    "indented too far": ("id: li-hua\nname: 李华\n  title: 市委书记\n", 3, "缩进不一致", "冒号后面"),
    "list item out of line": ("id: x\nleaders:\n  - person: a\n    from: \"2020-01-01\"\n   - person: b\n", 5,
                              "缩进不一致", "冒号"),
    "field out of line in a list item": ("id: x\nterms:\n  - number: 1\n   start: \"2020-01-01\"\n", 4,
                                         "缩进不一致", "冒号"),
    "no space after a colon": ("id: li-hua\nname:李华\ntitle: 书记\n", 2, "写成“name: 李华”", "缩进"),
    "no space after a colon, last line": ("id: li-hua\nname:李华\n", 2, "冒号后面缺少空格", "缩进"),
    "unclosed bracket": ("id: li-hua\nname: [李华, 王五\ntitle: 书记\n", 2, "方括号没有闭合", "缩进"),
    "unclosed brace": ("id: li-hua\nname: {a: b\ntitle: 书记\n", 2, "花括号没有闭合", "缩进"),
    "unclosed double quote": ("id: li-hua\nname: \"李华\ntitle: 书记\n", 2, "引号没有闭合", "缩进"),
    "unclosed single quote": ("id: li-hua\nname: '李华\ntitle: 书记\n", 2, "引号没有闭合", "缩进"),
    "tab indentation": ("id: li-hua\n\tname: 李华\n", 2, "制表符（Tab）", "冒号"),
    "tab before a list item": ("id: x\nterms:\n\t- number: 1\n", 3, "制表符（Tab）", "冒号"),
    "stray dash": ("id: li-hua\n- name: 李华\n", 2, "不是列表就删掉“-”", "冒号后面"),
    "colon inside a value": ("id: li-hua\nname: 李华: 书记\n", 2, "用引号括起来", "缩进"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_hint_names_the_cause(case: str) -> None:
    text, line, wanted, unwanted = CASES[case]
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.parse(text)
    problem = exc.value
    hint = problem.param_dict()["hint"]
    assert (problem.code, problem.line + 1) == ("YAML-SYNTAX", line), hint
    assert wanted in hint and unwanted not in hint, hint


def test_a_hint_that_proposes_a_fix_proposes_one_that_parses() -> None:
    for text, _line, _wanted, _unwanted in (CASES["no space after a colon"], CASES["colon inside a value"]):
        with pytest.raises(yamlsafe.YamlProblem) as exc:
            yamlsafe.parse(text)
        hint = exc.value.param_dict()["hint"]
        proposed = hint.split("“")[-1].split("”")[0] if "写成" in hint else "name: " + hint.split("例如 ")[-1]
        assert yamlsafe.parse(proposed) == {"name": proposed.split(": ", 1)[1].strip('"')}
