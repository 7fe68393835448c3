"""Related posts: what to read next on the same question, from what the book already knows.

Two posts are related by what they share, each shared thing weighing:

- a source both cite: :data:`WEIGHTS` ``source`` (the most);
- a topic: ``topic``;
- a glossary term both use, an entity of the index both name: ``term``, ``index``.

A post's related posts are the :data:`MAX_RELATED` with the highest total, a nearer date
breaking ties, then the page name. To stay fast on the whole blog, each shared thing
counts only between a post and the :data:`NEAREST` posts on either side of it in time
that share it (a topic may hold thousands of posts). Pure and deterministic: the same
pages give the same lists, in any order.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from blogbook import forked
from blogbook.annotations import digest
from blogbook.pages import PostPage

WEIGHTS = {"source": 8, "topic": 3, "term": 1, "index": 1}
NEAREST = 10
MAX_RELATED = 5

Feature = tuple[str, str]  # (kind of thing shared, which)


def features(page: PostPage) -> set[Feature]:
    found: set[Feature] = {("topic", slug) for slug in page.topics}
    found |= {("source", key) for citation in page.citations for key in citation.keys}
    found |= {("term", link.term) for link in page.term_links}
    found |= {("index", entry) for mark in page.index_marks for entry in mark.entries}
    return found


def related_posts(pages: Sequence[PostPage]) -> dict[str, tuple[str, ...]]:
    """Each page's related pages, by docname; *pages* in date order."""
    ordered = sorted(range(len(pages)), key=lambda i: (pages[i].post.date, pages[i].order_in_day))
    of_page = [features(pages[i]) for i in ordered]
    postings: dict[Feature, list[int]] = {}
    for position, found in enumerate(of_page):
        for feature in found:
            postings.setdefault(feature, []).append(position)
    days = [pages[i].post.date.toordinal() for i in ordered]
    names = [pages[i].docname for i in ordered]

    def ranked(position: int) -> tuple[str, ...]:
        scores: defaultdict[int, int] = defaultdict(int)
        for feature in of_page[position]:
            weight = WEIGHTS[feature[0]]
            for other in _nearest(postings[feature], position):
                scores[other] += weight
        # Only posts that score as high as the list's last can be in it: the rest (most
        # of a hundred or so) are left out before the ordering that breaks ties.
        cutoff = min(heapq.nlargest(MAX_RELATED, scores.values()), default=0)
        best = sorted(
            (o for o, score in scores.items() if score >= cutoff),
            key=lambda o: (-scores[o], abs(days[o] - days[position]), names[o]),
        )
        return tuple(names[o] for o in best[:MAX_RELATED])

    # On every core for a large first run (blogbook.forked).
    return dict(zip(names, forked.map_forked(ranked, range(len(names))), strict=True))


def _nearest(posting: list[int], position: int) -> list[int]:
    """The posts of *posting* (positions in time, sorted) nearest *position*, itself aside."""
    at = bisect.bisect_left(posting, position)
    window = posting[max(at - NEAREST, 0) : at + NEAREST + 1]
    return [other for other in window if other != position]


Related = tuple[str, Mapping[str, tuple[str, ...]]]  # (digest of what decides, the lists)


def deciding(pages: Sequence[PostPage]) -> str:
    """A digest of all that decides the lists: each page's name, place in time and
    features (an edit that changes none of these changes no list)."""
    return digest(
        [
            (page.docname, page.post.date, page.order_in_day, sorted(features(page)))
            for page in pages
        ]
    )


def with_related(
    pages: Sequence[PostPage], known: Related | None = None
) -> tuple[tuple[PostPage, ...], Related]:
    """The pages with their related posts, and the lists to keep; *known*: an earlier
    run's, reused when what decides them is unchanged (most edits of a post's text)."""
    key = deciding(pages)
    lists = known[1] if known is not None and known[0] == key else related_posts(pages)
    return tuple(replace(page, related=lists[page.docname]) for page in pages), (key, lists)
