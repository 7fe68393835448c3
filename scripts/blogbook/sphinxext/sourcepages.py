"""A page for every source, the index of sources, and citations that lead to them.

- ``{source-page} KEY`` (on the pages the converter writes as ``sources/<key>.md``) lays
  out a source's page while it is read: its facts (kind, date, address) and its sections
  (the posts that cite it, their topics, the sources cited with it, how the reference
  was checked), with placeholders for what depends on other pages. The directive's
  content lists the public pages that verify the entry.
- ``{source-index}`` (on ``sources.md``) lists every source, grouped by kind, then by
  year, newest first.
- When a page is resolved, the placeholders are drawn (:func:`resolve`), and in HTML and
  EPUB every citation marker is pointed at the source's page (:func:`retarget_markers`):
  the book's one bibliography, from which sphinxcontrib-bibtex makes its markers and
  labels, is printed in the PDF only.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from pybtex.database import Entry
from pybtex.plugin import find_plugin
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.transforms import node_text_transform

from blogbook import slugs
from blogbook.dates import long_date
from blogbook.sources import KINDS, plain
from blogbook.sphinxext import incremental, linkstatus, years
from blogbook.sphinxext.bibstyle import AuthorYearSortingStyle, source_name
from blogbook.sphinxext.context import ResolveContext
from blogbook.sphinxext.domain import BlogDomain, PostRecord
from blogbook.sphinxext.placeholders import (
    Placeholder,
    cited_in,
    co_cited,
    source_entry,
    source_reference,
    source_topics,
)

logger = logging.getLogger(__name__)
_BACKEND = find_plugin("pybtex.backends", "docutils")()
APPARATUS = ["source-apparatus", "no-search"]
MAX_CO_CITED = 5


def source_date(entry: Entry) -> str | None:
    fields = entry.fields
    if "year" not in fields:
        return None
    month = plain(fields["month"]) if "month" in fields else ""
    return f"{month} {plain(fields['year'])}".strip()


# --- reading: the source's page and the index ------------------------------------------


class SourcePageDirective(SphinxDirective):
    """``{source-page} KEY``: the facts and sections of a source's page."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        cite = self.env.get_domain("cite")
        assert isinstance(cite, BibtexDomain)
        for bibfile in cite.bibdata.bibfiles:
            self.env.note_dependency(str(bibfile))  # its facts are read from the file
        entry = cite.bibdata.data.entries.get(key)
        if entry is None:
            logger.warning("no source %r in references.bib", key, location=self.get_location())
            return []
        blog = self.env.get_domain("blog")
        assert isinstance(blog, BlogDomain)
        blog.note_listing(self.env.docname, incremental.source(key))
        blog.note_listing(self.env.docname, incremental.TOPIC_NAMES)
        docname = self.env.docname
        facts = nodes.container(classes=["source-facts"])
        facts.extend(self._index_entry(entry))
        facts += source_reference(docname=docname, key=key)
        address = entry.fields.get("url", "").strip()
        checked = (
            linkstatus.status_sentence(linkstatus.row_for(self.env, address)) if address else ""
        )
        facts.extend(_facts(entry, checked))
        return [
            facts,
            _section(f"cited-in-{key}", "Cited in", cited_in(docname=docname, key=key)),
            _section(
                f"topics-of-{key}", "Topics of these posts", source_topics(docname=docname, key=key)
            ),
            _section(
                f"cited-with-{key}", "Cited together with", co_cited(docname=docname, key=key)
            ),
            _section(f"checked-{key}", "How this reference was checked", *self._checked(entry)),
        ]

    def _index_entry(self, entry: Entry) -> list[nodes.Node]:
        """The source in the general index, under who it is by."""
        target = f"index-{self.env.new_serialno('index')}"
        heading = self.state.document.next_node(nodes.title)
        title = heading.astext() if heading is not None else self.env.docname
        index = addnodes.index(
            entries=[("single", f"{source_name(entry)}; {title}", target, "", None)]
        )
        return [index, nodes.target("", "", ids=[target])]

    def _checked(self, entry: Entry) -> list[nodes.Node]:
        found: list[nodes.Node] = []
        unverified = [f.strip() for f in entry.fields.get("unverified", "").split(",") if f.strip()]
        if unverified:
            found.append(
                nodes.paragraph("", f"Not verified, so not given: {', '.join(unverified)}.")
            )
        if "note" in entry.fields:
            found.append(nodes.paragraph("", plain(entry.fields["note"])))
        if self.content:
            found.append(nodes.paragraph("", "Checked against these public pages:"))
            found.extend(self.parse_content_to_nodes())
        return found or [nodes.paragraph("", "No notes on this reference.")]


def _facts(entry: Entry, checked: str) -> list[nodes.Node]:
    """The source's kind, date and address; *checked* says how the address last stood."""
    kind = entry.fields.get("kind", "other")
    sentence = KINDS.get(kind, KINDS["other"])[0]
    date = source_date(entry)
    line = f"Kind: {sentence}." + (f" Date: {date}." if date else " Date: not verified.")
    found: list[nodes.Node] = [nodes.paragraph("", line, classes=["source-kind"])]
    address = entry.fields.get("url", "").strip()
    where = nodes.paragraph("", "", classes=["source-address"])
    if address:
        where += nodes.Text("Read it at ")
        where += nodes.reference(address, address, refuri=address)
        where += nodes.Text(". ")
        where += nodes.inline("", checked, classes=["link-checked"])
    else:
        where += nodes.Text("No public address of this source is known.")
    found.append(where)
    return found


def _section(ids: str, title: str, *children: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[ids], names=[ids], classes=["source-section"])
    section += nodes.title("", title)
    section.extend(children)
    return section


class SourceIndexDirective(SphinxDirective):
    """``{source-index}``: every source, by kind, then by year, newest first."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        cite = self.env.get_domain("cite")
        blog = self.env.get_domain("blog")
        assert isinstance(cite, BibtexDomain) and isinstance(blog, BlogDomain)
        for bibfile in cite.bibdata.bibfiles:
            self.env.note_dependency(str(bibfile))
        blog.note_listing(self.env.docname, incremental.CITATIONS)
        entries = cite.bibdata.data.entries
        groups: dict[str, dict[str, list[str]]] = {}
        for key, entry in entries.items():
            year = plain(entry.fields.get("year", "")) or "Year not verified"
            kind = entry.fields.get("kind", "other")
            groups.setdefault(kind if kind in KINDS else "other", {}).setdefault(year, []).append(
                key
            )
        sections: list[nodes.Node] = []
        for kind, (_, heading) in KINDS.items():
            if kind not in groups:
                continue
            section = _section(f"kind-{kind}", heading)
            for year in sorted(groups[kind], reverse=True):
                items = nodes.bullet_list(classes=["source-index"])
                for key in sorted(groups[kind][year], key=lambda k: _sort_key(entries[k])):
                    items += nodes.list_item("", source_entry(docname=self.env.docname, key=key))
                section += _section(f"kind-{kind}-{year}", year, items)
            sections.append(section)
        return sections


def _sort_key(entry: Entry) -> tuple[str, str, str]:
    """The bibliography's own order, so that labels of one author and year, such as
    Ofsted 2014a and 2014b, come in their order."""
    return _SORTING.sorting_key(entry)


_SORTING = AuthorYearSortingStyle()


# --- resolving: drawing what comes from other pages ------------------------------------


def resolve(node: Placeholder, context: ResolveContext) -> list[nodes.Node] | None:
    """The nodes for a source placeholder, or None if *node* is not one."""
    key = node.get("key")
    if isinstance(node, source_reference):
        return [_full_reference(context, key)]
    if isinstance(node, cited_in):
        return _cited_in(context, key)
    if isinstance(node, source_topics):
        return [_source_topics(context, key)]
    if isinstance(node, co_cited):
        return [_co_cited(context, key)]
    if isinstance(node, source_entry):
        return [_index_entry(context, key)]
    return None


def _full_reference(context: ResolveContext, key: str) -> nodes.Element:
    source = context.sources.get(key)
    if source is None:
        return nodes.paragraph("", key)
    paragraph = nodes.paragraph(classes=["source-reference"])
    paragraph += nodes.strong("", source.label)
    paragraph += nodes.Text(": ")
    paragraph.extend(_BACKEND.paragraph(source.formatted).children)
    node_text_transform(paragraph)
    return paragraph


def _cited_in(context: ResolveContext, key: str) -> list[nodes.Node]:
    records = context.blog.citing(key)
    if not records:
        return [nodes.paragraph("", "No post of the book cites this source yet.")]
    draw = functools.partial(_citing_posts, context, key)
    return years.year_sections(
        records, f"cited-in-{key}", draw, html=context.builder_name == "html"
    )


def _citing_posts(context: ResolveContext, key: str, records: list[PostRecord]) -> nodes.Element:
    """Each post with the sentences in which it cites *key*, the place marked."""
    source = context.sources.get(key)
    label = f"({source.label})" if source else f"({key})"
    items = nodes.bullet_list(classes=["cited-in", *APPARATUS])
    for record in records:
        entry = nodes.list_item()
        heading = nodes.paragraph(classes=["cited-in-post"])
        heading += context.link(record.docname, record.title)
        heading += nodes.Text(f", {long_date(record.date)}")
        entry += heading
        for sentence in (c for c in record.citations if c.key == key):
            quote = nodes.block_quote(classes=["citing-sentence"])
            words = nodes.paragraph()
            words += nodes.Text(sentence.before)
            words += nodes.inline("", f"\u00a0{label}", classes=["cited-here"])
            words += nodes.Text((" " if sentence.after else "") + sentence.after)
            quote += words
            entry += quote
        items += entry
    return items


def _source_topics(context: ResolveContext, key: str) -> nodes.Element:
    counts = Counter(slug for record in context.blog.citing(key) for slug in record.topics)
    topics = [(context.blog.topic_by_slug(slug), n) for slug, n in counts.items()]
    shown = sorted(((t, n) for t, n in topics if t is not None), key=lambda p: (-p[1], p[0].title))
    if not shown:
        return nodes.paragraph("", "The posts citing this source are on no topic yet.")
    paragraph = nodes.paragraph(classes=["source-topics", *APPARATUS])
    for number, (topic, count) in enumerate(shown):
        if number:
            paragraph += nodes.Text("; ")
        paragraph += context.link(topic.docname, topic.title)
        paragraph += nodes.Text(f" ({count} post{'s' if count != 1 else ''})")
    return paragraph


def co_citations(context: ResolveContext, key: str) -> list[tuple[str, int]]:
    """The sources cited in the same posts as *key*, with how many: most first."""
    counts: Counter[str] = Counter()
    for record in context.blog.citing(key):
        counts.update(other for other in set(record.cited_keys) if other != key)
    labels = {k: s.label.lower() for k, s in context.sources.items()}
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], labels.get(pair[0], pair[0])))
    return ranked[:MAX_CO_CITED]


def _co_cited(context: ResolveContext, key: str) -> nodes.Element:
    ranked = [(k, n) for k, n in co_citations(context, key) if k in context.sources]
    if not ranked:
        return nodes.paragraph("", "No post cites another source with this one.")
    items = nodes.bullet_list(classes=["co-cited", *APPARATUS])
    for other, count in ranked:
        source = context.sources[other]
        paragraph = nodes.paragraph()
        paragraph += context.source_link(other, source.short)
        paragraph += nodes.Text(f" (together in {count} post{'s' if count != 1 else ''})")
        items += nodes.list_item("", paragraph)
    return items


def _index_entry(context: ResolveContext, key: str) -> nodes.Element:
    source = context.sources.get(key)
    label = source.label if source else key
    title = context.title_of(slugs.source_docname(key))
    paragraph = nodes.paragraph(classes=["source-entry"])
    paragraph += context.source_link(key, f"{label}: {title}")
    count = len(context.blog.citing(key))
    paragraph += nodes.Text(f" — cited in {count} post{'s' if count != 1 else ''}")
    return paragraph


# --- citation markers lead to the source's page ----------------------------------------


def retarget_markers(doctree: nodes.document, context: ResolveContext) -> None:
    """Point the citation markers of an HTML or EPUB page at the sources' pages, not at
    the bibliography (which only the PDF prints)."""
    if context.builder_name == "latex" or not context.sources:
        return
    builder = context.app.builder
    by_anchor = {source.citation_id: source for source in context.sources.values()}
    # The bibliography's address from this page, asked once each: asking it for every
    # source on every page cost a second and a half of a 1,000-post build.
    addresses: dict[str, str] = {}
    for reference in doctree.findall(nodes.reference):
        address, _, anchor = reference.get("refuri", "").partition("#")
        source = by_anchor.get(anchor)
        if source is None:
            continue
        if source.bibliography not in addresses:
            addresses[source.bibliography] = builder.get_relative_uri(
                context.fromdocname, source.bibliography
            )
        if address == addresses[source.bibliography]:
            reference["refuri"] = builder.get_relative_uri(
                context.fromdocname, slugs.source_docname(source.key)
            )
