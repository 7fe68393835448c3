"""The book's Sphinx extension: posts and topics cross-linked, lists drawn at build time.

- :mod:`~blogbook.sphinxext.config`: ``blogbook_blog``, checked when the configuration is read;
- :mod:`~blogbook.sphinxext.domain`: the records (posts, topics), parallel-safe;
- :mod:`~blogbook.sphinxext.collect`: reading: records and page layout;
- :mod:`~blogbook.sphinxext.lists`: resolving: lists, previous/next, each post's sources;
- :mod:`~blogbook.sphinxext.sourcepages`: a page for every source, the index of sources;
- :mod:`~blogbook.sphinxext.quotes`: the sentences in which posts cite sources;
- :mod:`~blogbook.sphinxext.indexentries`: a paragraph's index entries;
- :mod:`~blogbook.sphinxext.incremental`: which pages to write again;
- :mod:`~blogbook.sphinxext.extrapages`: the general index and search page, written when changed;
- :mod:`~blogbook.sphinxext.bibstyle`: author–date citations;
- :mod:`~blogbook.sphinxext.bibdomain`: sphinxcontrib-bibtex's domain, cheap after an edit;
- :mod:`~blogbook.sphinxext.publish`: ``posts.bib`` and ``posts.csv`` for researchers;
- :mod:`~blogbook.sphinxext.search`: the book's search, with Pagefind;
- :mod:`~blogbook.sphinxext.previews`: what link previews show;
- :mod:`~blogbook.sphinxext.feeds`: Atom feeds and the sitemap;
- :mod:`~blogbook.sphinxext.linkstatus`: dead links and their archived copies;
- :mod:`~blogbook.sphinxext.themefixes`: fixes to the theme's and docutils' markup;
- :mod:`~blogbook.sphinxext.templatecache`: the theme's templates, compiled once;
- :mod:`~blogbook.sphinxext.titlecache`: titles rendered once, not on every page showing them;
- :mod:`~blogbook.sphinxext.lazyplot` (an extension of its own, listed in ``conf.py``):
  matplotlib's plot directive, matplotlib loaded only to draw.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from blogbook.sphinxext import (
    bibdomain,
    bibstyle,
    collect,
    config,
    context,
    extrapages,
    feeds,
    incremental,
    indexentries,
    linkstatus,
    lists,
    placeholders,
    previews,
    publish,
    search,
    sourcepages,
    templatecache,
    themefixes,
    titlecache,
    years,
)
from blogbook.sphinxext.domain import BlogDomain


def setup(app: Sphinx) -> dict[str, Any]:
    bibstyle.register()
    config.register(app)
    search.register(app)
    extrapages.register(app)
    linkstatus.setup(app)
    app.add_domain(BlogDomain)
    app.add_domain(bibdomain.BookBibtexDomain, override=True)  # after sphinxcontrib-bibtex's
    for node in (
        placeholders.post_list,
        placeholders.topic_index,
        placeholders.related_topics,
        placeholders.topic_sources,
        placeholders.post_sources,
        placeholders.post_navigation,
        placeholders.related_posts,
        placeholders.data_file,
        placeholders.source_reference,
        placeholders.cited_in,
        placeholders.source_topics,
        placeholders.co_cited,
        placeholders.source_entry,
    ):
        app.add_node(node)
    app.add_directive("post-archive", placeholders.PostArchiveDirective)
    app.add_directive("topic-index", placeholders.TopicIndexDirective)
    app.add_directive("source-page", sourcepages.SourcePageDirective)
    app.add_directive("source-index", sourcepages.SourceIndexDirective)
    app.add_directive("index-entries", indexentries.IndexEntriesDirective)
    app.add_role("data-file", publish.DataFileRole())
    # Before Sphinx's collectors (priority 500), so that these sections are in the contents.
    app.connect("doctree-read", collect.on_doctree_read_early, priority=400)
    # After Sphinx's own collectors, so titles and metadata are known.
    app.connect("doctree-read", collect.on_doctree_read, priority=600)
    # After the post's layout, so that its original address is looked up too.
    app.connect("doctree-read", linkstatus.on_doctree_read, priority=700)
    app.connect("env-updated", years.on_env_updated)
    app.connect("env-updated", context.remember_short_references)
    app.connect("doctree-resolved", lists.on_doctree_resolved)
    incremental.register(app)
    # Before sphinxext-opengraph (500), so its description does not repeat the byline.
    app.connect("html-page-context", publish.on_html_page_context, priority=400)
    themefixes.register(app)
    app.connect("builder-inited", templatecache.keep_compiled_templates)
    app.connect("builder-inited", titlecache.keep_rendered_titles)
    app.connect("build-finished", publish.on_build_finished)
    app.connect("build-finished", previews.on_build_finished)
    app.connect("build-finished", feeds.on_build_finished)
    app.connect("html-page-context", feeds.on_html_page_context)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 2,
    }
