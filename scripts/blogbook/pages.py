"""From posts as read to pages as published: editorial decisions and annotations.

:func:`build_pages` is pure. It applies the editorial layer (titles, slugs,
addresses, topic changes, lines that are not titles), gives every post its
page name, and computes its topics, citations, glossary links and index
entries. It also checks the editorial layer against the posts: an entry or a
cue that names no post is an error, a cue that matches nothing a warning.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from blogbook import diagnostics as diag
from blogbook import forked, slugs
from blogbook.annotations import Annotations, digest
from blogbook.citations import (
    Citation,
    CueIndex,
    cite_links,
    cue_applies,
    find_citations,
    index_cues,
    merge_citations,
)
from blogbook.dates import long_date
from blogbook.diagnostics import Code, Diagnostic
from blogbook.editorial import Cue, Editorial, PostEdit, PostKey
from blogbook.model import Origin, Post, link_urls, opening_words, paragraphs
from blogbook.phrases import post_text
from blogbook.postkeys import find_post, key_matches
from blogbook.sources import Source, normalise_url
from blogbook.terms import IndexMark, Term, TermLink, find_index_marks, find_term_links
from blogbook.titles import apply_title_edits
from blogbook.topics import TopicRule, match_topics

TITLE_FROM_ARCHIVE = "archive"
TITLE_FROM_EDITOR = "editor"
TITLE_PLACEHOLDER = "placeholder"


@dataclass(frozen=True, kw_only=True)
class Rules:
    """Everything besides the posts that decides how pages look."""

    editorial: Editorial
    topics: tuple[TopicRule, ...] = ()
    terms: tuple[Term, ...] = ()
    source_keys: frozenset[str] | None = None  # None: do not check cue keys
    source_urls: dict[str, str] = field(default_factory=dict)  # url -> key
    sources: tuple[Source, ...] = ()  # the entries of references.bib

    @functools.cached_property
    def cue_index(self) -> CueIndex:
        return index_cues(self.editorial.cues)


@dataclass(frozen=True, kw_only=True)
class PostPage:
    post: Post
    title: str
    title_source: str  # TITLE_FROM_ARCHIVE, TITLE_FROM_EDITOR or TITLE_PLACEHOLDER
    docname: str
    order_in_day: int  # 1 for the day's first post
    original_url: str | None
    topics: tuple[str, ...]
    citations: tuple[Citation, ...] = ()
    term_links: tuple[TermLink, ...] = ()
    index_marks: tuple[IndexMark, ...] = ()
    links_to_posts: tuple[tuple[str, str], ...] = ()  # (url as linked, docname of that post)
    related: tuple[str, ...] = ()  # docnames of related posts, most related first
    # The digest of the post and what the editorial layer says of it (PostWork), which
    # stands for the post in the page's own digest (:func:`page_digest`).
    work_key: str = ""


_BLOGSPOT = re.compile(r"^([\w-]+)\.blogspot\.[a-z.]+/")


def post_address_key(url: str) -> str:
    """Where a post lives on Blogger, whichever country domain a link used
    (the blog links to itself as .co.uk, Blogger publishes .com)."""
    return _BLOGSPOT.sub(r"\1.blogspot/", normalise_url(url))


def build_pages(
    posts: Iterable[Post], rules: Rules, known: Annotations | None = None
) -> tuple[tuple[PostPage, ...], tuple[Diagnostic, ...], Annotations]:
    """The pages, the problems found, and every post's annotation (*known*: an earlier
    run's, made under the same rules, reused where a post's work is unchanged)."""
    known = known or Annotations()
    problems: list[Diagnostic] = []
    editorial = rules.editorial
    ordered = sorted(posts, key=lambda post: post.date)  # stable: keeps each day's order
    ordered = apply_title_edits(ordered, editorial, problems)
    edits = _match_edits(ordered, editorial, problems)
    cue_posts = _match_cue_posts(ordered, editorial, problems)
    _check_topics(editorial, rules.topics, problems)
    _check_sources(editorial, rules.source_keys, problems)
    if diag.has_errors(problems):
        return (), tuple(problems), known

    work = [
        PostWork(
            post=post, order=order, edit=edits.get(id(post)), cue_keys=cue_posts.get(id(post), ())
        )
        for _, day in itertools.groupby(ordered, key=lambda post: post.date)
        for order, post in enumerate(day, start=1)
    ]
    pages: list[PostPage] = []
    matched_cues: set[Cue] = set()
    annotated, annotations = annotate(work, rules, known)
    for page, cues_used, found in annotated:
        pages.append(page)
        matched_cues |= cues_used
        problems.extend(found)
    problems.extend(_unknown_labels(ordered, editorial))
    for cue in editorial.cues:
        if cue not in matched_cues:
            message = f"cue {cue.phrase!r} for {cue.key} matches no post"
            problems.append(diag.warning(Code.CUE_UNMATCHED, editorial.path, cue.line, message))
    _check_page_names(pages, problems)
    if diag.has_errors(problems):
        return (), tuple(problems), annotations
    return _link_posts(pages), tuple(problems), annotations


def _link_posts(pages: list[PostPage]) -> tuple[PostPage, ...]:
    """Links from one post to another post's original address lead to its page in the book."""
    addresses = {post_address_key(p.original_url): p.docname for p in pages if p.original_url}
    if not addresses:
        return tuple(pages)
    linked = []
    for page in pages:
        targets = {
            (url, addresses[post_address_key(url)])
            for paragraph in paragraphs(page.post.blocks)
            for url in link_urls(paragraph.inlines)
            if post_address_key(url) in addresses
        }
        linked.append(replace(page, links_to_posts=tuple(sorted(targets))) if targets else page)
    return tuple(linked)


@dataclass(frozen=True, kw_only=True)
class PostWork:
    """One post to annotate, with what the editorial layer says of it."""

    post: Post
    order: int  # in its day
    edit: PostEdit | None
    cue_keys: tuple[PostKey, ...]


Annotated = tuple[PostPage, frozenset[Cue], list[Diagnostic]]


def annotate(
    work: list[PostWork], rules: Rules, known: Annotations
) -> tuple[list[Annotated], Annotations]:
    """Every post's annotation, in order: *known* ones reused, the others made (on every
    core, when there are many); and the annotations of this run, to keep."""
    if not known.entries:  # nothing to reuse: each post is digested where it is annotated
        made = _annotate_all(work, rules)
        entries = dict(made)
        return [annotated for _, annotated in made], Annotations(rules=known.rules, entries=entries)
    keys = [digest(item) for item in work]
    missing = [item for item, key in zip(work, keys, strict=True) if key not in known.entries]
    entries = {**known.entries, **dict(_annotate_all(missing, rules))}
    entries = {key: entries[key] for key in keys}  # only this run's posts are kept
    return [entries[key] for key in keys], Annotations(rules=known.rules, entries=entries)


def _annotate_all(work: list[PostWork], rules: Rules) -> list[tuple[str, Annotated]]:
    """Each post's digest and annotation, on every core when there are many posts
    (:mod:`blogbook.forked`)."""
    sent_back = forked.map_forked(functools.partial(_annotated_apart, rules=rules), work)
    return [
        (key, (replace(page, post=cited or item.post), used, problems))
        for item, (key, page, cited, used, problems) in zip(work, sent_back, strict=True)
    ]


# In place of the post, in a page sent back by a worker: the caller holds the post.
_POST_HELD = Post(date=datetime.date.min, title=None, blocks=(), origin=Origin(path="", line=0))


def _annotated_apart(
    item: PostWork, *, rules: Rules
) -> tuple[str, PostPage, Post | None, frozenset[Cue], list[Diagnostic]]:
    """The post's digest, its annotation without the post, and the post only if citing
    its links changed it: loading 10,000 posts back from the workers took longer than
    annotating them."""
    key = digest(item)
    page, used, problems = _annotated(item, rules)
    cited = page.post if page.post is not item.post else None
    return key, replace(page, post=_POST_HELD, work_key=key), cited, used, problems


def page_digest(page: PostPage) -> str:
    """A digest of all that the page shows. Its post counts by the page's work key: under
    the same rules (those of the notes, which hold the digests), the same work makes the
    same post, which is not pickled a second time (a fifth of rendering 10,000 pages)."""
    return digest(replace(page, post=_POST_HELD) if page.work_key else page)


def _annotated(item: PostWork, rules: Rules) -> Annotated:
    problems: list[Diagnostic] = []
    page, used = _page(item.post, item.order, item.edit, item.cue_keys, rules, problems)
    return page, used, problems


def _page(
    post: Post,
    order: int,
    edit: PostEdit | None,
    cue_keys: tuple[PostKey, ...],
    rules: Rules,
    problems: list[Diagnostic],
) -> tuple[PostPage, frozenset[Cue]]:
    opening = opening_words(post, count=slugs.UNTITLED_SLUG_WORDS)
    title, source = _title(post, edit, problems)
    slug = slugs.post_slug(
        archive_title=post.title, opening=opening, pinned=edit.slug if edit else None
    )
    post, linked = cite_links(post, rules.source_urls)
    text = post_text(paragraphs(post.blocks))
    topics = set(match_topics(text, title, rules.topics))
    topics |= _label_topics(post, rules.editorial)
    if edit is not None:
        topics = (topics | set(edit.topics_add)) - set(edit.topics_remove)
    possible = rules.cue_index.possible(text)
    cues = [cue for cue in possible if cue_applies(cue, post.date, cue_keys)]
    cued, used = find_citations(text, cues)
    citations = merge_citations(linked, cued)
    avoid: dict[int, list[int]] = {}
    for citation in citations:
        avoid.setdefault(citation.paragraph, []).append(citation.offset)
    page = PostPage(
        post=post,
        title=title,
        title_source=source,
        docname=slugs.post_docname(post.date, slug),
        order_in_day=order,
        original_url=(edit and edit.original_url) or post.original_url,
        topics=tuple(sorted(topics)),
        citations=citations,
        term_links=find_term_links(text, rules.terms, avoid=avoid),
        index_marks=find_index_marks(text, rules.editorial.index_entries),
    )
    return page, used


def _title(post: Post, edit: PostEdit | None, problems: list[Diagnostic]) -> tuple[str, str]:
    if edit is not None and edit.title is not None:
        return edit.title, TITLE_FROM_EDITOR
    if post.title is not None:
        return post.title, TITLE_FROM_ARCHIVE
    message = (
        f"post of {long_date(post.date)} has no title; give it one under 'posts:' "
        "in the editorial file"
    )
    problems.append(diag.warning(Code.UNTITLED_POST, post.origin.path, post.origin.line, message))
    return f"Untitled post of {long_date(post.date)}", TITLE_PLACEHOLDER


def _label_topics(post: Post, editorial: Editorial) -> set[str]:
    mapping = {label: topics for label, topics, _ in editorial.labels}
    return {topic for label in post.labels for topic in mapping.get(label, ())}


def _unknown_labels(posts: list[Post], editorial: Editorial) -> list[Diagnostic]:
    """One warning per Blogger label the editorial layer does not map, at its first use."""
    known = {label for label, _, _ in editorial.labels}
    uses: dict[str, list[Post]] = {}
    for post in posts:
        for label in post.labels:
            if label not in known:
                uses.setdefault(label, []).append(post)
    problems = []
    for label, posts_with_label in sorted(uses.items()):
        first = min(posts_with_label, key=lambda post: (post.origin.path, post.origin.line))
        message = (
            f"Blogger label {label!r} ({len(posts_with_label)} posts) maps to no topic; "
            "map it under 'labels:' in the editorial file (an empty list to ignore it)"
        )
        problems.append(
            diag.warning(Code.UNKNOWN_LABEL, first.origin.path, first.origin.line, message)
        )
    return problems


# --- checks of the editorial layer against the posts ------------------------------


def _match_edits(
    posts: list[Post], editorial: Editorial, problems: list[Diagnostic]
) -> dict[int, PostEdit]:
    edits: dict[int, PostEdit] = {}
    for edit in editorial.posts:
        if edit.not_a_title:
            continue
        if edit.is_a_title and not any(key_matches(edit.key, post) for post in posts):
            continue  # a line that could not start a post: reported where it was tried
        post = find_post(edit.key, posts, editorial.path, problems)
        if post is None:
            continue
        if id(post) in edits:
            message = f"{str(edit.key)!r} names the same post as line {edits[id(post)].key.line}"
            problems.append(diag.error(Code.DUPLICATE_EDIT, editorial.path, edit.key.line, message))
        edits[id(post)] = edit
    return edits


def _match_cue_posts(
    posts: list[Post], editorial: Editorial, problems: list[Diagnostic]
) -> dict[int, tuple[PostKey, ...]]:
    """For each post, the cue post keys that name it."""
    named: dict[int, list[PostKey]] = {}
    for cue in editorial.cues:
        for key in cue.posts:
            post = find_post(key, posts, editorial.path, problems)
            if post is not None:
                named.setdefault(id(post), []).append(key)
    return {post_id: tuple(keys) for post_id, keys in named.items()}


def _check_topics(
    editorial: Editorial, rules: tuple[TopicRule, ...], problems: list[Diagnostic]
) -> None:
    known = {rule.slug for rule in rules}
    named = [
        (topic, edit.key.line)
        for edit in editorial.posts
        for topic in edit.topics_add + edit.topics_remove
    ]
    named += [(topic, line) for _, topics, line in editorial.labels for topic in topics]
    for topic, line in named:
        if topic not in known:
            message = f"no topic {topic!r}: there is no topics/{topic}.md"
            problems.append(diag.error(Code.UNKNOWN_TOPIC, editorial.path, line, message))


def _check_sources(
    editorial: Editorial, keys: frozenset[str] | None, problems: list[Diagnostic]
) -> None:
    if keys is None:
        return
    for cue in editorial.cues:
        if cue.key not in keys:
            message = f"{cue.key!r} is not a key of references.bib"
            problems.append(diag.error(Code.UNKNOWN_SOURCE, editorial.path, cue.line, message))


def _check_page_names(pages: list[PostPage], problems: list[Diagnostic]) -> None:
    seen: dict[str, PostPage] = {}
    # In file order, so the message points at the later post and names the earlier.
    for page in sorted(pages, key=lambda page: (page.post.origin.path, page.post.origin.line)):
        if page.docname in seen:
            first = seen[page.docname]
            message = (
                f"page name {page.docname} is already taken by the post at "
                f"{first.post.origin.path}:{first.post.origin.line}; pin a 'slug:' for one of them"
            )
            origin = page.post.origin
            problems.append(diag.error(Code.PAGE_NAME_TAKEN, origin.path, origin.line, message))
        else:
            seen[page.docname] = page
