"""The editorial layer (blogbook.editorial): every field read into the model, and every
entry of the wrong shape reported at its line with its code and a message that says what
was expected."""

from __future__ import annotations

import datetime

import pytest

from blogbook.editorial import (
    EMPTY,
    Cue,
    Editorial,
    IndexEntry,
    PostEdit,
    PostKey,
    UncitedMention,
    normalise_words,
    parse_editorial,
)

PATH = "archive/editorial.yaml"

EVERY_FIELD = """\
posts:
  "2014-08-28  There seems   little doubt":
    title: " Rotherham "
    slug: rotherham
    original_url: http://chrismillsblog.blogspot.com/2014/08/rotherham.html
    topics:
      add: [privatisation, care-orders]
      remove: ofsted
    not_a_title: yes
    is_a_title: false
    uncited:
      - phrase: "the  Jay report"
        reason: cited two lines above
  2014-08-05 Stop this:
    not_a_title: no
    is_a_title: true
sources:
  jay2014rotherham:
    - the  report of the inquiry
    - cue: Professor Jay
      posts: ["2014-08-28 There seems", 2014-09-01 Another post]
      from: 2014-08-01
      until: 2014-12-31
index:
  "Guardian, The": [the Guardian, Guardian readers]
  Rotherham: Rotherham
labels:
  Ofsted: [ofsted]
  care: care-orders
blog:
  address: https://chrismillsblog.blogspot.com/
"""


def key(date: str, words: str, line: int) -> PostKey:
    return PostKey(date=datetime.date.fromisoformat(date), words=words, line=line)


def test_every_field_is_read() -> None:
    editorial, problems = parse_editorial(EVERY_FIELD, PATH)
    assert problems == ()
    assert editorial == Editorial(
        path=PATH,
        posts=(
            PostEdit(
                key=key("2014-08-28", "There seems little doubt", 2),
                title="Rotherham",
                slug="rotherham",
                original_url="http://chrismillsblog.blogspot.com/2014/08/rotherham.html",
                topics_add=("privatisation", "care-orders"),
                topics_remove=("ofsted",),
                not_a_title=True,
                is_a_title=False,
                uncited=(
                    UncitedMention(
                        phrase="the Jay report", reason="cited two lines above", line=12
                    ),
                ),
            ),
            PostEdit(key=key("2014-08-05", "Stop this", 14), not_a_title=False, is_a_title=True),
        ),
        cues=(
            Cue(key="jay2014rotherham", phrase="the report of the inquiry", line=19),
            Cue(
                key="jay2014rotherham",
                phrase="Professor Jay",
                posts=(key("2014-08-28", "There seems", 21), key("2014-09-01", "Another post", 21)),
                since=datetime.date(2014, 8, 1),
                until=datetime.date(2014, 12, 31),
                line=20,
            ),
        ),
        index_entries=(
            IndexEntry(
                entry="Guardian, The", phrases=("the Guardian", "Guardian readers"), line=25
            ),
            IndexEntry(entry="Rotherham", phrases=("Rotherham",), line=26),
        ),
        labels=(("Ofsted", ("ofsted",), 28), ("care", ("care-orders",), 29)),
        blog_address="https://chrismillsblog.blogspot.com/",
    )
    assert str(editorial.posts[0].key) == "2014-08-28 There seems little doubt"


@pytest.mark.parametrize(
    "text", ["", "# nothing yet\n", "posts:\nsources:\nindex:\nlabels:\nblog:\n"]
)
def test_an_empty_layer(text: str) -> None:
    assert parse_editorial(text, PATH) == (Editorial(path=PATH), ())


def test_normalise_words() -> None:
    assert normalise_words("  a \t b\n c  ") == "a b c"


POST = 'posts:\n  "2014-08-28 A post":\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The file and its sections
        ("- a\n", "1: error: the editorial file must be a mapping [bad-editorial]"),
        (
            "post: {}\n",
            "1: error: unknown key 'post' in the editorial file "
            "(expected one of: blog, index, labels, posts, sources) [bad-editorial]",
        ),
        ("posts: [a]\n", "1: error: posts must be a mapping [bad-editorial]"),
        ("sources: [a]\n", "1: error: sources must be a mapping [bad-editorial]"),
        ("index: [a]\n", "1: error: index must be a mapping [bad-editorial]"),
        ("labels: [a]\n", "1: error: labels must be a mapping [bad-editorial]"),
        ("posts: {a: 1}\nposts: {}\n", "2: error: duplicate key 'posts' [duplicate-key]"),
        (
            "posts: [a\n",
            "1: error: invalid YAML: expected ',' or ']', but got '<stream end>' [bad-yaml]",
        ),
        # Post keys
        (
            "posts:\n  A post: {}\n",
            "2: error: post key 'A post' must be 'YYYY-MM-DD Title' or 'YYYY-MM-DD Opening words' [bad-post-key]",
        ),
        (
            "posts:\n  2014-08-28: {}\n",
            "2: error: post key '2014-08-28' must be 'YYYY-MM-DD Title' or 'YYYY-MM-DD Opening words' [bad-post-key]",
        ),
        ("posts:\n  2014-02-30 A post: {}\n", "2: error: impossible date '2014-02-30' [bad-date]"),
        ('posts:\n  " ": {}\n', "2: error: a post key must be text [bad-editorial]"),
        # Post fields
        (POST + "    x\n", "2: error: post '2014-08-28 A post' must be a mapping [bad-editorial]"),
        (
            POST + "    titel: x\n",
            "3: error: unknown key 'titel' in post '2014-08-28 A post' (expected one of: "
            "is_a_title, not_a_title, original_url, slug, title, topics, uncited) [bad-editorial]",
        ),
        (POST + "    title: [x]\n", "3: error: title must be text [bad-editorial]"),
        (POST + "    title: '  '\n", "3: error: title must be text [bad-editorial]"),
        (
            POST + "    slug: Rotherham\n",
            "3: error: slug 'Rotherham' must be lower-case letters and digits joined by hyphens [bad-slug]",
        ),
        (POST + "    slug: [x]\n", "3: error: slug must be text [bad-editorial]"),
        (
            POST + "    original_url: www.example.org\n",
            "3: error: original_url 'www.example.org' must be an http(s) address [bad-url]",
        ),
        (
            POST + "    original_url: http://example.org/a b\n",
            "3: error: original_url 'http://example.org/a b' must be an http(s) address [bad-url]",
        ),
        (POST + "    topics: [ofsted]\n", "3: error: topics must be a mapping [bad-editorial]"),
        (
            POST + "    topics: {add: [ofsted], drop: [x]}\n",
            "3: error: unknown key 'drop' in topics (expected one of: add, remove) [bad-editorial]",
        ),
        (
            POST + "    topics:\n      add: [ofsted, Care Orders]\n",
            "4: error: 'Care Orders' is not a topic slug (the name of a file in topics/) [bad-topic]",
        ),
        (
            POST + "    topics:\n      remove: [[ofsted]]\n",
            "4: error: topic slugs must be text [bad-editorial]",
        ),
        (POST + "    not_a_title: maybe\n", "3: error: expected true or false [bad-editorial]"),
        (POST + "    is_a_title: 1\n", "3: error: expected true or false [bad-editorial]"),
        (POST + "    is_a_title: TRUE\n", "3: error: expected true or false [bad-editorial]"),
        (POST + "    uncited: {phrase: x}\n", "3: error: a list must be a list [bad-editorial]"),
        (
            POST + "    uncited:\n      - the Jay report\n",
            "4: error: an uncited mention must be a mapping [bad-editorial]",
        ),
        (
            POST + "    uncited:\n      - phrase: x\n",
            "4: error: an uncited mention needs 'phrase:' and 'reason:' [bad-editorial]",
        ),
        (
            POST + "    uncited:\n      - reason: x\n",
            "4: error: an uncited mention needs 'phrase:' and 'reason:' [bad-editorial]",
        ),
        (
            POST + "    uncited:\n      - {phrase: x, reason: y, why: z}\n",
            "4: error: unknown key 'why' in an uncited mention (expected one of: phrase, reason) [bad-editorial]",
        ),
        (
            POST + "    uncited:\n      - phrase: [x]\n        reason: y\n",
            "4: error: phrase must be text [bad-editorial]",
        ),
        (
            POST + "    uncited:\n      - phrase: x\n        reason: ''\n",
            "5: error: reason must be text [bad-editorial]",
        ),
        # Sources and their cues
        ("sources:\n  jay: {cue: x}\n", "2: error: a list must be a list [bad-editorial]"),
        ("sources:\n  jay:\n    - [x]\n", "3: error: a cue must be a mapping [bad-editorial]"),
        ("sources:\n  jay:\n    - posts: []\n", "3: error: a cue needs 'cue:' [bad-editorial]"),
        (
            "sources:\n  jay:\n    - cue: x\n      since: 2014-01-01\n",
            "4: error: unknown key 'since' in cue for jay (expected one of: cue, from, posts, until) [bad-editorial]",
        ),
        ("sources:\n  jay:\n    - cue: [x]\n", "3: error: cue must be text [bad-editorial]"),
        (
            "sources:\n  jay:\n    - cue: x\n      posts: {a: b}\n",
            "4: error: a list must be a list [bad-editorial]",
        ),
        (
            "sources:\n  jay:\n    - cue: x\n      posts: [A post]\n",
            "4: error: post key 'A post' must be 'YYYY-MM-DD Title' or 'YYYY-MM-DD Opening words' [bad-post-key]",
        ),
        (
            "sources:\n  jay:\n    - cue: x\n      posts: [[A post]]\n",
            "4: error: post key '' must be 'YYYY-MM-DD Title' or 'YYYY-MM-DD Opening words' [bad-post-key]",
        ),
        (
            "sources:\n  jay:\n    - cue: x\n      from: 2014-02-30\n",
            "4: error: impossible date '2014-02-30' [bad-date]",
        ),
        (
            "sources:\n  jay:\n    - cue: x\n      until: August\n",
            "4: error: impossible date 'August' [bad-date]",
        ),
        (
            "sources:\n  jay:\n    - cue: x\n      until: [2014-01-01]\n",
            "4: error: until must be text [bad-editorial]",
        ),
        (
            "sources:\n  jay:\n    - cue: x\n      from: [2014-01-01]\n",
            "4: error: from must be text [bad-editorial]",
        ),
        # Index entries and labels
        ("index:\n  Rotherham: {a: b}\n", "2: error: index phrases must be a list [bad-editorial]"),
        ("index:\n  Rotherham: [[a]]\n", "2: error: index phrases must be text [bad-editorial]"),
        (
            "labels:\n  Ofsted: [Ofsted]\n",
            "2: error: 'Ofsted' is not a topic slug (the name of a file in topics/) [bad-topic]",
        ),
        # The blog
        ("blog: https://x.blogspot.com/\n", "1: error: blog must be a mapping [bad-editorial]"),
        (
            "blog:\n  home: https://x.blogspot.com/\n",
            "2: error: unknown key 'home' in blog (expected one of: address) [bad-editorial]",
        ),
        ("blog:\n  address: [x]\n", "2: error: address must be text [bad-editorial]"),
        (
            "blog:\n  address: x.blogspot.com\n",
            "2: error: address 'x.blogspot.com' must be an http(s) address [bad-url]",
        ),
    ],
)
def test_problems(text: str, expected: str) -> None:
    editorial, problems = parse_editorial(text, PATH)
    assert (editorial, [d.format() for d in problems]) == (EMPTY, [f"{PATH}:{expected}"])
