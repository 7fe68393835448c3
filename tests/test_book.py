"""The built book, read as HTML: cross-links, lists, navigation, glossary, index, sources.

Everything here is checked against the posts' front matter (what the converter
decided), so the lists the extension draws cannot drift from the posts.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from blogbook import slugs
from blogbook.sphinxext import search
from conftest import ROOT, Build, convert, copy_book, sphinx_build

POSTS = sorted(
    p
    for p in (ROOT / "posts").rglob("*.md")
    if slugs.is_post_docname(p.relative_to(ROOT).with_suffix("").as_posix())
)


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def docname(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").as_posix()


META = {docname(p): front_matter(p) for p in POSTS}
CHRONOLOGICAL = sorted(META, key=lambda d: (META[d]["date"], META[d]["order_in_day"]))


def page(build: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((build.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def linked_docnames(soup: BeautifulSoup, selector: str, from_docname: str) -> list[str]:
    """Page names that the links matching *selector* point at, in order."""
    folder = from_docname.rsplit("/", 1)[0] if "/" in from_docname else ""
    return [normalise_link(f"{folder}/{a['href'].split('#')[0]}") for a in soup.select(selector)]


def normalise_link(path: str) -> str:
    """A relative link's page name: ``posts/2014/../index.html`` is ``posts/index``."""
    parts: list[str] = []
    for part in path.removesuffix(".html").split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def test_the_seed_is_eight_posts() -> None:
    assert len(META) == 8
    assert {m["date"] for m in META.values()} == {
        "2014-08-05",
        "2014-08-12",
        "2014-08-14",
        "2014-08-15",
        "2014-08-28",
    }


def test_editor_supplied_title_is_marked(built_book: Build) -> None:
    soup = page(built_book, "posts/2014/08/28-rotherham")
    assert soup.find("h1").get_text().rstrip("#") == "Rotherham"
    note = soup.select_one(".post-byline .editorial-note")
    assert note is not None
    assert (
        note.get_text()
        == "The archive has no title for this post; the title above is the editor's."
    )
    for name in META:
        if name != "posts/2014/08/28-rotherham":
            assert page(built_book, name).select_one(".editorial-note") is None


def test_first_use_of_a_glossary_term_links_to_it(built_book: Build) -> None:
    soup = page(built_book, "posts/2014/08/14-care-proceedings-an-all-time-high")
    terms = [
        (a.get_text(), a["href"])
        for a in soup.select("article a.reference")
        if "term-" in a["href"]
    ]
    assert terms[:2] == [
        ("Care Orders", "../../../glossary.html#term-Care-Order"),
        ("Cafcass", "../../../glossary.html#term-Cafcass"),
    ]
    assert [text for text, _ in terms].count("Care Orders") == 1  # only the first use


def index_entries(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Each entry of the general index -> the pages its links lead to (glossary aside)."""
    entries = {}
    for item in soup.select("table.indextable li"):
        links = item.find_all("a", recursive=False)
        name = links[0].get_text() if links else item.get_text().split(",")[0]
        pages = [a["href"].split("#")[0].removesuffix(".html") for a in links]
        entries[name.strip()] = [p for p in pages if p != "glossary"]
    return entries


def mentions(docname: str, phrases: list[str], built: Build) -> bool:
    """Whether the post's own text (not its title or apparatus) names one of *phrases*."""
    article = page(built, docname).select_one("article")
    for extra in article.select("h1, .post-byline, .post-apparatus, .post-navigation"):
        extra.decompose()
    text = " ".join(article.get_text(" ").split())
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.IGNORECASE) for p in phrases)


def test_index_entries_point_to_the_posts_that_name_them(built_book: Build) -> None:
    editorial = yaml.safe_load((ROOT / "archive" / "editorial.yaml").read_text(encoding="utf-8"))
    found = index_entries(page(built_book, "genindex"))
    expected = {
        entry: [d for d in sorted(META) if mentions(d, phrases, built_book)]
        for entry, phrases in editorial["index"].items()
    }
    assert {entry: sorted(found.get(entry, [])) for entry in expected} == expected
    assert expected["Douglas, Anthony"] == ["posts/2014/08/14-care-proceedings-an-all-time-high"]
    assert expected["Rotherham"] == ["posts/2014/08/28-rotherham"]


def test_home_page_credits_the_blog_and_shows_the_ways_in(built_book: Build) -> None:
    soup = page(built_book, "index")
    text = " ".join(soup.find("article").get_text(" ").split())
    assert "Chris Mills" in text
    assert soup.select_one('article a[href="https://chrismillsblog.blogspot.com/"]') is not None
    hrefs = {a["href"] for a in soup.select("article a")}
    assert {
        "topics/index.html#topics",
        "posts/index.html#archive",
        "sources.html#sources",
        "search.html",
        "posts.bib",
        "posts.csv",
    } <= hrefs


def test_each_post_ends_with_its_sources_and_where_it_was_first_published(
    built_book: Build,
) -> None:
    for name, meta in META.items():
        soup = page(built_book, name)
        sources = soup.select("#sources-of-this-post li")
        markers = soup.select("article span.bibtex-citation")
        assert sources and markers, name
        published = soup.select_one("#first-published p").get_text(" ")
        assert "Chris Mills's blog (chrismillsblog.blogspot.com)" in published
        if "original_url" in meta:
            assert meta["original_url"] in published
        else:
            assert "its original address is not known" in published


def test_the_sources_report_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    from blogbook import cli

    assert cli.main(["--sources-report"]) == 0
    report = capsys.readouterr().out
    assert report.startswith("Mentions of sources without a citation: 0\n\n")


def test_cite_this_post_and_the_blog_as_data(built_book: Build) -> None:
    bib = parse_string((built_book.outdir / "posts.bib").read_text(encoding="utf-8"), "bibtex")
    assert sorted(bib.entries) == sorted(slugs.post_bibtex_key(d) for d in META)
    rows = list(
        csv.DictReader(io.StringIO((built_book.outdir / "posts.csv").read_text(encoding="utf-8")))
    )
    assert [row["title"] for row in rows] == [META[d]["title"] for d in CHRONOLOGICAL]
    assert [row["topics"] for row in rows] == [";".join(META[d]["topics"]) for d in CHRONOLOGICAL]
    for name in META:
        soup = page(built_book, name)
        block = soup.select_one("#cite-this-post pre").get_text()
        entry = parse_string(block, "bibtex").entries[slugs.post_bibtex_key(name)]
        assert entry.fields["url"].endswith(f"/{name}.html")
        assert bib.entries[slugs.post_bibtex_key(name)].fields["title"] == entry.fields["title"]


def test_link_previews(built_book: Build) -> None:
    soup = page(built_book, "posts/2014/08/05-stop-this-privatisation-nonesense")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta")}
    assert meta["og:title"] == "Stop this privatisation nonesense"
    assert meta["og:site_name"] == "Chris Mills's Child Protection Blog"
    assert meta["og:description"].startswith(
        "An article by Professor Ray Jones in the Guardian makes"
    )
    assert meta["description"] == meta["og:description"]
    assert meta["twitter:card"] == "summary"


def test_pages_mark_what_the_search_reads(built_book: Build) -> None:
    """Posts, topics, sources and the glossary give Pagefind their own text, with filters;
    the apparatus around it is left out. Other pages are not searched."""
    post = page(built_book, "posts/2014/08/14-care-proceedings-an-all-time-high")
    body = post.select_one("[data-pagefind-body]")
    filters = [span["data-pagefind-filter"] for span in body.select("[data-pagefind-filter]")]
    assert filters == ["kind:Post", "year:2014", "topic:Care Orders and care proceedings"]
    meta = {s["data-pagefind-meta"]: s.get_text() for s in body.select("[data-pagefind-meta]")}
    assert meta == {"date": "14 August 2014", "title": "Care Proceedings – an all time high"}
    ignored = body.select('[data-pagefind-ignore="all"]')
    for part in (".post-byline", ".post-navigation", "#sources-of-this-post", "#cite-this-post"):
        assert post.select_one(part) in ignored or post.select_one(part).find_parent(
            attrs={"data-pagefind-ignore": "all"}
        ), part
    for name, kind in (
        ("topics/ofsted", "Topic"),
        ("sources/jay2014rotherham", "Source"),
        ("glossary", "Glossary"),
    ):
        assert page(built_book, name).select_one(f'[data-pagefind-filter="kind:{kind}"]'), name
    for name in ("index", "posts/index", "genindex", "sources"):
        assert page(built_book, name).select_one("[data-pagefind-body]") is None, name
    assert (built_book.outdir / "pagefind" / "pagefind-entry.json").is_file()
    assert not (built_book.outdir / "searchindex.js").exists()  # Sphinx's search is not built


def test_the_search_is_indexed_while_the_other_pages_are_written(built_book: Build) -> None:
    """The searched pages are written first; Pagefind then indexes them while the
    others (lists of posts, the index of sources) are written."""
    searched, others = built_book.written_around_indexing
    assert searched and all(search.kind_of(name) for name in searched)
    assert others and not any(search.kind_of(name) for name in others)
    assert {"posts/index", "sources", "index"} <= set(others)
    assert len(searched) + len(others) == len(set(built_book.pages_written))


def test_icons_are_drawn_by_the_stylesheet_without_a_script(built_book: Build) -> None:
    """Font Awesome's script is left out of every page; each icon a page shows still has its
    glyph in the theme's stylesheet, which draws it with the icon font."""
    stylesheet = (built_book.outdir / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(
        encoding="utf-8"
    )
    glyphs = set(re.findall(r"\.(fa-[a-z0-9-]+)(?=[^{}]*\{--fa:)", stylesheet))
    used: set[str] = set()
    pages = [p for p in built_book.outdir.rglob("*.html") if "_static" not in p.parts]
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        scripts = [tag["src"] for tag in soup.find_all("script", src=True)]
        assert not [src for src in scripts if "fontawesome" in src], path
        for icon in soup.select("[class*='fa-']"):
            used.update(name for name in icon["class"] if name.startswith("fa-"))
    shapes = {name for name in used if name not in {"fa-solid", "fa-regular", "fa-brands"}}
    sizes = {"fa-lg", "fa-fw"}
    assert "fa-bars" in shapes and "fa-magnifying-glass" in shapes
    assert shapes - sizes <= glyphs, sorted(shapes - sizes - glyphs)


def test_article_header_keeps_its_buttons(built_book: Build) -> None:
    """The header's buttons skip the theme's test for empty templates (they are drawn once,
    see themefixes), and still show on every kind of page."""
    for name in ("index", "posts/2014/08/28-rotherham", "sources/jay2014rotherham", "search"):
        header = page(built_book, name).select_one(".article-header-buttons")
        assert header is not None, name
        labels = [button.get("aria-label") for button in header.select("button[aria-label]")]
        assert labels == ["Color mode", "Search"], name


def test_page_contents_only_where_a_page_has_sections(built_book: Build) -> None:
    """The page's contents ("On this page") skip the theme's test for empty templates (see
    themefixes): they are drawn on pages with sections, once, and nowhere else."""
    for name in ("topics/ofsted", "sources/jay2014rotherham"):
        contents = page(built_book, name).select("nav.page-toc")
        assert len(contents) == 1, name
        assert contents[0].select("a.nav-link[href^='#']"), name
    for name in ("posts/2014/08/28-rotherham", "topics/index", "glossary"):
        soup = page(built_book, name)
        assert not soup.select(".page-toc"), name
        assert not soup.select(".bd-sidebar-secondary"), name


def test_the_site_navigation_leads_down_to_the_months(built_book: Build) -> None:
    """A month's sidebar leads to the archive, its year and the topics, not to each of
    its posts: the page itself lists them, with their dates and first words."""
    month = "posts/2014/08/index"
    soup = page(built_book, month)
    in_sidebar = set(linked_docnames(soup, ".bd-docs-nav a.reference", month))
    assert {"posts/index", "posts/2014/index", "topics/index", "sources"} <= in_sidebar
    listed = set(linked_docnames(soup, "article .post-list a.reference", month))
    assert len(listed) == 8
    assert not listed & in_sidebar


def test_book_keeps_project_files_out(built_book: Build) -> None:
    built = {p.relative_to(built_book.outdir).as_posix() for p in built_book.outdir.rglob("*.html")}
    assert not [
        p
        for p in built
        if p.startswith(("scripts/", "tests/", "archive/", "data/")) or p == "README.html"
    ]


def test_incremental_build_redraws_lists_after_a_topic_change(tmp_path: Path) -> None:
    book = copy_book(tmp_path / "src")
    assert convert(book, "--strict") == 0
    first = sphinx_build(book, tmp_path / "html")
    assert first.returncode == 0, first.output
    privatisation = (tmp_path / "html" / "topics" / "privatisation.html").read_text(
        encoding="utf-8"
    )
    assert "14-care-proceedings-an-all-time-high.html" not in privatisation

    editorial = book / "archive" / "editorial.yaml"
    text = editorial.read_text(encoding="utf-8").replace(
        "    original_url: http://chrismillsblog.blogspot.com/2014/08/care-proceedings-all-time-high.html\n",
        "    original_url: http://chrismillsblog.blogspot.com/2014/08/care-proceedings-all-time-high.html\n"
        "    topics:\n      add: [privatisation]\n",
    )
    editorial.write_text(text, encoding="utf-8")
    assert convert(book, "--strict") == 0
    second = sphinx_build(book, tmp_path / "html")
    assert second.returncode == 0, second.output
    # The edited post, and the post whose related posts now include it, are read again.
    assert "0 added, 2 changed, 0 removed" in second.output
    written = set(second.pages_written)
    # The posts read again and the lists that show what changed. Not the lists that show
    # no topics (the month's, the year's and the archive's, the index of sources), nor
    # the pages above pages written only for their lists (the home page, the index of
    # sources), nor the month's page for its table of contents, which holds the posts
    # read again but shows only their titles, unchanged.
    assert written == {
        "posts/2014/08/14-care-proceedings-an-all-time-high",
        "posts/2014/08/05-stop-this-privatisation-nonesense",  # its related posts changed
        "topics/care-orders",
        "topics/privatisation",
        "topics/index",
        # The pages of the sources the post cites, which list the topics of their posts.
        "sources/cafcass2014carerates",
        "sources/cafcass2017caredemand",
        "sources/communitycare2014carerates",
    }
    privatisation = (tmp_path / "html" / "topics" / "privatisation.html").read_text(
        encoding="utf-8"
    )
    assert "14-care-proceedings-an-all-time-high.html" in privatisation

    third = sphinx_build(book, tmp_path / "html")
    assert "0 added, 0 changed, 0 removed" in third.output
    assert "writing output" not in third.output or "targets for 0 source files" in third.output


def test_topics_are_what_each_post_discusses() -> None:
    """The topic rules' verdict on the seed, read and agreed by the editors."""
    assert {name.rsplit("/", 1)[1]: META[name]["topics"] for name in META} == {
        "28-rotherham": [
            "child-sexual-exploitation",
            "listening-to-children",
            "ofsted",
            "organisational-culture",
        ],
        "15-listening-to-child-protection-staff-in-vermont": [
            "learning-and-improvement",
            "listening-to-children",
            "workforce",
        ],
        "14-the-title-says-it-all": ["organisational-culture", "workforce"],
        "14-care-proceedings-an-all-time-high": ["care-orders"],
        "14-the-probation-service-and-child-protection": [
            "inter-agency-working",
            "organisational-culture",
        ],
        "12-ofsted-and-the-ever-growing-list-of-failed-authorities": [
            "ofsted",
            "resources-and-funding",
        ],
        "05-down-in-somerset": ["workforce"],
        "05-stop-this-privatisation-nonesense": ["privatisation"],
    }


BOOK = "https://chris-mills-child-protection-blog.readthedocs.io/en/latest/"
ROTHERHAM_ORIGINAL = "http://chrismillsblog.blogspot.com/2014/08/rotherham.html"


@pytest.mark.parametrize(
    ("name", "readable", "bibtex", "published"),
    [
        pytest.param(
            "posts/2014/08/28-rotherham",
            "Mills, C. (2014) ‘Rotherham’, Chris Mills's blog, 28 August 2014. Available at: "
            f"{BOOK}posts/2014/08/28-rotherham.html (first published at {ROTHERHAM_ORIGINAL}).",
            "@online{mills2014-08-28-rotherham,\n"
            "  author       = {Mills, Chris},\n"
            "  title        = {{Rotherham}},\n"
            "  howpublished = {Chris Mills's blog},\n"
            "  year         = {2014},\n"
            "  month        = aug,\n"
            "  date         = {2014-08-28},\n"
            f"  url          = {{{BOOK}posts/2014/08/28-rotherham.html}},\n"
            f"  note         = {{First published at {ROTHERHAM_ORIGINAL}}},\n"
            "}\n",
            "First published on Chris Mills's blog (chrismillsblog.blogspot.com), 28 August 2014, "
            f"at {ROTHERHAM_ORIGINAL}.",
            id="with-its-original-address",
        ),
        pytest.param(
            "posts/2014/08/05-down-in-somerset",
            "Mills, C. (2014) ‘Down in Somerset …’, Chris Mills's blog, 5 August 2014. "
            f"Available at: {BOOK}posts/2014/08/05-down-in-somerset.html.",
            "@online{mills2014-08-05-down-in-somerset,\n"
            "  author       = {Mills, Chris},\n"
            "  title        = {{Down in Somerset …}},\n"
            "  howpublished = {Chris Mills's blog},\n"
            "  year         = {2014},\n"
            "  month        = aug,\n"
            "  date         = {2014-08-05},\n"
            f"  url          = {{{BOOK}posts/2014/08/05-down-in-somerset.html}},\n"
            "}\n",
            "First published on Chris Mills's blog (chrismillsblog.blogspot.com), 5 August 2014; "
            "its original address is not known.",
            id="original-address-unknown",
        ),
    ],
)
def test_cite_this_post_block(
    built_book: Build, name: str, readable: str, bibtex: str, published: str
) -> None:
    soup = page(built_book, name)
    assert soup.select_one("#cite-this-post p").get_text() == readable
    assert soup.select_one("#cite-this-post pre").get_text() == bibtex
    assert soup.select_one("#first-published p").get_text() == published
    assert f'href="{ROTHERHAM_ORIGINAL}"' in str(soup) or "not known" in published
