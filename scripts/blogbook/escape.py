"""The one place that turns archive text into literal MyST.

Contract: for any string ``s`` without line breaks, ``escape_inline(s)``
placed inside a MyST paragraph renders exactly the characters of ``s``; no
character can start Markdown, MyST or HTML syntax. A backslash before ASCII
punctuation is CommonMark's own way to say "this character is text", so it is
safe whatever the parser is configured to recognise.

Punctuation that only means something at the start of a line (``-``, ``+``,
``=``, ``:``, ``(``, ``1.``, ``1)``) is escaped only there, which keeps the
generated pages readable. Characters that mean something anywhere are always
escaped. Whitespace at the start of a line is dropped, as Markdown would drop
it anyway, so that indentation can never make a code block.
"""

from __future__ import annotations

import re

# Meaningful anywhere: emphasis, code, links, HTML, entities, roles,
# substitutions, math, tables, strikethrough, footnotes, comments, headings.
_ALWAYS = frozenset("\\`*_[]<>&{}$|~^%#+")
# Meaningful only where a line starts: lists, rules, setext underlines,
# colon fences, field lists, definition lists, MyST targets ``(name)=``.
_AT_LINE_START = frozenset("-=:(")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
# Carriage returns and form feeds end or break lines in Markdown; a character
# reference keeps them as text without breaking the paragraph.
_CONTROL = {"\r": "&#13;", "\f": "&#12;", "\v": "&#11;"}
# Every character escaped anywhere, found in one scan in C (a loop in Python was slow).
_ESCAPED = re.compile("[" + re.escape("".join(sorted(_ALWAYS)) + "".join(_CONTROL)) + "]")


def escape_inline(text: str, *, at_line_start: bool) -> str:
    """Escape *text* that continues a line (or starts one if *at_line_start*)."""
    if at_line_start:
        text = text.lstrip(" \t")
    out: list[str] = []
    start = 0
    if at_line_start:
        marker = _ORDERED_MARKER.match(text)
        if marker:
            out.append(marker.group(1) + "\\" + marker.group(2))
            start = marker.end()
        elif text and text[0] in _AT_LINE_START:
            out.append("\\" + text[0])
            start = 1
    out.append(_ESCAPED.sub(_escape_match, text[start:]))
    return "".join(out)


def _escape_match(match: re.Match[str]) -> str:
    char = match.group()
    return _CONTROL.get(char) or "\\" + char


def escape_link_destination(url: str) -> str:
    """A link destination for ``[text](<url>)``: angle brackets allow spaces."""
    escaped = url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
    return escaped.replace("\n", "%0A").replace("\r", "%0D")


def role_content(text: str) -> str:
    """Wrap *text* as the content of a MyST role: backticks longer than any inside it.

    Role content is not parsed as Markdown, so only backticks matter. Unlike a code
    span's, a role's content is not trimmed, so it cannot be padded with spaces: text
    that starts or ends with a backtick cannot be a role's content at all.
    """
    if not text or text.startswith("`") or text.endswith("`"):
        raise ValueError(f"a role cannot hold {text!r}: it starts or ends with a backtick")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence}{text}{fence}"
