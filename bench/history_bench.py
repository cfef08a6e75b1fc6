"""Benchmark of the audit trail: ``history.collect`` on a generated repository (a script, never a test).

    .venv/bin/python bench/history_bench.py                          # 2,000 commits, 10,000 records
    .venv/bin/python bench/history_bench.py --commits 500 --records 2000

Builds a repository in a temporary folder with ``git fast-import`` (seconds, not minutes): one commit that
adds every record (people, talks of about 1.5 KB, rectifications), then commits that each change a few
records (a summary, a date, a new problem, a status), and now and then rename or remove one.  Then times, each
once in this process: ``history.collect`` (the site's one pass), ``history.collect`` for one record (what
``talkdocs log`` reads), and ``compare_revisions`` of HEAD~100 with the working tree (``diff`` /
``check --base``).  Peak memory: Python allocations during the call (``tracemalloc``, a second run, since
tracing slows it down) and the process's largest resident set.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.audit import history  # noqa: E402  (after the path is set)

STEPS = ("self_report", "feedback", "explanation", "requirements", "commitment")


def person(i: int) -> str:
    return f"id: p{i:05d}\nname: 测试人员{i}\ntitle: 局长\n"


def talk(i: int, version: int, problems: int) -> str:
    steps = "".join(f"  - step: {s}\n    summary: 第{version}稿：{s} 的谈话摘要，记录要点和有关情况\n" for s in STEPS)
    probs = "".join(f"  - id: q{k}\n    area: first_responsibility\n    text: 问题{k}：落实决策制度不严格的具体表现\n"
                    for k in range(1, problems + 1))
    return (f"id: t{i:05d}\ncommittee: city\nkind: periodic\nplan_item: p01\ndate: \"2026-04-{1 + i % 28:02d}\"\n"
            f"talker: p{i % 2000:05d}\ninterviewee: p{(i + 7) % 2000:05d}\ninterviewee_org: org-{i % 50}\n"
            "participants:\n  - unit: discipline\n    name: 市纪委监委第三监督检查室\n"
            "  - unit: organization\n    name: 市委组织部干部监督科\n"
            "preparation:\n  self_check_on: \"2026-04-01\"\n  materials: [巡察反馈意见, 经济责任审计报告]\n"
            f"steps:\n{steps}problems:\n{probs}"
            "record:\n  kept_by: 市委办公室\n  archive_ref: DA-2026-1\n"
            f"distribution:\n  - unit: discipline\n    on: \"2026-05-{1 + version % 28:02d}\"\n"
            "  - unit: organization\n    on: \"2026-05-01\"\n"
            f"status: {'final' if version % 3 == 0 else 'draft'}\n")


def rectification(i: int, version: int) -> str:
    return (f"talk: t{i:05d}\nmeasures_submitted_on: \"2026-05-08\"\nmeasures:\n"
            f"  - id: m1\n    problem: q1\n    area: first_responsibility\n    text: 修订议事规则（第{version}稿）\n"
            f"    due: \"2026-06-30\"\nprogress:\n  - measure: m1\n"
            f"    status: {'done' if version % 2 else 'in_progress'}\n")


def content(kind: str, i: int, version: int) -> str:
    """The text of a record in its ``version``-th edit."""
    if kind == "person":
        return person(i) + f"note: 第{version}次核对\n"
    if kind == "talk":
        return talk(i, version, 1 + version % 4)
    return rectification(i, version)


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def stream(commits: int, records: int, seed: int = 7) -> Iterator[bytes]:
    """A ``git fast-import`` stream: one commit with every record, then small commits."""
    rng = random.Random(seed)
    people = records // 5
    talks = (records - people) // 2
    files: dict[str, tuple[str, int]] = {}  # path → (kind, number)
    for i in range(people):
        files[f"records/people/p{i:05d}.yaml"] = ("person", i)
    for i in range(talks):
        files[f"records/talks/2026/t{i:05d}.yaml"] = ("talk", i)
        files[f"records/rectifications/t{i:05d}.yaml"] = ("rectification", i)
    version = dict.fromkeys(files, 0)
    when = 1767225600  # 2026-01-01
    for n in range(commits):
        author = f"作者{n % 17} <a{n % 17}@example.org> {when + n * 3600} +0800"
        yield (f"commit refs/heads/main\nauthor {author}\ncommitter {author}\n").encode()
        yield _data(f"第 {n} 次修改记录")  # later commits continue the branch: no "from" needed
        changed = list(files) if n == 0 else rng.sample(sorted(files), 5)
        for path in changed:
            version[path] += 1 if n else 0
            yield f"M 100644 inline {path}\n".encode() + _data(content(*files[path], version[path]))
        if n and n % 50 == 0:  # now and then a person's file is renamed
            old = rng.choice([p for p in files if "/people/" in p])
            new = old.replace(".yaml", f"-{n}.yaml")
            files[new], version[new] = files.pop(old), version.pop(old)
            yield f"R {old} {new}\n".encode()
        yield b"\n"


def build(folder: Path, commits: int, records: int) -> Path:
    """The generated repository, checked out; its records folder."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    with subprocess.Popen(["git", "fast-import", "--quiet"], cwd=folder, stdin=subprocess.PIPE) as proc:
        assert proc.stdin is not None
        for chunk in stream(commits, records):
            proc.stdin.write(chunk)
        proc.stdin.close()
        if proc.wait():
            raise SystemExit("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=folder, check=True)
    return folder / "records"


def measure(label: str, call: Callable[[], Any]) -> tuple[str, float, float]:
    """Wall time of one call, then peak traced Python memory of a second one."""
    start = time.perf_counter()
    call()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    call()
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return label, seconds, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="talkdocs-history-bench-") as tmp:
        start = time.perf_counter()
        records = build(Path(tmp), args.commits, args.records)
        built = time.perf_counter() - start
        found = history.collect(records)
        rows = [
            measure("history.collect (site, every record)", lambda: history.collect(records)),
            measure("history.collect (one record, as log)",
                    lambda: history.collect(records, only=lambda paths: "talks/2026/t00042.yaml" in paths)),
            measure("compare_revisions HEAD~100 → working tree",
                    lambda: history.compare_revisions(records, "HEAD~100")),
        ]
        print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
              f"git {subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.split()[-1]}")
        print(f"repository: {args.commits} commits, {len(found.records())} records with history "
              f"(built with git fast-import in {built:.1f} s); history note: {found.note or '—'}")
        print(f"changes read: {sum(len(h.changes) for h in found.records())}, "
              f"recent(10): {len(found.recent(10))} commits")
        print("| step | wall s | peak traced MB |")
        print("| --- | ---: | ---: |")
        for label, seconds, peak in rows:
            print(f"| {label} | {seconds:.2f} | {peak:.0f} |")
        print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
