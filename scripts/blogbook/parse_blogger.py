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
- A post's HTML becomes blocks in :mod:`blogbook.html_blocks`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from blogbook import diagnostics as diag
from blogbook.diagnostics import Code, Diagnostic
from blogbook.html_blocks import (
    collapse_spaces,
    html_to_blocks,
    http_url,
    read_html,
    text_to_blocks,
)
from blogbook.model import Block, Origin, ParseResult, Post, inline_text, paragraphs

FORMAT_CLASSIC = "blogger-atom"
FORMAT_TAKEOUT = "takeout-atom"

ATOM = "http://www.w3.org/2005/Atom"
BLOGGER_2018 = "http://schemas.google.com/blogger/2018"
# Classic exports declare app:control with the pre-standard APP namespace; the RFC 5023 one
# is accepted too, as a writer of such a file could only have meant the same thing.
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
# The prefixes Blogger's exports use, with the namespaces they declare for them.
BLOGGER_PREFIXES = {
    "app": APP_NAMESPACES[0],
    "blogger": "http://schemas.google.com/blogger/2008",
    "gd": "http://schemas.google.com/g/2005",
    "georss": "http://www.georss.org/georss",
    "media": "http://search.yahoo.com/mrss/",
    "openSearch": "http://a9.com/-/spec/opensearchrss/1.0/",
    "thr": "http://purl.org/syndication/thread/1.0",
}
_UNDECLARED_PREFIX = re.compile(r"^Namespace prefix (\S+) (?:on|for) ")
# The root element's start tag, after the XML declaration, comments and a doctype.
_ROOT_START = re.compile(rb"<(?![?!])[^\s>/]+")
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


def parse_blogger_export(
    data: bytes, path: str, *, include_drafts: bool = False, blog_address: str | None = None
) -> ParseResult:
    """Parse one export file; *path* is used for origins and diagnostics only.

    *blog_address* is the blog's home (``https://example.blogspot.com/``), for exports that
    do not name it: Takeout's give each post's path only, which it makes an address.
    """
    root, problems = _read_feed(data, path)
    if root is None:
        return ParseResult(posts=(), diagnostics=tuple(problems))
    entries = [_classify(entry) for entry in root.iterfind(_ENTRY)]
    if not any(entry.style for entry in entries) and not _is_blogger_feed(root):
        message = "not a Blogger export: no entry has a Blogger kind or blogger:type"
        return ParseResult(
            posts=(), diagnostics=(diag.error(Code.EXPORT_NOT_BLOGGER, path, 1, message),)
        )

    blog_address = http_url(_alternate_href(root)) or blog_address
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
        problems.append(diag.warning(Code.EXPORT_NO_POSTS, path, 1, message))
    # Exports list posts newest first; the model is chronological. The sort is stable, so
    # posts published at the same instant keep their order in the file.
    dated_posts.sort(key=lambda pair: pair[0])
    return ParseResult(posts=tuple(post for _, post in dated_posts), diagnostics=tuple(problems))


def _read_feed(data: bytes, path: str) -> tuple[etree._Element | None, list[Diagnostic]]:
    """The export's ``<feed>`` element (None after an error that stops the whole file),
    and what was found wrong on the way."""
    root, errors = _parse_xml(data)
    problems = []
    undeclared = _undeclared_blogger_prefixes(errors)
    if root is None and undeclared and len(undeclared) == len(errors):
        # Exports in circulation use Blogger's prefixes without declaring them; read such a
        # file as if it declared them, and say so. Any other XML error stays fatal.
        root, errors = _parse_xml(_declare_prefixes(data, {u.prefix for u in undeclared}))
        problems = [
            diag.warning(
                Code.EXPORT_UNDECLARED_PREFIX,
                path,
                line,
                f"the prefix {prefix!r} is used without being declared; "
                f"read as Blogger's {BLOGGER_PREFIXES[prefix]}",
            )
            for prefix, line in _first_uses(undeclared)
        ]
    if root is None:
        fatal = next((e for e in errors if e not in undeclared), errors[0])
        message = f"not well-formed XML: {fatal.message}"
        return None, [diag.error(Code.EXPORT_NOT_XML, path, max(fatal.line, 1), message)]
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # Blogger never writes a DTD, and entities from one would not be expanded here.
        message = "the file declares a DTD, which no Blogger export does"
        return None, [diag.error(Code.EXPORT_NOT_BLOGGER, path, 1, message)]
    if root.tag != _FEED:
        message = (
            f"not a Blogger export: the root element is {_local_name(root.tag)!r}, not an Atom feed"
        )
        return None, [diag.error(Code.EXPORT_NOT_BLOGGER, path, 1, message)]
    return root, problems


@dataclass(frozen=True, kw_only=True)
class _XmlError:
    line: int
    message: str
    prefix: str | None = None  # a Blogger prefix used undeclared, if that is the error


def _parse_xml(data: bytes) -> tuple[etree._Element | None, list[_XmlError]]:
    """The document's root, or None and libxml2's errors (this parser's own log)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        return etree.fromstring(data, parser), []
    except etree.XMLSyntaxError as exc:
        errors = [_xml_error(error) for error in parser.error_log]
        return None, errors or [_XmlError(line=exc.lineno or 1, message=str(exc.msg))]


def _xml_error(error: etree._LogEntry) -> _XmlError:
    message = (error.message or "").strip()
    match = _UNDECLARED_PREFIX.match(message)
    message += f", line {error.line}, column {error.column}"  # as libxml2 words its exceptions
    undeclared = error.type_name == "NS_ERR_UNDEFINED_NAMESPACE" and match is not None
    prefix = match[1] if match is not None and undeclared else None
    known = prefix if prefix in BLOGGER_PREFIXES else None
    return _XmlError(line=error.line, message=message, prefix=known)


def _undeclared_blogger_prefixes(errors: list[_XmlError]) -> list[_XmlError]:
    return [error for error in errors if error.prefix is not None]


def _first_uses(undeclared: list[_XmlError]) -> list[tuple[str, int]]:
    """Each prefix with the line of its first use, in the order of the file."""
    first: dict[str, int] = {}
    for use in undeclared:
        if use.prefix is not None:
            first.setdefault(use.prefix, use.line)
    return sorted(first.items(), key=lambda pair: pair[1])


def _declare_prefixes(data: bytes, prefixes: Iterable[str | None]) -> bytes:
    """*data* with the namespaces of *prefixes* declared on its root element, on the
    root's own line, so that every line number stays as it was."""
    start = _ROOT_START.search(data)
    if start is None:
        return data
    declarations = b"".join(
        f' xmlns:{prefix}="{BLOGGER_PREFIXES[prefix]}"'.encode()
        for prefix in sorted(p for p in prefixes if p is not None)
    )
    return data[: start.end()] + declarations + data[start.end() :]


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
        drafts = (
            ("included", Code.EXPORT_INCLUDED_DRAFTS)
            if include_drafts
            else ("skipped", Code.EXPORT_SKIPPED_DRAFTS)
        )
        counted = (
            ("skipped", Code.EXPORT_SKIPPED_COMMENTS, self.comments, "comment"),
            ("skipped", Code.EXPORT_SKIPPED_PAGES, self.pages, "page"),
            (*drafts, self.drafts, "draft post"),
            ("skipped", Code.EXPORT_SKIPPED_TRASHED, self.trashed, "deleted post"),
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
        problems.append(diag.warning(Code.EXPORT_UNKNOWN_ENTRY, path, entry.line, message))
        return False
    if entry.kind is None:
        message = f"entry of unknown kind {entry.kind_text!r}; skipped"
        problems.append(diag.warning(Code.EXPORT_UNKNOWN_ENTRY, path, entry.line, message))
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
        problems.append(diag.warning(Code.EXPORT_UNKNOWN_STATUS, path, entry.line, message))
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
        problems.append(diag.error(Code.EXPORT_BAD_DATE, path, line, "post has no published date"))
        return None
    stamp = parse_timestamp(raw.strip())
    if stamp is None:
        message = (
            f"unreadable published date {raw.strip()!r}; expected e.g. 2014-08-28T10:12:00+01:00"
        )
        problems.append(diag.error(Code.EXPORT_BAD_DATE, path, line, message))
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
    return collapse_spaces(text).strip() or None


def _content_blocks(
    element: etree._Element, path: str, line: int, problems: list[Diagnostic]
) -> tuple[Block, ...] | None:
    """The post's blocks; None after an error."""
    content = element.find(f"{{{ATOM}}}content")
    if content is None:
        message = "post has no content element; it is kept with an empty body"
        problems.append(diag.warning(Code.EXPORT_EMPTY_POST, path, line, message))
        return ()
    # Atom: a content element without a type attribute holds plain text.
    content_type = (content.get("type") or "text").strip().lower()
    text = content.text or ""
    start = content.sourceline or line  # the text begins on the line of the start tag's ">"
    if content_type in ("html", "text/html"):
        read = read_html(text, first_line=start)
        blocks, incomplete = read.blocks, read.incomplete
        if incomplete:
            message = (
                f"the post's HTML could not be read to the end ({incomplete}); text may be missing"
            )
            problems.append(diag.warning(Code.EXPORT_HTML_INCOMPLETE, path, start, message))
    elif content_type in ("text", "text/plain"):
        blocks = text_to_blocks(text, first_line=start)
    else:
        message = f"content type {content_type!r} is not supported; expected html or text"
        problems.append(diag.error(Code.EXPORT_BAD_CONTENT_TYPE, path, start, message))
        return None
    if not blocks:
        message = "post has no text; it is kept with an empty body"
        problems.append(diag.warning(Code.EXPORT_EMPTY_POST, path, line, message))
    return blocks


def _original_url(entry: _Entry, blog_address: str | None) -> str | None:
    address = http_url(_alternate_href(entry.element))
    if address is not None or entry.style != FORMAT_TAKEOUT:
        return address
    # Takeout gives only the path; it becomes an address when the blog's is known.
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
