"""Benchmarks for a province-sized repository: prints a Markdown table (never run as a test).

    .venv/bin/python bench/run.py                 # 1k and 10k records
    .venv/bin/python bench/run.py --full          # also 100k (about a minute of both cores: run it rarely)
    .venv/bin/python bench/run.py --sizes 3000    # any sizes
    .venv/bin/python bench/run.py --sizes 10000,80000 --build-max 80000
                                                  # the issue's builds: ≈ 2.5k and 20k talk pages (≈ 25 min)

For each size it generates ``talkdocs demo --scale N`` and times, each in a fresh process:
``check`` cold without a cache, ``check`` cold that fills the cache, ``check`` with a warm cache after
one talk record changed (the quick re-check of :mod:`generator.engine.incremental`), the same after every file got
new times (as in a fresh clone with the cache restored: every file is read and hashed again), and after
one talk record was added (a full check, with the parse cache warm).  Peak memory is the largest resident
set of the check process and its workers (``os.wait4``).  When ``talkdocs build`` exists it also times the
site build; see bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"  # the demo repository is dated as of this day


Row = tuple[str, str, str, str, str, str]  # records, step, wall s, CPU s, peak MB, note


@dataclass(frozen=True)
class Run:
    """One timed command."""

    seconds: float
    cpu_seconds: float  # user + system, of the process and its workers
    max_rss_mb: float
    code: int
    stdout: str


def timed(args: list[str], env: dict[str, str]) -> Run:
    """Run a command in a fresh process; wall time and the peak memory of it and its children."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, text)


def talkdocs(*args: str) -> list[str]:
    """The command line of ``talkdocs`` from this checkout."""
    return [sys.executable, "-m", "generator", *args]


def machine() -> str:
    """What the figures were measured on."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average at start {load}")


def change_one_talk(records: Path, which: int = 0) -> Path:
    """Edit one talk record the way an office would (a note added), so its content hash changes."""
    talk = sorted((records / "talks").rglob("*.yaml"))[which]
    with talk.open("a", encoding="utf-8") as handle:
        handle.write("note: 补充说明（基准测试修改）\n")
    return talk


def touch_all(records: Path) -> None:
    """New modification and change times on every record file, as in a fresh clone: the file index knows
    none of them, so every file is read and hashed again (the parse cache and the snapshot still hold)."""
    for path in records.rglob("*.yaml"):
        os.utime(path)


def add_one_talk(records: Path) -> Path:
    """Add a talk record (a copy of one with a new id): a new file always takes the full check."""
    source = sorted((records / "talks").rglob("*.yaml"))[1]
    text = source.read_text(encoding="utf-8")
    old_id = source.stem
    copy = source.with_name(f"{old_id}-bench.yaml")
    copy.write_text(text.replace(f"id: {old_id}", f"id: {old_id}-bench", 1), encoding="utf-8")
    return copy


def row(files: int, step: str, run: Run, note: str = "", seconds: float | None = None) -> Row:
    """A table row for one timed command (``seconds`` replaces its wall time when given)."""
    wall = run.seconds if seconds is None else seconds
    return (f"{files:,}", step, f"{wall:.1f}", f"{run.cpu_seconds:.1f}", f"{run.max_rss_mb:.0f}", note)


def findings(run: Run) -> str:
    """How many findings a JSON check printed."""
    try:
        return str(len(json.loads(run.stdout)))
    except ValueError:
        return "?"


def bench_size(scale: int, work: Path, env: dict[str, str], build: bool) -> list[Row]:
    """The rows for one size."""
    rows: list[Row] = []
    out = work / f"demo-{scale}"
    made = timed(talkdocs("demo", "--scale", str(scale), "--out", str(out)), env)
    os.sync()  # the new files on disk, so that writing them back does not slow the first timed check
    time.sleep(2)
    records = out / "records"
    files = sum(1 for _ in records.rglob("*.yaml"))
    rows.append(row(files, "demo（生成）", made))
    check = talkdocs("check", "--records", str(records), "--as-of", AS_OF, "--format", "json")
    for label, extra in (("check 冷启动（--no-cache）", ["--no-cache"]), ("check 冷启动（写入缓存）", [])):
        run = timed([*check, *extra], env)
        rows.append(row(files, label, run, findings(run)))
    change_one_talk(records)
    run = timed(check, env)
    rows.append(row(files, "check 热缓存（改动 1 个文件）", run, findings(run)))
    touch_all(records)
    change_one_talk(records, 2)
    time.sleep(2)  # out of the file index's "racily clean" window, as files of a clone made before CI starts
    run = timed(check, env)
    rows.append(row(files, "check 热缓存（如新检出：全部文件重读，改动 1 个）", run, findings(run)))
    add_one_talk(records)
    run = timed(check, env)
    rows.append(row(files, "check 热缓存（新增 1 个文件：完整检查）", run, findings(run)))
    if build:
        rows += bench_build(records, files, work, env)
    return rows


def bench_build(records: Path, files: int, work: Path, env: dict[str, str]) -> list[Row]:
    """``talkdocs build``, and a bare ``mkdocs build`` of the very Markdown and config it generated."""
    if timed(talkdocs("build", "--help"), env).code != 0:
        return [(f"{files:,}", "build", "—", "—", "—", "TODO：talkdocs build 尚未提供")]
    site, keep = work / "site", work / "generated"
    run = timed([sys.executable, str(Path(__file__).resolve()), "--capture-build", str(records), str(site),
                 str(keep)], env)
    if run.code != 0:
        return [row(files, "talkdocs build", run, f"失败（退出码 {run.code}）")]
    built = run.seconds - float((keep / "copy-seconds").read_text(encoding="utf-8"))  # less the copy made here
    pages = len(list((keep / "docs").rglob("*.md")))
    talk_pages = len(list((keep / "docs").rglob("talks/**/*.md")))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20
    index_mb = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file()) / 2**20  # all its files
    bare = timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(keep / "mkdocs.yml"),
                  "--site-dir", str(work / "site-bare")], {**env, **_mkdocs_env()})
    ratio = f"talkdocs build 用时是其 {built / bare.seconds:.2f} 倍"
    if bare.code != 0:
        ratio = f"失败（退出码 {bare.code}）"
    return [
        row(files, "talkdocs build", run, f"{pages:,} 个页面（谈话页 {talk_pages:,}）；站点 {size:.0f} MB，"
                                          f"搜索索引（全部文件）{index_mb:.1f} MB", seconds=built),
        row(files, "同一批 Markdown 的 mkdocs build", bare, ratio),
    ]


def _mkdocs_env() -> dict[str, str]:
    return {"NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8",
            "SOURCE_DATE_EPOCH": str(int(dt.datetime.fromisoformat(f"{AS_OF}T04:00:00+00:00").timestamp()))}


def capture_build(records: Path, site: Path, keep: Path) -> int:
    """Run ``talkdocs build``, keeping a copy of the Markdown and config it hands to MkDocs (copy time noted)."""
    from generator.cli import app as cli
    from generator.site import builder

    run_mkdocs = builder.run_mkdocs

    def keeping(config_file: Path, out: Path, as_of: dt.date, given: Any = None, progress: Any = None) -> None:
        # the same arguments as builder.run_mkdocs: the plugin's handoff (given) must reach MkDocs
        start = time.perf_counter()
        shutil.copytree(config_file.parent, keep, ignore=shutil.ignore_patterns(out.name))
        (keep / "copy-seconds").write_text(str(time.perf_counter() - start), encoding="utf-8")
        run_mkdocs(config_file, out, as_of, given, progress)

    builder.run_mkdocs = keeping
    return cli.main(["build", "--records", str(records), "--site-dir", str(site), "--as-of", AS_OF])


def main() -> int:
    """Parse options, run, print the table."""
    parser = argparse.ArgumentParser(description="talkdocs 省级规模基准测试（打印 Markdown 表格）")
    parser.add_argument("--sizes", default="1000,10000", help="逗号分隔的记录条数（默认 1000,10000）")
    parser.add_argument("--full", action="store_true", help="另加 100000 条（约需两核一分钟）")
    parser.add_argument("--work", type=Path, default=None, help="工作文件夹（默认临时文件夹，结束后删除）")
    parser.add_argument("--build-max", type=int, default=10_000,
                        help="只对不超过这么多记录的规模测 build（默认 10000；站点生成很慢，100k 需十几分钟）")
    parser.add_argument("--capture-build", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.capture_build:
        return capture_build(*args.capture_build)
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([100_000] if args.full else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    print(f"机器：{machine()}\n")
    print("| 记录文件 | 步骤 | 用时 s | CPU s | 峰值内存 MB | 问题条数 / 说明 |")
    print("|---:|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="talkdocs-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        env.pop("TALKDOCS_CACHE", None)  # the default place: the user cache folder set below
        env["XDG_CACHE_HOME"] = str(work / "user-cache")
        for scale in sizes:
            for row in bench_size(scale, work / str(scale), env, build=scale <= args.build_max):
                print("| " + " | ".join(row) + " |", flush=True)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n结束时负载：{load}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
