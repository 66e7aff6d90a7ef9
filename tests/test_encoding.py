"""Components encode to the same JSON as Dash's own method (dashboard/encoding.py), on every
live page's content, the committee's summary and the ceremony screen's slides."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
import pytest
from dash import dcc, html
from dash.development.base_component import Component
from plotly.utils import PlotlyJSONEncoder

from dashboard import data, encoding
from dashboard.pages import participation, progress, ranking, schedule, summary
from data_access.demo import DEMO_CODE


def _both(content) -> tuple[str, str]:
    """Return the content's JSON with Dash's method, then with ours."""
    try:
        Component.to_plotly_json = encoding.DASH_TO_PLOTLY_JSON  # type: ignore[method-assign]
        theirs = json.dumps(content, cls=PlotlyJSONEncoder)
    finally:
        encoding.install()
    return theirs, json.dumps(content, cls=PlotlyJSONEncoder)


def _pages(edition, version: int, lang: str) -> dict[str, Component]:
    return {
        "progress": progress.render(edition, version, lang),
        "progress, committee": progress.render(edition, version, lang, committee=True),
        "participation": participation.render(edition, version, lang),
        "ranking": ranking.render(edition, version, lang),
        "summary": summary.render(edition, version, lang, 0),
        "schedule": schedule.render(edition, version, lang),
        "frame": participation.layout(lang=lang),
    }


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_encodes_as_dash_encodes_it(shared_app, lang):
    with shared_app.test_request_context("/"):
        version = data.watched_numbers()[0]
        edition = data.edition_named(DEMO_CODE)
        pages = _pages(edition, version, lang)
    for name, content in pages.items():
        theirs, ours = _both(content)
        assert ours == theirs, name
        assert len(ours) > 1000, name  # real content, not a notice


def test_wildcards_and_unset_properties_keep_dash_s_order():
    """data-*/aria-* attributes come after the named ones, in the order Dash set them."""
    content = html.Div(
        [
            html.Span("a", id="x", className="c", **{"aria-live": "polite", "data-n": 1}),
            dbc.Badge("b", color="light", className="k", pill=True),
            dcc.Store(id="s", data={"v": [1, 2]}),
            html.Br(),
            html.Td(None, colSpan=3),
        ],
        **{"data-kind": "k", "aria-label": "l"},
        className="kipp",
    )
    theirs, ours = _both(content)
    assert ours == theirs
    assert ours.index('"className": "kipp"') < ours.index('"data-kind"')
    assert ours.index('"className": "kipp"') < ours.index('"aria-label"')


@pytest.mark.parametrize(
    ("kind", "children", "props"),
    [
        (html.Td, "x", {"className": "text-end"}),
        (html.Tr, [html.Td("a")], {"className": None}),
        (html.Br, None, {}),
        (html.Span, "y", {"className": "c", "aria-hidden": "true", "data-n": "1"}),
        (dbc.Badge, ["b"], {"color": "light", "className": "k"}),
        (dbc.Table, [], {"size": "sm", "className": "kipp-table"}),
    ],
)
def test_quick_builds_what_the_constructor_builds(kind, children, props):
    """quick() gives the same attributes, hence the same JSON, as Dash's own constructor."""
    made, fast = kind(children, **props), encoding.quick(kind, children, **props)
    assert type(fast) is kind
    assert fast.__dict__ == made.__dict__
    assert encoding.DASH_TO_PLOTLY_JSON(fast) == encoding.DASH_TO_PLOTLY_JSON(made)


def test_quick_refuses_what_the_constructor_refuses():
    with pytest.raises(TypeError, match="unexpected keyword argument: `colour`"):
        encoding.quick(dbc.Badge, "b", colour="light")
    with pytest.raises(TypeError, match="for the prop `title`"):
        encoding.quick(html.Td, "x", title=html.B("not a string"))
