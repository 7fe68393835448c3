"""Tests for the Blogger export reader.

Two levels: a table for timestamps, and case files for whole exports: each fixture under
``tests/fixtures/blogger/`` is read with the options given in ``EXPORT_CASES`` and the whole
result is compared with ``expected/<case>.json``. To regenerate the goldens after an
intended change, run with ``--update-goldens`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
from pathlib import Path
from typing import Any

import pytest

from blocks import P, T
from blogbook.diagnostics import Severity
from blogbook.parse_blogger import parse_blogger_export, parse_timestamp
from conftest import check_golden

FIXTURES = Path(__file__).parent / "fixtures" / "blogger"


# --- timestamps --------------------------------------------------------------------

_BST = datetime.timezone(datetime.timedelta(hours=1))
_PDT = datetime.timezone(datetime.timedelta(hours=-7))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2014-08-28T10:12:00.001+01:00", datetime.datetime(2014, 8, 28, 10, 12, 0, 1000, _BST)),
        ("2014-08-15T00:30:00.000+01:00", datetime.datetime(2014, 8, 15, 0, 30, tzinfo=_BST)),
        ("2011-05-11T19:46:00Z", datetime.datetime(2011, 5, 11, 19, 46, tzinfo=datetime.UTC)),
        ("2010-11-27T07:12:00.5-07:00", datetime.datetime(2010, 11, 27, 7, 12, 0, 500000, _PDT)),
        (
            "2010-11-27T07:12:00.123456789-07:00",
            datetime.datetime(2010, 11, 27, 7, 12, 0, 123456, _PDT),
        ),
        ("2014-02-30T10:00:00Z", None),
        ("2014-08-28T25:00:00Z", None),
        ("2014-08-28", None),
        ("2014-08-28T10:12:00", None),
        ("Thursday, 28 August 2014", None),
        ("", None),
    ],
)
def test_parse_timestamp(raw: str, expected: datetime.datetime | None) -> None:
    assert parse_timestamp(raw) == expected


# --- whole exports -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class ExportCase:
    name: str  # also the golden's name: expected/<name>.json
    fixture: str
    include_drafts: bool = False


EXPORT_CASES = [
    ExportCase(name="classic", fixture="classic.xml"),
    ExportCase(name="classic-with-drafts", fixture="classic.xml", include_drafts=True),
    ExportCase(name="takeout", fixture="takeout.atom"),
    ExportCase(name="takeout-with-drafts", fixture="takeout.atom", include_drafts=True),
    ExportCase(name="odd-entries", fixture="odd-entries.atom"),
    ExportCase(name="bad-entries", fixture="bad-entries.xml"),
    ExportCase(name="not-xml", fixture="not-xml.xml"),
    ExportCase(name="not-blogger", fixture="not-blogger.xml"),
]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in EXPORT_CASES])
def test_export_case(case: ExportCase, update_goldens: bool) -> None:
    data = (FIXTURES / case.fixture).read_bytes()
    result = parse_blogger_export(data, case.fixture, include_drafts=case.include_drafts)
    actual = json.dumps(to_json(result), ensure_ascii=False, indent=1) + "\n"
    check_golden(FIXTURES / "expected" / f"{case.name}.json", actual, update=update_goldens)


def to_json(value: Any) -> Any:
    """A whole ParseResult as plain JSON data; each record names its type."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            field.name: to_json(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
        return {"type": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _export(entries: str, *, feed_attributes: str = "") -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<feed xmlns='http://www.w3.org/2005/Atom'{feed_attributes}>\n"
        "<id>tag:blogger.com,1999:blog-1.archive</id>\n"
        f"{entries}</feed>\n"
    ).encode()


_KIND_POST = (
    "<category scheme='http://schemas.google.com/g/2005#kind' "
    "term='http://schemas.google.com/blogger/2008/kind#post'/>"
)


def test_example_from_the_brief() -> None:
    data = _export(
        f"<entry>{_KIND_POST}<published>2014-08-28T10:12:00.001+01:00</published>"
        "<title type='text'>Rotherham</title>"
        "<content type='html'>First para&lt;br /&gt;&lt;br /&gt;"
        "Second line one&lt;br /&gt;line two</content></entry>\n"
    )
    result = parse_blogger_export(data, "blog.xml")
    assert to_json(result) == {
        "type": "ParseResult",
        "posts": [
            {
                "type": "Post",
                "date": "2014-08-28",
                "title": "Rotherham",
                "blocks": [
                    {
                        "type": "Paragraph",
                        "inlines": [{"type": "Text", "text": "First para"}],
                        "line": 4,
                    },
                    {
                        "type": "Paragraph",
                        "inlines": [
                            {"type": "Text", "text": "Second line one"},
                            {"type": "LineBreak"},
                            {"type": "Text", "text": "line two"},
                        ],
                        "line": 4,
                    },
                ],
                "origin": {"type": "Origin", "path": "blog.xml", "line": 4},
                "original_url": None,
                "labels": [],
                "title_guessed": False,
            }
        ],
        "diagnostics": [],
    }


def test_posts_come_out_in_time_order() -> None:
    def post(stamp: str, title: str) -> str:
        return (
            f"<entry>{_KIND_POST}<published>{stamp}</published>"
            f"<title>{title}</title><content type='html'>x</content></entry>\n"
        )

    data = _export(
        post("2014-08-14T16:05:00-07:00", "third")  # 23:05 UTC
        + post("2014-08-14T23:00:00+01:00", "second")  # 22:00 UTC
        + post("2014-08-14T09:00:00Z", "first")
        + post("2014-08-14T09:00:00Z", "first too")
    )
    result = parse_blogger_export(data, "blog.xml")
    assert [(p.title, p.date.isoformat()) for p in result.posts] == [
        ("first", "2014-08-14"),
        ("first too", "2014-08-14"),
        ("second", "2014-08-14"),
        ("third", "2014-08-14"),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", ("export-not-xml", 1), id="empty"),
        pytest.param(b"<rss version='2.0'><channel/></rss>", ("export-not-blogger", 1), id="rss"),
        pytest.param(
            b"<?xml version='1.0'?>\n<!DOCTYPE feed [<!ENTITY x 'y'>]>\n"
            b"<feed xmlns='http://www.w3.org/2005/Atom'>&x;</feed>",
            ("export-not-blogger", 1),
            id="dtd",
        ),
        pytest.param(b"<feed>\n<entry>\n</feed>", ("export-not-xml", 3), id="unclosed"),
        pytest.param(
            b"<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry><foo:draft/></entry></feed>",
            ("export-not-xml", 2),
            id="undeclared-prefix-not-bloggers",
        ),
        pytest.param(
            b"<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry><app:draft/>\n</feed>",
            ("export-not-xml", 3),
            id="undeclared-blogger-prefix-and-another-error",
        ),
        pytest.param(b"<feed>\n\xff</feed>", ("export-not-xml", 2), id="not-utf8"),
    ],
)
def test_unreadable_files(data: bytes, expected: tuple[str, int]) -> None:
    result = parse_blogger_export(data, "blog.xml")
    assert result.posts == ()
    assert [(d.severity, d.code.value, d.line) for d in result.diagnostics] == [
        (Severity.ERROR, *expected)
    ]


def test_empty_export_warns() -> None:
    result = parse_blogger_export(_export(""), "blog.xml")
    assert [d.format() for d in result.diagnostics] == [
        "blog.xml:1: warning: the export holds no published post [export-no-posts]"
    ]


def test_html_too_deep_to_read_warns() -> None:
    deep = "&lt;div&gt;" * 3000 + "lost"
    data = _export(
        f"<entry>{_KIND_POST}<published>2014-08-28T10:12:00Z</published>"
        f"<title>Deep</title>\n<content type='html'>kept{deep}</content></entry>\n"
    )
    result = parse_blogger_export(data, "blog.xml")
    assert [(d.severity, d.code.value, d.line) for d in result.diagnostics] == [
        (Severity.WARNING, "export-html-incomplete", 5),
    ]
    assert result.posts[0].blocks == (P(T("kept"), line=5),)
