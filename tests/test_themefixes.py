"""The theme's test for empty templates, spared where the book knows the answer
(``blogbook.sphinxext.themefixes``): the pages must come out as the theme would draw them."""

from __future__ import annotations

import html
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pydata_sphinx_theme
import sphinx_book_theme
from hypothesis import given
from hypothesis import strategies as st
from pydata_sphinx_theme.toctree import add_toctree_functions

from blogbook.sphinxext.themefixes import (
    hide_from_empty_test,
    on_html_page_context,
    page_toc_drawn,
    restore_after_empty_test,
)
from conftest import ROOT

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


# A book of one page, with the theme and this fix alone; each page's context is noted.
DESCRIPTION_PROJECT = {
    "conf.py": textwrap.dedent(
        """
        import json
        from pathlib import Path

        from blogbook.sphinxext import themefixes

        html_theme = "sphinx_book_theme"
        author = "A. Writer"

        def note(app, pagename, templatename, context, doctree):
            if pagename == "index":
                kept = {key: context.get(key) for key in ("page_description", "pagetitle", "root_title", "author")}
                Path(app.outdir, "context.json").write_text(json.dumps(kept))

        def setup(app):
            app.connect("builder-inited", themefixes.without_page_description)
            app.connect("html-page-context", note, priority=999)
        """
    ),
    "index.rst": "A page\n======\n\nIts text.\n\nA part\n------\n\nMore text.\n",
}


def test_the_theme_sets_its_page_metadata_without_the_unread_description(tmp_path: Path) -> None:
    for name, text in DESCRIPTION_PROJECT.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(tmp_path), str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": ""},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    context = json.loads((tmp_path / "out" / "context.json").read_text(encoding="utf-8"))
    assert context == {
        "page_description": None,
        "pagetitle": "A page",
        "root_title": "A page",
        "author": "A. Writer",
    }


def test_no_template_reads_the_page_description() -> None:
    """What makes leaving it out safe: a theme upgrade that reads it fails here."""
    themes = [Path(sphinx_book_theme.__file__).parent, Path(pydata_sphinx_theme.__file__).parent]
    templates = [path for theme in themes for path in theme.rglob("*.html")]
    assert len(templates) > 20
    assert not [path for path in templates if "page_description" in path.read_text("utf-8")]
