"""sphinxcontrib-bibtex's domain, made cheap to bring up to date after an edit.

Once every page is read, sphinxcontrib-bibtex 2.6 (``env_updated``) formats every entry
of every bibliography again, on every build, even when one sentence of one post changed:
0.35 s of each edit of a 1,000-post book with 216 sources. Two thirds of it is pybtex's
formatting, one third finding which entries each bibliography holds, by a scan of every
citation in the book for every entry. :class:`BookBibtexDomain` replaces the domain
(same name, same data) and changes nothing in what it gives:

- the entries of a bibliography are found from an index of the citations, made once per
  bibliography, not by a scan per entry; the citation order uses a table of positions,
  not a search of the list of pages for every citation;
- the formatted entries are kept in the domain's data (saved with the environment)
  under a digest of all that formatting depends on: the bibliography's options, its
  entries in order, the tooltip settings, and the versions of pybtex,
  sphinxcontrib-bibtex and the book's style. Formatting that reported a problem (a
  missing field) is never kept, so that its warning comes on every build.

A test checks, on the real book, that each method gives what sphinxcontrib-bibtex's own
does. Delete this module when sphinxcontrib-bibtex stops formatting unchanged entries.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pybtex.database import Entry
from pybtex.richtext import Tag
from pybtex.style import FormattedEntry
from sphinx.util import logging
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor

from blogbook.annotations import digest
from blogbook.sphinxext import bibstyle

logger = logging.getLogger(__name__)
FORMATTED = "blogbook_formatted"  # the key of the kept formatting in the domain's data

Formatted = tuple[Entry, FormattedEntry, FormattedEntry | None]


@cache
def _code_versions() -> tuple[str, ...]:
    style = hashlib.sha256(Path(bibstyle.__file__).read_bytes()).hexdigest()
    return version("pybtex"), version("sphinxcontrib-bibtex"), style


class BookBibtexDomain(BibtexDomain):
    @property
    def worked_out(self) -> dict[str, Any]:
        """What the book's extensions work out from the citations (the sources by key),
        once a build, not once a page; forgotten when the citations are made again. On
        the domain object, not in its pickled data."""
        worked_out: dict[str, Any] = vars(self).setdefault("_worked_out_from_citations", {})
        return worked_out

    def env_updated(self) -> Iterable[str]:
        self.worked_out.clear()
        return super().env_updated()

    def get_all_cited_keys(self, docnames: list[str]) -> Iterable[str]:
        position = {docname: at for at, docname in enumerate(docnames)}
        for citation_ref in sorted(self.citation_refs, key=lambda c: position[c.docname]):
            for target in citation_ref.targets:
                yield target.key

    def get_filtered_entries(
        self, bibliography_key: BibliographyKey
    ) -> Iterable[tuple[str, Entry]]:
        bibliography = self.bibliographies[bibliography_key]
        cited_in: defaultdict[str, set[str]] = defaultdict(set)
        for citation_ref in self.citation_refs:
            for target in citation_ref.targets:
                cited_in[target.key].add(citation_ref.docname)
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = cited_in.get(key, set())
            visitor = _FilterVisitor(  # type: ignore[no-untyped-call]
                entry=entry, docname=bibliography_key.docname, cited_docnames=cited_docnames
            )
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:  # as sphinxcontrib-bibtex reports it
                logger.warning(
                    f"syntax error in :filter: expression; {err}",
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="filter_syntax_error",
                )
                success = bool(cited_docnames)
            if success or entry.key in bibliography.keys:
                yield key, entry

    def get_formatted_entries(
        self,
        bibliography_key: BibliographyKey,
        docnames: list[str],
        tooltips: bool,
        tooltips_style: str,
    ) -> Iterable[Formatted]:
        bibliography = self.bibliographies[bibliography_key]
        entries = list(self.get_sorted_entries(bibliography_key, docnames))
        options = (
            *(bibliography.style, bibliography.list_, bibliography.enumtype),
            *(bibliography.start, bibliography.labelprefix, bibliography.keyprefix),
        )
        key = digest((options, entries, tooltips, tooltips_style, _code_versions()))
        kept: dict[BibliographyKey, tuple[str, list[Formatted]]]
        kept = self.data.setdefault(FORMATTED, {})  # absent from an older environment
        if bibliography_key in kept and kept[bibliography_key][0] == key:
            return kept[bibliography_key][1]
        formatted = list(
            super().get_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style)
        )
        if not any(_is_problem(shown) for _entry, shown, _tooltip in formatted):
            kept[bibliography_key] = (key, formatted)
        return formatted

    def clear_doc(self, docname: str) -> None:
        super().clear_doc(docname)
        kept = self.data.setdefault(FORMATTED, {})
        for key in [key for key in kept if key.docname == docname]:
            del kept[key]


def _is_problem(shown: FormattedEntry) -> bool:
    """sphinxcontrib-bibtex shows a field that is missing as the message, in bold."""
    return isinstance(shown.text, Tag) and shown.text.name == "b"
