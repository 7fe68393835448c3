"""Pages as MyST text. Pure: records in, strings out.

A post page is YAML front matter (the facts the book's extension shows: date,
topics, origin, address), a label, the title as H1, then the post's blocks.
Citations, glossary links and index entries are inserted between characters
of the text, never in place of any. All text goes through
:mod:`blogbook.escape`; nothing else in the converter writes archive text.

The archive pages (``posts/index``, one per year, one per month) hold the
toctrees that put every post in the book, and directives that the extension
fills with the lists.
"""

from __future__ import annotations

import json
import posixpath
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from blogbook import charts, slugs
from blogbook.dates import month_and_year
from blogbook.escape import escape_inline, escape_link_destination, role_content
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

GENERATED_BY = "scripts/convert.py"
GENERATED_NOTE = (
    "Generated from archive/ by scripts/convert.py: "
    "edit the archive or archive/editorial.yaml, not this file."
)


# --- insertions into a paragraph ---------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Insertions:
    citations: dict[int, tuple[str, ...]]  # offset -> keys
    terms: dict[int, tuple[int, str]]  # start -> (end, term)


def _insertions_for(page: PostPage, index: int) -> _Insertions:
    return _Insertions(
        citations={c.offset: c.keys for c in page.citations if c.paragraph == index},
        terms={t.start: (t.end, t.term) for t in page.term_links if t.paragraph == index},
    )


_NO_INSERTIONS = _Insertions(citations={}, terms={})


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
        """Emphasis as a role, whose content is never read as Markdown."""
        start = self.offset
        plain = _plain(run.children)
        if plain is None:  # a link or a line break inside: keep the words, drop the style
            return self.render(run.children)
        self.offset += len(plain)
        self.at_line_start = False
        name = "emphasis" if isinstance(run, Emphasis) else "strong"
        return "{" + name + "}" + role_content(plain) + self._citations_within(start, self.offset)

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
        self.page = page
        self.index = 0  # paragraphs in reading order, as annotations count them

    def blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        """Each block as a chunk of lines; chunks are separated by blank lines."""
        chunks: list[str] = []
        previous: Block | None = None
        for block in blocks:
            # Two lists in a row with the same marker would merge into one.
            chunks.extend(self.block(block, alternate=isinstance(previous, ListBlock)))
            previous = block
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
        if self.page is not None:
            entries = [
                entry
                for mark in self.page.index_marks
                if mark.paragraph == self.index
                for entry in mark.entries
            ]
            if entries:
                chunks.append(_index_directive(entries))
        insertions = _insertions_for(self.page, self.index) if self.page else _NO_INSERTIONS
        self.index += 1
        destinations = _destinations(self.page) if self.page else {}
        writer = _InlineWriter(insertions, destinations)
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
    """One index directive for all of a paragraph's entries, so one target, which lands on
    the paragraph itself. (With one directive each, all targets but the last are empty:
    search results for them have no text to show, and Sphinx 9.0's search page throws.)
    It is rST because MyST gives a directive one line of arguments."""
    lines = "".join(f"   single: {entry}\n" for entry in entries)
    return f"```{{eval-rst}}\n.. index::\n{lines}```"


def _front_matter(fields: dict[str, object]) -> str:
    lines = []
    for name, value in fields.items():
        if isinstance(value, list):
            lines.append(
                f"{name}:" + ("".join(f"\n- {yaml_string(item)}" for item in value) or " []")
            )
        elif isinstance(value, int):
            lines.append(f"{name}: {value}")
        else:
            lines.append(f"{name}: {yaml_string(str(value))}")
    return "---\n" + "\n".join(lines) + "\n---\n"


# YAML double-quoted scalars are JSON strings, but a YAML reader refuses some
# characters JSON leaves as they are, and takes others for line breaks.
_YAML_UNSAFE = re.compile(
    "[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)


def yaml_string(text: str) -> str:
    """*text* as a YAML double-quoted scalar: readable, and the same on every machine
    (PyYAML's emitters, pure and C, disagree on some characters)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


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
    heading = escape_inline(page.title, at_line_start=False)
    body = "\n\n".join(_BlockWriter(page).blocks(post.blocks))
    label = slugs.post_label(page.docname)
    return f"{_front_matter(fields)}\n({label})=\n# {heading}\n\n{body}\n"


def render_blocks(blocks: tuple[Block, ...]) -> str:
    """Blocks alone, without annotations (for tests and the property checks)."""
    return "\n\n".join(_BlockWriter(None).blocks(blocks)) + "\n"


@dataclass(frozen=True, kw_only=True)
class IndexPage:
    docname: str
    text: str


def _toctree(entries: Iterable[str]) -> str:
    lines = "\n".join(entries)
    return f"```{{toctree}}\n:hidden:\n\n{lines}\n```"


def _archive_page(title: str, label: str | None, body: str, toc: Iterable[str]) -> str:
    fields: dict[str, object] = {"generated_by": GENERATED_BY, "note": GENERATED_NOTE}
    target = f"({label})=\n" if label else ""
    return f"{_front_matter(fields)}\n{target}# {title}\n\n{body}\n\n{_toctree(toc)}\n"


def _post_archive(year: int, month: int | None = None) -> str:
    options = f":year: {year}\n" + (f":month: {month}\n" if month else "")
    return f"```{{post-archive}}\n{options}```"


def render_archive_pages(pages: Iterable[PostPage]) -> tuple[IndexPage, ...]:
    """``posts/index``, one page per year and one per month.

    Their hidden toctrees put every post in the book (oldest first, the order of
    a printed book); their ``{post-archive}`` lists show the posts newest first,
    under a heading per year and month.
    """
    ordered = sorted(pages, key=lambda page: (page.post.date, page.order_in_day))
    months: dict[tuple[int, int], list[str]] = {}
    for page in ordered:
        months.setdefault((page.post.date.year, page.post.date.month), []).append(page.docname)
    years = sorted({year for year, _ in months})
    result: list[IndexPage] = []
    for (year, month), docnames in months.items():
        name = month_and_year(year, month)
        docname = slugs.month_docname(year, month)
        body = f"The posts of {name}, newest first.\n\n{_post_archive(year, month)}"
        toc = (_relative(docname, d) for d in docnames)
        result.append(IndexPage(docname=docname, text=_archive_page(name, None, body, toc)))
    for year in years:
        in_year = [month for y, month in months if y == year]
        sections = [
            f"## {month_and_year(year, month)}\n\n{_post_archive(year, month)}"
            for month in reversed(in_year)
        ]
        body = f"The posts of {year}, newest first, by month.\n\n" + "\n\n".join(sections)
        docname = slugs.year_docname(year)
        toc = (_relative(docname, slugs.month_docname(year, m)) for m in in_year)
        result.append(IndexPage(docname=docname, text=_archive_page(str(year), None, body, toc)))
    sections = []
    for year in reversed(years):
        sections.append(f"## {year}")
        sections += [
            f"### {month_and_year(year, month)}\n\n{_post_archive(year, month)}"
            for y, month in reversed(months)
            if y == year
        ]
    intro = "Every post of the blog, newest first, by year and month." + _posts_per_month(ordered)
    body = intro + "\n\n" + "\n\n".join(sections) if sections else intro
    toc = (_relative(slugs.ARCHIVE_DOCNAME, slugs.year_docname(y)) for y in years)
    result.append(
        IndexPage(
            docname=slugs.ARCHIVE_DOCNAME, text=_archive_page("Archive", "archive", body, toc)
        )
    )
    return tuple(result)


def _posts_per_month(pages: Sequence[PostPage]) -> str:
    """The archive's chart of posts per month, the counts written out in the page, so that
    the page changes (and Sphinx draws the chart again) exactly when they do."""
    if not pages:
        return ""
    counts = charts.posts_per_month(page.post.date for page in pages)
    code = textwrap.indent(charts.posts_per_month_code(counts), "   ")
    return (
        "\n\n```{eval-rst}\n.. plot::\n   :filename-prefix: posts-per-month\n"
        f"   :alt: {charts.posts_per_month_alt(counts)}\n\n{code}```"
    )


def _relative(from_docname: str, to_docname: str) -> str:
    """A toctree entry: the target relative to the folder of the page holding it."""
    folder = from_docname.rsplit("/", 1)[0] + "/"
    return to_docname.removeprefix(folder)
