"""Which lists an edit touches, and which tables of contents it changes (no build).

A post's record changes in a build that reads it again; the pages listing it are written
again only where they show what changed (``incremental.shown_in``). A page of a topic or
a source lists its posts under a heading per year, and the years are in its contents
(``years``): where they change, so do its parents' tables of contents.
"""

from __future__ import annotations

import dataclasses

from docutils import nodes
from sphinx import addnodes

from blogbook.sphinxext import incremental, years
from blogbook.sphinxext.domain import PostRecord
from blogbook.sphinxext.quotes import CitedSentence
from conftest import post_record


def record() -> PostRecord:
    cited = post_record(300, "jay2014rotherham", "ofsted2014bucks")
    return dataclasses.replace(
        cited,
        topics=("ofsted", "workforce"),
        opening="There seems little doubt",
        citations=(
            CitedSentence(key="jay2014rotherham", before="The report", after="says so."),
            CitedSentence(key="ofsted2014bucks", before="Ofsted found", after=""),
        ),
    )


def touched(**changes: object) -> set[str]:
    old = record()
    return incremental.touched_by_posts([(old, dataclasses.replace(old, **changes))])


MONTH = {"posts", "posts:2014", "posts:2014-10"}
TOPIC_PAGES = {"topic:ofsted", "topic:workforce"}
SOURCE_PAGES = {"source:jay2014rotherham", "source:ofsted2014bucks"}


def test_new_opening_words_touch_the_lists_of_posts_alone() -> None:
    assert touched(opening="There is little doubt") == MONTH | TOPIC_PAGES


def test_a_new_title_touches_every_list_naming_the_post_but_the_indexes() -> None:
    assert touched(title="Rotherham, and after") == MONTH | TOPIC_PAGES | SOURCE_PAGES


def test_a_cited_sentence_touches_the_page_of_its_source_alone() -> None:
    old = record().citations
    sentence = dataclasses.replace(old[1], before="Ofsted then found")
    assert touched(citations=(old[0], sentence)) == {"source:ofsted2014bucks"}


def test_a_new_topic_touches_the_topics_its_posts_count_and_the_index() -> None:
    found = touched(topics=("ofsted", "workforce", "privatisation"))
    assert found == TOPIC_PAGES | {"topic:privatisation", "topics"} | SOURCE_PAGES


def test_a_new_source_is_counted_in_the_index_of_sources() -> None:
    found = touched(cited_keys=(*record().cited_keys, "butler2014uturn"))
    assert found == TOPIC_PAGES | SOURCE_PAGES | {"source:butler2014uturn", "citations"}


def test_related_posts_show_on_the_posts_own_page_alone() -> None:
    assert touched(related=("posts/2014/08/14-the-title-says-it-all",)) == set()


def test_a_post_added_or_removed_touches_every_list_that_holds_it() -> None:
    everything = MONTH | TOPIC_PAGES | SOURCE_PAGES | {"topics", "citations"}
    assert incremental.touched_by_posts([(record(),)]) == everything


def contents(*years_shown: str) -> nodes.bullet_list:
    """A page's contents with one entry, the list of posts, and *years_shown* under it."""
    link = nodes.reference("", "Posts", internal=True, refuri="", anchorname="#posts-on-this-topic")
    item = nodes.list_item("", addnodes.compact_paragraph("", "", link))
    if years_shown:
        shown = nodes.bullet_list()
        for text in years_shown:
            shown += nodes.list_item("", addnodes.compact_paragraph("", text))
        item += shown
    return nodes.bullet_list("", item)


def groups(*counts: tuple[int, int]) -> list[tuple[int, list[PostRecord]]]:
    return [(year, [record()] * count) for year, count in counts]


def test_years_added_to_a_pages_contents_say_whether_they_changed_it() -> None:
    toc = contents()
    add = years._add_years
    assert add(toc, "topics/ofsted", "posts-on-this-topic", groups((2015, 2), (2014, 1)))
    assert "2015 (2 posts)" in toc.astext() and "2014 (1 post)" in toc.astext()
    assert not add(toc, "topics/ofsted", "posts-on-this-topic", groups((2015, 2), (2014, 1)))
    assert add(toc, "topics/ofsted", "posts-on-this-topic", groups((2015, 3), (2014, 1)))
    assert add(toc, "topics/ofsted", "posts-on-this-topic", groups((2015, 4)))  # one year
    assert "2015" not in toc.astext()
    assert not add(toc, "topics/ofsted", "posts-on-this-topic", groups((2015, 4)))
    assert not add(contents(), "topics/ofsted", "another-section", groups((2015, 2), (2014, 1)))
