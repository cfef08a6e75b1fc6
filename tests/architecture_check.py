"""The package's shape, read from its source with :mod:`ast` (nothing is imported): sizes, cycles, layers.

:func:`problems` is the one checker: ``tests/test_architecture.py`` runs it on ``generator/`` (it must find
nothing) and on small packages planted in a temporary folder (it must find what was planted), so the test
can fail.  Every import counts, at the top of a module or inside a function, ``TYPE_CHECKING`` ones too: a
late import hides a dependency from the reader, it does not remove it.  The few allowed exceptions are
listed by the test (``Rules.allowed``), each with its reason.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

MAX_LINES = 400


@dataclass(frozen=True)
class Rules:
    """What the package may look like.

    ``ranks``: each stage (a subpackage of the root) and its rank; a module may import modules of its own
    stage and of stages with a lower rank.  Stages of the same rank (e.g. the views) must not import each
    other.  ``top``: modules directly in the root (``generator/__init__.py``, ``__main__.py``) and their rank.
    ``allowed``: (importer, imported) → why such an import may break the order; each side is a dotted module
    or package name (a package stands for every module in it); an allowed import is not checked for cycles
    either.  ``vocabulary``: modules every stage may import (the words all stages share); they may import
    only each other.  ``oversized``: modules still longer than ``max_lines``, each with why (a split not yet
    done); the test keeps this list to the modules that are really still too long.
    """

    ranks: Mapping[str, int]
    top: Mapping[str, int] = field(default_factory=dict)
    allowed: Mapping[tuple[str, str], str] = field(default_factory=dict)
    vocabulary: tuple[str, ...] = ()
    oversized: Mapping[str, str] = field(default_factory=dict)
    max_lines: int = MAX_LINES

    @staticmethod
    def matches(key: tuple[str, str], importer: str, target: str) -> bool:
        """Whether an ``allowed`` key covers the import of ``target`` by ``importer``."""
        def within(name: str, prefix: str) -> bool:
            return name == prefix or name.startswith(prefix + ".")
        return within(importer, key[0]) and within(target, key[1])

    def allows(self, importer: str, target: str) -> bool:
        """Whether the import is listed with a reason."""
        return any(self.matches(key, importer, target) for key in self.allowed)


@dataclass(frozen=True)
class Module:
    """One module of the package: its dotted name, file, length and the package modules it imports."""

    name: str
    path: Path
    lines: int
    imports: tuple[tuple[str, int], ...]  # (imported module, line of the import)


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(name: str, known: set[str]) -> str | None:
    """The package module an import of ``name`` runs: the name itself, or the longest known prefix."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(tree: ast.Module, here: str, is_package: bool, known: set[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    package = here if is_package else here.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..a import b
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from P import name``: the module P.name when there is one, else P itself
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            resolved = _resolve(target, known)
            if resolved is not None and resolved != here:
                out.append((resolved, node.lineno))
    return out


def read_package(root: Path) -> dict[str, Module]:
    """Every module under ``root`` (a package folder), with the imports of other modules of the package."""
    files = sorted(root.rglob("*.py"))
    known = {_module_name(root, f) for f in files}
    out: dict[str, Module] = {}
    for path in files:
        name = _module_name(root, path)
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        out[name] = Module(name, path, len(text.splitlines()), tuple(_imports(tree, name, path.stem == "__init__",
                                                                               known)))
    return out


def _stage(name: str) -> str:
    """``generator.site.pages`` → ``site``; ``generator`` and ``generator.__main__`` → their own name."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def _rank(module: Module, root: Path, rules: Rules) -> int | None:
    top_level = module.path.parent == root
    if top_level:
        return rules.top.get(module.path.stem)
    return rules.ranks.get(_stage(module.name))


def cycles(modules: Mapping[str, Module], skip: Iterable[tuple[str, str]] = ()) -> list[list[str]]:
    """Every import cycle (strongly connected group of two or more modules, or a module importing itself)."""
    skipped = set(skip)
    graph = {m: sorted({t for t, _ in mod.imports if (m, t) not in skipped and t in modules})
             for m, mod in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (a deep package must not hit the recursion limit)
        nonlocal counter
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph[node]
            if i < len(edges):
                work.append((node, i + 1))
                nxt = edges[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    found.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(found)


def problems(root: Path, rules: Rules) -> list[str]:
    """Everything wrong with the package under ``root``, one line each (an empty list: nothing)."""
    modules = read_package(root)
    out: list[str] = []
    for m in modules.values():
        where = m.path.relative_to(root.parent).as_posix()
        if m.lines > rules.max_lines and m.name not in rules.oversized:
            out.append(f"{where}: {m.lines} lines (more than {rules.max_lines}): split it by what it holds")
        if m.name in rules.vocabulary:
            out += [f"{where}:{line}: imports {target}, but the vocabulary may import only the vocabulary"
                    for target, line in m.imports if target not in rules.vocabulary]
            continue
        rank = _rank(m, root, rules)
        if rank is None:
            out.append(f"{where}: stage {_stage(m.name) or m.path.stem!r} has no rank in the layer order")
            continue
        for target, line in m.imports:
            if target in rules.vocabulary or rules.allows(m.name, target):
                continue
            other = modules[target]
            other_rank = _rank(other, root, rules)
            top_level = other.path.parent == root
            if other_rank is None or (_stage(target) == _stage(m.name) and not top_level):
                continue  # within one stage (cycles are checked below), or reported above
            if other_rank > rank:
                out.append(f"{where}:{line}: imports {target}, a higher stage ({_stage(target) or target} above "
                           f"{_stage(m.name) or m.name})")
            elif other_rank == rank and not top_level:
                out.append(f"{where}:{line}: imports {target}: {_stage(m.name)} and {_stage(target)} are side by "
                           "side (neither may import the other; move what both need to a lower stage)")
    allowed = [(m.name, t) for m in modules.values() for t, _ in m.imports if rules.allows(m.name, t)]
    for group in cycles(modules, allowed):
        out.append("import cycle: " + " → ".join(group))
    return out
