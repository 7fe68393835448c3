"""Fixes to markup the book does not write itself: the theme's and docutils' HTML.

Each works around a bug of a pinned version, found by the accessibility checks of
``tests/browser``; drop it when a version that fixes the bug is pinned.

- pydata-sphinx-theme 0.20.0 draws the sidebar's expand/collapse control as a
  ``<summary>`` holding only an icon: screen readers announce a control with no name.
- sphinx-book-theme 1.4.0 writes the page title (``pagetitle``, plain text) unescaped
  into its print header: a post titled ``<script>`` would run.
- docutils 0.22 marks each source on the Sources page ``role="doc-biblioentry"``, a role
  DPUB-ARIA 1.1 deprecates, inside ``role="list"``: the list has no list items.

And two for speed: pydata-sphinx-theme 0.20 renders each template of the page's header,
footer and sidebar sections once to test whether it is empty, then again into the page.

- The article header's buttons are never empty (the theme switcher is always among them)
  and are the dearest to render, 2 ms a page, since sphinx-book-theme 1.4 imports their
  macros with the page's context: they are hidden from the test and rendered once.
- The page's contents ("On this page") are drawn only where Sphinx's local table of
  contents holds more than the page's title. Its entries are counted instead, which
  spares the test's parse of that table on every page (1.7 s of a build of 1,000 posts,
  most of whose pages have no contents). The article header's button that shows the
  contents, and the contents of the printed page, ask the theme for them too: where
  there is only the title, they are given the theme's answer, nothing, without the parse
  (about 0.4 CPU s of a clean build of 1,000 posts).
- sphinx-book-theme 1.4 works out a page description for every page, from the text of
  each of its sections (a nested section's text again with each section around it),
  which no template of either theme reads: 35 ms for the archive's page at 1,000 posts,
  and as much for each topic's. Its page handler runs without the doctree it reads it
  from (:func:`without_page_description`), the only part that needs it.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sphinx_book_theme
from bs4 import BeautifulSoup
from sphinx.application import Sphinx

# Only markup can hold the attribute with its quotes: docutils writes text's quotes as &quot;.
_DEPRECATED_ENTRY_ROLE = ' role="doc-biblioentry"'


def register(app: Sphinx) -> None:
    app.connect("html-page-context", escape_print_title, priority=900)
    # Around pydata-sphinx-theme's test of which templates are empty (500).
    app.connect("html-page-context", hide_from_empty_test, priority=450)
    app.connect("html-page-context", restore_after_empty_test, priority=550)
    # After pydata-sphinx-theme (500), which puts the sidebar's function in the context.
    app.connect("html-page-context", on_html_page_context, priority=900)
    app.connect("builder-inited", without_page_description)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if "body" in context:
        context["body"] = context["body"].replace(_DEPRECATED_ENTRY_ROLE, ' role="listitem"')
    generate = context.get("generate_toctree_html")
    if callable(generate):
        context["generate_toctree_html"] = _with_named_toggles(generate)
    generate_toc = context.get("generate_toc_html")
    if callable(generate_toc) and page_toc_drawn(context.get("toc")) is False:
        context["generate_toc_html"] = _title_alone(generate_toc)


def _with_named_toggles(generate: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(generate)
    def generate_named(*args: Any, **kwargs: Any) -> Any:
        tree = generate(*args, **kwargs)
        if isinstance(tree, BeautifulSoup):
            name_toggles(tree)
        return tree

    return generate_named


def _title_alone(generate_toc: Callable[..., Any]) -> Callable[..., Any]:
    """The theme's ``generate_toc_html`` for a page whose contents are its title alone:
    what the theme would return for the HTML (nothing), without parsing the table."""

    @functools.wraps(generate_toc)
    def nothing_drawn(kind: str = "html") -> Any:
        return "" if kind == "html" else generate_toc(kind)

    return nothing_drawn


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
# The page's contents: its template, its section, and the page's entry set aside for it.
_PAGE_TOC = "page-toc.html"
_SECONDARY = "theme_secondary_sidebar_items"
_PAGE_TOC_ASIDE = "blogbook_page_toc_aside"
_TOC_ENTRY = re.compile(r"<li[\s>]")


def hide_from_empty_test(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Before pydata-sphinx-theme's test (priority 500): the sections set aside, and the
    page's contents where the table of contents tells whether they are drawn."""
    context[_HIDDEN] = {
        section: context.pop(section) for section in _NEVER_EMPTY if section in context
    }
    drawn = page_toc_drawn(context.get("toc"))
    templates = context.get(_SECONDARY)
    if drawn is None or not isinstance(templates, str | list):  # a dict: left to the theme
        return
    names = template_names(templates)
    if _PAGE_TOC in names:
        context[_SECONDARY] = [name for name in names if name != _PAGE_TOC]
        context[_PAGE_TOC_ASIDE] = (templates, names, drawn)


def restore_after_empty_test(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After the test: the sections back, as the theme would have left them (a list of
    template names, each with its suffix), and the page's contents where they are drawn."""
    for section, templates in context.pop(_HIDDEN, {}).items():
        context[section] = template_names(templates)
    aside = context.pop(_PAGE_TOC_ASIDE, None)
    if aside is not None:
        templates, names, drawn = aside
        kept = set(context.get("secondary_sidebar_items", ()))
        context["secondary_sidebar_items"] = [
            name for name in names if name in kept or (name == _PAGE_TOC and drawn)
        ]
        context[_SECONDARY] = templates


def template_names(templates: str | list[str]) -> list[str]:
    """Template names as the theme lists them: split at commas, each with a suffix."""
    names = templates.split(",") if isinstance(templates, str) else templates
    return [name if Path(name).suffix else f"{name}.html" for name in map(str.strip, names) if name]


def page_toc_drawn(toc: object) -> bool | None:
    """Whether pydata-sphinx-theme 0.20 draws the page's contents, from Sphinx's local
    table of contents (``toc``) without parsing it: one entry is the page's title alone,
    which the theme draws as nothing; more are drawn. None (no table, or no entry):
    left to the theme's test."""
    if not isinstance(toc, str):
        return None
    entries = len(_TOC_ENTRY.findall(toc))
    return entries > 1 if entries else None


def without_page_description(app: Sphinx) -> None:
    """``builder-inited``: sphinx-book-theme's page handler, given no doctree, sets the
    page's metadata but the description no template reads."""
    listeners = app.events.listeners.get("html-page-context", [])
    for at, listener in enumerate(listeners):
        if listener.handler is sphinx_book_theme.add_metadata_to_page:
            # In its place: pydata-sphinx-theme's handlers of the same priority, run
            # after it, read what it sets.
            listeners[at] = listener._replace(handler=page_metadata)


def page_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    sphinx_book_theme.add_metadata_to_page(app, pagename, templatename, context, None)
