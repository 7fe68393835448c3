"""Builders for expected blocks: short names keep the tables of cases readable."""

from __future__ import annotations

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
)


def T(text: str) -> Text:  # noqa: N802 - short names keep the tables readable
    return Text(text=text)


BR = LineBreak()


def L(url: str, *children: Inline) -> Link:  # noqa: N802
    return Link(url=url, children=children)


def EM(*children: Inline) -> Emphasis:  # noqa: N802
    return Emphasis(children=children)


def ST(*children: Inline) -> Strong:  # noqa: N802
    return Strong(children=children)


def P(*inlines: Inline, line: int = 1) -> Paragraph:  # noqa: N802
    return Paragraph(inlines=inlines, line=line)


def UL(*items: tuple[Block, ...], line: int = 1) -> ListBlock:  # noqa: N802
    return ListBlock(ordered=False, items=items, line=line)


def OL(*items: tuple[Block, ...], line: int = 1) -> ListBlock:  # noqa: N802
    return ListBlock(ordered=True, items=items, line=line)


def Q(*blocks: Block, line: int = 1) -> Quote:  # noqa: N802
    return Quote(blocks=blocks, line=line)


IMG = "http://1.bp.blogspot.com/-AbC/U-1/AAAA/XyZ"
