"""YAML that remembers where it came from, so every complaint can say ``file:line``.

PyYAML composes the node tree (with positions); this module turns it into
:class:`Node` values of three shapes (text, list, mapping) and reports
duplicate keys, which PyYAML would silently resolve by keeping the last.
Scalars stay text: the caller decides what a date or a number is.

Each node knows its file and the code its document's problems carry (the editorial
layer's are ``bad-editorial``, a topic page's ``bad-topic``, the glossary's
``bad-glossary``), so the typed accessors need only the node and what it should be.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from blogbook import diagnostics as diag
from blogbook.diagnostics import Code, Diagnostic


class YamlError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass(frozen=True, kw_only=True)
class Node:
    value: str | list[Node] | dict[str, Node] | None
    line: int  # 1-based; for a mapping entry, the line of its key
    path: str
    code: Code  # what a problem with this document's shape is called

    def error(self, message: str, code: Code | None = None) -> YamlError:
        """An error at this node, with the document's code unless *code* says otherwise."""
        return YamlError(diag.error(code or self.code, self.path, self.line, message))


def load(text: str, path: str, code: Code, *, first_line: int = 1) -> Node | None:
    """Parse *text*; *first_line* is where it starts in the file (front matter).

    Raises :class:`YamlError` for malformed YAML or duplicate keys.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        # Where the broken construct starts says more than where parsing gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(diag.error(Code.BAD_YAML, path, line, f"invalid YAML: {problem}")) from exc
    if root is None:
        return None
    return _convert(root, path, code, first_line - 1)


def _convert(node: yaml.Node, path: str, code: Code, offset: int) -> Node:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        is_null = node.tag == "tag:yaml.org,2002:null"
        return Node(value=None if is_null else node.value, line=line, path=path, code=code)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, path, code, offset) for item in node.value]
        return Node(value=items, line=line, path=path, code=code)
    if isinstance(node, yaml.MappingNode):
        entries: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(diag.error(Code.BAD_YAML, path, key_line, "a key must be text"))
            if key_node.value in entries:
                message = f"duplicate key {key_node.value!r}"
                raise YamlError(diag.error(Code.DUPLICATE_KEY, path, key_line, message))
            value = _convert(value_node, path, code, offset)
            entries[key_node.value] = Node(value=value.value, line=key_line, path=path, code=code)
        return Node(value=entries, line=line, path=path, code=code)
    # Aliases and the like.
    raise YamlError(diag.error(Code.BAD_YAML, path, line, "unsupported YAML"))


def front_matter(text: str, path: str, code: Code) -> Node | None:
    """The YAML front matter of a Markdown page (between ``---`` lines), if any."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return load("\n".join(lines[1:index]), path, code, first_line=2)
    raise YamlError(diag.error(Code.BAD_YAML, path, 1, "front matter is not closed by '---'"))


# --- typed access, raising YamlError at the node ------------------------------------


def mapping(node: Node | None, what: str) -> dict[str, Node]:
    if node is None or node.value is None:
        return {}
    if not isinstance(node.value, dict):
        raise node.error(f"{what} must be a mapping")
    return node.value


def sequence(node: Node | None, what: str) -> list[Node]:
    if node is None or node.value is None:
        return []
    if isinstance(node.value, str):
        return [node]  # a single item may be written without a list
    if not isinstance(node.value, list):
        raise node.error(f"{what} must be a list")
    return node.value


def text(node: Node, what: str) -> str:
    if not isinstance(node.value, str) or not node.value.strip():
        raise node.error(f"{what} must be text")
    return node.value


def texts(node: Node, what: str) -> tuple[str, ...]:
    return tuple(text(item, what) for item in sequence(node, what))


def only_keys(entries: dict[str, Node], allowed: set[str], what: str) -> None:
    for key, node in entries.items():
        if key not in allowed:
            expected = ", ".join(sorted(allowed))
            raise node.error(f"unknown key {key!r} in {what} (expected one of: {expected})")
