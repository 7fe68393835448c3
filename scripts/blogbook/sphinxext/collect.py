"""While a document is read: record posts and topics, and lay out their pages.

A post page gets a byline under its title (author, date, topics, a note when
the title is the editor's) and, after the text, its sources, where it was
first published, how to cite it, and links to the previous and next post.
A topic page gets its list of posts, related topics and sources. What depends
on other documents is left as a placeholder for :mod:`blogbook.sphinxext.lists`.

Everything added here is marked ``no-search`` so that searching finds a post
by its own words, not by its neighbours' titles.
"""

from __future__ import annotations

import csv
import datetime
import functools
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from blogbook import slugs
from blogbook.cite import Blog, CitablePost, bibtex_entry, citation_text
from blogbook.dates import long_date
from blogbook.sphinxext import incremental
from blogbook.sphinxext.config import blog_facts
from blogbook.sphinxext.domain import BlogDomain, PostRecord, TopicRecord
from blogbook.sphinxext.placeholders import (
    post_list,
    post_navigation,
    post_sources,
    related_posts,
    related_topics,
    topic_sources,
)
from blogbook.sphinxext.quotes import cited_sentences

OPENING_WORDS = 30
APPARATUS = ["post-apparatus", "no-search"]


def page_url(app: Sphinx, docname: str) -> str:
    """The page's address on the published book."""
    base = str(app.config.html_baseurl).rstrip("/") + "/"
    return base + docname + ".html"


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    domain = env.get_domain("blog")
    assert isinstance(domain, BlogDomain)
    if slugs.is_post_docname(docname):
        record = post_record(docname, env.metadata[docname], doctree)
        domain.note_post(record)
        env.metadata[docname]["og:description"] = record.opening
        lay_out_post(app, doctree, record)
    elif docname.startswith("topics/") and docname != "topics/index":
        slug = docname.removeprefix("topics/")
        domain.note_topic(
            TopicRecord(
                docname=docname,
                slug=slug,
                title=env.titles[docname].astext(),
                summary=_first_paragraph(doctree),
            )
        )
        domain.note_listing(docname, incremental.topic(slug))


# --- records --------------------------------------------------------------------------


def _list(value: Any) -> tuple[str, ...]:
    """Front matter lists reach the metadata as JSON text."""
    if isinstance(value, str):
        value = json.loads(value) if value.startswith("[") else [value]
    return tuple(str(item) for item in value or ())


def post_record(docname: str, meta: dict[str, Any], doctree: nodes.document) -> PostRecord:
    citations = cited_sentences(doctree)
    cited = list(dict.fromkeys(citation.key for citation in citations))  # first citation first
    words = _first_paragraph(doctree).split()
    opening = " ".join(words[:OPENING_WORDS]) + ("…" if len(words) > OPENING_WORDS else "")
    return PostRecord(
        docname=docname,
        title=str(meta["title"]),
        title_source=str(meta.get("title_source", "archive")),
        date=datetime.date.fromisoformat(str(meta["date"])),
        order_in_day=int(meta.get("order_in_day", 1)),
        topics=_list(meta.get("topics")),
        opening=opening,
        original_url=meta.get("original_url") or None,
        cited_keys=tuple(cited),
        citations=citations,
        related=_list(meta.get("related")),
    )


def _first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if isinstance(paragraph.parent, nodes.section | nodes.document):
            text = _words(paragraph)
            if text:
                return text
    return ""


def _words(paragraph: nodes.paragraph) -> str:
    """A paragraph's words, without citation markers or the markup of line breaks."""
    copy = paragraph.deepcopy()
    for node in list(copy.findall(nodes.raw)):
        node.parent.replace(node, nodes.Text(" "))
    for xref in list(copy.findall(addnodes.pending_xref)):
        if xref.get("refdomain") == "cite":
            xref.parent.remove(xref)
    return " ".join(copy.astext().split())


# --- post pages -----------------------------------------------------------------------


def _topic_link(docname: str, slug: str) -> addnodes.pending_xref:
    """A link to a topic page; Sphinx fills in its title and warns if it is missing."""
    xref = addnodes.pending_xref(
        "",
        nodes.inline("", slug),
        refdomain="std",
        reftype="doc",
        reftarget="/" + slugs.topic_docname(slug),
        refexplicit=False,
        refdoc=docname,
        refwarn=True,
    )
    return xref


def _section(ids: str, title: str, *children: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[ids], classes=APPARATUS)
    section += nodes.title("", title)
    section.extend(children)
    return section


def lay_out_post(app: Sphinx, doctree: nodes.document, record: PostRecord) -> None:
    """The post's byline under its title; its sources, related posts, first publication,
    how to cite it, and previous and next after its text."""
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    blog = blog_facts(app)
    section.insert(1, _byline(app, record, blog))
    if record.cited_keys:
        section += _section(
            "sources-of-this-post",
            "Sources",
            post_sources(docname=record.docname, keys=list(record.cited_keys)),
        )
    if record.related:
        section += _section(
            "related-posts",
            "Related posts",
            related_posts(docname=record.docname, related=list(record.related)),
        )
    section += _section("first-published", "First published", _first_published(record, blog))
    section += _cite_this_post(app, record, blog)
    section += post_navigation(docname=record.docname, classes=APPARATUS)


def _byline(app: Sphinx, record: PostRecord, blog: Blog) -> nodes.container:
    byline = nodes.container(classes=["post-byline", "no-search"])
    byline += nodes.paragraph("", f"By {blog.author}, {long_date(record.date)}")
    if record.topics:
        topics = nodes.paragraph("", "Topics: ", classes=["post-topics"])
        for number, slug in enumerate(record.topics):
            if number:
                topics += nodes.Text(", ")
            topics += _topic_link(record.docname, slug)
        byline += topics
    if record.title_source != "archive":
        note = (
            "The archive has no title for this post; the title above is the editor's."
            if record.title_source == "editor"
            else "The archive has no title for this post."
        )
        byline += nodes.paragraph("", note, classes=["editorial-note"])
    byline.extend(_chart_links(app, record.docname))
    return byline


def _first_published(record: PostRecord, blog: Blog) -> nodes.paragraph:
    published = nodes.paragraph("", f"First published on {blog.name} ({blog.address}), ")
    published += nodes.Text(f"{long_date(record.date)}")
    if record.original_url:
        published += nodes.Text(", at ")
        published += nodes.reference(
            record.original_url, record.original_url, refuri=record.original_url
        )
        published += nodes.Text(".")
    else:
        published += nodes.Text("; its original address is not known.")
    return published


def _cite_this_post(app: Sphinx, record: PostRecord, blog: Blog) -> nodes.section:
    citable = CitablePost(
        key=slugs.post_bibtex_key(record.docname),
        title=record.title,
        date=record.date,
        book_url=page_url(app, record.docname),
        original_url=record.original_url,
    )
    bibtex = bibtex_entry(citable, blog)
    return _section(
        "cite-this-post",
        "Cite this post",
        nodes.paragraph("", citation_text(citable, blog)),
        nodes.literal_block(bibtex, bibtex, language="bibtex"),
    )


def _chart_links(app: Sphinx, docname: str) -> list[nodes.paragraph]:
    """A link to the chart of each data file (``data/*.csv``) whose ``post`` column names
    the post. Every post depends on every data file, so editing one re-reads them all."""
    links = []
    for path in sorted((Path(app.srcdir) / "data").glob("*.csv")):
        app.env.note_dependency(str(path))
        if docname not in _posts_in_data_file(str(path), path.stat().st_mtime_ns):
            continue
        paragraph = nodes.paragraph(
            "", "The figures in this post are ", classes=["data-note", "no-search"]
        )
        paragraph += addnodes.pending_xref(
            "",
            nodes.inline("", "charted, with a table of the numbers"),
            refdomain="std",
            reftype="ref",
            reftarget=slugs.data_label(path.stem),
            refexplicit=True,
            refdoc=docname,
            refwarn=True,
        )
        paragraph += nodes.Text(".")
        links.append(paragraph)
    return links


@functools.cache
def _posts_in_data_file(path: str, version: int) -> frozenset[str]:
    """The ``post`` column of a data file, read once per version (its modification time)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return frozenset(row.get("post") or "" for row in csv.DictReader(handle))


# --- topic pages ----------------------------------------------------------------------


def on_doctree_read_early(app: Sphinx, doctree: nodes.document) -> None:
    """Before Sphinx's collectors: sections that belong in the page's own contents."""
    docname = app.env.docname
    if docname.startswith("topics/") and docname != "topics/index":
        lay_out_topic(doctree, docname, docname.removeprefix("topics/"))


def lay_out_topic(doctree: nodes.document, docname: str, slug: str) -> None:
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    section += _section("posts-on-this-topic", "Posts", post_list(docname=docname, topic=slug))
    section += _section(
        "related-topics", "Related topics", related_topics(docname=docname, topic=slug)
    )
    section += _section(
        "sources-on-this-topic",
        "Sources these posts cite",
        topic_sources(docname=docname, topic=slug),
    )
