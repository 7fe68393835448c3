"""Where a post mentions a source, and so where a citation goes.

The editor declares, per ``references.bib`` key, the phrases that mention the
source (``sources:`` in ``archive/editorial.yaml``). The first occurrence of a
cue in a post, matched case-sensitively on whole words, gets a citation right
after the phrase; a cue inside a link puts the citation after the link. The
post's words are never changed: a citation is an insertion between characters.

Posts read from a Blogger export still have their links: a link to the address of
a source in ``references.bib`` becomes a citation of it (:func:`cite_links`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace

from blogbook.editorial import Cue, PostKey
from blogbook.model import (
    Block,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Post,
    Text,
)
from blogbook.phrases import PhraseIndex, PostText, compile_phrases, index_phrases
from blogbook.sources import normalise_url


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


@dataclass(frozen=True, kw_only=True)
class CueIndex:
    """The editor's cues, and at once the few a post's words allow (see PhraseIndex)."""

    cues: tuple[Cue, ...]
    phrases: PhraseIndex
    positions: dict[str, tuple[int, ...]]  # phrase -> where its cues stand in *cues*

    def possible(self, text: PostText) -> list[Cue]:
        """The cues that may match in *text*, in the editor's order."""
        found = self.phrases.candidates(text.whole)
        return [self.cues[at] for at in sorted(at for p in found for at in self.positions[p])]


def index_cues(cues: tuple[Cue, ...]) -> CueIndex:
    positions: dict[str, list[int]] = {}
    for at, cue in enumerate(cues):
        positions.setdefault(cue.phrase, []).append(at)
    return CueIndex(
        cues=cues,
        phrases=index_phrases(positions, ignore_case=False),
        positions={phrase: tuple(found) for phrase, found in positions.items()},
    )


def find_citations(
    text: PostText, cues: Iterable[Cue]
) -> tuple[tuple[Citation, ...], frozenset[Cue]]:
    """Citations for the *cues* that apply to the post, and the cues that matched."""
    found: dict[tuple[int, int], list[str]] = {}
    matched: set[Cue] = set()
    for cue in cues:
        point = _first_point(cue, text)
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


def _first_point(cue: Cue, text: PostText) -> tuple[int, int] | None:
    pattern = compile_phrases((cue.phrase,), ignore_case=False)
    if not pattern.may_occur_in(text.whole):
        return None
    match = text.first(pattern)
    if match is None:
        return None
    offset = match.end
    for span in text.links[match.paragraph]:
        if span.start < offset < span.end or (span.start <= match.start < span.end):
            offset = max(offset, span.end)
    return match.paragraph, offset


# --- links to sources (Blogger exports keep the posts' links) ---------------------------


def cite_links(post: Post, source_urls: dict[str, str]) -> tuple[Post, tuple[Citation, ...]]:
    """Links whose address is a source's ``url`` become citations of that source.

    The linked words stay, as plain text; the citation follows them. *source_urls*
    maps :func:`blogbook.sources.normalise_url` addresses to keys.
    """
    if not source_urls:
        return post, ()
    found: list[Citation] = []
    counter = [0]

    def blocks(items: tuple[Block, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in items:
            if isinstance(block, Paragraph):
                index = counter[0]
                counter[0] += 1
                inlines, _ = _unlink(block.inlines, 0, index, source_urls, found)
                out.append(replace(block, inlines=inlines))
            elif isinstance(block, ListBlock):
                out.append(replace(block, items=tuple(blocks(item) for item in block.items)))
            else:
                out.append(replace(block, blocks=blocks(block.blocks)))
        return tuple(out)

    new_blocks = blocks(post.blocks)
    if not found:
        return post, ()
    return replace(post, blocks=new_blocks), tuple(found)


def _unlink(
    inlines: tuple[Inline, ...],
    offset: int,
    paragraph: int,
    source_urls: dict[str, str],
    found: list[Citation],
) -> tuple[tuple[Inline, ...], int]:
    out: list[Inline] = []
    for run in inlines:
        if isinstance(run, Text):
            out.append(run)
            offset += len(run.text)
        elif isinstance(run, LineBreak):
            out.append(run)
            offset += 1
        elif isinstance(run, Link) and normalise_url(run.url) in source_urls:
            children, offset = _unlink(run.children, offset, paragraph, source_urls, found)
            out.extend(children)
            key = source_urls[normalise_url(run.url)]
            found.append(Citation(paragraph=paragraph, offset=offset, keys=(key,)))
        else:
            children, offset = _unlink(run.children, offset, paragraph, source_urls, found)
            out.append(replace(run, children=children))
    return tuple(out), offset


def merge_citations(*groups: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """One citation per place, its keys in the order found."""
    merged: dict[tuple[int, int], list[str]] = {}
    for group in groups:
        for citation in group:
            keys = merged.setdefault((citation.paragraph, citation.offset), [])
            keys.extend(key for key in citation.keys if key not in keys)
    return tuple(
        Citation(paragraph=paragraph, offset=offset, keys=tuple(keys))
        for (paragraph, offset), keys in sorted(merged.items())
    )
