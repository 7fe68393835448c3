"""Problems as data, and every code a problem can carry.

Every stage returns its findings as :class:`Diagnostic` records; only the command
line prints them and picks the exit code. The printed form is the one compilers
use, so editors and CI logs can jump to the place::

    archive/2014-08.txt:12: error: impossible date 31 February 2014 [bad-date]

Codes are short, stable and kebab-case: editors search for them, ``--strict`` and the
tests rely on them. They are all listed in :class:`Code`, each with what it means;
``tests/cases/`` holds at least one case file that triggers each of them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # information only, e.g. how many comments an export skipped


class Code(enum.Enum):
    """Every diagnostic code, with what it means for the editor."""

    _value_: str
    meaning: str

    def __new__(cls, code: str, meaning: str) -> Code:
        member = object.__new__(cls)
        member._value_ = code
        member.meaning = meaning
        return member

    # Reading files (the command line)
    UNREADABLE = "unreadable", "a file could not be read"
    NOT_UTF8 = "not-utf8", "a file is not UTF-8 text"
    NO_ARCHIVE = "no-archive", "archive/ holds no archive file"
    # Text archives
    EMPTY_ARCHIVE = "empty-archive", "an archive file holds no post"
    CONTROL_CHARACTER = "control-character", "a control character in the text"
    BAD_DATE_HEADER = "bad-date-header", "a line that looks like a date header but is not one"
    BAD_DATE = "bad-date", "a date that does not exist"
    WEEKDAY_MISMATCH = "weekday-mismatch", "a date header whose weekday is not its date's"
    TEXT_BEFORE_DATE = "text-before-date", "text above the first date header"
    EMPTY_DATE = "empty-date", "a date header with no post under it"
    DUPLICATE_POST = "duplicate-post", "two posts with one title on one day"
    TITLE_GUESSED = "title-guessed", "a question or exclamation read as a title: confirm it"
    MOJIBAKE = "mojibake", "text that looks decoded in the wrong code page (e.g. 'na├»ve')"
    # Blogger exports
    EXPORT_NOT_XML = "export-not-xml", "an export that is not well-formed XML"
    EXPORT_UNDECLARED_PREFIX = (
        "export-undeclared-prefix",
        "an export using a Blogger namespace prefix it does not declare; read anyway",
    )
    EXPORT_NOT_BLOGGER = "export-not-blogger", "XML that is not a Blogger export"
    EXPORT_NO_POSTS = "export-no-posts", "an export with no published post"
    EXPORT_UNKNOWN_ENTRY = "export-unknown-entry", "an entry of no known kind; skipped"
    EXPORT_UNKNOWN_STATUS = "export-unknown-status", "a post of no known status; skipped"
    EXPORT_BAD_DATE = "export-bad-date", "a post whose publication time cannot be read"
    EXPORT_EMPTY_POST = "export-empty-post", "a post with no text"
    EXPORT_HTML_INCOMPLETE = "export-html-incomplete", "a post's HTML that could not be read whole"
    EXPORT_BAD_CONTENT_TYPE = "export-bad-content-type", "a post's content of an unknown type"
    EXPORT_SKIPPED_COMMENTS = "export-skipped-comments", "how many comments were skipped"
    EXPORT_SKIPPED_PAGES = "export-skipped-pages", "how many pages were skipped"
    EXPORT_SKIPPED_DRAFTS = "export-skipped-drafts", "how many drafts were skipped"
    EXPORT_INCLUDED_DRAFTS = "export-included-drafts", "how many drafts --drafts let in"
    EXPORT_SKIPPED_TRASHED = "export-skipped-trashed", "how many deleted posts were skipped"
    # YAML: the editorial layer, topic pages, the glossary
    BAD_YAML = "bad-yaml", "YAML that cannot be read"
    DUPLICATE_KEY = "duplicate-key", "a key given twice in one mapping"
    BAD_EDITORIAL = "bad-editorial", "an entry of the editorial layer of the wrong shape"
    BAD_POST_KEY = "bad-post-key", "a post key that is not 'YYYY-MM-DD Title'"
    BAD_SLUG = "bad-slug", "a slug that is not lower-case words joined by hyphens"
    BAD_URL = "bad-url", "an address that is not http(s)"
    BAD_TOPIC = "bad-topic", "a topic page, rule or slug of the wrong shape"
    NO_TOPIC_RULE = "no-topic-rule", "a topic page without a 'topic:' rule"
    BAD_GLOSSARY = "bad-glossary", "glossary front matter of the wrong shape"
    BAD_TERM = "bad-term", "a glossary term that cannot be linked"
    UNKNOWN_TERM = "unknown-term", "link phrases for a term the glossary lacks"
    # The bibliography
    BAD_BIBTEX = "bad-bibtex", "references.bib cannot be read"
    BAD_KIND = "bad-kind", "an entry of references.bib with no kind, or a kind not listed"
    # The editorial layer against the posts
    UNKNOWN_POST = "unknown-post", "an editorial key that names no post"
    AMBIGUOUS_POST = "ambiguous-post", "an editorial key that names several posts"
    BAD_NOT_A_TITLE = "bad-not-a-title", "not_a_title on a post with nothing above it"
    BAD_IS_A_TITLE = "bad-is-a-title", "is_a_title on a line that cannot start a post"
    DUPLICATE_EDIT = "duplicate-edit", "two editorial entries for one post"
    UNKNOWN_TOPIC = "unknown-topic", "a topic with no page in topics/"
    UNKNOWN_SOURCE = "unknown-source", "a cue for a key references.bib lacks"
    CUE_UNMATCHED = "cue-unmatched", "a cue found in no post"
    UNTITLED_POST = "untitled-post", "a post with no title in the archive or the editorial layer"
    UNKNOWN_LABEL = "unknown-label", "a Blogger label mapped to no topic"
    PAGE_NAME_TAKEN = "page-name-taken", "two posts that would get one page name"
    PAGE_RENAMED = "page-renamed", "a post's page would move to a new address"


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    severity: Severity
    code: Code
    path: str
    line: int
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity.value}: {self.message} [{self.code.value}]"


def error(code: Code, path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(severity=Severity.ERROR, code=code, path=path, line=line, message=message)


def warning(code: Code, path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(severity=Severity.WARNING, code=code, path=path, line=line, message=message)


def note(code: Code, path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(severity=Severity.NOTE, code=code, path=path, line=line, message=message)


def has_errors(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> bool:
    """True if any diagnostic stops the run; with *strict*, warnings do too."""
    stopping = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in stopping for d in diagnostics)
