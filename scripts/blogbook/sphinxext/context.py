"""What a list drawn on a page needs: the builder, the page, the records, the sources.

One :class:`ResolveContext` is made per page when its doctree is resolved; the lists of
:mod:`~blogbook.sphinxext.lists` and :mod:`~blogbook.sphinxext.sourcepages` draw with it.
Links are made with :func:`sphinx.util.nodes.make_refnode`, right for html, epub and latex.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, cast

from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.util.nodes import make_refnode
from sphinxcontrib.bibtex.domain import BibtexDomain

from blogbook import slugs
from blogbook.sphinxext.bibdomain import BookBibtexDomain
from blogbook.sphinxext.bibstyle import short_made_from, short_reference
from blogbook.sphinxext.domain import BlogDomain


@dataclass(frozen=True, kw_only=True)
class FormattedSource:
    """A source as sphinxcontrib-bibtex formatted it for the book's bibliography."""

    key: str
    label: str  # "Jay 2014"
    entry: Entry  # the pybtex entry, fields as in references.bib
    formatted: Any  # pybtex's FormattedEntry, for the full reference
    bibliography: str  # the docname of the bibliography that lists it
    citation_id: str  # its anchor there
    made_from: str  # what its short reference is made from (bibstyle.short_made_from)
    known_short: str | None = None  # as the last build made it from the same fields

    @functools.cached_property
    def short(self) -> str:
        """The source in one line (:func:`~blogbook.sphinxext.bibstyle.short_reference`),
        worked out once a build, or kept from the last (:func:`remember_short_references`):
        a list page names hundreds of sources, and LaTeX fields are slow to read as text
        (0.1 s the first time in a process, before each edit's first list of sources)."""
        if self.known_short is not None:
            return self.known_short
        return short_reference(self.label, self.entry)


def remember_short_references(app: Sphinx, env: Any) -> None:
    """``env-updated``: every source's short reference kept in the blog's domain, with
    what it was made from, for the next build (the environment is saved after this)."""
    context = ResolveContext(app, env.config.root_doc)
    context.blog.short_references = {
        key: (source.made_from, source.short) for key, source in context.sources.items()
    }


class ResolveContext:
    def __init__(self, app: Sphinx, fromdocname: str) -> None:
        self.app = app
        self.fromdocname = fromdocname
        self.blog = cast(BlogDomain, app.env.get_domain("blog"))
        self.cite = cast(BibtexDomain, app.env.get_domain("cite"))

    @property
    def builder_name(self) -> str:
        return str(self.app.builder.name)

    def link(self, todocname: str, text: str, targetid: str | None = None) -> nodes.reference:
        child = nodes.inline("", text)
        return make_refnode(self.app.builder, self.fromdocname, todocname, targetid, child, text)

    def source_link(self, key: str, text: str) -> nodes.reference:
        """A link to the source's own page."""
        return self.link(slugs.source_docname(key), text)

    @property
    def sources(self) -> dict[str, FormattedSource]:
        """Every source of the book's bibliography, by key: found once a build, since
        every page asks (once a page, finding them made writing quadratic)."""
        worked_out = cast(BookBibtexDomain, self.cite).worked_out
        if "sources" not in worked_out:
            worked_out["sources"] = self._find_sources()
        return worked_out["sources"]  # type: ignore[no-any-return]

    def _find_sources(self) -> dict[str, FormattedSource]:
        found: dict[str, FormattedSource] = {}
        for citation in self.cite.citations:
            if self.cite.bibliographies[citation.bibliography_key].list_ != "citation":
                continue
            if citation.key in found:
                continue
            label, entry = citation.formatted_entry.label, citation.entry
            known = self.blog.short_references.get(citation.key)
            made_from = short_made_from(label, entry)
            found[citation.key] = FormattedSource(
                key=citation.key,
                label=label,
                entry=entry,
                formatted=citation.formatted_entry,
                bibliography=citation.bibliography_key.docname,
                citation_id=citation.citation_id,
                made_from=made_from,
                known_short=known[1] if known is not None and known[0] == made_from else None,
            )
        return found

    def title_of(self, docname: str) -> str:
        title = self.app.env.titles.get(docname)
        return title.astext() if title is not None else docname
