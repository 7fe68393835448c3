"""A page for every source: ``sources/<key>.md``, made from ``references.bib``.

The page is the source's title (or, when the title could not be verified, what the
source is) and the ``{source-page}`` directive, which the book's extension fills with
the full reference, its kind, date and address, every post that cites it with the
sentence that cites it, the topics of those posts, the sources cited with it, and how
the reference was checked. The public pages that verify it, named in the comments above
its entry, are the directive's content. Pure: sources in, MyST out.
"""

from __future__ import annotations

from blogbook import slugs
from blogbook.escape import escape_inline
from blogbook.frontmatter import GENERATED_BY, front_matter
from blogbook.sources import Source

SOURCE_NOTE = (
    "Generated from references.bib by scripts/convert.py: edit references.bib, not this file."
)


def page_title(source: Source) -> str:
    """The source's title; what it is and when, if its title is not verified."""
    if source.title:
        return source.title
    what = source.publisher or source.key
    return f"{what}, {source.year}" if source.year else what


def render_source_page(source: Source) -> str:
    fields: dict[str, object] = {
        "generated_by": GENERATED_BY,
        "note": SOURCE_NOTE,
        "source": source.key,
        "kind": source.kind,
    }
    checked = "\n".join(
        "- " + escape_inline(page, at_line_start=False) for page in source.checked_against
    )
    body = (
        f"```{{source-page}} {source.key}\n{checked}\n```"
        if checked
        else (f"```{{source-page}} {source.key}\n```")
    )
    heading = escape_inline(page_title(source), at_line_start=False)
    label = slugs.source_label(source.key)
    return f"{front_matter(fields)}\n({label})=\n# {heading}\n\n{body}\n"


def render_source_pages(sources: tuple[Source, ...]) -> dict[str, str]:
    """docname -> MyST, for every source."""
    return {slugs.source_docname(source.key): render_source_page(source) for source in sources}
