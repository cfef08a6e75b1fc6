"""Between ``talkdocs build`` and the plugin running inside its ``mkdocs build`` child process.

``talkdocs build`` puts what its command line says (records folder, audience, as-of date, the change history
it read from git, where to write the pages) into the environment variable :data:`ENV` as JSON; the plugin
reads it in place of its ``mkdocs.yml`` options and writes back a small JSON report (pages, findings, records
left out, or the Chinese error that stopped it).  Progress lines go to standard error behind :data:`MARK`.
Without the variable — stock ``mkdocs build`` / ``mkdocs serve`` — the plugin uses ``mkdocs.yml`` alone.

The texts both paths show (banner, records left out, problems of the built site) are made here, once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.findings import reporter
from generator.model.audience import View
from generator.model.repository import Repository
from generator.site import crawl, guard, render
from generator.site.changes import History, HistoryEntry

ENV = "TALKDOCS_BUILD_OPTIONS"
MARK = "\x1etalkdocs:"


@dataclass(frozen=True)
class Given:
    """What ``talkdocs build`` decided (everything empty: not run by it)."""

    active: bool = False
    records: str = ""
    audience: str = ""
    as_of: str = ""
    history: bool | None = None  # None: as mkdocs.yml says
    history_file: str = ""  # JSON written by talkdocs build ("" with history on: the plugin reads git)
    pages_dir: str = ""
    report: str = ""
    progress: bool = False
    verify: bool = True
    fail_on_left_out: bool = False
    name_from_settings: bool = False  # the site name is the records' repository_name (no mkdocs.yml of its own)
    jobs: int = 0  # worker processes for writing pages and checking the site (0: every core)

    def encode(self) -> str:
        """The environment variable's value."""
        return json.dumps(asdict(self), ensure_ascii=False)


def given(environ: Mapping[str, str] | None = None) -> Given:
    """The options ``talkdocs build`` passed, or the empty :class:`Given`."""
    raw = (os.environ if environ is None else environ).get(ENV, "")
    if not raw:
        return Given()
    data = json.loads(raw)
    known = set(Given.__dataclass_fields__)
    return Given(**{k: v for k, v in data.items() if k in known})


@dataclass
class Run:
    """The options one build runs with, resolved, and its channel back to ``talkdocs build``."""

    records: Path
    audience: str
    as_of: dt.date
    history: bool
    fail_on_left_out: bool
    given: Given = field(default_factory=Given)

    def stage(self, text: str) -> None:
        """A progress stage (shown by ``talkdocs build`` on a terminal)."""
        if self.given.progress:
            sys.stderr.write(f"{MARK}stage:{text}\n")
            sys.stderr.flush()

    def note(self, text: str) -> None:
        """A detail of the current stage."""
        if self.given.progress:
            sys.stderr.write(f"{MARK}note:{text}\n")
            sys.stderr.flush()

    @property
    def jobs(self) -> int | None:
        """Worker processes (None: every core)."""
        return self.given.jobs or None

    def report(self, data: Mapping[str, Any]) -> None:
        """Write the report for ``talkdocs build`` (nothing for stock MkDocs)."""
        if self.given.report:
            Path(self.given.report).write_text(json.dumps(dict(data), ensure_ascii=False), encoding="utf-8")

    def history_entries(self) -> tuple[History | None, str]:
        """The change history the pages show, and the note on it (None: no 修改记录)."""
        if self.given.active:
            return read_history(Path(self.given.history_file)) if self.given.history_file else (None, "")
        if not self.history:
            return None, ""
        from generator.site.git_history import site_history  # git is read only when history is wanted

        return site_history(self.records, self.audience)


def write_history(path: Path, history: History | None, note: str) -> None:
    """Save a history for :func:`read_history` in the child process (every field of every entry)."""
    records = {rel: [{**asdict(e), "date": e.date.isoformat()} for e in entries]
               for rel, entries in (history or {}).items()}
    path.write_text(json.dumps({"note": note, "records": records}, ensure_ascii=False), encoding="utf-8")


def read_history(path: Path) -> tuple[History, str]:
    """The history :func:`write_history` saved."""
    data = json.loads(path.read_text(encoding="utf-8"))
    history = {rel: tuple(HistoryEntry(**{**e, "date": dt.date.fromisoformat(e["date"])}) for e in entries)
               for rel, entries in data["records"].items()}
    return history, str(data["note"])


def banner_parts(as_of: dt.date, sample: bool, view: View, left_out: int = 0) -> list[str]:
    """The parts of the line shown above every page."""
    parts = [f"截至{render.cn_date(as_of)}"]
    if left_out:
        parts.append(f"有 {left_out} 个记录文件因有错误未收入本站点，各项统计不含这些记录（运行 talkdocs check 查看）")
    if sample:
        parts.append("示例数据（地名、人名、机构和事项均为虚构）")
    if view.is_summary:
        parts.append("摘要版：不含标注为保密的记录和条目")
    return parts


def left_out_text(left_out: Sequence[Sequence[str]], *, refuse: bool) -> str:
    """The record files the site leaves out, as a notice or (``refuse``) as the reason no site was made."""
    shown = [f"  {reporter.shown(path)}：{reporter.shown(why)}" for path, why in left_out[:20]]
    if len(left_out) > 20:
        shown.append(f"  …… 另有 {len(left_out) - 20} 个")
    text = "\n".join(shown)
    if refuse:
        return f"有 {len(left_out)} 个记录文件因有错误无法收入站点，站点未更新（--fail-on-left-out）：\n{text}"
    return (f"注意：有 {len(left_out)} 个记录文件因有错误未收入站点，站点中的各项统计不含这些记录；"
            f"改正后重新生成：\n{text}")


def _dead_links(dead: Sequence[crawl.Ref], office_pages: Mapping[str, str], summary: bool) -> str:
    """The dead links, those of the office's own pages first, by their Markdown file (the one to edit)."""
    own = [r for r in dead if r.file in office_pages]
    lines = []
    for r in own[:20]:
        lines.append(f"  办公室页面 {office_pages[r.file]} 中的链接“{r.url}”：站点中没有这个页面")
    lines += [f"  {r.file}：{r.url}" for r in [r for r in dead if r.file not in office_pages][:20]]
    text = "站点中有无效链接：\n" + "\n".join(lines)
    if own:
        text += ("\n办公室页面链接生成的页面时，请按固定路径写（如 talks/index.md、talks/<谈话编号>.md、"
                 "people/<人员编号>.md，路径一览见 README“站点页面的路径”），并确认所指的记录存在")
        if summary:
            text += "；摘要版不含标注保密（confidential: true）的记录的页面"
    return text


def site_problem(site_dir: Path, summary: bool, full: Repository | None, jobs: int | None = None,
                 office_pages: Mapping[str, str] | None = None) -> str:
    """Why the built site must not be used ("" when it may): outside references, dead links, Art. 16 leaks.

    ``office_pages``: built file (``notices.html``) → the office's Markdown file it came from, so that a dead link
    in one of them is named by the file the office edits.
    """
    from generator.engine import parallel

    leaving, dead = crawl.check(site_dir, parallel.default_jobs() if jobs is None else jobs)
    if leaving:
        shown = "\n".join(f"  {r.file}：{r.where} → {r.url}" for r in leaving[:20])
        return f"站点中有指向站外的引用（第十六条要求站点不从外部加载任何内容）：\n{shown}"
    if dead:
        return _dead_links(dead, office_pages or {}, summary)
    if summary and full is not None:
        leaks = guard.check(site_dir, full)
        if leaks:
            return f"[A16-CONFIDENTIAL] {leaks[0].message}（共 {len(leaks)} 个文件）。{leaks[0].hint}"
    return ""
