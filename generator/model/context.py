"""What every rule is evaluated against: the as-of date and the policy settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter
from zoneinfo import ZoneInfo

from generator.model import ordering
from generator.model.repository import MEASURES_IN_FORCE, Org, Repository, Talk, once_per_repository
from generator.model.settings import Settings

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_in_shanghai() -> dt.date:
    """The default as-of date: today in Asia/Shanghai, whatever the machine's time zone."""
    return dt.datetime.now(SHANGHAI).date()


@dataclass(frozen=True)
class Context:
    """The as-of date and settings for one check run."""

    as_of: dt.date
    settings: Settings

    def bodies(self, repo: Repository) -> tuple[Org, ...]:
        """The conducting bodies whose work this repository records: in the order ``bodies`` lists them, or in
        the order orgs are listed (kind, the office's own order, pinyin)."""
        if self.settings.bodies:
            return tuple(repo.orgs[b] for b in self.settings.bodies if b in repo.orgs)
        return tuple(sorted((repo.orgs[b] for b in repo.children if b in repo.orgs), key=ordering.org_key))


def measured_talks(repo: Repository, ctx: Context) -> list[Talk]:
    """Talks the Measures apply to as of ``ctx.as_of``.

    Periodic or timely (Art. 2 ¶3), on or after 2026-01-30 (Art. 20), and held by the as-of date: a check
    "as of" a past day sees the records as they stood then, so the same day always gives the same findings.
    A fresh list each call, for callers that change it.
    """
    return list(_measured_talks(repo, ctx.as_of))


@once_per_repository  # most rules start here: worked out once per check
def _measured_talks(repo: Repository, as_of: dt.date) -> tuple[Talk, ...]:
    # Written for speed: ``Talk.in_force`` inlined, a C-level sort key.
    known = [t for t in repo.talks.values()
             if MEASURES_IN_FORCE <= t.date <= as_of and t.kind in ("periodic", "timely")]
    known.sort(key=attrgetter("id"))
    return tuple(known)
