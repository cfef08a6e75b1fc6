"""The 监督谈话台账 as an .xlsx workbook: :func:`ledger_workbook`, for ``talkdocs ledger export`` and the site.

The summary audience is made by the site's own filter (:func:`generator.model.audience.without_confidential`):
a confidential record, or a confidential item of a list, is left out of every sheet exactly as it is left out of
the summary site.  The filter is applied here whatever the caller passes (on an already filtered repository it
changes nothing), so a summary workbook can never hold confidential content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import audience as audiences
from generator.model.context import Context
from generator.model.repository import Repository
from generator.office.ledger import columns, sheets, xlsx
from generator.output import reproducible


def ledger_sheets(repo: Repository, ctx: Context, *, committee: str | None = None, year: int | None = None,
                  audience: str = "full") -> tuple[sheets.Sheet, ...]:
    """The four sheets (谈话台账, 整改台账, 计划执行, 覆盖情况) for ``audience``, as plain values."""
    if audience not in audiences.AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if audience == "summary":
        repo = audiences.without_confidential(repo)
    sel = sheets.Selection(committee, year)
    body = sheets.body_name(repo, ctx, committee)
    label = audiences.AUDIENCES[audience]

    def title(name: str) -> str:
        return sheets.title(body, name, year, ctx.as_of, label)

    return (
        sheets.talk_sheet(repo, ctx, sel, title(columns.TALK_SHEET)),
        sheets.rectification_sheet(repo, ctx, sel, title(columns.RECTIFICATION_SHEET)),
        sheets.plan_sheet(repo, ctx, sel, title(columns.PLAN_SHEET)),
        sheets.coverage_sheet(repo, ctx, sel, title(columns.COVERAGE_SHEET)),
    )


def ledger_workbook(repo: Repository, ctx: Context, *, committee: str | None = None, year: int | None = None,
                    audience: str = "full") -> bytes:
    """The ledger workbook as .xlsx bytes: the same records, selection, audience and as-of date always give the
    same bytes.

    ``repo`` and ``ctx`` are a check's model and context (:func:`generator.engine.checker.check`); ``committee`` limits
    the ledger to one conducting body, ``year`` to one calendar year; ``audience`` is ``full`` or ``summary``.
    """
    return workbook_of(ledger_contents(repo, ctx, committee=committee, year=year, audience=audience))


@dataclass(frozen=True)
class LedgerContents:
    """Everything the workbook's bytes are made from: equal contents give equal bytes."""

    sheets: tuple[sheets.Sheet, ...]
    title: str
    subject: str
    as_of: dt.date


def ledger_contents(repo: Repository, ctx: Context, *, committee: str | None = None, year: int | None = None,
                    audience: str = "full") -> LedgerContents:
    """What :func:`ledger_workbook` writes, as plain values (quick: the workbook itself is the slow part)."""
    parts = ledger_sheets(repo, ctx, committee=committee, year=year, audience=audience)
    body = sheets.body_name(repo if audience == "full" else audiences.without_confidential(repo), ctx, committee)
    span = f"{year}年度" if year else ""
    return LedgerContents(parts, f"{body}{span}监督谈话台账",
                          f"截至{ctx.as_of.isoformat()}，{audiences.AUDIENCES[audience]}", ctx.as_of)


def workbook_of(contents: LedgerContents) -> bytes:
    """The .xlsx bytes of ``contents``."""
    return xlsx.workbook_bytes(contents.sheets, title=contents.title, subject=contents.subject,
                               moment=reproducible.stamp(contents.as_of))
