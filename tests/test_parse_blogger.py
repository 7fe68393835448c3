"""Tests for the Blogger export reader.

Three levels: tables for the small pure functions (HTML to blocks, plain-text content,
timestamps, format detection), and case files for whole exports: each fixture under
``tests/fixtures/blogger/`` is read with the options given in ``EXPORT_CASES`` and the whole
result is compared with ``expected/<case>.json``. To regenerate the goldens after an
intended change, run with ``--update-goldens`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blogbook.diagnostics import Severity
from blogbook.model import (
    Block,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Text,
    inline_text,
)
from blogbook.parse_blogger import (
    detect_blogger_format,
    html_to_blocks,
    parse_blogger_export,
    parse_timestamp,
    text_to_blocks,
)

FIXTURES = Path(__file__).parent / "fixtures" / "blogger"


# --- builders for expected values --------------------------------------------------


def T(text: str) -> Text:  # noqa: N802 - short names keep the tables readable
    return Text(text=text)


BR = LineBreak()


def L(url: str, *children: Inline) -> Link:  # noqa: N802
    return Link(url=url, children=children)


def EM(*children: Inline) -> Emphasis:  # noqa: N802
    return Emphasis(children=children)


def ST(*children: Inline) -> Strong:  # noqa: N802
    return Strong(children=children)


def P(*inlines: Inline, line: int = 1) -> Paragraph:  # noqa: N802
    return Paragraph(inlines=inlines, line=line)


def UL(*items: tuple[Block, ...], line: int = 1) -> ListBlock:  # noqa: N802
    return ListBlock(ordered=False, items=items, line=line)


def OL(*items: tuple[Block, ...], line: int = 1) -> ListBlock:  # noqa: N802
    return ListBlock(ordered=True, items=items, line=line)


def Q(*blocks: Block, line: int = 1) -> Quote:  # noqa: N802
    return Quote(blocks=blocks, line=line)


IMG = "http://1.bp.blogspot.com/-AbC/U-1/AAAA/XyZ"

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


# --- timestamps --------------------------------------------------------------------

_BST = datetime.timezone(datetime.timedelta(hours=1))
_PDT = datetime.timezone(datetime.timedelta(hours=-7))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2014-08-28T10:12:00.001+01:00", datetime.datetime(2014, 8, 28, 10, 12, 0, 1000, _BST)),
        ("2014-08-15T00:30:00.000+01:00", datetime.datetime(2014, 8, 15, 0, 30, tzinfo=_BST)),
        ("2011-05-11T19:46:00Z", datetime.datetime(2011, 5, 11, 19, 46, tzinfo=datetime.UTC)),
        ("2010-11-27T07:12:00.5-07:00", datetime.datetime(2010, 11, 27, 7, 12, 0, 500000, _PDT)),
        (
            "2010-11-27T07:12:00.123456789-07:00",
            datetime.datetime(2010, 11, 27, 7, 12, 0, 123456, _PDT),
        ),
        ("2014-02-30T10:00:00Z", None),
        ("2014-08-28T25:00:00Z", None),
        ("2014-08-28", None),
        ("2014-08-28T10:12:00", None),
        ("Thursday, 28 August 2014", None),
        ("", None),
    ],
)
def test_parse_timestamp(raw: str, expected: datetime.datetime | None) -> None:
    assert parse_timestamp(raw) == expected


# --- format detection --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param((FIXTURES / "classic.xml").read_bytes(), "blogger-atom", id="classic"),
        pytest.param((FIXTURES / "takeout.atom").read_bytes(), "takeout-atom", id="takeout"),
        pytest.param((FIXTURES / "bad-entries.xml").read_bytes(), "blogger-atom", id="bad-entries"),
        pytest.param((FIXTURES / "not-blogger.xml").read_bytes(), None, id="other-atom"),
        pytest.param((FIXTURES / "not-xml.xml").read_bytes(), None, id="not-xml"),
        pytest.param(
            b"<feed xmlns='http://www.w3.org/2005/Atom'><id>tag:blogger.com,1999:blog-1.archive</id></feed>",
            "blogger-atom",
            id="classic-without-entries",
        ),
        pytest.param(
            b"<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'/>",
            "takeout-atom",
            id="takeout-without-entries",
        ),
        pytest.param(b"<rss version='2.0'><channel/></rss>", None, id="rss"),
        pytest.param(b"Thursday, 28 August 2014\n\nText.\n", None, id="plain-text"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_detect_blogger_format(data: bytes, expected: str | None) -> None:
    assert detect_blogger_format(data) == expected


# --- whole exports -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class ExportCase:
    name: str  # also the golden's name: expected/<name>.json
    fixture: str
    include_drafts: bool = False


EXPORT_CASES = [
    ExportCase(name="classic", fixture="classic.xml"),
    ExportCase(name="classic-with-drafts", fixture="classic.xml", include_drafts=True),
    ExportCase(name="takeout", fixture="takeout.atom"),
    ExportCase(name="takeout-with-drafts", fixture="takeout.atom", include_drafts=True),
    ExportCase(name="odd-entries", fixture="odd-entries.atom"),
    ExportCase(name="bad-entries", fixture="bad-entries.xml"),
    ExportCase(name="not-xml", fixture="not-xml.xml"),
    ExportCase(name="not-blogger", fixture="not-blogger.xml"),
]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in EXPORT_CASES])
def test_export_case(case: ExportCase, update_goldens: bool) -> None:
    data = (FIXTURES / case.fixture).read_bytes()
    result = parse_blogger_export(data, case.fixture, include_drafts=case.include_drafts)
    actual = json.dumps(to_json(result), ensure_ascii=False, indent=1) + "\n"
    golden = FIXTURES / "expected" / f"{case.name}.json"
    if update_goldens:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def to_json(value: Any) -> Any:
    """A whole ParseResult as plain JSON data; each record names its type."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            field.name: to_json(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
        return {"type": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _export(entries: str, *, feed_attributes: str = "") -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<feed xmlns='http://www.w3.org/2005/Atom'{feed_attributes}>\n"
        "<id>tag:blogger.com,1999:blog-1.archive</id>\n"
        f"{entries}</feed>\n"
    ).encode()


_KIND_POST = (
    "<category scheme='http://schemas.google.com/g/2005#kind' "
    "term='http://schemas.google.com/blogger/2008/kind#post'/>"
)


def test_example_from_the_brief() -> None:
    data = _export(
        f"<entry>{_KIND_POST}<published>2014-08-28T10:12:00.001+01:00</published>"
        "<title type='text'>Rotherham</title>"
        "<content type='html'>First para&lt;br /&gt;&lt;br /&gt;"
        "Second line one&lt;br /&gt;line two</content></entry>\n"
    )
    result = parse_blogger_export(data, "blog.xml")
    assert to_json(result) == {
        "type": "ParseResult",
        "posts": [
            {
                "type": "Post",
                "date": "2014-08-28",
                "title": "Rotherham",
                "blocks": [
                    {
                        "type": "Paragraph",
                        "inlines": [{"type": "Text", "text": "First para"}],
                        "line": 4,
                    },
                    {
                        "type": "Paragraph",
                        "inlines": [
                            {"type": "Text", "text": "Second line one"},
                            {"type": "LineBreak"},
                            {"type": "Text", "text": "line two"},
                        ],
                        "line": 4,
                    },
                ],
                "origin": {"type": "Origin", "path": "blog.xml", "line": 4},
                "original_url": None,
                "labels": [],
            }
        ],
        "diagnostics": [],
    }


def test_posts_come_out_in_time_order() -> None:
    def post(stamp: str, title: str) -> str:
        return (
            f"<entry>{_KIND_POST}<published>{stamp}</published>"
            f"<title>{title}</title><content type='html'>x</content></entry>\n"
        )

    data = _export(
        post("2014-08-14T16:05:00-07:00", "third")  # 23:05 UTC
        + post("2014-08-14T23:00:00+01:00", "second")  # 22:00 UTC
        + post("2014-08-14T09:00:00Z", "first")
        + post("2014-08-14T09:00:00Z", "first too")
    )
    result = parse_blogger_export(data, "blog.xml")
    assert [(p.title, p.date.isoformat()) for p in result.posts] == [
        ("first", "2014-08-14"),
        ("first too", "2014-08-14"),
        ("second", "2014-08-14"),
        ("third", "2014-08-14"),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", ("export-not-xml", 1), id="empty"),
        pytest.param(b"<rss version='2.0'><channel/></rss>", ("export-not-blogger", 1), id="rss"),
        pytest.param(
            b"<?xml version='1.0'?>\n<!DOCTYPE feed [<!ENTITY x 'y'>]>\n"
            b"<feed xmlns='http://www.w3.org/2005/Atom'>&x;</feed>",
            ("export-not-blogger", 1),
            id="dtd",
        ),
        pytest.param(b"<feed>\n<entry>\n</feed>", ("export-not-xml", 3), id="unclosed"),
        pytest.param(
            b"<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry><app:draft/></entry></feed>",
            ("export-not-xml", 2),
            id="undeclared-prefix",
        ),
        pytest.param(b"<feed>\n\xff</feed>", ("export-not-xml", 2), id="not-utf8"),
    ],
)
def test_unreadable_files(data: bytes, expected: tuple[str, int]) -> None:
    result = parse_blogger_export(data, "blog.xml")
    assert result.posts == ()
    assert [(d.severity, d.code, d.line) for d in result.diagnostics] == [
        (Severity.ERROR, *expected)
    ]


def test_empty_export_warns() -> None:
    result = parse_blogger_export(_export(""), "blog.xml")
    assert [d.format() for d in result.diagnostics] == [
        "blog.xml:1: warning: the export holds no published post [export-no-posts]"
    ]


def test_html_too_deep_to_read_warns() -> None:
    deep = "&lt;div&gt;" * 3000 + "lost"
    data = _export(
        f"<entry>{_KIND_POST}<published>2014-08-28T10:12:00Z</published>"
        f"<title>Deep</title>\n<content type='html'>kept{deep}</content></entry>\n"
    )
    result = parse_blogger_export(data, "blog.xml")
    assert [(d.severity, d.code, d.line) for d in result.diagnostics] == [
        (Severity.WARNING, "export-html-incomplete", 5),
    ]
    assert result.posts[0].blocks == (P(T("kept"), line=5),)
