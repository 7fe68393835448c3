"""What a drawn list shows, so that an incremental build redraws only what changed.

Every page with a list drawn from post records notes its *scopes*: the archive of
a period, a topic, the topics index, the citations. When records change, the
scopes they touch are worked out and only pages showing one of them are written
again.
"""

from __future__ import annotations

from collections.abc import Iterable

from blogbook.sphinxext.domain import PostRecord, TopicRecord

ALL_POSTS = "posts"
TOPICS = "topics"  # the topics index: names, summaries, numbers of posts
CITATIONS = "citations"  # bibliographies, under which the citing posts are listed


def period(year: int | None, month: int | None) -> str:
    if year is None:
        return ALL_POSTS
    return f"posts:{year:04d}" if month is None else f"posts:{year:04d}-{month:02d}"


def topic(slug: str) -> str:
    return f"topic:{slug}"


def touched_by_posts(records: Iterable[PostRecord]) -> set[str]:
    """The scopes that show any of *records* (give both the old and the new version)."""
    touched = {ALL_POSTS}
    for record in records:
        touched |= {period(record.date.year, None), period(record.date.year, record.date.month)}
        touched |= {topic(slug) for slug in record.topics}
        if record.topics:
            touched.add(TOPICS)
        if record.cited_keys:
            touched.add(CITATIONS)
    return touched


def touched_by_topics(every_topic: Iterable[TopicRecord]) -> set[str]:
    """A topic's name or summary shows on the topics index and, as a related topic,
    on any topic page: a change to one touches them all."""
    return {TOPICS, *(topic(record.slug) for record in every_topic)}
