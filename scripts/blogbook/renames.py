"""Published addresses never change silently: renamed post pages, and redirects to them.

A post's page name comes from its title in the archive, so correcting that title moves
the page. When a run would remove a generated post page and write a new one for the
same post, :func:`find_renames` pairs them: same day, and the same text under the
title, or else the same place in the archive, or else the only page gone and the only
page new that day. Each rename is reported (with the ``slug:`` that would keep the old
address) and recorded in ``posts/redirects.json`` (old page -> new page), which
``conf.py`` hands to sphinx-reredirects, so that the old address leads to the new page.
The record keeps every address the book once had, as long as its post is in the book.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from blogbook import diagnostics as diag
from blogbook import slugs
from blogbook.diagnostics import Code, Diagnostic

REDIRECTS_FILE = "redirects.json"  # in the posts folder
_FIELD = re.compile(r'^(archive_file|archive_line): "?(.*?)"?$', re.MULTILINE)
_HEADING = re.compile(r"^# .*$", re.MULTILINE)


@dataclass(frozen=True, kw_only=True)
class Rename:
    old: str  # docname of the page that goes
    new: str  # docname of the page that replaces it
    origin: tuple[str, int]  # where the post is in the archive


@dataclass(frozen=True, kw_only=True)
class _Page:
    docname: str
    day: str  # posts/YYYY/MM/DD
    body: str  # everything under the title
    origin: tuple[str, int]


def _read_page(docname: str, text: str) -> _Page:
    fields = dict(_FIELD.findall(text.split("\n---\n", 1)[0]))
    heading = _HEADING.search(text)
    return _Page(
        docname=docname,
        day=docname[: len("posts/YYYY/MM/DD")],
        body=text[heading.end() :] if heading else text,
        origin=(fields.get("archive_file", ""), int(fields.get("archive_line") or 0)),
    )


def find_renames(removed: Mapping[str, str], added: Mapping[str, str]) -> tuple[Rename, ...]:
    """Pairs of a post page that goes (*removed*: docname -> its text) and the new page
    (*added*: docname -> text) that shows the same post."""
    gone = [_read_page(name, text) for name, text in sorted(removed.items())]
    new = [_read_page(name, text) for name, text in sorted(added.items())]
    renames: list[Rename] = []
    for same in (_same_body, _same_origin, _only_ones):
        for old_page in list(gone):
            match = next((page for page in new if same(old_page, page, gone, new)), None)
            if match is not None:
                renames.append(Rename(old=old_page.docname, new=match.docname, origin=match.origin))
                gone.remove(old_page)
                new.remove(match)
    return tuple(sorted(renames, key=lambda rename: rename.old))


def _same_body(old: _Page, new: _Page, gone: list[_Page], added: list[_Page]) -> bool:
    return old.day == new.day and old.body == new.body


def _same_origin(old: _Page, new: _Page, gone: list[_Page], added: list[_Page]) -> bool:
    return old.day == new.day and old.origin == new.origin


def _only_ones(old: _Page, new: _Page, gone: list[_Page], added: list[_Page]) -> bool:
    same_day = [page for page in gone if page.day == old.day]
    return old.day == new.day and len(same_day) == 1 and [p.day for p in added].count(new.day) == 1


def rename_warnings(renames: Iterable[Rename]) -> list[Diagnostic]:
    warnings = []
    for rename in renames:
        old_slug = rename.old.rsplit("/", 1)[1].split("-", 1)[1]
        message = (
            f"the post's page moves from {rename.old} to {rename.new}, as its title changed; "
            f"the old address will redirect to the new page (posts/{REDIRECTS_FILE}). "
            f"To keep the old address instead, give the post 'slug: {old_slug}' in the "
            "editorial file"
        )
        path, line = rename.origin
        warnings.append(diag.warning(Code.PAGE_RENAMED, path, line, message))
    return warnings


def updated_redirects(
    previous: Mapping[str, str], renames: Iterable[Rename], pages: Iterable[str]
) -> dict[str, str]:
    """Old docname -> current docname: *previous* with *renames* added, every target
    followed to the page that exists now, and no redirect away from an existing page."""
    redirects = dict(previous)
    for rename in renames:
        redirects[rename.old] = rename.new
    current = set(pages)
    resolved = {}
    for old, target in redirects.items():
        seen = {old}
        while target in redirects and target not in seen and target not in current:
            seen.add(target)
            target = redirects[target]
        if old not in current and slugs.is_post_docname(old) and target in current:
            resolved[old] = target
    return dict(sorted(resolved.items()))


def read_redirects(text: str) -> dict[str, str]:
    data = json.loads(text)
    return {str(old): str(new) for old, new in data.items()} if isinstance(data, dict) else {}


def redirects_text(redirects: Mapping[str, str]) -> str:
    return json.dumps(dict(sorted(redirects.items())), indent=2, ensure_ascii=False) + "\n"


def load_redirects(posts: Path) -> dict[str, str]:
    """``redirects`` for sphinx-reredirects, from the posts folder's record (for conf.py)."""
    path = posts / REDIRECTS_FILE
    if not path.exists():
        return {}
    return sphinx_redirects(read_redirects(path.read_text(encoding="utf-8")))


def sphinx_redirects(redirects: Mapping[str, str]) -> dict[str, str]:
    """The ``redirects`` of sphinx-reredirects: each old page to its new page's file,
    relative to the old page's folder."""
    result = {}
    for old, new in redirects.items():
        old_folder = old.rsplit("/", 1)[0]
        if new.startswith(old_folder + "/"):
            result[old] = new.removeprefix(old_folder + "/") + ".html"
        else:
            result[old] = "/" + new + ".html"  # sphinx-reredirects makes it relative
    return result
