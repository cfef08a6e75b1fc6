"""What a check run says, without the model it was run on: all the reporters need."""

from __future__ import annotations

from dataclasses import dataclass

from generator.findings import finding as F
from generator.model.context import Context


@dataclass(frozen=True)
class Verdict:
    """The findings of one check run, the number of record files checked and the context they were checked in."""

    findings: tuple[F.Finding, ...]
    files: int
    context: Context

    def count(self, severity: F.Severity) -> int:
        """How many findings have ``severity``."""
        return sum(1 for f in self.findings if f.severity is severity)

    def failed(self, fail_on: str = "error") -> bool:
        """Whether the run fails CI: any error, or also any warning with ``fail_on='warning'``."""
        worst = F.Severity(fail_on).rank
        return any(f.severity.rank <= worst for f in self.findings)
