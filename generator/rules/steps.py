"""How a talk is prepared and held: Art. 5 ¶3 (triggers), 6, 9 and 10."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import finding as F
from generator.model import catalog
from generator.model.context import Context, measured_talks
from generator.model.repository import Repository
from generator.model.wording import cn_date

_EXPECTED = " → ".join(catalog.STEP[s] for s in catalog.STEP_ORDER)


def timely_triggers(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A5-TIMELY-TRIGGER: a timely talk has one of the six triggers; a periodic one has none."""
    for talk in measured_talks(repo, ctx):
        if talk.is_periodic:
            if talk.triggers:
                yield F.make("A5-TIMELY-TRIGGER", talk.path, variant="periodic", record=talk.id,
                             pointer=("triggers",))
            continue
        if not talk.triggers:
            yield F.make("A5-TIMELY-TRIGGER", talk.path, variant="missing", record=talk.id, pointer=("kind",))
        for i, trigger in enumerate(talk.triggers):
            if trigger.unit == "other" and not trigger.text.strip():
                yield F.make("A5-TIMELY-TRIGGER", talk.path, variant="other_detail", record=talk.id,
                             pointer=("triggers", i))


def organizer_units(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A6-ORGANIZER: cooperating units' participants and materials are recorded."""
    for talk in measured_talks(repo, ctx):
        if not talk.participants and not talk.materials_provided:
            yield F.make("A6-ORGANIZER", talk.path, record=talk.id, pointer=("id",))


def preparation(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A9-PREPARATION: a periodic talk records the self-check and the talker's materials."""
    for talk in measured_talks(repo, ctx):
        if not talk.is_periodic:
            continue
        pointer = ("preparation",) if talk.has_preparation else ("id",)
        if talk.self_check_on is None:
            yield F.make("A9-PREPARATION", talk.path, variant="self_check", record=talk.id, pointer=pointer)
        if not talk.preparation_materials:
            yield F.make("A9-PREPARATION", talk.path, variant="materials", record=talk.id, pointer=pointer)


def five_steps(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A10-STEPS: all five steps of a periodic talk, in order."""
    for talk in measured_talks(repo, ctx):
        if not talk.is_periodic:
            continue
        codes = [s.key for s in talk.steps]
        pointer = ("steps",) if talk.steps else ("id",)
        missing = [s for s in catalog.STEP_ORDER if s not in codes]
        if missing:
            yield F.make("A10-STEPS", talk.path, variant="missing", record=talk.id, pointer=pointer,
                         steps="、".join(catalog.STEP[s] for s in missing), expected=_EXPECTED)
            continue
        first_seen = list(dict.fromkeys(codes))
        if first_seen != list(catalog.STEP_ORDER) or len(codes) != len(first_seen):
            yield F.make("A10-STEPS", talk.path, variant="order", record=talk.id, pointer=pointer,
                         actual=" → ".join(catalog.STEP[c] for c in codes), expected=_EXPECTED)


def timely_record(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A10-RECORD: a timely talk forms a record."""
    for talk in measured_talks(repo, ctx):
        if talk.kind == "timely" and talk.record is None:
            yield F.make("A10-RECORD", talk.path, record=talk.id, pointer=("id",))


def self_check_before_talk(repo: Repository, ctx: Context) -> Iterator[F.Finding]:
    """A9-DATE-ORDER: the interviewee's self-check is on or before the talk (Art. 9: 谈话前)."""
    for talk in measured_talks(repo, ctx):
        if talk.is_periodic and talk.self_check_on is not None and talk.self_check_on > talk.date:
            yield F.make("A9-DATE-ORDER", talk.path, record=talk.id, pointer=("preparation", "self_check_on"),
                         on=cn_date(talk.self_check_on), date=cn_date(talk.date))
