"""Where citations go (blogbook.citations): after the first mention of a cue, never inside a
link; and links to a source's address in Blogger exports, turned into citations."""

from __future__ import annotations

import datetime

import pytest

from blocks import BR, EM, ST, UL, L, P, Q, T
from blogbook.citations import (
    Citation,
    cite_links,
    cue_applies,
    find_citations,
    index_cues,
    merge_citations,
)
from blogbook.editorial import Cue, PostKey
from blogbook.model import Block, Origin, Paragraph, Post
from blogbook.phrases import Span, link_spans, overlaps, post_text

DAY = datetime.date(2014, 8, 14)


def cue(phrase: str, key: str = "jay2014") -> Cue:
    return Cue(key=key, phrase=phrase, line=1)


@pytest.mark.parametrize(
    ("paragraphs", "phrase", "expected"),
    [
        # After the phrase, at its first mention in the post.
        ((P(T("Not here.")), P(T("The Jay report, the Jay report."))), "Jay report", [(1, 14)]),
        # Whole words, matched case-sensitively.
        ((P(T("the jay report, Jay reports, Jay report")),), "Jay report", [(0, 39)]),
        ((P(T("the jay report")),), "Jay report", []),
        # A mention that ends inside a link: the citation follows the link...
        ((P(T("see the "), L("http://a.org", T("Jay report")), T(" here")),), "the Jay", [(0, 18)]),
        # ...and one that starts before a link and ends inside it.
        (
            (P(T("the Jay "), L("http://a.org", T("report here")), T(" x")),),
            "Jay report",
            [(0, 19)],
        ),
        # One wholly inside a link, too.
        ((P(T("a "), L("http://a.org", T("the Jay report")), T(" b")),), "Jay", [(0, 16)]),
        # One that ends where a link starts, or starts where one ends, stays where it is.
        ((P(T("Jay"), L("http://a.org", T("(report)")), T(" x")),), "Jay", [(0, 3)]),
        ((P(L("http://a.org", T("report")), T("-Jay x")),), "Jay", [(0, 10)]),
        # Offsets count line breaks and the text of styled runs.
        ((P(T("a"), BR, EM(T("b "), ST(T("c"))), T(" Jay")),), "Jay", [(0, 9)]),
    ],
)
def test_the_first_mention_gets_the_citation(
    paragraphs: tuple[Paragraph, ...], phrase: str, expected: list[tuple[int, int]]
) -> None:
    citations, matched = find_citations(post_text(paragraphs), [cue(phrase)])
    assert [(c.paragraph, c.offset) for c in citations] == expected
    assert matched == (frozenset({cue(phrase)}) if expected else frozenset())


def test_cues_of_one_place_share_a_citation_in_the_order_found() -> None:
    text = post_text((P(T("The Jay report and Ofsted.")),))
    cues = [
        cue("Jay report", "b"),
        cue("The Jay report", "a"),
        cue("Ofsted", "c"),
        cue("Jay report", "b"),
    ]
    citations, matched = find_citations(text, cues)
    assert citations == (
        Citation(paragraph=0, offset=14, keys=("b", "a")),
        Citation(paragraph=0, offset=25, keys=("c",)),
    )
    assert matched == frozenset(cues)


@pytest.mark.parametrize(
    ("since", "until", "date", "applies"),
    [
        (None, None, DAY, True),
        (DAY, None, DAY, True),
        (DAY, None, DAY - datetime.timedelta(days=1), False),
        (None, DAY, DAY, True),
        (None, DAY, DAY + datetime.timedelta(days=1), False),
        (DAY, DAY, DAY, True),
    ],
)
def test_a_cue_applies_between_its_dates(
    since: datetime.date | None, until: datetime.date | None, date: datetime.date, applies: bool
) -> None:
    limited = Cue(key="k", phrase="x", since=since, until=until, line=1)
    assert cue_applies(limited, date, []) is applies


def test_a_cue_limited_to_posts() -> None:
    named = PostKey(date=DAY, words="Care Proceedings", line=3)
    other = PostKey(date=DAY, words="Another", line=4)
    limited = Cue(key="k", phrase="x", posts=(named,), line=1)
    assert cue_applies(limited, DAY, [other, named]) is True
    assert cue_applies(limited, DAY, [other]) is False
    assert cue_applies(limited, DAY, []) is False


def test_link_spans() -> None:
    paragraph = P(
        T("ab"),
        BR,
        L("http://a.org", T("cd")),
        EM(T("e"), L("http://b.org", ST(T("fg")))),
        T("h"),
        L("http://c.org", T("i"), BR, EM(T("j"))),
    )
    assert link_spans(paragraph) == [
        Span(start=3, end=5),
        Span(start=6, end=8),
        Span(start=9, end=12),
    ]


@pytest.mark.parametrize(
    ("start", "end", "overlapping"),
    [(0, 2, False), (0, 3, True), (4, 5, True), (3, 7, True), (6, 9, True), (7, 9, False)],
)
def test_spans_that_touch_do_not_overlap(start: int, end: int, overlapping: bool) -> None:
    assert overlaps(Span(start=start, end=end), [Span(start=9, end=9), Span(start=2, end=7)]) is (
        overlapping
    )


# --- links to a source's address --------------------------------------------------------

JAY = "https://www.example.org/jay/"
SOURCES = {"example.org/jay": "jay2014", "example.org/ofsted": "ofsted2014"}


def post(*blocks: Block) -> Post:
    return Post(date=DAY, title="A post", blocks=blocks, origin=Origin(path="a.xml", line=1))


def test_links_to_sources_become_citations_wherever_they_stand() -> None:
    given = post(
        P(T("one")),
        P(T("a"), BR, L(JAY, T("the report")), T(" b")),
        Q(P(T("c "), ST(L("http://example.org/ofsted#top", T("Ofsted"))), T(" d"))),
        UL(
            (P(EM(T("e "), L("http://other.org/", T("f")), T(" "), L(JAY, T("Jay")))),),
            (P(T("g")),),
        ),
    )
    cited, citations = cite_links(given, SOURCES)
    assert cited == post(
        P(T("one")),
        P(T("a"), BR, T("the report"), T(" b")),
        Q(P(T("c "), ST(T("Ofsted")), T(" d"))),
        UL((P(EM(T("e "), L("http://other.org/", T("f")), T(" "), T("Jay"))),), (P(T("g")),)),
    )
    assert citations == (
        Citation(paragraph=1, offset=12, keys=("jay2014",)),
        Citation(paragraph=2, offset=8, keys=("ofsted2014",)),
        Citation(paragraph=3, offset=7, keys=("jay2014",)),
    )


def test_a_post_without_links_to_sources_is_left_alone() -> None:
    given = post(P(L("http://other.org/", T("x"))))
    assert cite_links(given, SOURCES) == (given, ())
    assert cite_links(post(P(L(JAY, T("x")))), {}) == (post(P(L(JAY, T("x")))), ())


def test_merged_citations_one_per_place() -> None:
    first = (
        Citation(paragraph=0, offset=5, keys=("a",)),
        Citation(paragraph=1, offset=2, keys=("b",)),
    )
    second = (
        Citation(paragraph=0, offset=5, keys=("c", "a")),
        Citation(paragraph=0, offset=1, keys=("d",)),
    )
    assert merge_citations(first, second) == (
        Citation(paragraph=0, offset=1, keys=("d",)),
        Citation(paragraph=0, offset=5, keys=("a", "c")),
        Citation(paragraph=1, offset=2, keys=("b",)),
    )


def test_a_cue_that_does_not_match_leaves_the_next_ones_their_turn() -> None:
    """A cue whose words are all in the post but not as its phrase does not stop the search."""
    text = post_text((P(T("The report of Jay, and the Jay report.")),))
    citations, matched = find_citations(text, [cue("Jay of report", "a"), cue("Jay report", "b")])
    assert ([c.keys for c in citations], matched) == ([("b",)], frozenset({cue("Jay report", "b")}))


def test_the_cue_index_offers_only_the_cues_a_post_can_hold() -> None:
    """Filed under their rarest word, matched case as written: a post's words rule most out."""
    cues = (
        cue("Ofsted report", "a"),
        cue("the Cafcass figures", "b"),
        cue("Ofsted", "c"),
        cue("the inspect*", "d"),
    )
    index = index_cues(cues)
    possible = index.possible(post_text((P(T("An Ofsted report, the inspection.")),)))
    assert [each.key for each in possible] == ["a", "c", "d"]
    assert index.possible(post_text((P(T("an ofsted report")),))) == []
