"""``talkdocs demo``: write a synthetic, province-sized records repository (for demonstrations and benchmarks)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli import options as cli
from generator.demo import generate as demo
from generator.errors import ConfigError
from generator.model import catalog
from generator.model.wording import cn_date


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``demo``."""
    parser.add_argument("--scale", type=int, default=1000, metavar="N",
                        help=f"大约生成多少条记录（默认 1000；{demo.MIN_SCALE}～{demo.MAX_SCALE}），例如 10000、100000")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="输出文件夹（必须不存在或为空）；记录写在 DIR/records/ 下")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="随机种子（默认 1）：种子相同，生成的内容完全相同")


def run(args: argparse.Namespace) -> int:
    """Generate, then say what was written and how to check it."""
    try:
        summary = demo.write(args.out, args.scale, args.seed)
    except demo.DemoError as exc:
        raise ConfigError(str(exc), command="demo") from None
    except OSError as exc:
        raise ConfigError(f"无法写入 {args.out}：{exc.strerror or exc}", command="demo") from None
    kinds = "、".join(f"{catalog.label(catalog.RECORD_TYPE, k)} {n}" for k, n in summary.by_kind)
    as_of = demo.DEMO_AS_OF.isoformat()
    sys.stdout.write(
        f"已在 {summary.records_dir} 生成 {summary.records} 个记录文件（{kinds}；党委 {summary.bodies} 个；"
        f"种子 {args.seed}；数据截至{cn_date(demo.DEMO_AS_OF)}）\n"
        f"检查：talkdocs check --records {summary.records_dir} --as-of {as_of}\n"
    )
    return cli.EXIT_OK
