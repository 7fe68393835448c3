"""Nothing lost, nothing added: every paragraph of the archive shows on its post's page, exactly.

For every post of every archive file, the built HTML page of that post is read back. Inside the
post's article, with the book's apparatus (byline, sources, navigation) and citation markers set
aside, the paragraphs are exactly the archive's paragraphs, in order, whitespace normalised and
nothing else changed; the title is the post's title; and no paragraph of another post is there.

This runs on the real book and on ``tests/fixtures/hostile/2020-01.txt``, an archive full of
Markdown, MyST, HTML and JavaScript syntax, which must all show as the text it is and never
become markup, links, scripts or event handlers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from blogbook import cli
from blogbook.book import convert_book
from blogbook.model import inline_text, paragraphs
from blogbook.pages import PostPage
from blogbook.sphinxext.collect import OPENING_WORDS
from conftest import Build, convert, copy_book, sphinx_build

HOSTILE_ARCHIVE = Path(__file__).parent / "fixtures" / "hostile" / "2020-01.txt"
HOSTILE_FILE = "archive/2020-01.txt"  # where the hostile book holds it, beside the real archive
# Bold and italic text that starts or ends with backticks, as only an export can hold it.
STYLED_EXPORT = Path(__file__).parent / "fixtures" / "hostile" / "2020-02.xml"
STYLED_POST = "posts/2020/02/03-backticks-in-bold-and-italics"
# Elements that run code, load things or change the page: none may come from a post's text.
ACTIVE_ELEMENTS = (
    "script", "style", "iframe", "frame", "img", "object", "embed", "svg", "math", "link",
    "meta", "base", "form", "input", "button", "audio", "video", "source", "template",
)  # fmt: skip
# The fixture's date headers (its other lines are text that must show).
DATE_HEADER = re.compile(r"^[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}$")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
# Shorter paragraphs could occur inside longer text by coincidence (a one-word reply, say).
MIN_LEAK_LENGTH = 40


@dataclass(frozen=True, kw_only=True)
class Book:
    source: Path  # the converted book (conf.py, archive/, posts/ ...)
    html: Path  # its HTML build


@dataclass(frozen=True, kw_only=True)
class PostView:
    """What a reader sees of a post, or what they should see."""

    title: str
    paragraphs: tuple[str, ...]
    body: str  # all text of the article outside the apparatus, in one string


# --- reading pages ---------------------------------------------------------------------


def normalise(text: str) -> str:
    """Runs of ASCII whitespace become one space (a no-break space stays what it is)."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip()


def read_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def the_article(soup: BeautifulSoup) -> Tag:
    articles = soup.select("article.bd-article")
    assert len(articles) == 1, f"{len(articles)} articles"
    return articles[0]


def without_markers(article: Tag) -> Tag:
    """The article with citation markers and heading anchors gone, line breaks as newlines."""
    for marker in article.select("span.bibtex-citation, a.footnote-reference, a.headerlink"):
        marker.decompose()
    for line_break in article.find_all("br"):
        line_break.replace_with("\n")
    return article


def post_view(article: Tag) -> PostView:
    """What the article shows of the post itself (it is changed: pass a fresh one)."""
    article = without_markers(article)
    heading = article.find("h1")
    assert isinstance(heading, Tag)
    title = normalise(heading.get_text())
    heading.decompose()
    for apparatus in article.select(".post-byline, .post-apparatus"):
        apparatus.decompose()
    return PostView(
        title=title,
        paragraphs=tuple(normalise(p.get_text()) for p in article.find_all("p")),
        body=normalise(article.get_text()),
    )


def expected_view(page: PostPage) -> PostView:
    texts = tuple(normalise(inline_text(p.inlines)) for p in paragraphs(page.post.blocks))
    return PostView(title=normalise(page.title), paragraphs=texts, body=" ".join(texts))


def post_pages(book: Book) -> tuple[PostPage, ...]:
    """The posts as the converter sees them (editorial layer applied), named as it names them."""
    inputs, problems = cli.read_inputs(cli.parse_args(["--root", str(book.source)]))
    assert problems == []
    conversion = convert_book(inputs)
    assert conversion.diagnostics == ()
    assert conversion.pages, "no posts"
    return conversion.pages


def html_path(book: Book, docname: str) -> Path:
    return book.html / f"{docname}.html"


def every_page(book: Book) -> Iterator[tuple[str, BeautifulSoup]]:
    """Every page of the book that has an article (not the theme's template fragments)."""
    for path in sorted(book.html.rglob("*.html")):
        if "_static" in path.relative_to(book.html).parts:
            continue
        yield path.relative_to(book.html).as_posix(), read_html(path)


# --- the books -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    """The real book with the hostile archive added (the topic pages link to real posts).

    Its text meets the real editorial layer too: "the report of the enquiry into Rotherham"
    is a cue, so citation markers land inside hostile text.
    """
    source = copy_book(tmp_path_factory.mktemp("hostile") / "src")
    (source / HOSTILE_FILE).write_bytes(HOSTILE_ARCHIVE.read_bytes())
    (source / "archive" / STYLED_EXPORT.name).write_bytes(STYLED_EXPORT.read_bytes())
    assert convert(source, "--strict") == 0
    return source, sphinx_build(source, source.parent / "html")


@pytest.fixture(scope="module")
def hostile_book(hostile_build: tuple[Path, Build]) -> Book:
    source, build = hostile_build
    assert build.returncode == 0, build.output
    return Book(source=source, html=build.outdir)


@pytest.fixture(params=["real", "hostile"])
def book(request: pytest.FixtureRequest) -> Book:
    if request.param == "hostile":
        hostile: Book = request.getfixturevalue("hostile_book")
        return hostile
    built: Build = request.getfixturevalue("built_book")
    # built_book converts the book in <tmp>/src and builds it into <tmp>/html.
    return Book(source=built.outdir.parent / "src", html=built.outdir)


# --- both books ----------------------------------------------------------------------------


# The archives' titles as the editors read them: the independent reading below splits
# posts at these lines, not by the converter's rules.
TITLES = {
    "archive/2014-08.txt": {
        "Listening to child protection staff in Vermont",
        "The Probation Service and Child Protection",
        "Care Proceedings – an all time high",
        "The title says it all...",
        "Ofsted and the ever-growing list of failed authorities",
        "Down in Somerset …",
        "Stop this privatisation nonesense",
    },
    HOSTILE_FILE: {
        "# Hash {role}`x` $x$ | a | b | [^1]",
        '<script>alert("title")</script> & *stars* in a title',
        "A title <with a target> inside it and `ticks`",
        "A title that ends <in angle brackets>",
        "Privatisation & Cafcass: *_the_* {{sub}} %comment",
        "[a](javascript:alert(1)) <img src=x onerror=alert(1)> in a title",
    },
}


@dataclass(frozen=True, kw_only=True)
class ReadPost:
    date: datetime.date
    title: str | None
    paragraphs: tuple[str, ...]


def read_independently(text: str, titles: set[str]) -> list[ReadPost]:
    """Posts of an archive file read without the converter: days at date headers, posts
    at the known title lines, paragraphs between blank lines."""
    posts: list[ReadPost] = []
    day: datetime.date | None = None
    for block in re.split(r"\n[ \t\u00a0]*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and DATE_HEADER.match(lines[0]):
            day = datetime.datetime.strptime(lines[0], "%A, %d %B %Y").date()
            posts.append(ReadPost(date=day, title=None, paragraphs=()))
        elif len(lines) == 1 and lines[0] in titles:
            assert day is not None
            if posts[-1].date == day and posts[-1].title is None and not posts[-1].paragraphs:
                posts.pop()  # the day starts with a title: no untitled post before it
            posts.append(ReadPost(date=day, title=lines[0], paragraphs=()))
        else:
            last = posts[-1]
            paragraph = normalise(" ".join(lines))
            posts[-1] = ReadPost(
                date=last.date, title=last.title, paragraphs=(*last.paragraphs, paragraph)
            )
    return [post for post in posts if post.paragraphs]


def post_html_pages(book: Book) -> dict[str, PostView]:
    return {
        path.relative_to(book.html).with_suffix("").as_posix(): post_view(
            the_article(read_html(path))
        )
        for path in sorted((book.html / "posts").rglob("[0-9][0-9]-*.html"))
    }


@pytest.mark.build
def test_every_paragraph_shows_exactly_in_order_and_nothing_else(book: Book) -> None:
    """Each post page shows exactly the paragraphs of one post of the archive as read
    independently, in order, under its title (or, for an untitled post, the editor's)."""
    shown = post_html_pages(book)
    unmatched = []
    for name, titles in TITLES.items():
        path = book.source / name
        if not path.exists():
            continue
        for post in read_independently(path.read_text(encoding="utf-8"), titles):
            day = f"posts/{post.date:%Y/%m/%d}-"
            pages = [
                docname
                for docname, view in shown.items()
                if docname.startswith(day)
                and view.paragraphs == post.paragraphs
                and (post.title is None or view.title == normalise(post.title))
            ]
            if len(pages) == 1:
                del shown[pages[0]]
            else:
                unmatched.append((post.date, post.title, post.paragraphs[:1]))
    assert unmatched == []
    assert [name for name in shown if name != STYLED_POST] == []  # every page is a post


@pytest.mark.build
def test_no_article_holds_a_paragraph_of_another_post(book: Book) -> None:
    pages = post_pages(book)
    own = {page.docname: set(expected_view(page).paragraphs) for page in pages}
    leaks = []
    for page in pages:
        article = without_markers(the_article(read_html(html_path(book, page.docname))))
        text = normalise(article.get_text())  # apparatus included
        for other in pages:
            for paragraph in own[other.docname] - own[page.docname]:
                if len(paragraph) >= MIN_LEAK_LENGTH and paragraph in text:
                    leaks.append((page.docname, other.docname, paragraph))
    assert leaks == []


@pytest.mark.build
def test_description_is_the_opening_words(book: Book) -> None:
    """Link previews and search engines show the post's first words, nothing added."""
    pages = post_pages(book)
    found = {}
    expected = {}
    for page in pages:
        meta = read_html(html_path(book, page.docname)).find("meta", attrs={"name": "description"})
        found[page.docname] = meta["content"] if isinstance(meta, Tag) else None
        first = paragraphs(page.post.blocks)[0]
        words = inline_text(first.inlines).split()
        more = "…" if len(words) > OPENING_WORDS else ""
        expected[page.docname] = " ".join(words[:OPENING_WORDS]) + more
    assert found == expected


# --- the hostile book ---------------------------------------------------------------------


@pytest.mark.build
def test_hostile_book_builds_without_warnings(hostile_build: tuple[Path, Build]) -> None:
    _, build = hostile_build
    assert (build.returncode, build.warnings) == (0, []), build.output


@pytest.mark.build
def test_hostile_book_has_all_its_posts(hostile_book: Book) -> None:
    pages = post_pages(hostile_book)
    titles = sorted(page.title for page in pages if page.post.origin.path == HOSTILE_FILE)
    assert titles == sorted(TITLES[HOSTILE_FILE])


def handlers_and_schemes(root: Tag) -> list[str]:
    """Event handlers, and addresses with a scheme other than http(s) (relative ones are fine)."""
    found = []
    for element in root.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}>")
            elif name.lower() in URL_ATTRIBUTES:
                scheme = urlsplit(str(value).strip()).scheme.lower()
                if scheme not in ("", "http", "https"):
                    found.append(f"<{element.name} {name}={value!r}>")
    return found


def is_book_image(element: Tag) -> bool:
    """An image the book itself ships (a figure or chart of a hand-written page)."""
    source = str(element.get("src", ""))
    return element.name == "img" and "/_images/" in f"/{source}" and ":" not in source


def active_content(root: Tag) -> list[str]:
    """Elements that could run or load something, event handlers, other schemes."""
    elements = [
        f"<{element.name}>"
        for element in root.find_all(ACTIVE_ELEMENTS)
        if not is_book_image(element)
    ]
    return elements + handlers_and_schemes(root)


@pytest.mark.build
def test_hostile_articles_hold_nothing_active(hostile_book: Book) -> None:
    found = {
        name: active_content(the_article(soup))
        for name, soup in every_page(hostile_book)
        if soup.select("article.bd-article")
    }
    assert "posts/2020/01/15-script-alert-title-script-stars-in-a-title.html" in found
    assert {name: items for name, items in found.items() if items} == {}


@pytest.mark.build
def test_hostile_titles_run_nowhere_on_the_page(hostile_book: Book) -> None:
    """Outside the article too (the theme's headers, sidebars, metadata), a title is text."""
    found = {}
    for name, soup in every_page(hostile_book):
        # The theme's own scripts, forms and icons are expected; a script from a title is not.
        items = handlers_and_schemes(soup)
        items += [
            f"<script>{s.get_text()[:40]}"
            for s in soup.find_all("script")
            if "alert(" in s.get_text()
        ]
        if items:
            found[name] = items
    assert found == {}


def fixture_lines(path: Path) -> list[str]:
    """Every line of the archive that is text (not blank, not a date header), stripped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        normalise(line) for line in lines if line.strip() and not DATE_HEADER.match(line.strip())
    ]


@pytest.mark.build
def test_every_hostile_line_shows_literally(hostile_book: Book) -> None:
    shown = []
    for page in post_pages(hostile_book):
        if page.post.origin.path != HOSTILE_FILE:
            continue
        article = without_markers(the_article(read_html(html_path(hostile_book, page.docname))))
        shown.append(normalise(article.get_text()))
    text = "\n".join(shown)
    lines = fixture_lines(HOSTILE_ARCHIVE)
    assert [line for line in lines if line not in text] == []
    assert "<script>alert(1)</script>" in lines


@pytest.mark.build
def test_styled_backticks_show_exactly_as_written(hostile_book: Book) -> None:
    """Nothing added to bold or italic text at its edges, whatever it holds."""
    article = the_article(read_html(html_path(hostile_book, STYLED_POST)))
    shown = [p.get_text() for p in article.select("section > p")][:4]
    assert shown == ["x`y", "a `tick` b", "`` and a ` b", "`` x ``, *bold* and {role}`x`"]
    styled = [(e.name, e.get_text()) for e in article.find_all(["strong", "em"])]
    assert styled == [
        ("em", "tick"),
        ("strong", "a ` b"),
        ("em", " x "),
        ("strong", "*bold*"),
        ("em", "{role}`x"),  # its closing backtick stands beside it, in plain type
    ]
