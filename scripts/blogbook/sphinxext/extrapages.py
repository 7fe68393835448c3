"""The pages Sphinx writes beside the documents, written again only when they may differ.

Sphinx writes the general index (``genindex.html``) and, for the book, the search page
(``search.html``, see ``search``) in every HTML build. Each draws the site's navigation
(a table of contents resolved, then reworked by the theme with BeautifulSoup), and the
index sorts every entry of the book: together 0.2-0.3 s of an edit of 1,000 posts that
changes neither, and the only pages with a sidebar an edited sentence would write. What
they show changes only with what every page shows (the navigation, which follows the
pages' titles and contents, the templates, the configuration) and, for the index, with
its entries. So an HTML build writes them unless it finds none of these changed:

- no page read again shows otherwise in the tables of contents, and no page's contents
  gained or lost a year (``incremental.parents_of_changed_pages_only`` notes it);
- no page is out of date for the builder alone (Sphinx finds every page so when the
  templates or the HTML options changed), and the configuration Sphinx read the pages
  with is the same;
- the index's entries are those the pages were written from, in the same output folder.

A record kept with the doctrees (:data:`RECORD`) says for which output folder and index
the pages were written. A build that finds a change removes it at once and writes it
again only once it has ended without error, so a build stopped half-way leaves no
record, and the next one writes both pages.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK, BuildEnvironment

from blogbook.sphinxext.domain import BlogDomain

RECORD = "extra-pages.json"
GENINDEX = "genindex"
SEARCH = "search"


def register(app: Sphinx) -> None:
    app.connect("builder-inited", write_genindex_when_changed)
    app.connect("build-finished", note_written)


def _applies(app: Sphinx) -> bool:
    return app.builder.name == "html"


def _record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / RECORD


def _domain(env: BuildEnvironment) -> BlogDomain:
    return cast(BlogDomain, env.get_domain("blog"))


def index_digest(env: BuildEnvironment) -> str:
    """What the general index is drawn from: every page's index entries."""
    entries = env.domains.index_domain.entries
    drawn_from = repr(sorted((docname, entries[docname]) for docname in entries))
    return hashlib.sha256(drawn_from.encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """What this build found of the pages beside the documents."""

    index: str  # the digest of this build's index entries
    current: bool  # nothing page-wide changed, and they were written for this output folder
    index_current: bool  # and, for the general index, from the same entries


def _outdir(app: Sphinx) -> str:
    return str(Path(app.outdir).resolve())


def _recorded(app: Sphinx) -> dict[str, str]:
    try:
        record = json.loads(_record(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def note_changes(app: Sphinx, page_wide: bool) -> None:
    """Called before the documents are written: *page_wide* if something every page
    shows may have changed (see the module's docstring)."""
    if not _applies(app):
        return
    page_wide = page_wide or app.env.config_status != CONFIG_OK
    if page_wide:
        _record(app).unlink(missing_ok=True)
    record = {} if page_wide else _recorded(app)
    digest = index_digest(app.env)
    same_folder = record.get("outdir") == _outdir(app)
    verdict = Verdict(digest, same_folder, same_folder and record.get("index") == digest)
    _domain(app.env).extra_pages = verdict


def current(app: Sphinx, pagename: str) -> bool:
    """Whether the last build's *pagename* ("genindex" or "search") shows what this
    build's would."""
    verdict = _domain(app.env).extra_pages if _applies(app) else None
    if not isinstance(verdict, Verdict):
        return False
    if not (verdict.index_current if pagename == GENINDEX else verdict.current):
        return False
    return Path(app.builder.get_output_path(pagename)).is_file()  # type: ignore[attr-defined]


def write_genindex_when_changed(app: Sphinx) -> None:
    """``builder-inited``: Sphinx's HTML builder writes the general index only if it
    may have changed."""
    if not _applies(app):
        return
    builder = app.builder
    write_genindex = builder.write_genindex  # type: ignore[attr-defined]

    @functools.wraps(write_genindex)
    def when_changed() -> None:
        if not current(app, GENINDEX):
            write_genindex()

    builder.write_genindex = when_changed  # type: ignore[attr-defined]


def note_written(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a build that ended without error notes the output folder and
    index its pages beside the documents were written for."""
    if exception is not None or not _applies(app):
        return
    verdict = _domain(app.env).extra_pages
    digest = verdict.index if isinstance(verdict, Verdict) else index_digest(app.env)
    written_for = {"outdir": _outdir(app), "index": digest}
    _record(app).write_text(json.dumps(written_for), encoding="utf-8")
