"""Build progress on a terminal: the stage, pages written and time taken.  Silent in CI and in pipes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "TF_BUILD")


def wanted(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Show progress only on an interactive terminal outside CI."""
    env = os.environ if environ is None else environ
    if any(env.get(name) for name in CI_VARIABLES):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass
class Progress:
    """Prints ``[n/total] stage …`` lines with the elapsed time; does nothing when not enabled."""

    stream: TextIO
    enabled: bool
    total: int
    clock: Callable[[], float] = time.monotonic
    _start: float = field(default=0.0, init=False)
    _step: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._start = self.clock()

    def stage(self, text: str) -> None:
        """A new stage begins."""
        self._step += 1
        self._say(f"[{self._step}/{self.total}] {text}（{self.elapsed():.1f} 秒）")

    def note(self, text: str) -> None:
        """A detail of the current stage."""
        self._say(f"      {text}")

    def elapsed(self) -> float:
        """Seconds since the build started."""
        return self.clock() - self._start

    def done(self, text: str) -> None:
        """The last line: what was built, and how long it took."""
        self._say(f"{text}（用时 {self.elapsed():.1f} 秒）")

    def _say(self, line: str) -> None:
        if self.enabled:
            self.stream.write(f"{line}\n")
            self.stream.flush()
