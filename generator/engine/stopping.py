"""Ending a build or ``serve`` on SIGTERM or SIGHUP the way Ctrl+C ends it, so that its cleanups run.

The generated pages (and MkDocs' own serve folder) hold record text, confidential parts included (Art. 16):
they must not stay in the temporary folder when the process is stopped.  Python runs ``finally`` blocks and
``atexit`` functions when Ctrl+C raises :class:`KeyboardInterrupt`, but the default SIGTERM (``kill``, a
service manager, a closed container) and SIGHUP (a closed terminal) end the process at once.  Turning them
into :class:`KeyboardInterrupt` lets MkDocs' ``serve`` delete its site folder and call ``on_shutdown``, and
``talkdocs build`` / ``serve`` delete their work folder.  Only SIGKILL cannot be caught.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None)
_stopping = False


def _interrupt(signum: int, frame: FrameType | None) -> None:
    global _stopping
    if _stopping:  # already unwinding: a second signal must not cut the cleanup short
        return
    _stopping = True
    raise KeyboardInterrupt(f"signal {signum}")


def interrupt_on_terminate() -> None:
    """Make SIGTERM and SIGHUP raise :class:`KeyboardInterrupt` in this process (main thread only; a
    handler someone else installed is left alone)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in SIGNALS:
        if signal.getsignal(sig) in (signal.SIG_DFL, _interrupt):
            signal.signal(sig, _interrupt)
