"""Tables of cases for the converter's small pure functions."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from blogbook import slugs
from blogbook.cite import Blog, CitablePost, bibtex_entry, bibtex_escape, citation_text
from blogbook.escape import escape_inline, escape_link_destination, role_content
from blogbook.model import Link, Text
from blogbook.parse_text import link_bare_urls
from blogbook.phrases import compile_phrases
from blogbook.sources import normalise_url

FIXTURES = Path(__file__).parent / "fixtures"
SLUG_CASES = json.loads((FIXTURES / "slugs.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", SLUG_CASES, ids=[c["text"][:30] for c in SLUG_CASES])
def test_slugify(case: dict[str, str]) -> None:
    assert slugs.slugify(case["text"]) == case["slug"]


@pytest.mark.parametrize(
    ("archive_title", "opening", "pinned", "expected"),
    [
        ("The title says it all...", "A poignantly titled article", None, "the-title-says-it-all"),
        (
            None,
            "There seems little doubt that a primary cause of the lack",
            None,
            "there-seems-little-doubt-that-a-primary-cause",
        ),
        (None, "There seems little doubt", "rotherham", "rotherham"),
        ("…", "Opening words here", None, "opening-words-here"),
        ("…", "…", None, "post"),
    ],
)
def test_post_slug(
    archive_title: str | None, opening: str, pinned: str | None, expected: str
) -> None:
    assert slugs.post_slug(archive_title=archive_title, opening=opening, pinned=pinned) == expected


def test_page_names_and_labels() -> None:
    docname = slugs.post_docname(datetime.date(2014, 8, 5), "down-in-somerset")
    assert docname == "posts/2014/08/05-down-in-somerset"
    assert slugs.is_post_docname(docname)
    assert not slugs.is_post_docname("posts/2014/08/index")
    assert slugs.post_label(docname) == "post-2014-08-05-down-in-somerset"
    assert slugs.post_bibtex_key(docname) == "mills2014-08-05-down-in-somerset"
    assert slugs.month_docname(2014, 8) == "posts/2014/08/index"
    assert slugs.year_docname(2014) == "posts/2014/index"
    assert slugs.topic_label("care-orders") == "topic-care-orders"
    with pytest.raises(ValueError, match="not a post page name"):
        slugs.post_label("topics/ofsted")


@pytest.mark.parametrize(
    ("text", "at_line_start", "expected"),
    [
        (
            "plain words, with commas; and 'quotes'.",
            False,
            "plain words, with commas; and 'quotes'.",
        ),
        ("*bold* _em_ `code`", False, r"\*bold\* \_em\_ \`code\`"),
        ("<script>alert(1)</script>", False, r"\<script\>alert(1)\</script\>"),
        ("[link](http://x) [^1]", False, r"\[link\](http://x) \[\^1\]"),
        ("{role}`x` $math$ a|b ~~s~~", False, r"\{role\}\`x\` \$math\$ a\|b \~\~s\~\~"),
        ("&copy; &#65;", False, r"\&copy; \&\#65;"),
        ("# not a heading", True, r"\# not a heading"),
        ("> not a quote", True, r"\> not a quote"),
        ("- not a list", True, r"\- not a list"),
        ("- mid-line hyphen", False, "- mid-line hyphen"),
        ("+ not a list", True, r"\+ not a list"),
        ("1. not a list", True, r"1\. not a list"),
        ("2) not a list", True, r"2\) not a list"),
        ("2014. A year", True, r"2014\. A year"),
        ("1234567890. too long for a marker", True, "1234567890. too long for a marker"),
        ("(label)=", True, r"\(label)="),
        ("(aside) in the middle", False, "(aside) in the middle"),
        (":::{note}", True, r"\:::\{note\}"),
        ("===", True, r"\==="),
        ("---", True, r"\---"),
        ("%comment", True, r"\%comment"),
        ("    four spaces", True, "four spaces"),
        ("\ttab", True, "tab"),
        ("back\\slash", False, "back\\\\slash"),
        ("carriage\rreturn", False, "carriage&#13;return"),
        ("\u00a0no-break space first", True, "\u00a0no-break space first"),
    ],
)
def test_escape_inline(text: str, at_line_start: bool, expected: str) -> None:
    assert escape_inline(text, at_line_start=at_line_start) == expected


def test_escape_link_destination_and_role_content() -> None:
    assert escape_link_destination("http://x/a b<c>\\d") == "http://x/a b\\<c\\>\\\\d"
    assert role_content("Care Orders <Care Order>") == "`Care Orders <Care Order>`"
    assert role_content("a `tick` b") == "``a `tick` b``"
    for edge in ("`tick", "tick`", "`", ""):
        with pytest.raises(ValueError, match="backtick"):
            role_content(edge)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no address here", (Text(text="no address here"),)),
        (
            "see http://example.com/a.html. Then",
            (
                Text(text="see "),
                Link(
                    url="http://example.com/a.html",
                    children=(Text(text="http://example.com/a.html"),),
                ),
                Text(text=". Then"),
            ),
        ),
        (
            "https://x.org/path_(a) and more",
            (
                Link(url="https://x.org/path_(a)", children=(Text(text="https://x.org/path_(a)"),)),
                Text(text=" and more"),
            ),
        ),
        (
            "javascript:alert(1) ftp://x.org mailto:a@b.org www.x.org",
            (Text(text="javascript:alert(1) ftp://x.org mailto:a@b.org www.x.org"),),
        ),
        ("", ()),
    ],
)
def test_link_bare_urls(text: str, expected: tuple[object, ...]) -> None:
    assert link_bare_urls(text) == expected


@pytest.mark.parametrize(
    ("phrases", "text", "ignore_case", "expected"),
    [
        (("Oxford",), "Oxford and Oxfordshire", False, ["Oxford"]),
        (
            ("Care Order", "Care Orders"),
            "two Care Orders and a Care Order",
            False,
            ["Care Orders", "Care Order"],
        ),
        (
            ("inspect*",),
            "inspectors inspected the inspection",
            True,
            ["inspectors", "inspected", "inspection"],
        ),
        (("Ofsted's report",), "Ofsted’s report", False, ["Ofsted’s report"]),
        (("working together",), "working\ntogether", False, ["working\ntogether"]),
        (("report",), "Report", False, []),
        (("report",), "Report", True, ["Report"]),
        ((), "anything", True, []),
    ],
)
def test_phrases(
    phrases: tuple[str, ...], text: str, ignore_case: bool, expected: list[str]
) -> None:
    pattern = compile_phrases(phrases, ignore_case=ignore_case)
    assert [m.group() for m in pattern.finditer(text)] == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.Example.com/a/", "example.com/a"),
        ("https://example.com/a#frag", "example.com/a"),
        ("https://example.com", "example.com"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


BLOG = Blog(
    author="Chris Mills",
    author_sorted="Mills, Chris",
    author_cited="Mills, C.",
    name="Chris Mills's blog",
    address="chrismillsblog.blogspot.com",
)


def test_citation_text_and_bibtex() -> None:
    post = CitablePost(
        key="mills2014-08-14-care-proceedings-an-all-time-high",
        title="Care Proceedings – an all time high",
        date=datetime.date(2014, 8, 14),
        book_url="https://book.example/posts/2014/08/14-care-proceedings-an-all-time-high.html",
        original_url="http://chrismillsblog.blogspot.com/2014/08/care-proceedings-all-time-high.html",
    )
    assert citation_text(post, BLOG) == (
        "Mills, C. (2014) ‘Care Proceedings – an all time high’, Chris Mills's blog, "
        "14 August 2014. Available at: "
        "https://book.example/posts/2014/08/14-care-proceedings-an-all-time-high.html "
        "(first published at "
        "http://chrismillsblog.blogspot.com/2014/08/care-proceedings-all-time-high.html)."
    )
    assert bibtex_entry(post, BLOG) == (
        "@online{mills2014-08-14-care-proceedings-an-all-time-high,\n"
        "  author       = {Mills, Chris},\n"
        "  title        = {{Care Proceedings – an all time high}},\n"
        "  howpublished = {Chris Mills's blog},\n"
        "  year         = {2014},\n"
        "  month        = aug,\n"
        "  date         = {2014-08-14},\n"
        "  url          = {https://book.example/posts/2014/08/14-care-proceedings-an-all-time-high.html},\n"
        "  note         = {First published at "
        "http://chrismillsblog.blogspot.com/2014/08/care-proceedings-all-time-high.html},\n"
        "}\n"
    )


def test_bibtex_escape() -> None:
    assert bibtex_escape("50% of {x} & #1 $ _ ~ ^ \\") == (
        r"50\% of \{x\} \& \#1 \$ \_ \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
