"""Live editing at city scale (issue 14, point 6): stock ``mkdocs serve --dirty`` on ``talkdocs demo --scale
10000``; the first build is a full build, then one talk record is edited and the served talk page is polled
until it shows the edit.  Prints both times and their ratio (figures of one run only; see bench/RESULTS.md).
That the pages served after such a rebuild equal a full build's is tests/test_serve_reload.py's job.

Run once: ``.venv/bin/python bench/serve_bench.py`` (about two full builds' worth of CPU on two cores).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import machine  # noqa: E402  (bench/run.py: the machine line every figure is given with)

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


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return bytes(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return b""


def _wait_for(url: str, text: bytes, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if text in _get(url):
            return time.perf_counter() - start
        time.sleep(0.2)
    raise SystemExit(f"等待超过 {limit} 秒：{url}")


def main() -> int:
    """Make the demo, serve it, edit one talk, print the figures."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("TALKDOCS_BUILD_OPTIONS", None)
    with tempfile.TemporaryDirectory(prefix="talkdocs-serve-bench-") as tmp:
        top = Path(tmp)
        env["XDG_CACHE_HOME"] = str(top / "user-cache")
        subprocess.run([sys.executable, "-m", "generator", "demo", "--scale", str(SCALE), "--out",
                        str(top / "records")], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        (top / "docs").mkdir()
        (top / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        talks = sorted((top / "records/talks").rglob("*.yaml"))
        talk = talks[len(talks) // 2]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        page = f"http://127.0.0.1:{port}/talks/{talk.stem}.html"
        start = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                  cwd=top, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            _wait_for(page, talk.stem.encode(), 1800)
            full = time.perf_counter() - start
            pages = len(list((top / "records").rglob("*.yaml")))
            text = talk.read_text(encoding="utf-8")
            marker = "基准测试改动一处"
            assert "summary: " in text  # a step's summary: the talk page shows it
            talk.write_text(text.replace("summary: ", f"summary: {marker}", 1), encoding="utf-8")
            edit = time.perf_counter()
            _wait_for(page, marker.encode(), 600)
            rebuild = time.perf_counter() - edit
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    print(f"机器：{machine()}")
    print(f"demo --scale {SCALE}：{pages} 个记录文件；改动 {talk.relative_to(top)}（一个步骤的 summary 前加几个字）")
    print(f"| mkdocs serve --dirty 首次（完整）生成，至谈话页可访问 | {full:.1f} s |")
    print(f"| 改动一条记录后，至该页显示改动 | {rebuild:.1f} s |")
    print(f"| 之比（改动后重新生成 / 完整生成） | {rebuild / full:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
