"""Words as search finds them: Chinese text segmented by jieba, other text split into letters and digits.

A page's text is cut into words at build time; the browser cuts a query with the same vocabulary (the words
the build found), so 整改 is one word and a query for it never finds 改革, and 信访 never finds 信息.  Names of
orgs and people are whole words of jieba's user dictionary (:mod:`.search_dict`, loaded by the plugin).
``cut_for_search`` also gives the known words inside a long word (山海港务集团党委 → 港务, 集团, 党委 …), so a
part of a long name is found too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import jieba

# Words too common to tell pages apart; the query drops them the same way (the worker reads this list).
STOPWORDS = frozenset(["的", "了", "和", "与", "及", "等", "之", "其", "并", "或", "为", "在", "是", "对", "把", "将", "被", "于", "以", "由", "也", "而"])
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+")
_CACHE = 1 << 16  # demo repositories repeat their sentences; a real one repeats labels and names


def _han_words(run: str) -> Iterator[str]:
    for word in jieba.cut_for_search(run):
        if word and word not in STOPWORDS:
            yield word


@lru_cache(maxsize=_CACHE)
def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` in order (a word inside a longer one follows that one's parts, as jieba gives)."""
    out: list[str] = []
    lowered = text.lower()
    pos = 0
    for match in _HAN.finditer(lowered):
        out.extend(_WORD.findall(lowered, pos, match.start()))
        out.extend(_han_words(match.group(0)))
        pos = match.end()
    out.extend(_WORD.findall(lowered, pos))
    return tuple(out)


def counts(texts: Iterable[str]) -> dict[str, int]:
    """How often each word occurs in ``texts``."""
    found: dict[str, int] = {}
    for text in texts:
        for word in words(text):
            found[word] = found.get(word, 0) + 1
    return found
