"""Glossary terms and index entries (blogbook.terms): the terms of the glossary's directives,
and where a post first names a term (linked) or an entity (indexed)."""

from __future__ import annotations

import pytest

from blocks import L, P, T
from blogbook.editorial import IndexEntry
from blogbook.model import Paragraph
from blogbook.phrases import post_text
from blogbook.terms import (
    IndexMark,
    Term,
    TermLink,
    find_index_marks,
    find_term_links,
    parse_glossary,
)

GLOSSARY = """\
```{glossary}
A Level
  An exam taken at eighteen.
:sorted:
Care Order
  An order placing a child in the care of a local authority.
```
```{glossary}
Cafcass
  The Children and Family Court Advisory and Support Service.
```
Not a term

::::{glossary}
Section 47
  An enquiry.
::::
"""


def test_the_terms_of_every_glossary_directive() -> None:
    terms, problems = parse_glossary(GLOSSARY, "glossary.md")
    assert ([term.name for term in terms], problems) == (
        ["A Level", "Care Order", "Cafcass", "Section 47"],
        (),
    )


def test_link_phrases_match_as_their_term() -> None:
    text = "---\nlink_phrases:\n  Care Order: [Care Orders, care proceedings]\n---\n" + GLOSSARY
    terms, problems = parse_glossary(text, "glossary.md")
    assert problems == ()
    found = {
        term.name: [
            m.group() for m in term.pattern.finditer("care orders, Care Order and Care Proceedings")
        ]
        for term in terms
    }
    assert found == {
        "A Level": [],
        "Care Order": ["care orders", "Care Order", "Care Proceedings"],
        "Cafcass": [],
        "Section 47": [],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\n- x\n---\n",
            ["glossary.md:2: error: front matter must be a mapping [bad-glossary]"],
        ),
        (
            "---\nlink_phrases: [x]\n---\n",
            ["glossary.md:2: error: link_phrases must be a mapping [bad-glossary]"],
        ),
        (
            "---\nlink_phrases:\n  Cafcass: {a: b}\n---\n",
            ["glossary.md:3: error: link phrases must be a list [bad-glossary]"],
        ),
        (
            "---\nlink_phrases:\n  Cafcass: [[a]]\n---\n",
            ["glossary.md:3: error: link phrases must be text [bad-glossary]"],
        ),
        (
            "---\nlink_phrases:\n  Care Orders: [x]\n---\n```{glossary}\nBad <term>\n  x\nCafcass\n  y\n```\n",
            [
                "glossary.md:6: error: glossary term 'Bad <term>' may not contain <, > or backticks [bad-term]",
                "glossary.md:3: error: link_phrases names 'Care Orders', which is not a term of the glossary [unknown-term]",
            ],
        ),
    ],
)
def test_problems(text: str, expected: list[str]) -> None:
    assert [d.format() for d in parse_glossary(text, "glossary.md")[1]] == expected


CARE_ORDER = Term(
    name="Care Order",
    pattern=parse_glossary("```{glossary}\nCare Order\n```\n", "g.md")[0][0].pattern,
)
ODD = parse_glossary(
    "---\nlink_phrases:\n  Care Order: ['Care <Order>', 'Care `Order`']\n---\n```{glossary}\nCare Order\n```\n",
    "g.md",
)[0]


@pytest.mark.parametrize(
    ("paragraphs", "terms", "avoid", "expected"),
    [
        # The first use in the post, case-insensitively.
        ((P(T("No term.")), P(T("A care order, a Care Order."))), (CARE_ORDER,), {}, [(1, 2, 12)]),
        # Never inside a link, nor overlapping one.
        (
            (P(L("http://a.org", T("Care Order")), T(" and Care Order")),),
            (CARE_ORDER,),
            {},
            [(0, 15, 25)],
        ),
        (
            (P(T("Care "), L("http://a.org", T("Order x")), T(" Care Order")),),
            (CARE_ORDER,),
            {},
            [(0, 13, 23)],
        ),
        # Never across a citation's place; next to one is fine.
        ((P(T("Care Order, Care Order")),), (CARE_ORDER,), {0: [5]}, [(0, 12, 22)]),
        ((P(T("Care Order, Care Order")),), (CARE_ORDER,), {0: [0, 10]}, [(0, 0, 10)]),
        ((P(T("Care Order")), P(T("Care Order"))), (CARE_ORDER,), {0: [3]}, [(1, 0, 10)]),
        # A phrase whose words hold <, > or a backtick cannot be a role's text: the next use.
        ((P(T("a Care <Order> or Care `Order` and a Care Order")),), ODD, {}, [(0, 37, 47)]),
    ],
)
def test_find_term_links(
    paragraphs: tuple[Paragraph, ...],
    terms: tuple[Term, ...],
    avoid: dict[int, list[int]],
    expected: list[tuple[int, int, int]],
) -> None:
    links = find_term_links(post_text(paragraphs), terms, avoid=avoid)
    assert [(link.paragraph, link.start, link.end) for link in links] == expected


def test_term_links_in_reading_order_and_never_overlapping() -> None:
    terms = parse_glossary("```{glossary}\nCare Order\nOrder\nCafcass\n```\n", "g.md")[0]
    text = post_text((P(T("Cafcass.")), P(T("A Care Order, an order. Cafcass."))))
    assert find_term_links(text, terms, avoid={}) == (
        TermLink(paragraph=0, start=0, end=7, term="Cafcass"),
        TermLink(paragraph=1, start=2, end=12, term="Care Order"),
        TermLink(paragraph=1, start=17, end=22, term="Order"),
    )


def test_index_marks_where_an_entity_is_first_named() -> None:
    entries = (
        IndexEntry(entry="Rotherham", phrases=("rotherham",), line=1),
        IndexEntry(entry="Guardian, The", phrases=("the Guardian", "Guardian readers"), line=2),
        IndexEntry(entry="Ofsted", phrases=("Ofsted",), line=3),
        IndexEntry(entry="Cafcass", phrases=("Cafcass",), line=4),
    )
    text = post_text(
        (
            P(T("Guardian readers.")),
            P(T("Rotherham, said THE GUARDIAN.")),
            P(T("Rotherham and Ofsted.")),
        )
    )
    assert find_index_marks(text, entries) == (
        IndexMark(paragraph=0, entries=("Guardian, The",)),
        IndexMark(paragraph=1, entries=("Rotherham",)),
        IndexMark(paragraph=2, entries=("Ofsted",)),
    )
