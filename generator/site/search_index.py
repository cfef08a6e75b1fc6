"""The site's search index: Material's entries and the record pages' sections, written as small files.

Material's search plugin writes one ``search/search_index.json`` with every page it indexed (the office's pages,
orgs, people, reports; the talk and plan pages are left out of it, ``search: exclude``) and the offline plugin
copies it into ``search_index.js``.  After both, this module reads Material's entries back as plain text
(markup, HTML escapes and the zero-width spaces Material puts between Chinese words removed), adds the record
pages' sections (:mod:`.search_docs`) and writes the split index of :mod:`.search_shards`.  The two
``search_index`` files are then rewritten to hold only Material's search configuration and the manifest of
the split index, which is all the browser downloads before the first query; the search worker
(``assets/javascripts/workers/talkdocs-search.js``, named in the page's configuration by the theme override)
reads the rest as a query needs it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from generator.site import links, search_shards
from generator.site.search_docs import CONFIDENTIAL_TAG, SearchPage
from generator.site.search_shards import FacetValue, IndexPage, IndexSection, Written

INDEX = Path("search") / "search_index.json"
SCRIPT = Path("search") / "search_index.js"  # the offline plugin's copy, for pages opened from disk
_TAG = re.compile(r"<[^>]*>")  # record text inside is escaped (&lt;), so every "<" here starts a tag
_SPACE = re.compile(r"\s+")
_EDGE = " ·"  # "·" separates parts of a summary; at an edge, the part beside it was left out


def plain(text: str) -> str:
    """A Material index text as a reader sees it: no markup, no zero-width spaces, entities decoded."""
    text = _TAG.sub(" ", text.replace("\u200b", ""))
    return _SPACE.sub(" ", html.unescape(text)).strip(_EDGE)


def material_pages(docs: Sequence[dict[str, Any]]) -> Iterator[IndexPage]:
    """Material's entries grouped into pages (an entry without ``#`` starts a page; its sections follow)."""
    url = ""
    title = ""
    sections: list[IndexSection] = []
    for doc in docs:
        location = str(doc.get("location", ""))
        base, _, anchor = location.partition("#")
        if base != url or not sections:
            if sections:
                yield IndexPage(url, title, tuple(sections))
            url, title, sections = base, plain(str(doc.get("title", ""))), []
        sections.append(IndexSection(anchor, plain(str(doc.get("title", ""))), plain(str(doc.get("text", "")))))
    if sections:
        yield IndexPage(url, title, tuple(sections))


def record_pages(pages: Sequence[SearchPage]) -> Iterator[IndexPage]:
    """The talk and plan pages as the index holds them."""
    for page in pages:
        f = page.facets
        facets = {"committee": f.committees, "year": tuple(str(y) for y in f.years), "kind": f.kinds,
                  "area": f.areas}
        yield IndexPage(links.built(page.path), page.title, page.sections, {k: v for k, v in facets.items() if v})


def write(site_dir: Path, pages: Sequence[SearchPage] = (), facet_values: Sequence[FacetValue] = ()) -> Written | None:
    """Replace the built site's search index by the split one; ``None`` when the build has no search."""
    path = site_dir / INDEX
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    # Record pages first: with equal scores, a talk is what an office searching words of a problem wants.
    every = [*record_pages(pages), *material_pages(data.get("docs", []))]
    written = search_shards.write(site_dir, every, facet_values)
    config = {**data.get("config", {}), "talkdocs": {**written.manifest, "tag": CONFIDENTIAL_TAG}}
    raw = json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":")).encode()
    path.write_bytes(raw)
    script = site_dir / SCRIPT
    if script.is_file():
        script.write_bytes(b"var __index = " + raw)
    return written


def read(site_dir: Path) -> search_shards.Index:
    """The built site's split index, read back (for tests and the bench)."""
    data = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    return search_shards.read(site_dir, data["config"]["talkdocs"])
