"""Posts annotated by an earlier run, so that a run annotates only the posts that changed.

Annotating a post (its topics, citations, glossary links and index entries) is most of
the converter's work, and after an edit all but one post are as they were; the archive
files as parsed, the rules as read, the related posts and the pages as rendered are kept
too. Each post's
annotation is kept under a digest of everything it depends on besides the rules: the
post as read, its place in its day, and what the editorial layer says of it
(:class:`blogbook.pages.PostWork`). The rules themselves (editorial layer, topic pages,
glossary, bibliography) and the converter's code are one digest for the whole file:
when it differs, nothing is reused.

The file is build output (``_build/convert-annotations.pickle``), never in the book's
sources; a file that does not read is ignored, and only ever costs a full run.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Annotations:
    rules: str = ""  # the digest of the rules and code the entries were made under
    entries: Mapping[str, Any] = field(default_factory=dict)  # work digest -> annotation
    # The rules as :func:`blogbook.book.read_rules` read them under that digest, with its
    # diagnostics: reading the bibliography and the editorial layer again costs more
    # than loading this whole file.
    rules_read: tuple[Any, tuple[Any, ...]] | None = None
    # Each post page as rendered, under a digest of the page: after an edit, a few pages
    # are rendered again.
    rendered: Mapping[str, str] = field(default_factory=dict)
    # Each archive file as parsed, under a digest of its bytes and how it was read: an
    # edit parses one file again. The posts are the very objects the entries' pages
    # hold, so the file stores each once and loading them costs next to nothing
    # (kept apart, loading 3,000 posts cost as much as parsing them).
    parsed: Mapping[str, Any] = field(default_factory=dict)
    # The related posts' lists, under a digest of all that decides them
    # (:func:`blogbook.related.with_related`): relating every post costs 0.3 s at 3,000.
    related: tuple[str, Mapping[str, tuple[str, ...]]] | None = None


def digest(value: object) -> str:
    """A digest of frozen records of tuples, strings, numbers and dates (which pickle
    writes the same way in every process, unlike sets).

    Pickle's memo is off ("fast" mode), so that the digest depends on the value alone:
    with it, an object met twice is written once, and the same page made in a worker
    (whose strings came back as copies) and in this process would differ.
    """
    written = io.BytesIO()
    pickler = pickle.Pickler(written, protocol=5)
    pickler.fast = True  # no memo; safe here, as records never refer to themselves
    pickler.dump(value)
    return hashlib.sha256(written.getbuffer()).hexdigest()


def rules_digest(rule_inputs: object, code: Iterable[Path]) -> str:
    found = hashlib.sha256(digest(rule_inputs).encode())
    for source in sorted(code):
        found.update(source.read_bytes())
    return found.hexdigest()


def read_annotations(path: Path, rules: str) -> Annotations:
    """The annotations saved at *path*, if they were made under *rules*; else none."""
    try:
        with path.open("rb") as file:
            saved = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return Annotations(rules=rules)
    if not isinstance(saved, Annotations) or saved.rules != rules:
        return Annotations(rules=rules)
    return saved


def write_annotations(path: Path, annotations: Annotations) -> None:
    """Write atomically: an interrupted run leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(annotations, file, protocol=5)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
