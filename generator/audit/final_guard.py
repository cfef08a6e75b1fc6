"""AUDIT-FINAL-CHANGED: changes to finalized talk and rectification records since a base revision.

A record with ``status: final`` may still be corrected, but such a correction must never pass a review
unnoticed: ``talkdocs check --base REV`` reports every talk or rectification that was final at ``REV`` and
differs in the working tree (a warning naming the fields changed), and every such record that was deleted
(an error).  "Final at ``REV``" decides: a record edited back to ``draft`` still counts, and a record that is
finalized by the change under review is not itself a change to a finalized record.

Only the two record folders concerned are compared, and only files whose content differs are parsed.  The
messages name field paths, never values, so confidential content does not reach CI logs.
"""

from __future__ import annotations

from pathlib import Path

from generator.audit import history
from generator.audit.semantic_diff import RecordDiff
from generator.findings import finding as F
from generator.load import positions

RULE = "AUDIT-FINAL-CHANGED"
FINAL_KINDS = frozenset({"talk", "rectification"})
SUBDIRS = ("talks", "rectifications")
MAX_FIELDS = 10  # fields named in one finding; the rest are counted


def describe(diff: RecordDiff) -> str:
    """What changed in a record, as the finding names it: field paths (no values), a rename, or formatting."""
    parts: list[str] = []
    if diff.status == "renamed":
        parts.append(f"文件位置（{diff.old_path} → {diff.path}）")
    if diff.problem:
        parts.append(diff.problem)
    fields = list(dict.fromkeys(change.field for change in diff.changes))
    parts.extend(fields[:MAX_FIELDS])
    text = "、".join(parts)
    if len(fields) > MAX_FIELDS:
        text += f" 等 {len(fields)} 处"
    return text or "仅注释或格式（字段未变）"


def _pointer(diff: RecordDiff) -> F.Pointer | None:
    """Where the first change is in the new version, for a line number."""
    for change in diff.changes:
        if change.change != "removed":
            return change.pointer
    return None


def findings_for(comparison: history.Comparison) -> list[F.Finding]:
    """The findings for a comparison of the base (old side) with the records under review (new side)."""
    out: list[F.Finding] = []
    for diff in comparison.records:
        if diff.kind not in FINAL_KINDS or diff.old_status != "final":
            continue
        if diff.status == "removed":
            out.append(F.make(RULE, diff.path, variant="deleted", record=diff.record, base=comparison.base.label))
        else:
            out.append(F.make(RULE, diff.path, variant="changed", record=diff.record, pointer=_pointer(diff),
                              base=comparison.base.label, fields=describe(diff)))
    return out


def check_since(records_dir: Path, base: str) -> tuple[F.Finding, ...]:
    """AUDIT-FINAL-CHANGED findings for the working tree against ``base``, with line numbers.

    Raises :class:`generator.audit.gitrepo.GitError` (Chinese message) when git cannot answer: no git, not a
    repository, an unknown or refused revision.
    """
    comparison = history.compare_revisions(records_dir, base, None, SUBDIRS)
    return tuple(positions.resolve(findings_for(comparison), records_dir))
