"""``make html`` after an edit: the converter alongside Sphinx's start (``--convert=BOOK``).

Sphinx must read what the converter wrote, not what was there when it started; a
failed conversion must stop the build before anything is read; and a post whose page
moves must be built as any edit is, its old address redirected to the new page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

from blogbook.sphinxext import search
from conftest import PLAIN_OUTPUT, ROOT, Build, convert, copy_book, sphinx_build
from sphinx_build import WRITE_IN_PARALLEL_FROM, one_chunk_per_process

pytestmark = pytest.mark.build

OPTIONS = ("-n", "-W", "--keep-going", "-j", "2")


def alongside(book: Path) -> tuple[str, ...]:
    return (f"--convert={book}", *OPTIONS)


SENTENCE = "a deep seated failure to listen to and empathise with children and young people."
ADDED = "A sentence the editor has just added."


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, old
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def test_a_failed_conversion_stops_the_build_before_it_reads(tmp_path: Path) -> None:
    book = copy_book(tmp_path / "src")
    assert convert(book) == 0
    edit(book / "archive" / "editorial.yaml", '"2014-08-28 There', '"2014-08-27 There')
    build = sphinx_build(book, tmp_path / "html", options=alongside(book))
    assert build.returncode == 1, build.output
    assert "archive/editorial.yaml:11: error: no post matches" in build.output
    assert "the converter found errors: nothing was built" in build.output
    assert "reading sources" not in build.output
    assert list((tmp_path / "html").rglob("*.html")) == []


def test_the_converted_book_must_be_the_source_folder(tmp_path: Path) -> None:
    book = copy_book(tmp_path / "src")
    other = tmp_path / "other"
    build = sphinx_build(book, tmp_path / "html", options=(f"--convert={other}", *OPTIONS))
    assert build.returncode == 1, build.output  # the converter had no archive there, too
    assert f"--convert={other}: not the source folder ({book})" in build.output
    assert not (tmp_path / "html").exists()


def test_a_moved_page_is_built_as_an_edit_and_its_old_address_redirects(
    tmp_path: Path,
) -> None:
    book = copy_book(tmp_path / "src")
    assert convert(book) == 0
    html = tmp_path / "html"
    first = sphinx_build(book, html, options=alongside(book))
    assert (first.returncode, first.warnings) == (0, []), first.output
    edit(book / "archive" / "2014-08.txt", SENTENCE, f"{SENTENCE} {ADDED}")
    edit(book / "archive" / "editorial.yaml", "slug: rotherham\n", "slug: rotherham-failures\n")
    build = sphinx_build(book, html, options=alongside(book))
    assert (build.returncode, build.warnings) == (0, []), build.output
    # The moved page is read as a new one and the old one goes; of the rest, only the
    # pages the converter rewrote (the posts that list the moved one among their related
    # posts) and the lists of the month are read again, as after any edit. The list of
    # moved pages once made Sphinx read and write every page.
    updating = re.search(
        r"updating environment: (\d+) added, (\d+) changed, (\d+) removed", build.output
    )
    assert updating is not None, build.output
    added, changed, removed = map(int, updating.groups())
    assert (added, removed) == (1, 1) and changed <= 8 < len(list(book.rglob("*.md"))) // 2
    page = (html / "posts/2014/08/28-rotherham-failures.html").read_text(encoding="utf-8")
    assert ADDED in page
    old_address = (html / "posts/2014/08/28-rotherham.html").read_text(encoding="utf-8")
    assert 'url=28-rotherham-failures.html"' in old_address
    again = sphinx_build(book, html, options=alongside(book))
    assert (again.returncode, again.warnings) == (0, []), again.output
    assert "updating environment: 0 added, 0 changed, 0 removed" in again.output, again.output


def built_with_probe(book: Path, probe: str, options: tuple[str, ...]) -> Path:
    """The real book copied to *book*, converted, built with *probe* appended to its
    conf.py; the HTML folder, beside *book*."""
    copy_book(book)
    assert convert(book) == 0
    with (book / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(probe)
    html = book.parent / "html"
    build = sphinx_build(book, html, options=options)
    assert (build.returncode, build.warnings) == (0, []), build.output
    return html


# Appended to the book's conf.py: what the collector's state is as Sphinx begins to read.
COLLECTION_PROBE = """

def _collection_as_reading_begins(app, env, docnames):
    import gc, json, pathlib

    import sphinx.util.docutils, yaml

    state = {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}
    state["settings"] = type(sphinx.util.docutils._get_settings).__name__
    state["yaml"] = yaml.safe_load.__name__
    from bs4.element import Tag

    state["select"] = (Tag.select.__module__, Tag.select_one.__module__)
    pathlib.Path(app.outdir, "collection.json").write_text(json.dumps(state))


def setup(app):
    app.connect("env-before-read-docs", _collection_as_reading_begins)
"""


@pytest.mark.parametrize("converting", [False, True], ids=["sphinx alone", "converter alongside"])
def test_sphinx_reads_with_collection_on_and_what_its_start_made_frozen(
    tmp_path: Path, converting: bool
) -> None:
    book = tmp_path / "src"
    html = built_with_probe(book, COLLECTION_PROBE, alongside(book) if converting else OPTIONS)
    state = json.loads((html / "collection.json").read_text(encoding="utf-8"))
    assert state["enabled"]  # reading and writing make reference cycles: they are collected
    assert state["frozen"] > 100_000  # Sphinx's modules and configuration, at the least
    # Pages are read with settings made once and front matter read by LibYAML (fastread).
    libyaml = "safe_load_with_libyaml" if yaml.__with_libyaml__ else "safe_load"
    assert (state["settings"], state["yaml"]) == ("SettingsOnce", libyaml)
    # The theme's CSS selections are made without Soup Sieve's parser (fastselect).
    assert state["select"] == ["blogbook.sphinxext.fastselect"] * 2


# Appended to the book's conf.py: which process reads, resolves and writes which
# document, and how many objects a worker's collections still scan just after its fork.
WORKERS_PROBE = """

import os
import pathlib

_forked = {}


def _just_forked():  # after sphinx_build.py's own hook, registered before this file ran
    import gc

    _forked["scanned"] = len(gc.get_objects())


os.register_at_fork(after_in_child=_just_forked)


def _note(app, name, line):
    with pathlib.Path(app.outdir, name).open("a") as noted:
        noted.write(line + "\\n")


def _as_reading_begins(app, env, docnames):
    import json

    state = {"pid": os.getpid(), "docnames": docnames}
    pathlib.Path(app.outdir, "main.json").write_text(json.dumps(state))


def _read(app, doctree):
    _note(app, "read.txt", f"{os.getpid()} {_forked.get('scanned', '-')} {app.env.docname}")


def _resolved(app, doctree, docname):
    _note(app, "resolved.txt", f"{os.getpid()} {docname}")


def _written(app, pagename, templatename, context, doctree):
    if doctree is not None:
        _note(app, "written.txt", f"{os.getpid()} {pagename}")


def setup(app):
    app.connect("env-before-read-docs", _as_reading_begins)
    app.connect("doctree-read", _read)
    app.connect("doctree-resolved", _resolved)
    app.connect("html-page-context", _written)
"""


READ_IN_PARALLEL = """

import blogbook.sphinxext.incremental as _incremental

_incremental.PARALLEL_FROM = 1  # the small real book is read in parallel too
"""


@pytest.fixture(scope="module")
def probed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML folder of a -j 2 build with :data:`WORKERS_PROBE`, read in parallel."""
    book = tmp_path_factory.mktemp("probed") / "src"
    return built_with_probe(book, WORKERS_PROBE + READ_IN_PARALLEL, OPTIONS)


def noted(html: Path, name: str) -> dict[int, list[str]]:
    """What the probe noted in *name*: each process's documents, in the order seen."""
    by_process: dict[int, list[str]] = {}
    for line in (html / name).read_text(encoding="utf-8").splitlines():
        pid, docname = line.split(" ", 1)
        by_process.setdefault(int(pid), []).append(docname)
    return by_process


def test_a_parallel_build_reads_in_one_chunk_per_worker_each_frozen_as_it_starts(
    probed: Path,
) -> None:
    main = json.loads((probed / "main.json").read_text(encoding="utf-8"))
    read: dict[int, list[str]] = {}
    for pid, lines in noted(probed, "read.txt").items():
        assert pid != main["pid"]
        for line in lines:
            scanned, docname = line.split(" ", 1)
            assert int(scanned) < 100  # all it was forked with is frozen
            read.setdefault(pid, []).append(docname)
    docnames = sorted(main["docnames"])
    assert len(docnames) > 40
    # The two pages drawing charts go to a chunk each (matplotlib's import and drawing
    # are dear), the other pages to the two in turn.
    charts = ["posts/index", "topics/care-orders"]
    others = [name for name in docnames if name not in charts]
    expected = [sorted([charts[0], *others[0::2]]), sorted([charts[1], *others[1::2]])]
    assert sorted(map(sorted, read.values())) == expected


def test_heavy_documents_are_dealt_first_and_weigh_as_many() -> None:
    names = [f"d{n:02d}" for n in range(10)]
    assert one_chunk_per_process(names, 2) == [names[0::2], names[1::2]]
    light = [name for name in names if name not in {"d04", "d07"}]
    # Each heavy one outweighs the eight others: they all go to the third chunk.
    assert one_chunk_per_process(names, 3, heavy={"d04", "d07"}) == [["d04"], ["d07"], light]
    many = [f"d{n:03d}" for n in range(200)]
    chunks = one_chunk_per_process(many, 2, heavy={"d150"})
    assert chunks[1][:60] == many[:60] and "d150" in chunks[0]  # the first 60 to the light one
    assert [len(chunk) for chunk in chunks] == [71, 129]  # 70 light ones and 60 for d150
    assert all(chunk == sorted(chunk) for chunk in chunks)
    assert one_chunk_per_process(names[:1], 3) == [["d00"]]


def dealt(first: Iterable[str], rest: Iterable[str]) -> tuple[list[str], list[list[str]]]:
    """Who writes which pages under ``-j 2``: the pages written before Pagefind starts (in
    a clean build, the searched pages), then the rest, each part from
    :data:`WRITE_IN_PARALLEL_FROM` pages on its first page in the main process (before the
    forks, to fill the caches) and the rest dealt to two workers in turn; a smaller part
    in the main process."""
    main: list[str] = []
    workers: list[list[str]] = []
    for part in (sorted(first), sorted(rest)):
        if len(part) < WRITE_IN_PARALLEL_FROM:
            main += part
        else:
            head, *tail = part
            main.append(head)
            workers += [tail[0::2], tail[1::2]]
    return main, workers


def searched_and_others(docnames: Iterable[str]) -> tuple[list[str], list[str]]:
    """A clean build's two parts: the searched pages, written first, and the others."""
    searched = [name for name in docnames if search.kind_of(name)]
    return searched, [name for name in docnames if not search.kind_of(name)]


def test_a_parallel_build_resolves_and_writes_each_page_whole_in_a_worker(probed: Path) -> None:
    main = json.loads((probed / "main.json").read_text(encoding="utf-8"))
    in_main, in_workers = dealt(*searched_and_others(main["docnames"]))
    assert len(in_workers) >= 2
    resolved = noted(probed, "resolved.txt")
    assert resolved.pop(main["pid"]) == in_main
    assert sorted(resolved.values()) == sorted(in_workers)
    written = noted(probed, "written.txt")
    assert written.pop(main["pid"]) == in_main
    assert written == resolved  # each page written where it was resolved, in that order
    # The images the workers' pages show are copied by the main process.
    page = (probed / "topics/care-orders.html").read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*src="\.\./(_images/[^"]+)"', page)
    assert images
    for image in images:
        assert (probed / image).stat().st_size > 1000


def edit_built_with_probe(book: Path, probe: str) -> tuple[Build, dict[str, Any], Path]:
    """The real book built with *probe*, then an editor's edit of a post's title built
    again: the build, the main process's notes and the HTML folder."""
    html = built_with_probe(book, probe, OPTIONS)
    for noted_before in ("main.json", "read.txt", "resolved.txt", "written.txt"):
        (html / noted_before).unlink()
    edit(book / "archive" / "editorial.yaml", "title: Rotherham\n", "title: Rotherham, and after\n")
    assert convert(book) == 0
    build = sphinx_build(book, html, options=OPTIONS)
    assert (build.returncode, build.warnings) == (0, []), build.output
    main = json.loads((html / "main.json").read_text(encoding="utf-8"))
    assert main["docnames"] == ["posts/2014/08/28-rotherham"]
    assert noted(html, "read.txt") == {main["pid"]: [f"- {main['docnames'][0]}"]}  # unforked
    # The page read again is written first, then the pages rewritten for their lists
    # (neighbours, topics, sources, lists by date) while Pagefind runs.
    assert build.written_around_indexing[0] == main["docnames"]
    return build, main, html


def test_an_edit_writes_its_pages_beside_pagefind_in_one_process(tmp_path: Path) -> None:
    """Pagefind takes a core: an edit's few pages written while it runs are written in
    the main process, not in workers that would share the other core."""
    build, main, html = edit_built_with_probe(tmp_path / "src", WORKERS_PROBE)
    first, rest = build.written_around_indexing
    assert WRITE_IN_PARALLEL_FROM <= len(rest) < search.WRITE_BESIDE_IN_PARALLEL_FROM
    assert noted(html, "written.txt") == {main["pid"]: first + sorted(rest)}


# Appended to the book's conf.py: pages written beside Pagefind are as many as a part
# written in workers needs.
WRITTEN_BESIDE_IN_WORKERS = f"""

from blogbook.sphinxext import search

search.WRITE_BESIDE_IN_PARALLEL_FROM = {WRITE_IN_PARALLEL_FROM}
"""


def test_an_edit_read_in_one_process_writes_its_many_pages_in_workers(tmp_path: Path) -> None:
    book = tmp_path / "src"
    build, main, html = edit_built_with_probe(book, WORKERS_PROBE + WRITTEN_BESIDE_IN_WORKERS)
    written = noted(html, "written.txt")
    in_main, in_workers = dealt(*build.written_around_indexing)
    assert len(in_workers) == 2
    assert written.pop(main["pid"]) == in_main
    assert sorted(written.values()) == sorted(in_workers)
    # A line for each page, as Sphinx writes them one by one.
    assert len(build.pages_written) == len(set(build.pages_written))


SPHINX_SEARCH = """

blogbook_search = "sphinx"
"""


def test_where_sphinx_indexes_the_pages_they_are_written_as_sphinx_does(tmp_path: Path) -> None:
    html = built_with_probe(tmp_path / "src", SPHINX_SEARCH + READ_IN_PARALLEL, OPTIONS)
    script = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script.removeprefix("Search.setIndex(").removesuffix(")"))
    pages = {
        path.relative_to(html).with_suffix("").as_posix()
        for path in html.rglob("*.html")
        if path.relative_to(html).parts[0] not in ("_static", "_previews")
    }
    assert set(index["docnames"]) == pages - {"genindex", "search"}
    assert "vermont" in index["terms"]  # and what they say


def make_html(book: Path) -> subprocess.CompletedProcess[str]:
    """``make html`` in *book*, with this test run's Python environment as its .venv."""
    stamp = book / ".venv-installed"
    stamp.touch()  # newer than the requirements: nothing to install
    command = ["make", "-C", str(book), "html", f"BIN={Path(sys.executable).parent}"]
    command.append(f"STAMP={stamp}")
    return subprocess.run(command, capture_output=True, text=True, check=False, env=PLAIN_OUTPUT)


def test_make_html_builds_a_change_with_the_converter_alongside_and_skips_none(
    tmp_path: Path,
) -> None:
    book = copy_book(tmp_path / "src")
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy2(ROOT / name, book / name)
    assert convert(book) == 0  # and the links table lists the posts' addresses
    first = make_html(book)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "build succeeded" in first.stdout
    assert "(no input changed)" in first.stderr  # the converter alongside: nothing to do
    assert "***" not in first.stderr  # the test of the last build failing is no error
    again = make_html(book)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "html: nothing changed since the last build" in again.stdout
    assert "(no input changed)" in again.stderr  # the converter ran, alone, and wrote nothing
    edit(book / "archive" / "2014-08.txt", SENTENCE, f"{SENTENCE} {ADDED}")
    edited = make_html(book)
    output = edited.stdout + edited.stderr
    assert edited.returncode == 0, output
    assert "8 posts: 1 files written" in output
    assert "1 changed" in output and "build succeeded" in output
    page = book / "_build" / "html" / "posts" / "2014" / "08" / "28-rotherham.html"
    assert ADDED in page.read_text(encoding="utf-8")
