"""Which topics a post is about, from rules declared on each topic page.

A topic page ``topics/<slug>.md`` declares its rule in its front matter::

    ---
    topic:
      signals: [Ofsted, inspection*, inspector*]
      threshold: 3        # optional, default 3
    ---

A post is on the topic when its *score* reaches the threshold: each
occurrence of a signal in the post's text counts 1, and a signal in the
title counts :data:`TITLE_WEIGHT` once. So a passing word does not make a
post about a topic; the topic has to come up again and again, or in the title.
The editorial layer then adds or removes topics per post.
"""

from __future__ import annotations

from dataclasses import dataclass

from blogbook import diagnostics as diag
from blogbook import slugs
from blogbook import yamldata as y
from blogbook.diagnostics import Code, Diagnostic
from blogbook.phrases import PhraseMatcher, PostText, TextWords, compile_phrases, text_words

DEFAULT_THRESHOLD = 3
TITLE_WEIGHT = 3


@dataclass(frozen=True, kw_only=True)
class TopicRule:
    slug: str
    signals: tuple[str, ...]
    threshold: int
    pattern: PhraseMatcher
    path: str
    line: int


def parse_topic_rule(
    text: str, path: str, slug: str
) -> tuple[TopicRule | None, tuple[Diagnostic, ...]]:
    """Read the rule from one topic page; *slug* is the page's file name."""
    if not slugs.is_slug(slug):
        message = f"topic file name {slug!r} must be a slug (lower-case words joined by hyphens)"
        return None, (diag.error(Code.BAD_TOPIC, path, 1, message),)
    try:
        front = y.mapping(y.front_matter(text, path, Code.BAD_TOPIC), "front matter")
        if "topic" not in front:
            message = "a topic page needs a 'topic:' rule in its front matter"
            raise y.YamlError(diag.error(Code.NO_TOPIC_RULE, path, 1, message))
        fields = y.mapping(front["topic"], "topic")
        y.only_keys(fields, {"signals", "threshold"}, "topic")
        if "signals" not in fields:
            raise front["topic"].error("no 'signals:'", Code.NO_TOPIC_RULE)
        signals = y.texts(fields["signals"], "signals")
        if not signals:
            message = "'signals:' is empty, so the topic would take no post"
            raise fields["signals"].error(message, Code.NO_TOPIC_RULE)
        threshold = _threshold(fields.get("threshold"))
    except y.YamlError as exc:
        return None, (exc.diagnostic,)
    rule = TopicRule(
        slug=slug,
        signals=signals,
        threshold=threshold,
        pattern=compile_phrases(tuple(signals), ignore_case=True),
        path=path,
        line=fields["signals"].line,
    )
    return rule, ()


def _threshold(node: y.Node | None) -> int:
    if node is None:
        return DEFAULT_THRESHOLD
    raw = y.text(node, "threshold")
    if not raw.isdigit() or int(raw) < 1:
        raise node.error("threshold must be a whole number of at least 1")
    return int(raw)


def topic_score(rule: TopicRule, *, title: str | TextWords, text: PostText) -> int:
    title_hit = TITLE_WEIGHT if rule.pattern.search(title) else 0
    if not rule.pattern.may_occur_in(text.whole):
        return title_hit
    return title_hit + text.count(rule.pattern)


def match_topics(text: PostText, title: str, rules: tuple[TopicRule, ...]) -> tuple[str, ...]:
    """The slugs of the topics whose rules the post meets, in slug order."""
    heading = text_words(title)
    return tuple(
        sorted(
            rule.slug
            for rule in rules
            if topic_score(rule, title=heading, text=text) >= rule.threshold
        )
    )
