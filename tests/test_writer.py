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
