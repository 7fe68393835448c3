"""Glossary links and index entries: where a post first names a term or an entity.

Glossary terms are read from ``glossary.md``: every term of its ``{glossary}``
directive matches itself, and the page's front matter may add phrases::

    ---
    link_phrases:
      Care Order: [Care Orders]
    ---

The first use of a term in a post (not in its title) links to the glossary.
Index entries come from the editorial layer (``index:``); a post gets an index
entry where it first names the entity. Both match case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from blogbook import diagnostics as diag
from blogbook import yamldata as y
from blogbook.diagnostics import Code, Diagnostic
from blogbook.editorial import IndexEntry
from blogbook.phrases import Found, PhraseMatcher, PostText, Span, compile_phrases, overlaps

_GLOSSARY_OPEN = re.compile(r"^(`{3,}|:{3,})\{glossary\}")
# Characters that have a meaning inside a role's content (``text <target>``).
_UNSAFE_IN_ROLE = re.compile(r"[<>`]")


@dataclass(frozen=True, kw_only=True)
class Term:
    name: str  # as written in the glossary
    pattern: PhraseMatcher


@dataclass(frozen=True, kw_only=True)
class TermLink:
    paragraph: int  # index into model.paragraphs(post.blocks)
    start: int
    end: int
    term: str


@dataclass(frozen=True, kw_only=True)
class IndexMark:
    paragraph: int
    entries: tuple[str, ...]


def parse_glossary(text: str, path: str) -> tuple[tuple[Term, ...], tuple[Diagnostic, ...]]:
    names, problems = _glossary_terms(text, path)
    try:
        front = y.mapping(y.front_matter(text, path, Code.BAD_GLOSSARY), "front matter")
        extra = {
            name: (y.texts(node, "link phrases"), node.line)
            for name, node in y.mapping(front.get("link_phrases"), "link_phrases").items()
        }
    except y.YamlError as exc:
        return (), (exc.diagnostic,)
    for name, (_, line) in extra.items():
        if name not in names:
            message = f"link_phrases names {name!r}, which is not a term of the glossary"
            problems.append(diag.error(Code.UNKNOWN_TERM, path, line, message))
    terms = tuple(
        Term(
            name=name,
            pattern=compile_phrases((name, *extra.get(name, ((), 0))[0]), ignore_case=True),
        )
        for name in names
    )
    return terms, tuple(problems)


def _glossary_terms(text: str, path: str) -> tuple[list[str], list[Diagnostic]]:
    names: list[str] = []
    problems: list[Diagnostic] = []
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if fence is None:
            match = _GLOSSARY_OPEN.match(line)
            fence = match.group(1) if match else None
            continue
        if line.startswith(fence):
            fence = None
            continue
        if line and not line[0].isspace() and not line.startswith(":"):
            name = line.strip()
            if _UNSAFE_IN_ROLE.search(name):
                message = f"glossary term {name!r} may not contain <, > or backticks"
                problems.append(diag.error(Code.BAD_TERM, path, number, message))
            names.append(name)
    return names, problems


def find_term_links(
    text: PostText, terms: tuple[Term, ...], *, avoid: dict[int, list[int]]
) -> tuple[TermLink, ...]:
    """The first use of each term in the post's body.

    *avoid* maps a paragraph index to offsets (citation points) a link must not
    straddle. Links never overlap each other or an existing link.
    """
    found: list[TermLink] = []
    taken = [list(spans) for spans in text.links]
    for term in terms:
        if not term.pattern.may_occur_in(text.whole):
            continue
        match = _first_free(text.finditer(term.pattern), taken, avoid)
        if match is not None:
            span = Span(start=match.start, end=match.end)
            found.append(
                TermLink(paragraph=match.paragraph, start=span.start, end=span.end, term=term.name)
            )
            taken[match.paragraph].append(span)
    return tuple(sorted(found, key=lambda link: (link.paragraph, link.start)))


def _first_free(
    matches: Iterable[Found], taken: list[list[Span]], avoid: dict[int, list[int]]
) -> Found | None:
    for match in matches:
        span = Span(start=match.start, end=match.end)
        if _UNSAFE_IN_ROLE.search(match.text):
            continue
        points = avoid.get(match.paragraph, ())
        if overlaps(span, taken[match.paragraph]) or any(span.start < p < span.end for p in points):
            continue
        return match
    return None


def find_index_marks(text: PostText, entries: tuple[IndexEntry, ...]) -> tuple[IndexMark, ...]:
    """Each entity's index entry, placed at the paragraph that first names it."""
    by_paragraph: dict[int, list[str]] = {}
    for entry in entries:
        pattern = compile_phrases(entry.phrases, ignore_case=True)
        if not pattern.may_occur_in(text.whole):
            continue
        first = text.first(pattern)
        if first is not None:
            by_paragraph.setdefault(first.paragraph, []).append(entry.entry)
    return tuple(
        IndexMark(paragraph=index, entries=tuple(found))
        for index, found in sorted(by_paragraph.items())
    )
