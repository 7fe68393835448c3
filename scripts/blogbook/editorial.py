"""The editorial layer: what the archive lacks, kept in ``archive/editorial.yaml``.

Sections (all optional; the README explains them to editors):

``posts``
    Keyed by ``"YYYY-MM-DD Title"`` or, for a post without a title line,
    ``"YYYY-MM-DD Opening words"`` (any number of its first words). Values:
    ``title`` (shown as supplied by the editor), ``slug`` (pins the page name),
    ``original_url``, ``topics: {add: [...], remove: [...]}``,
    ``not_a_title: true`` (the line read as this post's title is really a line
    of the post above it in the archive), ``uncited`` (mentions left uncited on
    purpose, with a reason).
``sources``
    Keyed by a ``references.bib`` key: cue phrases whose first occurrence in a
    post gets a citation of that source, optionally limited by ``posts`` (keys
    as above) or ``from`` / ``until`` dates.
``index``
    Index entry -> phrases that mark it, e.g. ``"Douglas, Anthony": [Anthony Douglas]``.
``labels``
    Blogger label -> topic slugs, for posts read from a Blogger export.

:func:`parse_editorial` is pure (text in, model and diagnostics out).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from blogbook import diagnostics as diag
from blogbook import slugs
from blogbook import yamldata as y
from blogbook.diagnostics import Diagnostic

_POST_KEY = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\S.*)$")
_URL = re.compile(r"^https?://\S+$")


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


EMPTY = Editorial(path="")


def normalise_words(text: str) -> str:
    return " ".join(text.split())


def parse_editorial(text: str, path: str) -> tuple[Editorial, tuple[Diagnostic, ...]]:
    try:
        root = y.mapping(y.load(text, path), path, "the editorial file")
        y.only_keys(root, {"posts", "sources", "index", "labels"}, path, "the editorial file")
        editorial = Editorial(
            path=path,
            posts=tuple(
                _post_edit(key, node, path)
                for key, node in y.mapping(root.get("posts"), path, "posts").items()
            ),
            cues=tuple(
                cue
                for key, node in y.mapping(root.get("sources"), path, "sources").items()
                for cue in _cues(key, node, path)
            ),
            index_entries=tuple(
                IndexEntry(
                    entry=entry, phrases=y.texts(node, path, "index phrases"), line=node.line
                )
                for entry, node in y.mapping(root.get("index"), path, "index").items()
            ),
            labels=tuple(
                (label, _topic_slugs(node, path), node.line)
                for label, node in y.mapping(root.get("labels"), path, "labels").items()
            ),
        )
    except y.YamlError as exc:
        return EMPTY, (exc.diagnostic,)
    return editorial, ()


def parse_post_key(text: str, line: int, path: str) -> PostKey:
    match = _POST_KEY.match(text.strip())
    if match is None:
        message = f"post key {text!r} must be 'YYYY-MM-DD Title' or 'YYYY-MM-DD Opening words'"
        raise y.YamlError(diag.error("bad-post-key", path, line, message))
    return PostKey(date=_date(match[1], line, path), words=normalise_words(match[2]), line=line)


def _date(text: str, line: int, path: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise y.YamlError(diag.error("bad-date", path, line, f"impossible date {text!r}")) from None


def _post_edit(key_text: str, node: y.Node, path: str) -> PostEdit:
    key = parse_post_key(key_text, node.line, path)
    fields = y.mapping(node, path, f"post {key_text!r}")
    allowed = {"title", "slug", "original_url", "topics", "not_a_title", "uncited"}
    y.only_keys(fields, allowed, path, f"post {key_text!r}")
    slug = _optional_text(fields, "slug", path)
    if slug is not None and not slugs.is_slug(slug):
        message = f"slug {slug!r} must be lower-case letters and digits joined by hyphens"
        raise y.YamlError(diag.error("bad-slug", path, fields["slug"].line, message))
    url = _optional_text(fields, "original_url", path)
    if url is not None and not _URL.match(url):
        message = f"original_url {url!r} must be an http(s) address"
        raise y.YamlError(diag.error("bad-url", path, fields["original_url"].line, message))
    topics = y.mapping(fields.get("topics"), path, "topics")
    y.only_keys(topics, {"add", "remove"}, path, "topics")
    return PostEdit(
        key=key,
        title=_optional_text(fields, "title", path),
        slug=slug,
        original_url=url,
        topics_add=_topic_slugs(topics["add"], path) if "add" in topics else (),
        topics_remove=_topic_slugs(topics["remove"], path) if "remove" in topics else (),
        not_a_title=_flag(fields.get("not_a_title"), path),
        uncited=tuple(_uncited(item, path) for item in _items(fields.get("uncited"), path)),
    )


def _cues(key: str, node: y.Node, path: str) -> list[Cue]:
    cues = []
    for item in _items(node, path):
        if isinstance(item.value, str):  # a bare phrase
            cues.append(Cue(key=key, phrase=normalise_words(item.value), line=item.line))
            continue
        fields = y.mapping(item, path, "a cue")
        y.only_keys(fields, {"cue", "posts", "from", "until"}, path, f"cue for {key}")
        if "cue" not in fields:
            raise y.YamlError(diag.error("bad-editorial", path, item.line, "a cue needs 'cue:'"))
        cues.append(
            Cue(
                key=key,
                phrase=normalise_words(y.text(fields["cue"], path, "cue")),
                posts=tuple(
                    parse_post_key(text.value, text.line, path)
                    for text in _items(fields.get("posts"), path)
                    if isinstance(text.value, str)
                ),
                since=_optional_date(fields, "from", path),
                until=_optional_date(fields, "until", path),
                line=fields["cue"].line,
            )
        )
    return cues


def _uncited(node: y.Node, path: str) -> UncitedMention:
    fields = y.mapping(node, path, "an uncited mention")
    y.only_keys(fields, {"phrase", "reason"}, path, "an uncited mention")
    if "phrase" not in fields or "reason" not in fields:
        message = "an uncited mention needs 'phrase:' and 'reason:'"
        raise y.YamlError(diag.error("bad-editorial", path, node.line, message))
    return UncitedMention(
        phrase=normalise_words(y.text(fields["phrase"], path, "phrase")),
        reason=y.text(fields["reason"], path, "reason"),
        line=node.line,
    )


def _items(node: y.Node | None, path: str) -> list[y.Node]:
    return [] if node is None else y.sequence(node, path, "a list")


def _topic_slugs(node: y.Node, path: str) -> tuple[str, ...]:
    values = y.texts(node, path, "topic slugs")
    for value in values:
        if not slugs.is_slug(value):
            message = f"{value!r} is not a topic slug (the name of a file in topics/)"
            raise y.YamlError(diag.error("bad-topic", path, node.line, message))
    return values


def _optional_text(fields: dict[str, y.Node], name: str, path: str) -> str | None:
    return y.text(fields[name], path, name).strip() if name in fields else None


def _optional_date(fields: dict[str, y.Node], name: str, path: str) -> datetime.date | None:
    if name not in fields:
        return None
    return _date(y.text(fields[name], path, name), fields[name].line, path)


def _flag(node: y.Node | None, path: str) -> bool:
    if node is None:
        return False
    if node.value in ("true", "yes"):
        return True
    if node.value in ("false", "no"):
        return False
    raise y.YamlError(diag.error("bad-editorial", path, node.line, "expected true or false"))
