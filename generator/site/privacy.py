"""The privacy lint of the office's ``mkdocs.yml``: what would make the site load from outside, point outside, or
run code talkdocs cannot vouch for is refused before anything is built.

Article 16 of the Measures keeps talk records inside the office; the site is read offline and must not make
a browser fetch anything from elsewhere (fonts, scripts, analytics, a code host's API) or link out.  The
lint reads the file as written (:mod:`.user_config`), so it sees what the office wrote, not what MkDocs or
the plugin filled in, and it names each key with its line and what to write instead.  ``talkdocs build``
runs it before MkDocs (exit code 2); the plugin runs it in ``on_config`` for stock ``mkdocs build`` and
``mkdocs serve``.  What Material loads from outside *by default* is not refused but switched off by the
plugin (:func:`.mkdocs_config.apply`); the built site is checked again afterwards (:mod:`.crawl`).

The plugins allowed (:data:`ALLOWED_PLUGINS`) are Material's and MkDocs' own that read and write only
files of the build: ``search``, ``offline``, ``tags`` and ``talkdocs`` itself.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.site import crawl
from generator.site.user_config import UserConfig, plugin_entries

ALLOWED_PLUGINS = ("search", "offline", "tags", "talkdocs")
# Emoji generators that put the picture into the page (the others link images on a CDN).
_INLINE_EMOJI = ("material.extensions.emoji.to_svg", "pymdownx.emoji.to_alt")
_LOOPBACK_NAMES = ("localhost",)
_LOCAL_EXAMPLE = {"extra_javascript": "javascripts/office.js", "extra_css": "stylesheets/office.css"}


@dataclass(frozen=True)
class Problem:
    """One refused key: where it is, why it is refused and what to write instead."""

    key: str  # dotted path, e.g. theme.font or plugins.social
    line: int  # 1-based, 0 when unknown
    why: str
    instead: str

    def text(self, file: str) -> str:
        """The Chinese line naming file, line and key."""
        where = f"{file} 第 {self.line} 行" if self.line else file
        return f"{where} {self.key}：{self.why}；{self.instead}"


class PrivacyError(Exception):
    """The office's ``mkdocs.yml`` asks for something the private site must not do (message in Chinese)."""

    def __init__(self, problems: list[Problem], file: str) -> None:
        self.problems = problems
        head = (f"站点配置 {file} 中有 {len(problems)} 处会使站点从外部加载内容、指向站外或泄露信息"
                "（《办法》第十六条：内部资料不得外传），未生成站点：")
        super().__init__("\n".join([head, *(f"  {p.text(file)}" for p in problems)]))


def is_url(value: object) -> bool:
    """Whether a path written in the file is an address elsewhere (``http:``, ``https:``, ``//`` or another
    scheme) rather than a file of the site — the same test the check of the built site uses."""
    return crawl.is_external(str(value))


def _get(data: Mapping[str, Any], dotted: str) -> tuple[bool, Any]:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _theme(data: Mapping[str, Any]) -> Mapping[str, Any]:
    theme = data.get("theme")
    return theme if isinstance(theme, Mapping) else {}


def _unwrap_plugin(name: str) -> str:
    return name.removeprefix("material/")


def _scripts(value: Any) -> Iterator[tuple[int, str]]:
    for index, item in enumerate(value if isinstance(value, list) else []):
        path = item.get("path") if isinstance(item, Mapping) else item
        if path is not None:
            yield index, str(path)


def _loopback(address: str) -> bool:
    host = address.rpartition(":")[0] if ":" in address else address
    host = host.strip("[]")
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _top_level(cfg: UserConfig) -> Iterator[Problem]:
    data = cfg.data
    for key in ("repo_url", "edit_uri", "edit_uri_template"):
        if data.get(key):
            yield Problem(key, cfg.line(key), "会使每页带上指向代码托管网站的链接，Material 还会调用该网站的接口读取"
                          "仓库信息（星标数等）", f"请删去 {key} 这一行（内部站点不显示源码仓库和“编辑此页”）")
    if data.get("google_analytics"):
        yield Problem("google_analytics", cfg.line("google_analytics"), "会使每页加载 Google Analytics 统计脚本",
                      "请删去 google_analytics 这一行（站点不使用任何访问统计）")
    if data.get("site_url"):
        yield Problem("site_url", cfg.line("site_url"), f"会使每页和站点地图带上指向 {data['site_url']} 的"
                      "地址（canonical 链接），站点不得指向站外",
                      "请删去 site_url 这一行（内部站点按文件夹浏览，不需要它）")
    if data.get("dev_addr") and not _loopback(str(data["dev_addr"])):
        yield Problem("dev_addr", cfg.line("dev_addr"), f"mkdocs serve 会在 {data['dev_addr']} 上提供站点，网络上的"
                      "其他计算机也能访问", "请写 dev_addr: 127.0.0.1:8000（只有本机能访问），或删去此项")
    if data.get("INHERIT"):
        yield Problem("INHERIT", cfg.line("INHERIT"), "talkdocs 只检查 mkdocs.yml 本身，无法确认被继承的文件"
                      f"（{data['INHERIT']}）不从外部加载内容", "请把被继承文件的设置合并到 mkdocs.yml，删去 INHERIT")
    if data.get("hooks"):
        yield Problem("hooks", cfg.line("hooks"), "会在构建时运行仓库中的 Python 代码，talkdocs 无法确认它不从外部"
                      "加载内容、不把记录外传", "请删去 hooks（需要的功能请向 talkdocs 提出）")
    for key in ("extra_javascript", "extra_css"):
        for index, path in _scripts(data.get(key)):
            if is_url(path):
                yield Problem(f"{key}[{index}]", cfg.line(f"{key}[{index}]"), f"“{path}”是站外地址，每页都会从那里加载",
                              f"请把文件下载到 docs_dir 中，改写为相对路径（例如 {key}: [{_LOCAL_EXAMPLE[key]}]）")


def _theme_keys(cfg: UserConfig) -> Iterator[Problem]:
    theme = _theme(cfg.data)
    if "font" in theme and theme["font"] is not False:
        yield Problem("theme.font", cfg.line("theme.font"), "会使每页从 Google Fonts 加载字体",
                      "请写 font: false（或删去此项，talkdocs 插件会自动关闭外部字体；字体用本机的中文字体）")
    if theme.get("analytics"):
        yield Problem("theme.analytics", cfg.line("theme.analytics"), "会使每页加载访问统计脚本",
                      "请删去 theme.analytics（站点不使用任何访问统计）")
    for key in ("logo", "favicon"):
        if key in theme and is_url(theme[key]):
            yield Problem(f"theme.{key}", cfg.line(f"theme.{key}"), f"“{theme[key]}”是站外地址，每页都会从那里加载",
                          f"请把图片放进 docs_dir（例如 images/logo.svg），写 {key}: images/logo.svg")


def _extra_keys(cfg: UserConfig) -> Iterator[Problem]:
    for key, why, instead in (
        ("extra.analytics", "会使每页加载访问统计脚本（Google Analytics 等）",
         "请删去 extra.analytics（站点不使用任何访问统计）"),
        ("extra.consent", "是为站外统计和嵌入内容征求同意的提示，内部站点不加载这些内容",
         "请删去 extra.consent 及与之配套的统计设置"),
        ("extra.social", "会在每页页脚放上指向站外网站的链接",
         "请删去 extra.social（需要联系方式时写在 copyright 或办公室页面中）"),
    ):
        said, value = _get(cfg.data, key)
        if said and value:
            yield Problem(key, cfg.line(key), why, instead)
    said, polyfills = _get(cfg.data, "extra.polyfills")
    for index, path in _scripts(polyfills if said else None):
        if is_url(path):
            yield Problem(f"extra.polyfills[{index}]", cfg.line(f"extra.polyfills[{index}]"),
                          f"“{path}”是站外地址，离线插件会让每页从那里加载",
                          "请删去 extra.polyfills（talkdocs 插件自带本地的 iframe-worker 文件），"
                          "或写 docs_dir 中文件的相对路径")
    said, alternate = _get(cfg.data, "extra.alternate")
    for index, item in enumerate(alternate if said and isinstance(alternate, list) else []):
        link = item.get("link") if isinstance(item, Mapping) else None
        if link is not None and is_url(link):
            yield Problem(f"extra.alternate[{index}].link", cfg.line(f"extra.alternate[{index}].link"),
                          f"“{link}”是站外地址", "请写本站点内的相对路径，或删去这一项")


def _plugins(cfg: UserConfig) -> Iterator[Problem]:
    plugins = plugin_entries(cfg.data.get("plugins"))
    allowed = "、".join(ALLOWED_PLUGINS)
    for name in plugins:
        short = _unwrap_plugin(name)
        key = f"plugins.{name}"
        line = _plugin_line(cfg, name)
        if short == "social":
            yield Problem(key, line, "社交卡片插件会下载字体并为每页生成供站外网站显示的预览图，"
                          "还会在每页加入指向它们的站外元数据", f"请删去 social 插件（允许的插件：{allowed}）")
        elif short == "privacy":
            yield Problem(key, line, "privacy 插件会在构建时从站外下载文件", f"请删去 privacy 插件：talkdocs 插件已关闭"
                          f"所有外部加载，并在构建后检查站点（允许的插件：{allowed}）")
        elif short not in ALLOWED_PLUGINS:
            yield Problem(key, line, f"插件 {name} 不在允许清单中，talkdocs 无法确认它不从外部加载内容、不把记录外传",
                          f"请删去它（允许的插件：{allowed}；清单及理由见 README“站点配置的隐私检查”）")


def _plugin_line(cfg: UserConfig, name: str) -> int:
    plugins = cfg.data.get("plugins")
    if isinstance(plugins, Mapping):
        return cfg.line(f"plugins.{name}")
    for index, item in enumerate(plugins if isinstance(plugins, list) else []):
        if item == name or (isinstance(item, Mapping) and name in item):
            return cfg.line(f"plugins[{index}]")
    return cfg.line("plugins")


def _markdown(cfg: UserConfig) -> Iterator[Problem]:
    raw = cfg.data.get("markdown_extensions")
    items = list(raw.items()) if isinstance(raw, Mapping) else raw if isinstance(raw, list) else []
    for index, item in enumerate(items):
        if isinstance(item, tuple):
            name, options, line = item[0], item[1], cfg.line(f"markdown_extensions.{item[0]}")
        elif isinstance(item, Mapping) and len(item) == 1:
            (name, options), line = next(iter(item.items())), cfg.line(f"markdown_extensions[{index}]")
        else:
            name, options, line = item, {}, cfg.line(f"markdown_extensions[{index}]")
        options = options if isinstance(options, Mapping) else {}
        key = f"markdown_extensions.{name}"
        if name == "pymdownx.snippets":
            yield Problem(key, line, "snippets 会把 --8<-- 所指的任何文件（包括记录和保密内容）原样插入页面，"
                          "生成的记录页面也不例外",
                          "请删去 pymdownx.snippets（共用的文字请写成办公室页面，用链接引用）")
        elif name == "pymdownx.emoji":
            generator = str(options.get("emoji_generator", ""))
            if not generator.endswith(_INLINE_EMOJI):
                yield Problem(key, line, "表情符号默认是从站外网站加载的图片",
                              "请写 emoji_generator: !!python/name:material.extensions.emoji.to_svg 和 "
                              "emoji_index: !!python/name:material.extensions.emoji.twemoji（图片内嵌在页面中）")


def problems(cfg: UserConfig) -> list[Problem]:
    """Every refused key of the office's file, in the order of its lines."""
    found = [*_top_level(cfg), *_theme_keys(cfg), *_extra_keys(cfg), *_plugins(cfg), *_markdown(cfg)]
    return sorted(found, key=lambda p: p.line)


def check(cfg: UserConfig) -> None:
    """Raise :class:`PrivacyError` when the file has any refused key."""
    found = problems(cfg)
    if found:
        raise PrivacyError(found, str(cfg.path))
