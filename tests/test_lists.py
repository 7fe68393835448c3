"""The lists the extension draws, checked against the posts' front matter.

Topic pages, the topics index, related topics, the archive, each post's topics and
its previous and next post are drawn by the book's extension from the records of
every post. Each list here is compared with what the converter wrote in the posts'
front matter, on the real book and on a book with synthetic posts too, where topics
share posts unevenly and days hold several posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup

from blogbook import slugs
from blogbook.sphinxext.domain import BlogDomain
from conftest import Build, convert, copy_book, post_record, sphinx_build
from test_book import linked_docnames, normalise_link

TOPICS = sorted(
    p.stem
    for p in (Path(__file__).resolve().parents[1] / "topics").glob("*.md")
    if p.stem != "index"
)


@dataclass(frozen=True)
class Book:
    html: Path
    meta: dict[str, dict[str, object]]  # docname -> front matter of each post

    @property
    def chronological(self) -> list[str]:
        return sorted(self.meta, key=lambda d: (self.meta[d]["date"], self.meta[d]["order_in_day"]))

    def page(self, name: str) -> BeautifulSoup:
        return BeautifulSoup(
            (self.html / f"{name}.html").read_text(encoding="utf-8"), "html.parser"
        )

    def posts_on(self, topic: str) -> set[str]:
        return {d for d, meta in self.meta.items() if topic in meta["topics"]}  # type: ignore[operator]


def read_book(source: Path, build: Build) -> Book:
    meta = {}
    for path in sorted((source / "posts").rglob("*.md")):
        name = path.relative_to(source).with_suffix("").as_posix()
        if slugs.is_post_docname(name):
            meta[name] = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    return Book(html=build.outdir, meta=meta)


@pytest.fixture(params=["real", "synthetic"])
def book(request: pytest.FixtureRequest) -> Book:
    if request.param == "real":
        built: Build = request.getfixturevalue("built_book")
        return read_book(request.getfixturevalue("real_book"), built)
    return read_book(
        request.getfixturevalue("synthetic_book"), request.getfixturevalue("synthetic_build")
    )


# --- topics ---------------------------------------------------------------------------


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_lists_exactly_its_posts_newest_first(book: Book, topic: str) -> None:
    name = f"topics/{topic}"
    listed = linked_docnames(book.page(name), "#posts-on-this-topic ul.post-list a", name)
    assert listed == [d for d in reversed(book.chronological) if d in book.posts_on(topic)]


def test_every_post_links_its_topics(book: Book) -> None:
    for name, meta in book.meta.items():
        shown = linked_docnames(book.page(name), ".post-byline .post-topics a", name)
        assert shown == [f"topics/{t}" for t in meta["topics"]], name  # type: ignore[attr-defined]


def test_topics_index_counts_each_topics_posts(book: Book) -> None:
    shown = {}
    for entry in book.page("topics/index").select("ul.topic-list p.topic-entry"):
        count = re.search(r"\((\d+) posts?\)", entry.get_text())
        shown[normalise_link(f"topics/{entry.find('a')['href']}")] = (
            int(count[1]) if count else None
        )
    assert shown == {f"topics/{t}": len(book.posts_on(t)) for t in TOPICS}


@pytest.mark.parametrize("topic", TOPICS)
def test_related_topics_are_those_sharing_posts_most_first(book: Book, topic: str) -> None:
    soup = book.page(f"topics/{topic}")
    shown = [
        (normalise_link(f"topics/{p.find('a')['href']}"), p.get_text(" ").rsplit("(", 1)[-1])
        for p in soup.select("#related-topics ul.related-topics p")
    ]
    shared = {o: len(book.posts_on(topic) & book.posts_on(o)) for o in TOPICS if o != topic}
    expected = [
        (f"topics/{other}", f"{n} shared post{'s' if n != 1 else ''})")
        for other, n in sorted(shared.items(), key=lambda pair: (-pair[1], pair[0]))
        if n
    ]
    assert shown == expected
    if not expected:
        assert "No other topic shares a post" in soup.select_one("#related-topics").get_text()


def test_topics_share_posts_unevenly_in_the_synthetic_book(
    synthetic_book: Path, synthetic_build: Build
) -> None:
    """What the related-topics order is checked on: counts that differ."""
    book = read_book(synthetic_book, synthetic_build)
    counts = {len(book.posts_on(a) & book.posts_on(b)) for a in TOPICS for b in TOPICS if a < b}
    assert len(counts - {0}) >= 2


# --- posts in time ----------------------------------------------------------------------


def test_previous_and_next_follow_the_dates(book: Book) -> None:
    order = book.chronological
    for index, name in enumerate(order):
        soup = book.page(name)
        assert (
            linked_docnames(soup, ".post-previous a", name) == order[max(index - 1, 0) : index]
        ), name
        assert linked_docnames(soup, ".post-next a", name) == order[index + 1 : index + 2], name


def test_archive_pages_list_their_posts_newest_first(book: Book) -> None:
    newest_first = list(reversed(book.chronological))
    assert (
        linked_docnames(book.page("posts/index"), "ul.post-list a", "posts/index") == newest_first
    )
    months = {name[: len("posts/YYYY/MM")] for name in newest_first}
    for month in months:
        index = f"{month}/index"
        expected = [d for d in newest_first if d.startswith(month + "/")]
        assert linked_docnames(book.page(index), "ul.post-list a", index) == expected


def test_each_post_ends_with_its_related_posts(book: Book) -> None:
    for name, meta in book.meta.items():
        shown = linked_docnames(book.page(name), "#related-posts ul.related-posts a", name)
        assert shown == meta.get("related", []), name
    assert any(meta.get("related") for meta in book.meta.values())


@pytest.mark.parametrize("topic", TOPICS)
def test_a_topics_posts_go_under_a_heading_per_year(book: Book, topic: str) -> None:
    name = f"topics/{topic}"
    soup = book.page(name)
    years: dict[int, list[str]] = {}
    for docname in reversed(book.chronological):
        if docname in book.posts_on(topic):
            years.setdefault(int(str(book.meta[docname]["date"])[:4]), []).append(docname)
    sections = soup.select("#posts-on-this-topic section.year-section")
    if len(years) < 2:
        assert sections == []
        return
    shown = {
        int(section["id"].rsplit("-", 1)[1]): (
            section.find(["h2", "h3"]).get_text().rstrip("#"),
            linked_docnames(section, "ul.post-list a", name),
        )
        for section in sections
    }
    assert list(shown) == sorted(years, reverse=True)
    assert shown == {
        year: (f"{year} ({len(posts)} post{'s' if len(posts) != 1 else ''})", posts)
        for year, posts in years.items()
    }
    contents = [a["href"] for a in soup.select(".bd-sidebar-secondary nav a")]
    assert [f"#posts-on-this-topic-{year}" for year in shown] == [
        href for href in contents if href.startswith("#posts-on-this-topic-")
    ]
    chart = soup.select("#posts-on-this-topic ul.year-chart li")
    assert [li.select_one(".year").get_text() for li in chart] == [str(y) for y in sorted(years)]


def test_the_synthetic_book_has_topics_over_several_years(
    synthetic_book: Path, synthetic_build: Build
) -> None:
    book = read_book(synthetic_book, synthetic_build)
    spans = [len({str(book.meta[d]["date"])[:4] for d in book.posts_on(t)}) for t in TOPICS]
    assert max(spans) >= 3


# --- the records the lists are drawn from --------------------------------------------


def test_the_domain_works_out_the_order_again_whenever_a_record_changes() -> None:
    """Every page asks for the order and who cites what, so the domain keeps them; a
    record noted, dropped or merged from a parallel reader must be seen at once."""
    domain = BlogDomain(SimpleNamespace(domaindata={}))  # type: ignore[arg-type]
    later, earlier = post_record(28, "jay2014"), post_record(12, "jay2014")
    domain.note_post(later)
    assert (domain.posts_in_order(), domain.citing("jay2014")) == ([later], [later])
    domain.note_post(earlier)
    assert domain.posts_in_order() == [earlier, later]
    assert domain.citing("jay2014") == [earlier, later]
    domain.clear_doc(earlier.docname)
    assert (domain.position(later.docname), domain.citing("jay2014")) == (0, [later])
    merged = {"posts": {earlier.docname: earlier}, "topics": {}, "listings": {}}
    domain.merge_domaindata({earlier.docname}, merged)
    assert (domain.position(later.docname), domain.position(earlier.docname)) == (1, 0)


# Appended to a book's conf.py: its lists of posts drawn as nodes, by every builder.
AS_NODES = """

from blogbook.sphinxext import lists

lists.MARKUP_BUILDERS = frozenset()
"""
_POST_LIST = re.compile(r'<ul [^>]*class="post-list[^"]*">.*?</ul>', re.S)


@pytest.mark.build
def test_lists_drawn_as_markup_are_written_as_the_nodes_would_be(tmp_path: Path) -> None:
    """The HTML builder draws lists of posts as markup; drawn as nodes and written by
    the HTML writer instead, every list on every page comes out the same, to the byte,
    with a title holding every character the writer escapes."""
    book = copy_book(tmp_path / "src")
    editorial = book / "archive" / "editorial.yaml"
    text = editorial.read_text(encoding="utf-8")
    title = "title: 'Rotherham & <after>: \"ask\" @ once'\n"
    editorial.write_text(text.replace("title: Rotherham\n", title), encoding="utf-8")
    assert convert(book) == 0
    as_markup = sphinx_build(book, tmp_path / "as-markup")
    with (book / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(AS_NODES)
    as_nodes = sphinx_build(book, tmp_path / "as-nodes")
    for build in (as_markup, as_nodes):
        assert (build.returncode, build.warnings) == (0, []), build.output
    compared = 0
    for page in sorted(as_markup.outdir.rglob("*.html")):
        name = page.relative_to(as_markup.outdir)
        drawn = _POST_LIST.findall(page.read_text(encoding="utf-8"))
        written = _POST_LIST.findall((as_nodes.outdir / name).read_text(encoding="utf-8"))
        assert drawn == written, name
        compared += len(drawn)
    assert compared > 10  # the archive, its year and month, each topic's
    archive = (as_markup.outdir / "posts" / "index.html").read_text(encoding="utf-8")
    assert "Rotherham &amp; &lt;after&gt;: &quot;ask&quot; &#64; once" in archive
