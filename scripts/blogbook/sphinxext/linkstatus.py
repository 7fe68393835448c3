"""Links that still lead somewhere: what ``data/links.csv`` says of each address.

``make links`` checks the book's addresses and keeps the table; the build only reads it,
never the network. After a page is read:

- a dead link with an archived copy is followed by "(archived copy, 27 August 2014)",
  leading to the Internet Archive's snapshot;
- a dead link without one is followed by "(page gone; no archived copy)";
- on posts and sources' pages (whose addresses the table is made from), an address the
  table does not list is a warning, so that the editor runs ``make links``.

A source's page also says how its address stood when last checked
(:func:`status_sentence`, used by :mod:`~blogbook.sphinxext.sourcepages`). Pages that
use the table depend on it, so an edited table redraws them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

from docutils import nodes
from markdown_it.common.normalize_url import normalizeLink
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from blogbook import slugs
from blogbook.dates import long_date
from blogbook.links.table import Row, Status, TableError, read_table

logger = logging.getLogger(__name__)

WEB_SCHEMES = ("http://", "https://")
ANNOTATION = ["link-status", "post-apparatus", "no-search"]


def setup(app: Sphinx) -> None:
    app.add_config_value("blogbook_links_table", "data/links.csv", "env", types=frozenset({str}))


def table_path(env: BuildEnvironment) -> Path:
    return Path(env.srcdir) / str(env.config.blogbook_links_table)


def links_table(env: BuildEnvironment) -> Mapping[str, Row]:
    """The table's rows by address; an unreadable table warns once and counts as empty."""
    path = table_path(env)
    if not path.is_file():
        return {}
    return _read(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime_ns: int) -> Mapping[str, Row]:
    """Read once per version of the file (*mtime_ns* is the cache's key, not read)."""
    try:
        rows = read_table(Path(path).read_text(encoding="utf-8"))
    except TableError as error:
        logger.warning("%s", error, location=(path, error.line))
        return {}
    return {as_linked(row.url): row for row in rows}


def as_linked(url: str) -> str:
    """An address as a page links to it: MyST percent-encodes what the table keeps as
    written (``"`` becomes ``%22``); encoding twice changes nothing."""
    return str(normalizeLink(url))


def row_for(env: BuildEnvironment, url: str) -> Row | None:
    """The table's row for *url*, noting that the page being read depends on the table."""
    env.note_dependency(str(table_path(env)))
    return links_table(env).get(as_linked(url))


def _table_covers(docname: str) -> bool:
    return slugs.is_post_docname(docname) or docname.startswith("sources/")


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    references = [
        reference
        for reference in doctree.findall(nodes.reference)
        if str(reference.get("refuri", "")).lower().startswith(WEB_SCHEMES)
    ]
    for reference in references:
        url = str(reference["refuri"])
        row = row_for(env, url)
        if row is None:
            if _table_covers(env.docname):
                logger.warning(
                    "%s is not in %s; run `make links`",
                    url,
                    env.config.blogbook_links_table,
                    location=reference,
                )
            continue
        annotation = annotation_for(row)
        if annotation is not None:
            reference.parent.insert(reference.parent.index(reference) + 1, annotation)


def annotation_for(row: Row) -> nodes.inline | None:
    """What follows a dead link: its archived copy, or word that there is none."""
    if row.status is not Status.DEAD:
        return None
    annotation = nodes.inline("", " (", classes=ANNOTATION)
    if row.archived_url and row.archived_at:
        annotation += nodes.reference(
            "", "archived copy", refuri=row.archived_url, classes=["archived-copy"]
        )
        annotation += nodes.Text(f", {long_date(row.archived_at)})")
    else:
        annotation += nodes.Text("page gone; no archived copy)")
    return annotation


def status_sentence(row: Row | None) -> str:
    """How an address stood when last checked, for a source's page."""
    if row is None or row.status is Status.UNCHECKED or row.checked is None:
        return "This address has not been checked yet."
    checked = long_date(row.checked)
    if row.status is Status.OK:
        return f"This address worked when last checked, on {checked}."
    if row.status is Status.UNREACHABLE:
        since = f" since {long_date(row.failing_since)}" if row.failing_since else ""
        return (
            f"This address gave no clear answer when last checked, on {checked} "
            f"({row.failures} failed checks{since}); it is not yet counted as gone."
        )
    if row.archived_url and row.archived_at:
        return (
            f"The page was gone when last checked, on {checked}; the Internet Archive's copy "
            f"of {long_date(row.archived_at)} is linked above."
        )
    return f"The page was gone when last checked, on {checked}, and no archived copy is known."
