"""Search at scale (issue 16, point 4): what a browser downloads before the first result, how long the first
result takes after the last key, and what share of the build the index takes.

Run: ``.venv/bin/python bench/search_bench.py --scale 10000`` (a ``talkdocs demo`` repository of about 2.5k talk
pages; ``--scale 80000`` has about 20k).  It generates the demo repository, builds its full site with
``talkdocs build``'s builder (the plugin notes the seconds its index step took), serves the site on
127.0.0.1, and types each query into Material's search box in headless chromium the way a person does (an
input method commits Chinese; real key events) in a fresh browser context, so nothing is cached.  For each
query it prints the bytes the page fetched for search (the manifest, the worker, word, page and facet files)
until the answer to the last key arrived, and the milliseconds from that last key to the rendered results.
Never a test: it prints figures, as ratios of the issue's budgets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import chromium, serve, type_like_a_person  # noqa: E402

from generator.engine.checker import check  # noqa: E402
from generator.site import builder, search_index  # noqa: E402
from generator.site.progress import Progress  # noqa: E402

AS_OF = dt.date(2026, 11, 27)
BUDGET_BYTES = 2 * 10**6
BUDGET_MS = 300.0
BUDGET_BUILD_SHARE = 0.10
_LISTEN = """(() => { const Real = window.Worker;
  window.Worker = function (url) { const w = new Real(url);
    w.addEventListener("message", e => { if (e.data.type === 3) {
      window.__tdAnswered = e.data.data.query; window.__tdAt = performance.now(); } });
    return w; };
  document.addEventListener("keyup", () => { window.__tdLastKey = performance.now(); }, true); })();"""


def queries(records: Path) -> list[str]:
    """A name, words of a problem and of a measure of the demo, a near miss, and a filter."""
    repo = check(records, AS_OF).repository
    talks = sorted(repo.talks.values(), key=lambda t: t.id)
    with_problems = next(t for t in talks if t.problems)
    rect = next(r for r in repo.rectifications.values() if r.measures)
    name = repo.person_name(with_problems.interviewees[0])
    return [name, with_problems.problems[0].text[:8], rect.measures[0].text[:6], "整改", "改革",
            "形式主义", "整改 年度:2026 类型:及时"]


def measure(base: str, query: str) -> tuple[int, float, int]:
    """(bytes fetched for search, ms from the last key to the answer, results shown) for one query."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page = context.new_page()
        page.add_init_script(_LISTEN)
        fetched: dict[str, int] = {}

        def finished(request: object) -> None:
            url = str(getattr(request, "url", ""))
            if "/search/" in url or "workers/" in url:
                sizes = request.sizes()  # type: ignore[attr-defined]
                fetched[url] = int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])

        context.on("requestfinished", finished)
        page.goto(base + "index.html")
        page.locator("input.md-search__input").click()
        page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim()"
                               " !== '正在初始化搜索引擎'", timeout=60000)
        type_like_a_person(page, query)
        page.wait_for_function("q => window.__tdAnswered === q", arg=query, timeout=60000)
        ms = float(page.evaluate("window.__tdAt - window.__tdLastKey"))
        shown = page.locator(".md-search-result__item").count()
        time.sleep(0.2)  # requests of this query that finished in the same tick
        total = sum(fetched.values())
        context.close()
    return total, ms, shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=None, help="keep the repository and site here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="talkdocs-search-bench-"))
    records = work / "demo" / "records"
    if not records.is_dir():
        subprocess.run([str(ROOT / ".venv" / "bin" / "talkdocs"), "demo", "--scale", str(args.scale), "--out",
                        str(work / "demo")], check=True)
    site = work / "site"
    notes = io.StringIO()
    start = time.perf_counter()
    builder.build(records, site, AS_OF, progress=Progress(notes, True, builder.STAGES))
    build_s = time.perf_counter() - start
    (work / "build-notes.txt").write_text(notes.getvalue(), encoding="utf-8")  # kept: the figures' source
    line = next(x for x in notes.getvalue().splitlines() if "搜索索引：" in x)
    index_s = float(line.rsplit("用时 ", 1)[1].split(" ")[0])
    index = search_index.read(site)
    talk_pages = sum(1 for p in index.pages if p.url.startswith("talks/"))
    words = sorted((site / "search" / "t").glob("*.js"), key=lambda p: p.stat().st_size)
    total_index = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
    print(f"机器：{platform.machine()}，{os.cpu_count()} 核，负载 {os.getloadavg()[0]:.2f}（开始测量时），"
          f"Python {platform.python_version()}，{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"demo --scale {args.scale}：{len(index.pages):,} 个索引页面（谈话页 {talk_pages:,}）")
    print(f"生成站点 {build_s:.1f} 秒，其中搜索索引 {index_s:.1f} 秒 = {index_s / build_s:.3f} 倍"
          f"（预算 {BUDGET_BUILD_SHARE:.2f}：{'达标' if index_s / build_s <= BUDGET_BUILD_SHARE else '超出'}）")
    largest = words[-1].stat().st_size / 1000
    print(f"索引共 {total_index / 2**20:.1f} MiB，{len(words)} 个词文件（最大 {largest:.0f} kB），"
          f"manifest {(site / 'search' / 'search_index.json').stat().st_size} B")
    print("| 查询 | 首个结果前下载 | 占 2 MB 预算 | 末键到结果 | 占 300 ms 预算 | 列出 |")
    print("|---|---:|---:|---:|---:|---:|")
    with serve(site) as base:
        for query in queries(records):
            size, ms, shown = measure(base, query)
            print(f"| {query} | {size / 1000:.0f} kB | {size / BUDGET_BYTES:.2f} | {ms:.0f} ms | "
                  f"{ms / BUDGET_MS:.2f} | {shown} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
