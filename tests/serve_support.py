"""Starting and stopping a site server (stock ``mkdocs serve`` or ``talkdocs serve``) in a child process, and
polling its pages.  Shared by tests/test_serve_reload.py, tests/test_serve_stop.py and bench/serve_bench.py."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, timeout: float = 30) -> bytes | None:
    """The body at ``url``, or None when the server does not answer it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bytes(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def until(what: str, test: Callable[[], bool], limit: float, interval: float = 0.5) -> float:
    """Poll ``test`` until it holds; the seconds it took.  Raises AssertionError naming ``what`` after ``limit``."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if test():
            return time.monotonic() - start
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {limit:.0f} s")


def environment(tmpdir: Path | None = None, **extra: str) -> dict[str, str]:
    """The server's environment: not run by ``talkdocs build``; its temporary folders in ``tmpdir`` (so a test
    can look for leftovers without seeing other tests' folders in /tmp)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
    env.pop("TALKDOCS_BUILD_OPTIONS", None)
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return env


@dataclass(frozen=True)
class Server:
    """A running server: its address and process."""

    base: str
    process: subprocess.Popen[bytes]


def demo_mkdocs_yml(site_name: str, as_of: str, *, history: bool = True) -> str:
    """The ``mkdocs.yml`` of a served demo repository: Material in Chinese, offline, the talkdocs plugin over
    ``records/`` as of ``as_of`` (``history: false`` for a folder outside git)."""
    return (f"site_name: {site_name}\ndocs_dir: docs\ntheme:\n  name: material\n  language: zh\n  font: false\n"
            f"plugins:\n  - search\n  - offline\n  - talkdocs:\n      records: records\n      as_of: {as_of}\n"
            + ("" if history else "      history: false\n"))


def mkdocs_serve(*args: str) -> list[str]:
    """The stock ``mkdocs serve`` command line with ``args``."""
    return [sys.executable, "-m", "mkdocs", "serve", *args]


def talkdocs_serve(*args: str) -> list[str]:
    """The ``talkdocs serve`` command line with ``args``."""
    return [sys.executable, "-m", "generator", "serve", *args]


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGINT, wait: float = 120) -> int:
    """Send ``sig`` to the server (only to it: the signal a service manager or ``kill`` sends); kill its process
    group if it has not ended within ``wait`` seconds.  Its exit code."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        return process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait()


@contextmanager
def serving(command: Callable[..., list[str]], folder: Path, env: Mapping[str, str],
            args: Sequence[str] = (), stop_with: int = signal.SIGINT, log: Path | None = None) -> Iterator[Server]:
    """Run ``command`` (:func:`mkdocs_serve` or :func:`talkdocs_serve`) in ``folder`` on a free port; stop it with
    ``stop_with`` on leaving (its whole process group is killed if it does not end).  ``log``: a file for the
    server's messages (else they are dropped)."""
    port = free_port()
    address = ["-a", f"127.0.0.1:{port}"] if command is mkdocs_serve else ["--port", str(port)]
    with open(log or os.devnull, "wb") as messages:
        process = subprocess.Popen(command(*address, *args), cwd=folder, env=dict(env), stdout=messages,
                                   stderr=messages, start_new_session=True)
        try:
            yield Server(f"http://127.0.0.1:{port}/", process)
        finally:
            stop(process, stop_with)
