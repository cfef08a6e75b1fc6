"""A synthetic, province-sized records repository for demonstrations and benchmarks (``talkdocs demo``).

The repository is deterministic from a seed and dated as of :data:`DEMO_AS_OF`: the organisation
(:mod:`generator.demo.organisation`: a provincial committee, its municipal committees, their county committees
and lower-level organizations of every kind, leaders with changes), then what its bodies did
(:mod:`generator.demo.activity`: annual plans, periodic and timely talks, rectifications in every state),
written as YAML by PyYAML's dumper (:mod:`generator.demo.dump`).  Every record is valid against ``schemas/``
and every reference resolves; a few per cent of records carry findings of the Measures' rules (late or
overdue rectification, plan items past due, coverage at risk, ...), as a real repository would.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.demo.activity import Activity
from generator.demo.dump import dump
from generator.demo.organisation import World, walk
from generator.demo.pools import DEMO_AS_OF as DEMO_AS_OF  # the date to check the demo by (talkdocs demo says it)
from generator.errors import ConfigError
from generator.load import layout

MIN_SCALE, MAX_SCALE = 200, 2_000_000


class DemoError(ConfigError):
    """The demo cannot be written (a usage problem, exit code 2), with a Chinese message."""


@dataclass(frozen=True)
class Summary:
    """What :func:`write` produced."""

    records_dir: Path
    records: int
    by_kind: tuple[tuple[str, int], ...]
    bodies: int


def generate(scale: int, seed: int) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The records (path under records/ → data) and archived files (path → text) for ``scale`` and ``seed``."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise DemoError(f"--scale 应在 {MIN_SCALE} 到 {MAX_SCALE} 之间（记录条数），收到 {scale}")
    world = World(scale, seed)
    world.hierarchy()
    activity = Activity(world)
    for body in world.bodies:
        activity.plan_and_talks(body)
    for org in walk(world.bodies[0]):
        world.records[f"orgs/{org.id}.yaml"] = org.record()
    world.records[layout.SETTINGS_FILE] = {
        "repository_name": "东海省监督谈话汇总档案（演示数据）",
        "sample_data": True,
        "bodies": [b.id for b in world.bodies],
    }
    return world.records, world.files


def write(out: Path, scale: int, seed: int) -> Summary:
    """Generate the repository into ``out/records``; ``out`` must be missing or empty."""
    if out.exists() and not out.is_dir():
        raise DemoError(f"{out} 已存在且不是文件夹；请指定一个新的或空的文件夹")
    if out.is_dir() and any(out.iterdir()):
        raise DemoError(f"文件夹 {out} 不是空的，为避免覆盖已有内容，未写入任何文件；请指定一个新的或空的文件夹")
    records, files = generate(scale, seed)
    folder = out / "records"
    made: set[Path] = set()
    for rel, data in sorted(records.items()):
        _write_text(folder / rel, dump(data), made)
    for rel, text in sorted(files.items()):
        _write_text(folder / rel, text, made)
    kinds: dict[str, int] = {}
    for rel in records:
        place = layout.place_of(PurePosixPath(rel))
        kind = getattr(place, "kind", "other")
        kinds[kind] = kinds.get(kind, 0) + 1
    bodies = len(records[layout.SETTINGS_FILE]["bodies"])
    return Summary(folder, len(records), tuple(sorted(kinds.items())), bodies)


def _write_text(path: Path, text: str, made: set[Path]) -> None:
    if path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
