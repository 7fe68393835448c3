"""The HTML reader: a post's HTML (or plain text) as blocks, as a browser shows it.

Tables of cases for :func:`html_to_blocks` and :func:`text_to_blocks`, and properties:
text without markup comes back whole, and no visible character is lost in markup.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blocks import BR, EM, IMG, OL, ST, UL, L, P, Q, T
from blogbook.html_blocks import html_to_blocks, text_to_blocks
from blogbook.model import Block, Paragraph, inline_text

# --- HTML to blocks ----------------------------------------------------------------

HTML_CASES: list[tuple[str, str, tuple[Block, ...]]] = [
    # Paragraphs and line breaks
    ("plain", "Hello", (P(T("Hello")),)),
    ("empty", "", ()),
    ("only-spaces", "  \n\t ", ()),
    (
        "br-br-is-paragraph",
        "First para<br /><br />Second line one<br />line two",
        (P(T("First para")), P(T("Second line one"), BR, T("line two"))),
    ),
    ("three-brs", "a<br><br><br>b", (P(T("a")), P(T("b")))),
    ("brs-with-space-between", "a<br /> \n <br />b", (P(T("a")), P(T("b"), line=2))),
    ("br-in-inline-counts", "a<b><br></b><br>b", (P(T("a")), P(T("b")))),
    ("single-br-trims-spaces", "a <br/> b", (P(T("a"), BR, T("b")),)),
    ("br-at-ends-dropped", "<br>a<br>", (P(T("a")),)),
    ("upper-case-tags", "<B>x</B><BR><BR>y", (P(ST(T("x"))), P(T("y")))),
    ("p-and-div", "<p>a</p><div>b</div>", (P(T("a")), P(T("b")))),
    ("text-around-div", "a<div>b</div>c", (P(T("a")), P(T("b")), P(T("c")))),
    (
        "div-br-spacers",
        "<div>a</div><div><br></div><div>b</div>",
        (P(T("a")), P(T("b"))),
    ),
    ("nested-divs", "<div><div>a</div></div>", (P(T("a")),)),
    ("heading", "<h2>Head</h2>text", (P(T("Head")), P(T("text")))),
    ("hr", "a<hr>b", (P(T("a")), P(T("b")))),
    ("unclosed-p", "<p>a<p>b", (P(T("a")), P(T("b")))),
    ("stray-end-tags", "a</b></div>b", (P(T("ab")),)),
    ("end-of-html-keeps-text", "<html><body>a</body></html>b", (P(T("ab")),)),
    # Whitespace and characters
    ("collapse", "  a \n\t b  ", (P(T("a b")),)),
    ("nbsp-kept-inside", "a&nbsp;&nbsp;b", (P(T("a\u00a0\u00a0b")),)),
    ("nbsp-trimmed-at-ends", "&nbsp;a&nbsp;", (P(T("a")),)),
    ("nbsp-only-paragraph-dropped", "<p>&nbsp;</p><p>x</p>", (P(T("x")),)),
    (
        "entities",
        "&ldquo;q&rdquo; &amp; &lt;b&gt; &#8212; &eacute;",
        (P(T("“q” & <b> — é")),),
    ),
    ("unknown-entity-kept", "&foo; AT&T", (P(T("&foo; AT&T")),)),
    ("space-across-tags", "a <b> b</b>", (P(T("a "), ST(T("b"))),)),
    ("space-before-tag-kept", "<i>a</i> <i>b</i>", (P(EM(T("a")), T(" "), EM(T("b"))),)),
    ("unicode-spaces-are-text", "a\u2003b\u2028c", (P(T("a\u2003b\u2028c")),)),
    ("textarea-is-literal", "<textarea><b>x</b></textarea>", (P(T("<b>x</b>")),)),
    # Emphasis and strong
    ("em-and-i", "<em>a</em> and <i>b</i>", (P(EM(T("a")), T(" and "), EM(T("b"))),)),
    ("strong-and-b-merge", "<strong>a</strong><b>b</b>", (P(ST(T("ab"))),)),
    ("nested-formats", "<b>bold <i>both</i></b>", (P(ST(T("bold "), EM(T("both")))),)),
    ("format-not-doubled", "<b><b>x</b></b>", (P(ST(T("x"))),)),
    ("unclosed-formats", "<b>bold<i>both", (P(ST(T("bold"), EM(T("both")))),)),
    ("format-across-br-br", "<i>a<br><br>b</i>", (P(EM(T("a"))), P(EM(T("b"))))),
    ("format-keeps-line-break", "<b>a<br>b</b>", (P(ST(T("a"), BR, T("b"))),)),
    # Links
    ("link", '<a href="http://x.org/a">x</a>', (P(L("http://x.org/a", T("x"))),)),
    ("link-https-upper", '<a href="HTTPS://X.ORG">x</a>', (P(L("HTTPS://X.ORG", T("x"))),)),
    # libxml2 gives an element the line where its start tag ends.
    (
        "link-href-spaces",
        '<a href=" http://x.org/\n">x</a>',
        (P(L("http://x.org/", T("x")), line=2),),
    ),
    (
        "link-scheme-relative",
        '<a href="//x.org/a">x</a>',
        (P(L("https://x.org/a", T("x"))),),
    ),
    ("link-javascript", '<a href="javascript:alert(1)">x</a>', (P(T("x")),)),
    ("link-javascript-disguised", '<a href=" &#106;avascript:alert(1)">x</a>', (P(T("x")),)),
    ("link-data", '<a href="data:text/html,<script>x</script>">x</a>', (P(T("x")),)),
    ("link-mailto", '<a href="mailto:a@example.org">mail</a>', (P(T("mail")),)),
    ("link-relative", '<a href="/2014/08/x.html">x</a>', (P(T("x")),)),
    ("link-fragment", '<a href="#top">top</a>', (P(T("top")),)),
    ("link-no-host", '<a href="http://">x</a>', (P(T("x")),)),
    ("anchor-without-href", '<a name="more"></a>rest', (P(T("rest")),)),
    (
        "link-onclick-dropped",
        '<a href="http://a.org" onclick="evil()" target="_blank">x</a>',
        (P(L("http://a.org", T("x"))),),
    ),
    (
        "link-around-bold",
        '<a href="http://a.org"><b>x</b></a>',
        (P(L("http://a.org", ST(T("x")))),),
    ),
    (
        "link-across-br-br",
        '<a href="http://a.org">x<br><br>y</a>',
        (P(L("http://a.org", T("x"))), P(L("http://a.org", T("y")))),
    ),
    (
        "links-do-not-nest",
        '<a href="http://a.org">x<a href="http://b.org">y</a></a>',
        (P(L("http://a.org", T("x")), L("http://b.org", T("y"))),),
    ),
    # Images
    ("image", '<img src="http://e.org/i.png">', (P(L("http://e.org/i.png", T("image"))),)),
    (
        "image-alt",
        '<img src="https://e.org/i.png" alt=" A  photo ">',
        (P(L("https://e.org/i.png", T("A photo"))),),
    ),
    (
        "image-in-image-link",
        f'<div class="separator"><a href="{IMG}/s1600/vermont.jpg" imageanchor="1">'
        f'<img border="0" src="{IMG}/s320/vermont.jpg" alt="Vermont"></a></div>',
        (P(L(f"{IMG}/s1600/vermont.jpg", T("Vermont"))),),
    ),
    (
        "image-in-link-to-image-host",
        '<a href="https://blogger.googleusercontent.com/img/b/R29v/s1600/x">'
        '<img src="https://blogger.googleusercontent.com/img/b/R29v/s320/x"></a>',
        (P(L("https://blogger.googleusercontent.com/img/b/R29v/s1600/x", T("image"))),),
    ),
    (
        "image-in-page-link",
        '<a href="http://e.org/page">see <img src="http://e.org/i.png" alt="pic"> here</a>',
        (
            P(
                L("http://e.org/page", T("see ")),
                L("http://e.org/i.png", T("pic")),
                L("http://e.org/page", T(" here")),
            ),
        ),
    ),
    ("image-data-src-alt", '<img src="data:image/png;base64,AAA" alt="chart">', (P(T("chart")),)),
    ("image-onerror", "<img src=x onerror=alert(1)>", ()),
    ("image-javascript-src", '<img src="javascript:alert(1)">', ()),
    (
        "image-keeps-format",
        '<b><img src="http://e.org/i.png"></b>',
        (P(ST(L("http://e.org/i.png", T("image")))),),
    ),
    # Dropped entirely
    ("script", "a<script>document.write('b')</script>c", (P(T("ac")),)),
    ("style", "<style>p { color: red }</style>a", (P(T("a")),)),
    ("noscript", "a<noscript>enable scripts</noscript>", (P(T("a")),)),
    ("template", "<template><b>t</b></template>a", (P(T("a")),)),
    ("iframe", '<iframe src="https://www.youtube.com/embed/x">old browser</iframe>a', (P(T("a")),)),
    ("object", "<object><param name=x value=y>fallback</object>a", (P(T("a")),)),
    ("comment", "a<!-- hidden -->b", (P(T("ab")),)),
    (
        "word-conditional-comment",
        "<!--[if gte mso 9]><xml><w:WordDocument>Normal</w:WordDocument></xml><![endif]-->text",
        (P(T("text")),),
    ),
    ("word-downlevel-revealed", "<![if !supportLists]>1.<![endif]>item", (P(T("1.item")),)),
    ("word-o-p", '<p class="MsoNormal">x<o:p></o:p></p>', (P(T("x")),)),
    ("title-element", "<title>Page</title>a", (P(T("a")),)),
    ("svg-text-kept", "x<svg><text>s</text></svg>", (P(T("xs")),)),
    # Other tags: dropped, text kept
    (
        "span-font-u-s",
        '<span style="color:red"><font face="Arial"><u>a</u> <s>b</s></font></span>',
        (P(T("a b")),),
    ),
    ("event-attributes", '<div onclick="x()" onmouseover="y()" style="z">a</div>', (P(T("a")),)),
    (
        "table-rows",
        "<table><tr><td>a</td><td></td><td>c<br></td><td>d</td></tr><tr><th>e</th></tr></table>",
        (P(T("a"), BR, T("c"), BR, T("d")), P(T("e"))),
    ),
    ("pre", "<pre>\n  a  b\n   c</pre>", (P(T("a  b"), BR, T("   c")),)),
    # Lists
    ("ul", "<ul><li>a</li><li>b</li></ul>", (UL((P(T("a")),), (P(T("b")),)),)),
    ("ol", "<ol><li>a</li></ol>", (OL((P(T("a")),)),)),
    (
        "nested-list",
        "<ul><li>a<ol><li>b</li></ol></li></ul>",
        (
            UL(
                (P(T("a")), OL((P(T("b")),))),
            ),
        ),
    ),
    ("item-paragraphs", "<ul><li>a<br><br>b</li></ul>", (UL((P(T("a")), P(T("b")))),)),
    ("empty-item-dropped", "<ul><li></li><li>a</li></ul>", (UL((P(T("a")),)),)),
    ("empty-list-dropped", "<ul><li> </li></ul>", ()),
    ("stray-text-in-list", "<ul>x<li>a</li></ul>", (UL((P(T("x")),), (P(T("a")),)),)),
    ("stray-br-in-list", "<ul><li>a</li><br /><li>b</li></ul>", (UL((P(T("a")),), (P(T("b")),)),)),
    ("unclosed-items", "<ul><li>a<li>b</ul>", (UL((P(T("a")),), (P(T("b")),)),)),
    ("orphan-item", "<li>a</li>b", (P(T("a")), P(T("b")))),
    ("text-after-list", "<ul><li>a</li></ul>after", (UL((P(T("a")),)), P(T("after")))),
    # Quotes
    ("quote", "<blockquote>q</blockquote>", (Q(P(T("q"))),)),
    (
        "quote-paragraphs-and-list",
        "<blockquote>q1<br><br>q2<ul><li>i</li></ul></blockquote>tail",
        (Q(P(T("q1")), P(T("q2")), UL((P(T("i")),))), P(T("tail"))),
    ),
    ("empty-quote-dropped", "<blockquote> <br> </blockquote>a", (P(T("a")),)),
    ("quote-in-list", "<ul><blockquote>q</blockquote></ul>", (UL((Q(P(T("q"))),)),)),
    # Hostile nesting
    ("deep-but-readable", "<div>" * 1000 + "deep", (P(T("deep")),)),
    ("many-formats", "<b><i><u><b><i>x</i></b></u></i></b>", (P(ST(EM(T("x")))),)),
]


@pytest.mark.parametrize(
    ("html", "expected"),
    [pytest.param(html, expected, id=name) for name, html, expected in HTML_CASES],
)
def test_html_to_blocks(html: str, expected: tuple[Block, ...]) -> None:
    assert html_to_blocks(html) == expected


def test_html_lines_count_from_first_line() -> None:
    html = "a\n<div>b</div>\n\n<p>c<br />\n<br />\nd</p>\n<ul>\n<li>e</li></ul>"
    assert html_to_blocks(html, first_line=10) == (
        P(T("a"), line=10),
        P(T("b"), line=11),
        P(T("c"), line=13),
        P(T("d"), line=15),
        UL((P(T("e"), line=17),), line=16),
    )


_XML_TEXT = st.characters(
    blacklist_categories=("Cs",),  # lone surrogates cannot be in an XML file
    blacklist_characters="<&\ufeff\ufffe\uffff",
).filter(lambda char: char in "\t\n\r" or ord(char) >= 0x20)


@given(st.text(_XML_TEXT))
def test_text_without_markup_is_kept(text: str) -> None:
    """Any text an export can hold comes back whole, but for HTML's whitespace rules."""
    expected = re.sub(r"[ \t\n\f\r]+", " ", text).strip()
    blocks = html_to_blocks(text)
    if not expected:
        assert blocks == ()
    else:  # the paragraph's line is where its first visible character is
        assert [(type(b), inline_text(b.inlines)) for b in blocks] == [(Paragraph, expected)]


@given(st.lists(st.sampled_from(["<b>", "</b>", "<i>", "<br>", "<div>", "</div>", "word ", "x"])))
def test_no_character_lost_in_markup(parts: list[str]) -> None:
    """Whatever the tags, every visible character comes back, in order."""
    html = "".join(parts)
    shown = "".join(
        inline_text(p.inlines) for p in html_to_blocks(html) if isinstance(p, Paragraph)
    )
    assert "".join(shown.split()) == "".join(re.sub(r"<[^>]*>", "", html).split())


# --- plain-text content ------------------------------------------------------------

TEXT_CASES: list[tuple[str, str, tuple[Block, ...]]] = [
    ("empty", "", ()),
    ("lines-and-paragraphs", "a\nb\n\nc", (P(T("a"), BR, T("b")), P(T("c"), line=4))),
    ("spaces-collapse", "  a  b  ", (P(T("a b")),)),
    ("many-blank-lines", "\n\n\na\n\n\n\nb\n", (P(T("a"), line=4), P(T("b"), line=8))),
    ("markup-is-text", "<b>x</b> &amp;", (P(T("<b>x</b> &amp;")),)),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in TEXT_CASES],
)
def test_text_to_blocks(text: str, expected: tuple[Block, ...]) -> None:
    assert text_to_blocks(text) == expected
