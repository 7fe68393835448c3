"""Feeds and a sitemap, so that the book can be followed and found.

When an HTML build finishes, the book writes, with absolute addresses from
``html_baseurl``:

- ``atom.xml``: the newest :data:`NEWEST` posts, each with its title, date and opening
  words (feedgen writes the Atom);
- ``feeds/<topic>.xml``: the same for each topic's posts;
- ``sitemap.xml``: every page of the book.

Every page announces the book's feed in its ``<head>`` (and a topic's page its topic's
feed too), through ``_templates/layout.html``. The files depend only on the posts, never
on the time of the build, so an unchanged book gives the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from blogbook.sphinxext.config import blog_facts
from blogbook.sphinxext.domain import BlogDomain, PostRecord, TopicRecord
from blogbook.writer import write_if_changed

NEWEST = 50
FEED = "atom.xml"
TOPIC_FEEDS = "feeds"
SITEMAP = "sitemap.xml"
EXTRA_PAGES = ("genindex", "search")  # pages Sphinx writes beside the documents


def base_url(app: Sphinx) -> str:
    return str(app.config.html_baseurl).rstrip("/") + "/"


def topic_feed(slug: str) -> str:
    return f"{TOPIC_FEEDS}/{slug}.xml"


@dataclass(frozen=True, kw_only=True)
class FeedFacts:
    """What a feed says of itself."""

    title: str
    self_url: str  # the feed's own address, also its id
    home_url: str  # the book's address
    author: str
    language: str


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    domain = cast(BlogDomain, app.env.get_domain("blog"))
    outdir = Path(app.outdir)
    home = base_url(app)
    book = FeedFacts(
        title=str(app.config.project),
        self_url=home + FEED,
        home_url=home,
        author=blog_facts(app).author,
        language=str(app.config.language),
    )
    write_if_changed(outdir / FEED, atom(book, domain.posts_in_order()))
    for topic in domain.topics.values():
        facts = replace(
            book, title=f"{book.title}: {topic.title}", self_url=home + topic_feed(topic.slug)
        )
        write_if_changed(
            outdir / topic_feed(topic.slug), atom(facts, domain.posts_on_topic(topic.slug))
        )
    write_if_changed(outdir / SITEMAP, sitemap(home, app.env.found_docs))


def _moment(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC)


def atom(facts: FeedFacts, posts: Sequence[PostRecord]) -> str:
    """The newest of *posts* (given oldest first) as an Atom feed, newest first."""
    feed = FeedGenerator()
    feed.id(facts.self_url)
    feed.title(facts.title)
    feed.author({"name": facts.author})
    feed.link(href=facts.home_url, rel="alternate")
    feed.link(href=facts.self_url, rel="self")
    feed.language(facts.language)
    feed.generator("Sphinx, with the book's extension")
    newest = sorted(posts, key=lambda record: record.sort_key, reverse=True)[:NEWEST]
    # A feed must say when it last changed; with no post, the blog's first month.
    feed.updated(_moment(newest[0].date) if newest else _moment(datetime.date(2009, 10, 1)))
    for record in reversed(newest):  # feedgen puts the last entry added first
        entry = feed.add_entry()
        url = facts.home_url + record.docname + ".html"
        entry.id(url)
        entry.title(record.title)
        entry.link(href=url, rel="alternate")
        entry.published(_moment(record.date))
        entry.updated(_moment(record.date))
        entry.summary(record.opening or record.title)
    return str(feed.atom_str(pretty=True).decode("utf-8"))


def sitemap(home_url: str, docnames: Iterable[str]) -> str:
    """Every page of the book, by its address (sitemaps.org protocol)."""
    pages = sorted(set(docnames) | set(EXTRA_PAGES))
    urls = "".join(
        f"  <url><loc>{escape(home_url + name + '.html')}</loc></url>\n" for name in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The feeds a page announces: the book's, and on a topic's page the topic's."""
    if app.builder.name != "html":
        return
    to_root = app.builder.get_relative_uri(pagename, "index").removesuffix("index.html")
    feeds = [{"title": f"{app.config.project} (Atom)", "href": to_root + FEED}]
    domain = cast(BlogDomain, app.env.get_domain("blog"))
    topic: TopicRecord | None = domain.topics.get(pagename)
    if topic is not None:
        feeds.append({"title": f"{topic.title} (Atom)", "href": to_root + topic_feed(topic.slug)})
    context["blogbook_feeds"] = feeds
