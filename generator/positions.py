"""Recover line and column numbers for findings, lazily and only for files that have findings."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from generator import yamlsafe
from generator.findings import Finding, Pointer


def locate(node: yaml.Node | None, pointer: Pointer) -> tuple[int, int]:
    """1-based line and column of the deepest node on ``pointer`` (a mapping key's own position)."""
    if node is None:
        return (1, 1)
    mark = node.start_mark
    for step in pointer:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            for key_node, value_node in node.value:
                if key_node.value == step:
                    mark = key_node.start_mark
                    node = value_node
                    break
            else:
                break
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
        for index in indexes:
            pointer = out[index].pointer or ()
            out[index] = out[index].located(*locate(root, pointer))
    return out
