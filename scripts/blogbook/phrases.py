"""Finding editor-declared phrases in post text.

Topics, glossary terms, index entries and source cues are all declared as
phrases. They match whole words only (``Oxford`` never matches inside
``Oxfordshire``), any run of whitespace or a line break matches a space,
a straight apostrophe also matches a curly one, and a trailing ``*`` matches
any word ending (``inspect*``). Offsets are into the paragraph's visible text,
as given by :func:`blogbook.model.inline_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from blogbook.model import Emphasis, Inline, LineBreak, Link, Paragraph, Strong, Text


@dataclass(frozen=True, kw_only=True)
class Span:
    start: int
    end: int


def phrase_pattern(phrase: str) -> str:
    """The regular expression (without flags) for one declared phrase."""
    wildcard = phrase.endswith("*")
    words = phrase.rstrip("*").split()
    parts = []
    for word in words:
        parts.append(re.sub("['\u2019]", "['\u2019]", re.escape(word)))
    body = r"\s+".join(parts)
    end = r"\w*" if wildcard else ""
    return rf"(?<!\w){body}{end}(?!\w)"


def compile_phrases(phrases: Iterable[str], *, ignore_case: bool) -> re.Pattern[str]:
    """One pattern for several phrases; longer phrases win where they overlap."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not ordered:
        return re.compile(r"(?!)")  # matches nothing
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile("|".join(f"(?:{phrase_pattern(p)})" for p in ordered), flags)


def link_spans(paragraph: Paragraph) -> list[Span]:
    """Where the paragraph's links are, as offsets into its visible text."""
    spans: list[Span] = []
    _walk(paragraph.inlines, 0, spans)
    return spans


def _walk(inlines: tuple[Inline, ...], offset: int, spans: list[Span]) -> int:
    for run in inlines:
        if isinstance(run, Text):
            offset += len(run.text)
        elif isinstance(run, LineBreak):
            offset += 1
        elif isinstance(run, Link):
            start = offset
            offset = _walk(run.children, offset, spans)
            spans.append(Span(start=start, end=offset))
        elif isinstance(run, Emphasis | Strong):
            offset = _walk(run.children, offset, spans)
    return offset


def overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)
