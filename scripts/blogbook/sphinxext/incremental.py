"""Keeping drawn lists right in incremental builds.

Lists are drawn when a page is written, from the records of every post. When a
build re-reads some posts, pages whose lists or previous/next links changed
must be written again even though their own source did not change.

Every page with a list drawn from records notes its *scopes* (:meth:`BlogDomain.note_listing`):
the archive of a period, a topic, the topics index, the citations. Before reading, the
domain keeps a snapshot of the records; after reading, the records are compared with it
and Sphinx is asked to write the pages that show what changed (``env-get-updated``): the
lists whose scopes a post joined or left, or in which it shows otherwise
(:func:`shown_in`: new opening words change the lists of posts, not the index of sources),
and the posts whose previous or next post changed. Sources are compared too, as
formatted from ``references.bib`` in this build and the last: a changed reference is
written again where it shows (the posts that cite it, lists of sources, its
bibliography). A build that changed nothing asks for nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.domain import BibtexDomain

from blogbook.sphinxext import extrapages
from blogbook.sphinxext.domain import BlogDomain, PostRecord, TopicRecord

ALL_POSTS = "posts"
TOPICS = "topics"  # the topics index: names, summaries, numbers of posts
CITATIONS = "citations"  # lists of sources, and the posts that cite each
TOPIC_NAMES = "topic-names"  # pages naming topics besides topic pages (sources' pages)
# Below this many documents to read, a -j build reads and writes in one process: Sphinx 9
# reads in parallel even for one document, and each worker sends the whole environment
# back (about 0.6 s of an edit at 1,000 posts), more than reading a few posts costs.
PARALLEL_FROM = 50


def register(app: Sphinx) -> None:
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("env-before-read-docs", few_in_one_process)
    app.connect("builder-inited", parents_of_changed_pages_only)


def few_in_one_process(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a few documents (an edit's) are read in this process,
    and under plain sphinx-build their pages are written there too; a build that reads
    many stays parallel. (``make html`` puts ``-j`` back for the writing, which decides
    for itself: see ``scripts/sphinx_build.py``.) What the parents of each document
    showed of it is noted first, before Sphinx forgets it."""
    shown_before = {docname: shown_to_parents(env, docname) for docname in docnames}
    cast(BlogDomain, env.get_domain("blog")).note_read_again(shown_before)
    if 0 < len(docnames) < PARALLEL_FROM and app.parallel > 1:
        app.parallel = 1


def shown_to_parents(env: BuildEnvironment, docname: str) -> str | None:
    """What the tables of contents including *docname*, and its neighbours' previous and
    next links, can show of it: its title and its contents (its sections, and the
    toctrees in them, with their entries), as docutils prints them; None for a page
    not read yet."""
    title, contents = env.titles.get(docname), env.tocs.get(docname)
    if title is None or contents is None:
        return None
    depth = env.metadata.get(docname, {}).get("tocdepth", "")
    return f"{depth}\n{title.pformat()}{contents.pformat()}"


def contents_changed(env: BuildEnvironment, shown_before: Mapping[str, str | None]) -> set[str]:
    """The pages read again whose parents show them otherwise (or that are new)."""
    return {
        docname
        for docname, shown in shown_before.items()
        if shown is None or shown != shown_to_parents(env, docname)
    }


def parents_of_changed_pages_only(app: Sphinx) -> None:
    """``builder-inited``: Sphinx writes, besides the pages asked for, the pages whose
    tables of contents include one of them (its parents), since a page's title and
    contents show there. Here they are written only when those changed: when the page
    read again has a new title or new contents, or its contents gained or lost a year
    (see ``years``). A page asked for only for its lists (not read again) keeps them.
    An edited sentence of a post rewrites the post alone, no longer its month; new
    opening words rewrite its month, its topics and the lists citing it, no longer the
    sources' index, the topics' index and the home page above them. A page out of date
    for the builder alone (its templates or the HTML options changed) writes its parents
    as before. What changed is noted for the pages Sphinx writes beside the documents
    (see ``extrapages``)."""
    builder = app.builder
    write = builder.write

    @functools.wraps(write)
    def writing(
        build_docnames: Iterable[str] | None,
        updated_docnames: Iterable[str],
        method: Literal["all", "specific", "update"] = "update",
    ) -> None:
        env = builder.env
        domain = cast(BlogDomain, env.get_domain("blog"))
        changed = domain.pop_contents_changed()
        shown_before = domain.pop_read_again()
        if method != "update" or build_docnames is None or "__all__" in build_docnames:
            extrapages.note_changes(app, page_wide=True)
            return write(build_docnames, updated_docnames, method)
        changed |= contents_changed(env, shown_before)
        for_the_builder = set(build_docnames) - shown_before.keys()  # not read again
        changed |= for_the_builder
        extrapages.note_changes(app, page_wide=bool(changed))
        every_parent = env.files_to_rebuild
        env.files_to_rebuild = {d: p for d, p in every_parent.items() if d in changed}
        try:
            return write(build_docnames, updated_docnames, method)
        finally:
            env.files_to_rebuild = every_parent

    builder.write = writing  # type: ignore[method-assign,misc]  # final for subclasses only


def period(year: int | None, month: int | None) -> str:
    if year is None:
        return ALL_POSTS
    return f"posts:{year:04d}" if month is None else f"posts:{year:04d}-{month:02d}"


def topic(slug: str) -> str:
    return f"topic:{slug}"


def source(key: str) -> str:
    """The page of the source *key*: the posts citing it, their topics, co-citations."""
    return f"source:{key}"


def scopes_of(record: PostRecord) -> set[str]:
    """The scopes whose lists hold *record*."""
    scopes = {
        ALL_POSTS,
        period(record.date.year, None),
        period(record.date.year, record.date.month),
    }
    scopes |= {topic(slug) for slug in record.topics}
    scopes |= {source(key) for key in record.cited_keys}
    if record.topics:
        scopes.add(TOPICS)
    if record.cited_keys:
        scopes.add(CITATIONS)
    return scopes


def shown_in(scope: str, record: PostRecord) -> object:
    """What the lists of *scope* show of *record* (lists draw these fields alone): a list
    of posts its date, place in its day, title and opening; a topic's page, besides, the
    topics and sources it counts; a source's page the post's title, date, topics, sources
    and the sentences citing that source; the topics index and the index of sources only
    count topics and sources."""
    if scope == TOPICS:
        return frozenset(record.topics)
    if scope == CITATIONS:
        return frozenset(record.cited_keys)
    listed = (record.date, record.order_in_day, record.title)
    counted = (frozenset(record.topics), frozenset(record.cited_keys))
    kind, _, name = scope.partition(":")
    if kind == "topic":
        return (*listed, record.opening, *counted)
    if kind == "source":
        return (*listed, *counted, tuple(c for c in record.citations if c.key == name))
    return (*listed, record.opening)  # the archive: every post, a year's or a month's


def touched_by_posts(versions: Iterable[Sequence[PostRecord]]) -> set[str]:
    """The scopes whose lists change with *versions*: each post's old and new record, or
    the one record of a post added or removed."""
    touched: set[str] = set()
    for found in versions:
        if len(found) == 1:
            touched |= scopes_of(found[0])
            continue
        old, new = found
        before, after = scopes_of(old), scopes_of(new)
        touched |= before ^ after
        touched |= {s for s in before & after if shown_in(s, old) != shown_in(s, new)}
    return touched


def touched_by_topics(every_topic: Iterable[TopicRecord]) -> set[str]:
    """A topic's name or summary shows on the topics index and, as a related topic,
    on any topic page: a change to one touches them all."""
    return {TOPICS, TOPIC_NAMES, *(topic(record.slug) for record in every_topic)}


def on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    cast(BlogDomain, env.get_domain("blog")).take_snapshot()
    return []


def _versions(changed: frozenset[PostRecord]) -> dict[str, list[PostRecord]]:
    """The old and new version of each changed post (one alone if it was added or removed)."""
    versions: dict[str, list[PostRecord]] = {}
    for record in sorted(changed, key=lambda r: r.docname):
        versions.setdefault(record.docname, []).append(record)
    return versions


def _retitled(versions: dict[str, list[PostRecord]]) -> set[str]:
    """Posts added, removed, or shown otherwise in lists of related posts."""
    return {
        d
        for d, found in versions.items()
        if len({(r.title, r.date) for r in found}) != 1 or len(found) == 1
    }


Shown = tuple[str, str, object] | None  # what a previous/next link shows of a post


def _neighbours(records: Iterable[PostRecord]) -> dict[str, tuple[Shown, Shown]]:
    ordered = sorted(records, key=lambda record: record.sort_key)
    shown: list[Shown] = [None, *((r.docname, r.title, r.date) for r in ordered), None]
    return {record.docname: (shown[i], shown[i + 2]) for i, record in enumerate(ordered)}


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = cast(BlogDomain, env.get_domain("blog"))
    before = domain.pop_snapshot()
    after = domain.snapshot()
    changed_sources = _changed_sources(env, domain)
    if before == after and not changed_sources:
        return []
    versions = _versions(before.posts ^ after.posts)
    touched = touched_by_posts(versions.values())
    renamed: set[str] = set()
    if before.topics != after.topics:
        touched |= touched_by_topics(domain.topics.values())
        renamed = _renamed_topics(before.topics, after.topics)
    if changed_sources:
        citing = [r for r in domain.posts.values() if changed_sources.intersection(r.cited_keys)]
        touched |= {CITATIONS, *map(source, changed_sources)}
        touched |= {topic(slug) for record in citing for slug in record.topics}
    pages = {docname for docname, shown in domain.listings.items() if shown & touched}
    pages |= {d for d, r in domain.posts.items() if changed_sources.intersection(r.cited_keys)}
    retitled = _retitled(versions)
    pages |= {d for d, r in domain.posts.items() if retitled.intersection(r.related)}
    pages |= _bibliographies_listing(env, changed_sources)
    pages |= {d for d, r in domain.posts.items() if renamed.intersection(r.topics)}
    old = _neighbours(before.posts)
    for docname, pair in _neighbours(after.posts).items():
        if old.get(docname) != pair:
            pages.add(docname)
    return sorted(pages & env.found_docs)


def _renamed_topics(before: Iterable[TopicRecord], after: Iterable[TopicRecord]) -> set[str]:
    """Topics whose name changed, or that came or went: a post's byline names its topics,
    and its search filter too."""
    names = [{record.slug: record.title for record in records} for records in (before, after)]
    return {
        slug
        for slug in names[0].keys() | names[1].keys()
        if names[0].get(slug) != names[1].get(slug)
    }


def _formatted_sources(env: BuildEnvironment) -> dict[str, str]:
    """Each source as sphinxcontrib-bibtex formatted it in this build: its label and text."""
    cite = cast(BibtexDomain, env.get_domain("cite"))
    return {
        citation.key: f"{citation.formatted_entry.label}\n{citation.formatted_entry.text}"
        for citation in cite.citations
    }


def _changed_sources(env: BuildEnvironment, domain: BlogDomain) -> set[str]:
    """Keys whose formatted reference differs from the last build's (references.bib is
    read again whenever it changes, but no page citing it is read again)."""
    now = _formatted_sources(env)
    before = domain.formatted_sources
    domain.formatted_sources = now
    return {key for key in now.keys() | before.keys() if now.get(key) != before.get(key)}


def _bibliographies_listing(env: BuildEnvironment, keys: set[str]) -> set[str]:
    cite = cast(BibtexDomain, env.get_domain("cite"))
    return {c.bibliography_key.docname for c in cite.citations if c.key in keys}
