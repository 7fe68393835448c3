"""Fixes to markup the book does not write itself: the theme's and docutils' HTML.

Each works around a bug of a pinned version, found by the accessibility checks of
``tests/browser``; drop it when a version that fixes the bug is pinned.

- pydata-sphinx-theme 0.20.0 draws the sidebar's expand/collapse control as a
  ``<summary>`` holding only an icon: screen readers announce a control with no name.
- sphinx-book-theme 1.4.0 writes the page title (``pagetitle``, plain text) unescaped
  into its print header: a post titled ``<script>`` would run.
- docutils 0.22 marks each source on the Sources page ``role="doc-biblioentry"``, a role
  DPUB-ARIA 1.1 deprecates, inside ``role="list"``: the list has no list items.

And one for speed: pydata-sphinx-theme 0.20 renders each template of the page's header
and footer sections once to test whether it is empty, then again into the page. The
article header's buttons are never empty (the theme switcher is always among them) and
are the dearest to render, 2 ms a page, since sphinx-book-theme 1.4 imports their macros
with the page's context: they are hidden from the test and rendered once.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.application import Sphinx

# Only markup can hold the attribute with its quotes: docutils writes text's quotes as &quot;.
_DEPRECATED_ENTRY_ROLE = ' role="doc-biblioentry"'


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if "body" in context:
        context["body"] = context["body"].replace(_DEPRECATED_ENTRY_ROLE, ' role="listitem"')
    generate = context.get("generate_toctree_html")
    if callable(generate):
        context["generate_toctree_html"] = _with_named_toggles(generate)


def _with_named_toggles(generate: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(generate)
    def generate_named(*args: Any, **kwargs: Any) -> Any:
        tree = generate(*args, **kwargs)
        if isinstance(tree, BeautifulSoup):
            name_toggles(tree)
        return tree

    return generate_named


def name_toggles(tree: BeautifulSoup) -> None:
    """Name each expand/collapse control after the entry whose pages it shows."""
    for summary in tree.select("li > details > summary"):
        entry = summary.find_parent("li")
        link = entry.find("a", recursive=False) if entry is not None else None
        title = link.get_text(" ", strip=True) if link is not None else "this entry"
        summary["aria-label"] = f"Pages under {title}"


def escape_print_title(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """sphinx-book-theme 1.4.0 writes ``pagetitle`` (plain text) unescaped into its print
    header; a post titled ``<script>`` must stay text. Runs after the theme sets it."""
    if isinstance(context.get("pagetitle"), str):
        context["pagetitle"] = html.escape(context["pagetitle"], quote=True)


# Sections whose templates always draw something: not tested for emptiness.
_NEVER_EMPTY = ("theme_article_header_end",)
_HIDDEN = "blogbook_hidden_sections"


def hide_from_empty_test(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Before pydata-sphinx-theme's test (priority 500): the sections set aside."""
    context[_HIDDEN] = {
        section: context.pop(section) for section in _NEVER_EMPTY if section in context
    }


def restore_after_empty_test(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After the test: the sections back, as the theme would have left them (a list of
    template names, each with its suffix)."""
    for section, templates in context.pop(_HIDDEN, {}).items():
        names = templates.split(",") if isinstance(templates, str) else templates
        context[section] = [
            name if Path(name).suffix else f"{name}.html" for name in map(str.strip, names) if name
        ]
