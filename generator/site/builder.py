"""Build the site: check → select for the audience → write pages → MkDocs → verify → swap into place.

Everything is built in a temporary folder next to the target (same file system) and swapped in only when
the build and every check after it succeeded, so a failed build leaves the last good site as it was.  The
swap is one atomic ``renameat2(RENAME_EXCHANGE)`` where the system has it, otherwise two renames.

MkDocs runs in a child process: its environment carries ``SOURCE_DATE_EPOCH`` (from the as-of date), so the
same records and as-of date give byte-identical output, and MkDocs' and jieba's logging stays out of ours.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from generator import annual, catalog, checker, parallel, reporter
from generator.findings import Finding
from generator.site import audience as audiences
from generator.site import crawl, guard, links, mkdocs_config, render, search_dict, search_index
from generator.site.pages import History, Page, plan_site
from generator.site.progress import Progress

WORK_PREFIX = ".talkdocs-build-"  # the work folder beside the site: hidden, and one .gitignore line covers it
MARKER = ".talkdocs-site"  # written into every built site; only a folder holding it is ever replaced
MARKER_TEXT = "此文件夹由 talkdocs build 生成；重新生成时整个文件夹会被替换，请勿在此存放其他文件。\n"
STAGES = 6
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class BuildError(Exception):
    """The site could not be built; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class BuildResult:
    """What a successful build made."""

    site_dir: Path
    pages: int
    audience: str
    as_of: dt.date
    findings: tuple[Finding, ...]


def source_date_epoch(as_of: dt.date) -> int:
    """Noon of the as-of date in Beijing time, as a Unix time (the sitemap then shows the as-of date)."""
    return int(dt.datetime(as_of.year, as_of.month, as_of.day, 4, 0, tzinfo=dt.UTC).timestamp())


def banner(as_of: dt.date, sample: bool, view: audiences.View, left_out: int = 0) -> str:
    """The line shown above every page."""
    parts = [f"截至{render.cn_date(as_of)}"]
    if left_out:
        parts.append(f"有 {left_out} 个记录文件因有错误未收入本站点，各项统计不含这些记录（运行 talkdocs check 查看）")
    if sample:
        parts.append("示例数据（地名、人名、机构和事项均为虚构）")
    if view.is_summary:
        parts.append("摘要版：不含标注为保密的记录和条目")
    return " · ".join(parts)


def _say_left_out(left_out: list[tuple[str, str]], fail: bool) -> None:
    """Name the record files the site leaves out (standard error), or refuse to build with ``fail``."""
    shown = [f"  {reporter.shown(path)}：{reporter.shown(why)}" for path, why in left_out[:20]]
    if len(left_out) > 20:
        shown.append(f"  …… 另有 {len(left_out) - 20} 个")
    text = "\n".join(shown)
    if fail:
        raise BuildError(f"有 {len(left_out)} 个记录文件因有错误无法收入站点，站点未更新"
                         f"（--fail-on-left-out）：\n{text}")
    sys.stderr.write(f"talkdocs：注意：有 {len(left_out)} 个记录文件因有错误未收入站点，站点中的各项统计不含这些记录；"
                     f"改正后重新生成：\n{text}\n")


def remove_work(work: Path) -> None:
    """Delete the build's work folder (it holds every page's text, confidential parts included).

    Ctrl+C during the build reaches the page-writing workers too; :func:`generator.parallel.split_map` has
    waited for each of them before this runs.  A second Ctrl+C while deleting must not leave half the folder
    beside the site (where ``git add -A`` would take it), so SIGINT waits until the folder is gone.
    """
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        shutil.rmtree(work, ignore_errors=True)
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _check_target(site_dir: Path, records_dir: Path) -> None:
    if site_dir.exists() and not site_dir.is_dir():
        raise BuildError(f"站点文件夹 {site_dir} 已存在但不是文件夹；请用 --site-dir 指定另一个位置")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        raise BuildError(f"站点文件夹 {site_dir} 不是空文件夹，也不是 talkdocs 生成的站点；为免误删其中的文件，"
                         "请用 --site-dir 指定一个新的或空的文件夹")
    target, records = site_dir.resolve(), records_dir.resolve()
    if target == records or target in records.parents or records in target.parents:
        raise BuildError(f"站点文件夹 {site_dir} 与记录文件夹 {records_dir} 重叠；请把站点生成到记录文件夹之外")


def _copy_package_tree(package_dir: str, dest: Path) -> None:
    """Copy a folder shipped inside ``generator.site`` (assets, overrides)."""
    root = resources.files("generator.site").joinpath(package_dir)
    for entry in sorted(_walk(root), key=lambda e: e[0]):
        rel, data = entry
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _walk(node: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for child in node.iterdir():
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            out += _walk(child, rel + "/")
        elif not child.name.startswith("."):
            out.append((rel, child.read_bytes()))
    return out


def write_docs(pages: list[Page], docs: Path, jobs: int = 1) -> int:
    """Write every page's Markdown file (in ``jobs`` forked processes for a large site); returns how many."""
    return sum(parallel.split_map(lambda share: _write_pages(share, docs), pages, jobs))


def _write_pages(pages: list[Page], docs: Path) -> int:
    for page in pages:
        path = docs / links.source(page.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if page.markdown:
            text = render.front_matter(page.meta()) + page.markdown.rstrip("\n") + "\n"
        else:
            text = render.markdown(page.meta(), page.template, page.path, page.context)
        path.write_text(text, encoding="utf-8")
    return len(pages)


def run_mkdocs(config_file: Path, out: Path, as_of: dt.date) -> None:
    """``mkdocs build --strict`` in a child process; a warning or error becomes a :class:`BuildError`."""
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=str(source_date_epoch(as_of)), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0",
               PYTHONIOENCODING="utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file.resolve()),
           "--site-dir", str(out.resolve())]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", env=env,
                          cwd=config_file.resolve().parent, check=False)
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if "WARNING" in ln or "ERROR" in ln]
        detail = "\n".join(lines[:20]) or (proc.stderr or proc.stdout).strip()[-2000:]
        raise BuildError(f"MkDocs 构建失败（严格模式下出现警告或错误），旧站点保持不变：\n{detail}")


def verify(out: Path, jobs: int = 1) -> None:
    """The built site loads nothing from outside and every link in it leads to a page."""
    leaving, dead = crawl.check(out, jobs)
    if leaving:
        shown = "\n".join(f"  {r.file}：{r.where} → {r.url}" for r in leaving[:20])
        raise BuildError(f"站点中有指向站外的引用（第十六条要求站点不从外部加载任何内容），旧站点保持不变：\n{shown}")
    if dead:
        shown = "\n".join(f"  {r.file}：{r.url}" for r in dead[:20])
        raise BuildError(f"站点中有无效链接，旧站点保持不变：\n{shown}")


def _rename_exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2``); False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return False
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return bool(func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0)


def swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is; the old site ends up at ``new`` (for the caller to delete)."""
    if not target.exists():
        new.rename(target)
        return
    if _rename_exchange(new, target):
        return
    old = new.with_name(new.name + ".old")
    target.rename(old)
    new.rename(target)
    old.rename(new)


def build(records_dir: Path, site_dir: Path, as_of: dt.date, audience: str = "full", *,
          progress: Progress | None = None, history: History | None = None, jobs: int | None = None,
          history_note: str = "", fail_on_left_out: bool = False) -> BuildResult:
    """Build the site for ``audience`` from ``records_dir`` as of ``as_of`` into ``site_dir``.

    Raises :class:`BuildError` (or :class:`generator.checker.ConfigError` for a missing records folder);
    in either case ``site_dir`` is left as it was.  Records left out of the model for their errors are named
    on standard error and counted in the banner of every page; ``fail_on_left_out`` makes them a BuildError.
    """
    progress = progress or Progress(sys.stderr, False, STAGES)
    _check_target(site_dir, records_dir)
    progress.stage(f"检查记录：{records_dir}（截至 {as_of.isoformat()}）")
    result = checker.check(records_dir, as_of, jobs=jobs)
    progress.note(f"{result.files} 个记录文件，{len(result.findings)} 项问题")
    left_out = result.left_out()
    if left_out:
        _say_left_out(left_out, fail_on_left_out)
    progress.stage(f"选择内容：{audiences.AUDIENCES[audience]}")
    view = audiences.select(result, audience, records_dir)
    progress.stage("生成页面")
    try:
        site, pages, nav = plan_site(view, result.context, records_dir, history=history, history_note=history_note)
    except annual.ReportError as exc:
        raise BuildError(f"无法生成年度报告页面：{exc}") from None
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{site_dir.name}-", dir=site_dir.parent)).resolve()
    try:
        docs = work / "docs"
        cores = parallel.default_jobs() if jobs is None else jobs
        count = write_docs(pages, docs, cores)
        _copy_package_tree("assets", docs / "assets")
        _copy_package_tree("overrides", work / "overrides")
        settings = result.context.settings
        config = mkdocs_config.config(
            settings.repository_name, nav, banner=banner(as_of, settings.sample_data, view, len(left_out)),
            footer=f"内部资料 注意保密（《办法》第十六条） · {view.audience_label} · 截至{render.cn_date(as_of)}",
            jieba_dict_user=search_dict.write(work, view.repository))
        config_file = mkdocs_config.write(work / "mkdocs.yml", config)
        progress.note(f"已写入 {count} 个页面")
        progress.stage("MkDocs 构建（中文分词、搜索索引）")
        out = work / "site"
        run_mkdocs(config_file, out, as_of)
        search_index.compact(out)
        progress.stage("检查站点：站外引用、无效链接" + ("、保密内容" if view.is_summary else ""))
        verify(out, cores)
        if view.is_summary:
            leaks = guard.check(out, result.repository)
            if leaks:
                raise BuildError(f"[A16-CONFIDENTIAL] {leaks[0].message}（共 {len(leaks)} 个文件）；站点未更新。"
                                 f"{leaks[0].hint}")
        (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        progress.stage(f"替换站点：{site_dir}")
        swap(out, site_dir)
    finally:
        remove_work(work)
    label = "、".join(f"{catalog.SEVERITY[s]} {n}" for s, n in site.severity_counts.items())
    progress.done(f"站点已生成：{site_dir}（{count} 个页面；{view.audience_label}；问题：{label}）")
    return BuildResult(site_dir, count, audience, as_of, view.findings)
