"""Synthetic posts as a classic Blogger export ("Back up content"), an Atom feed.

:func:`blogger_export` writes posts (:mod:`benchlib.synth`) as Blogger does: newest
first, each post with its labels (:func:`label_of` its topics) and original address,
readers' comments after some, and a few drafts. Paragraphs are written in the styles
Blogger's editors used over the years (``<br />`` runs, ``<p>``, ``<div>``). Same
posts and seed, same bytes.
"""

from __future__ import annotations

import html
import itertools
import random
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from benchlib.synth import SynthPost
from blogbook import slugs

BLOG_URL = "http://chrismillsblog.blogspot.com/"

_FEED_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'>
 <id>tag:blogger.com,1999:blog-1234567890123456789.archive</id>
 <updated>2018-12-31T09:00:00.000Z</updated>
 <title type='text'>Chris Mills Blog</title>
 <link rel='alternate' type='text/html' href='{blog}'/>
 <generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>
"""  # noqa: E501
_KIND = "<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#{kind}'/>"
_LABEL = "<category scheme='http://www.blogger.com/atom/ns#' term={term}/>"
_ID = "tag:blogger.com,1999:blog-1234567890123456789.post-{number}"


def label_of(topic: str) -> str:
    """The Blogger label a synthetic post carries for a topic slug."""
    return topic.replace("-", " ").capitalize()


def _html_text(text: str, rng: random.Random) -> str:
    words = []
    for word in text.replace("\n", " \n ").split(" "):
        if word.startswith("http"):
            words.append(f'<a href="{html.escape(word)}">{html.escape(word)}</a>')
        elif word == "\n":
            words.append("<br />")
        elif len(word) > 6 and rng.random() < 0.01:
            words.append(f"<i>{html.escape(word)}</i>")
        else:
            words.append(html.escape(word, quote=False))
    return " ".join(words).replace(" <br /> ", "<br />\n")


def _content(post: SynthPost, rng: random.Random) -> str:
    parts = [_html_text(text, rng) for text in post.paragraphs]
    style = rng.choice(("br", "br", "p", "div"))
    if style == "br":
        return "<br /><br />\n".join(parts)
    if style == "p":
        return "".join(f'<p class="MsoNormal">{part}</p>' for part in parts)
    inner = "<div><br /></div>".join(f"<div>{part}</div>" for part in parts)
    return f'<div dir="ltr" style="text-align: left;" trbidi="on">{inner}</div>'


def _entry(
    number: int,
    *,
    kind: str,
    stamp: str,
    title_text: str,
    content: str,
    labels: Sequence[str] = (),
) -> str:
    lines = [
        " <entry>",
        f"  <id>{_ID.format(number=number)}</id>",
        f"  <published>{stamp}</published>",
        f"  <updated>{stamp}</updated>",
        "  " + _KIND.format(kind=kind),
        *("  " + _LABEL.format(term=quoteattr(label)) for label in labels),
        f"  <title type='text'>{xml_escape(title_text)}</title>",
        f"  <content type='html'>{xml_escape(content)}</content>",
    ]
    return "\n".join(lines)


_DRAFT = (
    "  <app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control>"
)


def blogger_export(posts: Sequence[SynthPost], *, seed: int) -> bytes:
    """A classic Blogger export of *posts*, with comments and a few drafts, newest first."""
    rng = random.Random(seed)
    entries: list[str] = []
    number = 1_000_000_000_000_000_000
    for date, on_day in itertools.groupby(posts, key=lambda post: post.date):
        for order, post in enumerate(on_day):
            number += 1
            post_number = number
            stamp = f"{date.isoformat()}T{8 + order % 12:02d}:{order // 12 * 5:02d}:00.000+01:00"
            slug = slugs.slugify(post.title or post.paragraphs[0], max_length=40) or "post"
            url = quoteattr(f"{BLOG_URL}{date:%Y/%m}/{slug}.html")
            entry = _entry(
                number,
                kind="post",
                stamp=stamp,
                title_text=post.title or "",
                content=_content(post, rng),
                labels=[label_of(topic) for topic in post.topics],
            )
            entries.append(
                f"{entry}\n  <link rel='alternate' type='text/html' href={url} title=''/>\n"
                "  <author><name>Chris Mills</name></author>\n </entry>"
            )
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
                number += 1
                words = _comment_words(post, rng)
                entry = _entry(number, kind="comment", stamp=stamp, title_text=words, content=words)
                reply = f"<thr:in-reply-to href={url} ref='{_ID.format(number=post_number)}'/>"
                entries.append(
                    f"{entry}\n  {reply}\n  <author><name>Anonymous</name></author>\n </entry>"
                )
            if rng.random() < 0.03:
                number += 1
                title_text, content = "Notes for a later post", "Unfinished."
                entry = _entry(
                    number, kind="post", stamp=stamp, title_text=title_text, content=content
                )
                entries.append(entry.replace("\n", f"\n{_DRAFT}\n", 1) + "\n </entry>")
    body = "\n".join(reversed(entries))
    return (_FEED_HEAD.format(blog=BLOG_URL) + body + "\n</feed>\n").encode("utf-8")


def _comment_words(post: SynthPost, rng: random.Random) -> str:
    """A reader's comment: a few words of the post."""
    words = post.paragraphs[0].split()
    return " ".join(words[: min(len(words), rng.randint(3, 12))])
