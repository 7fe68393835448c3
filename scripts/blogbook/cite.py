"""How to cite a post: one function for the text, one for BibTeX, used everywhere.

The "Cite this post" block of every post page and the published ``posts.bib``
both come from here, so a reader gets the same reference wherever they copy it.
The style is author–date (Harvard-like), as social-work writing uses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from blogbook.dates import bibtex_month, long_date


@dataclass(frozen=True, kw_only=True)
class Blog:
    author: str  # "Chris Mills"
    author_sorted: str  # "Mills, Chris"
    author_cited: str  # "Mills, C."
    name: str  # how the book names the blog
    address: str  # the blog's home on Blogger


@dataclass(frozen=True, kw_only=True)
class CitablePost:
    key: str  # BibTeX key, see slugs.post_bibtex_key
    title: str
    date: datetime.date
    book_url: str  # the post's page in this book
    original_url: str | None  # where Blogger published it, when known


def citation_text(post: CitablePost, blog: Blog) -> str:
    text = (
        f"{blog.author_cited} ({post.date.year}) ‘{post.title}’, {blog.name}, "
        f"{long_date(post.date)}. Available at: {post.book_url}"
    )
    if post.original_url:
        text += f" (first published at {post.original_url})"
    return text + "."


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in text)


def _bibtex_url(url: str) -> str:
    # Inside url fields only the comment character and braces need care.
    return url.replace("%", r"\%").replace("{", "%7B").replace("}", "%7D")


def bibtex_entry(post: CitablePost, blog: Blog) -> str:
    fields = [
        ("author", bibtex_escape(blog.author_sorted)),
        ("title", "{" + bibtex_escape(post.title) + "}"),  # double braces keep its capitals
        ("howpublished", bibtex_escape(blog.name)),
        ("year", str(post.date.year)),
        ("month", bibtex_month(post.date.month)),
        ("date", post.date.isoformat()),
        ("url", _bibtex_url(post.book_url)),
    ]
    if post.original_url:
        fields.append(("note", "First published at " + bibtex_escape(post.original_url)))
    width = max(len(name) for name, _ in fields)
    lines = []
    for name, value in fields:
        braced = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name.ljust(width)} = {braced},")
    return "@online{" + post.key + ",\n" + "\n".join(lines) + "\n}\n"
