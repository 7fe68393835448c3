"""Related posts: chosen by what posts share, weighed, nearer dates breaking ties."""

from __future__ import annotations

import datetime

from hypothesis import example, given
from hypothesis import strategies as st

from blogbook.citations import Citation
from blogbook.model import Origin, Post
from blogbook.pages import PostPage
from blogbook.related import MAX_RELATED, NEAREST, related_posts
from blogbook.terms import IndexMark, TermLink


def page(
    name: str,
    day: int,
    *,
    topics: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    terms: tuple[str, ...] = (),
    entries: tuple[str, ...] = (),
) -> PostPage:
    date = datetime.date(2014, 1, 1) + datetime.timedelta(days=day)
    return PostPage(
        post=Post(date=date, title=name, blocks=(), origin=Origin(path="a.txt", line=day + 1)),
        title=name,
        title_source="archive",
        docname=f"posts/{date:%Y/%m/%d}-{name}",
        order_in_day=1,
        original_url=None,
        topics=topics,
        citations=tuple(Citation(paragraph=0, offset=i, keys=(k,)) for i, k in enumerate(sources)),
        term_links=tuple(TermLink(paragraph=0, start=0, end=1, term=t) for t in terms),
        index_marks=(IndexMark(paragraph=0, entries=entries),) if entries else (),
    )


def names(related: dict[str, tuple[str, ...]], of: str) -> list[str]:
    return [
        docname.rsplit("-", 1)[1] for docname in related[next(d for d in related if d.endswith(of))]
    ]


def test_a_shared_source_weighs_more_than_topics_and_terms() -> None:
    pages = [
        page("a", 0, topics=("ofsted",), sources=("jay",), terms=("Cafcass",)),
        page("b", 1, topics=("ofsted", "workforce"), terms=("Cafcass",)),  # 3 + 1
        page("c", 200, sources=("jay",)),  # 8
        page("d", 2, entries=("Rotherham",)),  # nothing shared with a
    ]
    assert names(related_posts(pages), "a") == ["c", "b"]


def test_a_nearer_date_breaks_ties_then_the_name() -> None:
    pages = [
        page("x", 10, topics=("t",)),
        page("far", 0, topics=("t",)),
        page("near", 12, topics=("t",)),
    ]
    pages.append(page("also", 8, topics=("t",)))  # as near as "near": by name
    assert names(related_posts(pages), "x") == ["also", "near", "far"]


def test_at_most_five_and_never_itself_and_any_order_of_input() -> None:
    pages = [page(f"p{i:02d}", i, topics=("t",)) for i in range(12)]
    related = related_posts(pages)
    assert all(len(found) == MAX_RELATED for found in related.values())
    assert all(name not in found for name, found in related.items())
    assert related_posts(list(reversed(pages))) == related


def test_only_the_nearest_in_time_count_for_a_broad_topic() -> None:
    pages = [page(f"p{i:03d}", i, topics=("t",)) for i in range(3 * NEAREST)]
    pages.append(page("far", 1000, topics=("t",), sources=("s",)))
    pages.append(page("source", 0, sources=("s",)))
    # "far" shares the topic with p000, but more than NEAREST posts of it lie between them.
    assert "far" not in names(related_posts(pages), "p000")
    assert names(related_posts(pages), "source") == ["far"]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),
            st.sets(st.sampled_from(["t1", "t2", "t3"])),
            st.sets(st.sampled_from(["s1", "s2"])),
            st.sets(st.sampled_from(["g1", "g2"])),
        ),
        min_size=1,
        max_size=NEAREST + 1,  # so that every sharer is among the nearest
    )
)
@example([(0, set(), set(), {"g1"})] * 11)  # all tied: the names decide
@example([(d, {"t1"}, {"s1"} if d % 3 else set(), set()) for d in range(11)])
def test_the_lists_are_the_best_of_all_that_share_anything(
    drawn: list[tuple[int, set[str], set[str], set[str]]],
) -> None:
    """Against every post that shares something, scored and ordered in full (few posts,
    so every sharer is among the nearest): the shortcut that leaves out low scores
    before ordering changes nothing."""
    pages = [
        page(
            f"p{i}", day, topics=tuple(sorted(t)), sources=tuple(sorted(s)), terms=tuple(sorted(g))
        )
        for i, (day, t, s, g) in enumerate(drawn)
    ]
    weight = {"topic": 3, "source": 8, "term": 1}

    def shared(a: PostPage, b: PostPage) -> int:
        return (
            weight["topic"] * len(set(a.topics) & set(b.topics))
            + weight["source"] * len({c.keys for c in a.citations} & {c.keys for c in b.citations})
            + weight["term"] * len({t.term for t in a.term_links} & {t.term for t in b.term_links})
        )

    found = related_posts(pages)
    for mine in pages:
        others = [p for p in pages if p is not mine and shared(mine, p)]
        others.sort(
            key=lambda p: (-shared(mine, p), abs((p.post.date - mine.post.date).days), p.docname)
        )
        assert found[mine.docname] == tuple(p.docname for p in others[:MAX_RELATED])
