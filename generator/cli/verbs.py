"""One module per ``talkdocs`` verb; each has ``HELP``, ``configure(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

from types import ModuleType

from generator.cli import (
    build,
    calendar,
    check,
    coverage,
    demo,
    diff,
    init,
    ledger,
    log,
    new,
    report,
    rules,
    serve,
)

COMMANDS: dict[str, ModuleType] = {
    "init": init,
    "check": check,
    "rules": rules,
    "coverage": coverage,
    "new": new,
    "demo": demo,
    "report": report,
    "calendar": calendar,
    "ledger": ledger,
    "build": build,
    "serve": serve,
    "diff": diff,
    "log": log,
}
