"""Every external address of the book, and the date the book cites it.

The addresses come from the converter's own result (:class:`blogbook.book.Conversion`),
never from reading files again: the links inside posts (as published, so a link to a
source has already become a citation of it), the posts' original addresses, and the
``url`` of every ``references.bib`` entry. An address is cited on the date of the
earliest post that links to it or has it as its address; a source's address, on the
date of the earliest post citing the source, or on no date if no post cites it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pybtex.database import parse_string

from blogbook.model import link_urls, paragraphs

if TYPE_CHECKING:  # the build's link status reads this module: it needs no converter
    from blogbook.pages import PostPage

WEB_SCHEMES = ("http://", "https://")


@dataclass(frozen=True, kw_only=True)
class Address:
    url: str  # exactly as the book gives it, so the build can look it up
    cited: datetime.date | None  # the earliest date the book cites it, if any


def source_urls(bibliography: str) -> tuple[tuple[str, str], ...]:
    """(key, url as written) of each entry of a bibliography with a ``url`` field.

    :func:`blogbook.sources.read_bibliography` keeps only normalised addresses (for
    matching links), which drop the scheme; checking needs them as written. The text is
    the one the converter read, parsed with the same parser (pybtex); the converter has
    already reported it if it does not parse.
    """
    entries = parse_string(bibliography, "bibtex").entries
    return tuple(
        (key, entry.fields["url"].strip())
        for key, entry in entries.items()
        if "url" in entry.fields
    )


def collect_addresses(
    pages: Iterable[PostPage], sources: Iterable[tuple[str, str]]
) -> tuple[Address, ...]:
    """The book's web addresses, sorted, each with its earliest citing date."""
    pages = tuple(pages)
    earliest: dict[str, datetime.date | None] = {}

    def note(url: str, date: datetime.date | None) -> None:
        if not url.lower().startswith(WEB_SCHEMES):
            return
        known = earliest.get(url)
        earliest[url] = date if known is None else min(known, date or known)

    for page in pages:
        for url in _post_urls(page):
            note(url, page.post.date)
    first_citation = _first_citations(pages)
    for key, url in sources:
        note(url, first_citation.get(key))
    return tuple(Address(url=url, cited=earliest[url]) for url in sorted(earliest))


def _post_urls(page: PostPage) -> Iterator[str]:
    if page.original_url:
        yield page.original_url
    for paragraph in paragraphs(page.post.blocks):
        yield from link_urls(paragraph.inlines)


def _first_citations(pages: Iterable[PostPage]) -> dict[str, datetime.date]:
    """Source key -> date of the earliest post citing it."""
    first: dict[str, datetime.date] = {}
    for page in pages:
        for citation in page.citations:
            for key in citation.keys:
                if key not in first or page.post.date < first[key]:
                    first[key] = page.post.date
    return first
