"""Figures you can see: the care application rates and the posts per month, charted.

``data/care-application-rates.csv`` must hold exactly the rates that "Care Proceedings – an
all time high" gives, no more, no fewer. The Care Orders topic page charts them at build
time; its alt text and table are written in the page, so they are checked here against the
file. The post links to the chart; the archive page charts posts per month. The charts must
reach HTML, EPUB and LaTeX without a warning, and come out byte-identical from two builds.
"""

from __future__ import annotations

import ast
import datetime
import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from blogbook import archive_pages, charts, frontmatter
from blogbook.model import Origin, Post, inline_text, paragraphs
from blogbook.pages import PostPage
from blogbook.parse_text import parse_text_archive
from conftest import ROOT, Build

matplotlib.use("Agg")

ARCHIVE_FILE = "archive/2014-08.txt"
POST_TITLE = "Care Proceedings – an all time high"
POST_DOCNAME = "posts/2014/08/14-care-proceedings-an-all-time-high"
SOURCE_KEY = "cafcass2014carerates"
RATES = charts.parse_rates(
    (ROOT / "data" / "care-application-rates.csv").read_text(encoding="utf-8")
)
# How the post writes what the data names otherwise.
POST_NAMES = {
    "Southend-on-Sea": "Southend",
    "Wolverhampton": "Wolverampton",
    "England": "national average",
}
POST_YEARS = {"2008-09": "2008-9", "2013-14": "2013-14"}

# A number as written: digits, possibly joined by commas, points or hyphens ("10,000",
# "2008-9", "22.2"). A rate is the only kind with a decimal point: a count such as 10,000
# has a comma, a year a hyphen.
NUMBER = re.compile(r"\d[\d,.\-]*\d|\d")
RATE = re.compile(r"\d+\.\d")

CHART_IMAGES = (
    "care-application-rates-2013-14.png",
    "care-application-rates-change.png",
    "posts-per-month.png",
)


# --- the data agrees with the post ------------------------------------------------


def the_post() -> Post:
    result = parse_text_archive((ROOT / ARCHIVE_FILE).read_bytes(), ARCHIVE_FILE)
    [post] = [post for post in result.posts if post.title == POST_TITLE]
    return post


def figure_paragraphs() -> list[str]:
    """The post's paragraphs that give a rate."""
    texts = [inline_text(p.inlines) for p in paragraphs(the_post().blocks)]
    return [text for text in texts if any(RATE.fullmatch(n) for n in NUMBER.findall(text))]


def test_the_post_gives_these_numbers() -> None:
    assert [NUMBER.findall(text) for text in figure_paragraphs()] == [
        ["10,000", "3.1", "2008-9", "9.7", "2013-14", "4.8", "4.0"],
        [
            "2013-14",
            "22.2",
            "18.1",
            "20.7",
            "18.0",
            "21.6",
            "23.1",
            "24.7",
            "9.2",
            "2013-14",
            "5.9",
            "2008-9",
        ],
    ]


def test_the_data_holds_every_rate_of_the_post_and_no_other() -> None:
    in_post = [n for text in figure_paragraphs() for n in NUMBER.findall(text) if RATE.fullmatch(n)]
    assert sorted(in_post) == sorted(str(rate.rate) for rate in RATES)


def _names_before(text: str, position: int) -> str:
    """The authority named last before *position*, as the post writes it."""
    names = {POST_NAMES.get(rate.authority, rate.authority) for rate in RATES}
    found = {name: text.rfind(name, 0, position) for name in names}
    return max(found, key=lambda name: found[name])


@pytest.mark.parametrize("rate", RATES, ids=lambda rate: f"{rate.authority}-{rate.year}")
def test_each_rate_is_the_posts_figure_for_its_authority(rate: charts.Rate) -> None:
    [(text, position)] = [
        (text, match.start())
        for text in figure_paragraphs()
        for match in NUMBER.finditer(text)
        if match.group() == str(rate.rate)
    ]
    assert _names_before(text, position) == POST_NAMES.get(rate.authority, rate.authority)
    assert POST_YEARS[rate.year] in text


def test_every_row_names_the_post_and_the_source_it_cites() -> None:
    assert {(rate.post, rate.source) for rate in RATES} == {(POST_DOCNAME, SOURCE_KEY)}
    page = (ROOT / f"{POST_DOCNAME}.md").read_text(encoding="utf-8")
    assert yaml.safe_load(page.split("---\n")[1])["title"] == POST_TITLE
    cited = {key for keys in re.findall(r"\{cite:p\}`([^`]+)`", page) for key in keys.split(",")}
    assert SOURCE_KEY in cited


def test_a_name_the_post_writes_otherwise_is_noted() -> None:
    notes = {rate.authority: rate.note for rate in RATES if rate.authority in POST_NAMES}
    assert notes == {
        "Southend-on-Sea": "The post calls it Southend.",
        "Wolverhampton": 'The post misspells it "Wolverampton".',
        "England": "National average rate; Community Care's report (communitycare2014carerates)"
        " gives the same figure.",
    }


# --- charts: data, alt text, code -------------------------------------------------


def test_parse_rates_wants_exactly_its_columns() -> None:
    with pytest.raises(ValueError, match="expected columns authority, year, rate_per_10000"):
        charts.parse_rates("authority,year,rate\nEssex,2013-14,4.0\n")


def test_alt_texts_state_every_figure() -> None:
    assert charts.latest_rates_alt(RATES) == (
        "Bar chart of care application rates per 10,000 children in 2013-14: "
        "Wolverhampton 24.7, Torbay 23.1, Blackpool 22.2, Southampton 21.6, "
        "North East Lincolnshire 20.7, Coventry 18.1, Nottingham 18.0, Southend-on-Sea 9.7, "
        "Essex 4.0; England average 9.2, drawn as a line."
    )
    assert charts.rate_changes_alt(RATES) == (
        "Bar chart of care application rates per 10,000 children in 2008-09 and 2013-14: "
        "Southend-on-Sea 3.1 and 9.7, Essex 4.8 and 4.0, England average 5.9 and 9.2."
    )


D = datetime.date


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([D(2014, 8, 5)], charts.PostsPerMonth(first="2014-08", counts=(1,))),
        (
            [D(2015, 2, 1), D(2014, 11, 30), D(2015, 2, 28)],
            charts.PostsPerMonth(first="2014-11", counts=(1, 0, 0, 2)),
        ),
    ],
)
def test_posts_per_month_counts_every_month_between_first_and_last(
    dates: list[datetime.date], expected: charts.PostsPerMonth
) -> None:
    assert charts.posts_per_month(dates) == expected


def test_posts_per_month_needs_a_post() -> None:
    with pytest.raises(ValueError, match="no posts"):
        charts.posts_per_month([])


@pytest.mark.parametrize(
    ("first", "counts", "expected"),
    [
        ("2014-08", (8,), "Posts per month: August 2014, 8."),
        (
            "2014-11",
            (1, 0, 0, 2),
            "Posts per month: November 2014, 1; December 2014, 0; January 2015, 0; "
            "February 2015, 2.",
        ),
        (
            "2009-01",
            (2, 5, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0),
            "Posts per month: January 2009, 2; February 2009, 5; March 2009, 1; April 2009, 5; "
            "May 2009, 0; June 2009, 0; July 2009, 0; August 2009, 0; September 2009, 0; "
            "October 2009, 0; November 2009, 0; December 2009, 0.",
        ),
        (  # more than a year: a summary, the first of equally busy months named
            "2009-01",
            (2, 5, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 1),
            "Posts per month from January 2009 to January 2010: 14 posts in 13 months; "
            "the busiest month was February 2009, with 5 posts.",
        ),
        (
            "2017-12",
            (1,) + (0,) * 12,
            "Posts per month from December 2017 to December 2018: 1 post in 13 months; "
            "the busiest month was December 2017, with 1 post.",
        ),
    ],
)
def test_posts_per_month_alt(first: str, counts: tuple[int, ...], expected: str) -> None:
    assert charts.posts_per_month_alt(charts.PostsPerMonth(first=first, counts=counts)) == expected


def test_posts_per_month_code_writes_the_counts_out() -> None:
    assert charts.posts_per_month_code(charts.PostsPerMonth(first="2014-08", counts=(8,))) == (
        "from blogbook.charts import posts_per_month_figure\n"
        "\n"
        "posts_per_month_figure(\n"
        '    "2014-08",\n'
        "    [\n"
        "        8\n"
        "    ],\n"
        ")\n"
    )


def test_posts_per_month_code_calls_the_figure_with_every_count() -> None:
    counts = charts.PostsPerMonth(first="2009-01", counts=tuple(n % 13 for n in range(120)))
    tree = ast.parse(charts.posts_per_month_code(counts))
    call = tree.body[-1].value  # type: ignore[attr-defined]
    assert call.func.id == "posts_per_month_figure"
    assert [ast.literal_eval(arg) for arg in call.args] == [counts.first, list(counts.counts)]


def _post_page(date: datetime.date, slug: str) -> PostPage:
    post = Post(date=date, title=slug, blocks=(), origin=Origin(path=ARCHIVE_FILE, line=1))
    return PostPage(
        post=post,
        title=slug,
        title_source="archive",
        docname=f"posts/{date:%Y/%m/%d}-{slug}",
        order_in_day=1,
        original_url=None,
        topics=(),
    )


def test_the_archive_page_charts_posts_per_month() -> None:
    pages = [_post_page(D(2014, 8, 5), "a"), _post_page(D(2014, 10, 1), "b")]
    [archive] = [p for p in archive_pages.render_archive_pages(pages) if p.docname == "posts/index"]
    assert archive.text == (
        "---\n"
        'generated_by: "scripts/convert.py"\n'
        f'note: "{frontmatter.GENERATED_NOTE}"\n'
        "---\n"
        "\n"
        "(archive)=\n"
        "# Archive\n"
        "\n"
        "Every post of the blog, newest first, by year and month.\n"
        "\n"
        "```{eval-rst}\n"
        ".. plot::\n"
        "   :filename-prefix: posts-per-month\n"
        "   :alt: Posts per month: August 2014, 1; September 2014, 0; October 2014, 1.\n"
        "\n"
        "   from blogbook.charts import posts_per_month_figure\n"
        "\n"
        "   posts_per_month_figure(\n"
        '       "2014-08",\n'
        "       [\n"
        "           1, 0, 1\n"
        "       ],\n"
        "   )\n"
        "```\n"
        "\n"
        "## 2014\n"
        "\n"
        "### October 2014\n"
        "\n"
        "```{post-archive}\n"
        ":year: 2014\n"
        ":month: 10\n"
        "```\n"
        "\n"
        "### August 2014\n"
        "\n"
        "```{post-archive}\n"
        ":year: 2014\n"
        ":month: 8\n"
        "```\n"
        "\n"
        "```{toctree}\n"
        ":hidden:\n"
        "\n"
        "2014/index\n"
        "```\n"
    )


def test_the_converter_does_not_load_matplotlib() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, blogbook.cli; print('matplotlib' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")},
    )
    assert done.stdout == "False\n"


# --- charts: reproducible files -----------------------------------------------------

FIGURES: dict[str, Callable[[], Figure]] = {
    "latest rates": lambda: charts.latest_rates_figure(RATES),
    "rate changes": lambda: charts.rate_changes_figure(RATES),
    "posts per month": lambda: charts.posts_per_month_figure("2014-08", [8, 0, 3]),
}


def _saved(draw: Callable[[], Figure], file_format: str) -> bytes:
    figure = draw()
    try:
        out = io.BytesIO()
        figure.savefig(out, format=file_format, dpi=144)
        return out.getvalue()
    finally:
        plt.close(figure)


# Where each format would record when it was made.
DATE_FIELDS = {"png": (b"tIME", b"Creation Time"), "pdf": (b"CreationDate", b"ModDate")}


@pytest.mark.parametrize("name", FIGURES)
@pytest.mark.parametrize("file_format", ["png", "pdf"])
def test_a_chart_is_the_same_whatever_the_date_and_the_local_style(
    monkeypatch: pytest.MonkeyPatch, name: str, file_format: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    then = _saved(FIGURES[name], file_format)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    now = _saved(FIGURES[name], file_format)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    plain = _saved(FIGURES[name], file_format)
    with matplotlib.rc_context({"font.family": "serif", "font.size": 20, "pdf.fonttype": 3}):
        styled = _saved(FIGURES[name], file_format)
    assert [field for field in DATE_FIELDS[file_format] if field in plain] == []
    assert then == now == plain == styled


def test_every_chart_draws_one_figure() -> None:
    plt.close("all")
    for draw in FIGURES.values():
        figure = draw()
        assert plt.get_fignums() == [figure.number]
        plt.close(figure)


# --- the built book -------------------------------------------------------------------


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def section(soup: BeautifulSoup, ident: str) -> Tag:
    found = soup.find(id=ident)
    assert isinstance(found, Tag), ident
    return found


def images(root: Tag) -> list[tuple[str, str]]:
    return [(str(img["src"]), str(img["alt"])) for img in root.find_all("img")]


def text(element: Tag) -> str:
    for marker in element.select("a.headerlink"):
        marker.decompose()
    return " ".join(element.get_text().split())


def expected_table() -> list[list[str]]:
    """The topic page's table as the data file says it must be."""
    by_key = {(rate.authority, rate.year): str(rate.rate) for rate in RATES}
    latest = {rate.authority: rate.rate for rate in RATES if rate.year == charts.LATEST_YEAR}
    names = sorted(
        {rate.authority for rate in RATES},
        key=lambda name: (name == charts.NATIONAL, -latest.get(name, 0), name),
    )
    rows = [["Authority", charts.BASE_YEAR, charts.LATEST_YEAR]]
    for name in names:
        shown = "England (average)" if name == charts.NATIONAL else name
        years = [by_key.get((name, year), "") for year in (charts.BASE_YEAR, charts.LATEST_YEAR)]
        rows.append([shown, *years])
    return rows


@pytest.mark.build
def test_the_topic_page_shows_both_charts_with_their_figures(built_book: Build) -> None:
    figures = section(
        soup_of(built_book.outdir / "topics/care-orders.html"), "data-care-application-rates"
    )
    assert images(figures) == [
        ("../_images/care-application-rates-2013-14.png", charts.latest_rates_alt(RATES)),
        ("../_images/care-application-rates-change.png", charts.rate_changes_alt(RATES)),
    ]
    assert [text(caption) for caption in figures.find_all("figcaption")] == [
        "Care applications per 10,000 children in 2013-14, highest first; the dashed line is "
        "the average for England. Figures from Cafcass's statistics release of May 2014, as "
        "quoted in the post.",
        "Care applications per 10,000 children in 2008-09 and 2013-14: Southend-on-Sea, its "
        "neighbour Essex, and the average for England. Figures from Cafcass's statistics "
        "release of May 2014, as quoted in the post.",
    ]


@pytest.mark.build
def test_the_topic_page_has_the_table_of_the_same_numbers(built_book: Build) -> None:
    figures = section(
        soup_of(built_book.outdir / "topics/care-orders.html"), "data-care-application-rates"
    )
    [table] = figures.find_all("table")
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]
    assert rows == expected_table()
    caption = table.find("caption")
    assert isinstance(caption, Tag)
    assert text(caption) == (
        "Care applications per 10,000 children, as the post gives them (figures from Cafcass's "
        "statistics release of May 2014); a blank cell: the post gives no figure for that year."
    )


@pytest.mark.build
def test_the_figures_section_cites_the_source(built_book: Build) -> None:
    # In the text, not in a caption: a link in a LaTeX caption breaks xelatex.
    figures = section(
        soup_of(built_book.outdir / "topics/care-orders.html"), "data-care-application-rates"
    )
    cited = [
        (text(a), str(a["href"]).split("#")[0], a.find_parent(["figcaption", "caption"]))
        for a in figures.select("span.bibtex-citation a")
    ]
    assert cited == [("Cafcass 2014", "../sources/cafcass2014carerates.html", None)]


@pytest.mark.build
def test_the_chart_images_are_in_the_html_build(built_book: Build) -> None:
    for name in CHART_IMAGES:
        assert (built_book.outdir / "_images" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.build
def test_only_the_post_that_gives_the_figures_links_to_the_chart(built_book: Build) -> None:
    notes = {}
    for path in sorted((built_book.outdir / "posts").rglob("*.html")):
        for note in soup_of(path).select(".post-byline p.data-note"):
            name = path.relative_to(built_book.outdir).with_suffix("").as_posix()
            notes[name] = (note.get("class"), text(note), [a["href"] for a in note.find_all("a")])
    assert notes == {
        POST_DOCNAME: (
            ["data-note", "no-search"],
            "The figures in this post are charted, with a table of the numbers.",
            ["../../../topics/care-orders.html#data-care-application-rates"],
        )
    }


@pytest.mark.build
def test_the_archive_page_shows_posts_per_month(built_book: Build) -> None:
    dates = [
        D(int(path.parent.parent.name), int(path.parent.name), int(path.name[:2]))
        for path in (built_book.outdir.parent / "src" / "posts").glob("*/*/[0-9]*.md")
    ]
    soup = soup_of(built_book.outdir / "posts/index.html")
    article = soup.find("article") or soup
    assert images(article) == [
        (
            "../_images/posts-per-month.png",
            charts.posts_per_month_alt(charts.posts_per_month(dates)),
        )
    ]


@pytest.fixture
def other_builds(built_epub: Build, built_latex: Build) -> dict[str, Build]:
    """The session's EPUB and LaTeX builds of the real book (their warnings: test_build)."""
    for build in (built_epub, built_latex):
        assert build.returncode == 0, build.output
    return {"epub": built_epub, "latex": built_latex}


@pytest.mark.build
def test_the_epub_holds_the_charts_with_their_alt_text(other_builds: dict[str, Build]) -> None:
    outdir = other_builds["epub"].outdir
    [epub] = outdir.glob("*.epub")
    with zipfile.ZipFile(epub) as packed:
        packed_images = sorted(n for n in packed.namelist() if n.startswith("_images/"))
        page = packed.read("topics/care-orders.xhtml").decode("utf-8")
    # Other pages may bring images of their own: the charts must be among them.
    assert {f"_images/{name}" for name in CHART_IMAGES} <= set(packed_images)
    assert images(section(BeautifulSoup(page, "html.parser"), "data-care-application-rates")) == [
        ("../_images/care-application-rates-2013-14.png", charts.latest_rates_alt(RATES)),
        ("../_images/care-application-rates-change.png", charts.rate_changes_alt(RATES)),
    ]


@pytest.mark.build
def test_the_latex_includes_the_charts_as_pdf(other_builds: dict[str, Build]) -> None:
    outdir = other_builds["latex"].outdir
    tex = (outdir / "chris-mills-blog.tex").read_text(encoding="utf-8")
    included = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{([^}]+)\}\.pdf\}", tex)
    stems = [Path(name).stem for name in CHART_IMAGES]
    assert set(stems) <= set(included)
    for stem in stems:
        assert (outdir / f"{stem}.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.build
def test_two_builds_draw_identical_files(built_book: Build, other_builds: dict[str, Build]) -> None:
    first, second = built_book.outdir, other_builds["epub"].outdir
    for name in CHART_IMAGES:
        assert (first / "_images" / name).read_bytes() == (second / "_images" / name).read_bytes()
    drawn_for_html = built_book.outdir.parent / "plot_directive"
    for stem in (Path(name).stem for name in CHART_IMAGES):
        [pdf] = drawn_for_html.rglob(f"{stem}.pdf")
        assert pdf.read_bytes() == (other_builds["latex"].outdir / f"{stem}.pdf").read_bytes()
