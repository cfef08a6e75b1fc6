"""Make the search index small: a province's site has tens of thousands of pages, and every visitor's browser
downloads and indexes the whole file before the first search.

Material's search plugin writes the index with every non-ASCII character escaped (``\\u8c08``: six bytes for a
Chinese character that UTF-8 writes in three, and as many for each zero-width space it puts between Chinese
words) and with the HTML tags of each text kept for result previews.  Here the index is written again as UTF-8,
without tags and without zero-width spaces that sit next to real spaces (the search already splits on spaces);
the words, and so what a search finds, stay the same.  Which parts of a page are indexed at all is decided
by the templates (``data-search-exclude``); the talk and plan pages are indexed from their records instead
(:mod:`.search_docs`), and their entries are added here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jieba
from markupsafe import escape

from generator.site import links
from generator.site.search_docs import CONFIDENTIAL_TAG, SearchPage

INDEX = Path("search") / "search_index.json"
SCRIPT = Path("search") / "search_index.js"  # the offline plugin's copy, for pages opened from disk
_TAG = re.compile(r"<[^>]*>")  # record text inside is escaped (&lt;), so every "<" here starts a tag
_REDUNDANT_SPACE = re.compile(r"[\u200b\s]*\s[\u200b\s]*")
_EDGE = "\u200b \t\r\n·"  # "·" separates parts of a summary; at an edge, the part beside it was left out


def slim_text(text: str) -> str:
    """A result's text without markup and without separators that add nothing to the one beside them."""
    plain = _TAG.sub(" ", text)
    return _REDUNDANT_SPACE.sub(" ", plain).strip(_EDGE)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def segmented(text: str) -> str:
    """``text`` escaped, its Chinese cut into words by zero-width spaces, as Material's search plugin writes it."""
    return _HAN.sub(lambda m: "\u200b".join(jieba.cut(m.group(0))), str(escape(text)))


def entries(pages: Sequence[SearchPage]) -> list[dict[str, Any]]:
    """Material's index entries for the record pages (one per section; the page's own entry first)."""
    out: list[dict[str, Any]] = []
    for page in pages:
        url = links.built(page.path)
        for section in page.sections:
            entry: dict[str, Any] = {"location": f"{url}#{section.anchor}" if section.anchor else url,
                                     "title": segmented(section.title), "text": segmented(section.text)}
            if section.confidential:
                entry["tags"] = [CONFIDENTIAL_TAG]
            out.append(entry)
    return out


def compact(site_dir: Path, pages: Sequence[SearchPage] = ()) -> int:
    """Rewrite the built site's search index in its compact form, with the record pages' entries;
    returns its size in bytes (0: no index)."""
    path = site_dir / INDEX
    if not path.is_file():
        return 0
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        doc["text"] = slim_text(str(doc.get("text", "")))
        doc["title"] = slim_text(str(doc.get("title", "")))
    data["docs"] = [*data.get("docs", []), *entries(pages)]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    script = site_dir / SCRIPT
    if script.is_file():
        script.write_bytes(b"var __index = " + raw)
    return len(raw)
