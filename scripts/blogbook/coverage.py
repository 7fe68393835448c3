"""The sources report: what the posts mention but do not cite, for the editor.

A sentence *mentions a source* when it names a kind of document (report,
inspection, article, figures, ...) or a publisher (Ofsted, Cafcass, The
Guardian, ...). It is *covered* when a citation falls inside it, or when the
editorial layer lists a phrase of it under ``uncited`` with a reason. The
report lists every mention that is not covered, then the documented ones,
then the external links of posts (from Blogger exports) that are not sources
yet, most linked first: candidates for ``references.bib``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from blogbook.editorial import normalise_words
from blogbook.model import inline_text, link_urls, paragraphs
from blogbook.pages import PostPage, Rules
from blogbook.phrases import compile_phrases
from blogbook.postkeys import key_matches
from blogbook.sentences import sentences
from blogbook.sources import normalise_url

MENTION_WORDS = (
    "report",
    "reports",
    "inspection",
    "inspections",
    "inquiry",
    "enquiry",
    "review",
    "article",
    "articles",
    "figures",
    "statistics",
    "survey",
    "study",
    "publishes",
    "published",
    "publication",
    "press release",
    "consultation",
    "quoted",
    "Guardian",
    "Community Care",
    "Children and Young People Now",
    "CYP Now",
    "Ofsted",
    "Cafcass",
    "BBC",
)
_MENTION = compile_phrases(MENTION_WORDS, ignore_case=True)


@dataclass(frozen=True, kw_only=True)
class Mention:
    path: str
    line: int
    title: str
    sentence: str
    reason: str | None  # why it is left uncited, when the editor said so


def find_mentions(page: PostPage, rules: Rules) -> list[Mention]:
    """Sentences of *page* that mention a source and carry no citation."""
    edits = [e for e in rules.editorial.posts if key_matches(e.key, page.post)]
    documented = [u for e in edits for u in e.uncited]
    found = []
    for index, paragraph in enumerate(paragraphs(page.post.blocks)):
        text = inline_text(paragraph.inlines)
        cited_at = [c.offset for c in page.citations if c.paragraph == index]
        for start, end in sentences(text):
            sentence = text[start:end]
            if not _MENTION.search(sentence) or any(start < o <= end for o in cited_at):
                continue
            flat = normalise_words(sentence)
            reason = next((u.reason for u in documented if u.phrase in flat), None)
            found.append(
                Mention(
                    path=page.post.origin.path,
                    line=paragraph.line,
                    title=page.title,
                    sentence=flat,
                    reason=reason,
                )
            )
    return found


def candidate_sources(pages: Sequence[PostPage]) -> list[tuple[str, int, int]]:
    """(url, times linked, posts linking) for links that are not sources, most linked first.

    Addresses that differ only in scheme, ``www.`` or a final ``/`` count as one,
    shown as first linked.
    """
    times: Counter[str] = Counter()
    posts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for page in pages:
        own = {url for url, _ in page.links_to_posts}  # links to other posts are not sources
        urls = [
            u for p in paragraphs(page.post.blocks) for u in link_urls(p.inlines) if u not in own
        ]
        for url in urls:
            shown.setdefault(normalise_url(url), url)
        times.update(normalise_url(u) for u in urls)
        posts.update({normalise_url(u) for u in urls})
    ranked = sorted(times.items(), key=lambda pair: (-pair[1], pair[0]))
    return [(shown[key], count, posts[key]) for key, count in ranked]


def coverage_report(pages: Sequence[PostPage], rules: Rules) -> str:
    mentions = [m for page in pages for m in find_mentions(page, rules)]
    uncited = [m for m in mentions if m.reason is None]
    documented = [m for m in mentions if m.reason is not None]
    lines = [f"Mentions of sources without a citation: {len(uncited)}"]
    lines += [f"{m.path}:{m.line}: {m.title}: {m.sentence}" for m in uncited]
    lines += ["", f"Left uncited on purpose (archive/editorial.yaml): {len(documented)}"]
    lines += [f"{m.path}:{m.line}: {m.sentence}\n    reason: {m.reason}" for m in documented]
    candidates = candidate_sources(pages)
    lines += ["", f"Links that are not sources yet, most linked first: {len(candidates)}"]
    lines += [f"{n:4d} link(s) in {p} post(s): {u}" for u, n, p in candidates]
    return "\n".join(lines) + "\n"
