"""Writing a generated file: all of it or none of it, nothing left beside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from blogbook import writer


def test_a_file_is_written_whole_and_replaces_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "posts" / "2014" / "08" / "28-rotherham.md"
    writer.write_atomically(path, "old\n")
    text = "# Rotherham\n\nA line\nand “curly” quotes, no CRLF\n"
    writer.write_atomically(path, text)
    assert path.read_bytes() == text.encode("utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == ["28-rotherham.md"]
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644 & ~umask


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    writer.write_atomically(path, "old\n")
    with pytest.raises(UnicodeEncodeError):
        writer.write_atomically(path, "new text, then a lone surrogate: \ud800\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_a_plan_reads_only_the_pages_that_exist_and_keeps_what_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page the folder does not hold is written without trying to read it; a file that
    is not a page (the list of renamed pages) is read and kept if unchanged."""
    posts = tmp_path / "posts"
    kept, changed, other = posts / "a.md", posts / "b.md", posts / "redirects.json"
    for path, text in ((kept, "a\n"), (changed, "old\n"), (other, "{}\n")):
        writer.write_atomically(path, text)
    outputs = {kept: "a\n", changed: "new\n", other: "{}\n", posts / "2014" / "c.md": "c\n"}
    read: list[str] = []
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        read.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    plan = writer.plan(outputs, [posts])
    assert (plan.writes, plan.removals, plan.unchanged) == (
        (posts / "2014" / "c.md", changed),
        (),
        2,
    )
    assert sorted(read) == ["a.md", "b.md", "redirects.json"]


def test_a_file_that_holds_the_text_already_is_left_alone(tmp_path: Path) -> None:
    """Left alone, a file keeps its inode and time, which is how Pagefind's run and
    Sphinx tell it unchanged; a changed one is replaced whole, its folder made."""
    path = tmp_path / "copies" / "posts" / "a.html"
    writer.write_if_changed(path, "<p>same</p>\n")
    before = path.stat()
    writer.write_if_changed(path, "<p>same</p>\n")
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    writer.write_if_changed(path, "<p>new</p>\n")
    assert path.read_text(encoding="utf-8") == "<p>new</p>\n"
    assert path.stat().st_ino != before.st_ino
