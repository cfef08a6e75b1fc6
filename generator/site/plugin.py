"""The ``talkdocs`` MkDocs plugin: the records' pages added to the office's own MkDocs site.

In ``mkdocs.yml``::

    plugins:
      - search
      - offline
      - talkdocs:
          records: records      # the records folder, relative to mkdocs.yml
          audience: full        # full 完整版 | summary 摘要版
          as_of: 2026-11-27     # default: today in Beijing time
          history: true         # 修改记录 from git

The plugin checks the records, plans the pages with :func:`generator.site.pages.plan_site` (the one page
planner ``talkdocs build`` uses too) and adds each page as a *generated file*, the way mkdocs-gen-files does:
its Markdown is written into a private folder outside the office's ``docs/`` and MkDocs reads it from there.
The office's own pages and ``nav`` entries stay beside the generated ones (:func:`.mkdocs_config.navigation`);
``docs/index.md``, when there is one, is shown above the dashboard on the home page.

``talkdocs build`` runs stock ``mkdocs build --strict`` with this plugin and hands it what its command line
says through :mod:`.handoff`; ``mkdocs build`` and ``mkdocs serve`` use the options in ``mkdocs.yml``.
Under ``serve`` the plugin stays alive between rebuilds (it has ``on_startup``): a page whose Markdown did
not change keeps its file and modification time, so a dirty rebuild renders only the pages a change reached,
and the search index is put together again page by page (:mod:`.serve_state`).
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.meta import get_data

from generator.annual.report import ReportError
from generator.engine import checker, parallel, stopping
from generator.model import audience as audiences
from generator.model import catalog
from generator.model.context import today_in_shanghai
from generator.model.wording import cn_date
from generator.site import (
    downloads,
    handoff,
    links,
    mkdocs_config,
    privacy,
    render,
    search_dict,
    search_docs,
    search_index,
    search_shards,
    serve_state,
    user_config,
)
from generator.site.pages import AUDIT_NAV, REPORTS_NAV, Page, plan_site

log = get_plugin_logger(__name__)


class TalkdocsConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in ``mkdocs.yml``."""

    records = c.Type(str, default="records")
    audience = c.Choice(tuple(audiences.AUDIENCES), default="full")
    as_of = c.Optional(c.Type((str, dt.date)))
    history = c.Type(bool, default=True)
    banner = c.Type(str, default="")  # the office's own line, shown first above every page
    fail_on_left_out = c.Type(bool, default=False)


def _as_of(value: str | dt.date | None) -> dt.date:
    if value is None or value == "":
        return today_in_shanghai()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"mkdocs.yml 中 talkdocs 插件的 as_of“{value}”不是有效日期；"
                          "请写成 YYYY-MM-DD，例如 as_of: 2026-11-27，或删去此项（按北京时间今天）") from None


def _segment_names_whole(config: Any, view: audiences.View) -> None:
    """Give the search plugin's segmenter the repository's names as words (:mod:`.search_dict`).

    Material loads ``search.jieba_dict_user`` in its ``on_config``, before the records are read; the names
    are known only here, so they are added to jieba's dictionary from memory (no file), and under ``serve``
    the names of the last build that are gone are taken out again (:func:`.search_dict.load`).
    """
    search = config.plugins.get("material/search")
    if search is None or not search.config.get("enabled", True):
        return
    try:
        import jieba
    except ImportError:  # Material segments Chinese only when jieba is installed
        return
    # jieba announces loading its dictionary in English on standard error ("Building prefix dict …", the cache
    # path): under the stock `mkdocs build` that is noise in an office's log; its warnings still show.
    jieba.setLogLevel(logging.WARNING)
    search_dict.load(jieba.dt, search_dict.words(view.repository))


class TalkdocsPlugin(BasePlugin[TalkdocsConfig]):  # type: ignore[no-untyped-call]
    """Adds the generated pages and their navigation to a MkDocs build."""

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.state = serve_state.ServeState()
        self.run: handoff.Run | None = None
        self._own_pages: Path | None = None
        self._report: dict[str, Any] = {}
        self._office_pages: dict[str, str] = {}
        self._search_pages: list[search_docs.SearchPage] = []
        self._facet_values: list[search_shards.FacetValue] = []
        self._downloads = downloads.Memo()  # under serve: Word files and the ledger reused while unchanged

    # --- lifetime -------------------------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Kept between rebuilds of ``mkdocs serve`` from here on (MkDocs keeps plugins that have this).

        SIGTERM and SIGHUP stop the build or server as Ctrl+C does, so the generated pages are deleted on
        those too (:mod:`generator.engine.stopping`).
        """
        self.command, self.dirty = command, dirty
        stopping.interrupt_on_terminate()

    def on_shutdown(self) -> None:
        """The generated pages hold record text: delete them when the server stops."""
        self._drop_pages()

    def on_build_error(self, *, error: Exception) -> None:
        """A failed ``mkdocs build`` leaves no generated pages behind."""
        if self.command != "serve":
            self._drop_pages()

    def _drop_pages(self) -> None:
        if self._own_pages is not None:
            shutil.rmtree(self._own_pages, ignore_errors=True)
            self._own_pages = None

    def _fail(self, message: str, *, config_error: bool = False) -> PluginError:
        if self.run is not None:
            self.run.report({"error": message, "config_error": config_error})
        return PluginError(message)

    # --- configuration --------------------------------------------------------------------------------
    @event_priority(100)  # before Material's offline plugin, which adds a CDN shim unless one is named
    def on_config(self, config: Any) -> Any:
        """Resolve the options, lint the office's file and fill in talkdocs' defaults."""
        folder = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        given = handoff.given()
        try:
            user = user_config.read(Path(config.config_file_path)) if config.config_file_path else None
        except user_config.UserConfigError as exc:
            raise self._fail(str(exc)) from None
        if user is not None:
            try:
                privacy.check(user)
            except privacy.PrivacyError as exc:
                raise self._fail(str(exc), config_error=True) from None
        records = Path(given.records) if given.records else folder / self.config.records
        written: Any = self.config.as_of
        self.run = handoff.Run(
            records=records,
            audience=given.audience or self.config.audience,
            as_of=dt.date.fromisoformat(given.as_of) if given.as_of else _as_of(written),
            history=self.config.history if given.history is None else given.history,
            fail_on_left_out=given.fail_on_left_out or self.config.fail_on_left_out,
            given=given,
        )
        mkdocs_config.apply(config, user.data if user else {})
        return config

    # --- pages ----------------------------------------------------------------------------------------
    def _pages_dir(self) -> Path:
        assert self.run is not None
        if self.run.given.pages_dir:
            return Path(self.run.given.pages_dir)
        if self._own_pages is None:
            with stopping.hold():  # a SIGTERM in between would leave the folder unnoted
                self._own_pages = Path(tempfile.mkdtemp(prefix="talkdocs-pages-"))
                atexit.register(self._drop_pages)  # a build stopped by a signal (KeyboardInterrupt) has no event
        return self._own_pages

    def on_files(self, files: Files, *, config: Any) -> Files:
        """Check the records and add every generated page, the assets and the navigation."""
        run = self.run
        assert run is not None
        run.stage(f"检查记录：{run.records}（截至{cn_date(run.as_of)}）")
        try:
            result = checker.check(run.records, run.as_of, cache_dir=serve_state.cache_dir(self.command, run.records))
        except checker.ConfigError as exc:  # no records folder, bad settings.yaml: talkdocs exits with 2
            raise self._fail(str(exc), config_error=True) from None
        run.note(f"{result.files} 个记录文件，{len(result.findings)} 项问题")
        left_out = result.left_out()
        if left_out and run.fail_on_left_out:
            raise self._fail(handoff.left_out_text(left_out, refuse=True))
        if left_out and not run.given.active:
            log.info(handoff.left_out_text(left_out, refuse=False))
        run.stage(f"选择内容：{audiences.AUDIENCES[run.audience]}")
        view = audiences.select(result, run.audience, run.records)
        _segment_names_whole(config, view)
        history, note = run.history_entries()
        run.stage("生成页面")
        try:
            site, pages, nav = plan_site(view, result.context, run.records, history=history, history_note=note)
        except ReportError as exc:
            raise self._fail(f"无法生成年度报告页面：{exc}") from None
        self._office_pages = self._office_sources(files, config)
        pages = self._with_office_home(pages, files)
        self._search_pages = list(search_docs.record_pages(view.repository, {p.path: p.title for p in pages}))
        self._facet_values = search_docs.facet_values(view.repository, self._search_pages)
        reports = [p.context["report"] for p in pages if "report" in p.context]
        self._refuse_clashes(pages, files, downloads.paths(reports))
        out = self._pages_dir()
        memo = self.state.memo if self.command == "serve" else None  # a one-off build renders every page anyway
        count = serve_state.write_pages(pages, out, run.jobs, memo, site)
        generated = {links.source(p.path) for p in pages}
        for page in pages:
            rel = links.source(page.path)
            files.append(File.generated(config, rel, abs_src_path=str(out / rel)))
        for document in site.archived_files:  # talk pages link to them
            files.append(File(document, str(run.records), config.site_dir, config.use_directory_urls))
        run.note("生成下载文件（台账、期限日历、年度报告的 Word 文件和打印版）")
        for made in downloads.site_files(view, result.context, reports, result.repository.plans.keys(),
                                           run.jobs or parallel.default_jobs(),
                                           self._downloads if self.command == "serve" else None):
            files.append(File.generated(config, made.path, content=made.data))
        for asset in mkdocs_config.ASSETS:
            files.append(File(asset, str(mkdocs_config.PACKAGE_DIR), config.site_dir, config.use_directory_urls))
        user_pages = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
        config.nav = mkdocs_config.navigation(nav, (REPORTS_NAV[1], AUDIT_NAV[1]), config.nav, user_pages)
        in_nav = mkdocs_config.nav_paths(config.nav)
        for rel in generated - in_nav:
            files.get_file_from_path(rel).inclusion = InclusionLevel.NOT_IN_NAV  # type: ignore[union-attr]
        settings = result.context.settings
        if run.given.name_from_settings:
            config.site_name = str(escape(settings.repository_name))
        config.extra["talkdocs_banner"] = mkdocs_config.banner(
            (self.config.banner, *handoff.banner_parts(run.as_of, settings.sample_data, view, len(left_out))))
        config.copyright = mkdocs_config.footer(config.copyright, view.audience_label, render.cn_date(run.as_of))
        if self.dirty:
            self.state.before_dirty_build(files, config, generated)
        severity = {catalog.SEVERITY[s]: n for s, n in site.severity_counts.items()}
        self._report = {"pages": count, "audience_label": view.audience_label, "severity": severity,
                        "left_out": left_out, "findings": [[f.rule, f.record] for f in view.findings]}
        self._summary = (view.is_summary, result.repository)
        run.note(f"已写入 {count} 个页面")
        run.stage("MkDocs 构建（中文分词、搜索索引）")
        return files

    @staticmethod
    def _office_sources(files: Files, config: Any) -> dict[str, str]:
        """Built file → the office's Markdown file (relative to ``mkdocs.yml``): dead links are named by it."""
        top = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        out = {}
        for f in files.documentation_pages():
            if not f.generated_by and f.abs_src_path:
                source = Path(f.abs_src_path).resolve()
                out[f.dest_uri] = source.relative_to(top).as_posix() if source.is_relative_to(top) else str(source)
        return out

    def _with_office_home(self, pages: list[Page], files: Files) -> list[Page]:
        """The office's ``docs/index.md`` above the dashboard (the home page stays out of search, as before:
        Material's search cannot leave out the dashboard's sections and keep the office's text)."""
        own = files.get_file_from_path(links.source(links.HOME))
        if own is None or own.generated_by:
            return pages
        text, _meta = get_data(own.content_string)
        files.remove(own)
        home = pages[0]
        body = render.body(home.template, home.path, home.context)
        return [replace(home, markdown=f"{text.rstrip()}\n\n{body}\n"), *pages[1:]]

    def _refuse_clashes(self, pages: list[Page], files: Files, offered: frozenset[str]) -> None:
        taken = {links.source(p.path) for p in pages} | set(mkdocs_config.ASSETS) | offered
        for f in files:
            if f.src_uri in taken and not f.generated_by:
                raise self._fail(f"docs_dir 中的 {f.src_uri} 与 talkdocs 生成的页面或文件同名；请把它改名或移到其他"
                                 "文件夹（生成页面的路径见 README“站点页面的路径”）")

    # --- after MkDocs -----------------------------------------------------------------------------------
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        """Note which pages this build rendered (a dirty rebuild renders only some)."""
        self.state.rendered(page.url)
        return context

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        """The order of the pages, which is the order of the search index."""
        self.state.order([f.url for f in files.documentation_pages()])
        return env

    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        """The 404 page links its files relative to the site root (MkDocs writes them as absolute URLs, which
        leave the page unstyled and its links dead when the site is opened from disk)."""
        if template_name != "404.html":
            return output_content
        return links.root_relative(output_content, urlsplit(config.site_url or "").path or "/")

    @event_priority(50)  # before Material's search plugin writes the index
    def _on_post_build_search(self, *, config: Any) -> None:
        """Give the search plugin the whole index after a dirty rebuild."""
        self.state.merge_search(config.plugins.get("material/search"), self.dirty)

    @event_priority(-110)  # after the offline plugin copied the index into search_index.js (both rewritten)
    def _on_post_build_site(self, *, config: Any) -> None:
        """Compact the index, and for ``mkdocs build`` check the built site (outside links, dead links, Art. 16)."""
        run = self.run
        assert run is not None
        site_dir = Path(config.site_dir)
        start = time.perf_counter()
        written = search_index.write(site_dir, self._search_pages, self._facet_values)
        if written is not None:  # the bench reads this note (bench/search_bench.py)
            run.note(f"搜索索引：{written.files} 个文件，共 {written.total_bytes / 2**20:.1f} MiB，"
                     f"用时 {time.perf_counter() - start:.2f} 秒")
        if self.dirty:
            self.state.remove_stale(site_dir)
        if self.command == "build" and run.given.verify:
            run.stage("检查站点：站外引用、无效链接" + ("、保密内容" if self._summary[0] else ""))
            problem = handoff.site_problem(site_dir, *self._summary, jobs=run.jobs, office_pages=self._office_pages)
            if problem:
                raise self._fail(problem)
        run.report(self._report)
        if self.command != "serve":
            self._drop_pages()

    on_post_build = CombinedEvent(_on_post_build_search, _on_post_build_site)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        """``mkdocs serve`` rebuilds when a record changes, too."""
        if self.run is not None and self.run.records.is_dir():
            server.watch(str(self.run.records))
        return server

