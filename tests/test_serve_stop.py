"""A server stopped by SIGTERM (``kill``, a service manager) or SIGHUP (a closed terminal) leaves none of the
record text it generated behind: not the plugin's pages folder, not MkDocs' serve folder, not the work folder
``talkdocs serve`` builds in (Art. 16).  Each server gets its own TMPDIR, so only its own leftovers are seen."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from new_office import make
from serve_support import environment, get, mkdocs_serve, serving, stop, talkdocs_serve, until

WAIT = 240  # seconds: a bound on a busy machine, not a speed assertion
PERSON = "people/wang-fang.html"
PAUSE_SEAM = Path(__file__).resolve().parent / "pause_build"
HOLDING_RECORDS = ("mkdocs_", "talkdocs-pages-")  # MkDocs' serve folder, the plugin's pages folder


def _left(tmp: Path) -> list[str]:
    """What is in the server's TMPDIR besides jieba's dictionary cache (no record text: the names are added
    from memory, :mod:`generator.site.search_dict`)."""
    return sorted(p.name for p in tmp.iterdir() if p.name != "jieba.cache")


def _edit(office: Path) -> None:
    person = office / "records/people/wang-fang.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("王芳", "王芳芳"), encoding="utf-8")


@pytest.mark.parametrize(("mode", "sig"), [([], signal.SIGTERM), (["--dirty"], signal.SIGHUP)],
                         ids=["sigterm", "dirty-sighup"])
def test_stopped_mkdocs_serve_leaves_no_generated_pages(tmp_path: Path, mode: list[str], sig: int) -> None:
    office = make(tmp_path / "office")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with serving(mkdocs_serve, office, environment(tmp), mode) as server:
        until("the first build", lambda: "王芳".encode() in (get(server.base + PERSON) or b""), WAIT)
        assert [n.startswith(HOLDING_RECORDS) for n in _left(tmp)] == [True, True]  # what is to be cleaned
        _edit(office)  # the signal may come while the rebuild runs
        assert stop(server.process, sig) != -sig  # ended by its handler, not killed by the signal
    assert _left(tmp) == []


def test_talkdocs_serve_stopped_while_rebuilding_leaves_no_work_folder(tmp_path: Path) -> None:
    office = make(tmp_path / "office")
    tmp, pause = tmp_path / "tmp", tmp_path / "pause"
    tmp.mkdir()
    pause.mkdir()
    # tests/pause_build holds the rebuild in its work folder until the signal comes (no race with a fast rebuild)
    seam = {"PYTHONPATH": os.pathsep.join(filter(None, [str(PAUSE_SEAM), os.environ.get("PYTHONPATH")])),
            "TALKDOCS_TEST_PAUSE": str(pause)}
    with serving(talkdocs_serve, office, environment(tmp, **seam)) as server:
        until("the first build", lambda: "王芳".encode() in (get(server.base + PERSON) or b""), WAIT)
        _edit(office)
        until("the rebuild, held in its work folder", lambda: (pause / "paused").exists(), WAIT)
        assert any(office.glob(".talkdocs-build-*"))
        stop(server.process, signal.SIGTERM)
    assert not list(office.glob(".talkdocs-build-*"))
    assert _left(tmp) == []
