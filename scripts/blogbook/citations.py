"""Where a post mentions a source, and so where a citation goes.

The editor declares, per ``references.bib`` key, the phrases that mention the
source (``sources:`` in ``archive/editorial.yaml``). The first occurrence of a
cue in a post, matched case-sensitively on whole words, gets a citation right
after the phrase; a cue inside a link puts the citation after the link. The
post's words are never changed: a citation is an insertion between characters.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from blogbook.editorial import Cue, PostKey
from blogbook.model import Paragraph, Post, inline_text, paragraphs
from blogbook.phrases import compile_phrases, link_spans


@dataclass(frozen=True, kw_only=True)
class Citation:
    paragraph: int  # index into model.paragraphs(post.blocks)
    offset: int  # the citation goes between text[offset - 1] and text[offset]
    keys: tuple[str, ...]


def cue_applies(cue: Cue, date: datetime.date, key_matches: Iterable[PostKey]) -> bool:
    """Whether *cue* may cite in a post of *date* matched by the keys *key_matches*."""
    if cue.since is not None and date < cue.since:
        return False
    if cue.until is not None and date > cue.until:
        return False
    return not cue.posts or any(key in cue.posts for key in key_matches)


def find_citations(post: Post, cues: Iterable[Cue]) -> tuple[tuple[Citation, ...], frozenset[Cue]]:
    """Citations for the *cues* that apply to *post*, and the cues that matched."""
    found: dict[tuple[int, int], list[str]] = {}
    matched: set[Cue] = set()
    blocks = paragraphs(post.blocks)
    for cue in cues:
        point = _first_point(cue, blocks)
        if point is None:
            continue
        matched.add(cue)
        keys = found.setdefault(point, [])
        if cue.key not in keys:
            keys.append(cue.key)
    citations = tuple(
        Citation(paragraph=paragraph, offset=offset, keys=tuple(keys))
        for (paragraph, offset), keys in sorted(found.items())
    )
    return citations, frozenset(matched)


def _first_point(cue: Cue, blocks: tuple[Paragraph, ...]) -> tuple[int, int] | None:
    pattern = compile_phrases((cue.phrase,), ignore_case=False)
    for index, paragraph in enumerate(blocks):
        match = pattern.search(inline_text(paragraph.inlines))
        if match is None:
            continue
        offset = match.end()
        for span in link_spans(paragraph):
            if span.start < offset < span.end or (span.start <= match.start() < span.end):
                offset = max(offset, span.end)
        return index, offset
    return None
