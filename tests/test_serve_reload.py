"""Stock ``mkdocs serve`` in a repository ``talkdocs init`` made: after one record is edited the served site
changes by itself, and then serves the pages a full ``talkdocs build`` of the edited records gives — for the
default full rebuild and for ``--dirty`` (only the pages the change reached are rendered again).  The wait is
bounded and polled; nothing is timed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from new_office import make, stock_mkdocs, talkdocs_build
from serve_support import demo_mkdocs_yml, environment, get, mkdocs_serve, serving, until

from generator.cli.app import main

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


DEMO_YML = demo_mkdocs_yml("演示", "2026-11-27")


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site as it compares with another build's (see :func:`_comparable`)."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel not in _SKIP:
            data = path.read_bytes()
            out[rel] = _comparable(data) if rel.endswith(".html") else data
    return out


def _differences(served: Path, built: Path) -> list[str]:
    """The files in which the served site and a full build differ (missing from one side, or other bytes)."""
    mine, theirs = _site_files(served), _site_files(built)
    return sorted(rel for rel in mine.keys() | theirs.keys() if mine.get(rel) != theirs.get(rel))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_dirty_serve_after_each_kind_of_edit_equals_a_full_build(tmp_path: Path) -> None:
    """One ``mkdocs serve --dirty`` session, four edits in turn (a talk's text; a person's name, which is in
    titles and listings; a new talk; a deleted talk): after each, every file of the served site folder equals
    a fresh ``mkdocs build`` of the same records — pages, downloads and the search index — and no other file
    is left there."""
    office = tmp_path / "office"
    assert main(["demo", "--scale", "200", "--out", str(office)]) == 0
    (office / "docs").mkdir()
    (office / "mkdocs.yml").write_text(DEMO_YML, encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    talks = sorted((office / "records/talks").rglob("*.yaml"))
    talk, gone = talks[0], talks[-1]
    talker = re.search(r"^talker: (\S+)$", talk.read_text(encoding="utf-8"), re.M)
    assert talker is not None
    person = office / f"records/people/{talker[1]}.yaml"
    name = re.search(r"^name: (\S+)$", person.read_text(encoding="utf-8"), re.M)
    assert name is not None
    copy = talk.with_name(talk.stem.removesuffix("-001") + "-099.yaml")

    def add_talk() -> None:
        copy.write_text(talk.read_text(encoding="utf-8").replace(f"id: {talk.stem}", f"id: {copy.stem}", 1),
                        encoding="utf-8")

    edits = [
        ("a talk's text", lambda: _edit(talk, "summary: ", "summary: 改动一处"), f"talks/{talk.stem}.html", "改动一处"),
        ("a person's name", lambda: _edit(person, f"name: {name[1]}", f"name: {name[1]}改"),
         f"people/{person.stem}.html", f"{name[1]}改"),
        ("a new talk", add_talk, f"talks/{copy.stem}.html", copy.stem),
        ("a deleted talk", gone.unlink, f"talks/{gone.stem}.html", None),
    ]
    with serving(mkdocs_serve, office, environment(tmp_path / "tmp"), ["--dirty"]) as server:
        first = server.base + f"talks/{talk.stem}.html"
        until("the first build", lambda: talk.stem.encode() in (get(first) or b""), WAIT)
        (served,) = (tmp_path / "tmp").glob("mkdocs_*")  # the folder mkdocs serve builds into and serves
        for what, edit, page, marker in edits:
            edit()
            if marker is None:
                until(f"the rebuild after {what}", lambda p=page: get(server.base + p) is None
                      or b"404" in (get(server.base + p) or b"")[:2000], WAIT)
            else:
                until(f"the rebuild after {what}", lambda p=page, m=marker: m.encode() in (get(server.base + p) or b""),
                      WAIT)
            built = tmp_path / f"built-{len(what)}"
            done = stock_mkdocs(office, "build", "--site-dir", str(built))
            assert done.returncode == 0, done.stderr
            # the page shows the edit before the rebuild has written the search index: wait for the rest too
            try:
                until(f"the served site after {what}", lambda b=built: not _differences(served, b), WAIT)
            except AssertionError:
                pytest.fail(f"after {what}, these files differ from a full build: {_differences(served, built)[:20]}")
