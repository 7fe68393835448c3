"""YAML with positions (blogbook.yamldata): every value keeps its file, line and code, and
every problem is reported at its line, whatever the document."""

from __future__ import annotations

import pytest
import yaml

from blogbook import yamldata as y
from blogbook.diagnostics import Code

CODE = Code.BAD_EDITORIAL
NodeValue = str | list[y.Node] | dict[str, y.Node] | None


def node(value: NodeValue, line: int, path: str = "e.yaml", code: Code = CODE) -> y.Node:
    return y.Node(value=value, line=line, path=path, code=code)


def problem(text: str, *, first_line: int = 1) -> str:
    """The formatted diagnostic :func:`yamldata.load` raises for *text*."""
    with pytest.raises(y.YamlError) as raised:
        y.load(text, "e.yaml", CODE, first_line=first_line)
    assert str(raised.value) == raised.value.diagnostic.format()
    return raised.value.diagnostic.format()


def test_values_keep_their_lines_files_and_codes() -> None:
    text = "a: null\nb: ~\nc:\nd: 'null'\ne: [x, ~]\nf:\n  - g\n  - {h: i}\n"
    assert y.load(text, "e.yaml", CODE) == node(
        {
            "a": node(None, 1),
            "b": node(None, 2),
            "c": node(None, 3),
            "d": node("null", 4),  # quoted: text
            "e": node([node("x", 5), node(None, 5)], 5),
            "f": node([node("g", 7), node({"h": node("i", 8)}, 8)], 6),
        },
        1,
    )


def test_an_empty_document_is_none() -> None:
    assert y.load("", "e.yaml", CODE) is None
    assert y.load("# a comment only\n", "e.yaml", CODE) is None


def test_lines_count_from_where_the_text_starts_in_its_file() -> None:
    assert y.load("a:\n  - b\n", "t.md", Code.BAD_TOPIC, first_line=3) == node(
        {"a": node([node("b", 4, "t.md", Code.BAD_TOPIC)], 3, "t.md", Code.BAD_TOPIC)},
        3,
        "t.md",
        Code.BAD_TOPIC,
    )


@pytest.mark.parametrize(
    ("text", "first_line", "expected"),
    [
        # A problem with a context is reported where the context starts...
        (
            "a: [b\n",
            1,
            "e.yaml:1: error: invalid YAML: expected ',' or ']', but got '<stream end>' [bad-yaml]",
        ),
        (
            "x: 1\na: [b\n",
            10,
            "e.yaml:11: error: invalid YAML: expected ',' or ']', but got '<stream end>' [bad-yaml]",
        ),
        # ...one without, where it is.
        (
            "a: b\n  c: d\n",
            1,
            "e.yaml:2: error: invalid YAML: mapping values are not allowed here [bad-yaml]",
        ),
        (
            "a: b\n  c: d\n",
            5,
            "e.yaml:6: error: invalid YAML: mapping values are not allowed here [bad-yaml]",
        ),
        # A character YAML refuses: no position but the file's first line, PyYAML's own words.
        (
            "a: b\x07",
            1,
            "e.yaml:1: error: invalid YAML: unacceptable character #x0007: special characters "
            'are not allowed\n  in "<unicode string>", position 4 [bad-yaml]',
        ),
        ("a: 1\nb:\n  a: 2\n  a: 3\n", 1, "e.yaml:4: error: duplicate key 'a' [duplicate-key]"),
        ("? [a]\n: 1\n", 1, "e.yaml:1: error: a key must be text [bad-yaml]"),
        ("x: 1\n? [a]\n: 1\n", 3, "e.yaml:4: error: a key must be text [bad-yaml]"),
    ],
)
def test_problems_say_where(text: str, first_line: int, expected: str) -> None:
    assert problem(text, first_line=first_line) == expected


def test_a_node_of_no_known_shape_is_a_problem() -> None:
    """PyYAML composes scalars, sequences and mappings only; anything else is refused."""
    mark = yaml.Mark("e.yaml", 0, 6, 0, "", 0)
    odd = yaml.Node("tag:odd", "x", mark, mark)
    with pytest.raises(y.YamlError) as raised:
        y._convert(odd, "e.yaml", CODE, 2)
    assert str(raised.value) == "e.yaml:9: error: unsupported YAML [bad-yaml]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: b\n---\nbody", {"a": node("b", 2, "p.md", Code.BAD_TOPIC)}),
        ("--- \na: b\n---  \nbody", {"a": node("b", 2, "p.md", Code.BAD_TOPIC)}),
        ("---\n---\nbody", None),
        (" ---\na: b\n---\n", None),  # not at the start of the line: no front matter
        ("# Title\n---\na: b\n---\n", None),
        ("", None),
    ],
)
def test_front_matter(text: str, expected: dict[str, y.Node] | None) -> None:
    found = y.front_matter(text, "p.md", Code.BAD_TOPIC)
    assert (found.value if found is not None else None) == expected
    if found is not None:
        assert (found.line, found.path, found.code) == (2, "p.md", Code.BAD_TOPIC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: b\n", "p.md:1: error: front matter is not closed by '---' [bad-yaml]"),
        (
            "---\na: [b\n---\n",
            "p.md:2: error: invalid YAML: expected ',' or ']', but got '<stream end>' [bad-yaml]",
        ),
    ],
)
def test_front_matter_problems(text: str, expected: str) -> None:
    with pytest.raises(y.YamlError) as raised:
        y.front_matter(text, "p.md", Code.BAD_TOPIC)
    assert raised.value.diagnostic.format() == expected


# --- typed access -------------------------------------------------------------------


def access(call: str, value: NodeValue) -> object:
    """What a typed accessor gives for a node holding *value*, or the problem it raises."""
    given = node(value, 7)
    try:
        if call == "mapping":
            return y.mapping(given, "the thing")
        if call == "sequence":
            return y.sequence(given, "the thing")
        if call == "text":
            return y.text(given, "the thing")
        return y.texts(given, "the things")
    except y.YamlError as exc:
        return exc.diagnostic.format()


@pytest.mark.parametrize(
    ("call", "value", "expected"),
    [
        ("mapping", None, {}),
        ("mapping", {"k": node("v", 8)}, {"k": node("v", 8)}),
        ("mapping", "x", "e.yaml:7: error: the thing must be a mapping [bad-editorial]"),
        ("mapping", [node("x", 7)], "e.yaml:7: error: the thing must be a mapping [bad-editorial]"),
        ("sequence", None, []),
        ("sequence", "x", [node("x", 7)]),  # one item may be written without a list
        ("sequence", [node("x", 8)], [node("x", 8)]),
        (
            "sequence",
            {"k": node("v", 8)},
            "e.yaml:7: error: the thing must be a list [bad-editorial]",
        ),
        ("text", "x", "x"),
        ("text", " x ", " x "),
        ("text", "  ", "e.yaml:7: error: the thing must be text [bad-editorial]"),
        ("text", "", "e.yaml:7: error: the thing must be text [bad-editorial]"),
        ("text", None, "e.yaml:7: error: the thing must be text [bad-editorial]"),
        ("text", [node("x", 7)], "e.yaml:7: error: the thing must be text [bad-editorial]"),
        ("texts", [node("a", 7), node("b", 8)], ("a", "b")),
        ("texts", "a", ("a",)),
        ("texts", None, ()),
        (
            "texts",
            [node("a", 7), node(None, 9)],
            "e.yaml:9: error: the things must be text [bad-editorial]",
        ),
    ],
)
def test_typed_access(call: str, value: NodeValue, expected: object) -> None:
    assert access(call, value) == expected


def test_only_keys() -> None:
    entries = {"a": node("1", 3), "zz": node("2", 4)}
    y.only_keys(entries, {"a", "zz"}, "the section")
    with pytest.raises(y.YamlError) as raised:
        y.only_keys(entries, {"b", "a"}, "the section")
    assert raised.value.diagnostic.format() == (
        "e.yaml:4: error: unknown key 'zz' in the section (expected one of: a, b) [bad-editorial]"
    )


def test_an_error_at_a_node_carries_its_documents_code_unless_told() -> None:
    given = node("x", 5, "t.md", Code.BAD_TOPIC)
    assert given.error("bad").diagnostic.format() == "t.md:5: error: bad [bad-topic]"
    assert given.error("bad", Code.BAD_SLUG).diagnostic.format() == "t.md:5: error: bad [bad-slug]"
