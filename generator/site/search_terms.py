"""Words as search finds them: Chinese text cut by jieba, other text split into runs of letters and digits.

A page's text is cut into words at build time; the browser cuts a query with the same vocabulary (the words
the build found, :mod:`.search_shards`), so 整改 is one word and a query for it never finds 改革, and 信访 never
finds 信息.  Names of orgs and people are whole words of jieba's user dictionary (:mod:`.search_dict`, loaded by
the plugin).  ``cut_for_search`` also gives the known words inside a long word (山海港务集团党委 → 港务, 集团,
党委 …), so a part of a long name is found too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import jieba

# Words too common to tell pages apart; the browser skips them in a query the same way (the worker's list).
STOPWORDS = frozenset("的 了 和 与 及 等 之 其 并 或 为 在 是 对 把 将 被 于 以 由 也 而".split())  # noqa: SIM905
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+")
_CACHE = 1 << 17  # a run of Chinese between punctuation repeats often (labels, names, demo sentences)


@lru_cache(maxsize=_CACHE)
def _han_words(run: str) -> tuple[str, ...]:
    return tuple(w for w in jieba.cut_for_search(run) if w and w not in STOPWORDS)


def words(text: str) -> Iterator[str]:
    """The words of ``text`` in order (the parts of a long word follow it, as jieba gives them)."""
    lowered = text.lower()
    pos = 0
    for match in _HAN.finditer(lowered):
        yield from _WORD.findall(lowered, pos, match.start())
        yield from _han_words(match.group(0))
        pos = match.end()
    yield from _WORD.findall(lowered, pos)


def clear() -> None:
    """Forget the cut runs (the user dictionary of the next build may cut them differently)."""
    _han_words.cache_clear()
