"""Make the test helpers in this folder importable (``import world``) and keep tests out of the user's caches."""

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))
# No property test has a time limit per example: on a shared, loaded machine hypothesis's default deadline
# (200 ms) would fail a correct test, a timing window rather than a check of behaviour.
settings.register_profile("talkdocs", deadline=None)
settings.load_profile("talkdocs")
# The parse cache signs its files with a per-user key under $XDG_CACHE_HOME: tests get their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="talkdocs-test-cache-")


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The git commands talkdocs runs see no configuration of this machine either."""
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    yield
