"""The order in which organizations and people are listed, as a Chinese reader expects it.

Organizations: by kind (the order of :data:`generator.model.catalog.ORG_KIND`: provincial, municipal and county
committees first, then Party groups, work organs …), then by the office's own order (``order``, 排序号) where it
gave one, then by the pinyin of the name people use (the short name: 北山区委 among the counties by 北山, not
by the 山海市 of 中共山海市北山区委员会), then the full name.  People: by the pinyin of their names.  Record ids
(``beishan-qw``) are the last tie-break only, so that the order is stable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from pypinyin import Style, lazy_pinyin

from generator.model import catalog


class Sortable(Protocol):
    """What :func:`org_key` reads of an organization (the repository's ``Org``; a protocol, because the
    repository itself sorts its orgs with this module and must not be imported back)."""

    @property
    def kind(self) -> str: ...
    @property
    def order(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def id(self) -> str: ...

_KINDS = {kind: rank for rank, kind in enumerate(catalog.ORG_KIND)}


@lru_cache(maxsize=4096)
def pinyin_key(name: str) -> tuple[str, ...]:
    """A name's sort key in pinyin with tone numbers (东岭 before 海阳 before 南湖), characters as a fallback."""
    return tuple(f"{syllable}\x00{char}" for syllable, char in zip(lazy_pinyin(name, style=Style.TONE3), name,
                                                                    strict=False))


def org_key(org: Sortable) -> tuple[int, int, int, tuple[str, ...], tuple[str, ...], str]:
    """Sort key of an organization: kind, the office's own order, pinyin of the short name, of the name, id."""
    rank = _KINDS.get(org.kind, len(_KINDS))
    return (rank, 0 if org.order is not None else 1, org.order or 0, pinyin_key(org.label), pinyin_key(org.name),
            org.id)


def name_key(name: str, record_id: str = "") -> tuple[tuple[str, ...], str]:
    """Sort key of a person (or anything named): pinyin of the name, then the id."""
    return (pinyin_key(name), record_id)
