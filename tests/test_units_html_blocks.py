"""The HTML reader (blogbook.html_blocks) beyond test_html_blocks.py: the line each paragraph
starts on, preformatted text, the spaces a browser keeps, images inside links, and the
addresses a browser would follow."""

from __future__ import annotations

import pytest
from lxml import etree

from blocks import BR, L, P, T
from blogbook import html_blocks
from blogbook.html_blocks import HtmlBlocks, html_to_blocks, http_url, read_html, text_to_blocks
from blogbook.model import Block

CASES: list[tuple[str, str, tuple[Block, ...]]] = [
    # The line a paragraph starts on, past text, dropped elements and preformatted lines.
    ("after-text-with-newlines", "<div>x\n</div>y", (P(T("x")), P(T("y"), line=2))),
    (
        "after-a-dropped-element",
        "<div>a</div><script>\n\n</script>b",
        (P(T("a")), P(T("b"), line=3)),
    ),
    ("after-preformatted-lines", "<pre>a\nb</pre>c", (P(T("a"), BR, T("b")), P(T("c"), line=2))),
    ("blank-preformatted-line", "<pre>a\n\nb</pre>", (P(T("a")), P(T("b"), line=3))),
    # Preformatted text: the newline after <pre> goes, one only; spaces stay until </pre>.
    ("newline-after-pre", "<pre>\nab</pre>", (P(T("ab")),)),
    ("two-newlines-after-pre", "<pre>\n\nab</pre>", (P(T("ab"), line=2),)),
    ("spaces-after-pre-collapse", "<pre>a</pre>b  c", (P(T("a")), P(T("b c")))),
    (
        "nested-pre",
        "<pre><pre>a</pre>b  c</pre>d  e",
        (P(T("a")), P(T("b  c")), P(T("d e"))),
    ),
    # U+00A0 is text: kept at a line's start and end, where spaces go.
    ("nbsp-before-br", "a&nbsp;<br>b", (P(T("a\u00a0"), BR, T("b")),)),
    ("nbsp-after-br", "a<br>&nbsp;b", (P(T("a"), BR, T("\u00a0b")),)),
    ("nbsp-lines-first", "&nbsp;<br>&nbsp;<br>x", (P(T("x")),)),
    ("x-after-br", "a<br>Xavier", (P(T("a"), BR, T("Xavier")),)),
    ("x-before-br", "TAX <br>b", (P(T("TAX"), BR, T("b")),)),
    # An end tag of the body with a line break in it keeps the line apart.
    ("end-of-body-across-lines", "a</body\n>b", (P(T("a b")),)),
    ("end-of-body-then-paragraph", "a</body\n><br><br>b", (P(T("a")), P(T("b"), line=2))),
    # Images in links: a link to the image file is the image; any other link stays apart.
    (
        "image-in-link-to-image-upper-case",
        '<a href="http://e.org/PHOTO.JPG"><img src="http://e.org/s.png" alt="p"></a>',
        (P(L("http://e.org/PHOTO.JPG", T("p"))),),
    ),
    (
        "image-in-link-to-a-bad-address",
        '<a href="http://[bad"><img src="http://e.org/i.png" alt="p"></a>',
        (P(L("http://e.org/i.png", T("p"))),),
    ),
    (
        "image-alt-kept-whole",
        '<img src="http://e.org/i.png" alt="\u00a0X-ray\u00a0">',
        (P(L("http://e.org/i.png", T("\u00a0X-ray\u00a0"))),),
    ),
    ("image-without-address", '<img alt="X-ray">', (P(T("X-ray")),)),
]


@pytest.mark.parametrize(("html", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_html_to_blocks(html: str, expected: tuple[Block, ...]) -> None:
    assert html_to_blocks(html) == expected


def test_lines_count_from_where_the_html_starts() -> None:
    assert read_html("a") == HtmlBlocks(blocks=(P(T("a")),), incomplete=None)
    assert html_to_blocks("<p>a</p>\n<p>b</p>", first_line=10) == (
        P(T("a"), line=10),
        P(T("b"), line=11),
    )
    assert text_to_blocks("a\n\nb", first_line=10) == (P(T("a"), line=10), P(T("b"), line=12))


def test_no_tree_at_all_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """libxml2 may give up before the first element; its reason is passed on."""

    parse = etree.fromstring

    def gives_up(html: str, parser: etree.HTMLParser) -> None:
        parse("<b>" * 3000, parser)  # an error libxml2 cannot read past

    monkeypatch.setattr(html_blocks.etree, "fromstring", gives_up)
    assert read_html("<p>x</p>") == HtmlBlocks(
        blocks=(), incomplete="Excessive depth in document: 2048, use XML_PARSE_HUGE option"
    )


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("http://x.org/a", "http://x.org/a"),
        (" \x01http://x.org/a b \x1f", "http://x.org/a b"),
        ("http://x.org/a\tb\nc\rd", "http://x.org/abcd"),
        ("http://x.org/a\u00a0", "http://x.org/a\u00a0"),  # not a C0 control or space: kept
        ("\u00a0http://x.org/", None),
        ("//x.org/a", "https://x.org/a"),
        ("ftp://x.org/", None),
        (None, None),
    ],
)
def test_http_url(href: str | None, expected: str | None) -> None:
    assert http_url(href) == expected
