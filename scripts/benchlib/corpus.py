"""The real blog's vocabulary, for synthetic posts that read (and parse) like it.

:func:`learn` turns the real archive's posts, as the real reader parses them, into
a word-level Markov chain of sentences and a list of real titles. :func:`sentence`
and :func:`title` draw from a :class:`Corpus` with the caller's ``random.Random``,
so what they produce depends on the seed alone.

Every sentence ends like a sentence (``.``, ``?`` or ``!``), and no title does,
so the plain-text reader splits synthetic posts exactly where the generator did.
"""

from __future__ import annotations

import calendar
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_END = ""  # follower that ends a sentence
_CLOSERS = "\"'”’)]»"
_SENTENCE_ENDS = (".", "?", "!")
_TITLE_STRIP = ".,;:!?\"'“”‘’()[]«»-–— "
MIN_SENTENCE_WORDS = 5
MAX_SENTENCE_WORDS = 42
_WEEKDAY_START = re.compile(r"^(?:" + "|".join(calendar.day_name) + r")\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^\d{1,3}[.)]")


@dataclass(frozen=True, kw_only=True)
class Corpus:
    starts: tuple[str, ...]  # words that open a real sentence (repeats give weight)
    chain: Mapping[str, tuple[str, ...]]  # word -> the words that follow it ("" ends)
    titles: tuple[str, ...]  # the real titles


def ends_sentence(word: str) -> bool:
    return word.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def split_sentences(paragraph: str) -> list[list[str]]:
    """A paragraph's words, cut after each word that ends a sentence."""
    sentences: list[list[str]] = [[]]
    for word in paragraph.split():
        sentences[-1].append(word)
        if ends_sentence(word):
            sentences.append([])
    return [words for words in sentences if words]


def learn(paragraph_texts: Iterable[str], titles: Iterable[str]) -> Corpus:
    starts: list[str] = []
    followers: dict[str, list[str]] = {}
    for text in paragraph_texts:
        for words in split_sentences(text):
            if not ends_sentence(words[-1]):
                continue  # a fragment (a list item, a heading-like line): not a model
            starts.append(words[0])
            for word, following in zip(words, [*words[1:], _END], strict=True):
                followers.setdefault(word, []).append(following)
    if not starts:
        raise ValueError("no sentence to learn from")
    return Corpus(
        starts=tuple(starts),
        chain={word: tuple(after) for word, after in followers.items()},
        titles=tuple(titles),
    )


def sentence(corpus: Corpus, rng: random.Random) -> str:
    words = [rng.choice(corpus.starts)]
    while True:
        options = corpus.chain.get(words[-1], (_END,))
        following = rng.choice(options)
        if following == _END and len(words) < MIN_SENTENCE_WORDS:
            longer = [word for word in options if word != _END]
            following = rng.choice(longer) if longer else _END
        if following == _END:
            break
        words.append(following)
        if len(words) >= MAX_SENTENCE_WORDS:
            break
    if not ends_sentence(words[-1]):
        words[-1] = words[-1].rstrip(_TITLE_STRIP) + "."
    return " ".join(words)


def usable_title(text: str) -> bool:
    """Whether the plain-text reader reads *text*, alone on a line, as a title."""
    if text.endswith(("...", "…")):
        ending_ok = True  # the reader takes a line ending in an ellipsis for a title
    else:
        ending_ok = not ends_sentence(text) and not text.rstrip(_CLOSERS).endswith((",", ";", ":"))
    return (
        ending_ok
        and 0 < len(text) <= 150
        and any(char.isalpha() for char in text)
        and not _WEEKDAY_START.match(text)
        and not _NUMBERED.match(text)
        and not text.startswith("·")
        and "http" not in text
    )


def title(corpus: Corpus, rng: random.Random) -> str:
    """A real title now and then; otherwise a few words of a sentence."""
    while True:
        if corpus.titles and rng.random() < 0.05:
            text = rng.choice(corpus.titles)
        else:
            words = sentence(corpus, rng).split()
            size = rng.randint(2, 8)
            begin = rng.randrange(max(1, len(words) - size + 1))
            text = " ".join(words[begin : begin + size]).strip(_TITLE_STRIP)
            text = text[:1].upper() + text[1:]
            ending = rng.random()
            if ending < 0.05:
                text += "..."
            elif ending < 0.08:
                text += " …"
        if usable_title(text):
            return text
