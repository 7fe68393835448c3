"""A post's HTML (or plain text) as the model's blocks, the way a browser shows it.

Contract: paragraphs, lists, quotes, emphasis, strong and http(s) links survive; every
other tag and attribute goes, its text stays; what a browser never shows as words
(scripts, styles, comments, embedded frames) goes entirely; an image becomes a link to
the image with its alt text. Text is never changed otherwise. Pure: strings in, blocks
out. lxml's HTML parser reads the markup; :class:`_BlockBuilder` walks the tree.

Public surface: :func:`read_html` (blocks, and why reading stopped early if it did),
:func:`html_to_blocks`, :func:`text_to_blocks`, :func:`collapse_spaces` and
:func:`http_url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from lxml import etree

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
)

# Whitespace that HTML collapses; U+00A0 and other Unicode spaces are text.
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
_URL_EDGE = "".join(chr(code) for code in range(0x21))  # C0 controls and space
_HTTP_URL = re.compile(r"^https?://[^/?#\s]", re.IGNORECASE)
# libxml2 ends the document at </html> and the body at </body>; a browser ignores both end
# tags and shows what follows as part of the body.
_END_OF_HTML = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)

# Never shown as words: scripts, styles, metadata, embedded documents and their fallbacks.
_DROPPED = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "applet",
        "title", "head", "meta", "link", "base", "noembed", "noframes", "datalist", "param",
        "area", "rp",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "html", "body", "p", "div", "center", "address", "article", "aside", "footer",
        "header", "hgroup", "main", "nav", "section", "figure", "figcaption", "details",
        "summary", "dialog", "fieldset", "legend", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "li",
    }
)  # fmt: skip
_PREFORMATTED = frozenset({"pre", "listing", "xmp", "plaintext", "textarea"})
_LISTS = {"ul": False, "ol": True, "menu": False, "dir": False}  # tag -> ordered
_CELLS = frozenset({"td", "th"})
_EMPHASIS = frozenset({"em", "i"})
_STRONG = frozenset({"strong", "b"})
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".tif", ".tiff")
# Blogger and Picasa serve images from these hosts, often with no extension in the path.
_IMAGE_HOSTS = (".bp.blogspot.com", ".googleusercontent.com", ".ggpht.com")


@dataclass(frozen=True, kw_only=True)
class HtmlBlocks:
    blocks: tuple[Block, ...]
    incomplete: str | None  # libxml2's reason when it stopped reading early


def html_to_blocks(html: str, *, first_line: int = 1) -> tuple[Block, ...]:
    """Blocks of a post's HTML; *first_line* is the file line the HTML starts on."""
    return read_html(html, first_line=first_line).blocks


def text_to_blocks(text: str, *, first_line: int = 1) -> tuple[Block, ...]:
    """Blocks of plain-text content: a blank line ends a paragraph, a newline breaks a line."""
    builder = _BlockBuilder(first_line - 1)
    for index, line in enumerate(text.split("\n")):
        builder.line = first_line + index
        if index:
            builder.add_break()
        builder.add_text(line)
    return builder.finish()


def _html_parser() -> etree.HTMLParser:
    return etree.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        default_doctype=False,
        huge_tree=True,  # lifts the depth limit of 256 that Word's nested spans can reach
    )


def read_html(html: str, *, first_line: int = 1) -> HtmlBlocks:
    """Blocks of *html*, and libxml2's reason when it stopped reading early."""
    if not html.strip():
        return HtmlBlocks(blocks=(), incomplete=None)
    html = _END_OF_HTML.sub(lambda match: "\n" * match.group().count("\n"), html)
    parser = _html_parser()
    root = etree.fromstring(html, parser)
    fatal = [error.message for error in parser.error_log if error.level == etree.ErrorLevels.FATAL]
    if root is None:
        return HtmlBlocks(blocks=(), incomplete=fatal[0] if fatal else None)
    builder = _BlockBuilder(first_line - 1)
    builder.walk(root)
    return HtmlBlocks(blocks=builder.finish(), incomplete=fatal[0] if fatal else None)


@dataclass(frozen=True, kw_only=True)
class _Mark:
    """An inline format open at a point of the text: Emphasis, Strong or a Link's address."""

    kind: type[Emphasis] | type[Strong] | type[Link]
    url: str = ""


_BREAK = LineBreak()  # the one line break of the walk; runs compare to it by identity


# The walk makes tens of thousands of these per export: slotted, not frozen, for speed.
@dataclass(slots=True, kw_only=True)
class _Leaf:
    """One run of a paragraph before nesting: the formats around it and the file line."""

    marks: tuple[_Mark, ...]
    run: str | LineBreak | Link  # text, _BREAK, or an image: a Link complete in itself
    line: int
    pre: bool = False  # from preformatted text: spaces are kept as written


@dataclass(kw_only=True)
class _Container:
    """Where finished blocks go: the post itself, a quote, a list or one list item."""

    kind: Literal["root", "quote", "list", "item"]
    line: int
    ordered: bool = False
    implicit: bool = False  # an item opened for content standing in a list outside any <li>
    blocks: list[Block] = field(default_factory=list)
    items: list[tuple[Block, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Opened:
    """What an element's start changed, to undo at its end."""

    marks: tuple[_Mark, ...] | None = None  # the formats to restore; None: unchanged
    container: _Container | None = None
    block: bool = False
    pre: bool = False


_EMPHASIS_MARK = _Mark(kind=Emphasis)
_STRONG_MARK = _Mark(kind=Strong)
_OPENED_BLOCK = _Opened(block=True)
_OPENED_PRE = _Opened(block=True, pre=True)


class _BlockBuilder:
    """Walks a parsed HTML tree once, collecting paragraph runs and closing blocks."""

    def __init__(self, line_offset: int) -> None:
        self._line_offset = line_offset  # file line of the HTML's line 1, minus one
        self._containers = [_Container(kind="root", line=line_offset + 1)]
        self._leaves: list[_Leaf] = []
        self._marks: tuple[_Mark, ...] = ()
        self._pre = 0
        self.line = line_offset + 1

    # The walk: iterative, so that deeply nested HTML cannot exhaust Python's stack.

    def walk(self, root: etree._Element) -> None:
        opened: list[_Opened | None] = []
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, element in walker:
            if event == "start":
                tag = element.tag if isinstance(element.tag, str) else ""
                if element.sourceline:
                    self.line = self._line_offset + element.sourceline
                if tag in _DROPPED:
                    walker.skip_subtree()
                    self.line += sum(text.count("\n") for text in element.itertext())
                    opened.append(None)
                    continue
                opened.append(self._start(tag, element))
                if element.text:
                    self._add_element_text(element.text, tag)
            else:
                done = opened.pop()
                if done is not None:
                    self._end(done)
                if element.tail:
                    self.add_text(element.tail)

    def _start(self, tag: str, element: etree._Element) -> _Opened | None:
        """Act on an element's start tag; what it changed, if anything, to undo at its end."""
        marks = self._marks
        if tag == "br":
            self.add_break()
        elif tag == "img":
            self._add_image(element)
        elif tag in _LISTS:
            return _Opened(container=self._open("list", ordered=_LISTS[tag]))
        elif tag == "li" and self._in_list():
            return _Opened(container=self._open("item"))
        elif tag == "blockquote":
            return _Opened(container=self._open("quote"))
        elif tag in _BLOCKS:
            self._flush()
            return _OPENED_BLOCK
        elif tag in _PREFORMATTED:
            self._flush()
            self._pre += 1
            return _OPENED_PRE
        elif tag in _CELLS:
            # Cells of a row share its paragraph, one line each; empty cells add no line.
            shown = [leaf for leaf in self._leaves if not _blank(leaf) or leaf.run is _BREAK]
            if shown and shown[-1].run is not _BREAK:
                self.add_break()
        elif tag in _EMPHASIS:
            self._push_mark(_EMPHASIS_MARK)
        elif tag in _STRONG:
            self._push_mark(_STRONG_MARK)
        elif tag == "a":
            url = http_url(element.get("href"))
            if url is not None and self._link() is None:
                self._push_mark(_Mark(kind=Link, url=url))
        return None if self._marks is marks else _Opened(marks=marks)

    def _end(self, opened: _Opened) -> None:
        if opened.container is not None:
            self._close(opened.container)
        if opened.block:
            self._flush()
        if opened.pre:
            self._pre -= 1
        if opened.marks is not None:
            self._marks = opened.marks

    def _add_element_text(self, text: str, tag: str) -> None:
        if tag in _PREFORMATTED and text.startswith("\n"):
            text = text[1:]  # HTML drops the newline right after <pre>
        self.add_text(text)

    # Runs of the current paragraph.

    def add_text(self, text: str) -> None:
        """Add text as the HTML has it; the current line moves past the newlines in it."""
        if not text:
            return
        if self._pre:
            for index, part in enumerate(text.split("\n")):
                if index:
                    self.line += 1
                    self.add_break()
                if part:
                    self._append(part)
            return
        # A run starts on the line of its first visible character, past leading newlines.
        leading = len(text) - len(text.lstrip(" \t\n\f\r"))
        line = self.line + text.count("\n", 0, leading)
        self._leaves.append(_Leaf(marks=self._marks, run=collapse_spaces(text), line=line))
        self.line += text.count("\n")

    def add_break(self) -> None:
        self._append(_BREAK)

    def _add_image(self, element: etree._Element) -> None:
        alt = collapse_spaces(element.get("alt") or "").strip(" ")
        link = self._link()
        if link is not None and _is_image_url(link.url):
            # <a href="photo-s1600.jpg"><img src="photo-s320.jpg"></a>: the link is the original.
            self._append(alt or "image")
            return
        src = http_url(element.get("src"))
        if src is None:
            if alt:
                self._append(alt)
            return
        # Links do not nest: an image inside a link to a page interrupts that link.
        marks = tuple(mark for mark in self._marks if mark.kind is not Link)
        image = Link(url=src, children=(Text(text=alt or "image"),))
        self._leaves.append(_Leaf(marks=marks, run=image, line=self.line))

    def _append(self, run: str | LineBreak) -> None:
        self._leaves.append(_Leaf(marks=self._marks, run=run, line=self.line, pre=self._pre > 0))

    def _push_mark(self, mark: _Mark) -> None:
        # <b><b>x</b></b> looks like <b>x</b>: a format already open is not opened again.
        if all(open_mark.kind is not mark.kind for open_mark in self._marks):
            self._marks = (*self._marks, mark)

    def _in_list(self) -> bool:
        top = self._containers[-1]
        return top.kind == "list" or top.implicit

    def _link(self) -> _Mark | None:
        return next((mark for mark in self._marks if mark.kind is Link), None)

    # Blocks.

    def _open(self, kind: Literal["quote", "list", "item"], *, ordered: bool = False) -> _Container:
        self._flush()
        if kind == "item" and self._containers[-1].implicit:
            self._close(self._containers[-1])
        container = _Container(kind=kind, line=self.line, ordered=ordered)
        self._containers.append(container)
        return container

    def _close(self, container: _Container) -> None:
        """Finish *container* and every container still open inside it."""
        self._flush()
        while self._containers:
            done = self._containers.pop()
            self._finish_container(done)
            if done is container:
                return

    def _finish_container(self, container: _Container) -> None:
        if container.kind == "item":
            if container.blocks:  # an empty <li> shows a bullet but no words
                self._containers[-1].items.append(tuple(container.blocks))
        elif container.kind == "list":
            if container.items:
                self._add_block(
                    ListBlock(
                        ordered=container.ordered, items=tuple(container.items), line=container.line
                    )
                )
        elif container.kind == "quote" and container.blocks:
            self._add_block(Quote(blocks=tuple(container.blocks), line=container.line))

    def _add_block(self, block: Block) -> None:
        if self._containers[-1].kind == "list":
            # Text standing in a list outside any <li> still shows: it gets an item of its own.
            item = _Container(kind="item", line=block.line, implicit=True)
            self._containers.append(item)
        self._containers[-1].blocks.append(block)

    def _flush(self) -> None:
        if not self._leaves:
            return
        leaves, self._leaves = self._leaves, []
        for paragraph in _paragraphs(leaves):
            self._add_block(paragraph)

    def finish(self) -> tuple[Block, ...]:
        """Close every open block and return the post's blocks."""
        root = self._containers[0]
        self._close(root)
        return tuple(root.blocks)


def _paragraphs(leaves: list[_Leaf]) -> list[Paragraph]:
    """Paragraphs from one stretch of runs: two or more line breaks in a row end one."""
    found: list[Paragraph] = []
    for segment in _split_at_blank_lines(_trim_line_ends(leaves)):
        segment = _strip_ends(segment)
        if any(_visible(leaf) for leaf in segment):
            found.append(Paragraph(inlines=_nest(segment, 0), line=segment[0].line))
    return found


def _trim_line_ends(leaves: list[_Leaf]) -> list[_Leaf]:
    """Drop the spaces a browser does not show: at a line's start and end, and doubled."""
    out: list[_Leaf] = []
    after_space = True  # at the start of a line, a space is not shown
    for leaf in leaves:
        run = leaf.run
        if run is _BREAK:
            _strip_trailing_space(out)
            out.append(leaf)
            after_space = True
        elif isinstance(run, str):
            if not leaf.pre and after_space:
                run = leaf.run = run.lstrip(" ")
            if run:
                out.append(leaf)
                after_space = not leaf.pre and run.endswith(" ")
        else:
            out.append(leaf)
            after_space = False
    _strip_trailing_space(out)
    return out


def _strip_trailing_space(out: list[_Leaf]) -> None:
    while out and isinstance(out[-1].run, str) and not out[-1].pre:
        text = out[-1].run.rstrip(" ")
        if text:
            out[-1].run = text
            return
        out.pop()


def _split_at_blank_lines(leaves: list[_Leaf]) -> list[list[_Leaf]]:
    """Cut at every run of two or more line breaks (Blogger's ``<br /><br />``)."""
    segments: list[list[_Leaf]] = [[]]
    index = 0
    while index < len(leaves):
        end = index
        while end < len(leaves) and leaves[end].run is _BREAK:
            end += 1
        if end - index >= 2:
            segments.append([])
            index = end
        else:
            segments[-1].append(leaves[index])
            index += 1
    return segments


def _strip_ends(segment: list[_Leaf]) -> list[_Leaf]:
    """Without line breaks or whitespace at either end; U+00A0 counts, as in the text reader."""
    start, end = 0, len(segment)
    while start < end and _blank(segment[start]):
        start += 1
    while end > start and _blank(segment[end - 1]):
        end -= 1
    segment = segment[start:end]
    if segment and isinstance(segment[0].run, str):
        segment[0].run = segment[0].run.lstrip()
    if segment and isinstance(segment[-1].run, str):
        segment[-1].run = segment[-1].run.rstrip()
    return segment


def _blank(leaf: _Leaf) -> bool:
    run = leaf.run
    return run is _BREAK or (isinstance(run, str) and run.isspace())


def _visible(leaf: _Leaf) -> bool:
    run = leaf.run
    return isinstance(run, Link) or (isinstance(run, str) and not run.isspace())


def _nest(leaves: list[_Leaf], depth: int) -> tuple[Inline, ...]:
    """Runs grouped under their formats: marks[depth] of neighbours that share it wrap them."""
    out: list[Inline] = []
    text: list[str] = []  # adjacent text is one Text run

    def end_text() -> None:
        if text:
            out.append(Text(text="".join(text)))
            text.clear()

    index = 0
    while index < len(leaves):
        leaf = leaves[index]
        if len(leaf.marks) <= depth:
            if isinstance(leaf.run, str):
                text.append(leaf.run)
            else:
                end_text()
                out.append(LineBreak() if leaf.run is _BREAK else leaf.run)
            index += 1
            continue
        end_text()
        mark = leaf.marks[depth]
        end = index + 1
        while (
            end < len(leaves)
            and len(leaves[end].marks) > depth
            and leaves[end].marks[depth] == mark
        ):
            end += 1
        out.append(_wrap(mark, _nest(leaves[index:end], depth + 1)))
        index = end
    end_text()
    return tuple(out)


def _wrap(mark: _Mark, children: tuple[Inline, ...]) -> Inline:
    if mark.kind is Link:
        return Link(url=mark.url, children=children)
    if mark.kind is Strong:
        return Strong(children=children)
    return Emphasis(children=children)


# --- small helpers -----------------------------------------------------------------


def collapse_spaces(text: str) -> str:
    return _HTML_SPACE.sub(" ", text)


def http_url(value: str | None) -> str | None:
    """*value* as an http(s) address, the way a browser reads an href; else None."""
    if value is None:
        return None
    url = value.strip(_URL_EDGE).replace("\t", "").replace("\n", "").replace("\r", "")
    if url.startswith("//"):
        url = "https:" + url  # scheme-relative: the blog is served over https
    return url if _HTTP_URL.match(url) else None


def _is_image_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.path.lower().endswith(_IMAGE_EXTENSIONS) or host.endswith(_IMAGE_HOSTS)
