"""Findings: what a check says about a record, and where."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from generator.model.wording import prose, tidy
from generator.rules.table import RULES

Pointer = tuple[str | int, ...]


class Severity(StrEnum):
    """How much a finding matters; ``error`` fails CI by default."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One finding. ``line``/``column`` are 1-based; 0 means "the whole file"."""

    rule: str
    severity: Severity
    path: str  # relative to the records folder, with forward slashes
    message: str
    hint: str = ""
    record: str = ""
    line: int = 0
    column: int = 0
    pointer: Pointer | None = None  # where in the record, resolved to line/column lazily
    article: str = ""
    days: int | None = None  # days overdue or late, where the rule counts them
    data: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    def located(self, line: int, column: int) -> Finding:
        """A copy with a position."""
        return replace(self, line=line, column=column)

    def sort_key(self) -> tuple[str, int, int, str, str, str, str]:
        """Stable order: file, position, rule, message, then hint and record, so that the order never
        depends on the order the findings were made in (a quick re-check makes them in another)."""
        return (self.path, self.line, self.column, self.rule, self.message, self.hint, self.record)


def make(
    rule: str,
    path: str,
    *,
    variant: str = "default",
    record: str = "",
    pointer: Pointer | None = None,
    line: int = 0,
    column: int = 0,
    days: int | None = None,
    **params: Any,
) -> Finding:
    """Build a finding whose severity, article, message and hint come from the rule table (spaced as Chinese
    text is: no space between Chinese characters and numbers, see :func:`generator.model.wording.tidy`)."""
    spec = RULES[rule]
    text = spec.variants[variant]
    if days is not None:
        params["days"] = days
    return Finding(
        rule=rule,
        severity=Severity(text.severity),
        path=path,
        message=tidy(text.message.format(**params)),
        hint=tidy(text.hint.format(**params)),
        record=record,
        line=line,
        column=column,
        pointer=pointer,
        article=spec.article,
        days=days,
        data=tuple(sorted([("variant", variant), *((k, v) for k, v in params.items() if isinstance(v, (int, str)))])),
    )


def prose_text(finding: Finding) -> str:
    """What ``finding`` says in report prose (公文): the rule's ``report`` wording where its message names record
    ids or fields, with Chinese dates, no bracketed field names and no spaces around names."""
    data = dict(finding.data)
    texts = RULES[finding.rule].variants if finding.rule in RULES else {}
    text = texts.get(str(data.get("variant", "default")))
    message = finding.message
    if text is not None and text.report:
        try:
            message = text.report.format(**data)
        except (KeyError, IndexError):  # a finding made before the parameter existed (a cached run)
            message = finding.message
    return prose(message)


def is_timed(finding: Finding) -> bool:
    """Whether the passing of time raised this finding (a deadline passed, a term nearly over): an edit made
    today cannot clear it, so a pre-commit hook does not block on it by default."""
    variant = str(dict(finding.data).get("variant", "default"))
    texts = RULES[finding.rule].variants if finding.rule in RULES else {}
    return variant in texts and texts[variant].timed


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """The stable order in which findings are reported everywhere."""
    return sorted(findings, key=Finding.sort_key)
