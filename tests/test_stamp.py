"""The converter's skip stamp: a run whose inputs are as the last run left them does nothing,
and anything that could change a page makes it run again.

A run that converts says "N posts: ... files written"; a replayed run says "(no input
changed)". Each test changes one thing and watches which of the two the next run says.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blogbook import cli
from conftest import ROOT

ARCHIVE = b"Thursday, 28 August 2014\n\nA title\n\nA paragraph about Ofsted.\n"
REPLAYED = "(no input changed)"


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
