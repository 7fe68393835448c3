"""Titles rendered once per process (``blogbook.sphinxext.titlecache``): the same HTML
as Sphinx's own rendering, the titles Sphinx keeps rendered once, anything else as before."""

from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes
from sphinx.util.build_phase import BuildPhase

from blogbook.sphinxext.titlecache import TitleCache


def counting_render() -> tuple[list[nodes.Node | None], object]:
    rendered: list[nodes.Node | None] = []

    def render(node: nodes.Node | None) -> dict[str, str]:
        rendered.append(node)
        text = node.astext() if node is not None else ""
        return {"title": f"<em>{text}</em>", "fragment": text}

    return rendered, render


def app_with(titles: dict[str, nodes.title], phase: BuildPhase) -> SimpleNamespace:
    return SimpleNamespace(phase=phase, env=SimpleNamespace(titles=titles, longtitles={}))


def test_a_title_sphinx_keeps_is_rendered_once_while_pages_are_written() -> None:
    title = nodes.title("", "Rotherham")
    rendered, render = counting_render()
    cache = TitleCache(app_with({"posts/rotherham": title}, BuildPhase.WRITING), render)  # type: ignore[arg-type]
    first = cache(title)
    first["title"] = "changed by a caller"
    assert cache(title) == {"title": "<em>Rotherham</em>", "fragment": "Rotherham"}
    assert rendered == [title]


def test_other_nodes_and_other_phases_are_rendered_each_time() -> None:
    title = nodes.title("", "Rotherham")
    contents = nodes.bullet_list()
    rendered, render = counting_render()
    app = app_with({"posts/rotherham": title}, BuildPhase.WRITING)
    cache = TitleCache(app, render)  # type: ignore[arg-type]
    cache(contents)
    cache(contents)
    cache(nodes.title("", "Rotherham"))  # equal, but not the title Sphinx keeps
    app.phase = BuildPhase.READING
    reading = TitleCache(app, render)  # type: ignore[arg-type]
    reading(title)
    reading(title)
    assert len(rendered) == 5
    assert cache(None) == {"title": "<em></em>", "fragment": ""}
