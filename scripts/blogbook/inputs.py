"""What the conversion reads: every input file's content, and how to read the archives.

Kept apart from :mod:`blogbook.book` so that the command line can read its inputs and
see that nothing changed without loading the converter's modules.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"
BLOGGER = "blogger"


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """Every file the conversion reads, as (path shown in messages, content)."""

    archives: tuple[tuple[str, bytes], ...]
    editorial: tuple[str, str] | None = None
    topic_pages: tuple[tuple[str, str], ...] = ()  # topics/<slug>.md, index excluded
    glossary: tuple[str, str] | None = None
    bibliography: tuple[str, str] | None = None
    input_format: str = "auto"  # "auto", TEXT or BLOGGER
    drafts: bool = False


def rule_inputs(inputs: Inputs) -> object:
    """The inputs the rules are read from (every input but the archives)."""
    return (inputs.editorial, inputs.topic_pages, inputs.glossary, inputs.bibliography)
