"""``talkdocs rules``: the rule table (ids, articles, severities, what each requires)."""

from __future__ import annotations

import argparse
import json
import sys

from generator.model import catalog
from generator.rules.table import RULES, Rule

HELP = "列出全部规则：编号、条款、级别和要求"


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``rules``."""
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    parser.add_argument("--all", action="store_true", help="也列出记录格式和引用方面的检查")


def _severity(rule: Rule) -> str:
    if rule.feature and not rule.variants:
        return "功能"
    return "／".join(catalog.SEVERITY[s] for s in rule.severities)


def selected(show_all: bool) -> list[Rule]:
    """The rules to list: the Measures' rules, or every rule."""
    return [r for r in RULES.values() if show_all or r.group in ("measures", "audit")]


def run(args: argparse.Namespace) -> int:
    """Print the table."""
    rules = selected(args.all)
    if args.format == "json":
        data = [{"id": r.id, "article": r.article, "group": r.group, "requirement": r.requirement,
                 "severities": list(r.severities), "policies": list(r.policies), "feature": r.feature} for r in rules]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    for r in rules:
        sys.stdout.write(f"{r.id:<28} {r.article or '-':<12} {_severity(r):<8} {r.requirement}\n")
        if r.policies:
            sys.stdout.write(f"{'':<28} 可设置：{'、'.join(r.policies)}\n")
    return 0
