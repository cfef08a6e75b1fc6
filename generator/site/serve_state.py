"""What the plugin keeps between rebuilds of ``serve``, so that a rebuild after one record changed renders
only the pages that change reached — and serves the same pages a full build would.

- Page files: every generated page's Markdown is compared with the file written last time and written only
  when it differs, so MkDocs' dirty build (``File.is_modified``: source newer than the built page) renders
  exactly the changed pages.  Files of pages that no longer exist are deleted, and so are their built pages.
- Whole-site changes: the banner, footer, site name and navigation are on every page.  When one of them
  changes, every built page is deleted first, so the dirty build renders them all.
- Search index: Material's search plugin, in a dirty build, sees only the pages rendered this time, and its
  own merge assumes a single page.  The index is put together here page by page in the site's page order:
  this build's entries for the pages it rendered, the last build's for the others.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from generator.engine import parallel
from generator.load import cache
from generator.site import links, page_memo, render
from generator.site.pages import Page


def cache_dir(command: str, records: Path) -> Path | None:
    """The parse cache for serve's rebuilds (the quick re-check); builds read every record afresh."""
    if command != "serve":
        return None
    folder = cache.default_folder(records)
    return None if cache.unsafe_place(folder) else folder


def page_text(page: Page) -> str:
    """The Markdown file of a page."""
    if page.markdown:
        return render.front_matter(page.meta()) + page.markdown.rstrip("\n") + "\n"
    return render.markdown(page.meta(), page.template, page.path, page.context)


# page path → its reads, packed (:mod:`.page_memo`), and the seconds drawing it took
Notes = list[tuple[str, list[page_memo.Read] | bytes | None, float]]


def _write(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return  # unchanged: keep the file's time, so a dirty rebuild skips the page
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _write_share(pages: list[Page], out: Path, noting: bool, parent: int) -> Notes:
    notes: Notes = []
    forked = os.getpid() != parent
    for page in pages:
        if noting and not page.markdown:
            start = time.perf_counter()
            body, reads = page_memo.render_noting(page.template, page.path, page.context)
            text = render.front_matter(page.meta()) + body + "\n"
            notes.append((page.path, page_memo.packed(reads, forked), time.perf_counter() - start))
        else:
            text = page_text(page)
        _write(out / links.source(page.path), text.encode("utf-8"))
    return notes


RENDER_IN_PARALLEL = 8  # under serve: this many pages to draw are shared between processes
CHECK_IN_PARALLEL = 500  # … and this many pages to check against their entries


def _changed(pages: Sequence[Page], memo: dict[str, page_memo.Entry], site: Any, cores: int) -> list[Page]:
    """The pages whose entry does not show them unchanged (checked in forked processes on a large site)."""
    def share(part: list[Page]) -> list[bool]:
        lookups = page_memo.Lookups(site)
        return [bool(p.markdown) or not page_memo.unchanged(memo.get(p.path), p, lookups) for p in part]

    answers = parallel.split_map(share, list(pages), cores, minimum=CHECK_IN_PARALLEL)
    jobs = len(answers)  # one answer list per share; share i holds pages[i::jobs]
    return [p for i, p in enumerate(pages) if answers[i % jobs][i // jobs]]


def write_pages(pages: Sequence[Page], out: Path, jobs: int | None = None,
                memo: dict[str, page_memo.Entry] | None = None, site: Any = None) -> int:
    """Write every page's Markdown under ``out`` (in forked processes for a large site), delete the files of
    pages that are gone; returns how many pages there are.

    With ``memo`` (under ``serve``), a page whose entry says nothing it was drawn from changed is not rendered
    at all, and the pages rendered leave their entries there for the next build (``site``: the
    :class:`~generator.site.view_model.Site` the pages look things up in).
    """
    cores = parallel.default_jobs() if jobs is None else jobs
    todo = list(pages)
    noting = memo is not None and site is not None
    if memo and site is not None:  # (the first build under serve has no entries yet: every page is drawn)
        todo = _changed(pages, memo, site, cores)
        # slowest first: the shares are interleaved, so the large lists go to different processes
        took = {p.path: memo[p.path].seconds for p in todo if p.path in memo}
        todo.sort(key=lambda p: -took.get(p.path, 0.0))
        for page in todo:  # until written: a build that fails on the way must not leave an old entry behind
            memo.pop(page.path, None)
    parent = os.getpid()  # a forked worker sends its reads as bytes, this process keeps them as they are
    # under serve the few pages an edit reaches include the large lists (every talk, every rectification):
    # two processes draw them in about half the time
    shares = parallel.split_map(lambda share: _write_share(share, out, noting, parent), todo, cores,
                                minimum=RENDER_IN_PARALLEL if noting else None)
    keep = {links.source(p.path) for p in pages}
    if memo is not None and site is not None:
        lookups = page_memo.Lookups(site)
        by_path = {p.path: p for p in todo}
        for share in shares:
            for path, data, seconds in share:
                reads = page_memo.unpacked(data)
                page = by_path[path]
                if reads is None:
                    memo.pop(path, None)
                else:
                    memo[path] = page_memo.entry(page.template, page.meta(), page.context, reads, lookups, seconds)
        for gone in set(memo) - {p.path for p in pages}:
            del memo[gone]
    for folder, _dirs, names in os.walk(out):
        for name in names:
            rel = Path(folder, name).relative_to(out).as_posix()
            if rel not in keep:
                os.unlink(os.path.join(folder, name))
    return len(pages)


class ServeState:
    """The plugin's memory between rebuilds (one instance per ``serve`` session)."""

    def __init__(self) -> None:
        self._site_key: tuple[Any, ...] | None = None
        self._generated: set[str] = set()
        self._removed: set[str] = set()
        self._rendered: set[str] = set()
        self._order: list[str] = []
        self._search: dict[str, list[Any]] | None = None
        self.memo: dict[str, page_memo.Entry] = {}  # each page's inputs last time (:mod:`.page_memo`)

    def before_dirty_build(self, files: Any, config: Any, generated: set[str]) -> None:
        """Delete the built pages a dirty build would otherwise wrongly keep."""
        self._rendered = set()
        self._removed = self._generated - generated
        self._generated = set(generated)
        key = (config.extra.get("talkdocs_banner"), config.copyright, config.site_name, repr(config.nav))
        if key != self._site_key:
            for f in files.documentation_pages():
                Path(f.abs_dest_path).unlink(missing_ok=True)
            self._search = None
        self._site_key = key

    def rendered(self, url: str) -> None:
        """A page was rendered in this build."""
        self._rendered.add(url)

    def order(self, urls: Iterable[str]) -> None:
        """The site's pages in build order."""
        self._order = list(urls)

    def merge_search(self, search: Any, dirty: bool) -> None:
        """Hand Material's search plugin the whole site's entries (see the module's docstring)."""
        index = getattr(search, "search_index", None)
        if index is None:
            return
        current: dict[str, list[Any]] = {}
        for entry in index.entries:
            current.setdefault(str(entry["location"]).split("#")[0], []).append(entry)
        if dirty and self._search is not None:
            merged = {url: current.get(url, []) if url in self._rendered else self._search.get(url, [])
                      for url in self._order}
            index.entries = [e for url in self._order for e in merged[url]]
        else:
            merged = current
        search.search_index_prev = None  # its own merge would keep stale entries of the other pages
        self._search = merged

    def remove_stale(self, site_dir: Path) -> None:
        """Delete the built pages of records that are gone (a full build would not have them)."""
        for rel in self._removed:
            (site_dir / links.built(rel.removesuffix(".md"))).unlink(missing_ok=True)
        self._removed = set()
