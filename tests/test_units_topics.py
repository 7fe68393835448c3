"""Topic rules (blogbook.topics): read from a topic page's front matter, every problem at its
line; a post is on a topic when its signals come up often enough, or in its title."""

from __future__ import annotations

import pytest

from blocks import P, T
from blogbook.model import Paragraph
from blogbook.phrases import post_text
from blogbook.topics import TopicRule, match_topics, parse_topic_rule, topic_score

PATH = "topics/ofsted.md"


def rule(text: str, slug: str = "ofsted") -> TopicRule:
    found, problems = parse_topic_rule(text, PATH, slug)
    assert problems == ()
    assert found is not None
    return found


def test_a_rule_read_whole() -> None:
    found = rule(
        "---\ntitle: x\ntopic:\n  threshold: '2'\n  signals: [Ofsted, inspect*]\n---\n# Ofsted\n"
    )
    assert (found.slug, found.signals, found.threshold, found.path, found.line) == (
        "ofsted",
        ("Ofsted", "inspect*"),
        2,
        PATH,
        5,
    )
    assert [m.group() for m in found.pattern.finditer("OFSTED inspectors, ofsted")] == [
        "OFSTED",
        "inspectors",
        "ofsted",
    ]


@pytest.mark.parametrize(
    ("threshold", "expected"), [("", 3), ("  threshold: 1\n", 1), ("  threshold: 12\n", 12)]
)
def test_the_threshold(threshold: str, expected: int) -> None:
    assert rule(f"---\ntopic:\n  signals: Ofsted\n{threshold}---\n").threshold == expected


@pytest.mark.parametrize(
    ("text", "slug", "expected"),
    [
        (
            "---\ntopic:\n  signals: [a]\n---\n",
            "Ofsted",
            "1: error: topic file name 'Ofsted' must be a slug (lower-case words joined by hyphens) [bad-topic]",
        ),
        (
            "# Ofsted\n",
            "ofsted",
            "1: error: a topic page needs a 'topic:' rule in its front matter [no-topic-rule]",
        ),
        (
            "---\ntitle: Ofsted\n---\n",
            "ofsted",
            "1: error: a topic page needs a 'topic:' rule in its front matter [no-topic-rule]",
        ),
        (
            "---\ntopic:\n  signals: [a]\n",
            "ofsted",
            "1: error: front matter is not closed by '---' [bad-yaml]",
        ),
        ("---\n- topic\n---\n", "ofsted", "2: error: front matter must be a mapping [bad-topic]"),
        ("---\ntopic: [a]\n---\n", "ofsted", "2: error: topic must be a mapping [bad-topic]"),
        (
            "---\ntopic:\n  signal: [a]\n---\n",
            "ofsted",
            "3: error: unknown key 'signal' in topic (expected one of: signals, threshold) [bad-topic]",
        ),
        ("---\ntopic:\n  threshold: 2\n---\n", "ofsted", "2: error: no 'signals:' [no-topic-rule]"),
        (
            "---\ntopic:\n  signals: [[a]]\n---\n",
            "ofsted",
            "3: error: signals must be text [bad-topic]",
        ),
        (
            "---\ntopic:\n  signals: [a]\n  threshold: [2]\n---\n",
            "ofsted",
            "4: error: threshold must be text [bad-topic]",
        ),
        (
            "---\ntopic:\n  signals: [a]\n  threshold: 0\n---\n",
            "ofsted",
            "4: error: threshold must be a whole number of at least 1 [bad-topic]",
        ),
        (
            "---\ntopic:\n  signals: [a]\n  threshold: -1\n---\n",
            "ofsted",
            "4: error: threshold must be a whole number of at least 1 [bad-topic]",
        ),
        (
            "---\ntopic:\n  signals: [a]\n  threshold: 2.5\n---\n",
            "ofsted",
            "4: error: threshold must be a whole number of at least 1 [bad-topic]",
        ),
        (
            "---\ntopic:\n  signals: [a]\n  threshold: many\n---\n",
            "ofsted",
            "4: error: threshold must be a whole number of at least 1 [bad-topic]",
        ),
    ],
)
def test_problems(text: str, slug: str, expected: str) -> None:
    found, problems = parse_topic_rule(text, PATH, slug)
    assert (found, [d.format() for d in problems]) == (None, [f"{PATH}:{expected}"])


OFSTED = rule("---\ntopic:\n  signals: [Ofsted, inspect*]\n  threshold: 3\n---\n")
CARE = rule("---\ntopic:\n  signals: [care order]\n  threshold: 1\n---\n", "care-orders")


def body(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(P(T(text)) for text in texts)


@pytest.mark.parametrize(
    ("title", "paragraphs", "score"),
    [
        ("A post", body("Nothing here."), 0),
        ("A post", body("Ofsted and ofsted.", "The inspection of OFSTED."), 4),
        ("Ofsted again", body("Nothing here."), 3),  # the title counts 3, once
        ("Ofsted, Ofsted", body("An inspector."), 4),
        ("Ofsted", body("Ofsted."), 4),
        # Letters beyond ASCII turn the quick check off, never the matching.
        ("Café", body("Le café, où l'Ofsted inspecte"), 2),
        ("Ofsted à Paris", body("Déjà vu"), 3),
    ],
)
def test_topic_score(title: str, paragraphs: tuple[Paragraph, ...], score: int) -> None:
    assert topic_score(OFSTED, title=title, text=post_text(paragraphs)) == score


@pytest.mark.parametrize(
    ("title", "paragraphs", "topics"),
    [
        ("A post", body("Ofsted, Ofsted."), ()),
        ("A post", body("Ofsted, Ofsted, Ofsted."), ("ofsted",)),
        ("Inspection", body("A Care Order."), ("care-orders", "ofsted")),
        ("A care order", body("Nothing."), ("care-orders",)),
        ("A post", body("Nothing."), ()),
    ],
)
def test_match_topics(
    title: str, paragraphs: tuple[Paragraph, ...], topics: tuple[str, ...]
) -> None:
    assert match_topics(post_text(paragraphs), title, (OFSTED, CARE)) == topics
