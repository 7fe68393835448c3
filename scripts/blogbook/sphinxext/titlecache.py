"""Titles rendered to HTML once per process, not once for every page that shows them.

For each page it writes, Sphinx's HTML builder renders the titles of the page itself, of
its previous and next pages and of every page above it (a month's page, its year's, the
archive's, the home page's), each through a docutils writer of its own
(``render_partial``): 7.6 renderings a page, 1.9 s of a one-process build of 1,000
posts, for a thousand distinct titles. The titles are nodes Sphinx keeps, unchanged, for
the whole of the writing (``env.titles``, ``env.longtitles``): each is rendered once here
and its HTML reused. Any other node (a page's contents) is rendered as before.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.build_phase import BuildPhase

Render = Callable[[nodes.Node | None], dict[str, str]]


class TitleCache:
    """``render_partial`` for a builder, with the titles' renderings kept."""

    def __init__(self, app: Sphinx, render: Render) -> None:
        self.app = app
        self.render = render
        self.titles: dict[int, nodes.Node] | None = None  # by id, once writing begins
        self.rendered: dict[int, dict[str, str]] = {}

    def __call__(self, node: nodes.Node | None) -> dict[str, str]:
        if node is None or self.app.phase not in (BuildPhase.RESOLVING, BuildPhase.WRITING):
            return self.render(node)
        if self.titles is None:  # the titles are final once the pages are read
            env = self.app.env
            kept = (*env.titles.values(), *env.longtitles.values())
            self.titles = {id(title): title for title in kept}
        key = id(node)
        if self.titles.get(key) is not node:
            return self.render(node)
        if key not in self.rendered:
            self.rendered[key] = self.render(node)
        return dict(self.rendered[key])  # a copy: callers may change what they are given


def keep_rendered_titles(app: Sphinx) -> None:
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder):
        builder.render_partial = TitleCache(app, builder.render_partial)  # type: ignore[method-assign]
