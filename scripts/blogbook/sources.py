"""The bibliography as the converter needs it: which keys exist, and their addresses.

``references.bib`` is read with pybtex, the same parser sphinxcontrib-bibtex
uses, so a file that passes here also passes in the book.
"""

from __future__ import annotations

from dataclasses import dataclass

from pybtex.database import parse_string
from pybtex.scanner import PybtexError

from blogbook import diagnostics as diag
from blogbook.diagnostics import Code, Diagnostic


@dataclass(frozen=True, kw_only=True)
class Bibliography:
    keys: tuple[str, ...]
    urls: tuple[tuple[str, str], ...]  # (normalised url, key)


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


def read_bibliography(text: str, path: str) -> tuple[Bibliography, tuple[Diagnostic, ...]]:
    try:
        data = parse_string(text, "bibtex")
    except PybtexError as exc:
        line = getattr(exc, "lineno", None) or 1
        return Bibliography(keys=(), urls=()), (diag.error(Code.BAD_BIBTEX, path, line, str(exc)),)
    urls = tuple(
        (normalise_url(entry.fields["url"]), key)
        for key, entry in data.entries.items()
        if "url" in entry.fields
    )
    return Bibliography(keys=tuple(data.entries.keys()), urls=urls), ()
