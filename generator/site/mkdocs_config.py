"""The ``mkdocs.yml`` for a generated docs folder: Material in Chinese, offline, strict, nothing from outside.

Choices that keep the site private (Art. 16) and why:

- ``theme.font: false``: otherwise Material links Roboto from Google Fonts.
- ``extra.polyfills`` names a local copy of the iframe-worker shim: otherwise the offline plugin adds it
  from unpkg.  ``extra.generator: false`` drops the "Made with Material" link.  No ``repo_url`` (it makes
  pages call a code-hosting API), no ``site_url``, no social links, no analytics.
- Only the built-in ``search`` and ``offline`` plugins.  Search language and separator are left unset so
  Material picks the Chinese ones for ``language: zh`` and segments Chinese with jieba at build time.
- ``markdown_extensions`` is empty: record text is rendered as escaped HTML (see :mod:`.render`), and without
  ``attr_list``/``md_in_html`` nothing in a page can turn text into attributes or Markdown.
- Record pages are kept out of the navigation (``not_in_nav``) so every page does not carry them all.
- Strict validation: any warning (a broken Markdown link, a nav entry without a page) fails the build.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from generator.site import links

SHIM = "assets/javascripts/iframe-worker-shim.js"
EXTRA_CSS = ("assets/stylesheets/talkdocs.css", "assets/stylesheets/print.css")
EXTRA_JS = ("assets/javascripts/talk-index.js",)
# Folders whose pages are records, not navigation entries.
RECORD_FOLDERS = ("talks", "orgs", "people", "plans", "coverage", "reports")


def config(site_name: str, nav: Sequence[tuple[str, str]], *, docs_dir: str = "docs",
           banner: str = "", footer: str = "", jieba_dict_user: str = "") -> dict[str, Any]:
    """The configuration as a mapping.  ``site_name``, ``banner`` and ``footer`` are plain text.

    ``jieba_dict_user`` names the segmenter's user dictionary (:mod:`.search_dict`), relative to the config.

    MkDocs and Material print ``site_name`` and ``copyright`` without escaping, so they are escaped here.
    """
    not_in_nav = "\n".join(f"/{folder}/*.md" for folder in RECORD_FOLDERS)
    nav_pages = {page for _title, page in nav}
    not_in_nav += "\n" + "\n".join(f"!/{links.source(page)}" for page in sorted(nav_pages) if "/" in page)
    return {
        "site_name": str(escape(site_name)),
        "docs_dir": docs_dir,
        "use_directory_urls": False,
        "strict": True,
        "copyright": str(escape(footer)),
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "custom_dir": "overrides",
            "palette": {"scheme": "default", "primary": "red", "accent": "red"},
            "features": ["navigation.top", "search.highlight"],
        },
        "plugins": [{"search": {"jieba_dict_user": jieba_dict_user}} if jieba_dict_user else "search", "offline"],
        "markdown_extensions": [],
        "extra": {
            "polyfills": [SHIM],
            "generator": False,
            "talkdocs_banner": str(escape(banner)),
        },
        "extra_css": list(EXTRA_CSS),
        "extra_javascript": list(EXTRA_JS),
        "nav": [{title: links.source(page)} for title, page in nav],
        "not_in_nav": not_in_nav + "\n",
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
    }


def write(path: Path, settings: dict[str, Any]) -> Path:
    """Write ``mkdocs.yml`` (sorted keys, UTF-8) and return its path."""
    path.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=True, width=1_000_000), encoding="utf-8")
    return path
