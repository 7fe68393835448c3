"""The post model shared by every reader and the renderer.

Readers (plain text, Blogger export) produce these records and nothing else;
the renderer consumes them. Text in the model is exactly the author's text:
no escaping has happened yet, and none may happen anywhere but in
:mod:`blogbook.escape`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeAlias

from blogbook.diagnostics import Diagnostic

# --- inline runs -----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Text:
    """Literal text, shown exactly as written."""

    text: str


@dataclass(frozen=True, kw_only=True)
class LineBreak:
    """A line break inside a paragraph (a single newline in the archive)."""


@dataclass(frozen=True, kw_only=True)
class Link:
    """A link to an ``http(s)`` address; readers never produce other schemes."""

    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, kw_only=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, kw_only=True)
class Strong:
    children: tuple[Inline, ...]


Inline: TypeAlias = Text | LineBreak | Link | Emphasis | Strong


# --- blocks ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int  # line in the archive file where the paragraph starts


@dataclass(frozen=True, kw_only=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    line: int


@dataclass(frozen=True, kw_only=True)
class Quote:
    blocks: tuple[Block, ...]
    line: int


Block: TypeAlias = Paragraph | ListBlock | Quote


# --- posts ---------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Origin:
    """Where a post was read from: a file of ``archive/`` and a 1-based line."""

    path: str
    line: int


@dataclass(frozen=True, kw_only=True)
class Post:
    """One blog post as a reader found it, before any editorial decision."""

    date: datetime.date
    title: str | None  # None: the archive has no title line for this post
    blocks: tuple[Block, ...]
    origin: Origin
    original_url: str | None = None  # known to the Blogger export, not to text
    labels: tuple[str, ...] = ()  # Blogger labels (export only)
    # The title was read from a short question or exclamation within a day: the editor
    # confirms it (is_a_title) or overrules it (not_a_title).
    title_guessed: bool = False


@dataclass(frozen=True, kw_only=True)
class ParseResult:
    """What a reader returns: the posts it understood and what it found wrong."""

    posts: tuple[Post, ...]
    diagnostics: tuple[Diagnostic, ...]


# --- helpers every stage needs -------------------------------------------------


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """The visible text of inline runs, line breaks as ``\\n``."""
    parts: list[str] = []
    for run in inlines:
        if isinstance(run, Text):
            parts.append(run.text)
        elif isinstance(run, LineBreak):
            parts.append("\n")
        else:
            parts.append(inline_text(run.children))
    return "".join(parts)


def paragraphs(blocks: tuple[Block, ...]) -> tuple[Paragraph, ...]:
    """Every paragraph of the blocks, in reading order, nested ones included."""
    found: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found.append(block)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(paragraphs(item))
        else:
            found.extend(paragraphs(block.blocks))
    return tuple(found)


def link_urls(inlines: tuple[Inline, ...]) -> list[str]:
    """The addresses of the links among inline runs, in order."""
    urls: list[str] = []
    for run in inlines:
        if isinstance(run, Link):
            urls.append(run.url)
        if isinstance(run, Link | Emphasis | Strong):
            urls.extend(link_urls(run.children))
    return urls


def opening_words(post: Post, count: int = 12) -> str:
    """The first *count* words of the post's first paragraph."""
    for paragraph in paragraphs(post.blocks):
        words = inline_text(paragraph.inlines).split()
        if words:
            return " ".join(words[:count])
    return ""
