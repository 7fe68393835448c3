"""A book folder for a test or a measurement: the project's pages around an archive.

:func:`copy_book` makes one: the project's hand-written pages, converter and extension,
the archive given, an editorial layer, and the real ``references.bib`` with any extra
entries (synthetic sources) after it. The tests build their books with it too
(``tests/conftest.py``). In the benchmark's books the real archive files and the real
editorial layer stay (topic pages link to real posts, and the editorial layer names
them), and synthetic posts fill the other months.

What the generator needs comes from the project itself: the corpus from the real
archive, topic signals from ``topics/*.md``, cue phrases from the editorial layer
(those not limited to named posts). :func:`with_cues` adds cues to an editorial layer;
:func:`tiny_editorial` is for books of synthetic posts alone: the free-standing cues
and index, and labels.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from benchlib.corpus import Corpus, learn
from benchlib.synth import Sprinkles
from blogbook.editorial import parse_editorial
from blogbook.model import inline_text, paragraphs
from blogbook.parse_text import parse_text_archive
from blogbook.topics import parse_topic_rule

PROJECT = Path(__file__).resolve().parents[2]
BOOK_FILES = ("conf.py", "index.md", "sources.md", "glossary.md", "references.bib")
BOOK_FOLDERS = ("topics", "_static", "_templates", "scripts", "data")


def copy_book(
    destination: Path,
    *,
    archive: Mapping[str, bytes],
    editorial: str | None,
    root: Path = PROJECT,
    scripts: Path | None = None,
    extra_references: str = "",
) -> Path:
    """A book in *destination*; *scripts* replaces the project's converter and extension,
    and *extra_references* (BibTeX entries) follow the real ``references.bib``."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        shutil.copy2(root / name, destination / name)
    for name in BOOK_FOLDERS:
        source = scripts if name == "scripts" and scripts is not None else root / name
        if source.exists():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__")
            )
    if extra_references:
        with (destination / "references.bib").open("a", encoding="utf-8") as bib:
            bib.write("\n% Synthetic sources of the benchmark (scripts/benchlib/sources.py).\n\n")
            bib.write(extra_references)
    (destination / "archive").mkdir()
    write_archive(destination, archive)
    if editorial is not None:
        (destination / "archive" / "editorial.yaml").write_text(editorial, encoding="utf-8")
    return destination


def write_archive(book: Path, archive: Mapping[str, bytes]) -> int:
    """Write the files whose bytes differ; return how many were written."""
    written = 0
    for name, data in archive.items():
        path = book / "archive" / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            written += 1
    return written


def with_cues(editorial: str, cues: Mapping[str, list[dict[str, str]]]) -> str:
    """*editorial* with the source cues *cues* (key -> cues) added to its ``sources:``."""
    data: dict[str, Any] = yaml.safe_load(editorial) or {}
    data["sources"] = {**(data.get("sources") or {}), **cues}
    return _dump(data, "An editorial layer with synthetic sources")


def _dump(data: Mapping[str, Any], what: str) -> str:
    header = f"# {what} (scripts/benchlib/testbook.py).\n"
    return header + yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=100)


def tiny_editorial(real: str, *, labels: Mapping[str, list[str]] | None = None) -> str:
    """The real layer's free-standing source cues and index entries, and *labels*."""
    data: dict[str, Any] = yaml.safe_load(real) or {}
    sources = {}
    for key, cues in (data.get("sources") or {}).items():
        free = [cue for cue in cues if isinstance(cue, str) or "posts" not in cue]
        if free:
            sources[key] = free
    tiny: dict[str, Any] = {"sources": sources, "index": data.get("index") or {}}
    if labels:
        tiny["labels"] = dict(labels)
    return _dump(tiny, "A tiny editorial layer for a synthetic archive")


def real_archive(root: Path = PROJECT) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "archive").glob("*.txt"))}


def real_post_count(root: Path = PROJECT) -> int:
    return sum(
        len(parse_text_archive(data, name).posts) for name, data in real_archive(root).items()
    )


def real_editorial(root: Path = PROJECT) -> str:
    path = root / "archive" / "editorial.yaml"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def load_corpus(root: Path = PROJECT) -> Corpus:
    texts: list[str] = []
    titles: list[str] = []
    for path in sorted((root / "archive").glob("*.txt")):
        for post in parse_text_archive(path.read_bytes(), path.name).posts:
            if post.title is not None:
                titles.append(post.title)
            texts.extend(inline_text(p.inlines) for p in paragraphs(post.blocks))
    return learn(texts, titles)


def load_sprinkles(editorial: str, root: Path = PROJECT) -> Sprinkles:
    topics = []
    for page in sorted((root / "topics").glob("*.md")):
        if page.stem == "index":
            continue
        rule, _ = parse_topic_rule(page.read_text(encoding="utf-8"), page.name, page.stem)
        if rule is not None:
            signals = tuple(signal.rstrip("*") for signal in rule.signals)
            topics.append((rule.slug, signals))
    layer, _ = parse_editorial(editorial, "editorial.yaml")
    cues = tuple(sorted({cue.phrase for cue in layer.cues if not cue.posts}))
    return Sprinkles(topics=tuple(topics), cues=cues)
