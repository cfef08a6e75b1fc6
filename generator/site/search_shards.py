"""The search index split into small files, so that a browser downloads only what one query needs.

A province's site has tens of thousands of pages; one index file of all their texts would be tens of
megabytes, and Material's search downloads its whole index before the first result.  Here the index is:

- ``search/t/<n>.js``: the *word files*.  Every word of the index with its postings (which page, which
  section) is in the file numbered ``ord(first character) % shards``.  The browser cuts a query into words of
  the index's vocabulary (:mod:`.search_terms` at build time, the same words in the browser), so it needs the
  word files of the query's characters only — a few tens of kilobytes for a short query.
- ``search/p/<n>.js``: the *page files*, :data:`CHUNK` pages each: the url, title and sections (anchor,
  heading, plain text, confidential or not) that a result shows, fetched for the best results only.
- ``search/facets.js``: the pages of each committee, year, talk kind and problem area, for the filters
  (``党委:山海市委 年度:2026``), fetched when a query has one.

Each file is a script ``__td("<name>", <JSON>)``: the search worker reads it with ``fetch`` from a web server
and with ``importScripts`` (the iframe-worker shim's, a ``<script>`` tag) when the site is opened from the file
system, where ``fetch`` of a local file is refused.  Texts are plain (no HTML, no zero-width spaces); the worker
escapes them when it builds a result.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.site import search_terms

FOLDER = Path("search")
WORDS = "t"
PAGES = "p"
FACETS = "facets.js"
CHUNK = 8  # pages per page file: a result list of 30 pages fetches at most 30 small files
TARGET_SHARD_BYTES = 48_000  # the word files are about this size on average
MAX_SHARDS = 4096
SLOT = 32  # a posting is page delta × SLOT + section (a section ≥ SLOT - 1 follows as its own number)
# The filters of the query syntax: key → facet (the help line under the search box names them).
FILTER_KEYS: Mapping[str, str] = {"党委": "committee", "党组": "committee", "年度": "year", "类型": "kind",
                                  "领域": "area"}
FACETS_ORDER = ("committee", "year", "kind", "area")


@dataclass(frozen=True)
class IndexSection:
    """One part of a page as the index holds it (``anchor`` "" is the top of the page)."""

    anchor: str
    title: str
    text: str
    confidential: bool = False


@dataclass(frozen=True)
class IndexPage:
    """A page as the index holds it; ``facets`` maps a facet name to the page's values (codes or ids)."""

    url: str
    title: str
    sections: tuple[IndexSection, ...]
    facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FacetValue:
    """One value a filter can take: its code, the names a query may use for it, and its label."""

    facet: str
    code: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Written:
    """What :func:`write` wrote: the manifest for the worker, and the files' count and size."""

    manifest: dict[str, Any]
    files: int
    total_bytes: int
    largest_word_file: int


def _script(name: str, data: Any) -> bytes:
    return f'__td("{name}",{json.dumps(data, ensure_ascii=False, separators=(",", ":"))})\n'.encode()


def _encode(postings: Iterable[tuple[int, int]]) -> list[int]:
    out: list[int] = []
    previous = 0
    for page, section in postings:
        out.append((page - previous) * SLOT + min(section, SLOT - 1))
        if section >= SLOT - 1:
            out.append(section)
        previous = page
    return out


def _postings(pages: Sequence[IndexPage]) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for p, page in enumerate(pages):
        for s, section in enumerate(page.sections):
            text = f"{page.title} {section.title} {section.text}" if s == 0 else f"{section.title} {section.text}"
            for word in set(search_terms.words(text)):
                found.setdefault(word, []).append((p, s))
    return found


def shard_count(total_bytes: int) -> int:
    """How many word files for an index of about ``total_bytes`` of postings."""
    return max(1, min(MAX_SHARDS, math.ceil(total_bytes / TARGET_SHARD_BYTES)))


def shard_of(word: str, shards: int) -> int:
    """The word file that holds ``word`` (the worker computes the same)."""
    return ord(word[0]) % shards


def _write(path: Path, raw: bytes) -> int:
    path.write_bytes(raw)
    return len(raw)


def write(site_dir: Path, pages: Sequence[IndexPage], facet_values: Sequence[FacetValue]) -> Written:
    """Write the word, page and facet files of ``pages`` under ``site_dir/search``; returns the manifest."""
    root = site_dir / FOLDER
    for sub in (WORDS, PAGES):
        shutil.rmtree(root / sub, ignore_errors=True)  # a smaller site must not keep the files of a larger one
        (root / sub).mkdir(parents=True)
    encoded = {w: _encode(p) for w, p in _postings(pages).items()}
    shards = shard_count(sum(len(w) * 3 + 4 * len(e) for w, e in encoded.items()))
    grouped: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for word in sorted(encoded):
        grouped[shard_of(word, shards)][word] = encoded[word]
    files, total, largest = 0, 0, 0
    for n, group in enumerate(grouped):
        size = _write(root / WORDS / f"{n}.js", _script(f"{WORDS}{n}", group))
        files, total, largest = files + 1, total + size, max(largest, size)
    for n in range(0, len(pages), CHUNK):
        rows = [[page.url, page.title, [[s.anchor, s.title, s.text, int(s.confidential)] for s in page.sections]]
                for page in pages[n:n + CHUNK]]
        total += _write(root / PAGES / f"{n // CHUNK}.js", _script(f"{PAGES}{n // CHUNK}", rows))
        files += 1
    total += _write(root / FACETS, _script("f", _facets(pages, facet_values)))
    manifest = {"version": 1, "shards": shards, "chunk": CHUNK, "pages": len(pages), "slot": SLOT,
                "stopwords": sorted(search_terms.STOPWORDS), "filters": dict(FILTER_KEYS)}
    return Written(manifest, files + 1, total, largest)


def _facets(pages: Sequence[IndexPage], values: Sequence[FacetValue]) -> dict[str, list[Any]]:
    """Per facet: ``[code, names, page deltas]`` for each value that some page has."""
    members: dict[tuple[str, str], list[int]] = {}
    for p, page in enumerate(pages):
        for facet, codes in page.facets.items():
            for code in codes:
                members.setdefault((facet, code), []).append(p)
    names = {(v.facet, v.code): v.names for v in values}
    out: dict[str, list[Any]] = {f: [] for f in FACETS_ORDER}
    for (facet, code), found in sorted(members.items()):
        deltas = [b - a for a, b in zip([0, *found], found, strict=False)]
        out.setdefault(facet, []).append([code, list(names.get((facet, code), (code,))), deltas])
    return out


def _read_script(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(",") + 1:text.rindex(")")])


@dataclass(frozen=True)
class Index:
    """A written index read back (for tests and the bench): its pages and each word's (page, section)s."""

    pages: tuple[IndexPage, ...]
    postings: Mapping[str, tuple[tuple[int, int], ...]]
    manifest: Mapping[str, Any]

    def locations(self, word: str) -> set[str]:
        """Where ``word`` is: ``url#anchor`` of each section holding it (``url`` for a page's top)."""
        out = set()
        for p, s in self.postings.get(word, ()):
            page = self.pages[p]
            anchor = page.sections[s].anchor
            out.add(f"{page.url}#{anchor}" if anchor else page.url)
        return out


def read(site_dir: Path, manifest: Mapping[str, Any]) -> Index:
    """The index written under ``site_dir/search`` with ``manifest``."""
    root = site_dir / FOLDER
    pages: list[IndexPage] = []
    for n in range(math.ceil(int(manifest["pages"]) / int(manifest["chunk"]))):
        for url, title, sections in _read_script(root / PAGES / f"{n}.js"):
            pages.append(IndexPage(url, title, tuple(IndexSection(a, t, x, bool(c)) for a, t, x, c in sections)))
    postings: dict[str, tuple[tuple[int, int], ...]] = {}
    for n in range(int(manifest["shards"])):
        for word, codes in _read_script(root / WORDS / f"{n}.js").items():
            out, page, i = [], 0, 0
            while i < len(codes):
                page += codes[i] // SLOT
                section = codes[i] % SLOT
                if section == SLOT - 1:
                    i += 1
                    section = codes[i]
                out.append((page, section))
                i += 1
            postings[word] = tuple(out)
    return Index(tuple(pages), postings, manifest)
