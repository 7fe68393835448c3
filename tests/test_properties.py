"""Properties that must hold for every input, checked with Hypothesis.

- Any text rendered by the converter and parsed by MyST shows exactly that
  text, and nothing in it becomes markup: only paragraphs, line breaks and the
  http(s) links the model asked for.
- Any archive written in the archive layout reads back as the same posts.
"""

from __future__ import annotations

import datetime
import re
import string
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from blogbook.model import (
    Block,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Text,
    inline_text,
    link_urls,
    paragraphs,
)
from blogbook.parse_text import WEEKDAYS, parse_text_archive
from blogbook.render import render_blocks

# The same parser configuration as conf.py: MyST with no syntax extensions.
MARKDOWN = create_md_parser(MdParserConfig(), RendererHTML)

# Any character an archive can hold: everything but control characters (tab
# aside) and lone surrogates; newlines are LineBreak runs, not text.
text_chars = st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\t")
# Weight the characters that mean something to Markdown, MyST or HTML.
markup_chars = st.sampled_from(
    [*list("\\`*_[]<>&{}$|~^%#+-=:()!.'\""), "1.", "2)", "    ", "http://"]
)
texts = st.lists(st.one_of(text_chars, markup_chars), max_size=40).map("".join)
urls = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.org/{path}",
    st.sampled_from(["http", "https"]),
    st.text(string.ascii_lowercase, min_size=1, max_size=8),
    st.text(string.ascii_letters + string.digits + "/_-.~%()*", max_size=12),
)


def inline_tokens(markdown: str) -> list[object]:
    """The paragraph's inline tokens, after checking there is nothing but one paragraph."""
    tokens = MARKDOWN.parse(markdown)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], markdown
    return list(tokens[1].children or [])


@given(texts.filter(lambda t: t.strip()))
def test_any_text_shows_exactly_as_written(text: str) -> None:
    markdown = render_blocks((Paragraph(inlines=(Text(text=text),), line=1),))
    children = inline_tokens(markdown)
    assert {t.type for t in children} <= {"text"}, markdown  # type: ignore[attr-defined]
    shown = "".join(t.content for t in children)  # type: ignore[attr-defined]
    # Markdown drops a paragraph's leading and trailing whitespace, nothing else.
    assert shown == text.strip()


runs = st.one_of(
    texts.map(lambda t: Text(text=t)),
    st.just(LineBreak()),
    st.builds(lambda url, label: Link(url=url, children=(Text(text=label),)), urls, texts),
)


@given(st.lists(runs, min_size=1, max_size=8))
def test_runs_keep_their_text_and_only_http_links(inlines: list[Inline]) -> None:
    visible = inline_text(tuple(inlines))
    if not visible.strip():
        return
    markdown = render_blocks((Paragraph(inlines=tuple(inlines), line=1),))
    tokens = MARKDOWN.parse(markdown)
    types = [t.type for t in tokens]
    assert types == ["paragraph_open", "inline", "paragraph_close"], markdown
    shown: list[str] = []
    links = []
    for token in tokens[1].children or []:
        assert token.type in {"text", "hardbreak", "softbreak", "link_open", "link_close"}, markdown
        if token.type == "text":
            shown.append(token.content)
        elif token.type in {"hardbreak", "softbreak"}:
            shown.append("\n")
        elif token.type == "link_open":
            href = str(token.attrs["href"])
            assert href.startswith(("http://", "https://")), href
            links.append(href)
    assert " ".join("".join(shown).split()) == " ".join(visible.split())
    labelled = [
        run for run in inlines if isinstance(run, Link) and inline_text(run.children).strip()
    ]
    assert len(links) == len(labelled)


# --- blocks: paragraphs, lists and quotes with styled runs -----------------------------------

styled_text = st.lists(
    st.one_of(text_chars, markup_chars, st.just("`")), min_size=1, max_size=12
).map("".join)
styled_runs = st.one_of(
    runs,
    st.builds(lambda t: Emphasis(children=(Text(text=t),)), styled_text),
    st.builds(lambda t: Strong(children=(Text(text=t),)), styled_text),
    st.builds(lambda t: Strong(children=(Emphasis(children=(Text(text=t),)),)), styled_text),
)
paragraph_block = st.builds(
    lambda inlines: Paragraph(inlines=tuple(inlines), line=1),
    st.lists(styled_runs, min_size=1, max_size=6),
).filter(lambda p: inline_text(p.inlines).strip())
blocks = st.recursive(
    paragraph_block,
    lambda inner: st.one_of(
        st.builds(
            lambda ordered, items: ListBlock(
                ordered=ordered, items=tuple(map(tuple, items)), line=1
            ),
            st.booleans(),
            st.lists(st.lists(inner, min_size=1, max_size=2), min_size=1, max_size=3),
        ),
        st.builds(
            lambda b: Quote(blocks=tuple(b), line=1), st.lists(inner, min_size=1, max_size=2)
        ),
    ),
    max_leaves=6,
)

_OPENERS = {"bullet_list_open": "ul", "ordered_list_open": "ol", "list_item_open": "li"}
_OPENERS["blockquote_open"] = "quote"


def skeleton(items: tuple[Block, ...]) -> list[object]:
    """The model's blocks as nested kinds, each paragraph as its visible text and links."""
    shape: list[object] = []
    for block in items:
        if isinstance(block, Paragraph):
            shape.append(
                ("p", " ".join(inline_text(block.inlines).split()), link_urls_shown(block))
            )
        elif isinstance(block, ListBlock):
            shape.append(
                ("ol" if block.ordered else "ul", [("li", skeleton(i)) for i in block.items])
            )
        else:
            shape.append(("quote", skeleton(block.blocks)))
    return shape


def link_urls_shown(block: Paragraph) -> list[str]:
    """Links that show something: a link with a blank label is shown as its text only."""
    found: list[str] = []

    def walk(inlines: tuple[Inline, ...]) -> None:
        for run in inlines:
            if isinstance(run, Link) and inline_text(run.children).strip():
                found.append(MARKDOWN.normalizeLink(run.url))  # percent-encoded as any href
            elif isinstance(run, Emphasis | Strong):
                walk(run.children)

    walk(block.inlines)
    return found


def parsed_skeleton(tokens: list[Any], start: int = 0) -> tuple[list[object], int]:
    """markdown-it's tokens as the same nested kinds; fails on anything else."""
    shape: list[object] = []
    index = start
    while index < len(tokens):
        token = tokens[index]
        if token.type.endswith("_close"):
            return shape, index + 1
        if token.type == "paragraph_open":
            shape.append(("p", *shown_inline(tokens[index + 1].children or [])))
            index += 3
        elif token.type in _OPENERS:
            inner, index = parsed_skeleton(tokens, index + 1)
            shape.append((_OPENERS[token.type], inner))
        else:
            raise AssertionError(f"unexpected {token.type}")
    return shape, index


def shown_inline(children: list[Any]) -> tuple[str, list[str]]:
    shown, links = [], []
    for token in children:
        if token.type in {"text", "myst_role"}:
            if token.type == "myst_role":
                assert token.meta["name"] in {"emphasis", "strong"}, token.meta
            shown.append(token.content)
        elif token.type in {"hardbreak", "softbreak"}:
            shown.append("\n")
        elif token.type == "link_open":
            links.append(str(token.attrs["href"]))
        else:
            assert token.type == "link_close", token.type
    return " ".join("".join(shown).split()), links


@given(st.lists(blocks, min_size=1, max_size=3))
def test_blocks_show_their_structure_text_styles_and_links(items: list[Block]) -> None:
    """Lists, quotes, bold and italics, links: each shows as the model says, every character
    as written, nothing else becoming markup."""
    markdown = render_blocks(tuple(items))
    found, _ = parsed_skeleton(MARKDOWN.parse(markdown))
    assert found == skeleton(tuple(items)), markdown


# --- archives read back ---------------------------------------------------------------------

words = st.text(string.ascii_letters + "’'-", min_size=1, max_size=10).filter(
    lambda w: any(c.isalpha() for c in w)
)
sentence = st.lists(words, min_size=1, max_size=12).map(lambda w: " ".join(w) + ".")
address = st.builds(
    lambda host, path: f"http://{host}.org/{path}",
    st.text(string.ascii_lowercase, min_size=1, max_size=8),
    st.text(string.ascii_lowercase + "_-/", max_size=10),
)
# Lines of the blog's text: sentences (some with a bare address or a footnote marker in
# them), bullets, numbered items, bare addresses, footnotes, spaces at the end.
line = st.one_of(
    sentence,
    st.builds(lambda s, u: f"{s[:-1]} {u} and more.", sentence, address),
    st.builds(lambda s: f"{s[:-1]}[1].", sentence),
    st.builds(lambda s: "·         " + s, sentence),
    st.builds(lambda n, s: f"{n}.    {s}", st.integers(1, 30), sentence),
    address,
    st.builds(lambda s: "[1] " + s, sentence),
    st.builds(lambda s: "* " + s, sentence),
    st.builds(lambda s: s + "   ", sentence),
)
# Titles as the blog writes them: plain, ending in dots, or a short question or exclamation.
title = st.one_of(
    st.lists(words, min_size=1, max_size=8).map(" ".join),
    st.lists(words, min_size=1, max_size=6).map(lambda w: " ".join(w) + "..."),
    st.lists(words, min_size=1, max_size=6).map(lambda w: " ".join(w) + " …"),
    st.lists(words, min_size=1, max_size=6).map(lambda w: " ".join(w) + "?"),
    st.lists(words, min_size=1, max_size=6).map(lambda w: " ".join(w) + "!"),
).filter(lambda t: t.split()[0].strip("’'-") not in WEEKDAYS)
body = st.lists(st.lists(line, min_size=1, max_size=3), min_size=1, max_size=4)
# An untitled post may open with a line that would be a title anywhere else: only the two
# blank lines above it (its empty title line) say it is not one.
untitled = st.builds(lambda opening, rest: (None, [[opening], *rest]), title, body)
post = st.one_of(st.tuples(title, body), st.tuples(st.none(), body), untitled)


def header(date: datetime.date, comma: bool) -> str:
    return f"{WEEKDAYS[date.weekday()]}{',' if comma else ''} {date.day} {date:%B %Y}"


def unique_titles(posts: list[tuple[str | None, list[list[str]]]]) -> None:
    """Only a day's first post (the newest) may lack a title, and no title comes twice."""
    seen: set[str | None] = set()
    for index, (title_line, body) in enumerate(posts):
        if (title_line is None and index) or (title_line is not None and title_line in seen):
            title_line = f"Post number {index}"
        seen.add(title_line)
        posts[index] = (title_line, body)


def day_text(
    date: datetime.date, comma: bool, posts: list[tuple[str | None, list[list[str]]]]
) -> str:
    """A day as Blogger's month page shows it: one blank line before a title, two before
    an untitled post (its empty title line)."""
    chunks = []
    for index, (title_line, body) in enumerate(posts):
        lines = "\n\n".join("\n".join(paragraph) for paragraph in body)
        if title_line is None:
            chunks.append(("\n" if index == 0 else "") + lines)
        else:
            chunks.append(f"{title_line}\n\n{lines}")
    return header(date, comma) + "\n\n" + "\n\n".join(chunks)


@given(
    st.dictionaries(
        st.dates(datetime.date(2009, 10, 1), datetime.date(2018, 12, 31)),
        st.lists(post, min_size=1, max_size=3),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
)
def test_archives_read_back_as_written(
    days: dict[datetime.date, list[tuple[str | None, list[list[str]]]]], comma: bool, newline: str
) -> None:
    """Every quirk of the layout: posts, their order within a day, titles, paragraphs, lines,
    and the addresses that become links, all come back as written."""
    for posts in days.values():
        unique_titles(posts)
    newest_first = sorted(days, reverse=True)
    archive = "\n\n".join(day_text(date, comma, days[date]) for date in newest_first) + "\n"
    result = parse_text_archive(archive.replace("\n", newline).encode("utf-8"), "a.txt")
    assert [d.severity.value for d in result.diagnostics if d.severity.value == "error"] == []
    read = [
        (
            p.date,
            p.title,
            [inline_text(x.inlines).split("\n") for x in paragraphs(p.blocks)],
            [u for x in paragraphs(p.blocks) for u in link_urls(x.inlines)],
        )
        for p in result.posts
    ]
    expected = [
        (
            date,
            title_line,
            [[text.strip() for text in lines] for lines in body],
            [
                u
                for lines in body
                for text in lines
                for u in re.findall(r"http://\S+\.org/[\w/-]*", text)
            ],
        )
        for date in newest_first
        for title_line, body in reversed(days[date])  # a day's posts come out oldest first
    ]
    assert read == expected


@given(st.text())
def test_front_matter_strings_read_back(text: str) -> None:
    """Whatever a title holds, the front matter gives it back exactly."""
    import yaml

    from blogbook.frontmatter import yaml_string

    assert yaml.safe_load(f"title: {yaml_string(text)}\n") == {"title": text}


phrase_words = st.text("abcABsk'’-.5éſK ", min_size=1, max_size=6).map(str.strip).filter(bool)
phrase = st.builds(
    lambda w, star: w + ("*" if star else ""),
    st.lists(phrase_words, min_size=1, max_size=3).map(" ".join),
    st.booleans(),
)
haystack = st.text("abcABsSkK'’-.5é \n“”ſK", max_size=60)


@given(st.lists(phrase, min_size=1, max_size=4), haystack, st.booleans())
def test_phrase_matcher_finds_what_its_pattern_finds(
    phrases: list[str], text: str, ignore_case: bool
) -> None:
    """The shortcut (keys, anchored matches) changes nothing but the time taken."""
    from blogbook.phrases import compile_phrases

    matcher = compile_phrases(tuple(phrases), ignore_case=ignore_case)
    assert [m.span() for m in matcher.finditer(text)] == [
        m.span() for m in matcher.pattern.finditer(text)
    ]
    assert matcher.may_occur_in(
        __import__("blogbook.phrases").phrases.text_words(text)
    ) or not list(matcher.pattern.finditer(text))


ascii_phrase = st.builds(
    lambda w, star: w + ("*" if star else ""),
    st.lists(st.text("abAB'-", min_size=1, max_size=3), min_size=1, max_size=2).map(" ".join),
    st.booleans(),
)


@given(st.lists(ascii_phrase, min_size=2, max_size=5), st.text("abAB '-\n", max_size=40))
@example(["'a", "b"], " 'a b")  # a key that does not start its phrase
def test_the_quick_checks_never_miss_a_match_in_ascii_text(phrases: list[str], text: str) -> None:
    """In ASCII text every quick check is on (no letters beyond ASCII turn them off), so
    each must hold for every phrase, not only the first: the words a phrase needs, where
    its key stands in it."""
    from blogbook.phrases import compile_phrases, text_words

    for ignore_case in (False, True):
        matcher = compile_phrases(tuple(phrases), ignore_case=ignore_case)
        expected = [m.span() for m in matcher.pattern.finditer(text)]
        assert [m.span() for m in matcher.finditer(text)] == expected
        assert matcher.may_occur_in(text_words(text)) or not expected


@given(st.lists(phrase, min_size=1, max_size=6), haystack, st.booleans())
def test_phrase_index_names_every_phrase_that_occurs(
    phrases: list[str], text: str, ignore_case: bool
) -> None:
    """The index may name phrases that do not occur, never leave out one that does."""
    from blogbook.phrases import compile_phrases, index_phrases, text_words

    index = index_phrases(phrases, ignore_case=ignore_case)
    occurring = {
        p for p in phrases if compile_phrases((p,), ignore_case=ignore_case).pattern.search(text)
    }
    assert occurring <= index.candidates(text_words(text))


@given(st.lists(haystack, max_size=4))
def test_a_texts_words_and_shortcuts_are_what_a_scan_finds(texts: list[str]) -> None:
    """The shortcuts in a text's words (lowered words, the test for letters beyond ASCII)
    are what a scan of the text finds."""
    from blogbook.phrases import has_letter_beyond_ascii, text_words

    for text in texts:
        words = text_words(text)
        scanned = re.search(r"(?![\x00-\x7f])[^\W\d_]", text) is not None
        assert has_letter_beyond_ascii(text) is scanned
        assert words.words == frozenset(re.findall(r"[A-Za-z0-9_]+", text))
        if words.lowered is not None:
            assert words.lower_words == frozenset(re.findall(r"[A-Za-z0-9_]+", words.lowered))


paragraph_text = st.text("abcABsSkK'’-.5é \n“”ſK\x00", max_size=40)
phrase_with_break = st.one_of(phrase, phrase.map(lambda p: p.replace(" ", "\x00", 1)))


@given(st.lists(paragraph_text, max_size=4), st.lists(phrase_with_break, min_size=1, max_size=4))
@example(["a", "b"], ["a\x00b"])
def test_one_search_of_a_post_finds_what_a_search_per_paragraph_finds(
    texts: list[str], phrases: list[str]
) -> None:
    """Searching the whole post at once gives each paragraph's own matches, in order,
    at offsets into that paragraph, whichever phrases and paragraphs there are."""
    from blogbook.model import Paragraph, Text
    from blogbook.phrases import compile_phrases, post_text

    for ignore_case in (False, True):
        matcher = compile_phrases(tuple(phrases), ignore_case=ignore_case)
        blocks = tuple(Paragraph(inlines=(Text(text=t),) if t else (), line=1) for t in texts)
        found = post_text(blocks)
        expected = [
            (index, m.start(), m.end(), m[0])
            for index, text in enumerate(texts)
            for m in matcher.pattern.finditer(text)
        ]
        assert [(f.paragraph, f.start, f.end, f.text) for f in found.finditer(matcher)] == expected
        assert found.count(matcher) == len(expected)
