"""Stock ``mkdocs serve`` in a repository ``talkdocs init`` made: after one record is edited the served site
changes by itself, and then serves the pages a full ``talkdocs build`` of the edited records gives — for the
default full rebuild and for ``--dirty`` (only the pages the change reached are rendered again).  The wait is
bounded and polled; nothing is timed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from new_office import make, talkdocs_build
from serve_support import environment, get, mkdocs_serve, serving, until

WAIT = 240  # seconds: a bound on a busy machine, not a speed assertion
_CANONICAL = re.compile(rb'<link rel="canonical" href="[^"]*">')
_SKIP = {"sitemap.xml", "sitemap.xml.gz"}  # they hold the serve address as site_url, by MkDocs' design


def _served(page: bytes) -> bytes:
    """A served HTML page without the live-reload script the server puts before ``</body>``."""
    end = page.rindex(b"</body>")
    return page[:page.rindex(b"<script>", 0, end)] + page[end:]


def _comparable(page: bytes) -> bytes:
    """An HTML page without its canonical link (serve sets site_url to its own address) and blank lines."""
    return b"\n".join(line for line in _CANONICAL.sub(b"", page).split(b"\n") if line.strip())


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["full-rebuild", "dirty"])
def test_mkdocs_serve_updates_the_site_after_a_record_changes(tmp_path: Path, mode: list[str]) -> None:
    office = make(tmp_path / "office")
    # the plugin's pages folder in this test's own temporary folder: other tests look for leftovers in /tmp
    (tmp_path / "tmp").mkdir()
    with serving(mkdocs_serve, office, environment(tmp_path / "tmp"), mode) as server:
        base = server.base
        page = base + "people/wang-fang.html"
        until("the first build", lambda: b"\xe7\x8e\x8b\xe8\x8a\xb3" in (get(page) or b""), WAIT)  # 王芳
        person = office / "records/people/wang-fang.yaml"
        person.write_text(person.read_text(encoding="utf-8").replace("王芳", "王芳芳"), encoding="utf-8")
        until("the rebuild after the edit", lambda: "王芳芳".encode() in (get(page) or b""), WAIT)
        until("the home page's rebuild", lambda: "王芳芳".encode() in (get(base + "people/index.html") or b""), WAIT)
        assert talkdocs_build(office) == 0  # the same mkdocs.yml, with no options
        built = office / "site"
        for path in sorted(p for p in built.rglob("*") if p.is_file()):
            rel = path.relative_to(built).as_posix()
            if rel in _SKIP or rel == ".talkdocs-site":
                continue
            served = get(base + rel)
            assert served is not None, rel
            expected = path.read_bytes()
            if rel.endswith(".html"):
                served, expected = _comparable(_served(served)), _comparable(expected)
            assert served == expected, rel
