"""Where a post starts: the editor's corrections to the title lines the readers found.

The text reader decides from the layout which lines are titles (see
:mod:`blogbook.parse_text`); the editorial layer corrects it both ways:

- ``not_a_title: true`` on a post: its title line is a line of the post above it in
  the file, so the two are one post;
- ``is_a_title: true`` on a line of a post: the line is the title of a new post, which
  holds what follows it; on a post whose title the reader only guessed (a short
  question or exclamation within a day), it confirms the guess.

A guessed title that the editor has neither confirmed nor overruled gets a warning.
"""

from __future__ import annotations

from dataclasses import replace

from blogbook import diagnostics as diag
from blogbook.dates import long_date
from blogbook.diagnostics import Code, Diagnostic
from blogbook.editorial import Editorial, PostEdit, normalise_words
from blogbook.model import LineBreak, Paragraph, Post, inline_text
from blogbook.parse_text import link_bare_urls
from blogbook.postkeys import find_post, key_matches


def apply_title_edits(
    posts: list[Post], editorial: Editorial, problems: list[Diagnostic]
) -> list[Post]:
    """*posts* (in date order) with the editor's title corrections applied."""
    result = _join_false_titles(posts, editorial, problems)
    result = _split_at_title_lines(result, editorial, problems)
    problems.extend(_unconfirmed_guesses(result, editorial))
    return result


def _join_false_titles(
    posts: list[Post], editorial: Editorial, problems: list[Diagnostic]
) -> list[Post]:
    """Apply ``not_a_title``: fold such a post into the post above it in the file."""
    result = list(posts)
    for edit in editorial.posts:
        if not edit.not_a_title:
            continue
        post = find_post(edit.key, result, editorial.path, problems)
        if post is None:
            continue
        above = [
            other
            for other in result
            if other.origin.path == post.origin.path
            and other.date == post.date
            and other.origin.line < post.origin.line
        ]
        if not above or post.title is None:
            message = f"{str(edit.key)!r} has no post above it on the same day to belong to"
            problems.append(
                diag.error(Code.BAD_NOT_A_TITLE, editorial.path, edit.key.line, message)
            )
            continue
        host = max(above, key=lambda other: other.origin.line)
        title_line = Paragraph(inlines=link_bare_urls(post.title), line=post.origin.line)
        merged = replace(host, blocks=(*host.blocks, title_line, *post.blocks))
        result = [merged if other is host else other for other in result if other is not post]
    return result


def _split_at_title_lines(
    posts: list[Post], editorial: Editorial, problems: list[Diagnostic]
) -> list[Post]:
    """Apply ``is_a_title`` to lines that are not titles yet: a new post starts there."""
    result = list(posts)
    for edit in editorial.posts:
        if not edit.is_a_title or any(
            post.title is not None and key_matches(edit.key, post) for post in result
        ):
            continue  # names a title already: confirms it
        found = [
            (post, index)
            for post in result
            if post.date == edit.key.date
            for index, block in enumerate(post.blocks)
            if _is_line(block, edit.key.words)
        ]
        if len(found) != 1:
            code, what = (
                (Code.UNKNOWN_POST, "no") if not found else (Code.AMBIGUOUS_POST, "more than one")
            )
            message = f"{str(edit.key)!r}: {what} post of that day has a line reading so"
            problems.append(diag.error(code, editorial.path, edit.key.line, message))
            continue
        host, index = found[0]
        split = _split(host, index, edit, editorial.path, problems)
        if split is not None:
            position = result.index(host)
            result[position : position + 1] = split
    return result


def _is_line(block: object, words: str) -> bool:
    """Whether *block* is a paragraph of one line reading *words*."""
    if not isinstance(block, Paragraph) or any(isinstance(r, LineBreak) for r in block.inlines):
        return False
    return normalise_words(inline_text(block.inlines)) == words


def _split(
    host: Post, index: int, edit: PostEdit, path: str, problems: list[Diagnostic]
) -> list[Post] | None:
    """*host* cut at its block *index*, in date order (the archive lists a day newest
    first, so the part below the line is the older post); None after an error."""
    line = host.blocks[index]
    before, after = host.blocks[:index], host.blocks[index + 1 :]
    if not after or (not before and host.title is not None):
        where = "nothing follows it" if not after else "it stands right under a title"
        message = f"{str(edit.key)!r} cannot start a post: {where}"
        problems.append(diag.error(Code.BAD_IS_A_TITLE, path, edit.key.line, message))
        return None
    assert isinstance(line, Paragraph)
    title = normalise_words(inline_text(line.inlines))
    new = replace(
        host,
        title=title,
        title_guessed=False,
        blocks=after,
        origin=replace(host.origin, line=line.line),
    )
    return [new, replace(host, blocks=before)] if before else [new]


def _unconfirmed_guesses(posts: list[Post], editorial: Editorial) -> list[Diagnostic]:
    confirmations = [edit.key for edit in editorial.posts if edit.is_a_title]
    problems = []
    for post in posts:
        if not post.title_guessed or any(key_matches(key, post) for key in confirmations):
            continue
        key = f"{post.date.isoformat()} {post.title}"
        message = (
            f"{post.title!r} is read as the title of a new post of {long_date(post.date)} "
            f"(a short question or exclamation standing alone); under posts: {key!r} "
            "in the editorial file, confirm it with 'is_a_title: true' or join it to the "
            "post above with 'not_a_title: true'"
        )
        problems.append(
            diag.warning(Code.TITLE_GUESSED, post.origin.path, post.origin.line, message)
        )
    return problems
