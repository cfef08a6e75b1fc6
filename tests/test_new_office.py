"""A new office's repository from ``talkdocs init``, a record from ``talkdocs new``, an office page and a logo:
stock ``mkdocs build --strict`` and ``talkdocs build`` both give the site with the office page in the nav and
in search beside the generated pages, with the office's name, logo, palette, banner and footer; a dead link from
the office page to a generated page fails the build by name; each forbidden key of ``mkdocs.yml`` is refused."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from new_office import BANNER, FOOTER, NOTICE, make, stock_mkdocs, talkdocs_build
from privacy_cases import FORBIDDEN

from generator.site import builder, search_index


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("new-office") / "office")


@pytest.fixture(scope="module")
def sites(office: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    stock = tmp_path_factory.mktemp("stock") / "site"
    done = stock_mkdocs(office, "build", "--strict", "--site-dir", str(stock))
    assert done.returncode == 0, done.stderr
    assert talkdocs_build(office) == 0  # no options: mkdocs.yml, records/ and site/ of the repository
    return {"mkdocs build --strict": stock, "talkdocs build": office / "site"}


@pytest.mark.parametrize("how", ["mkdocs build --strict", "talkdocs build"])
def test_the_office_page_sits_in_nav_and_search_beside_the_generated_pages(sites: dict[str, Path], how: str) -> None:
    site = sites[how]
    for page in ("index.html", "talks/index.html", "people/wang-fang.html", "orgs/qinghe-xw.html", "findings.html"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="office/notices.html"' in home and "通知" in home  # the office's nav entry
    notices = (site / "office/notices.html").read_text(encoding="utf-8")
    assert 'href="../talks/index.html"' in notices and 'href="../people/wang-fang.html"' in notices
    index = search_index.read(site)
    (notices,) = [p for p in index.pages if p.url == "office/notices.html"]
    assert NOTICE in notices.title and "王芳的页面" in " ".join(s.text for s in notices.sections)
    assert any(p.url == "people/wang-fang.html" and "王芳" in p.title for p in index.pages)


@pytest.mark.parametrize("how", ["mkdocs build --strict", "talkdocs build"])
def test_name_logo_palette_banner_and_footer_are_the_offices(sites: dict[str, Path], how: str) -> None:
    site = sites[how]
    page = (site / "talks/index.html").read_text(encoding="utf-8")
    assert "清河县委监督谈话档案" in page
    assert 'src="../images/logo.svg"' in page and 'rel="icon" href="../images/logo.svg"' in page
    assert (site / "images/logo.svg").is_file()
    assert 'data-md-color-primary="indigo"' in page and 'data-md-color-accent="amber"' in page
    assert BANNER in page and FOOTER in page


def test_both_ways_build_the_same_site(sites: dict[str, Path]) -> None:
    def files(site: Path) -> dict[str, bytes]:
        # the gzip header holds the time it was written: talkdocs build sets SOURCE_DATE_EPOCH, plain mkdocs not
        return {p.relative_to(site).as_posix(): gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
                for p in site.rglob("*") if p.is_file()}

    built = files(sites["talkdocs build"])
    built.pop(builder.MARKER)
    stock = files(sites["mkdocs build --strict"])
    assert built == stock  # byte for byte: the same pages either way


def test_a_dead_link_from_an_office_page_fails_the_build_naming_page_and_link(
        office: Path, sites: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    page = office / "docs/office/notices.md"
    kept = page.read_text(encoding="utf-8")
    page.write_text(kept + "\n另见[李四](../people/li-si.md)。\n", encoding="utf-8")
    before = (office / "site/index.html").read_bytes()
    try:
        capsys.readouterr()
        assert talkdocs_build(office) == 3  # a failed build: the exit code of its own
        err = capsys.readouterr().err
        stock = stock_mkdocs(office, "build", "--strict", "--site-dir", str(office.parent / "stock-dead"))
    finally:
        page.write_text(kept, encoding="utf-8")
    said = "办公室页面 docs/office/notices.md 中的链接“../people/li-si.md”：站点中没有这个页面"
    assert said in err and "站点页面的路径" in err, err
    assert (office / "site/index.html").read_bytes() == before  # the last good site stays
    assert stock.returncode != 0 and "notices.md" in stock.stderr and "li-si.md" in stock.stderr


def _with(text: str, addition: str) -> str:
    """The office's mkdocs.yml with a forbidden ``addition`` (as test_privacy_lint writes it) put in its place."""
    if addition.startswith("  font:"):
        return text.replace("  font: false\n", addition)
    if addition.startswith("  logo:"):
        return text.replace("  logo: images/logo.svg\n", addition)
    if addition.startswith("  - "):
        return text.replace("  - offline\n", "  - offline\n" + addition)
    if addition.startswith("  "):
        return text.replace("  language: zh\n", "  language: zh\n" + addition)
    return text + addition


@pytest.mark.parametrize(("addition", "key", "instead"), [c[1:] for c in FORBIDDEN], ids=[c[0] for c in FORBIDDEN])
def test_each_forbidden_key_is_refused_in_the_new_repository(
        office: Path, capsys: pytest.CaptureFixture[str], addition: str, key: str, instead: str) -> None:
    config = office / "mkdocs.yml"
    kept = config.read_text(encoding="utf-8")
    config.write_text(_with(kept, addition), encoding="utf-8")
    (office / "hooks.py").write_text("", encoding="utf-8")
    try:
        capsys.readouterr()
        assert talkdocs_build(office, "--site-dir", str(office.parent / "refused")) == 2
    finally:
        config.write_text(kept, encoding="utf-8")
        (office / "hooks.py").unlink()
    err = capsys.readouterr().err
    assert f" 行 {key}：" in err and instead in err and "未生成站点" in err, err
    assert not (office.parent / "refused").exists()
