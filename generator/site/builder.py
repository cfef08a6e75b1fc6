"""``talkdocs build``: stock ``mkdocs build --strict`` of the office's ``mkdocs.yml`` with the ``talkdocs``
plugin (:mod:`.plugin`), and on top of it what MkDocs does not do: the privacy lint first, a reproducible
build, the checks of the built site, and an atomic swap into place.

The plugin checks the records, writes the pages and, after MkDocs, checks the built site (nothing loaded
from outside, no dead link, nothing confidential in a summary build); this module hands it the command
line's choices (:mod:`.handoff`).  Everything is built in a temporary folder next to the target (same file
system) and swapped in only when the build and every check after it succeeded, so a failed build leaves
the last good site as it was.  The swap is one atomic ``renameat2(RENAME_EXCHANGE)`` where the system has
it, otherwise two renames.

MkDocs runs in a child process: its environment carries ``SOURCE_DATE_EPOCH`` (from the as-of date), so the
same records and as-of date give byte-identical output, and MkDocs' and jieba's logging stays out of ours.
A repository without a ``mkdocs.yml`` is built with talkdocs' starter configuration (no office pages).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.engine import checker, stopping
from generator.model import audience as audiences
from generator.output.reproducible import source_date_epoch
from generator.site import handoff, mkdocs_config, privacy, user_config
from generator.site.changes import History
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
    severity: Mapping[str, int]  # Chinese severity label → findings
    findings: tuple[tuple[str, str], ...]  # (rule id, record id) of every finding the site shows


def remove_work(work: Path) -> None:
    """Delete the build's work folder (it holds every page's text, confidential parts included).

    Ctrl+C during the build reaches the page-writing workers too; :func:`generator.engine.parallel.split_map` has
    waited for each of them before this runs.  A second Ctrl+C while deleting must not leave half the folder
    beside the site (where ``git add -A`` would take it), so SIGINT (and SIGTERM, SIGHUP) waits until the
    folder is gone.
    """
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *stopping.SIGNALS})
    try:
        shutil.rmtree(work, ignore_errors=True)
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, *stopping.SIGNALS})


def _check_target(site_dir: Path, records_dir: Path) -> None:
    if site_dir.exists() and not site_dir.is_dir():
        raise BuildError(f"站点文件夹 {site_dir} 已存在但不是文件夹；请用 --site-dir 指定另一个位置")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        raise BuildError(f"站点文件夹 {site_dir} 不是空文件夹，也不是 talkdocs 生成的站点；为免误删其中的文件，"
                         "请用 --site-dir 指定一个新的或空的文件夹")
    target, records = site_dir.resolve(), records_dir.resolve()
    if target == records or target in records.parents or records in target.parents:
        raise BuildError(f"站点文件夹 {site_dir} 与记录文件夹 {records_dir} 重叠；请把站点生成到记录文件夹之外")


def run_mkdocs(config_file: Path, out: Path, as_of: dt.date, given: handoff.Given | None = None,
               progress: Progress | None = None) -> None:
    """``mkdocs build --strict`` in a child process; a warning or error becomes a :class:`BuildError`.

    ``given`` goes to the plugin (:mod:`.handoff`); its progress lines are shown through ``progress``.
    """
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=str(source_date_epoch(as_of)), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0",
               PYTHONIOENCODING="utf-8")
    if given is not None:
        env[handoff.ENV] = given.encode()
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file.resolve()),
           "--site-dir", str(out.resolve())]
    lines: list[str] = []
    proc: subprocess.Popen[str] | None = None
    try:
        with stopping.hold():  # a SIGTERM now is acted on once the child's handle is kept, to stop it
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    encoding="utf-8", errors="replace", env=env, cwd=config_file.resolve().parent)
        with proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith(handoff.MARK):
                    kind, _sep, text = line[len(handoff.MARK):].rstrip("\n").partition(":")
                    if progress is not None:
                        (progress.stage if kind == "stage" else progress.note)(text)
                else:
                    lines.append(line.rstrip("\n"))
    except BaseException:  # stopped (Ctrl+C, SIGTERM): the child must end before its work folder is deleted
        if proc is not None and proc.poll() is None:
            proc.terminate()
            proc.wait()
        raise
    if proc.returncode != 0:
        report = _report(given)
        if report.get("error"):
            if report.get("config_error"):
                raise checker.ConfigError(str(report["error"]))
            raise BuildError(f"{report['error']}\n（站点未更新，旧站点保持不变）")
        shown = [ln for ln in lines if "WARNING" in ln or "ERROR" in ln]
        detail = "\n".join(shown[:20]) or "\n".join(lines)[-2000:]
        raise BuildError(f"MkDocs 构建失败（严格模式下出现警告或错误），旧站点保持不变：\n{detail}")


def _report(given: handoff.Given | None) -> dict[str, object]:
    if given is None or not given.report or not Path(given.report).is_file():
        return {}
    data = json.loads(Path(given.report).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _starter(work: Path, records_dir: Path) -> Path:
    """talkdocs' starter ``mkdocs.yml`` in the work folder, for a repository that has none."""
    (work / "office-docs").mkdir()
    data = mkdocs_config.starter("监督谈话档案", str(records_dir.resolve()), str(work / "office-docs"))
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path




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
          config_file: Path | None = None, progress: Progress | None = None, history: History | None = None,
          jobs: int | None = None, history_note: str = "", fail_on_left_out: bool = False) -> BuildResult:
    """Build the site for ``audience`` from ``records_dir`` as of ``as_of`` into ``site_dir``.

    ``config_file``: the office's ``mkdocs.yml`` (None: talkdocs' starter configuration, no office pages).
    ``history``: the 修改记录 the pages show (None: none).  Raises :class:`BuildError` (or
    :class:`generator.engine.checker.ConfigError` for a missing records folder or bad settings); in either case
    ``site_dir`` is left as it was.  Records left out of the model for their errors are named on standard
    error and counted in the banner of every page; ``fail_on_left_out`` makes them a BuildError.
    """
    progress = progress or Progress(sys.stderr, False, STAGES)
    if audience not in audiences.AUDIENCES:
        raise BuildError(f"读者范围“{audience}”无效；请写 full（完整版）或 summary（摘要版）")
    _check_target(site_dir, records_dir)
    if not records_dir.is_dir():
        raise checker.ConfigError(f"记录文件夹 {records_dir} 不存在；用 --records 指定记录文件夹")
    if config_file is not None:
        try:
            privacy.check(user_config.read(config_file))
        except user_config.UserConfigError as exc:
            raise BuildError(str(exc)) from None
        except privacy.PrivacyError as exc:  # the office's file, not the records: exit code 2, before MkDocs
            raise checker.ConfigError(str(exc)) from None
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work: Path | None = None
    try:
        with stopping.hold():  # a SIGTERM right after the folder is made still finds it to delete
            work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{site_dir.name}-", dir=site_dir.parent)).resolve()
        history_file = ""
        if history is not None:
            handoff.write_history(work / "history.json", history, history_note)
            history_file = str(work / "history.json")
        given = handoff.Given(
            active=True, records=str(records_dir.resolve()), audience=audience, as_of=as_of.isoformat(),
            history=history is not None, history_file=history_file, pages_dir=str(work / "docs"),
            report=str(work / "report.json"), progress=progress.enabled, fail_on_left_out=fail_on_left_out,
            name_from_settings=config_file is None, jobs=jobs or 0)
        out = work / "site"
        run_mkdocs(config_file or _starter(work, records_dir), out, as_of, given, progress)
        report = _report(given)
        left_out = report.get("left_out") or []
        if left_out:
            sys.stderr.write(f"talkdocs：{handoff.left_out_text(left_out, refuse=False)}\n")  # type: ignore[arg-type]
        (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        progress.stage(f"替换站点：{site_dir}")
        swap(out, site_dir)
    finally:
        if work is not None:
            remove_work(work)
    severity: dict[str, int] = dict(report.get("severity") or {})  # type: ignore[call-overload]
    label = "、".join(f"{s} {n}" for s, n in severity.items())
    count = int(report.get("pages") or 0)  # type: ignore[call-overload]
    progress.done(f"站点已生成：{site_dir}（{count} 个页面；{report.get('audience_label', '')}；问题：{label}）")
    shown = tuple((str(rule), str(record)) for rule, record in report.get("findings") or [])  # type: ignore[attr-defined]
    return BuildResult(site_dir, count, audience, as_of, severity, shown)
