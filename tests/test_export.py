"""Blogger exports against the plain-text archive, and exports in a real build.

- The same posts read from text and from a Blogger export give the same pages,
  apart from what only the export has (its file and line, the original address,
  labels, links).
- Hostile HTML in an export is harmless in the built book.
"""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

from bs4 import BeautifulSoup

from blogbook.book import Inputs, convert_book
from blogbook.model import inline_text, paragraphs
from blogbook.parse_text import parse_text_archive
from conftest import ROOT, convert, copy_book, sphinx_build

SEED = (ROOT / "archive" / "2014-08.txt").read_bytes()
FEED_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:app='http://purl.org/atom/app#'>
<id>tag:blogger.com,1999:blog-1</id>
<title type='text'>Chris Mills Blog</title>
"""
ENTRY = """<entry>
<id>tag:blogger.com,1999:blog-1.post-{number}</id>
<published>{published}</published>
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>
<category scheme='http://www.blogger.com/atom/ns#' term='Seed'/>
<title type='text'>{title}</title>
<content type='html'>{content}</content>
<link rel='alternate' type='text/html' href='http://chrismillsblog.blogspot.com/2014/08/post-{number}.html'/>
</entry>
"""


def export_of(archive: bytes) -> bytes:
    """The archive's posts as Blogger's classic export would hold them."""
    entries = []
    posts = parse_text_archive(archive, "x.txt").posts
    for number, post in enumerate(posts):
        body = "<br /><br />".join(
            "<br />".join(html.escape(line) for line in inline_text(p.inlines).split("\n"))
            for p in paragraphs(post.blocks)
        )
        published = datetime.datetime.combine(
            post.date, datetime.time(9, number), tzinfo=datetime.UTC
        )
        entries.append(
            ENTRY.format(
                number=number,
                published=published.isoformat(),
                title=html.escape(post.title or ""),
                content=html.escape(body),
            )
        )
    return (FEED_HEAD + "".join(entries) + "</feed>\n").encode("utf-8")


def without_origin(page: str) -> str:
    """A page without the front matter lines that say where it was read from."""
    return re.sub(
        r'^(archive_file|archive_line|original_url|labels|- "Seed").*\n', "", page, flags=re.M
    )


def test_text_and_export_give_the_same_pages() -> None:
    from_text = convert_book(Inputs(archives=(("archive/2014-08.txt", SEED),)))
    from_export = convert_book(Inputs(archives=(("archive/blog.xml", export_of(SEED)),)))
    assert sorted(from_text.outputs) == sorted(from_export.outputs)
    for name, page in from_text.outputs.items():
        assert without_origin(from_export.outputs[name]) == without_origin(page), name


HOSTILE = """<p>Before <script>alert('x')</script>after.</p>
<p onclick="alert(1)">Clicked <a href="javascript:alert(1)">here</a> and
<a href="JaVaScRiPt:alert(1)">there</a> and <a href="data:text/html,x">data</a>.</p>
<img src="x" onerror="alert(1)" alt="broken image">
<iframe src="http://evil.example/"></iframe><style>body{display:none}</style>
<div><b onmouseover="alert(1)">bold <i>and <u>nested <span style="x">junk</span></u></i></b></div>
<p>Markup as text: &lt;script&gt;alert(2)&lt;/script&gt; *stars* {role}`x` [l](javascript:x)</p>
<a href="http://example.com/ok" onclick="alert(1)">a fine link</a>
<form action="http://evil.example/"><input value="typed"><button>Send</button></form>
"""


def test_hostile_export_html_is_harmless_in_the_book(tmp_path: Path) -> None:
    feed = (
        FEED_HEAD
        + ENTRY.format(
            number=1,
            published="2014-08-28T09:00:00+01:00",
            title="A hostile post",
            content=html.escape(HOSTILE),
        )
        + "</feed>\n"
    )
    book = copy_book(tmp_path / "src", archive={"blog.xml": feed.encode("utf-8")})
    assert convert(book) == 0
    build = sphinx_build(book, tmp_path / "html")
    assert (build.returncode, build.warnings) == (0, []), build.output
    page = (tmp_path / "html" / "posts" / "2014" / "08" / "28-a-hostile-post.html").read_text(
        encoding="utf-8"
    )
    article = BeautifulSoup(page, "html.parser").find("article")
    assert article is not None
    for element in article.find_all(True):
        assert element.name not in {
            "script",
            "style",
            "iframe",
            "img",
            "form",
            "input",
            "button",
            "object",
        }
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
        href = element.get("href")
        if href is not None:
            assert re.match(r"^(https?:|#|\.\./|[\w-]+\.html)", str(href)), href
    text = " ".join(article.get_text(" ").split())
    for words in (
        "Before after.",
        "Clicked here and there and data.",
        "bold and nested junk",
        "Markup as text: <script>alert(2)</script> *stars* {role}`x` [l](javascript:x)",
        "a fine link",
        "Send",
    ):
        assert " ".join(words.split()) in text, words
    assert "alert('x')" not in text  # a script's code was never words of the post


def test_links_to_sources_become_citations_and_others_are_candidates() -> None:
    from blogbook.coverage import coverage_report

    def entry(number: int, date: str, body: str) -> str:
        return ENTRY.format(
            number=number,
            published=f"{date}T09:00:00+01:00",
            title=f"Post {number}",
            content=html.escape(body),
        )

    feed = (
        FEED_HEAD
        + "".join(
            [
                entry(
                    1,
                    "2014-08-01",
                    '<p>See <a href="http://www.example.com/a">this</a> and <a href="https://example.org/report/">the report</a>.</p>',
                ),
                entry(
                    2,
                    "2014-08-02",
                    '<p>Again <a href="http://example.com/a">this</a>; also <a href="http://example.net/b">that</a>.</p>',
                ),
            ]
        )
        + "</feed>\n"
    )
    bib = "@misc{example2014report, kind = {other}, title = {{A report}}, howpublished = {Example}, year = {2014}, url = {http://example.org/report}}\n"
    conversion = convert_book(
        Inputs(
            archives=(("archive/blog.xml", feed.encode()),), bibliography=("references.bib", bib)
        )
    )
    first = conversion.outputs["posts/2014/08/01-post-1.md"]
    assert (
        "See [this](<http://www.example.com/a>) and the report{cite:p}`example2014report`." in first
    )
    report = coverage_report(conversion.pages, conversion.rules)
    assert report.endswith(
        "Links that are not sources yet, most linked first: 2\n"
        "   2 link(s) in 2 post(s): http://www.example.com/a\n"
        "   1 link(s) in 1 post(s): http://example.net/b\n"
    )


def test_links_between_posts_lead_to_their_pages_in_the_book(tmp_path: Path) -> None:
    older = ENTRY.format(
        number=1,
        published="2014-07-01T09:00:00+01:00",
        title="The older post",
        content=html.escape("<p>First.</p>"),
    ).replace("2014/08/post-1.html", "2014/07/the-older-post.html")
    newer = ENTRY.format(
        number=2,
        published="2014-08-28T09:00:00+01:00",
        title="The newer post",
        content=html.escape(
            '<p>As I wrote <a href="http://chrismillsblog.blogspot.co.uk/2014/07/the-older-post.html">last month</a>, '
            'and <a href="http://example.com/elsewhere">elsewhere</a>.</p>'
        ),
    )
    feed = FEED_HEAD + older + newer + "</feed>\n"
    conversion = convert_book(Inputs(archives=(("archive/blog.xml", feed.encode()),)))
    assert (
        "As I wrote [last month](<../07/01-the-older-post.md>), and [elsewhere](<http://example.com/elsewhere>)."
        in (conversion.outputs["posts/2014/08/28-the-newer-post.md"])
    )
    book = copy_book(tmp_path / "src", archive={"blog.xml": feed.encode()})
    assert convert(book) == 0
    build = sphinx_build(book, tmp_path / "html")
    assert (build.returncode, build.warnings) == (0, []), build.output
    soup = BeautifulSoup(
        (tmp_path / "html" / "posts/2014/08/28-the-newer-post.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    link = soup.find("a", string="last month")
    assert link is not None and link["href"] == "../07/01-the-older-post.html"
