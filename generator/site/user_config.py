"""The office's own ``mkdocs.yml``: where it is, what it says, and on which line it says it.

MkDocs' YAML may carry tags that only MkDocs or a Markdown extension can construct (``!ENV``, ``!relative``,
``!!python/name:…``).  talkdocs reads the file without constructing them — a tag's value is kept as plain
text — so that ``talkdocs build`` can find its plugin options and the privacy lint can name keys and lines
before MkDocs runs.  MkDocs itself reads the file again, with its own loader, for the build.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

NAME = "mkdocs.yml"
PLUGIN = "talkdocs"


class UserConfigError(Exception):
    """The ``mkdocs.yml`` cannot be read; the message is Chinese and names the file."""


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps every unknown tag's value as text (or the plain mapping/list)."""


def _any_tag(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return f"!{suffix} {loader.construct_scalar(node)}".strip()  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _any_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


@dataclass(frozen=True)
class UserConfig:
    """A read ``mkdocs.yml``: its values and the line (1-based) of every key path, e.g. ``theme.font``."""

    path: Path
    data: Mapping[str, Any]
    lines: Mapping[str, int]

    @property
    def folder(self) -> Path:
        """The folder the file is in (MkDocs resolves its relative paths from here)."""
        return self.path.parent

    def line(self, key: str) -> int:
        """The line of ``key`` (or of its nearest parent that is written), 0 when unknown."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return 0

    def plugin_options(self) -> Mapping[str, Any] | None:
        """The options of the ``talkdocs`` plugin (empty when listed without options), None when not listed."""
        return plugin_entries(self.data.get("plugins")).get(PLUGIN)

    def plugin_names(self) -> list[str]:
        """Every plugin listed, in order."""
        return list(plugin_entries(self.data.get("plugins")))


def plugin_entries(plugins: Any) -> dict[str, Mapping[str, Any]]:
    """``plugins`` as written (a list of names or one-key mappings, or a mapping) → name → options."""
    out: dict[str, Mapping[str, Any]] = {}
    items = list(plugins.items()) if isinstance(plugins, Mapping) else plugins or []
    for item in items:
        if isinstance(item, tuple):
            name, options = item
        elif isinstance(item, Mapping) and len(item) == 1:
            name, options = next(iter(item.items()))
        else:
            name, options = item, {}
        out[str(name)] = options if isinstance(options, Mapping) else {}
    return out


def _lines(node: yaml.Node, prefix: str, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                path = f"{prefix}.{key.value}" if prefix else str(key.value)
                out.setdefault(path, key.start_mark.line + 1)
                _lines(value, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}[{index}]"
            out.setdefault(path, item.start_mark.line + 1)
            _lines(item, path, out)


def read(path: Path) -> UserConfig:
    """Read ``mkdocs.yml`` without running anything it names."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserConfigError(f"站点配置文件 {path} 不存在；请用 --config-file 指定，"
                              "或运行 talkdocs init 新建") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserConfigError(f"无法读取站点配置文件 {path}：{exc}；请确认它是 UTF-8 编码的文本文件") from None
    try:
        data = yaml.load(text, Loader=_Loader) or {}
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise UserConfigError(f"站点配置文件 {path} {where}不是有效的 YAML：{getattr(exc, 'problem', exc)}；"
                              "请对照 MkDocs 文档改正（缩进用空格，冒号后加空格）") from None
    if not isinstance(data, Mapping):
        raise UserConfigError(f"站点配置文件 {path} 应为“键: 值”形式的映射，例如 site_name: 某某市委监督谈话档案")
    lines: dict[str, int] = {}
    if node is not None:
        _lines(node, "", lines)
    return UserConfig(path, data, lines)


def find(start: Path) -> Path | None:
    """The ``mkdocs.yml`` of the repository ``start`` is in: in ``start`` or a parent, not above a git root."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None
