"""Text as it was saved: words that look decoded in the wrong code page.

A month page saved from the web can hold text that was decoded once with the wrong
code page and then saved as valid UTF-8: "naïve" shows as "na├»ve" (cp437) or
"naÃ¯ve" (Latin-1). The converter never changes the author's text, so such words
are reported, with what ftfy's repair would make of them, for the editor to correct
the archive. ftfy's detector is thorough but slow on long texts, so it only looks at
lines where a character that such text always holds is followed by another
non-ASCII character.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from blogbook import diagnostics as diag
from blogbook.diagnostics import Code, Diagnostic
from blogbook.model import Post, inline_text, paragraphs

# The first character of UTF-8 read as Latin-1, Windows-1252, Mac Roman or cp437
# (Â Ã â √ and box drawing, among others), or a C1 control, before another non-ASCII one.
_SUSPECT = re.compile(
    "[\u0080-\u009f\u00c2-\u00c5\u00ce\u00cf\u00d0\u00d1\u00e2\u00e3\u221a\u2500-\u25ff]"
    "[^\x00-\x7f]"
)
MAX_WORDS_SHOWN = 3


def find_mojibake(posts: Iterable[Post]) -> list[Diagnostic]:
    """A warning for each line of a post (its title included) that looks double-encoded."""
    found = []
    for post in posts:
        lines = [(post.origin.line, post.title or "")]
        for paragraph in paragraphs(post.blocks):
            text = inline_text(paragraph.inlines)
            lines += [(paragraph.line + n, line) for n, line in enumerate(text.split("\n"))]
        for number, line in lines:
            if _SUSPECT.search(line) and _looks_bad(line):
                found.append(_warning(post.origin.path, number, line))
    return found


def _looks_bad(line: str) -> bool:
    # ftfy loads only for a suspect line: importing it was a tenth of an edit's run.
    from ftfy.badness import is_bad

    return bool(is_bad(line))


def _warning(path: str, line: int, text: str) -> Diagnostic:
    import ftfy

    repaired, steps = ftfy.fix_encoding_and_explain(text)
    code_page = next((value for action, value in steps or () if action == "encode"), None)
    changes = _changed_words(text, repaired)
    if changes:
        shown = "; ".join(f"{old!r} would read {new!r}" for old, new in changes)
        how = f" (read as {code_page})" if code_page else ""
        message = f"text looks decoded in the wrong code page{how}: {shown}; correct the archive"
    else:  # mixed with well-encoded text, which ftfy then leaves alone
        suspects = [word for word in text.split() if _SUSPECT.search(word)][:MAX_WORDS_SHOWN]
        shown = ", ".join(map(repr, suspects))
        message = f"text looks decoded in the wrong code page: {shown}; check the archive"
    return diag.warning(Code.MOJIBAKE, path, line, message)


def _changed_words(text: str, repaired: str) -> list[tuple[str, str]]:
    """The first few runs of words that the repair changes, before and after."""
    old, new = text.split(), repaired.split()
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag != "equal":
            changes.append((" ".join(old[a_start:a_end]), " ".join(new[b_start:b_end])))
    return changes[:MAX_WORDS_SHOWN]
