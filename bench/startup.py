"""How long ``talkdocs --version`` and ``--help`` take to start (issue 13 point 4: target ≤ 0.1 s).

Run: ``.venv/bin/python bench/startup.py [--runs N]``.  Prints, for each command line, the best and the
median wall time of N fresh processes (default 5), their CPU time (user + system, less sensitive to other
jobs on the machine), and the same for a bare ``python -c pass`` as the floor no command can go below; then
the import time ``python -X importtime -m generator --version`` reports in all and for the package's own
modules.  Never a test: it prints figures, to be noted with the machine's conditions in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).with_name("talkdocs")
LINES: tuple[tuple[str, list[str]], ...] = (
    ("python -c pass（下限）", [sys.executable, "-c", "pass"]),
    ("python -m generator --version", [sys.executable, "-m", "generator", "--version"]),
    ("python -m generator --help", [sys.executable, "-m", "generator", "--help"]),
    ("talkdocs --version", [str(SCRIPT), "--version"]),
    ("talkdocs --help", [str(SCRIPT), "--help"]),
)


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} 退出码 {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def import_times() -> tuple[float, float, list[tuple[float, str]]]:
    """``-X importtime`` of ``--version``: all imports, the package's own, and the five largest (cumulative)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "--version"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), len(m.group(3)), m.group(4)))
    total = sum(own for own, _cum, _depth, _name in rows) / 1e6
    ours = sum(own for own, _cum, _depth, name in rows if name.split(".")[0] == "generator") / 1e6
    top = sorted(((cum / 1e6, name) for _own, cum, depth, name in rows if depth == 0), reverse=True)[:5]
    return total, ours, top


def main() -> None:
    """Print the figures as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    load = os.getloadavg()[0]
    print(f"机器：{os.cpu_count()} CPU，{platform.platform()}，Python {platform.python_version()}；"
          f"开始时负载 {load:.2f}；每行 {runs} 次，各为新进程")
    print()
    print("| 命令 | 最短用时 s | 中位用时 s | 最短 CPU s | 与 python -c pass 之比（最短用时） |")
    print("|---|---:|---:|---:|---:|")
    floor = 0.0
    for label, cmd in LINES:
        timed(cmd)  # once to warm the file cache and the .pyc files
        samples = [timed(cmd) for _ in range(runs)]
        best = min(w for w, _ in samples)
        floor = floor or best
        print(f"| `{label}` | {best:.3f} | {statistics.median(w for w, _ in samples):.3f} | "
              f"{min(c for _, c in samples):.3f} | {best / floor:.1f} |")
    total, ours, top = import_times()
    print()
    largest = "，".join(f"{name} {cum:.3f} s" for cum, name in top)
    print(f"`python -X importtime -m generator --version`：导入共 {total:.3f} s，"
          f"其中 talkdocs 自身的模块 {ours:.3f} s；最大的几项（含其导入的模块）：{largest}")


if __name__ == "__main__":
    main()
