"""Post pages as MyST text. Pure: records in, strings out.

A post page is YAML front matter (the facts the book's extension shows: date,
topics, origin, address), a label, the title as H1, then the post's blocks.
Citations, glossary links and index entries are inserted between characters
of the text, never in place of any. All text goes through
:mod:`blogbook.escape`; nothing else in the converter writes archive text.
The archive's own pages are made in :mod:`blogbook.archive_pages`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from blogbook import slugs
from blogbook.escape import escape_inline, escape_link_destination, role_content
from blogbook.frontmatter import GENERATED_BY, GENERATED_NOTE, front_matter
from blogbook.model import (
    Block,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Text,
    inline_text,
)
from blogbook.pages import PostPage

# --- insertions into a paragraph ---------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Insertions:
    citations: dict[int, tuple[str, ...]]  # offset -> keys
    terms: dict[int, tuple[int, str]]  # start -> (end, term)


_NO_INSERTIONS = _Insertions(citations={}, terms={})


@dataclass(frozen=True, kw_only=True)
class _Annotations:
    """A page's annotations by paragraph, worked out once per page."""

    insertions: dict[int, _Insertions]
    index_entries: dict[int, tuple[str, ...]]
    destinations: dict[str, str]  # url of another post -> its page, relative to this one


def _annotations(page: PostPage | None) -> _Annotations:
    if page is None:
        return _Annotations(insertions={}, index_entries={}, destinations={})
    citations: dict[int, dict[int, tuple[str, ...]]] = {}
    for citation in page.citations:
        citations.setdefault(citation.paragraph, {})[citation.offset] = citation.keys
    terms: dict[int, dict[int, tuple[int, str]]] = {}
    for link in page.term_links:
        terms.setdefault(link.paragraph, {})[link.start] = (link.end, link.term)
    entries: dict[int, tuple[str, ...]] = {}
    for mark in page.index_marks:
        entries[mark.paragraph] = entries.get(mark.paragraph, ()) + mark.entries
    return _Annotations(
        insertions={
            index: _Insertions(citations=citations.get(index, {}), terms=terms.get(index, {}))
            for index in citations.keys() | terms.keys()
        },
        index_entries=entries,
        destinations=_destinations(page),
    )


def _cite(keys: tuple[str, ...]) -> str:
    return "{cite:p}" + role_content(",".join(keys))


class _InlineWriter:
    """Renders inline runs, tracking the offset into the paragraph's visible text."""

    def __init__(self, insertions: _Insertions, destinations: dict[str, str] | None = None) -> None:
        self.insertions = insertions
        # Links to other posts of the blog go to their pages in the book.
        self.destinations = destinations or {}
        self.offset = 0
        self.at_line_start = True

    def render(self, inlines: tuple[Inline, ...]) -> str:
        out: list[str] = []
        for run in _merge_text(inlines):
            piece = self._run(run)
            if piece.startswith("[") and out and out[-1].endswith("!"):
                # "!" right before a link would make it an image; "!" is never escaped
                # elsewhere, so a trailing one is always bare.
                out[-1] = out[-1][:-1] + "\\!"
            out.append(piece)
        return "".join(out)

    def _run(self, run: Inline) -> str:
        if isinstance(run, Text):
            return self._text(run.text)
        if isinstance(run, LineBreak):
            self.offset += 1
            self.at_line_start = True
            return "\\\n"
        if isinstance(run, Link) and not inline_text(run.children).strip():
            return self.render(run.children)  # a link with nothing to click shows its text only
        if isinstance(run, Link):
            start = self.offset
            inner = _InlineWriter(_NO_INSERTIONS)
            inner.at_line_start = False
            label = inner.render(run.children)
            self.offset = start + inner.offset
            self.at_line_start = False
            destination = self.destinations.get(run.url, run.url)
            out = f"[{label}](<{escape_link_destination(destination)}>)"
            return out + self._citations_within(start, self.offset)
        return self._role(run)

    def _role(self, run: Emphasis | Strong) -> str:
        """Emphasis as a role, whose content is never read as Markdown.

        A role's content can neither start nor end with a backtick (padding it with
        spaces, as a code span allows, would show the spaces), so backticks at either
        end of the run are written as plain text beside the role: every character
        stays, in plain type."""
        start = self.offset
        plain = _plain(run.children)
        core = plain.strip("`") if plain is not None else ""
        if plain is None or not core.strip():
            # A link or a line break inside, or nothing but backticks: the text, unstyled.
            return self.render(run.children)
        lead = plain[: len(plain) - len(plain.lstrip("`"))]
        trail = plain[len(plain.rstrip("`")) :]
        self.offset += len(plain)
        self.at_line_start = False
        name = "emphasis" if isinstance(run, Emphasis) else "strong"
        styled = "{" + name + "}" + role_content(core)
        ticks = escape_inline(lead, at_line_start=False), escape_inline(trail, at_line_start=False)
        return ticks[0] + styled + ticks[1] + self._citations_within(start, self.offset)

    def _citations_within(self, start: int, end: int) -> str:
        keys = [
            k for offset, k in sorted(self.insertions.citations.items()) if start < offset <= end
        ]
        return "".join(_cite(k) for k in keys)

    def _text(self, text: str) -> str:
        """Text with the citations and glossary links that fall inside it."""
        start, stop = self.offset, self.offset + len(text)
        citations = {o: k for o, k in self.insertions.citations.items() if start < o <= stop}
        terms = {
            s: t for s, t in self.insertions.terms.items() if start <= s < stop and t[0] <= stop
        }
        out: list[str] = []
        position = start  # absolute offset of the next character to write
        for point in sorted(citations.keys() | terms.keys()):
            if point < position:
                continue  # inside a glossary link already written
            out.append(self._plain_text(text[position - start : point - start]))
            position = point
            if point in citations:
                out.append(_cite(citations[point]))
            if point in terms:
                end, term = terms[point]
                words = text[point - start : end - start]
                out.append("{term}" + role_content(f"{words} <{term}>"))
                self.at_line_start = False
                position = end
        out.append(self._plain_text(text[position - start :]))
        self.offset = stop
        return "".join(out)

    def _plain_text(self, text: str) -> str:
        if not text:
            return ""
        pieces = text.split("\n")  # a stray newline in a run is a soft break
        escaped = []
        for number, piece in enumerate(pieces):
            if number:
                escaped.append("\n")
                self.at_line_start = True
            escaped.append(escape_inline(piece, at_line_start=self.at_line_start))
            if piece.strip(" \t"):
                self.at_line_start = False
        return "".join(escaped)


def _destinations(page: PostPage) -> dict[str, str]:
    """url -> the linked post's page, relative to *page* (MyST reads ``.md`` as a page)."""
    folder = posixpath.dirname(page.docname)
    return {url: posixpath.relpath(docname, folder) + ".md" for url, docname in page.links_to_posts}


def _without_trailing_breaks(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A line break that ends a paragraph shows nothing, but in Markdown its
    backslash would show; so it, and anything blank after it, are dropped."""
    end = len(inlines)
    while end and not inline_text(inlines[end - 1 : end]).strip():
        end -= 1
    return inlines[:end]


def _merge_text(inlines: tuple[Inline, ...]) -> list[Inline]:
    merged: list[Inline] = []
    for run in inlines:
        if isinstance(run, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(text=merged[-1].text + run.text)
        elif not (isinstance(run, Text) and not run.text):
            merged.append(run)
    return merged


def _plain(inlines: tuple[Inline, ...]) -> str | None:
    """The text of runs holding only text and emphasis, else None."""
    parts = []
    for run in inlines:
        if isinstance(run, Text):
            parts.append(run.text)
        elif isinstance(run, Emphasis | Strong):
            inner = _plain(run.children)
            if inner is None:
                return None
            parts.append(inner)
        else:
            return None
    text = "".join(parts)
    return text if text.strip() and "\n" not in text and "\r" not in text else None


# --- blocks ------------------------------------------------------------------------


class _BlockWriter:
    def __init__(self, page: PostPage | None) -> None:
        self.annotations = _annotations(page)
        self.index = 0  # paragraphs in reading order, as annotations count them

    def blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        """Each block as a chunk of lines; chunks are separated by blank lines."""
        chunks: list[str] = []
        alternate = False
        for block in blocks:
            # Two lists in a row with the same marker would merge into one: markers take
            # turns along a run of lists.
            chunks.extend(self.block(block, alternate=alternate))
            alternate = isinstance(block, ListBlock) and not alternate
        return chunks

    def block(self, block: Block, *, alternate: bool = False) -> list[str]:
        if isinstance(block, Paragraph):
            return self.paragraph(block)
        if isinstance(block, Quote):
            inner = "\n\n".join(self.blocks(block.blocks))
            return ["\n".join(("> " + line).rstrip() for line in inner.split("\n"))]
        return [self.list_block(block, alternate=alternate)]

    def paragraph(self, paragraph: Paragraph) -> list[str]:
        chunks: list[str] = []
        entries = self.annotations.index_entries.get(self.index)
        if entries:
            chunks.append(_index_directive(entries))
        insertions = self.annotations.insertions.get(self.index, _NO_INSERTIONS)
        self.index += 1
        writer = _InlineWriter(insertions, self.annotations.destinations)
        text = writer.render(_without_trailing_breaks(paragraph.inlines))
        lines = [line.rstrip(" \t") for line in text.split("\n")]
        chunks.append("\n".join(lines).strip("\n") or escape_inline("\u00a0", at_line_start=True))
        return chunks

    def list_block(self, block: ListBlock, *, alternate: bool) -> str:
        items = []
        for number, item in enumerate(block.items, start=1):
            if block.ordered:
                marker = f"{number}{')' if alternate else '.'} "
            else:
                marker = "* " if alternate else "- "
            body = "\n\n".join(self.blocks(item)) or escape_inline("\u00a0", at_line_start=True)
            indent = " " * len(marker)
            lines = body.split("\n")
            rendered = [marker + lines[0]] + [(indent + line).rstrip() for line in lines[1:]]
            items.append("\n".join(rendered))
        return "\n".join(items)


# --- pages -----------------------------------------------------------------------------


def _index_directive(entries: Sequence[str]) -> str:
    """One directive for all of a paragraph's entries, so one target, which lands on the
    paragraph itself (see :mod:`blogbook.sphinxext.indexentries`)."""
    lines = "".join(f"single: {entry}\n" for entry in entries)
    return f"```{{index-entries}}\n{lines}```"


def render_post(page: PostPage) -> str:
    post = page.post
    fields: dict[str, object] = {
        "generated_by": GENERATED_BY,
        "note": GENERATED_NOTE,
        "title": page.title,
        "title_source": page.title_source,
        "date": post.date.isoformat(),
        "order_in_day": page.order_in_day,
        "topics": list(page.topics),
        "archive_file": post.origin.path,
        "archive_line": post.origin.line,
    }
    if page.original_url:
        fields["original_url"] = page.original_url
    if post.labels:
        fields["labels"] = list(post.labels)
    if page.related:
        fields["related"] = list(page.related)
    heading = escape_inline(page.title, at_line_start=False)
    body = "\n\n".join(_BlockWriter(page).blocks(post.blocks))
    label = slugs.post_label(page.docname)
    head = f"{front_matter(fields)}\n({label})=\n# {heading}\n"
    return f"{head}\n{body}\n" if body else head


def render_blocks(blocks: tuple[Block, ...]) -> str:
    """Blocks alone, without annotations (for tests and the property checks)."""
    return "\n\n".join(_BlockWriter(None).blocks(blocks)) + "\n"
