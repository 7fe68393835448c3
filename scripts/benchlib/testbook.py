"""A synthetic book: the project's pages and real archive, and many synthetic posts.

Mirrors ``copy_book`` of ``tests/conftest.py`` (the same files and folders). The
real archive files and the real editorial layer stay in the book (topic pages link
to real posts, and the editorial layer names them), and synthetic posts fill the
other months. What the generator needs comes from the project itself: the corpus
from the real archive, topic signals from ``topics/*.md``, cue phrases from the
editorial layer (those not limited to named posts). :func:`tiny_editorial` is for
books of synthetic posts alone: the free-standing cues and index, and labels.
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
BOOK_FOLDERS = ("topics", "_static", "scripts", "data")


def copy_book(
    destination: Path,
    *,
    archive: Mapping[str, bytes],
    editorial: str | None,
    root: Path = PROJECT,
    scripts: Path | None = None,
) -> Path:
    """A book in *destination*; *scripts* replaces the project's converter and extension."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        shutil.copy2(root / name, destination / name)
    for name in BOOK_FOLDERS:
        source = scripts if name == "scripts" and scripts is not None else root / name
        if source.exists():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__")
            )
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
    header = "# A tiny editorial layer for a synthetic archive (scripts/bench.py).\n"
    return header + yaml.safe_dump(tiny, allow_unicode=True, sort_keys=False, width=100)


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
