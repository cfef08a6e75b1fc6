"""``talkdocs serve``: build the site, serve it on this computer and rebuild when the records change."""

from __future__ import annotations

import argparse
import functools
import ipaddress
import sys
from pathlib import Path
from typing import Any

from generator.cli import options as cli
from generator.cli.build import add_site_options, build_once, build_site
from generator.engine import stopping
from generator.errors import ConfigError

LOOPBACK = "127.0.0.1"


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``serve``."""
    add_site_options(parser)
    parser.add_argument("--host", default=LOOPBACK,
                        help="监听地址（默认 127.0.0.1，只有本机能访问；改为其他地址会让网络上的其他计算机也能访问）")
    parser.add_argument("--port", type=_port, default=8000, help="端口（默认 8000）")


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效的端口号，请写 1–65535 之间的整数")
    return int(text)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def site_server(builder: Any, host: str, port: int, root: str) -> Any:
    """MkDocs' live-reload server, answering any request path with a page or 404 and never a traceback.

    MkDocs opens whatever file the path names: ``GET /%00`` (a NUL byte) raises ``ValueError`` there and is
    logged as an internal error with its traceback.  A path with a control character names no page here.
    """
    from mkdocs.livereload import LiveReloadServer  # imported here: only serve needs it

    class _SiteServer(LiveReloadServer):
        def _serve_request(self, environ: Any, start_response: Any) -> Any:
            path = str(environ.get("PATH_INFO", ""))
            if any(ord(c) < 32 or ord(c) == 127 for c in path):
                return None
            try:
                return super()._serve_request(environ, start_response)
            except (ValueError, OSError, UnicodeError):
                return None  # a name the file system cannot take: no such page

    server = _SiteServer(builder=builder, host=host, port=port, root=root)
    server.error_handler = functools.partial(_not_found_page, Path(root))
    return server


def _not_found_page(root: Path, code: int) -> bytes | None:
    """The site's own Chinese 404 page for an address it does not have (as ``mkdocs serve`` does; without it the
    reader gets MkDocs' English "404 Not Found").  Read on every request: a rebuild replaces the site folder."""
    page = root / "404.html"
    try:
        return page.read_bytes() if code == 404 else None
    except OSError:
        return None  # between two builds, or a site without one


def run(args: argparse.Namespace) -> int:
    """Build, then serve only the built site folder until interrupted."""
    args.as_of = cli.resolve_as_of(args.as_of)  # one date for every rebuild of this session
    stopping.interrupt_on_terminate()  # SIGTERM/SIGHUP, too, delete the work folder of a build under way
    build_site(args, show_progress=True)  # the first build must succeed (exit code 3 when it does not)
    if not _is_loopback(args.host):
        sys.stderr.write(f"talkdocs：注意：站点将在 {args.host} 上提供，网络上的其他计算机也可能访问到；"
                         "内部资料请只在本机（127.0.0.1）浏览\n")

    def rebuild() -> None:
        sys.stderr.write("talkdocs：记录有改动，重新生成站点…\n")
        if build_once(args, show_progress=False):
            sys.stderr.write("talkdocs：站点已更新，浏览器将自动刷新\n")

    server = site_server(rebuild, args.host, args.port, str(args.site_dir))
    server.watch(str(args.records))
    try:
        server.server_bind()
    except OSError as exc:
        server.server_close()
        raise ConfigError(f"无法在 {args.host}:{args.port} 上提供站点：{exc.strerror or exc}；"
                          "端口可能已被占用，请用 --port 指定另一个端口") from None
    server.server_bind = lambda: None  # bound above, to report errors in Chinese
    sys.stderr.write(f"talkdocs：站点地址 {server.url}（按 Ctrl+C 停止）；正在监视 {args.records} 中的改动\n")
    try:
        server.serve()
    except KeyboardInterrupt:
        sys.stderr.write("talkdocs：已停止\n")
    finally:
        server.shutdown()
    return cli.EXIT_OK
