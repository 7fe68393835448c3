"""The editorial layer: what the archive lacks, kept in ``archive/editorial.yaml``.

Sections (all optional; the README explains them to editors):

``posts``
    Keyed by ``"YYYY-MM-DD Title"`` or, for a post without a title line,
    ``"YYYY-MM-DD Opening words"`` (any number of its first words). Values:
    ``title`` (shown as supplied by the editor), ``slug`` (pins the page name),
    ``original_url``, ``topics: {add: [...], remove: [...]}``,
    ``not_a_title: true`` (the line read as this post's title is really a line
    of the post above it in the archive), ``is_a_title: true`` (the line the key
    names is a title: a paragraph line starts a post there, and a title the
    converter guessed is confirmed), ``uncited`` (mentions left uncited on
    purpose, with a reason).
``sources``
    Keyed by a ``references.bib`` key: cue phrases whose first occurrence in a
    post gets a citation of that source, optionally limited by ``posts`` (keys
    as above) or ``from`` / ``until`` dates.
``index``
    Index entry -> phrases that mark it, e.g. ``"Douglas, Anthony": [Anthony Douglas]``.
``labels``
    Blogger label -> topic slugs, for posts read from a Blogger export.
``blog``
    ``address``: the blog's home on Blogger (``https://example.blogspot.com/``). Takeout
    exports give each post's path only; with this, posts get their original addresses.

:func:`parse_editorial` is pure (text in, model and diagnostics out).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from blogbook import slugs
from blogbook import yamldata as y
from blogbook.diagnostics import Code, Diagnostic

_POST_KEY = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\S.*)$")
_URL = re.compile(r"^https?://\S+$")
SECTIONS = {"posts", "sources", "index", "labels", "blog"}
POST_FIELDS = {"title", "slug", "original_url", "topics", "not_a_title", "is_a_title", "uncited"}


@dataclass(frozen=True, kw_only=True)
class PostKey:
    """Names one post stably: its date and its title (or opening words)."""

    date: datetime.date
    words: str  # whitespace-normalised
    line: int

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.words}"


@dataclass(frozen=True, kw_only=True)
class UncitedMention:
    phrase: str
    reason: str
    line: int


@dataclass(frozen=True, kw_only=True)
class PostEdit:
    key: PostKey
    title: str | None = None
    slug: str | None = None
    original_url: str | None = None
    topics_add: tuple[str, ...] = ()
    topics_remove: tuple[str, ...] = ()
    not_a_title: bool = False
    is_a_title: bool = False
    uncited: tuple[UncitedMention, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Cue:
    """A phrase that, where it occurs in a post, mentions the source *key*."""

    key: str
    phrase: str
    posts: tuple[PostKey, ...] = ()
    since: datetime.date | None = None
    until: datetime.date | None = None
    line: int


@dataclass(frozen=True, kw_only=True)
class IndexEntry:
    entry: str
    phrases: tuple[str, ...]
    line: int


@dataclass(frozen=True, kw_only=True)
class Editorial:
    path: str
    posts: tuple[PostEdit, ...] = ()
    cues: tuple[Cue, ...] = ()
    index_entries: tuple[IndexEntry, ...] = ()
    labels: tuple[tuple[str, tuple[str, ...], int], ...] = ()  # label, topics, line
    blog_address: str | None = None  # e.g. "https://example.blogspot.com/"


EMPTY = Editorial(path="")


def normalise_words(text: str) -> str:
    return " ".join(text.split())


def parse_editorial(text: str, path: str) -> tuple[Editorial, tuple[Diagnostic, ...]]:
    try:
        root = y.mapping(y.load(text, path, Code.BAD_EDITORIAL), "the editorial file")
        y.only_keys(root, SECTIONS, "the editorial file")
        editorial = Editorial(
            path=path,
            posts=tuple(
                _post_edit(key, node) for key, node in y.mapping(root.get("posts"), "posts").items()
            ),
            cues=tuple(
                cue
                for key, node in y.mapping(root.get("sources"), "sources").items()
                for cue in _cues(key, node)
            ),
            index_entries=tuple(
                IndexEntry(entry=entry, phrases=y.texts(node, "index phrases"), line=node.line)
                for entry, node in y.mapping(root.get("index"), "index").items()
            ),
            labels=tuple(
                (label, _topic_slugs(node), node.line)
                for label, node in y.mapping(root.get("labels"), "labels").items()
            ),
            blog_address=_blog_address(root.get("blog")),
        )
    except y.YamlError as exc:
        return EMPTY, (exc.diagnostic,)
    return editorial, ()


def parse_post_key(node: y.Node) -> PostKey:
    """A post key, from a mapping key (its node) or from a list item."""
    key_text = y.text(node, "a post key") if isinstance(node.value, str) else ""
    match = _POST_KEY.match(key_text.strip())
    if match is None:
        message = f"post key {key_text!r} must be 'YYYY-MM-DD Title' or 'YYYY-MM-DD Opening words'"
        raise node.error(message, Code.BAD_POST_KEY)
    return PostKey(date=_date(match[1], node), words=normalise_words(match[2]), line=node.line)


def _date(text: str, node: y.Node) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise node.error(f"impossible date {text!r}", Code.BAD_DATE) from None


def _post_edit(key_text: str, node: y.Node) -> PostEdit:
    key = parse_post_key(y.Node(value=key_text, line=node.line, path=node.path, code=node.code))
    fields = y.mapping(node, f"post {key_text!r}")
    y.only_keys(fields, POST_FIELDS, f"post {key_text!r}")
    slug = _optional_text(fields, "slug")
    if slug is not None and not slugs.is_slug(slug):
        message = f"slug {slug!r} must be lower-case letters and digits joined by hyphens"
        raise fields["slug"].error(message, Code.BAD_SLUG)
    topics = y.mapping(fields.get("topics"), "topics")
    y.only_keys(topics, {"add", "remove"}, "topics")
    return PostEdit(
        key=key,
        title=_optional_text(fields, "title"),
        slug=slug,
        original_url=_optional_url(fields, "original_url"),
        topics_add=_topic_slugs(topics["add"]) if "add" in topics else (),
        topics_remove=_topic_slugs(topics["remove"]) if "remove" in topics else (),
        not_a_title=_flag(fields.get("not_a_title")),
        is_a_title=_flag(fields.get("is_a_title")),
        uncited=tuple(_uncited(item) for item in y.sequence(fields.get("uncited"), "a list")),
    )


def _cues(key: str, node: y.Node) -> list[Cue]:
    cues = []
    for item in y.sequence(node, "a list"):
        if isinstance(item.value, str):  # a bare phrase
            cues.append(Cue(key=key, phrase=normalise_words(item.value), line=item.line))
            continue
        fields = y.mapping(item, "a cue")
        y.only_keys(fields, {"cue", "posts", "from", "until"}, f"cue for {key}")
        if "cue" not in fields:
            raise item.error("a cue needs 'cue:'")
        cues.append(
            Cue(
                key=key,
                phrase=normalise_words(y.text(fields["cue"], "cue")),
                posts=tuple(map(parse_post_key, y.sequence(fields.get("posts"), "a list"))),
                since=_optional_date(fields, "from"),
                until=_optional_date(fields, "until"),
                line=fields["cue"].line,
            )
        )
    return cues


def _uncited(node: y.Node) -> UncitedMention:
    fields = y.mapping(node, "an uncited mention")
    y.only_keys(fields, {"phrase", "reason"}, "an uncited mention")
    if "phrase" not in fields or "reason" not in fields:
        raise node.error("an uncited mention needs 'phrase:' and 'reason:'")
    return UncitedMention(
        phrase=normalise_words(y.text(fields["phrase"], "phrase")),
        reason=y.text(fields["reason"], "reason"),
        line=node.line,
    )


def _blog_address(node: y.Node | None) -> str | None:
    fields = y.mapping(node, "blog")
    y.only_keys(fields, {"address"}, "blog")
    return _optional_url(fields, "address")


def _topic_slugs(node: y.Node) -> tuple[str, ...]:
    values = y.texts(node, "topic slugs")
    for value in values:
        if not slugs.is_slug(value):
            message = f"{value!r} is not a topic slug (the name of a file in topics/)"
            raise node.error(message, Code.BAD_TOPIC)
    return values


def _optional_text(fields: dict[str, y.Node], name: str) -> str | None:
    return y.text(fields[name], name).strip() if name in fields else None


def _optional_url(fields: dict[str, y.Node], name: str) -> str | None:
    url = _optional_text(fields, name)
    if url is not None and not _URL.match(url):
        raise fields[name].error(f"{name} {url!r} must be an http(s) address", Code.BAD_URL)
    return url


def _optional_date(fields: dict[str, y.Node], name: str) -> datetime.date | None:
    if name not in fields:
        return None
    return _date(y.text(fields[name], name), fields[name])


def _flag(node: y.Node | None) -> bool:
    if node is None:
        return False
    if node.value in ("true", "yes"):
        return True
    if node.value in ("false", "no"):
        return False
    raise node.error("expected true or false")
