"""Share a list of work between forked processes: the site builder's page writing and link checking, the
quick re-check's reading of files the file index does not know.

A province's site has tens of thousands of pages; writing them and reading them back are pure Python and
take minutes on one core, while the machine has more.  The children are forked, so they share everything
the parent has built (the model, the templates) without pickling it; each takes every ``jobs``-th item and
sends back only its (small) result.  Where ``fork`` does not exist, or the work is small, everything runs
in this process.
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

MIN_ITEMS = 2000  # below this, forking costs more than it saves


def default_jobs() -> int:
    """The processor cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class WorkerError(Exception):
    """A forked worker failed; the message says how (its exception type and text)."""


def _run_child(func: Callable[[list[T]], R], share: list[T], write_fd: int) -> None:
    try:
        payload = pickle.dumps((True, func(share)))
    except BaseException as exc:  # reported to the parent, which raises it there
        payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
    try:
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
    finally:
        os._exit(0)  # never return into the parent's code (its cleanups, its tests) from the child


def split_map(func: Callable[[list[T]], R], items: Sequence[T], jobs: int, min_items: int | None = None) -> list[R]:
    """``func`` over ``jobs`` interleaved shares of ``items`` (``items[i::jobs]``); one result per share, in
    share order.  A failure in any share raises :class:`WorkerError` (or the exception itself, in this
    process) after every child has ended.  Fewer than ``min_items`` items (default :data:`MIN_ITEMS`) are done
    in this process (a caller whose items are each slow may set it lower)."""
    if jobs <= 1 or len(items) < (MIN_ITEMS if min_items is None else min_items) or not hasattr(os, "fork"):
        return [func(list(items))]
    shares = [list(items[i::jobs]) for i in range(jobs)]
    children: list[tuple[int, int]] = []
    try:
        for share in shares[1:]:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_fd)
                _run_child(func, share, write_fd)
            os.close(write_fd)
            children.append((pid, read_fd))
        results = [func(shares[0])]
    finally:
        answers = _collect_all(children)
    for ok, value in answers:
        if not ok:
            raise WorkerError(str(value))
        results.append(cast(R, value))
    return results


def _collect_all(children: list[tuple[int, int]]) -> list[tuple[bool, object]]:
    """Every child's answer, waiting for each to end: a second Ctrl+C (or SIGTERM) meanwhile waits until they have (the
    caller then removes what they wrote, and nothing may still be writing there)."""
    blocked = bool(children) and hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *stopping.SIGNALS})
    try:
        return [_collect(pid, fd) for pid, fd in children]
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, *stopping.SIGNALS})


def _collect(pid: int, read_fd: int) -> tuple[bool, object]:
    with os.fdopen(read_fd, "rb") as inp:
        data = inp.read()
    os.waitpid(pid, 0)
    if not data:
        return False, "工作进程意外退出"
    answer: tuple[bool, object] = pickle.loads(data)  # written by our own forked child
    return answer
