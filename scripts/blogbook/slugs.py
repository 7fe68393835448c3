"""Every page name, label and key of the book, decided in one place.

The scheme (documented for editors in the README):

- a post's page is ``posts/YYYY/MM/DD-slug``; the slug comes from the title
  found in the archive, or, for a post without a title line, from its opening
  words, so that supplying an editorial title later never renames the page;
  ``slug:`` in ``archive/editorial.yaml`` pins a slug explicitly;
- nothing about other posts enters a page name, so adding, removing or
  reordering posts never renames a page; two posts of the same day whose slugs
  collide are an error the editor resolves with ``slug:``;
- a source's page is ``sources/<key>``, its key in ``references.bib`` as written;
- labels carry a namespace prefix (``post-``, ``topic-``, ``source-``) so they cannot clash;
- month and year pages are ``posts/YYYY/MM/index`` and ``posts/YYYY/index``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

MAX_SLUG_LENGTH = 60
UNTITLED_SLUG_WORDS = 8
FALLBACK_SLUG = "post"

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_POST_DOCNAME = re.compile(r"^posts/(\d{4})/(\d{2})/(\d{2})-([a-z0-9-]+)$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, *, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary.

    Accented letters lose their accents (``Café`` -> ``cafe``); apostrophes
    vanish rather than split a word (``Ofsted's`` -> ``ofsteds``); everything
    else that is not a letter or digit separates words. May return ``""``.
    """
    folded = unicodedata.normalize("NFKD", text)
    # Non-ASCII marks (accents, curly apostrophes) drop out here.
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower().replace("'", "")
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]


def post_slug(*, archive_title: str | None, opening: str, pinned: str | None = None) -> str:
    """The slug of a post: pinned by the editor, else from its archive title,
    else from its opening words."""
    if pinned:
        return pinned
    if archive_title:
        slug = slugify(archive_title)
        if slug:
            return slug
    words = opening.split()[:UNTITLED_SLUG_WORDS]
    return slugify(" ".join(words)) or FALLBACK_SLUG


def post_docname(date: datetime.date, slug: str) -> str:
    return f"posts/{date:%Y}/{date:%m}/{date:%d}-{slug}"


def is_post_docname(docname: str) -> bool:
    return _POST_DOCNAME.match(docname) is not None


def post_label(docname: str) -> str:
    """``posts/2014/08/14-care-orders`` -> ``post-2014-08-14-care-orders``."""
    match = _POST_DOCNAME.match(docname)
    if match is None:
        raise ValueError(f"not a post page name: {docname!r}")
    year, month, day, slug = match.groups()
    return f"post-{year}-{month}-{day}-{slug}"


def post_bibtex_key(docname: str) -> str:
    """Key of a post in the published ``posts.bib``: stable as long as the page is."""
    return "mills" + post_label(docname).removeprefix("post-")


def month_docname(year: int, month: int) -> str:
    return f"posts/{year:04d}/{month:02d}/index"


def year_docname(year: int) -> str:
    return f"posts/{year:04d}/index"


ARCHIVE_DOCNAME = "posts/index"


def topic_docname(topic_slug: str) -> str:
    return f"topics/{topic_slug}"


def topic_label(topic_slug: str) -> str:
    return f"topic-{topic_slug}"


def source_docname(key: str) -> str:
    """A source's page: its key in ``references.bib``, as written."""
    return f"sources/{key}"


def source_label(key: str) -> str:
    return f"source-{key}"


SOURCES_DOCNAME = "sources"  # the index of sources


def data_label(data_file_stem: str) -> str:
    """The label of the section that charts ``data/<stem>.csv``: posts that give its
    figures link there (see :mod:`blogbook.sphinxext.collect`)."""
    return f"data-{data_file_stem}"


def is_slug(text: str) -> bool:
    return SLUG_PATTERN.match(text) is not None
