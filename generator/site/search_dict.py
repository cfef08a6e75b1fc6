"""The repository's own words for the build's Chinese segmenter (jieba): org names, short names, people's names.

jieba splits an unknown name (唐建国 → 唐 / 建国) or a long org name into pieces, so a search for the whole
name would have to match pieces.  Each name here becomes one word of jieba's user dictionary, written into the
build's work folder (never into the site) from the audience's repository, so a summary build's dictionary holds
no confidential record either.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model.repository import Repository

FILE = "search-userdict.txt"
FREQ = 100000  # high enough that jieba keeps the name whole next to its common words


def words(repo: Repository) -> list[str]:
    """Every org name, org short name and person name of ``repo``, once each, sorted (stable output)."""
    found: set[str] = set()
    for org in repo.orgs.values():
        found.update((org.name, org.short_name))
    found.update(p.name for p in repo.people.values())
    # A jieba dictionary line is "word freq"; a name with a space would be read as two fields.
    return sorted(w for w in found if w and not any(ch.isspace() for ch in w))


def write(work: Path, repo: Repository) -> str:
    """Write the user dictionary into ``work``; returns its name relative to ``work`` (for ``mkdocs.yml``)."""
    text = "".join(f"{w} {FREQ}\n" for w in words(repo))
    (work / FILE).write_text(text, encoding="utf-8")
    return FILE


# word → its frequency in jieba's dictionary before this process first made it a user word (0: none)
_BEFORE: dict[str, int] = {}


def load(tokenizer: Any, names: list[str]) -> None:
    """Make ``names`` the user words of jieba's ``tokenizer`` (``jieba.dt``), undoing the words an earlier
    build of this process added.

    ``mkdocs serve`` builds again and again in one process; a name a record no longer has (a person renamed,
    a record removed) must not stay a word, or the served site's index would differ from a full build's.
    ``jieba.del_word`` is no undo: it also marks the word to be split apart.  So the frequency is set back by
    hand: 0 is what jieba itself gives a prefix that is no word (its scan of longer words goes on through it).
    """
    tokenizer.check_initialized()
    wanted = set(names)
    for word in [w for w in _BEFORE if w not in wanted]:
        before = _BEFORE.pop(word)
        tokenizer.total += before - tokenizer.FREQ.get(word, 0)
        tokenizer.FREQ[word] = before
    for word in names:
        if word not in _BEFORE:
            _BEFORE[word] = tokenizer.FREQ.get(word, 0)
        tokenizer.add_word(word, FREQ)
