"""``talkdocs rules``: the rule table (ids, articles, severities, what each requires)."""

from __future__ import annotations

import argparse
import json
import sys

from generator.cli import options as cli
from generator.engine.checker import read_settings
from generator.model import catalog
from generator.model.settings import DEFAULTS, POLICIES, Settings
from generator.rules.table import RULES, Rule


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``rules``."""
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    parser.add_argument("--all", action="store_true",
                        help="也列出记录格式和引用方面的检查，以及《办法》未作具体规定、由 settings.yaml 设定的事项")
    cli.add_records(parser)


def _severity(rule: Rule) -> str:
    if rule.feature and not rule.variants:
        return "功能"
    return "／".join(catalog.SEVERITY[s] for s in rule.severities)


def selected(show_all: bool) -> list[Rule]:
    """The rules to list: the Measures' rules, or every rule."""
    return [r for r in RULES.values() if show_all or r.group in ("measures", "audit")]


def policy_rows(current: Settings) -> list[dict[str, str]]:
    """Every choice the Measures leave open: setting, current value, default, article, what it decides, why."""
    return [{"name": p.name, "value": current.value_of(p.name), "default": p.default, "article": p.article,
             "decides": p.decides, "basis": p.basis, "meaning": catalog.label(catalog.SETTING, p.name),
             "value_words": current.words(p.name), "default_words": DEFAULTS.words(p.name)} for p in POLICIES]


def _policies_text(current: Settings, records: str) -> str:
    lines = [f"\n《办法》未作具体规定、由 {records}/settings.yaml 设定的事项（设置 = 现行值；默认值；条款）："]
    for row in policy_rows(current):
        changed = "" if row["value"] == row["default"] else "（已改）"
        lines.append(f"{row['name']:<30} = {row['value']}{changed}；默认 {row['default']}；{row['article']}")
        # the key and value are what settings.yaml takes; the meaning and the value in words are what they decide
        lines.append(f"{'':<30}   {row['meaning']}：现行为“{row['value_words']}”，默认为“{row['default_words']}”")
        lines.append(f"{'':<30}   {row['decides']}。依据：{row['basis']}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the table (with ``--all``, also the settings of the choices the Measures leave open)."""
    rules = selected(args.all)
    current = read_settings(args.records) if args.all else Settings()
    if args.format == "json":
        data: object = [{"id": r.id, "article": r.article, "group": r.group, "requirement": r.requirement,
                         "severities": list(r.severities), "policies": list(r.policies), "feature": r.feature}
                        for r in rules]
        if args.all:
            data = {"rules": data, "settings": policy_rows(current)}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    for r in rules:
        sys.stdout.write(f"{r.id:<28} {r.article or '-':<12} {_severity(r):<8} {r.requirement}\n")
        if r.policies:
            named = "、".join(f"{p}（{catalog.label(catalog.SETTING, p)}）" for p in r.policies)
            sys.stdout.write(f"{'':<28} 可设置：{named}\n")
    if args.all:
        sys.stdout.write(_policies_text(current, args.records.as_posix().rstrip("/")))
    return 0
