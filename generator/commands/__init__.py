"""One module per ``talkdocs`` verb; each has ``HELP``, ``configure(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

from types import ModuleType

from generator.commands import check, coverage, new, rules

COMMANDS: dict[str, ModuleType] = {
    "check": check,
    "rules": rules,
    "coverage": coverage,
    "new": new,
}
