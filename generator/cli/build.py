"""``talkdocs build``: the private site (MkDocs Material, Chinese, offline) from the records."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.cli import options as cli
from generator.errors import BuildFailed, ConfigError
from generator.model.audience import AUDIENCES
from generator.site.progress import Progress, wanted


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``build`` and ``serve``; unset ones come from the repository's ``mkdocs.yml``."""
    parser.add_argument("--config-file", type=Path, default=None, metavar="FILE",
                        help="站点配置文件（默认：当前文件夹或其上级中的 mkdocs.yml；都没有时用 talkdocs 的基本配置）")
    parser.add_argument("--records", type=Path, default=None, metavar="DIR",
                        help="记录文件夹（默认：mkdocs.yml 中 talkdocs 插件的 records，否则 records/）")
    cli.add_as_of(parser)
    parser.add_argument("--site-dir", type=Path, default=None, metavar="DIR",
                        help="站点输出文件夹（默认：mkdocs.yml 的 site_dir，否则 site/；整个文件夹会被新站点替换）")
    parser.add_argument("--audience", choices=tuple(AUDIENCES), default=None,
                        help="full：完整版（默认，含标注保密的内容并加标记）；"
                             "summary：摘要版（不含任何标注 confidential 的记录和条目，可供范围更广的读者）")


def resolve_site_options(args: argparse.Namespace) -> None:
    """Fill in what the command line left unset from ``mkdocs.yml`` (the plugin's options, ``site_dir``)."""
    from generator.site import user_config

    config_file = args.config_file or user_config.find(Path.cwd())
    args.config_file = config_file
    options: dict[str, object] = {}
    base = Path.cwd()
    if config_file is not None:
        try:
            read = user_config.read(config_file)
        except user_config.UserConfigError as exc:
            raise ConfigError(str(exc)) from None
        base = read.folder
        options = dict(read.plugin_options() or {})
        if args.site_dir is None and read.data.get("site_dir"):
            args.site_dir = base / str(read.data["site_dir"])
    if args.records is None:
        args.records = base / str(options.get("records") or "records")
    if args.site_dir is None:
        args.site_dir = base / "site"
    if args.audience is None:
        audience = str(options.get("audience") or "full")
        if audience not in AUDIENCES:
            raise ConfigError(f"{config_file} 中 talkdocs 插件的 audience“{audience}”无效；请写 full 或 summary")
        args.audience = audience
    if args.as_of is None and options.get("as_of"):
        try:
            args.as_of = cli.as_of_date(str(options["as_of"]))
        except argparse.ArgumentTypeError as exc:
            raise ConfigError(f"{config_file} 中 talkdocs 插件的 as_of：{exc}") from None
    if options.get("history") is False:
        args.no_history = True
    if options.get("fail_on_left_out") is True:
        args.fail_on_left_out = True


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``build``."""
    add_site_options(parser)
    parser.add_argument("--no-history", action="store_true",
                        help="不读取 git 历史（记录页不显示修改记录）")
    parser.add_argument("--fail-on-left-out", action="store_true",
                        help="有记录文件因有错误而无法收入站点时，不生成站点并以退出码 3 结束（供 CI 使用）；"
                             "默认照常生成，在屏幕上和每页顶部说明略去了多少个记录")


def build_site(args: argparse.Namespace, *, show_progress: bool) -> None:
    """Build the site; :class:`BuildFailed` (exit code 3) says in Chinese why it was not.  The old site stays."""
    # Imported here, not at the top: `serve` shares this module, and neither should load the site builder
    # before its options are parsed.
    from generator.site import builder
    from generator.site.git_history import site_history

    progress = Progress(sys.stderr, show_progress, builder.STAGES)
    if not getattr(args, "site_options_resolved", False):
        resolve_site_options(args)
        args.site_options_resolved = True
    try:
        history, history_note = None, ""
        if not getattr(args, "no_history", False):
            history, note = site_history(args.records, args.audience)
            if note and show_progress:
                sys.stderr.write(f"talkdocs：{note}\n")
            history_note = note
        builder.build(args.records, args.site_dir, cli.resolve_as_of(args.as_of), args.audience, progress=progress,
                      config_file=args.config_file, history=history, history_note=history_note,
                      fail_on_left_out=getattr(args, "fail_on_left_out", False))
    except ConfigError:
        raise  # the command line reports it (exit code 2)
    except builder.BuildError as exc:
        raise BuildFailed(f"站点生成失败：{exc}") from None
    except OSError as exc:
        where = f"{exc.filename}：" if exc.filename else ""
        raise BuildFailed(f"站点生成失败：{where}{exc.strerror or exc}。旧站点保持不变；"
                          "请检查文件夹是否存在、是否有写入权限、磁盘空间是否充足") from None
    except Exception as exc:  # a defect, not bad input: say so plainly; TALKDOCS_DEBUG=1 shows the traceback
        if os.environ.get("TALKDOCS_DEBUG"):
            raise
        raise BuildFailed(f"站点生成时出现内部错误（{type(exc).__name__}：{exc}），旧站点保持不变。"
                          "请报告此问题；设置环境变量 TALKDOCS_DEBUG=1 重新运行可看到详细信息") from None


def build_once(args: argparse.Namespace, *, show_progress: bool) -> bool:
    """Build the site for ``serve``'s rebuilds: on failure print why (in Chinese) and return False."""
    try:
        build_site(args, show_progress=show_progress)
    except BuildFailed as exc:
        sys.stderr.write(exc.line())
        return False
    return True


def run(args: argparse.Namespace) -> int:
    """Build; exit 0 when the site was built (even when the records have findings), 3 (:class:`BuildFailed`)
    when it was not, 2 for a bad option, configuration or records folder."""
    build_site(args, show_progress=wanted(sys.stderr))
    return cli.EXIT_OK
