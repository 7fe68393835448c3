"""The floor: the book's sources built by Sphinx's ``basic`` theme, in one process.

Issue 16 measures the book against it: the same sources with the same ``conf.py``
and extensions, built by the ``basic`` theme with no theme options or sidebars,
``-j 1``. A plain ``-D html_theme=basic`` is no floor: the book's ``html_sidebars``
names templates ``basic`` lacks, and the build fails part-way. So the floor is
configured by an overlay: a ``conf.py`` in a folder of its own (given to
``sphinx-build -c``) that runs the book's ``conf.py`` and then sets the theme, its
options and its sidebars. Sphinx resolves some settings against the configuration's
folder, which is no longer the book's; the overlay makes those paths absolute.

The floor is Sphinx's standard cost, search included: the overlay sets
``blogbook_search = "sphinx"``, so the book's extension keeps Sphinx's search index
(``searchindex.js``) and does not run Pagefind, and ``templates_path = []``, so the
book's templates (its layout, and a search page showing Pagefind) do not replace the
basic theme's: the floor's ``search.html`` is Sphinx's own, which the benchmark's
search measurement (:mod:`benchlib.search`) compares with the book's.

The floor is built with the book's strict options; a floor that fails or warns is
a failure of the run, since a ratio to it would mean nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchlib import runs
from benchlib.results import FloorRow

THEME = "basic"
# Settings that name files relative to the configuration's folder.
_PATH_LISTS = ("html_static_path", "html_extra_path", "templates_path", "bibtex_bibfiles")
_PATHS = ("html_favicon", "html_logo")

OVERLAY = '''"""The floor's configuration (scripts/benchlib/floor.py): the book's, basic theme,
Sphinx's own search."""

from pathlib import Path as _Path

_BOOK = _Path({book!r})
__file__ = str(_BOOK / "conf.py")  # the book's conf.py finds scripts/ beside itself
exec(compile(_BOOK.joinpath("conf.py").read_text(encoding="utf-8"), __file__, "exec"))

html_theme = {theme!r}
html_theme_options = {{}}
html_sidebars = {{}}
blogbook_search = "sphinx"  # Sphinx's search index and page, not Pagefind
templates_path = []  # basic's layout and search page, not the book's


def _in_book(path):
    return path if "://" in path else str(_BOOK / path)


for _name in {path_lists!r}:
    if _name in globals():
        globals()[_name] = [_in_book(_path) for _path in globals()[_name]]
for _name in {paths!r}:
    if globals().get(_name):
        globals()[_name] = _in_book(globals()[_name])
'''


def write_overlay(book: Path, confdir: Path) -> Path:
    confdir.mkdir(parents=True, exist_ok=True)
    text = OVERLAY.format(
        book=str(book.resolve()), theme=THEME, path_lists=_PATH_LISTS, paths=_PATHS
    )
    (confdir / "conf.py").write_text(text, encoding="utf-8")
    return confdir


def measure_floor(book: Path, posts: int) -> FloorRow:
    """A clean ``-j 1`` build of *book*'s converted sources on the basic theme, with
    Sphinx's own search."""
    floor = book / "_build" / "floor"  # _build is outside the book's sources
    shutil.rmtree(floor, ignore_errors=True)
    confdir = write_overlay(book, floor / "conf")
    outdir = floor / "html"
    built = runs.sphinx_build(book, None, outdir=outdir, confdir=confdir, plain=True)
    what = f"floor ({THEME} theme, -j 1), {posts:,} posts"
    return FloorRow(
        posts=posts,
        theme=THEME,
        seconds=built.run.seconds,
        cpu_seconds=built.run.cpu_seconds,
        max_rss_mib=built.run.max_rss_mib,
        returncode=built.run.returncode,
        warnings=built.warnings,
        post_pages=runs.page_sizes(outdir).post_pages,
        failure=runs.failure(built.run, what, warnings=built.warnings),
    )
