"""How an editorial key names a post: ``"YYYY-MM-DD Title"`` or ``"YYYY-MM-DD Opening words"``.

Keys name posts by what the archive says, never by page names, so that an editor
can write them by reading the archive. A key that names no post, or several, is an
error: a typo must not hide.
"""

from __future__ import annotations

from blogbook import diagnostics as diag
from blogbook.diagnostics import Code, Diagnostic
from blogbook.editorial import PostKey, normalise_words
from blogbook.model import Post, inline_text, paragraphs


def key_matches(key: PostKey, post: Post) -> bool:
    """Whether an editorial key names *post*: its title, or its opening words."""
    if key.date != post.date:
        return False
    if post.title is not None:
        return normalise_words(post.title) == key.words
    first = paragraphs(post.blocks)
    opening = normalise_words(inline_text(first[0].inlines)) if first else ""
    return opening == key.words or opening.startswith(key.words + " ")


def find_post(
    key: PostKey, posts: list[Post], path: str, problems: list[Diagnostic]
) -> Post | None:
    found = [post for post in posts if key_matches(key, post)]
    if len(found) == 1:
        return found[0]
    if not found:
        problems.append(
            diag.error(Code.UNKNOWN_POST, path, key.line, f"no post matches {str(key)!r}")
        )
    else:
        message = f"{str(key)!r} matches {len(found)} posts; give more words"
        problems.append(diag.error(Code.AMBIGUOUS_POST, path, key.line, message))
    return None
