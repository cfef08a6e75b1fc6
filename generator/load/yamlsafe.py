"""A strict, safe YAML reader for hand-written records.

PyYAML's defaults follow YAML 1.1 and accept things that silently change what an office wrote:
``no`` becomes ``False``, ``2026-04-12`` a date object, ``010`` the number 8, ``1:30`` the number 90,
duplicate keys keep the last value and aliases can expand into an alias bomb.  This module parses with
libyaml (fast) and rejects each of these with a :class:`YamlProblem` that carries the line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml is the fast path; the pure loader is a fallback with the same checks.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_BOOL = "tag:yaml.org,2002:bool"
_ALLOWED_TAGS = frozenset(
    {
        _STR,
        _SEQ,
        _MAP,
        "tag:yaml.org,2002:null",
        _BOOL,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp",
    }
)
_YAML12_BOOL = frozenset({"true", "false", "True", "False", "TRUE", "FALSE"})
_YAML12_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A reason the text is not an acceptable record, with a 0-based position."""

    code: str  # a rule id from the rule table, e.g. ``YAML-ALIAS``
    line: int
    column: int
    params: tuple[tuple[str, str], ...] = ()

    def param_dict(self) -> dict[str, str]:
        """The message parameters as a dict."""
        return dict(self.params)


def _problem(code: str, mark: Any, **params: str) -> YamlProblem:
    line = getattr(mark, "line", 0) if mark is not None else 0
    column = getattr(mark, "column", 0) if mark is not None else 0
    return YamlProblem(code, line, column, tuple(sorted(params.items())))


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that refuses YAML 1.1 surprises instead of guessing."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        raise _problem("YAML-IMPLICIT-TYPE", node.start_mark, value=node.value, quoted=f'"{node.value}"')

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> Any:
        if node.value not in _YAML12_BOOL:
            raise _problem("YAML-IMPLICIT-TYPE", node.start_mark, value=node.value, quoted=f'"{node.value}"')
        return node.value.lower() == "true"

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        if not _YAML12_INT.match(node.value):
            raise _problem("YAML-IMPLICIT-TYPE", node.start_mark, value=node.value, quoted=f'"{node.value}"')
        return int(node.value)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: dict[Any, Any] = {}
        for key_node, _value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key_node.tag == _BOOL and key not in _YAML12_BOOL:
                # ``on`` is a field name in the record format ({unit: discipline, on: "2026-04-15"});
                # as a key, YAML 1.1's on/off/yes/no can only mean the word itself.
                key_node.tag = _STR
            if key is None or key_node.tag != _STR:
                raise _problem("YAML-KEY-TYPE", key_node.start_mark, key=str(key))
            if key in seen:
                raise _problem(
                    "YAML-DUPLICATE-KEY",
                    key_node.start_mark,
                    key=key,
                    first_line=str(seen[key].line + 1),
                )
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _StrictLoader.construct_yaml_bool)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor(_MAP, _StrictLoader.construct_yaml_map)


def _check_graph(root: yaml.Node) -> None:
    """Reject aliases, explicit non-core tags and deep nesting before anything is constructed.

    Walking iteratively keeps a 1,000-level document from exhausting Python's stack, and checking
    before construction keeps an alias bomb from ever being expanded.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _problem("YAML-ALIAS", node.start_mark)
        seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            raise _problem("YAML-TAG", node.start_mark, tag=str(node.tag))
        if depth > MAX_DEPTH:
            raise _problem("YAML-TOO-DEEP", node.start_mark, limit=str(MAX_DEPTH))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.append((key_node, depth + 1))
                stack.append((value_node, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


_TAB = "YAML 不能用制表符（Tab）缩进，请把该行开头的 Tab 改为空格"
_INDENT = "缩进不一致：该行与上一行不在同一层；同一层的字段要左对齐，下一层的内容比“字段名:”多缩进两个空格"
_NO_SPACE = "冒号后面缺少空格：写成“{key}: {value}”"
_COLON_IN_VALUE = "值里含有“: ”（冒号加空格）：请把整个值用引号括起来，例如 \"{value}\""
_STRAY_DASH = ("该行以“-”开头，但这里不是列表：列表项写在“字段名:”的下一行并比它多缩进，"
               "例如“leaders:”下一行写“  - person: …”；不是列表就删掉“-”")
_KEY_VALUE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*):(\S.*)$")


def _line(lines: list[str], mark: Any) -> str:
    number = getattr(mark, "line", -1)
    return lines[number] if 0 <= number < len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _previous(lines: list[str], number: int) -> str:
    for text in reversed(lines[:max(number, 0)]):
        if text.strip() and not text.lstrip().startswith("#"):
            return text
    return ""


def _syntax_cause(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, Any]:
    """What most likely went wrong, said for a clerk, and the position that shows it best.

    libyaml names what its grammar expected (``could not find expected ':'``), not what was written wrong;
    the same message follows an indentation slip and a missing space after a colon, so the hint reads the line.
    """
    problem, context = str(exc.problem or ""), str(exc.context or "")
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark or exc.problem_mark
    lines = text.splitlines()
    here = _line(lines, mark)
    if "tab" in problem or here[:_indent(here) + 1].endswith("\t") or _line(lines, start).startswith("\t"):
        tabbed = mark if "\t" in here else start
        return _TAB, tabbed
    if "quoted scalar" in context:
        return "引号没有闭合：该行的引号（\" 或 '）要在同一个值的末尾配对写上", start
    if "flow sequence" in context:
        return "方括号没有闭合：该行的“[”要有对应的“]”，各项之间用英文逗号分隔", start
    if "flow mapping" in context:
        return "花括号没有闭合：该行的“{”要有对应的“}”，各项之间用英文逗号分隔", start
    for where in (start, mark):
        match = _KEY_VALUE.match(_line(lines, where))
        if match and "expected ':'" in problem:
            return _NO_SPACE.format(key=match.group(1), value=match.group(2)), where
    if here.lstrip().startswith("-") and ("expected key" in problem or "block end" in problem):
        return _STRAY_DASH, mark
    if "mapping values are not allowed" in problem:
        before = _previous(lines, getattr(mark, "line", 0))
        if _indent(here) > _indent(before) and not before.rstrip().endswith(":"):
            return _INDENT, mark
        value = here.split(":", 1)[1].strip() if ":" in here else here.strip()
        return _COLON_IN_VALUE.format(value=value.replace('"', "'")), mark
    if "found undefined alias" in problem:
        return "不要使用锚点和别名（& 和 *）；请把内容直接写出来", mark
    if "expected ':'" in problem:
        return "每个字段写成“字段名: 值”，冒号后面要有空格", mark
    if "indicator" in problem or "block end" in problem or "expected key" in problem:
        return _INDENT, mark
    return "请检查该行的缩进、冒号和引号", mark


class _NotFast(Exception):
    """The text holds something only the exact path handles (or reports): parse it there."""


_SCALAR_EVENT = yaml.ScalarEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_DOC_END, _STREAM_END = yaml.DocumentEndEvent, yaml.StreamEndEvent
_NULL, _INT = "tag:yaml.org,2002:null", "tag:yaml.org,2002:int"
_IMPLICIT: dict[Any, list[tuple[str, re.Pattern[str]]]] = _StrictLoader.yaml_implicit_resolvers
_FAST_MAX_DEPTH = MAX_DEPTH - 4  # deeper documents take the exact path, which reports YAML-TOO-DEEP
_NO_KEY = object()
_EventParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)  # libyaml; None when PyYAML lacks it
# The fast path re-implements PyYAML's scalar resolution, which is only exact without path resolvers and
# without resolvers that apply to every first character.
_FAST = _EventParser is not None and not _StrictLoader.yaml_path_resolvers and None not in _IMPLICIT


def _plain(value: str, is_key: bool) -> Any:
    """An unquoted scalar (or key) exactly as the strict loader would construct it."""
    tag = next((tag for tag, regexp in _IMPLICIT[value[:1]] if regexp.match(value)), None)
    if tag is None:
        return value
    if is_key:
        if tag == _BOOL and value not in _YAML12_BOOL:
            return value  # ``on:``/``no:`` as a key is the word itself (see construct_mapping)
        raise _NotFast
    if tag == _NULL:
        return None
    if tag == _INT and _YAML12_INT.match(value):
        return int(value)
    if tag == _BOOL and value in _YAML12_BOOL:
        return value.lower() == "true"
    raise _NotFast  # floats, timestamps, YAML 1.1 ints and bools, merge keys: the exact path decides


def _parse_fast(text: str) -> Any:
    """Build the document straight from libyaml's events, for plain well-formed records.

    Composing nodes and running PyYAML's constructor costs about twice as much, and a records repository
    can hold 100,000 files.  Anything this path does not handle exactly as :func:`_parse_exact` does
    (anchors, aliases, tags, duplicate keys, typed scalars other than int/bool/null, deep nesting, syntax
    errors, several documents) raises :class:`_NotFast` or a YAML error, and the caller parses exactly.
    """
    get = _EventParser(text).get_event
    get()  # StreamStartEvent
    event: Any = get()
    if type(event) is _STREAM_END:
        return None
    event = get()  # the event after DocumentStartEvent
    stack: list[tuple[Any, Any]] = []
    current: Any = None
    key: Any = _NO_KEY
    result: Any = None
    implicit = _IMPLICIT
    while True:
        kind = type(event)
        if kind is _SCALAR_EVENT:
            if event.tag is not None or event.anchor is not None:
                raise _NotFast
            value = event.value
            is_key = key is _NO_KEY and type(current) is dict
            if event.implicit[0] and value[:1] in implicit:
                value = _plain(value, is_key)
            if is_key:
                if value in current:
                    raise _NotFast
                key = value
            elif type(current) is dict:
                current[key] = value
                key = _NO_KEY
            elif current is None:
                result = value
                break
            else:
                current.append(value)
        elif kind is _MAP_START or kind is _SEQ_START:
            if event.tag is not None or event.anchor is not None:
                raise _NotFast
            container: Any = {} if kind is _MAP_START else []
            if type(current) is dict:
                if key is _NO_KEY:
                    raise _NotFast  # a mapping or list used as a key
                current[key] = container
            elif current is None:
                result = container
            else:
                current.append(container)
            stack.append((current, key))
            if len(stack) > _FAST_MAX_DEPTH:
                raise _NotFast
            current, key = container, _NO_KEY
        elif kind is _MAP_END or kind is _SEQ_END:
            current, key = stack.pop()[0], _NO_KEY
            if current is None:
                break
        else:
            raise _NotFast  # an alias, or an event this path does not expect
        event = get()
    if type(get()) is not _DOC_END or type(get()) is not _STREAM_END:
        raise _NotFast  # a second document: the exact path reports YAML-MULTI-DOC
    return result


def parse(text: str) -> Any:
    """Parse one YAML document strictly; raise :class:`YamlProblem` on anything unacceptable."""
    if _FAST:
        try:
            return _parse_fast(text)
        except (_NotFast, yaml.YAMLError):
            pass
    return _parse_exact(text)


def _depth_guard(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` from the parser's events, before anything is composed.

    libyaml's composer (and PyYAML's) recurses once per level: a 60 KB record nested 30,000 levels deep in
    flow style overflows the C stack and kills the process before :func:`_check_graph` could run.  The event
    parser keeps its own stack, so counting its events is safe at any depth.  Syntax errors are left to the
    composer, which reports them with the same position.
    """
    parser: Any = _EventParser(text) if _EventParser is not None else yaml.SafeLoader(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is _MAP_START or kind is _SEQ_START:
                depth += 1
                if depth > MAX_DEPTH:
                    raise _problem("YAML-TOO-DEEP", event.start_mark, limit=str(MAX_DEPTH))
            elif kind is _MAP_END or kind is _SEQ_END:
                depth -= 1
            elif kind is _STREAM_END:
                return
    except yaml.YAMLError:
        return


def _parse_exact(text: str) -> Any:
    """The reference parser: compose, check the node graph, construct; every problem has its position."""
    _depth_guard(text)
    loader = _StrictLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = str(exc.problem or exc.context or "")
            if "found undefined alias" in problem or "found unacceptable alias" in problem:
                raise _problem("YAML-ALIAS", mark) from None
            if "expected a single document" in str(exc.context or "") or "but found another document" in problem:
                raise _problem("YAML-MULTI-DOC", mark) from None
            hint, where = _syntax_cause(exc, text)
            raise _problem("YAML-SYNTAX", where, hint=hint, detail=problem) from None
        except yaml.YAMLError as exc:
            raise _problem("YAML-SYNTAX", None, hint="请检查该行的缩进、冒号和引号", detail=str(exc)) from None
        if node is None:
            return None
        _check_graph(node)
        try:
            return loader.construct_document(node)
        except yaml.constructor.ConstructorError as exc:
            raise _problem("YAML-TAG", exc.problem_mark, tag=str(exc.problem)) from None
        except RecursionError:
            raise _problem("YAML-TOO-DEEP", node.start_mark, limit=str(MAX_DEPTH)) from None
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """Compose the node tree (with positions) of text that :func:`parse` accepted."""
    _depth_guard(text)
    loader = _StrictLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()
