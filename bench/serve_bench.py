"""Live editing at city scale (issue 14, point 6): stock ``mkdocs serve --dirty`` on ``talkdocs demo --scale
10000``; the first build is a full build, then one talk record is edited and the served talk page is polled
until it shows the edit.  Prints both times and their ratio (figures of one run only; see bench/RESULTS.md).
That the pages served after such a rebuild equal a full build's is tests/test_serve_reload.py's job.

Run once: ``.venv/bin/python bench/serve_bench.py`` (about two full builds' worth of CPU on two cores).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from run import machine  # noqa: E402  (bench/run.py: the machine line every figure is given with)
from serve_support import environment, get, mkdocs_serve, serving, until  # noqa: E402  (shared with the tests)

AS_OF = "2026-11-27"
SCALE = 10_000
MKDOCS_YML = f"""site_name: 东海省监督谈话汇总档案（演示数据）
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
  - offline
  - talkdocs:
      records: records
      as_of: {AS_OF}
      history: false
"""


def main() -> int:
    """Make the demo, serve it, edit one talk, print the figures."""
    with tempfile.TemporaryDirectory(prefix="talkdocs-serve-bench-") as tmp:
        top = Path(tmp)
        env = environment(XDG_CACHE_HOME=str(top / "user-cache"))
        subprocess.run([sys.executable, "-m", "generator", "demo", "--scale", str(SCALE), "--out",
                        str(top)], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        (top / "docs").mkdir()
        (top / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        talks = sorted((top / "records/talks").rglob("*.yaml"))
        talk = talks[len(talks) // 2]
        pages = len(list((top / "records").rglob("*.yaml")))
        start = time.perf_counter()
        with serving(mkdocs_serve, top, env, ["--dirty"]) as server:
            page = f"{server.base}talks/{talk.stem}.html"
            until(page, lambda: talk.stem.encode() in (get(page, 600) or b""), 1800, 0.2)
            full = time.perf_counter() - start
            text = talk.read_text(encoding="utf-8")
            marker = "基准测试改动一处"
            assert "summary: " in text  # a step's summary: the talk page shows it
            talk.write_text(text.replace("summary: ", f"summary: {marker}", 1), encoding="utf-8")
            rebuild = until(page, lambda: marker.encode() in (get(page, 600) or b""), 600, 0.2)
    print(f"机器：{machine()}")
    print(f"demo --scale {SCALE}：{pages} 个记录文件；改动 {talk.relative_to(top)}（一个步骤的 summary 前加几个字）")
    print(f"| mkdocs serve --dirty 首次（完整）生成，至谈话页可访问 | {full:.1f} s |")
    print(f"| 改动一条记录后，至该页显示改动 | {rebuild:.1f} s |")
    print(f"| 之比（改动后重新生成 / 完整生成） | {rebuild / full:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
