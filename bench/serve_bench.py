"""Live editing at city scale (issue 14, point 6): stock ``mkdocs serve --dirty`` on ``talkdocs demo --scale
10000``; the first build is a full build, then talk records are edited one after another (a step's summary, as
an office corrects a record) and each time the served talk page is polled until it shows the edit.  Prints the
full build's time, each rebuild's (until the page shows it, and MkDocs' own "Documentation built in" figure) and
the ratio of the slowest rebuild to the full build (figures of one run only; see bench/RESULTS.md).
That the pages served after such a rebuild equal a full build's is tests/test_serve_reload.py's job.

Run once: ``.venv/bin/python bench/serve_bench.py [--scale N] [--edits K]`` (a full build's worth of CPU and a
little more).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from run import machine  # noqa: E402  (bench/run.py: the machine line every figure is given with)
from serve_support import demo_mkdocs_yml, environment, get, mkdocs_serve, serving, until  # noqa: E402  (shared with the tests)

AS_OF = "2026-11-27"
SCALE = 10_000
MKDOCS_YML = demo_mkdocs_yml("东海省监督谈话汇总档案（演示数据）", AS_OF, history=False)


def _built_in(log: Path) -> list[float]:
    """MkDocs' "Documentation built in N seconds" figures in the server's log, in order."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", text)]


def main() -> int:
    """Make the demo, serve it, edit talks one by one, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=SCALE)
    parser.add_argument("--edits", type=int, default=3)
    options = parser.parse_args()
    at_start = machine()
    with tempfile.TemporaryDirectory(prefix="talkdocs-serve-bench-") as tmp:
        top = Path(tmp)
        env = environment(XDG_CACHE_HOME=str(top / "user-cache"))
        subprocess.run([sys.executable, "-m", "generator", "demo", "--scale", str(options.scale), "--out",
                        str(top)], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        (top / "docs").mkdir()
        (top / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        talks = sorted((top / "records/talks").rglob("*.yaml"))
        records = len(list((top / "records").rglob("*.yaml")))
        log = top / "serve.log"
        rebuilds: list[tuple[str, float, float]] = []
        start = time.perf_counter()
        with serving(mkdocs_serve, top, env, ["--dirty"], log=log) as server:
            first = talks[len(talks) // 2]
            page = f"{server.base}talks/{first.stem}.html"
            until(page, lambda: first.stem.encode() in (get(page, 600) or b""), 1800, 0.2)
            full = time.perf_counter() - start
            for n in range(options.edits):
                talk = talks[(len(talks) * (n + 1)) // (options.edits + 1)]
                page = f"{server.base}talks/{talk.stem}.html"
                text = talk.read_text(encoding="utf-8")
                marker = f"基准测试改动{n + 1}"
                assert "summary: " in text  # a step's summary: the talk page shows it
                built = len(_built_in(log))
                talk.write_text(text.replace("summary: ", f"summary: {marker}", 1), encoding="utf-8")
                seen = until(page, lambda p=page, m=marker: m.encode() in (get(p, 600) or b""), 1800, 0.2)
                until("the rebuild's log line", lambda b=built: len(_built_in(log)) > b, 60, 0.2)
                rebuilds.append((str(talk.relative_to(top)), seen, _built_in(log)[-1]))
        first_built = _built_in(log)[0]
    print(f"机器：{at_start}")
    print(f"demo --scale {options.scale}：{records} 个记录文件，{len(talks)} 个谈话；"
          "每次改动一个谈话记录（一个步骤的 summary 前加几个字）")
    print("| 步骤 | 至页面显示（s） | MkDocs 报告的生成用时（s） |")
    print("|---|---:|---:|")
    print(f"| mkdocs serve --dirty 首次（完整）生成 | {full:.1f} | {first_built:.1f} |")
    for n, (name, seen, built) in enumerate(rebuilds, 1):
        print(f"| 改动 {n}：{name} | {seen:.1f} | {built:.1f} |")
    slowest = max(seen for _name, seen, _built in rebuilds)
    print(f"| 之比（最慢的一次改动后重新生成 / 完整生成，至页面显示） | {slowest / full:.3f} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
