"""YAML that remembers line numbers, so every complaint can say ``file:line``.

PyYAML composes the node tree (with positions); this module turns it into
:class:`Node` values of three shapes (text, list, mapping) and reports
duplicate keys, which PyYAML would silently resolve by keeping the last.
Scalars stay text: the caller decides what a date or a number is.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from blogbook import diagnostics as diag
from blogbook.diagnostics import Diagnostic


@dataclass(frozen=True, kw_only=True)
class Node:
    value: str | list[Node] | dict[str, Node] | None
    line: int  # 1-based; for a mapping entry, the line of its key


class YamlError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def load(text: str, path: str, *, first_line: int = 1) -> Node | None:
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
        raise YamlError(diag.error("bad-yaml", path, line, f"invalid YAML: {problem}")) from exc
    if root is None:
        return None
    return _convert(root, path, first_line - 1)


def _convert(node: yaml.Node, path: str, offset: int) -> Node:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        is_null = node.tag == "tag:yaml.org,2002:null"
        return Node(value=None if is_null else node.value, line=line)
    if isinstance(node, yaml.SequenceNode):
        return Node(value=[_convert(item, path, offset) for item in node.value], line=line)
    if isinstance(node, yaml.MappingNode):
        entries: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(diag.error("bad-yaml", path, key_line, "a key must be text"))
            if key_node.value in entries:
                message = f"duplicate key {key_node.value!r}"
                raise YamlError(diag.error("duplicate-key", path, key_line, message))
            value = _convert(value_node, path, offset)
            entries[key_node.value] = Node(value=value.value, line=key_line)
        return Node(value=entries, line=line)
    raise YamlError(diag.error("bad-yaml", path, line, "unsupported YAML"))  # aliases etc.


def front_matter(text: str, path: str) -> Node | None:
    """The YAML front matter of a Markdown page (between ``---`` lines), if any."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return load("\n".join(lines[1:index]), path, first_line=2)
    raise YamlError(diag.error("bad-yaml", path, 1, "front matter is not closed by '---'"))


# --- typed access, raising YamlError with the node's line ---------------------------


def mapping(node: Node | None, path: str, what: str) -> dict[str, Node]:
    if node is None or node.value is None:
        return {}
    if not isinstance(node.value, dict):
        raise YamlError(diag.error("bad-editorial", path, node.line, f"{what} must be a mapping"))
    return node.value


def sequence(node: Node, path: str, what: str) -> list[Node]:
    if node.value is None:
        return []
    if isinstance(node.value, str):
        return [node]  # a single item may be written without a list
    if not isinstance(node.value, list):
        raise YamlError(diag.error("bad-editorial", path, node.line, f"{what} must be a list"))
    return node.value


def text(node: Node, path: str, what: str) -> str:
    if not isinstance(node.value, str) or not node.value.strip():
        raise YamlError(diag.error("bad-editorial", path, node.line, f"{what} must be text"))
    return node.value


def texts(node: Node, path: str, what: str) -> tuple[str, ...]:
    return tuple(text(item, path, what) for item in sequence(node, path, what))


def only_keys(entries: dict[str, Node], allowed: set[str], path: str, what: str) -> None:
    for key, node in entries.items():
        if key not in allowed:
            expected = ", ".join(sorted(allowed))
            message = f"unknown key {key!r} in {what} (expected one of: {expected})"
            raise YamlError(diag.error("bad-editorial", path, node.line, message))
