"""A seam for tests/test_serve_stop.py, loaded only by a server process started with this folder on PYTHONPATH.

With ``TALKDOCS_TEST_PAUSE=DIR`` set, the process's second site build (``talkdocs serve``'s first rebuild) stops
after its work folder exists, writes ``DIR/paused`` and waits there until a signal ends the process.  So "stopped
while rebuilding" is certain, not a race against a rebuild that may take a few milliseconds.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

_PAUSE = os.environ.get("TALKDOCS_TEST_PAUSE")

if _PAUSE:
    from generator.site import builder

    _original = builder.run_mkdocs
    _builds: list[int] = []

    def _run_mkdocs(*args: Any, **kwargs: Any) -> Any:
        _builds.append(1)
        if len(_builds) == 2:
            Path(_PAUSE, "paused").touch()
            while True:  # until SIGTERM: its handler ends the build (and this wait) as it would any other
                time.sleep(0.5)
        return _original(*args, **kwargs)

    builder.run_mkdocs = _run_mkdocs  # type: ignore[assignment]
