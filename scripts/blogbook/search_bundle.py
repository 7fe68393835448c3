"""Pagefind's search bundle: which of its files are in use, and putting them in the site.

Pagefind names the files of an index by a hash of their content (``fragment/en_1a2b.
pf_fragment``) and does not write a file that its output folder already holds. Indexing
into the same folder again is therefore quick (one edited page: one new fragment and the
chunks that changed) where a fresh folder costs a file for every page: on a 1,000-post
book, about 1.3 s against 2.4 s in a build on the README's machine. But Pagefind never
removes a file, so that folder keeps every older index too.

So Pagefind indexes into a staging folder kept between builds (beside the doctrees), and
:func:`publish` copies the index it made into the site:

- the files in use are the fixed-name ones at the top (scripts, styles, WebAssembly,
  ``pagefind-entry.json``), each language's metadata file that the entry names, and the
  hashed files whose hash that metadata holds (:func:`files_in_use`);
- new files go in first (hashed ones as hard links to the staged file where the file
  system allows), ``pagefind-entry.json`` (what a reader's browser reads first)
  last, each replaced at once; only then are the older index's files removed, so an
  interruption leaves the site with an index that works;
- the staging folder keeps only the files in use, so it stays the size of one index.

The metadata is Pagefind's own binary format, read here only for the hashes it holds;
a test checks that a fresh index counts every one of its files as in use, so that a new
Pagefind that changes the format fails there and not in readers' browsers.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

ENTRY = "pagefind-entry.json"
HASHED_FOLDERS = ("fragment", "index", "filter")


def _metadata_names(bundle: Path) -> list[str]:
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    return [f"pagefind.{language['hash']}.pf_meta" for language in entry["languages"].values()]


def files_in_use(bundle: Path) -> set[str]:
    """Paths (relative, with ``/``) of the files the index that *bundle* names uses."""
    metadata_names = _metadata_names(bundle)
    hashes = b"".join(gzip.decompress((bundle / name).read_bytes()) for name in metadata_names)
    used = {
        entry.name
        for entry in os.scandir(bundle)
        if entry.is_file() and not entry.name.endswith(".pf_meta")
    }
    used.update(metadata_names)
    for folder in HASHED_FOLDERS:
        if (bundle / folder).is_dir():
            used.update(
                f"{folder}/{entry.name}"
                for entry in os.scandir(bundle / folder)
                if entry.name.rpartition(".")[0].encode() in hashes
            )
    return used


def _all_files(bundle: Path) -> set[str]:
    """Paths (relative, with ``/``) of every file in *bundle*, as strings: a bundle holds a
    file per page, and ``Path`` objects for them cost 20 ms a listing at 1,000 posts."""
    found: set[str] = set()
    for folder, _, files in os.walk(bundle):
        relative = os.path.relpath(folder, bundle).replace(os.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        found.update(prefix + name for name in files)
    return found


def _is_hashed(name: str) -> bool:
    return "/" in name or name.endswith(".pf_meta")


def _place(source: Path, target: Path) -> None:
    """*target* becomes a copy of *source* at once (a reader never sees half a file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    shutil.copyfile(source, partial)
    partial.replace(target)


def _link(source: Path, target: Path) -> None:
    """*target* becomes *source*'s content by a hard link, which costs no copy: Pagefind
    never writes a hashed file again, so the staged and published names can share it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        target.hardlink_to(source)
    except OSError:  # a file system without links, or the site on another one
        _place(source, target)


def _needs_copy(name: str, staged: Path, published: Path, present: bool) -> bool:
    if not present:
        return True
    # A hashed file's name stands for its content; a fixed-name one must be compared.
    return not _is_hashed(name) and staged.read_bytes() != published.read_bytes()


def publish(staging: Path, site_bundle: Path) -> None:
    """Make *site_bundle* hold exactly the index Pagefind just wrote into *staging*."""
    used = files_in_use(staging)
    published = _all_files(site_bundle)
    for name in sorted(used - {ENTRY}):
        if _needs_copy(name, staging / name, site_bundle / name, name in published):
            put = _link if _is_hashed(name) else _place
            put(staging / name, site_bundle / name)
    _place(staging / ENTRY, site_bundle / ENTRY)
    for name in published - used:
        (site_bundle / name).unlink()
    for name in _all_files(staging) - used:
        (staging / name).unlink()
