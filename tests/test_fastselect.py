"""The theme's CSS selections, made without Soup Sieve's parser, find what Soup Sieve finds
(``fastselect``).

``make html`` matches selectors of tag names and classes joined by ``>`` itself, and
hands any other to Beautiful Soup and Soup Sieve. Both must find the same elements, in
the same order, in any tree; and the theme's selectors must never need Soup Sieve's
parser, whose first use in a process is what this spares.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag
from hypothesis import given
from hypothesis import strategies as st
from soupsieve import SelectorSyntaxError

from blogbook.sphinxext import fastselect
from conftest import ROOT

TAGS = ("ul", "li", "details", "summary", "a", "p", "div")
CLASSES = ("current", "Current", "toctree-l0", "toctree-l1", "reference", "caption", "toc-h1")
# Every selector pydata-sphinx-theme 0.20 and the book's theme fixes give to select().
THEME_SELECTORS = (
    "li",
    "li.toctree-l0 > details",
    "li > details > summary",
    ".toc-h1",
    ".toc-h2",
    "details > a.reference",
    "details > p.caption",
)


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    classes = draw(st.lists(st.sampled_from(CLASSES), max_size=3))
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    children = draw(st.lists(elements(depth + 1), max_size=0 if depth > 3 else 3))
    return f"<{tag}{attribute}>{''.join(children)}</{tag}>"


@st.composite
def compounds(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(("", *TAGS)))
    classes = draw(st.lists(st.sampled_from(CLASSES), min_size=0 if tag else 1, max_size=2))
    return tag + "".join(f".{name}" for name in classes)


selectors = st.lists(compounds(), min_size=1, max_size=3).map(" > ".join)


def by_soup_sieve(scope: Tag, selector: str, limit: int = 0) -> list[Tag]:
    return list(fastselect._SOUP_SIEVE_SELECT(scope, selector, None, limit))


@given(st.lists(elements(), min_size=1, max_size=3), selectors, st.integers(0, 3))
def test_simple_selectors_find_what_soup_sieve_finds(
    trees: list[str], selector: str, limit: int
) -> None:
    soup = BeautifulSoup("".join(trees), "html.parser")
    assert fastselect.parse(selector) is not None
    for scope in [soup, *soup.find_all(True)]:
        found = fastselect.select(scope, selector, limit=limit)
        assert [id(e) for e in found] == [id(e) for e in by_soup_sieve(scope, selector, limit)]
        first = by_soup_sieve(scope, selector, 1)
        assert fastselect.select_one(scope, selector) is (first[0] if first else None)


def test_classes_given_as_a_string_are_read_as_classes() -> None:
    """The theme makes tags of its own with their classes as one string."""
    soup = BeautifulSoup("<ul></ul>", "html.parser")
    soup.ul.append(soup.new_tag("li", attrs={"class": "toctree-l0 current"}))
    for selector in ("li.toctree-l0", "ul > .current.toctree-l0"):
        assert fastselect.select(soup, selector) == by_soup_sieve(soup, selector) == [soup.li]


PAGE = '<ul id="top"><li><a href="x">x</a></li><li class="current"></li></ul>'


@pytest.mark.parametrize("selector", ["ul li", "a[href]", "li:not(.current)", "*", "li, p", "#top"])
def test_any_other_selector_is_soup_sieves(selector: str) -> None:
    assert fastselect.parse(selector) is None
    soup = BeautifulSoup(PAGE, "html.parser")
    with fastselect.selecting_faster():
        assert soup.select(selector) == by_soup_sieve(soup, selector) != []


@pytest.mark.parametrize("selector", [".a >", "> li", "li..a", ""])
def test_a_selector_in_error_is_reported_by_soup_sieve(selector: str) -> None:
    assert fastselect.parse(selector) is None
    soup = BeautifulSoup(PAGE, "html.parser")
    with fastselect.selecting_faster(), pytest.raises(SelectorSyntaxError):
        soup.select(selector)


def test_beautiful_soups_own_select_is_back_afterwards() -> None:
    before = Tag.select, Tag.select_one
    with fastselect.selecting_faster():
        assert (Tag.select, Tag.select_one) == (fastselect.select, fastselect.select_one)
    assert (Tag.select, Tag.select_one) == before


# In a process of its own: whether Soup Sieve's parser compiled its patterns.
UNCOMPILED = """
from bs4 import BeautifulSoup
from soupsieve.css_parser import CSSParser
from blogbook.sphinxext import fastselect

soup = BeautifulSoup("<ul><li class='toctree-l0'><details><summary></summary></details></li></ul>", "html.parser")
with fastselect.selecting_faster():
    for selector in {selectors!r}:
        soup.select(selector)
        soup.select_one(selector)
print(sum(getattr(p, "_re_pattern", None) is not None for p in CSSParser.CSS_TOKENS))
"""


def test_the_themes_selectors_never_compile_soup_sieves_parser() -> None:
    script = textwrap.dedent(UNCOMPILED.format(selectors=THEME_SELECTORS))
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT / "scripts",
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == "0", ran.stderr
