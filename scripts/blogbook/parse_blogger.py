"""Read a Blogger export into posts.

Two layouts of the same Atom XML are understood (``tests/fixtures/blogger/README.md``
describes both and where the facts come from):

- ``blogger-atom``: the classic "Back up content" file (``blog-MM-DD-YYYY.xml``). Each
  entry's kind is a ``category`` in the ``http://schemas.google.com/g/2005#kind`` scheme,
  labels are categories in the ``http://www.blogger.com/atom/ns#`` scheme, drafts carry
  ``app:control/app:draft`` = ``yes`` and a published post has a ``link rel="alternate"``.
- ``takeout-atom``: Google Takeout's ``feed.atom``. Each entry has ``blogger:type`` (POST,
  PAGE, COMMENT) and ``blogger:status`` (LIVE, DRAFT, SCHEDULED, SOFT_TRASHED) in the
  ``http://schemas.google.com/blogger/2018`` namespace, labels are plain categories and the
  address is only a path, ``blogger:filename``.

Contract:

- :func:`parse_blogger_export` is pure: bytes in, :class:`~blogbook.model.ParseResult` out.
  Published posts become :class:`~blogbook.model.Post` records in chronological order;
  comments, pages, drafts (unless *include_drafts*) and deleted posts are skipped and
  counted in one ``note`` each; settings and template entries are ignored. Any error
  leaves the result without posts, so nothing half-read is written, but every entry is
  still checked so that one run reports every problem.
- :func:`detect_blogger_format` names the layout of *data*, or returns None.
- :func:`html_to_blocks` turns a post's HTML into blocks the way a browser shows it:
  paragraphs, lists, quotes, emphasis, strong and http(s) links survive; every other tag
  and attribute goes, its text stays; what a browser never shows as words (scripts,
  styles, comments, embedded frames) goes entirely. Text is never changed otherwise.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from lxml import etree

from blogbook import diagnostics as diag
from blogbook.diagnostics import Diagnostic
from blogbook.model import (
    Block,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Origin,
    Paragraph,
    ParseResult,
    Post,
    Quote,
    Strong,
    Text,
    inline_text,
    paragraphs,
)

FORMAT_CLASSIC = "blogger-atom"
FORMAT_TAKEOUT = "takeout-atom"

ATOM = "http://www.w3.org/2005/Atom"
BLOGGER_2018 = "http://schemas.google.com/blogger/2018"
# Classic exports declare app:control with the pre-standard APP namespace; the RFC 5023 one
# is accepted too, as a writer of such a file could only have meant the same thing.
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"

_ENTRY = f"{{{ATOM}}}entry"
_FEED = f"{{{ATOM}}}feed"

EntryKind = Literal["post", "page", "comment", "settings", "template"]
EntryStatus = Literal["live", "draft", "trashed"]

_CLASSIC_KINDS: dict[str, EntryKind] = {
    "post": "post",
    "page": "page",
    "comment": "comment",
    "settings": "settings",
    "template": "template",
}
_TAKEOUT_KINDS: dict[str, EntryKind] = {"POST": "post", "PAGE": "page", "COMMENT": "comment"}
# SCHEDULED posts were not yet public when the export was made: they are drafts here.
_TAKEOUT_STATUSES: dict[str, EntryStatus] = {
    "LIVE": "live",
    "DRAFT": "draft",
    "SCHEDULED": "draft",
    "SOFT_TRASHED": "trashed",
}

# RFC 3339, as Blogger writes it: 2014-08-28T10:12:00.001+01:00 or 2011-05-11T19:46:00Z.
_TIMESTAMP = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})T(?P<time>\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?"
    r"(?P<offset>Z|[+-]\d{2}:\d{2})$",
    re.IGNORECASE,
)


# --- the export --------------------------------------------------------------------


def parse_blogger_export(data: bytes, path: str, *, include_drafts: bool = False) -> ParseResult:
    """Parse one export file; *path* is used for origins and diagnostics only."""
    root = _read_feed(data, path)
    if isinstance(root, Diagnostic):
        return ParseResult(posts=(), diagnostics=(root,))
    entries = [_classify(entry) for entry in root.iterfind(_ENTRY)]
    if not any(entry.style for entry in entries) and not _is_blogger_feed(root):
        message = "not a Blogger export: no entry has a Blogger kind or blogger:type"
        return ParseResult(
            posts=(), diagnostics=(diag.error("export-not-blogger", path, 1, message),)
        )

    blog_address = _http_url(_alternate_href(root))
    problems: list[Diagnostic] = []
    dated_posts: list[tuple[datetime.datetime, Post]] = []
    skipped = _Skipped()
    for entry in entries:
        if not _wanted(entry, include_drafts, skipped, path, problems):
            continue
        read = _read_post(entry, path, blog_address, problems)
        if read is not None:
            dated_posts.append(read)
    problems.extend(skipped.notes(path, include_drafts=include_drafts))
    if diag.has_errors(problems):
        return ParseResult(posts=(), diagnostics=tuple(problems))
    if not dated_posts:
        message = "the export holds no published post"
        problems.append(diag.warning("export-no-posts", path, 1, message))
    # Exports list posts newest first; the model is chronological. The sort is stable, so
    # posts published at the same instant keep their order in the file.
    dated_posts.sort(key=lambda pair: pair[0])
    return ParseResult(posts=tuple(post for _, post in dated_posts), diagnostics=tuple(problems))


def detect_blogger_format(data: bytes) -> str | None:
    """``"blogger-atom"``, ``"takeout-atom"``, or None when *data* is no Blogger export."""
    root = _read_feed(data, "")
    if isinstance(root, Diagnostic):
        return None
    for entry in root.iterfind(_ENTRY):
        style = _classify(entry).style
        if style is not None:
            return style
    if BLOGGER_2018 in root.nsmap.values():
        return FORMAT_TAKEOUT
    return FORMAT_CLASSIC if _is_blogger_feed(root) else None


def _read_feed(data: bytes, path: str) -> etree._Element | Diagnostic:
    """The export's ``<feed>`` element, or the error that stops the whole file."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = f"not well-formed XML: {exc.msg}"
        return diag.error("export-not-xml", path, max(exc.lineno or 1, 1), message)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # Blogger never writes a DTD, and entities from one would not be expanded here.
        message = "the file declares a DTD, which no Blogger export does"
        return diag.error("export-not-blogger", path, 1, message)
    if root.tag != _FEED:
        message = (
            f"not a Blogger export: the root element is {_local_name(root.tag)!r}, not an Atom feed"
        )
        return diag.error("export-not-blogger", path, 1, message)
    return root


def _is_blogger_feed(root: etree._Element) -> bool:
    """An export with no entries still names its blog: ``tag:blogger.com,1999:blog-…``."""
    feed_id = (root.findtext(f"{{{ATOM}}}id") or "").strip()
    return feed_id.startswith("tag:blogger.com,1999:blog-")


# --- entries -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Entry:
    element: etree._Element
    style: str | None  # FORMAT_CLASSIC, FORMAT_TAKEOUT, or None when neither marks it
    kind: EntryKind | None  # None: a kind this reader does not know
    kind_text: str  # as written, for messages
    status: EntryStatus | None  # None: a status this reader does not know
    status_text: str

    @property
    def line(self) -> int:
        return self.element.sourceline or 1


def _classify(entry: etree._Element) -> _Entry:
    # Only direct children count: a takeout <author> has a blogger:type of its own.
    takeout_type = entry.find(f"{{{BLOGGER_2018}}}type")
    if takeout_type is not None:
        return _classify_takeout(entry, (takeout_type.text or "").strip())
    for category in entry.iterfind(f"{{{ATOM}}}category"):
        term = category.get("term") or ""
        if category.get("scheme") == KIND_SCHEME and term.startswith(KIND_PREFIX):
            return _classify_classic(entry, term.removeprefix(KIND_PREFIX))
    return _Entry(element=entry, style=None, kind=None, kind_text="", status="live", status_text="")


def _classify_classic(entry: etree._Element, kind_text: str) -> _Entry:
    draft = any(
        (flag.text or "").strip().lower() == "yes"
        for namespace in APP_NAMESPACES
        for flag in entry.iterfind(f"{{{namespace}}}control/{{{namespace}}}draft")
    )
    return _Entry(
        element=entry,
        style=FORMAT_CLASSIC,
        kind=_CLASSIC_KINDS.get(kind_text),
        kind_text=kind_text,
        status="draft" if draft else "live",
        status_text="draft" if draft else "",
    )


def _classify_takeout(entry: etree._Element, kind_text: str) -> _Entry:
    status_text = (entry.findtext(f"{{{BLOGGER_2018}}}status") or "").strip()
    # Takeout writes an empty <blogger:trashed/> for live posts and a timestamp once trashed.
    trashed = (entry.findtext(f"{{{BLOGGER_2018}}}trashed") or "").strip()
    status: EntryStatus | None
    if trashed:
        status = "trashed"
    elif not status_text:
        status = "live"  # other importers read a missing status as LIVE too
    else:
        status = _TAKEOUT_STATUSES.get(status_text.upper())
    return _Entry(
        element=entry,
        style=FORMAT_TAKEOUT,
        kind=_TAKEOUT_KINDS.get(kind_text.upper()),
        kind_text=kind_text,
        status=status,
        status_text=status_text,
    )


@dataclass(kw_only=True)
class _Skipped:
    comments: int = 0
    pages: int = 0
    drafts: int = 0
    trashed: int = 0

    def notes(self, path: str, *, include_drafts: bool) -> list[Diagnostic]:
        """One note per kind of entry left out (or drafts let in), when there were any."""
        drafts = "included" if include_drafts else "skipped"
        counted = (
            ("skipped", "export-skipped-comments", self.comments, "comment"),
            ("skipped", "export-skipped-pages", self.pages, "page"),
            (drafts, f"export-{drafts}-drafts", self.drafts, "draft post"),
            ("skipped", "export-skipped-trashed", self.trashed, "deleted post"),
        )
        return [
            diag.note(code, path, 1, f"{verb} {count} {noun}{'' if count == 1 else 's'}")
            for verb, code, count, noun in counted
            if count
        ]


def _wanted(
    entry: _Entry, include_drafts: bool, skipped: _Skipped, path: str, problems: list[Diagnostic]
) -> bool:
    """Whether *entry* becomes a post; counts or reports the ones that do not."""
    if entry.style is None:
        message = "entry has neither a Blogger kind category nor a blogger:type; skipped"
        problems.append(diag.warning("export-unknown-entry", path, entry.line, message))
        return False
    if entry.kind is None:
        message = f"entry of unknown kind {entry.kind_text!r}; skipped"
        problems.append(diag.warning("export-unknown-entry", path, entry.line, message))
        return False
    if entry.kind == "comment":
        skipped.comments += 1
        return False
    if entry.kind == "page":
        skipped.pages += 1
        return False
    if entry.kind != "post":
        return False  # settings and the template are the blog's, not the author's text
    if entry.status is None:
        message = f"post with unknown status {entry.status_text!r}; skipped"
        problems.append(diag.warning("export-unknown-status", path, entry.line, message))
        return False
    if entry.status == "trashed":
        skipped.trashed += 1
        return False
    if entry.status == "draft":
        skipped.drafts += 1
        return include_drafts
    return True


# --- one post ----------------------------------------------------------------------


def _read_post(
    entry: _Entry, path: str, blog_address: str | None, problems: list[Diagnostic]
) -> tuple[datetime.datetime, Post] | None:
    element = entry.element
    published = _published(element, path, entry.line, problems)
    blocks = _content_blocks(element, path, entry.line, problems)
    if published is None or blocks is None:
        return None
    post = Post(
        date=published.date(),
        title=_title(element),
        blocks=blocks,
        origin=Origin(path=path, line=entry.line),
        original_url=_original_url(entry, blog_address),
        labels=_labels(entry),
    )
    return published, post


def _published(
    element: etree._Element, path: str, line: int, problems: list[Diagnostic]
) -> datetime.datetime | None:
    """The publication instant, in the offset it was written with."""
    raw = element.findtext(f"{{{ATOM}}}published")
    if raw is None or not raw.strip():
        problems.append(diag.error("export-bad-date", path, line, "post has no published date"))
        return None
    stamp = parse_timestamp(raw.strip())
    if stamp is None:
        message = (
            f"unreadable published date {raw.strip()!r}; expected e.g. 2014-08-28T10:12:00+01:00"
        )
        problems.append(diag.error("export-bad-date", path, line, message))
    return stamp


def parse_timestamp(raw: str) -> datetime.datetime | None:
    """An RFC 3339 timestamp as an aware datetime in its own offset, or None."""
    match = _TIMESTAMP.match(raw)
    if match is None:
        return None
    offset = "+00:00" if match["offset"].upper() == "Z" else match["offset"]
    # Python keeps microseconds only; the date, which is all a post needs, is unaffected.
    fraction = (match["fraction"] or "")[:7]
    try:
        return datetime.datetime.fromisoformat(f"{match['date']}T{match['time']}{fraction}{offset}")
    except ValueError:  # 2014-02-30, 25:00, an offset of +24:00
        return None


def _title(element: etree._Element) -> str | None:
    title = element.find(f"{{{ATOM}}}title")
    if title is None:
        return None
    if (title.get("type") or "text").strip().lower() == "html":
        blocks = html_to_blocks(title.text or "")
        text = " ".join(inline_text(p.inlines).replace("\n", " ") for p in paragraphs(blocks))
    else:
        text = "".join(title.itertext())
    # Stripped like a title line of the text archive, so both readers give the same title.
    return _collapse(text).strip() or None


def _content_blocks(
    element: etree._Element, path: str, line: int, problems: list[Diagnostic]
) -> tuple[Block, ...] | None:
    """The post's blocks; None after an error."""
    content = element.find(f"{{{ATOM}}}content")
    if content is None:
        message = "post has no content element; it is kept with an empty body"
        problems.append(diag.warning("export-empty-post", path, line, message))
        return ()
    # Atom: a content element without a type attribute holds plain text.
    content_type = (content.get("type") or "text").strip().lower()
    text = content.text or ""
    start = content.sourceline or line  # the text begins on the line of the start tag's ">"
    if content_type in ("html", "text/html"):
        blocks, incomplete = _convert_html(text, start)
        if incomplete:
            message = (
                f"the post's HTML could not be read to the end ({incomplete}); text may be missing"
            )
            problems.append(diag.warning("export-html-incomplete", path, start, message))
    elif content_type in ("text", "text/plain"):
        blocks = text_to_blocks(text, first_line=start)
    else:
        message = f"content type {content_type!r} is not supported; expected html or text"
        problems.append(diag.error("export-bad-content-type", path, start, message))
        return None
    if not blocks:
        message = "post has no text; it is kept with an empty body"
        problems.append(diag.warning("export-empty-post", path, line, message))
    return blocks


def _original_url(entry: _Entry, blog_address: str | None) -> str | None:
    address = _http_url(_alternate_href(entry.element))
    if address is not None or entry.style != FORMAT_TAKEOUT:
        return address
    # Takeout gives only the path; it becomes an address when the feed names the blog.
    filename = (entry.element.findtext(f"{{{BLOGGER_2018}}}filename") or "").strip()
    if blog_address is None or not filename.startswith("/"):
        return None
    return blog_address.rstrip("/") + filename


def _alternate_href(element: etree._Element) -> str | None:
    for link in element.iterfind(f"{{{ATOM}}}link"):
        href: str | None = link.get("href")
        if link.get("rel") == "alternate" and href:
            return href
    return None


def _labels(entry: _Entry) -> tuple[str, ...]:
    labels: dict[str, None] = {}  # a dict keeps the first occurrence's order
    for category in entry.element.iterfind(f"{{{ATOM}}}category"):
        scheme, term = category.get("scheme"), category.get("term")
        if not term or term.isspace():
            continue
        # Classic labels have their own scheme; takeout writes the blog's id, or nothing.
        is_label = (
            scheme == LABEL_SCHEME if entry.style == FORMAT_CLASSIC else scheme != KIND_SCHEME
        )
        if is_label:
            labels.setdefault(term)
    return tuple(labels)


def _local_name(tag: object) -> str:
    return str(tag).rpartition("}")[2]


# --- HTML to blocks ------------------------------------------------------------------

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


def html_to_blocks(html: str, *, first_line: int = 1) -> tuple[Block, ...]:
    """Blocks of a post's HTML; *first_line* is the file line the HTML starts on."""
    blocks, _ = _convert_html(html, first_line)
    return blocks


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


def _convert_html(html: str, first_line: int) -> tuple[tuple[Block, ...], str | None]:
    """Blocks of *html*, and libxml2's reason when it stopped reading early."""
    if not html.strip():
        return (), None
    html = _END_OF_HTML.sub(lambda match: "\n" * match.group().count("\n"), html)
    parser = _html_parser()
    root = etree.fromstring(html, parser)
    fatal = [error.message for error in parser.error_log if error.level == etree.ErrorLevels.FATAL]
    if root is None:
        return (), fatal[0] if fatal else None
    builder = _BlockBuilder(first_line - 1)
    builder.walk(root)
    return builder.finish(), fatal[0] if fatal else None


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
            url = _http_url(element.get("href"))
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
        self._leaves.append(_Leaf(marks=self._marks, run=_collapse(text), line=line))
        self.line += text.count("\n")

    def add_break(self) -> None:
        self._append(_BREAK)

    def _add_image(self, element: etree._Element) -> None:
        alt = _collapse(element.get("alt") or "").strip(" ")
        link = self._link()
        if link is not None and _is_image_url(link.url):
            # <a href="photo-s1600.jpg"><img src="photo-s320.jpg"></a>: the link is the original.
            self._append(alt or "image")
            return
        src = _http_url(element.get("src"))
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


def _collapse(text: str) -> str:
    return _HTML_SPACE.sub(" ", text)


def _http_url(value: str | None) -> str | None:
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
