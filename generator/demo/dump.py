"""The demo's records as YAML, written by PyYAML's dumper in the style of the sample records.

The style: a block mapping per record; a mapping value inline (``record: {kept_by: …, archive_ref: …}``)
when it is short and flat, else one line per key; a list of mappings one ``  - {…}`` item per line (a long
item as an indented block); every other list and value in flow style.  Words of the record format
(``kind: periodic``) and Chinese text are written plain, as people write them; every other string
(dates, numbers, anything YAML could read as something else) is double-quoted, so the strict loader
(:mod:`generator.load.yamlsafe`) reads each value back as exactly the string it was.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

HEADER = "# 演示数据（talkdocs demo 生成）：地名、人名、机构和事项均为虚构。\n"
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_BOOL = "tag:yaml.org,2002:bool"
_PLAIN_WORD = re.compile(r"^[a-z][a-z0-9_-]*$")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_YAML_INDICATORS = frozenset(":#{}[],&*!|>'\"%@`\\\n\t")
_INLINE_WIDTH = 90  # a flat mapping value up to this many characters stays on its key's line
_NEVER_WRAP = 1 << 30


def _as_is(c: str) -> bool:
    """Whether a character can be written as itself: YAML's printable set, without its line breaks."""
    o = ord(c)
    return (0x20 <= o <= 0x7E or o == 0x09 or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000) \
        and o not in (0x2028, 0x2029, 0xFEFF)


def _plain(text: str) -> bool:
    """Whether ``text`` is written plain: a word of the record format, or Chinese text with nothing YAML
    would read as syntax (the dumper still quotes it when YAML would not read it back as this string)."""
    if _PLAIN_WORD.fullmatch(text):
        return text not in _YAML11_WORDS
    return bool(text) and 0x2E80 <= ord(text[0]) <= 0xD7FF and text == text.strip() \
        and all(c not in _YAML_INDICATORS and _as_is(c) for c in text)


class _Record(dict[str, Any]):
    """A record to dump (its type picks the record representer)."""


# Keys are field names; ``on:`` as a key is the word itself (as the strict loader reads it), so only true/false
# count as booleans when the dumper asks whether a plain scalar would read back as a string.  (Values are
# quoted by :func:`_plain` whatever this says.)
_RESOLVERS = {first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
              for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()}


class RecordDumper(yaml.SafeDumper):
    """PyYAML's safe dumper with the sample records' style (see the module docstring)."""

    yaml_implicit_resolvers = _RESOLVERS

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key ("  - "), as in the samples

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style  # one quoting style: double quotes, as JSON and editors write


RecordDumper.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|false)$"), list("tf"))


def _text(dumper: RecordDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR, text, style=None if _plain(text) else '"')


def _key(dumper: RecordDumper, key: str) -> yaml.ScalarNode:
    """A field name: plain whenever it reads back as itself (``on`` included, see :class:`RecordDumper`)."""
    return dumper.represent_scalar(_STR, key)


def _flow(dumper: RecordDumper, value: Any) -> yaml.Node:
    """``value`` in flow style (one line)."""
    if isinstance(value, dict):
        return yaml.MappingNode(_MAP, [(_key(dumper, k), _flow(dumper, v)) for k, v in value.items()],
                                flow_style=True)
    if isinstance(value, list):
        return yaml.SequenceNode(_SEQ, [_flow(dumper, v) for v in value], flow_style=True)
    node: yaml.Node = dumper.represent_data(value)
    return node


def _block(dumper: RecordDumper, value: dict[str, Any]) -> yaml.MappingNode:
    """A mapping one key per line, each value in flow style."""
    return yaml.MappingNode(_MAP, [(_key(dumper, k), _flow(dumper, v)) for k, v in value.items()],
                            flow_style=False)


def _inline(dumper: RecordDumper, value: dict[str, Any]) -> bool:
    """Whether a mapping value stays on its key's line: flat, and short once written."""
    if any(isinstance(v, (dict, list)) for v in value.values()):
        return False
    text: str = yaml.serialize(_flow(dumper, value), Dumper=RecordDumper, allow_unicode=True, width=_NEVER_WRAP)
    return len(text.rstrip("\n")) <= _INLINE_WIDTH


def _record(dumper: RecordDumper, record: _Record) -> yaml.MappingNode:
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in record.items():
        node: yaml.Node
        if isinstance(value, dict) and not _inline(dumper, value):
            node = _block(dumper, value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            items = [_block(dumper, item) if len(item) > 4 else _flow(dumper, item) for item in value]
            node = yaml.SequenceNode(_SEQ, items, flow_style=False)
        else:
            node = _flow(dumper, value)
        pairs.append((_key(dumper, key), node))
    return yaml.MappingNode(_MAP, pairs, flow_style=False)


RecordDumper.add_representer(str, _text)
RecordDumper.add_representer(_Record, _record)


def dump(record: dict[str, Any]) -> str:
    """One record as YAML text, with the demo's header line."""
    text: str = yaml.dump(_Record(record), Dumper=RecordDumper, allow_unicode=True, sort_keys=False,
                          width=_NEVER_WRAP)
    return HEADER + text
