"""The command line's contract: exit codes, writes, checks and bad input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from blogbook import cli
from blogbook.parse_text import parse_text_archive
from blogbook.render import render_blocks
from conftest import ROOT

SEED = (ROOT / "archive" / "2014-08.txt").read_bytes()
SMALL = b"Thursday, 28 August 2014\n\nA title\n\nA paragraph.\n"


def book_with(tmp_path: Path, archive: bytes, name: str = "2014-08.txt") -> Path:
    (tmp_path / "archive").mkdir(parents=True, exist_ok=True)
    (tmp_path / "archive" / name).write_bytes(archive)
    return tmp_path


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(book: Path, *args: str) -> int:
    return cli.main(["--root", str(book), *args])


def test_help_explains_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for flag in (
        "--out",
        "--editorial",
        "--check",
        "--dry-run",
        "--strict",
        "--format",
        "--drafts",
        "--sources-report",
    ):
        assert flag in out
    assert "file:line: error: message [code]" in out


def test_second_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = book_with(tmp_path, SEED)
    assert run(book) == 0
    first = tree(book / "posts")
    assert run(book) == 0
    assert "0 files written, 0 removed" in capsys.readouterr().err
    assert tree(book / "posts") == first
    assert run(book, "--check") == 0


def test_check_and_dry_run_report_without_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = book_with(tmp_path, SMALL)
    assert run(book, "--check") == 1
    assert not (book / "posts").exists()
    assert capsys.readouterr().out.splitlines() == [
        "would write posts/2014/08/28-a-title.md",
        "would write posts/2014/08/index.md",
        "would write posts/2014/index.md",
        "would write posts/index.md",
    ]
    assert run(book, "--dry-run") == 0
    assert not (book / "posts").exists()


def test_bad_input_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = book_with(tmp_path, SEED)
    assert run(book) == 0
    before = tree(book / "posts")
    capsys.readouterr()
    (book / "archive" / "2014-09.txt").write_bytes(
        b"Tuesday, 31 September 2014\n\nA title\n\nText.\n"
    )
    assert run(book) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "archive/2014-09.txt:1: error: impossible date 31 September 2014 [bad-date]"
    )
    assert tree(book / "posts") == before


def test_stale_generated_pages_are_removed_and_hand_written_ones_kept(tmp_path: Path) -> None:
    book = book_with(tmp_path, SMALL)
    assert run(book) == 0
    (book / "posts" / "notes.md").write_text("# Written by hand\n", encoding="utf-8")
    (book / "archive" / "2014-08.txt").write_bytes(SMALL.replace(b"A title", b"Another title"))
    assert run(book) == 0
    assert sorted(tree(book / "posts")) == [
        "2014/08/28-another-title.md",
        "2014/08/index.md",
        "2014/index.md",
        "index.md",
        "notes.md",
        "redirects.json",  # the old title's page redirects to the new one
    ]


def test_adding_a_post_renames_no_page(tmp_path: Path) -> None:
    book = book_with(tmp_path, SEED)
    assert run(book) == 0
    before = set(tree(book / "posts"))
    added = SEED.replace(
        b"Thursday, 14 August 2014\n\n",
        b"Thursday, 14 August 2014\n\nA new post on the same day\n\nIts text.\n\n",
    )
    (book / "archive" / "2014-08.txt").write_bytes(added)
    assert run(book) == 0
    after = set(tree(book / "posts"))
    assert before <= after
    assert after - before == {"2014/08/14-a-new-post-on-the-same-day.md"}


def test_strict_turns_warnings_into_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = book_with(tmp_path, SEED)  # its first post has no title and no editorial layer here
    assert run(book, "--strict") == 1
    assert not (book / "posts").exists()
    assert "[untitled-post]" in capsys.readouterr().err
    assert run(book) == 0


def test_files_given_convert_into_out_without_the_editorial_layer(tmp_path: Path) -> None:
    def notes() -> dict[str, int]:
        names = ("convert-stamp.json", "convert-annotations.pickle")
        paths = [ROOT / "_build" / name for name in names]
        return {path.name: path.stat().st_mtime_ns for path in paths if path.exists()}

    before = notes()
    source = tmp_path / "elsewhere.txt"
    source.write_bytes(SEED)
    out = tmp_path / "out"
    assert cli.main([str(source), "--out", str(out)]) == 0
    assert (out / "2014" / "08" / "28-there-seems-little-doubt-that-a-primary-cause.md").exists()
    editorial = tmp_path / "editorial.yaml"
    editorial.write_text(
        'posts:\n  "2014-08-28 There seems":\n    slug: rotherham\n', encoding="utf-8"
    )
    assert cli.main([str(source), "--out", str(out), "--editorial", str(editorial)]) == 0
    assert (out / "2014" / "08" / "28-rotherham.md").exists()
    assert not (
        out / "2014" / "08" / "28-there-seems-little-doubt-that-a-primary-cause.md"
    ).exists()
    assert notes() == before  # the project's notes for its next run are left alone


def test_files_need_out(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["archive/2014-08.txt"])
    assert exit_info.value.code == 2
    assert "--out is required" in capsys.readouterr().err


def test_no_archive_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "archive").mkdir()
    assert run(tmp_path) == 1
    assert (
        capsys.readouterr().err
        == "archive:1: error: no archive files (archive/*.txt, *.xml, *.atom) [no-archive]\n"
    )


# --- bytes: encodings and line endings ---------------------------------------------------


def test_not_utf8_says_where() -> None:
    data = b"Thursday, 28 August 2014\n\nA title\n\nCaf\xe9 society.\n"
    result = parse_text_archive(data, "archive/x.txt")
    assert result.posts == ()
    assert [d.format() for d in result.diagnostics] == [
        "archive/x.txt:5: error: not UTF-8: byte 0xE9 at column 4; save the file as UTF-8 [not-utf8]"
    ]


@pytest.mark.parametrize(
    "variant",
    [
        SEED.replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + SEED,
        b"\xef\xbb\xbf" + SEED.replace(b"\n", b"\r\n"),
        SEED.replace(b"\n", b"\r"),
        SEED.replace(b"\n\n", b"\n   \n"),
        # Not under a date header, where the number of blank lines tells a title line.
        re.sub(rb"(?<!2014)\n\n", b"\n\n\n", SEED),
    ],
    ids=["crlf", "bom", "bom-crlf", "cr", "spaces-as-blank", "two-blank-lines-in-posts"],
)
def test_layout_variants_read_the_same(variant: bytes) -> None:
    expected = parse_text_archive(SEED, "a.txt").posts
    posts = parse_text_archive(variant, "a.txt").posts
    # Line numbers may differ; dates, titles and text may not.
    assert [(p.date, p.title, render_blocks(p.blocks)) for p in posts] == [
        (p.date, p.title, render_blocks(p.blocks)) for p in expected
    ]


def test_control_characters_are_errors() -> None:
    result = parse_text_archive(b"Thursday, 28 August 2014\n\nA title\n\nBell\x07 here.\n", "a.txt")
    assert [d.format() for d in result.diagnostics] == [
        "a.txt:5: error: control character U+0007 is not text [control-character]"
    ]


def test_real_archive_is_in_sync_with_posts() -> None:
    """posts/ in the repository is exactly what the converter makes of archive/."""
    assert cli.main(["--check", "--strict"]) == 0


def test_copy_of_project_converts_identically(tmp_path: Path) -> None:
    """Byte-identical output wherever the book lives."""
    book = tmp_path / "copy"
    shutil.copytree(ROOT / "archive", book / "archive")
    for name in ("topics",):
        shutil.copytree(ROOT / name, book / name)
    for name in ("glossary.md", "references.bib"):
        shutil.copy2(ROOT / name, book / name)
    assert run(book, "--strict") == 0
    assert tree(book / "posts") == tree(ROOT / "posts")


EXPORT = (ROOT / "tests" / "fixtures" / "blogger" / "classic.xml").read_bytes()


def test_format_forces_a_reader(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = book_with(tmp_path, SMALL)
    assert run(book, "--format", "blogger") == 1
    assert "[export-not-xml]" in capsys.readouterr().err
    (book / "archive" / "2014-08.txt").unlink()
    book = book_with(tmp_path, EXPORT, name="blog.xml")
    assert run(book, "--format", "text") == 1
    assert "[text-before-date]" in capsys.readouterr().err
    assert run(book) == 0  # detected from the content otherwise
    assert not (book / "posts" / "2014" / "08" / "20-notes-for-a-later-post.md").exists()
    assert run(book, "--drafts") == 0  # drafts come in when asked
    assert (book / "posts" / "2014" / "08" / "20-notes-for-a-later-post.md").exists()


def test_check_exits_1_on_drift_and_dry_run_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = book_with(tmp_path, SMALL)
    assert run(book) == 0
    page = book / "posts" / "2014" / "08" / "28-a-title.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    before = tree(book)
    capsys.readouterr()
    assert run(book, "--check") == 1
    assert capsys.readouterr().out == "would write posts/2014/08/28-a-title.md\n"
    assert run(book, "--dry-run") == 0
    assert capsys.readouterr().out == "would write posts/2014/08/28-a-title.md\n"
    assert tree(book) == before
