"""What an organization's page shows beyond its record: the leadership as one line per person and post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from generator.model import catalog, ordering
from generator.model.repository import Org, Tenure


def _overlaps(a: Tenure, b: Tenure) -> bool:
    return a.start <= (b.end or dt.date.max) and b.start <= (a.end or dt.date.max)


def post_rows(org: Org, as_of: dt.date, person_name: Callable[[str], str]) -> list[tuple[Tenure, str]]:
    """The org's leadership as one line per person and post: (tenure, title in words).

    The "一把手" is written on the line of the same person's overlapping post in the leadership team
    ("书记（“一把手”）"), so that nobody is listed twice; a "一把手" outside the recorded team has a line of their
    own.  Current posts first, by rank (书记, 副书记, 常委 or 党组成员, 成员), then by start date and pinyin."""
    out: list[tuple[Tenure, str]] = []
    matched: set[int] = set()
    for post in org.team:
        lead = [i for i, t in enumerate(org.leaders) if t.person == post.person and _overlaps(t, post)]
        matched.update(lead)
        title = catalog.role_label(post.role, org.kind)
        out.append((post, f"{title}（“一把手”）" if lead else title))
    out += [(t, "“一把手”") for i, t in enumerate(org.leaders) if i not in matched]
    ranks = {role: n + 1 for n, role in enumerate(catalog.ROLE)}  # the "一把手" alone ranks first (0)

    def key(row: tuple[Tenure, str]) -> tuple[bool, int, dt.date, tuple[tuple[str, ...], str]]:
        post = row[0]
        past = post.end is not None and post.end < as_of
        return (past, ranks.get(post.role, 0), post.start, ordering.name_key(person_name(post.person), post.person))
    return sorted(out, key=key)
