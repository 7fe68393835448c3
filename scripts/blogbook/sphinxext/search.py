"""Searching the book with Pagefind, the same offline, locally and on Read the Docs.

- Each page a reader searches for (posts, topics, sources, the glossary) marks its own
  text for Pagefind (``data-pagefind-body``), with filters: the kind of page, a post's
  topics and year; the apparatus around it (byline, lists of sources, citation blocks,
  previous and next) is left out (``data-pagefind-ignore``).
- As each searched page is written, its searched part is copied, in a page of its own
  with the same name, into a folder kept with the doctrees (``pagefind-pages``): a third
  of a post's page, the rest being the theme, which Pagefind would parse for nothing.
  A page read again or removed loses its copy until it is written; a page whose copy is
  missing is read and written again.
- When an HTML build has written pages, Pagefind's program (found as ``python -m
  pagefind`` finds it) indexes the copies into a staging folder kept with the doctrees,
  from which :mod:`blogbook.search_bundle` publishes the index into the site; a failed
  index fails the build. The searched pages are written first, and Pagefind runs while
  Sphinx writes the others (the lists of posts by date, the index of sources) and
  finishes the build (:class:`Indexing`).
  A test checks that the copies give Pagefind the same record of every page as the
  pages themselves.
- Sphinx's own search index is not built, and its tools are not loaded on every page
  (``_templates/layout.html``); ``_templates/search.html`` shows Pagefind's results, with
  ``search.html?q=WORDS`` working as before. ``blogbook_search = "sphinx"`` keeps Sphinx's
  search instead (the benchmark's floor uses it, to compare).
"""

from __future__ import annotations

import contextlib
import functools
import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from blogbook import search_bundle, slugs
from blogbook.dates import long_date
from blogbook.sphinxext import extrapages
from blogbook.sphinxext.domain import BlogDomain
from blogbook.writer import write_if_changed

logger = logging.getLogger(__name__)
PAGEFIND = "pagefind"  # the folder of the search bundle in the site
# The searched pages: in the site, the theme's template fragments in _static are not
# pages; the copies Pagefind reads hold only these.
GLOB = "{glossary.html,posts/**/*.html,topics/**/*.html,sources/**/*.html}"
# Elements the search leaves out: the book's apparatus, and heading anchors ("#"); the
# mark that tells Pagefind so, and an element so marked (copies leave it out entirely).
_LEFT_OUT = re.compile(r'<(\w+)((?:\s[^>]*?)?\sclass="[^"]*\b(?:no-search|headerlink)\b[^"]*")')
_LEFT_OUT_MARK = 'data-pagefind-ignore="all"'
_MARKED_LEFT_OUT = re.compile(rf"<(\w+) {_LEFT_OUT_MARK}")
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})


def register(app: Sphinx) -> None:
    app.add_config_value("blogbook_search", "pagefind", "html", types=frozenset({str}))
    app.connect("builder-inited", use_pagefind)
    app.connect("html-collect-pages", search_page)
    app.connect("html-page-context", mark_for_pagefind)
    # Last, once every other handler has had its say on the page's body.
    app.connect("html-page-context", copy_for_pagefind, priority=990)
    app.connect("env-purge-doc", forget_copy)
    app.connect("env-get-outdated", uncopied)
    indexing = Indexing()
    app.connect("builder-inited", indexing.write_searched_pages_first)
    app.connect("html-collect-pages", indexing.start)  # if no page was written
    # After the other extensions' work at the end of the build, which the run overlaps.
    app.connect("build-finished", indexing.finish, priority=900)


def _pagefind(app: Sphinx) -> bool:
    return app.config.blogbook_search == "pagefind" and app.builder.name == "html"


def use_pagefind(app: Sphinx) -> None:
    if _pagefind(app):
        app.builder.search = False  # type: ignore[attr-defined]


def search_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """The search page, which Sphinx writes only with its own search; not written again
    while the last build's shows what this one's would (see ``extrapages``)."""
    if not _pagefind(app) or extrapages.current(app, extrapages.SEARCH):
        return []
    return [(extrapages.SEARCH, {}, "search.html")]


def kind_of(docname: str) -> str | None:
    """The kind of page, as the search's filter names it; None for pages not searched."""
    if slugs.is_post_docname(docname):
        return "Post"
    if docname.startswith("topics/") and docname != "topics/index":
        return "Topic"
    if docname.startswith("sources/"):
        return "Source"
    if docname == "glossary":
        return "Glossary"
    return None


def _attribute(name: str, value: str) -> str:
    return f' {name}="{html.escape(value, quote=True)}"'


def mark_for_pagefind(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    kind = kind_of(pagename)
    if not _pagefind(app) or kind is None or "body" not in context:
        return
    filters = [("kind", kind)]
    meta = []
    attributes = _attribute("data-pagefind-body", "")
    domain = cast(BlogDomain, app.env.get_domain("blog"))
    record = domain.posts.get(pagename)
    if record is not None:
        filters.append(("year", str(record.date.year)))
        for slug in record.topics:
            topic = domain.topic_by_slug(slug)
            filters.append(("topic", topic.title if topic else slug))
        meta.append(("date", long_date(record.date)))
        attributes += _attribute("data-pagefind-sort", f"date:{record.date.isoformat()}")
        title = record.title
    else:
        title = html.unescape(str(context.get("title") or pagename))
    meta.append(("title", title))
    marks = "".join(
        f"<span{_attribute('data-pagefind-filter', f'{k}:{v}')}></span>" for k, v in filters
    )
    # Metadata as text the index leaves out, so that commas in a title are safe.
    marks += "".join(
        f'<span{_attribute("data-pagefind-meta", k)} data-pagefind-ignore="index" hidden>'
        f"{html.escape(v)}</span>"
        for k, v in meta
    )
    body = _LEFT_OUT.sub(rf"<\1 {_LEFT_OUT_MARK}\2", context["body"])
    context["body"] = f"<div{attributes}>{marks}{body}</div>"


def copies_folder(app: Sphinx) -> Path:
    return Path(app.doctreedir) / f"{PAGEFIND}-pages"


# What Pagefind reads of a page: nothing it would leave out anyway.
_COPY = """<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title></head>
<body>{body}</body></html>
"""


def copy_for_pagefind(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The page's searched part, for Pagefind to read instead of the whole page: the
    theme around it is two thirds of a post's page, and Pagefind would parse it all."""
    if not _pagefind(app) or kind_of(pagename) is None or "body" not in context:
        return
    copy = copies_folder(app) / f"{pagename}.html"
    title = html.escape(html.unescape(str(context.get("title") or pagename)), quote=False)
    language = html.escape(app.config.language, quote=True)
    body = without_left_out(context["body"])
    # A copy left as it was keeps its file, which tells Indexing that the index need
    # not change (a page rewritten only for its lists, which the search leaves out).
    write_if_changed(copy, _COPY.format(language=language, title=title, body=body))


def without_left_out(body: str) -> str:
    """*body* less the elements marked for Pagefind to leave out, which it would parse
    for nothing: the lists of a topic's posts or of a source's citations are most of
    those pages (at 1,000 posts, the copies weigh 4.0 MB instead of 14.6 MB, and
    Pagefind takes 0.42 s instead of 0.56 s). A body not as Sphinx writes HTML, with an
    element left open, is kept whole: Pagefind leaves it out itself."""
    kept: list[str] = []
    position = 0
    for opening in _MARKED_LEFT_OUT.finditer(body):
        if opening.start() < position:
            continue  # inside an element already left out
        end = _end_of_element(body, opening.start(), opening.group(1))
        if end is None:
            return body
        kept.append(body[position : opening.start()])
        position = end
    kept.append(body[position:])
    return "".join(kept)


def _end_of_element(body: str, start: int, tag: str) -> int | None:
    """Where the element that opens at *start* ends: past its end tag, elements of the
    same name inside it counted; None if it has none."""
    if tag in _VOID:
        end = body.find(">", start)
        return None if end < 0 else end + 1
    depth = 0
    for match in _tags_named(tag).finditer(body, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return None


@functools.cache
def _tags_named(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){tag}\b[^>]*>")


def forget_copy(app: Sphinx, env: Any, docname: str) -> None:
    """A page read again is copied again when written; a page removed leaves the search."""
    if _pagefind(app):
        (copies_folder(app) / f"{docname}.html").unlink(missing_ok=True)


def uncopied(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages to write again because their copy is missing (a folder deleted, or a site
    made before the search read copies): else the search would lose them."""
    if not _pagefind(app):
        return []
    folder = copies_folder(app)
    return sorted(
        docname
        for docname in env.found_docs - added - changed
        if kind_of(docname) and not (folder / f"{docname}.html").exists()
    )


# Pages written while Pagefind runs: fewer are written in this process, leaving Pagefind
# the other core. An edit of a post's opening words at 1,000 posts writes 13 pages
# beside Pagefind: its build took 1.71-1.81 s with them in this process, 1.85-1.99 s
# in two workers (six builds of each, in turns). A clean build's lists by date (130
# pages at 1,000 posts) are still written in workers.
WRITE_BESIDE_IN_PARALLEL_FROM = 50


@contextlib.contextmanager
def _in_one_process(builder: Any) -> Iterator[None]:
    parallel = builder.parallel_ok
    builder.parallel_ok = False
    try:
        yield
    finally:
        builder.parallel_ok = parallel


class Indexing:
    """Pagefind's run over the copies. It starts as soon as the pages with a new copy
    (the pages read again, or all in a clean build) are written, which are written first:
    the other pages are written while it runs (at 1,000 posts, 2.2 s of a clean build's
    writing), from the lists of posts by date to the neighbours and topics of an edited
    post, which are rewritten for their lists (left out of the search). Should one of
    those copies change all the same, Pagefind indexes again once they are written. Its
    index is published when the build has finished, so that the rest of Sphinx's
    finishing work and the other extensions' runs at its end overlap it too."""

    def __init__(self) -> None:
        self.started = False
        self.running: tuple[subprocess.Popen[str], Path] | None = None

    def write_searched_pages_first(self, app: Sphinx) -> None:
        """The builder writes the pages without a copy, starts Pagefind, then writes the
        rest, and has Pagefind index again if any of their copies changed."""
        if not _pagefind(app):
            return
        builder = app.builder
        write_documents = builder.write_documents
        folder = copies_folder(app)

        def searched_first(docnames: AbstractSet[str]) -> None:
            searched = {name for name in docnames if kind_of(name)}
            copied = {name: _file_state(folder / f"{name}.html") for name in searched}
            first = {name for name in searched if copied[name] is None}
            rest = set(docnames) - first
            if first:
                write_documents(first)
            self.start(app)
            beside = self.running is not None and len(rest) < WRITE_BESIDE_IN_PARALLEL_FROM
            if rest:
                with _in_one_process(builder) if beside else contextlib.nullcontext():
                    write_documents(rest)
            if any(
                _file_state(folder / f"{name}.html") != copied[name] for name in rest & searched
            ):
                self.restart(app)

        builder.write_documents = searched_first  # type: ignore[method-assign]

    def restart(self, app: Sphinx) -> None:
        """Pagefind's run again, over copies changed since it started."""
        if self.running is not None:
            process, _staging = self.running
            process.communicate()  # its index is replaced, whatever it made of it
        self.running = _start_pagefind(app)

    def start(self, app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
        """Pagefind's run, once a build: when the searched pages are written, or else (no
        page was written, or a builder that writes otherwise) when Sphinx asks extensions
        for pages of their own (``html-collect-pages``), after the last page."""
        if not self.started:
            self.started = True
            self.running = _start_pagefind(app)
        return []  # no page of its own

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        running, self.running, self.started = self.running, None, False
        if running is None:
            return
        process, staging = running
        try:
            output, errors = process.communicate()
            if exception is not None:
                raise exception  # the build failed: its index is not published
            if process.returncode != 0 or not (staging / search_bundle.ENTRY).exists():
                raise ExtensionError(f"Pagefind could not index the book:\n{output}{errors}")
            search_bundle.publish(staging, Path(app.outdir) / PAGEFIND)
        except BaseException:
            _forget_staging(staging)
            if exception is None:
                raise
            return
        _unfinished(staging).unlink()
        logger.info("pagefind: the search index is up to date")


def _unfinished(staging: Path) -> Path:
    """A mark beside *staging* while Pagefind writes into it."""
    return staging.with_name(f"{staging.name}.unfinished")


def _forget_staging(staging: Path) -> None:
    """A file Pagefind left half-written would be taken as done by the next run."""
    shutil.rmtree(staging, ignore_errors=True)
    _unfinished(staging).unlink(missing_ok=True)


def _start_pagefind(app: Sphinx) -> tuple[subprocess.Popen[str], Path] | None:
    """Pagefind indexing the copies into a folder kept with the doctrees, where it
    writes only what changed (see :mod:`blogbook.search_bundle`); None when no page
    changed since the published index."""
    if not _pagefind(app):
        return None
    entry = Path(app.outdir) / PAGEFIND / search_bundle.ENTRY
    copies = copies_folder(app)
    if entry.exists() and not _written_since(copies, entry.stat().st_mtime_ns):
        return None
    staging = Path(app.doctreedir) / f"{PAGEFIND}-staging"
    command = [_pagefind_program(), "--site", str(copies), "--glob", GLOB]
    command += ["--output-path", str(staging), "--quiet"]
    if _unfinished(staging).exists():  # a build stopped while Pagefind wrote
        _forget_staging(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    _unfinished(staging).touch()
    pipe = subprocess.PIPE
    logger.info("pagefind: indexing the searched pages")
    return subprocess.Popen(command, stdout=pipe, stderr=pipe, text=True), staging


def index_with_pagefind(app: Sphinx, exception: Exception | None) -> None:
    """Both steps at once."""
    indexing = Indexing()
    if exception is None:
        indexing.start(app)
    indexing.finish(app, exception)


def _pagefind_program() -> str:
    """The program ``python -m pagefind`` runs, found as it finds it (0.09 s sooner)."""
    from pagefind.service import get_executable  # loads asyncio: only when indexing

    program = get_executable()
    if program is None:
        raise ExtensionError("Pagefind's program is missing: install the pinned requirements")
    return str(program)


def _file_state(path: Path) -> tuple[int, int, int] | None:
    """What tells a file replaced from the same one left alone; None if it is missing."""
    try:
        state = path.stat()
    except FileNotFoundError:
        return None
    return state.st_ino, state.st_mtime_ns, state.st_size


def _written_since(folder: Path, moment: int) -> bool:
    return any(page.stat().st_mtime_ns > moment for page in folder.rglob("*.html"))
