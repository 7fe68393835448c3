"""Keeping drawn lists right in incremental builds.

Lists are drawn when a page is written, from the records of every post. When a
build re-reads some posts, pages whose lists or previous/next links changed
must be written again even though their own source did not change. Before
reading, remember the records; after reading, compare, and ask Sphinx to
write the pages that show what changed (``env-get-updated``): the lists whose
scopes the changed records touch (:mod:`blogbook.sphinxext.scopes`) and the posts
whose previous or next post changed. A build that changed nothing asks for nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from blogbook.sphinxext import scopes
from blogbook.sphinxext.domain import BlogDomain, PostRecord, TopicRecord

State = tuple[frozenset[PostRecord], frozenset[TopicRecord]]
_before: dict[int, State] = {}  # id(env) -> state before reading


def _state(domain: BlogDomain) -> State:
    return frozenset(domain.posts.values()), frozenset(domain.topics.values())


def on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    _before[id(env)] = _state(cast(BlogDomain, env.get_domain("blog")))
    return []


Shown = tuple[str, str, object] | None  # what a previous/next link shows of a post


def _neighbours(records: Iterable[PostRecord]) -> dict[str, tuple[Shown, Shown]]:
    ordered = sorted(records, key=lambda record: record.sort_key)
    shown: list[Shown] = [None, *((r.docname, r.title, r.date) for r in ordered), None]
    return {record.docname: (shown[i], shown[i + 2]) for i, record in enumerate(ordered)}


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = cast(BlogDomain, env.get_domain("blog"))
    before = _before.pop(id(env), (frozenset(), frozenset()))
    after = _state(domain)
    if before == after:
        return []
    changed_posts = before[0] ^ after[0]  # old and new versions of what changed
    changed_topics = before[1] ^ after[1]
    touched = scopes.touched_by_posts(changed_posts)
    if changed_topics:
        touched |= scopes.touched_by_topics(domain.topics.values())
    pages = {docname for docname, shown in domain.listings.items() if shown & touched}
    old = _neighbours(before[0])
    for docname, pair in _neighbours(after[0]).items():
        if old.get(docname) != pair:
            pages.add(docname)
    return sorted(pages & env.found_docs)
