"""The theme's test for empty templates, spared where the book knows the answer
(``blogbook.sphinxext.themefixes``): the pages must come out as the theme would draw them."""

from __future__ import annotations

import html
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydata_sphinx_theme.toctree import add_toctree_functions

from blogbook.sphinxext.themefixes import (
    hide_from_empty_test,
    on_html_page_context,
    page_toc_drawn,
    restore_after_empty_test,
)

# A section: its title and its subsections, as Sphinx's local table of contents lists them.
Section = tuple[str, list["Section"]]
_titles = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
sections = st.recursive(
    st.tuples(_titles, st.just([])),
    lambda inner: st.tuples(_titles, st.lists(inner, max_size=3)),
    max_leaves=8,
)


def toc_html(entries: list[Section]) -> str:
    """Sphinx's HTML for a local table of contents (``context["toc"]``)."""
    if not entries:
        return ""
    items = "".join(
        f'<li><a class="reference internal" href="#s{at}">{html.escape(title)}</a>'
        f"{toc_html(children)}</li>\n"
        for at, (title, children) in enumerate(entries)
    )
    return f"<ul>\n{items}</ul>\n"


def theme_context(toc: str) -> dict[str, Any]:
    """A page's context with the theme's functions for its table of contents."""
    context: dict[str, Any] = {"toc": toc, "theme_show_toc_level": 2}
    add_toctree_functions(None, "page", "page.html", context, None)  # type: ignore[arg-type]
    return context


def theme_draws(toc: str) -> bool:
    """What page-toc.html decides: ``generate_toc_html() | length >= 1``."""
    return len(theme_context(toc)["generate_toc_html"]()) >= 1


@given(st.lists(sections, min_size=1, max_size=4))
def test_counting_entries_decides_as_the_theme_does(entries: list[Section]) -> None:
    toc = toc_html(entries)
    assert page_toc_drawn(toc) is theme_draws(toc)


@given(st.lists(sections, min_size=1, max_size=4), st.sampled_from(["html", "soup"]))
def test_the_contents_the_templates_ask_for_are_the_themes(
    entries: list[Section], kind: str
) -> None:
    toc = toc_html(entries)
    context = theme_context(toc)
    on_html_page_context(None, "page", "page.html", context, None)  # type: ignore[arg-type]
    assert str(context["generate_toc_html"](kind)) == str(
        theme_context(toc)["generate_toc_html"](kind)
    )


def test_without_a_table_the_theme_decides() -> None:
    assert page_toc_drawn(None) is None
    assert page_toc_drawn("") is None
    assert page_toc_drawn("<ul>\n</ul>\n") is None


def _tested(context: dict[str, object], kept_by_theme: list[str]) -> dict[str, object]:
    """*context* through the book's hooks around the theme, which keeps *kept_by_theme*
    of the secondary sidebar's templates it is left to test."""
    hide_from_empty_test(None, "page", "page.html", context, None)  # type: ignore[arg-type]
    left = context["theme_secondary_sidebar_items"]
    assert isinstance(left, list)
    context["secondary_sidebar_items"] = [name for name in left if name in kept_by_theme]
    restore_after_empty_test(None, "page", "page.html", context, None)  # type: ignore[arg-type]
    return context


def test_contents_kept_where_drawn_in_their_place() -> None:
    toc = toc_html([("Title", [("One", []), ("Two", [])])])
    context = _tested(
        {"toc": toc, "theme_secondary_sidebar_items": "edit-this-page, page-toc, sourcelink"},
        kept_by_theme=["edit-this-page.html"],
    )
    assert context["secondary_sidebar_items"] == ["edit-this-page.html", "page-toc.html"]
    assert context["theme_secondary_sidebar_items"] == "edit-this-page, page-toc, sourcelink"
    assert "blogbook_page_toc_aside" not in context


def test_contents_left_out_where_only_the_title() -> None:
    context = _tested(
        {"toc": toc_html([("Title", [])]), "theme_secondary_sidebar_items": ["page-toc.html"]},
        kept_by_theme=["page-toc.html"],
    )
    assert context["secondary_sidebar_items"] == []


def test_per_page_patterns_left_to_the_theme() -> None:
    patterns = {"**": ["page-toc.html"]}
    context = {"toc": toc_html([("Title", [])]), "theme_secondary_sidebar_items": patterns}
    hide_from_empty_test(None, "page", "page.html", context, None)  # type: ignore[arg-type]
    assert context["theme_secondary_sidebar_items"] is patterns
    assert "blogbook_page_toc_aside" not in context
