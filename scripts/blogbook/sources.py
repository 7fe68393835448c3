"""The bibliography as the converter needs it: its entries, their kinds and addresses.

``references.bib`` is read with pybtex, the same parser sphinxcontrib-bibtex uses, so a
file that passes here also passes in the book. Every entry says what kind of source it
is (``kind = {inspection}``), from :data:`KINDS`; an entry with no kind or another one is
an error at its line. The comment lines above an entry (``% source: ...``) name the
public pages that verify it: they are kept for its page in the book.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pybtex.database import Entry, parse_string
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from pybtex.scanner import PybtexError

from blogbook import diagnostics as diag
from blogbook.diagnostics import Code, Diagnostic

# Each kind of source: its name in a sentence, and the heading of its group on the index.
KINDS: dict[str, tuple[str, str]] = {
    "inquiry": ("inquiry or review", "Inquiries and reviews"),
    "inspection": ("inspection report", "Inspection reports"),
    "statistics": ("statistics", "Statistics"),
    "article": ("news report or article", "News and articles"),
    "government": ("government paper or consultation", "Government papers and consultations"),
    "legislation": ("legislation", "Legislation"),
    "judgment": ("court judgment", "Court judgments"),
    "book": ("book", "Books"),
    "blog": ("blog post", "Blog posts"),
    "other": ("other source", "Other sources"),
}
_ENTRY_START = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_CHECKED = re.compile(r"^%\s*source:\s*(.+)$")


@dataclass(frozen=True, kw_only=True)
class Source:
    """One entry of ``references.bib``, as plain text."""

    key: str
    kind: str
    title: str | None  # None: the title could not be verified
    year: str | None
    publisher: str | None  # howpublished, institution, journal or publisher
    url: str | None
    checked_against: tuple[str, ...]  # the public pages the comments above it name
    line: int


@dataclass(frozen=True, kw_only=True)
class Bibliography:
    sources: tuple[Source, ...]
    urls: tuple[tuple[str, str], ...]  # (normalised url, key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(source.key for source in self.sources)


EMPTY = Bibliography(sources=(), urls=())


def normalise_url(url: str) -> str:
    """Compare addresses the way a reader would: scheme, ``www.`` and a final ``/`` aside."""
    bare = url.strip().split("#", 1)[0]
    for prefix in ("https://", "http://"):
        if bare.lower().startswith(prefix):
            bare = bare[len(prefix) :]
            break
    host, _, rest = bare.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{rest}".rstrip("/")


# One stateless renderer: ``render_as("text")`` looks the backend up among the installed
# packages' entry points on every call, which costs more than the rendering.
_TEXT_BACKEND = find_plugin("pybtex.backends", "text")()


@functools.lru_cache(maxsize=8192)  # decoding LaTeX is slow; the same fields come back often
def as_text(latex: str) -> str:
    """A BibTeX field's text: ``{{Ofsted}}`` is Ofsted, ``\\&`` is &."""
    return str(Text.from_latex(latex).render(_TEXT_BACKEND))


def plain(latex: str) -> str:
    """A field's text as a reader sees it, its spaces as they are printed."""
    return " ".join(as_text(latex).split())


def read_bibliography(text: str, path: str) -> tuple[Bibliography, tuple[Diagnostic, ...]]:
    try:
        data = parse_string(text, "bibtex")
    except PybtexError as exc:
        line = getattr(exc, "lineno", None) or 1
        return EMPTY, (diag.error(Code.BAD_BIBTEX, path, line, str(exc)),)
    places = _entry_places(text)
    sources, problems = [], []
    for key, entry in data.entries.items():
        line, checked = places.get(key, (1, ()))
        kind = entry.fields.get("kind", "").strip()
        if kind not in KINDS:
            said = f"kind {kind!r}" if kind else "no kind"
            message = f"{key} has {said}; give one of: {', '.join(KINDS)}"
            problems.append(diag.error(Code.BAD_KIND, path, line, message))
        sources.append(_source(key, entry, kind, line, checked))
    urls = tuple((normalise_url(s.url), s.key) for s in sources if s.url is not None)
    return Bibliography(sources=tuple(sources), urls=urls), tuple(problems)


def _source(key: str, entry: Entry, kind: str, line: int, checked: tuple[str, ...]) -> Source:
    fields = entry.fields
    publisher = next(
        (
            fields[name]
            for name in ("howpublished", "institution", "journal", "publisher")
            if name in fields
        ),
        None,
    )
    return Source(
        key=key,
        kind=kind,
        title=plain(fields["title"]) if "title" in fields else None,
        year=plain(fields["year"]) if "year" in fields else None,
        publisher=plain(publisher) if publisher is not None else None,
        url=fields["url"].strip() if "url" in fields else None,
        checked_against=checked,
        line=line,
    )


def _entry_places(text: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Each key -> the line its entry starts on, and the pages its comments name."""
    lines = text.split("\n")
    places = {}
    for match in _ENTRY_START.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        checked: list[str] = []
        above = line - 2  # index of the line above the entry
        while above >= 0 and lines[above].lstrip().startswith("%"):
            found = _CHECKED.match(lines[above].strip())
            if found:
                checked.insert(0, found[1].strip())
            above -= 1
        places[match[2]] = (line, tuple(checked))
    return places
