"""The one way talkdocs shares work between processes: forked children, each given a share of a list.

Every caller uses :func:`split_map`: the full check's parsing and locating of findings
(:mod:`generator.engine.steps`), the quick re-check's hashing of files the file index does not know, and the
site's page writing, link crawl, downloads and ``serve`` state.

A province's repository holds about 100,000 records and its site tens of thousands of pages; reading, parsing
and writing them are pure Python and take minutes on one core, while the machine has more.  The children are
forked, so they inherit everything the parent holds (the model, the templates, the content keys the cache
knows) through the function they are given, without pickling it and without any module-level state; each
takes every ``jobs``-th item and sends back only its result, pickled through a pipe.  This process works on
the first share itself.

Small work stays in this process (``minimum``: below it, forking costs more than it saves), so does all work
where ``fork`` does not exist, and a share whose child cannot be forked (no processes left) is done here too.
A failure in any share raises after every child has ended, and Ctrl+C or SIGTERM (see
:mod:`generator.engine.stopping`) meanwhile waits for them: the caller then removes what they wrote, and
nothing may still be writing there.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

from generator.engine import stopping

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 2000  # the default ``minimum``: below this, forking costs more than it saves
_STOPS = frozenset({signal.SIGINT, *stopping.SIGNALS})  # what stops a run: never acted on while a child starts


def default_jobs() -> int:
    """The processor cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worth_it(items: int, jobs: int, minimum: int | None = None) -> bool:
    """Whether :func:`split_map` would fork for ``items`` pieces of work in ``jobs`` processes: more than one
    job, at least ``minimum`` items (default :data:`MIN_ITEMS`), and ``fork`` exists here."""
    least = MIN_ITEMS if minimum is None else minimum  # read at call time: tests lower it
    return jobs > 1 and items >= least and hasattr(os, "fork")


class WorkerError(Exception):
    """A forked worker failed; the message says how (its exception type and text)."""


def _run_child(func: Callable[[list[T]], R], share: list[T], write_fd: int, mask: set[int] | None) -> None:
    try:
        if mask is not None:  # blocked around the fork (see _fork): from here on, Ctrl+C is this share's failure
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        payload = pickle.dumps((True, func(share)))
    except BaseException as exc:  # reported to the parent, which raises it there
        payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
    try:
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
    finally:
        os._exit(0)  # never return into the parent's code (its cleanups, its tests) from the child


def split_map(func: Callable[[list[T]], R], items: Sequence[T], jobs: int, *,
              minimum: int | None = None) -> list[R]:
    """``func`` over ``jobs`` interleaved shares of ``items`` (``items[i::jobs]``); one result per share, in
    share order.  Fewer than ``minimum`` items (default :data:`MIN_ITEMS`), one job, or no ``fork``: one
    share, ``func(list(items))``, in this process.  A failure in any share raises :class:`WorkerError` (or
    the exception itself, in this process) after every child has ended."""
    if not worth_it(len(items), jobs, minimum):
        return [func(list(items))]
    shares = [list(items[i::jobs]) for i in range(jobs)]
    children: list[tuple[int, int]] = []
    here: list[int] = [0]  # shares done in this process: the first, and any whose child could not be forked
    by_share: dict[int, int] = {}  # share → its child's place in ``children``
    results: dict[int, R] = {}
    try:
        for number, share in enumerate(shares[1:], start=1):
            child = _fork(func, share)
            if child is None:
                here.append(number)
            else:
                by_share[number] = len(children)
                children.append(child)
        for number in here:
            results[number] = func(shares[number])
    finally:
        answers = _collect_all(children)
    for ok, value in answers:
        if not ok:
            raise WorkerError(str(value))
    for number, place in by_share.items():
        results[number] = cast(R, answers[place][1])
    return [results[number] for number in range(jobs)]


def _fork(func: Callable[[list[T]], R], share: list[T]) -> tuple[int, int] | None:
    """A child working on ``share``: its process id and the end of the pipe it answers through (None: no
    child could be started, the share is to be done in this process)."""
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    # Ctrl+C or SIGTERM waits until the child is in _run_child: one raised in the child before that would unwind
    # through the parent's code (its cleanups) in the child
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS) if hasattr(signal, "pthread_sigmask") else None
    try:
        pid = os.fork()
    except OSError:  # no processes or memory left for one more: not a reason to fail the work
        os.close(read_fd)
        os.close(write_fd)
        pid = -1
    if pid == 0:
        os.close(read_fd)
        _run_child(func, share, write_fd, mask)
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if pid < 0:
        return None
    os.close(write_fd)
    return pid, read_fd


def _collect_all(children: list[tuple[int, int]]) -> list[tuple[bool, object]]:
    """Every child's answer, waiting for each to end: a second Ctrl+C (or SIGTERM) meanwhile waits until they have (the
    caller then removes what they wrote, and nothing may still be writing there)."""
    blocked = bool(children) and hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        return [_collect(pid, fd) for pid, fd in children]
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


def _collect(pid: int, read_fd: int) -> tuple[bool, object]:
    with os.fdopen(read_fd, "rb") as inp:
        data = inp.read()
    os.waitpid(pid, 0)
    if not data:
        return False, "工作进程意外退出"
    answer: tuple[bool, object] = pickle.loads(data)  # written by our own forked child
    return answer
