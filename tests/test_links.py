"""The editor's link checker (``scripts/links.py``, ``make links``).

A web on 127.0.0.1 (``tests/linkweb.py``) plays every case: 200, redirects, 404 and
410, 429 then 200, 503, 403, an answer slower than the time-out, a refused connection,
and the Internet Archive's availability API. No test reaches any other address: a
guard refuses every connection that is not to the loopback address.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import runpy
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blogbook.links import cli as links_cli
from blogbook.links.probe import BOOK_ADDRESS, USER_AGENT, retry_delay
from blogbook.links.run import spread_over_hosts
from blogbook.links.table import COLUMNS, Row, Status, TableError, format_table, read_table
from blogbook.links.verdict import Answer, Outcome, record_check
from blogbook.links.wayback import read_availability
from conftest import ROOT
from linkweb import FakeWeb, refused_url

TODAY = "2026-03-01"
DAY = datetime.date(2026, 3, 1)
# Fast and small: short time-out, tiny pauses, one retry, no pacing of the archive.
FAST = (
    "--timeout", "0.25", "--backoff", "0.01", "--max-wait", "0.05", "--retries", "1",
    "--archive-pace", "0", "--jobs", "4",
)  # fmt: skip


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection elsewhere than 127.0.0.1 fails the test, and no proxy is used."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        assert host in ("127.0.0.1", "::1"), f"a test tried to reach {address}"
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    server = FakeWeb().start()
    yield server
    server.stop()


def write_book(
    root: Path,
    *,
    early: list[str],
    later: list[str],
    sources: dict[str, str] | None = None,
    original_url: str | None = None,
) -> Path:
    """A book of two posts (5 and 28 August 2014) linking to *early* and *later*, with a
    bibliography of *sources* (key -> url) and the later post's original address."""

    def paragraph(urls: list[str]) -> str:
        return "Links: " + " and ".join(urls) + " here." if urls else "No links."

    archive = (
        f"Thursday, 28 August 2014\n\nA later post\n\n{paragraph(later)}\n\n"
        f"Tuesday, 5 August 2014\n\nAn early post\n\n{paragraph(early)}\n"
    )
    (root / "archive").mkdir(parents=True)
    (root / "archive" / "2014-08.txt").write_text(archive, encoding="utf-8")
    if original_url:
        editorial = f'posts:\n  "2014-08-28 A later post":\n    original_url: {original_url}\n'
        (root / "archive" / "editorial.yaml").write_text(editorial, encoding="utf-8")
    entries = [
        f"@misc{{{key},\n  kind = {{inquiry}},\n  title = {{A report}},\n  author = {{{{Someone}}}},\n"
        f"  year = {{2014}},\n  url = {{{url}}}\n}}\n"
        for key, url in (sources or {}).items()
    ]
    (root / "references.bib").write_text("\n".join(entries), encoding="utf-8")
    return root


def run(book: Path, table: Path, *args: str, today: str = TODAY) -> int:
    return links_cli.main(["--root", str(book), "--table", str(table), "--today", today, *args])


def run_web(book: Path, table: Path, web: FakeWeb, *args: str, today: str = TODAY) -> int:
    return run(book, table, *FAST, "--archive-api", web.archive_api, *args, today=today)


def rows_of(table: Path) -> dict[str, dict[str, str]]:
    with table.open(encoding="utf-8", newline="") as handle:
        return {row["url"]: row for row in csv.DictReader(handle)}


def snapshot(web: FakeWeb, path: str, stamp: str) -> dict[str, Any]:
    return {
        "available": True,
        "url": f"http://web.archive.org/web/{stamp}/{web.url(path)}",
        "timestamp": stamp,
        "status": "200",
    }


# --- the whole run: every case in one table --------------------------------------------


def expected_table(web: FakeWeb, refused: str) -> str:
    """The table the first test's book must give."""
    u = web.url
    archive = "https://web.archive.org/web"
    header = ",".join(COLUMNS)
    expected = [
        # url, status, checked, http_code, final_url, failures, failing_since, problem,
        # cited, archived_url, archived_at, archive_checked
        f"{u('/ok')},ok,{TODAY},200,,0,,,2014-08-05,,,",  # linked from both posts: the earliest
        f"{u('/moved')},ok,{TODAY},200,{u('/ok')},0,,,2014-08-28,,,",
        f"{u('/moved-gone')},dead,{TODAY},404,{u('/gone')},0,,,2014-08-05,,,{TODAY}",
        f"{u('/gone')},dead,{TODAY},404,,0,,,2014-08-28,{archive}/20140830120000/{u('/gone')},2014-08-30,{TODAY}",
        f"{u('/removed')},dead,{TODAY},410,,0,,,2014-08-05,,,{TODAY}",
        f"{u('/busy')},ok,{TODAY},200,,0,,,2014-08-05,,,",
        f"{u('/slow')},unreachable,{TODAY},,,1,{TODAY},timeout,2014-08-05,,,",
        f"{refused},unreachable,{TODAY},,,1,{TODAY},connection,2014-08-05,,,",
        # linked from both posts, and so cited by both: the earliest date
        f"{u('/report')},dead,{TODAY},404,,0,,,2014-08-05,{archive}/20140801093000/{u('/report')},2014-08-01,{TODAY}",
        # in references.bib, cited by no post: no date
        f"{u('/old-report')},dead,{TODAY},410,,0,,,,,,{TODAY}",
        f"{u('/posts/later.html')},ok,{TODAY},200,,0,,,2014-08-28,,,",
    ]
    expected.sort(key=lambda line: line.split(",", 1)[0])
    return "\n".join([header, *expected]) + "\n"


def test_every_case_gets_its_status_and_dead_ones_their_copies(
    tmp_path: Path, web: FakeWeb, capsys: pytest.CaptureFixture[str]
) -> None:
    u = web.url
    refused = refused_url()
    book = write_book(
        tmp_path / "book",
        early=[
            u("/moved-gone"),
            u("/removed"),
            u("/busy"),
            u("/slow"),
            refused,
            u("/report"),
            u("/ok"),
        ],
        later=[u("/ok"), u("/moved"), u("/gone"), u("/report")],
        sources={"report2014": u("/report"), "old2013": u("/old-report")},
        original_url=u("/posts/later.html"),
    )
    web.snapshots = {
        u("/gone"): snapshot(web, "/gone", "20140830120000"),
        u("/report"): snapshot(web, "/report", "20140801093000"),
    }
    table = tmp_path / "links.csv"

    assert run_web(book, table, web) == 0

    assert table.read_text(encoding="utf-8") == expected_table(web, refused)

    assert web.hits["/busy"] == 2  # 429, then after the pause 200
    # The archive is asked for each dead address, at the date the book cites it.
    asked = {query["url"]: query.get("timestamp") for query in web.archive_queries}
    assert asked == {
        u("/moved-gone"): "20140805",
        u("/gone"): "20140828",
        u("/removed"): "20140805",
        u("/report"): "20140805",
        u("/old-report"): None,
    }
    assert set(web.agents) == {USER_AGENT}
    assert capsys.readouterr().err.splitlines() == [
        "links: 11 addresses: 4 ok, 5 dead, 2 unreachable, 0 unchecked",
        "links: checked 11 this run; kept 0 checked within 7 days",
        "links: archived copies: 2 found this run, 2 in the table; 3 dead without a copy",
    ]


def test_a_row_checked_recently_is_not_fetched_again(tmp_path: Path, web: FakeWeb) -> None:
    u = web.url
    book = write_book(tmp_path / "book", early=[u("/ok"), u("/gone")], later=[u("/moved")])
    table = tmp_path / "links.csv"
    assert run_web(book, table, web) == 0
    first = table.read_bytes()
    hits, queries = web.page_hits(), len(web.archive_queries)
    assert (hits, queries) == (4, 1)

    # The next day: nothing is due, nothing is asked, the table is the same.
    assert run_web(book, table, web, today="2026-03-02") == 0
    assert (web.page_hits(), len(web.archive_queries)) == (hits, queries)
    assert table.read_bytes() == first

    # A new address is checked; the others are kept as they were.
    write_book(tmp_path / "book2", early=[u("/ok"), u("/gone"), u("/new")], later=[u("/moved")])
    assert run_web(tmp_path / "book2", table, web, today="2026-03-02") == 0
    assert web.page_hits() == hits + 1 and web.hits["/new"] == 1
    assert rows_of(table)[u("/new")]["checked"] == "2026-03-02"
    assert rows_of(table)[u("/ok")]["checked"] == TODAY

    # A week later every address is due again (the dead one's archive lookup too).
    assert run_web(tmp_path / "book2", table, web, today="2026-03-08") == 0
    assert web.page_hits() == hits + 1 + 4
    assert len(web.archive_queries) == queries + 1


def test_addresses_the_book_no_longer_has_are_dropped(tmp_path: Path, web: FakeWeb) -> None:
    u = web.url
    table = tmp_path / "links.csv"
    write_book(tmp_path / "before", early=[u("/ok"), u("/gone")], later=[])
    assert run(tmp_path / "before", table, "--offline") == 0
    write_book(tmp_path / "after", early=[u("/ok")], later=[u("/new")])
    assert run(tmp_path / "after", table, "--offline") == 0
    assert {url: row["status"] for url, row in rows_of(table).items()} == {
        u("/ok"): "unchecked",
        u("/new"): "unchecked",
    }
    assert web.page_hits() == 0


# --- the promotion rule ----------------------------------------------------------------


def test_failing_addresses_are_promoted_only_after_retests_days_apart(
    tmp_path: Path, web: FakeWeb
) -> None:
    u = web.url
    book = write_book(tmp_path / "book", early=[u("/broken"), u("/forbidden")], later=[])
    web.snapshots = {u("/broken"): snapshot(web, "/broken", "20140806000000")}
    table = tmp_path / "links.csv"

    def state() -> dict[str, tuple[str, str, str, str]]:
        return {
            path: (row["status"], row["failures"], row["failing_since"], row["checked"])
            for path in ("/broken", "/forbidden")
            for row in [rows_of(table)[u(path)]]
        }

    def check_on(day: str) -> dict[str, tuple[str, str, str, str]]:
        assert run_web(book, table, web, "--recheck-after", "0", today=day) == 0
        return state()

    assert check_on("2026-03-01") == {
        "/broken": ("unreachable", "1", "2026-03-01", "2026-03-01"),
        "/forbidden": ("unreachable", "1", "2026-03-01", "2026-03-01"),
    }
    # Two days later: too soon to count as a retest; the rows stay as they were.
    assert check_on("2026-03-03") == {
        "/broken": ("unreachable", "1", "2026-03-01", "2026-03-01"),
        "/forbidden": ("unreachable", "1", "2026-03-01", "2026-03-01"),
    }
    assert check_on("2026-03-04") == {
        "/broken": ("unreachable", "2", "2026-03-01", "2026-03-04"),
        "/forbidden": ("unreachable", "2", "2026-03-01", "2026-03-04"),
    }
    assert web.archive_queries == []
    # The second retest, 3 days after the first: a 503 is promoted, a 403 never is.
    assert check_on("2026-03-07") == {
        "/broken": ("dead", "3", "2026-03-01", "2026-03-07"),
        "/forbidden": ("unreachable", "3", "2026-03-01", "2026-03-07"),
    }
    assert rows_of(table)[u("/broken")]["archived_url"].endswith("/20140806000000/" + u("/broken"))
    assert web.archive_queries == [{"url": u("/broken"), "timestamp": "20140805"}]


def row(**fields: Any) -> Row:
    return Row(url="https://example.org/a", **fields)


D0 = datetime.date(2026, 3, 1)
D2, D3, D6 = (D0 + datetime.timedelta(days=n) for n in (2, 3, 6))
NO_ANSWER = Outcome(answer=Answer.NO_ANSWER, problem="timeout")
FAILING = {"status": Status.UNREACHABLE, "failing_since": D0, "problem": "timeout"}


@pytest.mark.parametrize(
    ("before", "outcome", "today", "after"),
    [
        # first failure: unreachable, never dead on one try
        (
            row(),
            NO_ANSWER,
            D0,
            row(
                status=Status.UNREACHABLE,
                checked=D0,
                failures=1,
                failing_since=D0,
                problem="timeout",
            ),
        ),
        (
            row(status=Status.OK, checked=D0),
            NO_ANSWER,
            D3,
            row(
                status=Status.UNREACHABLE,
                checked=D3,
                failures=1,
                failing_since=D3,
                problem="timeout",
            ),
        ),
        # a retest less than 3 days after the last counted check does not count
        (
            row(checked=D0, failures=1, **FAILING),
            NO_ANSWER,
            D2,
            row(checked=D0, failures=1, **FAILING),
        ),
        (
            row(checked=D0, failures=1, **FAILING),
            NO_ANSWER,
            D3,
            row(checked=D3, failures=2, **FAILING),
        ),
        # the second retest 3 days later: dead
        (
            row(checked=D3, failures=2, **FAILING),
            NO_ANSWER,
            D6,
            row(checked=D6, failures=3, **(FAILING | {"status": Status.DEAD})),
        ),
        (
            row(checked=D3, failures=2, **FAILING),
            Outcome(answer=Answer.NO_ANSWER, http_code=503, problem="http"),
            D6,
            row(
                checked=D6,
                failures=3,
                http_code=503,
                **(FAILING | {"status": Status.DEAD, "problem": "http"}),
            ),
        ),
        # ... unless the server answered something else, such as 403: alive, refusing us
        (
            row(checked=D3, failures=2, **FAILING),
            Outcome(answer=Answer.OTHER, http_code=403, problem="http"),
            D6,
            row(checked=D6, failures=3, http_code=403, **(FAILING | {"problem": "http"})),
        ),
        # an answer ends a run of failures
        (
            row(checked=D3, failures=2, **FAILING),
            Outcome(answer=Answer.OK, http_code=200),
            D6,
            row(status=Status.OK, checked=D6, http_code=200),
        ),
        (
            row(checked=D3, failures=2, **FAILING),
            Outcome(answer=Answer.GONE, http_code=404),
            D6,
            row(status=Status.DEAD, checked=D6, http_code=404),
        ),
        # a failure never turns a dead address back
        (
            row(status=Status.DEAD, checked=D0, http_code=404),
            NO_ANSWER,
            D3,
            row(status=Status.DEAD, checked=D3, failures=1, failing_since=D3, problem="timeout"),
        ),
        # still 429 after backing off: not checked at all
        (
            row(status=Status.OK, checked=D0, http_code=200),
            Outcome(answer=Answer.LIMITED, http_code=429),
            D6,
            row(status=Status.OK, checked=D0, http_code=200),
        ),
        (row(), Outcome(answer=Answer.LIMITED, http_code=429), D6, row()),
        # redirects: where they led, when that is elsewhere
        (
            row(),
            Outcome(answer=Answer.OK, http_code=200, final_url="https://example.org/b"),
            D0,
            row(status=Status.OK, checked=D0, http_code=200, final_url="https://example.org/b"),
        ),
        (
            row(),
            Outcome(answer=Answer.OK, http_code=200, final_url="https://example.org/a"),
            D0,
            row(status=Status.OK, checked=D0, http_code=200),
        ),
    ],
)
def test_record_check(before: Row, outcome: Outcome, today: datetime.date, after: Row) -> None:
    assert record_check(before, outcome, today) == after


# --- politeness --------------------------------------------------------------------------


def test_at_most_two_requests_at_a_time_to_one_host(tmp_path: Path, web: FakeWeb) -> None:
    links = [web.url(f"/busy-{n}") for n in range(6)]
    book = write_book(tmp_path / "book", early=links, later=[])
    table = tmp_path / "links.csv"
    assert run_web(book, table, web, "--jobs", "6") == 0
    assert {row["status"] for row in rows_of(table).values()} == {"ok"}
    assert web.most_in_flight == 2


def test_the_user_agent_names_the_book_and_its_address(monkeypatch: pytest.MonkeyPatch) -> None:
    # Read the Docs sets the address while it builds; elsewhere conf.py gives the book's own.
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    conf = runpy.run_path(str(ROOT / "conf.py"), run_name="conf")
    assert conf["html_baseurl"] == BOOK_ADDRESS
    assert f"(+{BOOK_ADDRESS};" in USER_AGENT


NOW = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("retry_after", "attempt", "expected"),
    [
        ("3", 0, 3.0),
        (" 7 ", 1, 7.0),
        ("600", 0, 120.0),  # capped
        ("Sun, 01 Mar 2026 12:00:30 GMT", 0, 30.0),  # an HTTP date
        ("Sun, 01 Mar 2026 11:00:00 GMT", 0, 0.0),  # a date past
        (None, 0, 5.0),  # no header: the back-off, doubled per try
        (None, 2, 20.0),
        ("soon", 1, 10.0),  # unreadable: as if absent
        (None, 10, 120.0),
    ],
)
def test_retry_delay(retry_after: str | None, attempt: int, expected: float) -> None:
    assert retry_delay(retry_after, attempt, backoff=5.0, max_wait=120.0, now=NOW) == expected


def test_hosts_take_turns() -> None:
    urls = [
        "https://a.org/1",
        "https://a.org/2",
        "https://a.org/3",
        "https://b.org/1",
        "https://C.org/1",
        "https://c.org/2",
    ]
    spread = [r.url for r in spread_over_hosts([Row(url=url) for url in urls])]
    assert spread == [
        "https://a.org/1",
        "https://b.org/1",
        "https://C.org/1",
        "https://a.org/2",
        "https://c.org/2",
        "https://a.org/3",
    ]


# --- the Internet Archive ----------------------------------------------------------------


def test_repeated_429s_from_the_archive_stop_the_lookups_and_keep_what_was_done(
    tmp_path: Path, web: FakeWeb, capsys: pytest.CaptureFixture[str]
) -> None:
    u = web.url
    book = write_book(
        tmp_path / "book", early=[u("/gone"), u("/moved-gone"), u("/removed")], later=[]
    )
    web.snapshots = {u("/gone"): snapshot(web, "/gone", "20140801000000")}
    web.archive_429_after = 1  # one answer, then 429 (with Retry-After: 30) for ever
    table = tmp_path / "links.csv"

    assert run_web(book, table, web) == 0

    # Sorted by address: /gone, /moved-gone, /removed. The first was answered; the
    # second met two 429s in a row, and then nothing more was asked.
    assert web.hits["/wayback/available"] == 3
    rows = rows_of(table)
    assert rows[u("/gone")]["archived_url"].endswith("/20140801000000/" + u("/gone"))
    assert rows[u("/gone")]["archive_checked"] == TODAY
    assert [rows[u(p)]["archive_checked"] for p in ("/moved-gone", "/removed")] == ["", ""]
    err = capsys.readouterr().err
    assert (
        "links: the Internet Archive did not answer 2 times in a row (last: 429 too many "
        "requests): stopped asking; 2 lookups left for the next run"
    ) in err.splitlines()

    # The next run asks only about what is left (and the archive answers again).
    web.archive_429_after = None
    hits = web.page_hits()
    assert run_web(book, table, web, today="2026-03-02") == 0
    assert [q["url"] for q in web.archive_queries[1:]] == [u("/moved-gone"), u("/removed")]
    assert web.page_hits() == hits  # the pages themselves were not checked again


def test_archive_requests_are_paced(tmp_path: Path, web: FakeWeb) -> None:
    u = web.url
    book = write_book(
        tmp_path / "book", early=[u("/gone"), u("/removed"), u("/old-report")], later=[]
    )
    table = tmp_path / "links.csv"
    assert run_web(book, table, web, "--archive-pace", "0.2") == 0
    times = web.archive_times
    assert len(times) == 3
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.19


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {
                "archived_snapshots": {
                    "closest": {
                        "available": True,
                        "url": "http://web.archive.org/web/20140827101010/http://a.org/",
                        "timestamp": "20140827101010",
                        "status": "200",
                    }
                }
            },
            (
                "https://web.archive.org/web/20140827101010/http://a.org/",
                datetime.date(2014, 8, 27),
            ),
        ),
        ({"archived_snapshots": {}}, None),
        (
            {
                "archived_snapshots": {
                    "closest": {
                        "available": False,
                        "url": "http://web.archive.org/x",
                        "timestamp": "20140827101010",
                        "status": "200",
                    }
                }
            },
            None,
        ),
        (
            {
                "archived_snapshots": {
                    "closest": {
                        "available": True,
                        "url": "http://web.archive.org/x",
                        "timestamp": "20140827101010",
                        "status": "404",
                    }
                }
            },
            None,
        ),
        (
            {
                "archived_snapshots": {
                    "closest": {
                        "available": True,
                        "url": "http://web.archive.org/x",
                        "timestamp": "2014",
                    }
                }
            },
            None,
        ),
        (
            {"archived_snapshots": {"closest": {"available": True, "timestamp": "20140827101010"}}},
            None,
        ),
        (["not", "an", "object"], None),
        ({}, None),
    ],
)
def test_read_availability(payload: object, expected: tuple[str, datetime.date] | None) -> None:
    found = read_availability(payload)
    assert (found and (found.url, found.taken)) == expected


# --- the table ---------------------------------------------------------------------------


def test_the_table_reads_back_as_written_and_sorts(tmp_path: Path) -> None:
    rows = [
        Row(
            url="https://b.org/",
            status=Status.DEAD,
            checked=DAY,
            http_code=404,
            cited=datetime.date(2014, 8, 5),
            archived_url="https://web.archive.org/web/2014/https://b.org/",
            archived_at=datetime.date(2014, 8, 1),
            archive_checked=DAY,
        ),
        Row(
            url="https://a.org/x,y",
            status=Status.UNREACHABLE,
            checked=DAY,
            failures=2,
            failing_since=DAY,
            problem="timeout",
        ),
        Row(
            url="https://a.org/\u00e9t\u00e9",
            status=Status.OK,
            checked=DAY,
            http_code=200,
            final_url="https://a.org/summer",
        ),
        Row(url="https://c.org/"),
    ]
    text = format_table(rows)
    assert format_table(reversed(rows)) == text
    assert read_table(text) == tuple(sorted(rows, key=lambda r: r.url))
    urls = [cells[0] for cells in csv.reader(io.StringIO(text))][1:]
    assert urls == sorted(r.url for r in rows)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("url,status,colour\n", 1, "unknown columns ['colour']"),
        ("status\nok\n", 1, "no 'url' column"),
        ("url,status\nhttps://a.org/,fine\n", 2, "status 'fine' does not read"),
        ("url,checked\nhttps://a.org/,01/03/2026\n", 2, "checked '01/03/2026' does not read"),
        ("url\nhttps://a.org/\nhttps://a.org/\n", 3, "https://a.org/ is listed twice"),
        ("url,status\nhttps://a.org/\n", 2, "1 cells for 2 columns"),
    ],
)
def test_a_table_that_does_not_read_is_refused(text: str, line: int, message: str) -> None:
    with pytest.raises(TableError) as error:
        read_table(text)
    assert error.value.line == line
    assert str(error.value).startswith(message)


def test_the_command_refuses_a_bad_table_and_leaves_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = write_book(tmp_path / "book", early=["https://a.org/"], later=[])
    table = tmp_path / "links.csv"
    table.write_text("url,colour\nhttps://a.org/,red\n", encoding="utf-8")
    assert run(book, table, "--offline") == 1
    assert table.read_text(encoding="utf-8") == "url,colour\nhttps://a.org/,red\n"
    assert f"{table}:1: error: unknown columns ['colour']" in capsys.readouterr().err


def test_a_book_that_does_not_convert_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = write_book(tmp_path / "book", early=["https://a.org/"], later=[])
    (book / "archive" / "editorial.yaml").write_text(
        'posts:\n  "2014-08-09 No such post":\n    title: X\n', encoding="utf-8"
    )
    table = tmp_path / "links.csv"
    assert run(book, table, "--offline") == 1
    assert not table.exists()
    assert "[unknown-post]" in capsys.readouterr().err


def test_an_unchanged_table_is_not_written_again(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book", early=["https://a.org/"], later=["https://b.org/"])
    table = tmp_path / "links.csv"
    assert run(book, table, "--offline") == 0
    before = table.stat().st_mtime_ns
    first = table.read_bytes()
    table.chmod(0o444)  # a write would have to replace it
    assert run(book, table, "--offline") == 0
    assert table.stat().st_mtime_ns == before and table.read_bytes() == first


def test_an_interrupted_run_keeps_what_was_checked(
    tmp_path: Path, web: FakeWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    u = web.url
    book = write_book(
        tmp_path / "book", early=[u("/ok"), u("/moved"), u("/new")], later=[u("/gone")]
    )
    table = tmp_path / "links.csv"

    class CtrlCAfterTwo:
        """A progress bar whose user presses Ctrl-C once two checks are done."""

        def __init__(self, iterable: Any, **_: Any) -> None:
            self.iterable = iterable

        def __iter__(self) -> Iterator[Any]:
            for done, item in enumerate(self.iterable, start=1):
                yield item
                if done == 2:
                    raise KeyboardInterrupt

        def close(self) -> None:
            pass

    monkeypatch.setattr(links_cli, "tqdm", CtrlCAfterTwo)
    assert run_web(book, table, web, "--jobs", "1") == 130
    statuses = [row["status"] for row in rows_of(table).values()]
    assert len(statuses) == 4 and statuses.count("unchecked") == 2


# --- the committed table -----------------------------------------------------------------


def test_the_committed_table_lists_exactly_the_books_addresses(tmp_path: Path) -> None:
    """``data/links.csv`` is complete and current: ``links.py --offline`` would change
    nothing (it adds every new address, drops every old one, and rewrites cited dates)."""
    committed = ROOT / "data" / "links.csv"
    copy = tmp_path / "links.csv"
    shutil.copyfile(committed, copy)
    assert links_cli.main(["--root", str(ROOT), "--table", str(copy), "--offline"]) == 0
    assert copy.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
    addresses = links_cli.read_book(ROOT)
    assert addresses is not None
    assert [row.url for row in read_table(committed.read_text(encoding="utf-8"))] == [
        address.url for address in addresses
    ]


def test_the_table_is_utf8_csv_with_the_documented_columns() -> None:
    text = (ROOT / "data" / "links.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header == list(COLUMNS)
    assert header[:2] == ["url", "status"] and {"checked", "archived_url", "archived_at"} <= set(
        header
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"`{column}`" in readme, column
