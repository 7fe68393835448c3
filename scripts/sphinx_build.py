#!/usr/bin/env python3
"""sphinx-build as ``make html`` runs it: the same command line, the converter alongside
Sphinx's start, and a faster way out.

``--convert=BOOK`` (given before Sphinx's options; BOOK is Sphinx's source folder) runs
the converter (``scripts/convert.py``) on BOOK in a process of its own while Sphinx
starts: imports, configuration, extensions and the pickled environment take about as long
as converting an edited 1,000-post archive (about 0.55 s each), and on two cores neither
waits for the other. The converter starts first, before Sphinx is even imported (0.15 s),
since naming the book is what lets it. Sphinx reads no source before
the conversion has ended, and then shows its messages. A conversion that fails stops the
build before anything is read or written (exit status 1). Sphinx's start reads nothing
the converter writes (the list of moved pages is read once the pages are written, see
``blogbook.sphinxext.config``).

When Sphinx is done, Python would free every object of the build environment one by
one before the process ends: about 4 s after a clean build of 1,000 posts, and as much
after every incremental build, which loads the whole environment. Like mypy, this
flushes the output and ends the process without that (``os._exit``); the operating
system takes the memory back at once. Every file the build writes is closed by then,
and nothing the build needs runs at exit.

Python's garbage collector is off while Sphinx starts: every full collection scans every
object made so far, and loading the environment of 1,000 posts (a million objects) took
0.2 to 0.35 s with it on, 0.08 s with it off. What the start made (modules,
configuration, the loaded environment) lives until the process ends, so it is frozen
(``gc.freeze``) when the build begins, and collections during the build, which are back
on (doctrees hold reference cycles), never scan it again: 0.25 s of an edit of 1,000
posts, and seconds of a clean build, at the same peak memory. Each worker process of a
parallel build freezes, as it starts, all it was forked with: its collections scan only
what it makes, and leave the pages it shares with the main process alone (1.5 CPU s of a
clean build of 1,000 posts).

A parallel build reads in as many chunks as it has processes, the documents dealt to them
in turn, where Sphinx 9 makes chunks of about the square root of ten times a process's
share (20 chunks for 1,350 documents and ``-j 3``). Each reading worker sends the whole
environment back to the main process, and a worker that starts once others have ended
was forked holding their documents: with 20 chunks, the main process unpickled the
environment's records of most documents many times over (about 5 s of a clean build of
1,000 posts). With one chunk per process, every worker starts at once and sends back only
what it read. A clean build of 1,000 posts with ``-j 3``: 21.2-21.9 s -> 19.1-19.3 s, and
4 CPU s less.

Writing is dealt out the same way, to as many workers as ``-j`` gives (the main process
only waits), and each worker resolves its pages as well as writing them. Sphinx's main
process resolves every page itself (loads its doctree, draws the lists that come from
other pages) and forks a worker for each chunk of about 80, which only writes: on two
cores, that one process was the bottleneck, and forking it 17 times copied its memory
page by page. Sphinx keeps resolving in the main process for
``write_doc_serialized``, which feeds its search index (not built here: the book is
searched with Pagefind) and notes the images a page shows, which each worker now sends
back for the main process to copy. A clean build of 1,000 posts with ``-j 3``:
18.9-20.3 s -> 17.3 s, 3 CPU s less, and a third less memory (250 -> 172 MB). Where
Sphinx's search index is fed, page by page in the main process (the book's
``blogbook_search = "sphinx"``), writing is left as Sphinx does it. The output still
names each page as it is written.

An edit's few documents are read in one process (the book's extension sees to it), but
its pages may be many: new opening words of a post change every list that shows them.
``-j`` is back for the writing, which uses the workers from
:data:`WRITE_IN_PARALLEL_FROM` pages on.

    .venv/bin/python scripts/sphinx_build.py --convert=. -n -W -b html . _build/html
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # Sphinx itself is imported once the converter has started
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

CONVERTER = Path(__file__).resolve().parent / "convert.py"
CONVERT = "--convert="
# Pages; fewer are written in one process. The book's search has them written in two
# parts, the pages read again first (every searched page, in a clean build), and each
# part decides for itself (the part written beside Pagefind, by a threshold of its own:
# ``search.WRITE_BESIDE_IN_PARALLEL_FROM``). Measured when the first part was an edit's
# 9 searched pages among 15: the forks cost more than they saved from 4 pages on
# (2.46-2.49 s against 2.30-2.46 s); before the parts, the 15 pages took 2.65-2.8 s in
# one process and 2.35-2.4 s in two.
WRITE_IN_PARALLEL_FROM = 10
# A page drawing charts, in documents, when reading is dealt out: matplotlib's import and
# its charts (0.45 s, and about 0.3 s a chart) against 12 ms a post. In a clean build of
# 1,000 posts, the archive's page and the Care Orders page, dealt to one chunk, made it
# read 1.8 s longer than the other (-j 2): now each goes to a chunk of its own.
HEAVY = 60
CHART_MARKS = ("plot::", "{plot}")  # matplotlib's plot directive, in reST or MyST


class Conversion:
    """The converter, on the book Sphinx is to build, in a process of its own; what it
    says is held in *held* (its output, its errors) until it ends, so that it does not
    run into Sphinx's output."""

    def __init__(self, book: Path, held: tuple[IO[bytes], IO[bytes]]) -> None:
        self.book = book
        self.held = held
        command = [sys.executable, str(CONVERTER), "--root", str(book)]
        self.process = subprocess.Popen(command, stdout=held[0], stderr=held[1])
        self.status: int | None = None

    def finish(self) -> int:
        """Wait for the converter (once), show what it said, and give its exit status."""
        if self.status is None:
            self.status = self.process.wait()
            for held, stream in zip(self.held, (sys.stdout, sys.stderr), strict=True):
                held.seek(0)
                stream.flush()
                stream.buffer.write(held.read())
                stream.flush()
        return self.status


class Stop(BaseException):
    """Out of Sphinx's ``build_main``, which would report an Exception as its own crash:
    the conversion failed."""


def application(conversion: Conversion | None) -> type[Sphinx]:
    """Sphinx, whose ``build`` (the reading of sources, then the writing) waits for
    *conversion*, if any, and freezes what Sphinx's start made; everything before it, in
    the constructor, runs alongside the conversion."""
    from sphinx.application import Sphinx

    class BookSphinx(Sphinx):
        def build(self, force_all: bool = False, filenames: Sequence[Path] = ()) -> None:
            if conversion is not None and conversion.finish() != 0:
                raise Stop
            gc.freeze()
            gc.enable()
            builder = self.builder
            whole_pages = writes_html_pages(builder)
            builder.read = functools.partial(  # type: ignore[method-assign]
                read_in_one_chunk_per_process, self, builder.read, keep_parallel=whole_pages
            )
            if whole_pages:
                builder._write_parallel = functools.partial(  # type: ignore[method-assign]
                    write_in_one_chunk_per_process, builder, builder._write_parallel
                )
            super().build(force_all, filenames)

    return BookSphinx


@contextlib.contextmanager
def collecting_once_started() -> Iterator[None]:
    """No garbage collection until the build begins (see :class:`BookSphinx`)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def one_chunk_per_process(
    docnames: Sequence[str], processes: int, heavy: Set[str] = frozenset()
) -> list[list[str]]:
    """The documents dealt to *processes* chunks in turn, so that each chunk holds its
    share of every kind of page (posts, topics, sources); the *heavy* ones first, one a
    chunk, each counting as :data:`HEAVY` documents, and the others each to the chunk
    with the least to do so far. Each chunk keeps the documents' order."""
    chunks: list[list[str]] = [[] for _ in range(min(processes, len(docnames)))]
    loads = [0] * len(chunks)
    for name in sorted(docnames, key=lambda name: name not in heavy):  # stable
        lightest = loads.index(min(loads))
        chunks[lightest].append(name)
        loads[lightest] += HEAVY if name in heavy else 1
    order = {name: at for at, name in enumerate(docnames)}
    return [sorted(chunk, key=order.__getitem__) for chunk in chunks]


def drawing_charts(app: Sphinx, docnames: Iterable[str]) -> set[str]:
    """The documents among *docnames* whose source holds a chart (matplotlib's plot
    directive), as its text shows. Posts are not read: the converter writes their text
    so that it is never markup. (Reading the 1,350 documents of 1,000 posts took
    46-186 ms before the workers started; the 350 others take 10 ms.)"""
    from blogbook import slugs

    found = set()
    for name in docnames:
        if slugs.is_post_docname(name):
            continue
        try:
            text = app.env.doc2path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # Sphinx says why, as it reads it
        if any(mark in text for mark in CHART_MARKS):
            found.add(name)
    return found


@contextlib.contextmanager
def reading_in_one_chunk_per_process(app: Sphinx) -> Iterator[None]:
    """Sphinx's parallel reading (``Builder._read_parallel``) chunks the documents with
    :func:`one_chunk_per_process`, the pages drawing charts as heavy ones."""
    import sphinx.builders

    module = vars(sphinx.builders)  # make_chunks, as the module imported it
    started_with = module["make_chunks"]
    module["make_chunks"] = lambda docnames, processes, *_: one_chunk_per_process(
        docnames, processes, heavy=drawing_charts(app, docnames)
    )
    try:
        yield
    finally:
        module["make_chunks"] = started_with


def read_in_one_chunk_per_process(
    app: Sphinx, read: Callable[[], list[str]], *, keep_parallel: bool
) -> list[str]:
    """The builder's ``read``, chunked by :func:`one_chunk_per_process`. The book's
    extension reads an edit's few documents in one process (``app.parallel`` set to 1);
    with *keep_parallel*, ``-j`` is back as it was for the writing, which decides for
    itself (:func:`write_in_one_chunk_per_process`)."""
    parallel = app.parallel
    try:
        with reading_in_one_chunk_per_process(app):
            return read()
    finally:
        if keep_parallel:
            app.parallel = parallel


def writes_html_pages(builder: Builder) -> bool:
    """Whether the part of writing a page that Sphinx keeps in the main process
    (``write_doc_serialized``) is the HTML builder's: feeding Sphinx's search index, if it
    builds one, and noting the images the page shows."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    return type(builder).write_doc_serialized is StandaloneHTMLBuilder.write_doc_serialized


def write_in_one_chunk_per_process(
    builder: Builder,
    sphinx_own: Callable[[Sequence[str], int], None],
    docnames: Sequence[str],
    nproc: int,
) -> None:
    """Sphinx's parallel writing (``Builder._write_parallel``) of an HTML builder, each
    worker resolving and writing its chunk of :func:`one_chunk_per_process` whole and
    sending back the images its pages show, which the main process copies. Fewer than
    :data:`WRITE_IN_PARALLEL_FROM` pages are written in this process; where Sphinx's
    search index is fed (in this process), Sphinx writes as it does."""
    if len(docnames) < WRITE_IN_PARALLEL_FROM:
        builder._write_serial(docnames)
    elif getattr(builder, "indexer", None) is not None:
        sphinx_own(docnames, nproc)
    else:
        _write_whole_pages(builder, docnames, processes=nproc + 1)  # the main process waits


def _write_whole_pages(builder: Builder, docnames: Sequence[str], processes: int) -> None:
    from sphinx.locale import __
    from sphinx.util import logging
    from sphinx.util.build_phase import BuildPhase
    from sphinx.util.display import status_iterator
    from sphinx.util.parallel import ParallelTasks

    def write(chunk: Sequence[str]) -> dict[str, str]:
        for docname in chunk:
            builder.phase = BuildPhase.RESOLVING
            doctree = builder.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
            builder.phase = BuildPhase.WRITING
            builder.write_doc_serialized(docname, doctree)
            builder.write_doc(docname, doctree)
        return builder.images

    # A line for each page written, as Sphinx writes one page after another.
    finished: collections.deque[str] = collections.deque()
    message, verbosity = __("writing output... "), builder.config.verbosity
    progress = status_iterator(
        iter(finished.popleft, None), message, "darkgreen", len(docnames), verbosity
    )

    def written(chunk: Sequence[str], images: dict[str, str]) -> None:
        builder.images.update(images)
        finished.extend(chunk)
        for _ in chunk:
            next(progress)

    write(docnames[:1])  # templates compiled and caches filled once, before the forks
    written(docnames[:1], builder.images)
    tasks = ParallelTasks(processes)
    for chunk in one_chunk_per_process(docnames[1:], processes):
        tasks.add_task(write, chunk, written)
    tasks.join()
    logging.getLogger(__name__).info("")


@contextlib.contextmanager
def libraries_faster() -> Iterator[None]:
    """Pages read without two fixed costs of docutils and PyYAML, and the theme's CSS
    selections made without Soup Sieve's parser (see ``blogbook.sphinxext.fastread``
    and ``fastselect``), imported once the converter has started."""
    from blogbook.sphinxext import fastread, fastselect

    with fastread.reading_faster(), fastselect.selecting_faster():
        yield


@contextlib.contextmanager
def constructing(application: type[Sphinx]) -> Iterator[None]:
    """``sphinx.cmd.build.main`` constructs *application* in place of Sphinx."""
    import sphinx.cmd.build

    module = vars(sphinx.cmd.build)  # Sphinx, as the module imported it
    started_with = module["Sphinx"]
    module["Sphinx"] = application
    try:
        yield
    finally:
        module["Sphinx"] = started_with


def build_with_conversion(book: Path, argv: list[str]) -> int:
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        conversion = Conversion(book, (output, errors))
        try:
            status = _build_after(conversion, argv)
        except Stop:
            print("the converter found errors: nothing was built", file=sys.stderr)
            return conversion.finish()
        # Done, or stopped before reading (a configuration error, say): a failed
        # conversion fails the run too, its messages shown now if not before.
        return conversion.finish() or status


def _build_after(conversion: Conversion, argv: list[str]) -> int:
    import sphinx.cmd.build

    try:
        source = Path(sphinx.cmd.build.get_parser().parse_args(argv).sourcedir)
    except SystemExit:  # a command line Sphinx refuses: its message is shown
        conversion.finish()
        raise
    if source.resolve() != conversion.book.resolve():
        conversion.finish()
        print(f"{CONVERT}{conversion.book}: not the source folder ({source})", file=sys.stderr)
        return 2
    with constructing(application(conversion)), libraries_faster():
        return sphinx.cmd.build.main(argv)


def main(argv: Sequence[str]) -> int:
    """``--convert=BOOK`` first, if given; then Sphinx's own command line."""
    arguments = list(argv)
    os.register_at_fork(after_in_child=gc.freeze)  # a build's workers: see the docstring
    with collecting_once_started():
        if arguments and arguments[0].startswith(CONVERT):
            book = Path(arguments[0].removeprefix(CONVERT))
            return build_with_conversion(book, arguments[1:])
        import sphinx.cmd.build

        with constructing(application(None)), libraries_faster():
            return sphinx.cmd.build.main(arguments)


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
