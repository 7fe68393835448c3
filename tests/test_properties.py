"""Properties that must hold for every input, checked with Hypothesis.

- Any text rendered by the converter and parsed by MyST shows exactly that
  text, and nothing in it becomes markup: only paragraphs, line breaks and the
  http(s) links the model asked for.
- Any archive written in the archive layout reads back as the same posts.
"""

from __future__ import annotations

import datetime
import string

from hypothesis import given
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from blogbook.model import Inline, LineBreak, Link, Paragraph, Text, inline_text, paragraphs
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


# --- archives read back ---------------------------------------------------------------------

words = st.text(string.ascii_letters + "’'-", min_size=1, max_size=10).filter(
    lambda w: any(c.isalpha() for c in w)
)
sentence = st.lists(words, min_size=1, max_size=12).map(lambda w: " ".join(w) + ".")
title = st.lists(words, min_size=1, max_size=8).map(" ".join).filter(lambda t: t not in WEEKDAYS)
paragraph_lines = st.lists(sentence, min_size=1, max_size=3)
post = st.tuples(st.one_of(st.none(), title), st.lists(paragraph_lines, min_size=1, max_size=4))


def header(date: datetime.date, comma: bool) -> str:
    return f"{WEEKDAYS[date.weekday()]}{',' if comma else ''} {date.day} {date:%B %Y}"


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
    # Only a day's first post may lack a title (otherwise it would join the post above),
    # and titles are unique within a day (two posts of a day with one title are an error).
    for posts in days.values():
        seen: set[str | None] = set()
        for index, (title_line, body) in enumerate(posts):
            if (title_line is None and index) or (title_line is not None and title_line in seen):
                title_line = f"Post number {index}"
            seen.add(title_line)
            posts[index] = (title_line, body)
    chunks = []
    for date in sorted(days, reverse=True):
        chunks.append(header(date, comma))
        for title_line, body in days[date]:
            if title_line:
                chunks.append(title_line)
            chunks.extend("\n".join(lines) for lines in body)
    archive = "\n\n".join(chunks) + "\n"
    result = parse_text_archive(archive.replace("\n", newline).encode("utf-8"), "a.txt")
    assert [d.severity.value for d in result.diagnostics] == []
    read = [
        (p.date, p.title, [inline_text(x.inlines).split("\n") for x in paragraphs(p.blocks)])
        for p in result.posts
    ]
    expected = [
        (date, title_line, body)
        for date in sorted(days, reverse=True)
        for title_line, body in reversed(days[date])
    ]
    assert sorted(read, key=repr) == sorted(expected, key=repr)


@given(st.text())
def test_front_matter_strings_read_back(text: str) -> None:
    """Whatever a title holds, the front matter gives it back exactly."""
    import yaml

    from blogbook.frontmatter import yaml_string

    assert yaml.safe_load(f"title: {yaml_string(text)}\n") == {"title": text}


phrase_words = st.text("abcAB'’-.5é ", min_size=1, max_size=6).map(str.strip).filter(bool)
phrase = st.builds(
    lambda w, star: w + ("*" if star else ""),
    st.lists(phrase_words, min_size=1, max_size=3).map(" ".join),
    st.booleans(),
)
haystack = st.text("abcAB'’-.5é \n“”ſK", max_size=60)


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
