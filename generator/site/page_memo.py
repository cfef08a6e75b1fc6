"""Under ``serve``: a page's Markdown kept from the last build when nothing it was drawn from changed.

Rendering every page's template again is most of a rebuild's time on a large repository, although one edited
record reaches only a few pages.  Which pages it reaches is not worked out by hand (a list of "what depends on
what" would go stale with the next template change): each page is rendered with a :class:`_Proxy` in place of
the :class:`~generator.site.view_model.Site`, which notes every lookup the template made — ``site.talk_row(id)``,
``site.repo.orgs[id]``, ``id in site.repo.files`` — as a :data:`Read`.  On the next build a page is kept when its
template, path, front matter and other context values are equal to last time's and every one of its reads gives
an equal value on the new site; otherwise it is rendered again (and its reads noted afresh).  A lookup that
fails on the new site, or a value without value equality, counts as changed: the page is rendered, never kept
wrongly.  Pages with a ready Markdown body (the annual reports) are cheap and always written.
"""

from __future__ import annotations

import pickle
from collections.abc import ItemsView, KeysView, Mapping, Sequence, Set, ValuesView
from dataclasses import dataclass
from typing import Any

from generator.model.repository import Repository
from generator.site import render

# The steps from the site to a value: ("attr", name), ("call", args, kwargs), ("item", key), ("in", key).
Read = tuple[tuple[Any, ...], ...]


class _Notes:
    """The reads of one page's rendering."""

    def __init__(self) -> None:
        self.reads: list[Read] = []


class _Proxy:
    """Stands for the site (and its repository and the repository's mappings) while a template is rendered."""

    __slots__ = ("_notes", "_path", "_target")

    def __init__(self, target: Any, path: Read, notes: _Notes) -> None:
        self._target, self._path, self._notes = target, path, notes

    def _value(self, value: Any, path: Read) -> Any:
        if isinstance(value, Repository) or (isinstance(self._target, Repository)
                                             and isinstance(value, (Mapping, Set))):
            return _Proxy(value, path, self._notes)  # looked into further: note what is looked up in it
        self._notes.reads.append(path)
        return value

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        path = (*self._path, ("attr", name))
        if callable(value):
            return _Call(value, path, self._notes)
        return self._value(value, path)

    def __getitem__(self, key: Any) -> Any:
        value = self._target[key]
        self._notes.reads.append((*self._path, ("item", key)))
        return value

    def __contains__(self, key: Any) -> bool:
        self._notes.reads.append((*self._path, ("in", key)))
        return key in self._target

    def __iter__(self) -> Any:
        self._notes.reads.append(self._path)  # the whole mapping or set
        return iter(self._target)

    def __len__(self) -> int:
        self._notes.reads.append(self._path)
        return len(self._target)


class _Call:
    """A method of the site (or of what it holds): its call and answer are noted."""

    __slots__ = ("_func", "_notes", "_path")

    def __init__(self, func: Any, path: Read, notes: _Notes) -> None:
        self._func, self._path, self._notes = func, path, notes

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._notes.reads.append((*self._path, ("call", args, tuple(sorted(kwargs.items())))))
        return self._func(*args, **kwargs)


def evaluate(site: Any, read: Read) -> Any:
    """What ``read`` gives on ``site`` (raises whatever the lookup raises)."""
    value = site
    for step in read:
        kind = step[0]
        if kind == "attr":
            value = getattr(value, step[1])
        elif kind == "call":
            value = value(*step[1], **dict(step[2]))
            if isinstance(value, (KeysView, ValuesView, ItemsView)):
                value = tuple(value)  # views of two dicts are never equal; their contents, in order, can be
        elif kind == "item":
            value = value[step[1]]
        else:
            value = step[1] in value
    return value


def render_noting(template: str, here: str, context: Mapping[str, Any]) -> tuple[str, list[Read]]:
    """A page's body, and the reads its template made of ``context["site"]``."""
    notes = _Notes()
    noted = {**context, "site": _Proxy(context["site"], (), notes)}
    return render.body(template, here, noted), notes.reads


def packed(reads: list[Read], forked: bool) -> list[Read] | bytes | None:
    """The reads as bytes, to send from a forked worker (None: something in them cannot be sent); in the
    process itself, the reads as they are."""
    if not forked:
        return reads
    try:
        return pickle.dumps(reads, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an argument that cannot be pickled: the page is simply not kept next time
        return None


def unpacked(data: list[Read] | bytes | None) -> list[Read] | None:
    """:func:`packed`'s reads again (written by our own forked worker)."""
    if data is None or isinstance(data, list):
        return data
    return list(pickle.loads(data))


_FAILED = object()  # a lookup that raised: equal to nothing


@dataclass(frozen=True)
class Entry:
    """What one page was drawn from last time."""

    template: str
    meta: Mapping[str, Any]
    context: Mapping[str, Any]  # without the site
    reads: tuple[tuple[Read, Any, bool], ...]  # each read with its value, and whether it is plain
    seconds: float = 0.0  # how long drawing it took (the slow pages are shared out first)


def _own_context(context: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in context.items() if k != "site"}


_PLAIN = frozenset({str, int, type(None)})  # not bool or float: True == 1 == 1.0 would share one answer


def _plain(value: Any) -> bool:
    kind = type(value)
    return kind in _PLAIN or (kind is tuple and all(_plain(v) for v in value))


class Lookups:
    """The reads' values on one build's site; a read with plain arguments (ids, years) is looked up once
    for all the pages that made it (``site.org_label("…")`` is on hundreds of pages)."""

    def __init__(self, site: Any) -> None:
        self.site = site
        self._seen: dict[Read, Any] = {}
        self._compared: dict[tuple[int, int], tuple[Any, Any, bool]] = {}

    def same(self, old: Any, new: Any) -> bool:
        """``old == new``, each pair compared once per build: a plain read's answer is one object for all the
        pages that made the read, in the last build and in this one."""
        if old is new:
            return True
        key = (id(old), id(new))
        known = self._compared.get(key)
        if known is None:
            try:
                equal = bool(old == new)
            except Exception:  # values that cannot be compared: count as changed
                equal = False
            known = self._compared[key] = (old, new, equal)  # both kept alive, so their ids stay theirs
        return known[2]

    def value(self, read: Read, plain: bool) -> Any:
        """What ``read`` gives on this site (:data:`_FAILED` when the lookup raises); ``plain``: its arguments
        are plain values (:func:`is_plain`), so the answer can be shared."""
        if plain and read in self._seen:
            return self._seen[read]
        try:
            value = evaluate(self.site, read)
        except Exception:  # the thing looked up is gone (a deleted record): the page changed
            value = _FAILED
        if plain:
            self._seen[read] = value
        return value


def is_plain(read: Read) -> bool:
    """Whether every argument in ``read`` is a plain value (text, whole numbers, tuples of them): cheap to hash."""
    return _plain(tuple(a for step in read for a in step[1:]))


def entry(template: str, meta: Mapping[str, Any], context: Mapping[str, Any], reads: Sequence[Read],
          lookups: Lookups, seconds: float = 0.0) -> Entry:
    """The entry of a page just rendered, each read's value taken from this build's site."""
    plain = [is_plain(r) for r in reads]
    once = {r: None for r, p in zip(reads, plain, strict=True) if p}  # person_name(id) many times on one page
    others = [r for r, p in zip(reads, plain, strict=True) if not p]
    values = (*((r, lookups.value(r, True), True) for r in once),
              *((r, lookups.value(r, False), False) for r in others))
    return Entry(template, dict(meta), _own_context(context), values, seconds)


def unchanged(old: Entry | None, page: Any, lookups: Lookups) -> bool:
    """Whether ``page`` (a :class:`~generator.site.pages.Page`) gives the same Markdown as its ``old`` entry."""
    if old is None or old.template != page.template or old.meta != page.meta():
        return False
    if old.context != _own_context(page.context):
        return False
    for read, value, plain in old.reads:
        now = lookups.value(read, plain)
        if now is _FAILED or value is _FAILED or not lookups.same(value, now):
            return False
    return True
