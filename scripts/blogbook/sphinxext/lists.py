"""When a document is resolved: draw the lists that come from other documents.

Runs for every builder on ``doctree-resolved``, after Sphinx and
sphinxcontrib-bibtex have resolved their references, so every post record and
every formatted bibliography entry is known. The lists of sources' pages are drawn
in :mod:`~blogbook.sphinxext.sourcepages`.
"""

from __future__ import annotations

import functools
from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx

from blogbook.dates import long_date
from blogbook.sphinxext import markup, sourcepages, years
from blogbook.sphinxext.context import ResolveContext
from blogbook.sphinxext.domain import PostRecord
from blogbook.sphinxext.placeholders import (
    Placeholder,
    data_file,
    post_list,
    post_navigation,
    post_sources,
    related_posts,
    related_topics,
    topic_index,
    topic_sources,
)
from blogbook.sphinxext.publish import resolve_data_file


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    context = ResolveContext(app, docname)
    for node in list(doctree.findall(Placeholder)):
        node.replace_self(_resolve(node, context))
    sourcepages.retarget_markers(doctree, context)


def _resolve(node: Placeholder, context: ResolveContext) -> list[nodes.Node]:
    drawn = sourcepages.resolve(node, context)
    if drawn is not None:
        return drawn
    if isinstance(node, post_list):
        return _post_list(context, node)
    if isinstance(node, related_posts):
        return [_related_posts(context, node["related"])]
    if isinstance(node, post_navigation):
        return _post_navigation(context, node["docname"], node["classes"])
    if isinstance(node, post_sources):
        return [_source_list(context, node["keys"], counts=None)]
    if isinstance(node, topic_sources):
        return [_topic_sources(context, node["topic"])]
    if isinstance(node, related_topics):
        return [_related_topics(context, node["topic"])]
    if isinstance(node, topic_index):
        return [_topic_index(context)]
    if isinstance(node, data_file):
        return [resolve_data_file(context.app, node, context.fromdocname)]
    raise AssertionError(f"unknown placeholder {node!r}")


def _paragraph(*children: nodes.Node | str, classes: list[str] | None = None) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=classes or [])
    for child in children:
        paragraph += nodes.Text(child) if isinstance(child, str) else child
    return paragraph


def _bullets(items: list[nodes.Element], classes: list[str]) -> nodes.bullet_list:
    bullets = nodes.bullet_list(classes=classes)
    for item in items:
        bullets += nodes.list_item("", item)
    return bullets


def _post_item(context: ResolveContext, record: PostRecord) -> nodes.paragraph:
    paragraph = _paragraph(
        nodes.inline("", long_date(record.date), classes=["post-date"]),
        " — ",
        context.link(record.docname, record.title),
        classes=["post-entry"],
    )
    if record.opening:
        paragraph += nodes.Text(" — ")
        paragraph += nodes.inline("", record.opening, classes=["post-opening"])
    return paragraph


# --- lists of posts --------------------------------------------------------------------


def _post_list(context: ResolveContext, node: post_list) -> list[nodes.Node]:
    records = context.blog.posts_in_order()
    # The node's options read once, not once a post: the archive's page has a list for
    # each of its 111 months, each sifting every post.
    topic, year, month = node.get("topic"), node.get("year"), node.get("month")
    if topic is not None:
        records = [r for r in records if topic in r.topics]
    if year is not None:
        records = [r for r in records if r.date.year == year]
    if month is not None:
        records = [r for r in records if r.date.month == month]
    if not records:
        return [_paragraph("No posts yet.", classes=["post-list-empty"])]
    if topic is not None:  # a topic's posts: under a heading per year
        html = context.builder_name == "html"
        draw = functools.partial(_post_bullets, context)
        return years.year_sections(records, "posts-on-this-topic", draw, html=html)
    return [_post_bullets(context, list(reversed(records)))]


# Builders whose lists of posts are drawn as markup, not nodes (see _post_bullets_html).
MARKUP_BUILDERS = frozenset({"html"})


def _post_bullets(context: ResolveContext, records: list[PostRecord]) -> nodes.Element:
    if context.builder_name in MARKUP_BUILDERS:
        return nodes.raw("", _post_bullets_html(context, records), format="html")
    items: list[nodes.Element] = [_post_item(context, record) for record in records]
    return _bullets(items, ["post-list", "no-search"])


def _post_bullets_html(context: ResolveContext, records: list[PostRecord]) -> str:
    """The list as the HTML writer writes the nodes of :func:`_post_item`, without making
    and walking them: a list of hundreds of posts (the archive's page, a topic's) was
    half of its page's time. A test holds the two to the same markup."""
    items = []
    for record in records:
        opening = (
            f' — <span class="post-opening">{markup.text(record.opening)}</span>'
            if record.opening
            else ""
        )
        items.append(
            f'<li><p class="post-entry"><span class="post-date">'
            f"{markup.text(long_date(record.date))}</span> — "
            f"{markup.link(context, record.docname, record.title)}{opening}</p></li>\n"
        )
    return f'<ul class="post-list no-search simple">\n{"".join(items)}</ul>\n'


def _post_navigation(context: ResolveContext, docname: str, classes: list[str]) -> list[nodes.Node]:
    index = context.blog.position(docname)
    if index is None:
        return []
    records = context.blog.posts_in_order()
    container = nodes.container(classes=["post-navigation", *classes])
    if index > 0:
        before = records[index - 1]
        container += _paragraph(
            "Previous post: ",
            context.link(before.docname, before.title),
            f" ({long_date(before.date)})",
            classes=["post-previous"],
        )
    if index + 1 < len(records):
        after = records[index + 1]
        container += _paragraph(
            "Next post: ",
            context.link(after.docname, after.title),
            f" ({long_date(after.date)})",
            classes=["post-next"],
        )
    return [container]


def _related_posts(context: ResolveContext, related: list[str]) -> nodes.Element:
    records = [context.blog.posts[d] for d in related if d in context.blog.posts]
    items: list[nodes.Element] = [
        _paragraph(
            context.link(record.docname, record.title),
            f" ({long_date(record.date)})",
            classes=["related-post"],
        )
        for record in records
    ]
    return _bullets(items, ["related-posts", "no-search"])


# --- topics ----------------------------------------------------------------------------


def _topic_index(context: ResolveContext) -> nodes.Element:
    counts = Counter(slug for record in context.blog.posts.values() for slug in record.topics)
    topics = sorted(context.blog.topics.values(), key=lambda topic: topic.title.lower())
    items: list[nodes.Element] = []
    for topic in topics:
        number = counts[topic.slug]
        paragraph = _paragraph(
            context.link(topic.docname, topic.title),
            f" ({number} post{'s' if number != 1 else ''})",
            classes=["topic-entry"],
        )
        if topic.summary:
            paragraph += nodes.Text(" — " + topic.summary)
        items.append(paragraph)
    return _bullets(items, ["topic-list"])


def _related_topics(context: ResolveContext, slug: str) -> nodes.Element:
    shared: Counter[str] = Counter()
    for record in context.blog.posts_on_topic(slug):
        shared.update(other for other in record.topics if other != slug)
    items: list[nodes.Element] = []
    for other, number in sorted(shared.items(), key=lambda pair: (-pair[1], pair[0])):
        topic = context.blog.topic_by_slug(other)
        if topic is None:
            continue
        items.append(
            _paragraph(
                context.link(topic.docname, topic.title),
                f" ({number} shared post{'s' if number != 1 else ''})",
            )
        )
    if not items:
        return _paragraph("No other topic shares a post with this one yet.")
    return _bullets(items, ["related-topics", "no-search"])


def _topic_sources(context: ResolveContext, slug: str) -> nodes.Element:
    counts: Counter[str] = Counter()
    for record in context.blog.posts_on_topic(slug):
        counts.update(record.cited_keys)
    if not counts:
        return _paragraph("No source is cited by these posts yet.")
    return _source_list(context, list(counts), counts=counts)


# --- sources -----------------------------------------------------------------------------


def _source_list(
    context: ResolveContext, keys: list[str], counts: Counter[str] | None
) -> nodes.Element:
    """Each source in one short line, linked to its page."""
    known = context.sources
    entries = [known[key] for key in keys if key in known]
    if counts is not None:  # on topic pages, sources in label order
        entries.sort(key=lambda source: source.label.lower())
    items: list[nodes.Element] = []
    for source in entries:
        paragraph = _paragraph(classes=["source-entry"])
        paragraph += context.source_link(source.key, source.short)
        if counts is not None:
            number = counts[source.key]
            paragraph += nodes.Text(f" (cited in {number} post{'s' if number != 1 else ''})")
        items.append(paragraph)
    return _bullets(items, ["source-list", "no-search"])
