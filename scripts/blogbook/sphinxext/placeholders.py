"""Placeholder nodes and the directives that leave them in a page.

A placeholder marks where a list drawn from other documents goes. It is
replaced when the document is resolved (:mod:`blogbook.sphinxext.lists`),
for every builder, so no builder ever sees one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from blogbook.sphinxext import incremental
from blogbook.sphinxext.domain import BlogDomain


class Placeholder(nodes.General, nodes.Element):
    """Base class; ``node['docname']`` is the page the placeholder belongs to."""


class post_list(Placeholder):  # noqa: N801 (docutils names nodes in lower case)
    """Posts newest first; optional ``year``, ``month``, ``topic`` filters."""


class topic_index(Placeholder):  # noqa: N801
    """Every topic with its summary and number of posts."""


class related_topics(Placeholder):  # noqa: N801
    """Topics that share posts with ``topic``, most shared first."""


class topic_sources(Placeholder):  # noqa: N801
    """The sources cited by the posts on ``topic``."""


class post_sources(Placeholder):  # noqa: N801
    """The sources a post cites, in the order it first cites them."""


class related_posts(Placeholder):  # noqa: N801
    """The posts in ``related``, each with its date."""


class post_navigation(Placeholder):  # noqa: N801
    """Links to the previous and next post in date order."""


class data_file(Placeholder):  # noqa: N801
    """A link to ``filename``, a file the build publishes at the book's root."""


class source_reference(Placeholder):  # noqa: N801
    """The full reference of the source ``key``."""


class cited_in(Placeholder):  # noqa: N801
    """The posts citing ``key``, each with the sentence that cites it."""


class source_topics(Placeholder):  # noqa: N801
    """The topics of the posts citing ``key``."""


class co_cited(Placeholder):  # noqa: N801
    """The sources cited most often in the same posts as ``key``."""


class source_entry(Placeholder):  # noqa: N801
    """One line of the index of sources: ``key``'s label, title, year and posts."""


def note_listing(directive: SphinxDirective, scope: str) -> None:
    domain = directive.env.get_domain("blog")
    assert isinstance(domain, BlogDomain)
    domain.note_listing(directive.env.docname, scope)


class PostArchiveDirective(SphinxDirective):
    """``{post-archive}``: the posts of a year or month (or all), newest first."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "year": directives.positive_int,
        "month": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        year, month = self.options.get("year"), self.options.get("month")
        note_listing(self, incremental.period(year, month))
        node = post_list(docname=self.env.docname, **self.options)
        return [node]


class TopicIndexDirective(SphinxDirective):
    """``{topic-index}``: every topic of the book."""

    def run(self) -> list[nodes.Node]:
        note_listing(self, incremental.TOPICS)
        return [topic_index(docname=self.env.docname)]
