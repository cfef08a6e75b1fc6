"""Ending a build or ``serve`` on SIGTERM or SIGHUP the way Ctrl+C ends it, so that its cleanups run.

The generated pages (and MkDocs' own serve folder) hold record text, confidential parts included (Art. 16):
they must not stay in the temporary folder when the process is stopped.  Python runs ``finally`` blocks and
``atexit`` functions when Ctrl+C raises :class:`KeyboardInterrupt`, but the default SIGTERM (``kill``, a
service manager, a closed container) and SIGHUP (a closed terminal) end the process at once.  Turning them
into :class:`KeyboardInterrupt` lets MkDocs' ``serve`` delete its site folder and call ``on_shutdown``, and
``talkdocs build`` / ``serve`` delete their work folder.  Only SIGKILL cannot be caught.

A few steps must not be cut in two — making a folder and noting that it is to be deleted, starting a child
process and keeping its handle to stop it — so a signal that comes during :func:`hold` waits until its end.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None)
_state = {"stopping": False, "holding": 0, "held": 0}


def _interrupt(signum: int, frame: FrameType | None) -> None:
    if _state["stopping"]:  # already unwinding: a second signal must not cut the cleanup short
        return
    if _state["holding"]:
        _state["held"] = signum
        return
    _state["stopping"] = True
    raise KeyboardInterrupt(f"signal {signum}")


def interrupt_on_terminate() -> None:
    """Make SIGTERM and SIGHUP raise :class:`KeyboardInterrupt` in this process (main thread only; a
    handler someone else installed is left alone)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in SIGNALS:
        if signal.getsignal(sig) in (signal.SIG_DFL, _interrupt):
            signal.signal(sig, _interrupt)


@contextmanager
def hold() -> Iterator[None]:
    """SIGTERM or SIGHUP during the block raises :class:`KeyboardInterrupt` only when the block is done.

    Write ``x = None; try: with hold(): x = make() ... finally: clean(x)``: the assignment is complete before
    the signal is acted on, so the cleanup sees what was made."""
    _state["holding"] += 1
    try:
        yield
    finally:
        _state["holding"] -= 1
        if not _state["holding"] and _state["held"]:
            signum, _state["held"] = _state["held"], 0
            _interrupt(signum, None)
