"""The converter's skip stamp: a run whose inputs are as the last run left them does nothing,
and anything that could change a page makes it run again.

A run that converts says "N posts: ... files written"; a replayed run says "(no input
changed)". Each test changes one thing and watches which of the two the next run says.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from blogbook import book as book_mod
from blogbook import cli, forked, pages, related
from blogbook.annotations import Annotations
from blogbook.book import Inputs
from blogbook.diagnostics import Diagnostic
from blogbook.model import ParseResult
from blogbook.pages import PostPage
from conftest import ROOT

ARCHIVE = b"Thursday, 28 August 2014\n\nA title\n\nA paragraph about Ofsted.\n"
REPLAYED = "(no input changed)"
ANNOTATE_ALL = pages._annotate_all
READ_RULES = book_mod.read_rules
RENDER_POST = book_mod.render_post
RELATED_POSTS = related.related_posts
PARSE_ARCHIVE = book_mod.parse_archive
CONVERT_BOOK = book_mod.convert_book
WRITE_ANNOTATIONS = cli.write_annotations


def run(book: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = cli.main(["--root", str(book), *args])
    return status, capsys.readouterr().err


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A book converted once, so that a second run could replay."""
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "2014-08.txt").write_bytes(ARCHIVE)
    (tmp_path / "archive" / "editorial.yaml").write_text("posts: {}\n", encoding="utf-8")
    (tmp_path / "topics").mkdir()
    shutil.copy2(ROOT / "topics" / "ofsted.md", tmp_path / "topics" / "ofsted.md")
    (tmp_path / "glossary.md").write_text("# Glossary\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text(
        "@misc{a2014b,\n  kind = {other},\n  title = {A},\n}\n", encoding="utf-8"
    )
    assert run(tmp_path, capsys)[0] == 0
    status, err = run(tmp_path, capsys)
    assert (status, REPLAYED in err) == (0, True)  # nothing changed: replayed
    return tmp_path


def test_a_page_deleted_or_edited_by_hand_is_restored(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = book / "posts" / "2014" / "08" / "28-a-title.md"
    original = page.read_text(encoding="utf-8")
    page.unlink()
    status, err = run(book, capsys)
    assert (status, REPLAYED in err, page.read_text(encoding="utf-8")) == (0, False, original)
    page.write_text(original.replace("Ofsted", "Ofstad"), encoding="utf-8")
    status, err = run(book, capsys)
    assert (status, REPLAYED in err, page.read_text(encoding="utf-8")) == (0, False, original)


def test_a_run_with_nothing_to_do_loads_none_of_the_converters_modules(book: Path) -> None:
    """``make html`` with nothing changed runs the converter to replay its report: it
    should not load the modules that convert (0.1 s instead of 0.25 s)."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); from blogbook.cli import main; "
        "status = main(['--root', sys.argv[2]]); "
        "print(status, sorted(m for m in ('blogbook.book', 'blogbook.pages') if m in sys.modules))"
    )
    command = [sys.executable, "-c", probe, str(ROOT / "scripts"), str(book)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert REPLAYED in done.stderr
    assert done.stdout.strip() == "0 []"


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("archive/editorial.yaml", "posts: {}", "posts: {}\n# a comment"),
        ("topics/ofsted.md", "signals: [", "signals: [Ofstad, "),
        ("glossary.md", "# Glossary", "# The glossary"),
        ("references.bib", "title = {A}", "title = {B}"),
        ("archive/2014-08.txt", "about Ofsted", "about Ofsted and Cafcass"),
    ],
)
def test_every_input_file_counts(
    book: Path, capsys: pytest.CaptureFixture[str], name: str, old: str, new: str
) -> None:
    path = book / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    status, err = run(book, capsys)
    assert (status, REPLAYED in err) == (0, False)


def test_the_converters_own_code_counts(
    book: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code = tmp_path_factory.mktemp("code")
    for source in cli.CODE_FOLDER.glob("*.py"):
        shutil.copy2(source, code / source.name)
    monkeypatch.setattr(cli, "CODE_FOLDER", code)
    assert REPLAYED in run(book, capsys)[1]  # the same code: replayed
    with (code / "render.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a change to the renderer\n")
    assert REPLAYED not in run(book, capsys)[1]


def test_strict_counts_and_the_stamp_never_hides_a_problem(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = book / "archive" / "2014-08.txt"
    archive.write_bytes(ARCHIVE.replace(b"\n\nA title\n", b"\n\n\n"))  # an untitled post
    status, err = run(book, capsys)
    warning = "archive/2014-08.txt:5: warning: post of 28 August 2014 has no title"
    assert (status, warning in err) == (0, True)
    status, err = run(book, capsys)
    assert (status, REPLAYED in err, warning in err) == (0, True, True)  # replayed, warning too
    status, err = run(book, capsys, "--strict")
    assert (status, REPLAYED in err, warning in err) == (1, False, True)
    archive.write_bytes(ARCHIVE.replace(b"28 August", b"31 September"))
    for _ in range(2):  # an error is reported on every run, never replayed away
        status, err = run(book, capsys)
        assert (status, "impossible date 31 September 2014 [bad-date]" in err) == (1, True)


# --- annotations kept from the last run ----------------------------------------------------


def annotated_by_run(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[int]:
    """Convert *book*; how many posts were annotated afresh (not reused)."""
    made: list[int] = []

    def counted(
        work: list[pages.PostWork], rules: pages.Rules
    ) -> list[tuple[str, pages.Annotated]]:
        made.append(len(work))
        return ANNOTATE_ALL(work, rules)

    monkeypatch.setattr(pages, "_annotate_all", counted)
    assert run(book, capsys)[0] == 0
    return made


def pages_of(book: Path) -> dict[str, str]:
    return {
        path.relative_to(book).as_posix(): path.read_text(encoding="utf-8")
        for folder in ("posts", "sources")
        for path in sorted((book / folder).rglob("*.md"))
    }


def test_a_run_annotates_only_the_posts_that_changed(
    synthetic_book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = tmp_path / "book"
    shutil.copytree(synthetic_book, book, ignore=shutil.ignore_patterns("_build"))
    first = annotated_by_run(book, capsys, monkeypatch)
    [month] = [
        p for p in sorted((book / "archive").glob("*.txt")) if "Ofsted" in p.read_text("utf-8")
    ][:1]
    text = month.read_text(encoding="utf-8")
    month.write_text(text.replace("Ofsted", "Ofsted, the inspectorate,", 1), encoding="utf-8")
    second = annotated_by_run(book, capsys, monkeypatch)
    fresh = tmp_path / "fresh"
    shutil.copytree(book, fresh, ignore=shutil.ignore_patterns("_build", "posts", "sources"))
    assert annotated_by_run(fresh, capsys, monkeypatch) == first
    assert (first[0] > 40, second) == (True, [1])
    assert pages_of(book) == pages_of(fresh)  # reused annotations change nothing


def test_annotations_are_made_again_when_a_rule_changes_or_the_file_is_broken(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = book / "archive" / "2014-08.txt"
    archive.write_bytes(ARCHIVE + b"\nWednesday, 27 August 2014\n\nAnother title\n\nWords.\n")
    assert annotated_by_run(book, capsys, monkeypatch) == [1]  # the new post alone
    (book / "_build" / "convert-stamp.json").unlink()  # so that the run is not replayed
    assert annotated_by_run(book, capsys, monkeypatch) == [0]  # every post known
    topic = book / "topics" / "ofsted.md"
    topic.write_text(topic.read_text("utf-8").replace("Ofsted", "OFSTED", 1), encoding="utf-8")
    assert annotated_by_run(book, capsys, monkeypatch) == [2]  # a rule changed: all again
    (book / "_build" / "convert-annotations.pickle").write_bytes(b"not a pickle")
    (book / "_build" / "convert-stamp.json").unlink()
    assert annotated_by_run(book, capsys, monkeypatch) == [2]  # unreadable: all again


def test_the_rules_are_read_again_only_when_they_change(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []

    def counted(inputs: Inputs) -> tuple[pages.Rules, list[Diagnostic]]:
        reads.append(inputs.topic_pages[0][0])
        return READ_RULES(inputs)

    monkeypatch.setattr(book_mod, "read_rules", counted)
    archive = book / "archive" / "2014-08.txt"
    assert run(book, capsys)[0] == 0
    first = pages_of(book)
    archive.write_bytes(ARCHIVE.replace(b"Ofsted", b"Ofsted, the inspectorate,", 1))
    assert run(book, capsys)[0] == 0
    assert reads == []  # the post changed, the rules did not: those of the first run kept
    assert pages_of(book) != first
    archive.write_bytes(ARCHIVE)
    assert (run(book, capsys)[0], pages_of(book)) == (0, first)  # kept rules, same pages
    topic = book / "topics" / "ofsted.md"
    topic.write_text(topic.read_text("utf-8").replace("Ofsted", "OFSTED", 1), encoding="utf-8")
    assert run(book, capsys)[0] == 0
    assert reads == ["topics/ofsted.md"]  # a rule changed: read again


def test_a_page_is_rendered_again_only_when_it_changes(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []

    def counted(page: pages.PostPage) -> str:
        rendered.append(page.docname)
        return RENDER_POST(page)

    monkeypatch.setattr(book_mod, "render_post", counted)
    (book / "_build" / "convert-stamp.json").unlink()  # so that the run is not replayed
    assert run(book, capsys)[0] == 0
    assert rendered == []  # the page is as the first run rendered it
    archive = book / "archive" / "2014-08.txt"
    archive.write_bytes(ARCHIVE.replace(b"A paragraph", b"One paragraph"))
    assert run(book, capsys)[0] == 0
    assert rendered == ["posts/2014/08/28-a-title"]
    [page] = (book / "posts").rglob("28-*.md")
    assert "One paragraph about Ofsted." in page.read_text(encoding="utf-8")


TWO_POSTS = (
    b"Wednesday, 27 August 2014\n\nFirst\n\nOfsted came. The inspection was hard on Ofsted's terms.\n\n"
    b"Thursday, 28 August 2014\n\nSecond\n\nA paragraph about Ofsted and its inspectors, and inspections.\n"
)


def test_related_posts_are_found_again_only_when_what_decides_them_changes(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[int] = []

    def counted(pages: Sequence[PostPage]) -> dict[str, tuple[str, ...]]:
        computed.append(len(pages))
        return RELATED_POSTS(pages)

    monkeypatch.setattr(related, "related_posts", counted)
    archive = book / "archive" / "2014-08.txt"
    archive.write_bytes(TWO_POSTS)
    assert run(book, capsys)[0] == 0
    assert computed == [2]
    first = (book / "posts" / "2014" / "08" / "27-first.md").read_text(encoding="utf-8")
    assert "posts/2014/08/28-second" in first  # related by their topic
    archive.write_bytes(TWO_POSTS.replace(b"A paragraph", b"One paragraph"))
    assert run(book, capsys)[0] == 0
    assert computed == [2]  # a sentence changed, no topic, term or source: lists kept
    assert (book / "posts" / "2014" / "08" / "27-first.md").read_text("utf-8") == first
    archive.write_bytes(
        TWO_POSTS.replace(b"about Ofsted and its inspectors, and inspections", b"about lunch")
    )
    assert run(book, capsys)[0] == 0
    assert computed == [2, 2]  # the second post left the topic: found again
    assert "28-second" not in (book / "posts" / "2014" / "08" / "27-first.md").read_text("utf-8")


def test_an_archive_file_is_parsed_again_only_when_it_changes(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []

    def counted(data: bytes, path: str, **how: Any) -> ParseResult:
        parsed.append(path)
        return PARSE_ARCHIVE(data, path, **how)

    monkeypatch.setattr(book_mod, "parse_archive", counted)
    (book / "archive" / "2014-09.txt").write_bytes(
        ARCHIVE.replace(b"Thursday, 28 August", b"Sunday, 28 September")
    )
    assert run(book, capsys)[0] == 0
    assert parsed == ["archive/2014-09.txt"]  # the new file; August's is as it was
    archive = book / "archive" / "2014-08.txt"
    archive.write_bytes(ARCHIVE.replace(b"A paragraph", b"One paragraph"))
    assert run(book, capsys)[0] == 0
    assert parsed == ["archive/2014-09.txt", "archive/2014-08.txt"]
    [page] = (book / "posts" / "2014" / "08").glob("28-*.md")
    assert "One paragraph about Ofsted." in page.read_text(encoding="utf-8")
    # The posts as parsed are the very objects the pages hold, so the file keeps each once.
    kept = pickle.loads((book / "_build" / "convert-annotations.pickle").read_bytes())
    assert isinstance(kept, Annotations) and len(kept.parsed) == 2
    held = {id(page.post) for page, _, _ in kept.entries.values()}
    assert {id(post) for result in kept.parsed.values() for post in result.posts} == held


def test_a_large_books_notes_are_written_beside_its_pages(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From forked.MANY posts on, the notes are pickled by a forked copy of the run while
    the run writes the pages; they land only if the run succeeds, and nothing is left
    half-written either way."""
    monkeypatch.setattr(forked, "MANY", 1)
    monkeypatch.setattr(forked, "cores", lambda: 2)
    notes = book / "_build" / "convert-annotations.pickle"
    writers: list[int] = []

    def noted(path: Path, annotations: Annotations) -> None:
        (book / "writer.pid").write_text(str(os.getpid()), encoding="utf-8")
        WRITE_ANNOTATIONS(path, annotations)

    monkeypatch.setattr(cli, "write_annotations", noted)
    archive = book / "archive" / "2014-08.txt"
    archive.write_bytes(ARCHIVE.replace(b"A paragraph", b"One paragraph"))
    before = notes.read_bytes()
    monkeypatch.setattr(cli, "write", lambda conversion, options: 1)  # the pages fail
    assert run(book, capsys)[0] == 1
    writers.append(int((book / "writer.pid").read_text(encoding="utf-8")))
    assert notes.read_bytes() == before
    monkeypatch.undo()
    monkeypatch.setattr(forked, "MANY", 1)
    monkeypatch.setattr(forked, "cores", lambda: 2)
    monkeypatch.setattr(cli, "write_annotations", noted)
    assert run(book, capsys)[0] == 0
    writers.append(int((book / "writer.pid").read_text(encoding="utf-8")))
    assert os.getpid() not in writers
    kept = pickle.loads(notes.read_bytes())
    [page] = (page for page, _, _ in kept.entries.values())
    assert "One paragraph" in str(page.post)
    assert sorted(path.name for path in notes.parent.iterdir()) == [
        "convert-annotations.pickle",
        "convert-stamp.json",
    ]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_run_collects_no_cycles_and_leaves_the_collector_as_it_was(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    during: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        during.append(gc.isenabled())
        return CONVERT_BOOK(*args, **kwargs)

    monkeypatch.setattr(book_mod, "convert_book", watched)
    (book / "_build" / "convert-stamp.json").unlink()  # so that the run converts
    (gc.enable if enabled else gc.disable)()
    try:
        assert run(book, capsys)[0] == 0
        assert (during, gc.isenabled()) == ([False], enabled)
    finally:
        gc.enable()


def test_a_digest_depends_on_the_value_alone() -> None:
    """Equal records digest alike whether or not they share their parts (a page made in
    a worker comes back with copies of strings this process holds once)."""
    from blogbook.annotations import digest

    word = "".join(["Ofs", "ted"])
    assert word is not "Ofsted"  # noqa: F632 (the point: two objects, one value)
    assert digest((word, word)) == digest(("Ofsted", word)) == digest(("Ofsted", "Ofsted"))


def test_a_page_digest_counts_its_post_by_its_work_key() -> None:
    """A page carries the digest of its post's work (the annotation's key), which stands
    for the post in the page's digest: any other change of the page changes it."""
    from dataclasses import replace

    from blogbook.book import convert_book

    conversion = convert_book(Inputs(archives=(("archive/2014-08.txt", TWO_POSTS),)))
    keys = [page.work_key for page in conversion.pages]
    assert keys == list(conversion.annotations.entries) and all(keys)
    page = conversion.pages[0]
    other_post = replace(page.post, title="Another")
    assert pages.page_digest(replace(page, post=other_post)) == pages.page_digest(page)
    for changed in (
        replace(page, work_key=keys[1]),
        replace(page, title="Another"),
        replace(page, related=(*page.related, "posts/2014/08/29-another")),
        replace(page, post=other_post, work_key=""),  # without a key, the post counts itself
    ):
        assert pages.page_digest(changed) != pages.page_digest(page)
