"""``talkdocs serve`` answers any request path with a page or 404, never a traceback (no socket is opened)."""

from __future__ import annotations

import io
import logging
import wsgiref.util
from pathlib import Path

import pytest

from generator.cli.app import main  # noqa: F401  (imports the commands in their usual order)
from generator.cli.serve import site_server


def _request(server: object, raw_path: str) -> tuple[str, bytes]:
    environ: dict[str, object] = {}
    wsgiref.util.setup_testing_defaults(environ)
    environ["PATH_INFO"] = raw_path
    environ["wsgi.errors"] = io.StringIO()
    seen: list[str] = []
    body = b"".join(server.serve_request(environ, lambda status, headers: seen.append(status)))  # type: ignore[attr-defined]
    return seen[0], body


@pytest.mark.parametrize("path", ["/\x00", "/%00", "/a\x00b.html", "/\x1b[31m", "/" + "a" * 5000, "/\udcff",
                                  "/../../etc/passwd", "/people/\x00/index.html"])
def test_any_path_is_a_page_or_a_404(tmp_path: Path, path: str, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    server = site_server(lambda: None, "127.0.0.1", 0, str(tmp_path))
    try:
        with caplog.at_level(logging.DEBUG):
            status, _body = _request(server, path.encode("utf-8", "surrogateescape").decode("latin-1"))
    finally:
        server.server_close()
    assert status.startswith(("404", "302", "200")), status
    assert "Traceback" not in caplog.text and "500" not in status


def test_the_site_itself_is_served(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    server = site_server(lambda: None, "127.0.0.1", 0, str(tmp_path))
    try:
        status, body = _request(server, "/index.html")
    finally:
        server.server_close()
    assert status.startswith("200") and "首页" in body.decode("utf-8")


def test_a_missing_page_at_any_depth_gets_the_sites_chinese_404_page(tmp_path: Path) -> None:
    server = site_server(lambda: None, "127.0.0.1", 0, str(tmp_path))
    try:
        status, body = _request(server, "/talks/2026/no-such-talk.html")
        assert status.startswith("404") and body == b"404 Not Found"  # no site yet: MkDocs' own answer
        (tmp_path / "404.html").write_text("<h1>找不到该页面</h1>", encoding="utf-8")
        status, body = _request(server, "/talks/2026/no-such-talk.html")
    finally:
        server.server_close()
    assert status.startswith("404") and "找不到该页面" in body.decode("utf-8")
