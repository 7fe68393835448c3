"""Synthetic blogs of any size, in the real archive format.

:func:`generate_posts` draws *count* posts from a fixed seed: dates spread over the
blog's years (October 2009 to December 2018), several posts on some days, the
newest post of some days untitled, paragraphs and titles in the real blog's words
(:mod:`benchlib.corpus`), topic signal words sprinkled in at the rates below, and
citations: the cue phrases of 1 to 4 synthetic sources in most posts
(:mod:`benchlib.sources`), and now and then a cue of a real source. :func:`text_archive`
writes them as monthly archive files (``2010-03.txt``); :mod:`benchlib.feed` as a
Blogger export. Same seed, same bytes.

The rates are guesses from the real archive (one month: 8 posts, one untitled, two
days with several posts, most posts on one to three topics, most citing a source).
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from benchlib.corpus import Corpus, sentence, title
from benchlib.sources import SynthSource, pick_sources
from blogbook import slugs
from blogbook.parse_text import MAX_QUESTION_TITLE_WORDS

FIRST_DAY = datetime.date(2009, 10, 1)
LAST_DAY = datetime.date(2018, 12, 31)
POSTS_PER_POSTING_DAY = 1.3  # on average, while the blog's days suffice
UNTITLED_RATE = 0.06  # of days whose newest post has no title line
TOPIC_COUNTS = ((0, 0.35), (1, 0.45), (2, 0.20))  # topics a post is written on
SIGNALS_PER_TOPIC = (3, 4)  # the topics' default threshold is 3
REAL_CUE_RATE = 0.25  # of posts naming a real source by one of its free cue phrases
LINK_RATE = 0.04  # of paragraphs with a bare address
LINE_BREAK_RATE = 0.02  # of paragraphs with a line break
TRAILING_SPACE_RATE = 0.05  # of paragraphs ending in a stray space, as the real archive does
LONG_POST_RATE = 0.10
SENTENCES = ((1, 25), (2, 30), (3, 22), (4, 12), (5, 6), (6, 3), (8, 2))  # per paragraph
ADDRESSES = (
    "http://www.communitycare.co.uk/{year}/{month:02d}/{n}/article/",
    "https://www.theguardian.com/society/{year}/{month:02d}/child-protection-{n}",
    "http://www.cypnow.co.uk/news/{n}/",
    "https://www.gov.uk/government/publications/report-{n}",
)


@dataclass(frozen=True, kw_only=True)
class Sprinkles:
    """What the generator mixes into posts besides the corpus's words."""

    topics: tuple[tuple[str, tuple[str, ...]], ...]  # topic slug and its signal phrases
    cues: tuple[str, ...]  # cue phrases of real sources, free to cite in any post
    sources: tuple[SynthSource, ...] = ()  # synthetic sources, cited by most posts


@dataclass(frozen=True, kw_only=True)
class SynthPost:
    date: datetime.date
    title: str | None  # None: no title line
    paragraphs: tuple[str, ...]  # as in the archive: "\n" is a line break
    topics: tuple[str, ...]  # the topic slugs it was written on (Blogger labels)
    sources: tuple[str, ...] = ()  # the keys of the synthetic sources it cites


# --- posts ------------------------------------------------------------------------------


def posting_days(
    count: int, rng: random.Random, skip_months: frozenset[str] = frozenset()
) -> list[datetime.date]:
    """The date of each of *count* posts, oldest first; some days have several.

    No post falls in a month of *skip_months* (archive file names, ``2014-08.txt``).
    """
    if count <= 0:
        return []
    span = (LAST_DAY - FIRST_DAY).days + 1
    every_day = (FIRST_DAY + datetime.timedelta(days=n) for n in range(span))
    free = [day for day in every_day if month_file(day) not in skip_months]
    days = max(1, min(len(free), count, round(count / POSTS_PER_POSTING_DAY)))
    chosen = sorted(rng.sample(range(len(free)), days))
    per_day = dict.fromkeys(chosen, 1)
    for extra in rng.choices(chosen, k=count - days):
        per_day[extra] += 1
    return [free[index] for index in chosen for _ in range(per_day[index])]


def _weighted(table: Sequence[tuple[int, float]], rng: random.Random) -> int:
    values = [value for value, _ in table]
    weights = [weight for _, weight in table]
    return rng.choices(values, weights)[0]


def _paragraph(corpus: Corpus, rng: random.Random) -> str:
    text = " ".join(sentence(corpus, rng) for _ in range(_weighted(SENTENCES, rng)))
    # A short question or exclamation standing alone would read as a new post's title.
    while text.endswith(("?", "!")) and len(text.split()) <= MAX_QUESTION_TITLE_WORDS:
        text += " " + sentence(corpus, rng)
    return text


def _insert(paragraphs: list[list[str]], phrase: str, rng: random.Random) -> None:
    """Put *phrase* between two words of a paragraph (never after its last word).

    Paragraphs are lists of words and of phrases put in before, so a phrase never
    lands inside another: every cue and signal stays whole.
    """
    words = paragraphs[rng.randrange(len(paragraphs))]
    words.insert(rng.randint(0, len(words) - 1), phrase)


def _with_breaks(words: list[str], rng: random.Random) -> str:
    text = " ".join(words)
    sentences = text.split(". ")
    if len(sentences) > 1 and rng.random() < LINE_BREAK_RATE:
        cut = rng.randint(1, len(sentences) - 1)
        text = ". ".join(sentences[:cut]) + ".\n" + ". ".join(sentences[cut:])
    if rng.random() < TRAILING_SPACE_RATE:
        text += " "
    return text


def _body(
    corpus: Corpus, sprinkles: Sprinkles, date: datetime.date, rng: random.Random
) -> SynthPost:
    """A post of *date* without its title: paragraphs, topics and citations."""
    if rng.random() < LONG_POST_RATE:
        size = rng.randint(8, 15)
    else:
        size = rng.choice((1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7))
    paragraphs = [_paragraph(corpus, rng).split(" ") for _ in range(size)]
    topics = rng.sample(sprinkles.topics, _weighted(TOPIC_COUNTS, rng))
    for _, signals in topics:
        for _ in range(rng.randint(*SIGNALS_PER_TOPIC)):
            _insert(paragraphs, rng.choice(signals), rng)
    if sprinkles.cues and rng.random() < REAL_CUE_RATE:
        _insert(paragraphs, rng.choice(sprinkles.cues), rng)
    cited = pick_sources(sprinkles.sources, date.year, rng) if sprinkles.sources else ()
    for source in cited:
        _insert(paragraphs, source.cue, rng)
    for words in paragraphs:
        if rng.random() < LINK_RATE:
            address = rng.choice(ADDRESSES).format(
                year=date.year, month=date.month, n=rng.randint(1000, 99999)
            )
            words.insert(rng.randint(0, len(words) - 1), address)
    return SynthPost(
        date=date,
        title=None,
        paragraphs=tuple(_with_breaks(words, rng) for words in paragraphs),
        topics=tuple(sorted(slug for slug, _ in topics)),
        sources=tuple(sorted(source.key for source in cited)),
    )


def generate_posts(
    count: int,
    *,
    corpus: Corpus,
    sprinkles: Sprinkles,
    seed: int,
    skip_months: frozenset[str] = frozenset(),
) -> tuple[SynthPost, ...]:
    """*count* posts, oldest first (a day's posts in the order they were published),
    none in the months of *skip_months* (archive file names)."""
    rng = random.Random(seed)
    posts: list[SynthPost] = []
    for date, day in itertools.groupby(posting_days(count, rng, skip_months)):
        size = len(list(day))
        taken: set[str] = set()
        untitled_newest = rng.random() < UNTITLED_RATE
        for order in range(size):
            post = _body(corpus, sprinkles, date, rng)
            untitled = untitled_newest and order == size - 1
            while True:
                heading = None if untitled else title(corpus, rng)
                opening = " ".join(post.paragraphs[0].split()[: slugs.UNTITLED_SLUG_WORDS])
                slug = slugs.post_slug(archive_title=heading, opening=opening)
                if slug not in taken:
                    break
                if untitled:  # its page name comes from its opening: open with more words
                    opening = f"{sentence(corpus, rng)} {post.paragraphs[0]}"
                    post = replace(post, paragraphs=(opening, *post.paragraphs[1:]))
            taken.add(slug)
            posts.append(replace(post, title=heading))
    return tuple(posts)


def edit_body(post: SynthPost) -> SynthPost:
    """The post with a sentence added to its last paragraph: its lists do not change."""
    last = post.paragraphs[-1].rstrip() + " I have since learnt more about this."
    return replace(post, paragraphs=(*post.paragraphs[:-1], last))


def edit_opening(post: SynthPost) -> SynthPost:
    """The post with new first words: every list showing its opening changes."""
    if post.title is None:
        raise ValueError("an untitled post's opening names its page; edit a titled post")
    return replace(post, paragraphs=("Update: " + post.paragraphs[0], *post.paragraphs[1:]))


# --- the plain-text archive ----------------------------------------------------------


def month_file(date: datetime.date) -> str:
    return f"{date:%Y-%m}.txt"


def _day_text(date: datetime.date, posts: Sequence[SynthPost]) -> str:
    header = f"{date:%A}, {date.day} {date:%B %Y}"
    # Blogger's saved pages put one blank line after a date header before a title, and
    # two before an untitled post (its empty title line): the reader relies on it.
    gap = "\n\n" if posts[-1].title is not None else "\n\n\n"
    chunks = [
        "\n\n".join(([post.title] if post.title is not None else []) + list(post.paragraphs))
        for post in reversed(posts)  # newest first, as Blogger lists them
    ]
    return header + gap + "\n\n".join(chunks)


def text_archive(posts: Iterable[SynthPost]) -> dict[str, bytes]:
    """Monthly archive files, each day newest first: file name -> bytes."""
    files: dict[str, bytes] = {}
    by_month = itertools.groupby(posts, key=lambda post: month_file(post.date))
    for name, in_month in by_month:
        days = [
            (date, list(on_day))
            for date, on_day in itertools.groupby(in_month, key=lambda post: post.date)
        ]
        text = "\n\n".join(_day_text(date, on_day) for date, on_day in reversed(days))
        files[name] = (text + "\n").encode("utf-8")
    return files
