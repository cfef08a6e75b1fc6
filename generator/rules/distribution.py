"""Keeping and copying the files: Art. 12."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import finding as F
from generator.measures import deadlines
from generator.model import catalog
from generator.model.context import Context, measured_talks
from generator.model.repository import Archive, Repository


def _missing_file(repo: Repository, archive: Archive) -> bool:
    return bool(archive.file) and not archive.archive_ref and f"{archive.file}" not in repo.files


def archived(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A12-ARCHIVE: the talk record, the measures and the status report are kept."""
    for talk in measured_talks(repo, ctx):
        rec = talk.record
        if talk.kind == "periodic" and (rec is None or not (rec.file or rec.archive_ref)):
            yield F.make("A12-ARCHIVE", talk.path, variant="talk", record=talk.id,
                         pointer=("record",) if rec else ("id",))
        elif rec is not None and _missing_file(repo, rec):
            yield F.make("A12-ARCHIVE", talk.path, variant="missing_file", record=talk.id,
                         pointer=("record", "file"), file=rec.file)
        rect = repo.rectifications.get(talk.id)
        if rect is None:
            continue
        if (rect.measures_submitted_on or rect.status_report_on) and not rect.documents:
            yield F.make("A12-ARCHIVE", rect.path, variant="rectification", record=talk.id, pointer=("talk",))
        for i, doc in enumerate(rect.documents):
            if _missing_file(repo, doc):
                yield F.make("A12-ARCHIVE", rect.path, variant="missing_file", record=talk.id,
                             pointer=("documents", i, "file"), file=doc.file)


def distributed(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A12-DISTRIBUTION: once the measures are due, the files have been copied to the required units.

    The copy goes out with the measures (Art. 12 follows Art. 11), so a talk is expected to be distributed
    once its one-month measures deadline has passed, not on the day of the talk.
    """
    required = ctx.settings.distribution_required
    for talk in measured_talks(repo, ctx):
        if deadlines.due_date(talk.date, deadlines.MEASURES_MONTHS, ctx.settings) >= ctx.as_of:
            continue
        done = {d.unit for d in talk.distribution}
        missing = [u for u in required if u not in done]
        if missing:
            yield F.make("A12-DISTRIBUTION", talk.path, record=talk.id,
                         pointer=("distribution",) if talk.distribution else ("id",),
                         units="、".join(catalog.UNIT[u] for u in missing))
