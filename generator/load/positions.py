"""Recover line and column numbers for findings, lazily and only for files that have findings."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from generator.findings.finding import Finding, Pointer
from generator.load import yamlsafe


class KeyIndex:
    """The keys of each mapping met while locating in one file, so that many findings in one large mapping
    (a hostile file can carry 50,000 unknown fields) cost one pass over it, not one pass per finding."""

    def __init__(self) -> None:
        self._tables: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def entry(self, node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The (key, value) nodes of the first ``key`` in ``node``."""
        table = self._tables.get(id(node))
        if table is None:
            table = {}
            for key_node, value_node in node.value:
                if isinstance(key_node.value, str):
                    table.setdefault(key_node.value, (key_node, value_node))
            self._tables[id(node)] = table
        return table.get(key)


def locate(node: yaml.Node | None, pointer: Pointer, index: KeyIndex | None = None) -> tuple[int, int]:
    """1-based line and column of the deepest node on ``pointer`` (a mapping key's own position).

    ``index``: shared by the calls for one file's node tree (see :class:`KeyIndex`).
    """
    if node is None:
        return (1, 1)
    index = index or KeyIndex()
    mark = node.start_mark
    for step in pointer:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = index.entry(node, step)
            if found is None:
                break
            mark = found[0].start_mark
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            mark = node.start_mark
        else:
            break
    return (mark.line + 1, mark.column + 1)


def _compose_file(path: Path) -> yaml.Node | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
        return yamlsafe.compose(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def resolve(findings: list[Finding], records_dir: Path) -> list[Finding]:
    """Fill in line/column for findings that carry a pointer, composing each affected file once."""
    by_path: dict[str, list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        if finding.pointer is not None and finding.line == 0:
            by_path[finding.path].append(index)
    out = list(findings)
    for rel, indexes in by_path.items():
        root = _compose_file(records_dir / rel)
        keys = KeyIndex()
        for index in indexes:
            pointer = out[index].pointer or ()
            out[index] = out[index].located(*locate(root, pointer, keys))
    return out
