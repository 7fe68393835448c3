"""Writing generated pages: only what changed, atomically, and tidying up.

A file is written only when its bytes differ (so Sphinx's incremental build
re-reads only what changed), through a temporary file renamed over the old
one (so a reader never sees half a page). Generated files that the current
run no longer produces are removed, but only files that carry the generated
marker: a page an editor wrote by hand is never touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from blogbook.frontmatter import GENERATED_BY, yaml_string

# The converter's mark, as the renderer writes it (and, unquoted, as earlier versions did).
MARKERS = (f"generated_by: {yaml_string(GENERATED_BY)}", f"generated_by: {GENERATED_BY}")


@dataclass(frozen=True, kw_only=True)
class Plan:
    writes: tuple[Path, ...]  # new or changed
    removals: tuple[Path, ...]  # generated files no longer produced
    unchanged: int


def is_generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            head = [handle.readline() for _ in range(3)]
    except (OSError, UnicodeDecodeError):
        return False
    return head[0].rstrip("\n") == "---" and any(line.rstrip("\n") in MARKERS for line in head)


def plan(outputs: dict[Path, str], folders: Iterable[Path]) -> Plan:
    """What :func:`apply` would do to make the generated *folders* hold exactly *outputs*."""
    # What the folders hold, listed once: a page not among it is new, and is not read
    # (a first run of 10,000 pages would try and fail 10,000 times).
    found = {path for folder in folders if folder.is_dir() for path in folder.rglob("*.md")}
    writes = []
    unchanged = 0
    for path, text in sorted(outputs.items()):
        if (path in found or path.suffix != ".md") and _holds(path, text):
            unchanged += 1
        else:
            writes.append(path)
    removals = [path for path in sorted(found - set(outputs)) if is_generated(path)]
    return Plan(writes=tuple(writes), removals=tuple(removals), unchanged=unchanged)


def _holds(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except FileNotFoundError:
        return False


def apply(the_plan: Plan, outputs: dict[Path, str], folders: Iterable[Path]) -> None:
    for path in the_plan.writes:
        write_atomically(path, outputs[path])
    tops = list(folders)
    for path in the_plan.removals:
        path.unlink()
        top = next(folder for folder in tops if path.is_relative_to(folder))
        _remove_empty_parents(path.parent, top)


def write_if_changed(path: Path, text: str) -> None:
    """Write *path* atomically unless it already holds *text*: a file left as it was
    keeps its time and inode, which tell readers (Sphinx, Pagefind's run) it is the same."""
    if not _holds(path, text):
        write_atomically(path, text)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Beside the target, so the rename cannot cross file systems; named for this process,
    # so two runs never share one. Plain os.open: tempfile's random names and the chmod
    # after them cost half the time of writing 10,000 pages.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(
            os.open(temporary, flags, 0o644), "w", encoding="utf-8", newline="\n"
        ) as file:
            file.write(text)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
