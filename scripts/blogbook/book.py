"""The whole conversion as one pure function: file contents in, pages out.

:func:`convert_book` is what the command line runs between reading files and
writing them, and what the tests run on case files: archives are parsed,
the rules (editorial layer, topic pages, glossary, bibliography) are read,
pages are built and rendered. Nothing here touches the file system.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from blogbook import diagnostics as diag
from blogbook import editorial as editorial_mod
from blogbook import forked
from blogbook.annotations import Annotations
from blogbook.archive_pages import render_archive_pages
from blogbook.diagnostics import Diagnostic
from blogbook.inputs import BLOGGER, TEXT, Inputs
from blogbook.model import ParseResult, Post
from blogbook.mojibake import find_mojibake
from blogbook.pages import PostPage, Rules, build_pages, page_digest
from blogbook.parse_text import parse_text_archive
from blogbook.related import with_related
from blogbook.render import render_post
from blogbook.source_pages import render_source_pages
from blogbook.sources import Bibliography, read_bibliography
from blogbook.terms import Term, parse_glossary
from blogbook.topics import TopicRule, parse_topic_rule


@dataclass(frozen=True, kw_only=True)
class Conversion:
    pages: tuple[PostPage, ...]
    rules: Rules
    outputs: dict[str, str]  # path relative to the book (posts/..., sources/...) -> MyST text
    diagnostics: tuple[Diagnostic, ...]
    annotations: Annotations = field(default_factory=Annotations)  # for the next run


def archive_format(data: bytes, requested: str) -> str:
    """Blogger exports are XML; anything else is read as a text archive."""
    if requested != "auto":
        return requested
    return BLOGGER if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else TEXT


def parse_archive(
    data: bytes, path: str, *, input_format: str, drafts: bool, blog_address: str | None = None
) -> ParseResult:
    if archive_format(data, input_format) == BLOGGER:
        from blogbook.parse_blogger import parse_blogger_export  # only exports need XML

        return parse_blogger_export(data, path, include_drafts=drafts, blog_address=blog_address)
    return parse_text_archive(data, path)


def parse_key(data: bytes, path: str, how: tuple[str, bool, str | None]) -> str:
    """A digest of an archive file and of how it is read (format, drafts, blog address)."""
    found = hashlib.sha256(repr((path, how)).encode())
    found.update(data)
    return found.hexdigest()


def parse_all(
    inputs: Inputs, rules: Rules, known: Mapping[str, ParseResult]
) -> dict[str, ParseResult]:
    """Every archive file parsed, by :func:`parse_key`; *known*: files an earlier run
    parsed, reused where a file and how it is read are unchanged."""
    blog = rules.editorial.blog_address
    parsed: dict[str, ParseResult] = {}
    for path, data in inputs.archives:
        key = parse_key(data, path, (inputs.input_format, inputs.drafts, blog))
        parsed[key] = known.get(key) or parse_archive(
            data, path, input_format=inputs.input_format, drafts=inputs.drafts, blog_address=blog
        )
    return parsed


def read_rules(inputs: Inputs) -> tuple[Rules, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    editorial = editorial_mod.EMPTY
    if inputs.editorial is not None:
        editorial, found = editorial_mod.parse_editorial(inputs.editorial[1], inputs.editorial[0])
        problems.extend(found)
    topics: list[TopicRule] = []
    for path, text in inputs.topic_pages:
        slug = path.rsplit("/", 1)[-1].removesuffix(".md")
        rule, found = parse_topic_rule(text, path, slug)
        problems.extend(found)
        if rule is not None:
            topics.append(rule)
    terms: tuple[Term, ...] = ()
    if inputs.glossary is not None:
        terms, found = parse_glossary(inputs.glossary[1], inputs.glossary[0])
        problems.extend(found)
    bibliography: Bibliography | None = None
    if inputs.bibliography is not None:
        bibliography, found = read_bibliography(inputs.bibliography[1], inputs.bibliography[0])
        problems.extend(found)
    rules = Rules(
        editorial=editorial,
        topics=tuple(topics),
        terms=terms,
        source_keys=frozenset(bibliography.keys) if bibliography else None,
        source_urls=dict(bibliography.urls) if bibliography else {},
        sources=bibliography.sources if bibliography else (),
    )
    return rules, problems


def render_all(pages: Sequence[PostPage], known: Mapping[str, str]) -> list[tuple[str, str]]:
    """Every post page rendered (on every core, when many are new), with a digest of the
    page (its post and all the book says of it); *known*: pages of an earlier run,
    reused where a page is unchanged."""
    if not known:  # nothing to reuse: each page is digested where it is rendered
        return forked.map_forked(_digested_and_rendered, pages)
    keys = [page_digest(page) for page in pages]
    new = [page for page, key in zip(pages, keys, strict=True) if key not in known]
    made = iter(text for _, text in forked.map_forked(_digested_and_rendered, new))
    return [(key, known[key] if key in known else next(made)) for key in keys]


def _digested_and_rendered(page: PostPage) -> tuple[str, str]:
    return page_digest(page), render_post(page)


def convert_book(
    inputs: Inputs, *, strict: bool = False, known: Annotations | None = None
) -> Conversion:
    """Parse, apply the rules, render. On any error, no outputs at all. *known*: what an
    earlier run under the same rules kept (see :mod:`blogbook.annotations`)."""
    known = known or Annotations()
    rules, found_in_rules = known.rules_read or read_rules(inputs)
    problems = list(found_in_rules)
    posts: list[Post] = []
    parsed = parse_all(inputs, rules, known.parsed)
    for result in parsed.values():
        posts.extend(result.posts)
        problems.extend(result.diagnostics)
    problems.extend(find_mojibake(posts))
    pages: tuple[PostPage, ...] = ()
    annotations = known
    related = known.related
    if not diag.has_errors(problems, strict=strict):
        pages, found_in_pages, annotations = build_pages(posts, rules, known)
        pages, related = with_related(pages, known.related)
        problems.extend(found_in_pages)
    if diag.has_errors(problems, strict=strict):
        return Conversion(
            pages=(), rules=rules, outputs={}, diagnostics=tuple(problems), annotations=annotations
        )
    rendered = render_all(pages, known.rendered)
    annotations = replace(
        annotations,
        rules_read=(rules, tuple(found_in_rules)),
        rendered=dict(rendered),
        related=related,
        parsed=parsed,
    )
    outputs = {f"{page.docname}.md": text for page, (_, text) in zip(pages, rendered, strict=True)}
    for index_page in render_archive_pages(pages):
        outputs[f"{index_page.docname}.md"] = index_page.text
    for docname, text in render_source_pages(rules.sources).items():
        outputs[f"{docname}.md"] = text
    return Conversion(
        pages=pages,
        rules=rules,
        outputs=outputs,
        diagnostics=tuple(problems),
        annotations=annotations,
    )
