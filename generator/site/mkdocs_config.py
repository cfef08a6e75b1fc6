"""What the ``talkdocs`` plugin adds to the office's ``mkdocs.yml``: defaults that keep the site private, the
talkdocs look, and the navigation of the generated pages beside the office's own.

Defaults apply only where the office's file does not say otherwise (the privacy lint, :mod:`.privacy`,
refuses the values that would load from outside).  Why each default:

- ``theme.font: false``: otherwise Material links Roboto from Google Fonts.
- ``extra.polyfills`` names a local copy of the iframe-worker shim: otherwise the offline plugin adds it
  from unpkg.  ``extra.generator: false`` drops the "Made with Material" link.
- ``use_directory_urls: false``: pages are ``<path>.html`` so the site also works opened from the file
  system, and the links between generated pages (:mod:`.links`) are computed for that layout.
- Search language and separator are left to Material, which picks the Chinese ones for ``language: zh``.
- Link validation at ``warn``: with ``--strict`` a broken Markdown link on an office page fails the build.
- Record pages are kept out of the navigation so that every page does not carry them all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import escape

from generator.site import links

SHIM = "assets/javascripts/iframe-worker-shim.js"
SEARCH_WORKER = "assets/javascripts/workers/talkdocs-search.js"  # named in overrides/main.html
EXTRA_CSS = ("assets/stylesheets/talkdocs.css", "assets/stylesheets/print.css")
EXTRA_JS = ("assets/javascripts/talk-index.js",)
ASSETS = (SHIM, SEARCH_WORKER, *EXTRA_CSS, *EXTRA_JS)
PACKAGE_DIR = Path(__file__).resolve().parent  # assets/ and overrides/ are shipped here
OVERRIDES = PACKAGE_DIR / "overrides"
# Folders whose pages are records, not navigation entries.
RECORD_FOLDERS = ("talks", "orgs", "people", "plans", "coverage", "reports")
PALETTE: Mapping[str, str] = {"scheme": "default", "primary": "red", "accent": "red"}
FEATURES = ("navigation.tabs", "navigation.top", "search.highlight")  # tabs: the sections on every page
FOOTER = "内部资料 注意保密（《办法》第十六条）"
# The help line under the search box: the filters of the query syntax (search_shards.FILTER_KEYS).
SEARCH_HELP = ("按词语查找谈话的问题、整改要求、措施等；可加筛选（与词语同用，空格隔开）：党委:简称　年度:2026　"
               "类型:定期 或 类型:及时　领域:严格自律，如“形式主义 年度:2026”")
_VALIDATION = ("absolute_links", "unrecognized_links", "anchors")


def _said(user: Mapping[str, Any], dotted: str) -> bool:
    """Whether the office's file sets ``dotted`` (e.g. ``theme.font``)."""
    node: Any = user
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def apply(config: Any, user: Mapping[str, Any]) -> None:
    """Fill in the defaults on MkDocs' validated ``config``; ``user`` is the file as written."""
    theme = config.theme
    if not _said(user, "theme.font"):
        theme["font"] = False
    if not _said(user, "theme.language"):
        theme["language"] = "zh"
    if not _said(user, "theme.palette"):
        theme["palette"] = dict(PALETTE)
    if not _said(user, "theme.features"):
        theme["features"] = list(FEATURES)
    if str(OVERRIDES) not in theme.dirs:  # after the office's custom_dir, before Material's own templates
        theme.dirs.insert(1 if theme.custom_dir else 0, str(OVERRIDES))
    extra = config.extra
    if not _said(user, "extra.polyfills"):
        extra["polyfills"] = [SHIM]
    extra["talkdocs_search_help"] = SEARCH_HELP
    if not _said(user, "extra.generator"):
        extra["generator"] = False
    config.use_directory_urls = False
    config.extra_css = [*EXTRA_CSS, *(c for c in config.extra_css if c not in EXTRA_CSS)]
    config.extra_javascript = [*EXTRA_JS, *(s for s in config.extra_javascript if str(s) not in EXTRA_JS)]
    if not _said(user, "validation"):
        for name in _VALIDATION:
            config.validation.links[name] = logging.WARNING
        config.validation.nav.omitted_files = logging.WARNING
    config.site_name = str(escape(config.site_name))  # MkDocs and Material print it without escaping


def footer(user_text: str | None, audience_label: str, as_of_text: str) -> str:
    """The ``copyright`` line: the office's own text (HTML as MkDocs allows), then audience and date."""
    head = user_text if user_text else FOOTER
    return f"{head} · {escape(audience_label)} · 截至{escape(as_of_text)}"


def banner(parts: Iterable[str]) -> str:
    """The line above every page, escaped (Material's template prints it as it is)."""
    return str(escape(" · ".join(p for p in parts if p)))


NavEntry = Any  # a page path, or {title: page path or [entries]}


def _paths(entries: Sequence[NavEntry]) -> Iterable[str]:
    for entry in entries:
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, Mapping):
            for value in entry.values():
                if isinstance(value, str):
                    yield value
                elif isinstance(value, list):
                    yield from _paths(value)


def _without(entries: Sequence[NavEntry], missing: set[str]) -> list[NavEntry]:
    """The entries without those that name a generated page this build does not have."""
    out: list[NavEntry] = []
    for entry in entries:
        if isinstance(entry, str):
            if entry not in missing:
                out.append(entry)
        elif isinstance(entry, Mapping):
            kept = {}
            for title, value in entry.items():
                if isinstance(value, list):
                    value = _without(value, missing)
                    if not value:
                        continue
                elif isinstance(value, str) and value in missing:
                    continue
                kept[title] = value
            if kept:
                out.append(kept)
        else:
            out.append(entry)
    return out


def navigation(generated: Sequence[tuple[str, str]], optional: Iterable[str], user_nav: Sequence[NavEntry] | None,
               user_pages: Sequence[str]) -> list[NavEntry]:
    """The site's ``nav``.

    - No ``nav`` in the office's file: the generated sections, then the office's pages in file order.
    - A ``nav`` that names no generated page: the generated sections, then the office's ``nav``.
    - A ``nav`` that names generated pages (``talks/index.md`` …): the office's ``nav`` as written; entries for
      a generated page this build does not have (``reports/index.md`` before any report, ``audit.md``
      without history) are left out.
    """
    sections: list[NavEntry] = [{title: links.source(page)} for title, page in generated]
    if user_nav is None:
        return sections + [p for p in user_pages if p != links.source(links.HOME)]
    have = {links.source(page) for _t, page in generated}
    wanted = set(_paths(user_nav))
    generated_paths = have | {links.source(p) for p in optional}
    if wanted & generated_paths:
        return _without(user_nav, generated_paths - have)
    return sections + list(user_nav)


def nav_paths(nav: Sequence[NavEntry]) -> set[str]:
    """Every page path a ``nav`` names."""
    return set(_paths(nav))


def starter(site_name: str, records: str = "records", docs_dir: str = "docs") -> dict[str, Any]:
    """The smallest ``mkdocs.yml`` for a talkdocs site; the plugin fills in everything else."""
    return {
        "site_name": site_name,
        "docs_dir": docs_dir,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": ["search", "offline", {"talkdocs": {"records": records}}],
    }
