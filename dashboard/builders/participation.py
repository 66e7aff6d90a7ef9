"""Pure builders of the Partisipasi OPD page: plain data in, components and figures out."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.builders.schedule import day_end, duration_text
from dashboard.builders.user_text import plot_text, user_text
from dashboard.components import stat_value_class
from dashboard.figures import GRAPH_CONFIG, Spec, plain
from data_access.formatting import format_date, format_datetime, format_number, format_percent
from data_access.i18n import t
from data_access.participation import OpdParticipation, Participation, closed_key

# Kinds with a name on screen; any other kind is shown as the data spells it.
KNOWN_KINDS = frozenset(
    {"dinas", "badan", "kecamatan", "sekretariat", "inspektorat", "satpol", "rsud", "bagian"}
)
SUBMITTED_COLOUR, MISSING_COLOUR = "#0b6e4f", "#c0392b"


def kind_label(kind: str, *, lang: str) -> str:
    """Return a unit kind's name on screen ("dinas" -> "Dinas"), "Lainnya" when empty."""
    if kind in KNOWN_KINDS:
        return t(f"participation.kind.{kind}", lang)
    return kind.strip().capitalize() or t("participation.kind.other", lang)


def rate_card(participation: Participation, *, lang: str) -> Component:
    """Return the participation rate, big: 61,8% — 21 dari 34 OPD."""
    rate = participation.rate
    value = format_percent(rate, lang=lang) if rate is not None else "–"
    note = t(
        "participation.rate.note",
        lang,
        done=format_number(participation.participating, lang=lang),
        total=format_number(participation.required, lang=lang),
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("participation.rate.label", lang), className="kipp-stat-label"),
                html.P(value, id=ids.PARTICIPATION_RATE, className="kipp-stat-value"),
                html.P(note, className="kipp-stat-note"),
                dbc.Progress(
                    value=float(100 * (rate or Decimal(0))),
                    color="success",
                    className="kipp-participation-bar",
                ),
            ]
        ),
        className="kipp-stat h-100",
    )


def deadline_banner(
    submission_end: date | None, *, now: datetime, timezone: str, lang: str
) -> Component:
    """Return the line about the submission deadline: time left until the day ends, or closed."""
    if submission_end is None:
        text: list[Component | str] = [t("participation.deadline.none", lang)]
        tone = "none"
    elif now < (closes := day_end(submission_end, timezone)):
        # The last minute of the day reads better than "pukul 24.00".
        last = format_datetime(closes - timedelta(minutes=1), lang=lang, tz=ZoneInfo(timezone))
        text = [
            t("participation.deadline.label", lang),
            ": ",
            html.Strong(duration_text(closes - now, lang=lang)),
            " ",
            t("participation.deadline.until", lang, moment=last),
        ]
        tone = "open"
    else:
        text = [
            t("participation.deadline.closed", lang, date=format_date(submission_end, lang=lang))
        ]
        tone = "closed"
    return html.P(text, className=f"kipp-participation-deadline kipp-participation-deadline-{tone}")


def totals_card(participation: Participation, *, lang: str) -> Component:
    """Return the innovations submitted by all OPDs, and how many passed and were late."""
    rows = participation.rows
    submitted = sum(r.submitted for r in rows)
    note = t(
        "participation.totals.note",
        lang,
        passed=format_number(sum(r.passed for r in rows), lang=lang),
        late=format_number(sum(r.late for r in rows), lang=lang),
    )
    total = format_number(submitted, lang=lang)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("participation.totals.label", lang), className="kipp-stat-label"),
                html.P(total, className=stat_value_class(total)),
                html.P(note, className="kipp-stat-note"),
            ]
        ),
        className="kipp-stat h-100",
    )


@dataclass(frozen=True)
class KindCount:
    """How many required OPDs of one kind there are and how many submitted."""

    kind: str
    opds: int
    submitted: int
    innovations: int

    @property
    def missing(self) -> int:
        """Return how many OPDs of this kind have not submitted."""
        return self.opds - self.submitted


def kind_counts(rows: Sequence[OpdParticipation]) -> list[KindCount]:
    """Return the OPDs per kind, the largest kind first, ties by kind."""
    groups: dict[str, list[OpdParticipation]] = {}
    for row in rows:
        groups.setdefault(row.kind, []).append(row)
    counts = [
        KindCount(
            kind=kind,
            opds=len(members),
            submitted=sum(1 for m in members if m.has_submitted),
            innovations=sum(m.submitted for m in members),
        )
        for kind, members in groups.items()
    ]
    return sorted(counts, key=lambda c: (-c.opds, c.kind))


def kind_spec(counts: Sequence[KindCount], *, lang: str, closed: bool = False) -> Spec:
    """Return a horizontal stacked bar per kind as a figure spec (dashboard/figures.py)."""
    # A kind the data spells its own way is escaped: plotly would read its tags and entities.
    labels = [plot_text(kind_label(c.kind, lang=lang)) for c in counts]
    largest = max((c.opds for c in counts), default=0)
    traces = (
        ("participation.status.done", [c.submitted for c in counts], SUBMITTED_COLOUR),
        (
            closed_key("participation.status.missing", closed),
            [c.missing for c in counts],
            MISSING_COLOUR,
        ),
    )
    data = [
        {
            "type": "bar",
            "name": t(key, lang),
            "y": labels,
            "x": values,
            "orientation": "h",
            "marker": {"color": colour},
            "text": [format_number(v, lang=lang) if v else "" for v in values],
            "textposition": "inside",
            "hovertemplate": "%{y}: %{x}<extra>" + t(key, lang) + "</extra>",
        }
        for key, values, colour in traces
    ]
    layout = {
        "barmode": "stack",
        "height": max(220, 40 * len(counts) + 90),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "traceorder": "normal",
        },
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "uirevision": "participation-kinds",
        "xaxis": {
            "title": {"text": t("participation.kinds.axis", lang)},
            "rangemode": "tozero",
            # Whole OPDs only: without this a kind of one or two OPDs gets ticks at 0,5.
            **({"dtick": 1} if largest <= 12 else {}),
        },
        "yaxis": {"type": "category", "autorange": "reversed"},
        "font": {"family": "system-ui, sans-serif"},
    }
    return {"data": data, "layout": layout}


def kind_figure(counts: Sequence[KindCount], *, lang: str, closed: bool = False) -> go.Figure:
    """Return a horizontal stacked bar per kind: OPDs submitted and not yet (or not)."""
    return go.Figure(kind_spec(counts, lang=lang, closed=closed))


def kind_table(counts: Sequence[KindCount], *, lang: str, closed: bool = False) -> Component:
    """Return the per-kind counts as a table: OPDs, submitted, not yet (or not), rate."""
    keys = ("kind", "opds", "done", "missing", "rate")
    header = html.Thead(
        html.Tr(
            [
                html.Th(
                    t(closed_key(f"participation.kinds.col.{k}", closed and k == "missing"), lang),
                    className=None if k == "kind" else "text-end",
                )
                for k in keys
            ]
        )
    )
    body = [
        html.Tr(
            [
                html.Td(user_text(kind_label(c.kind, lang=lang))),
                html.Td(format_number(c.opds, lang=lang), className="text-end"),
                html.Td(format_number(c.submitted, lang=lang), className="text-end"),
                html.Td(format_number(c.missing, lang=lang), className="text-end"),
                html.Td(
                    format_percent(c.submitted / c.opds, lang=lang) if c.opds else "–",
                    className="text-end",
                ),
            ]
        )
        for c in counts
    ]
    return dbc.Table(
        [header, html.Tbody(body)], responsive=True, className="kipp-table align-middle"
    )


def kind_panel(rows: Sequence[OpdParticipation], *, lang: str, closed: bool = False) -> Component:
    """Return the view by kind: the bar figure beside its table."""
    return _kind_panel(tuple(kind_counts(rows)), lang, closed)


@functools.lru_cache(maxsize=8)
def _kind_panel(counts: tuple[KindCount, ...], lang: str, closed: bool) -> Component:
    """Return the panel for these counts, built once per process (a score saved leaves them
    as they were). Components are only read afterwards: Dash serialises them."""
    if not counts:
        return html.P(t("participation.no_opds", lang), className="text-body-secondary")
    return dbc.Row(
        [
            dbc.Col(
                dcc.Graph(
                    id=ids.PARTICIPATION_KINDS,
                    figure=plain(kind_spec(counts, lang=lang, closed=closed)),
                    config=GRAPH_CONFIG,
                ),
                lg=7,
            ),
            dbc.Col(kind_table(counts, lang=lang, closed=closed), lg=5),
        ],
        className="g-3",
    )


def missing_summary(participation: Participation, *, lang: str, closed: bool = False) -> Component:
    """Return the sentence above the table: none submitted (yet), how many did not (yet), or
    all did; `closed` once the deadline's day is over."""
    if participation.required == 0:
        return html.P(t("participation.no_opds", lang), className="kipp-participation-summary")
    if participation.participating == 0:
        text = t(closed_key("participation.none_yet", closed), lang)
    else:
        missing = participation.required - participation.participating
        text = (
            t("participation.all_done", lang)
            if missing == 0
            else t(
                closed_key("participation.missing_count", closed),
                lang,
                count=format_number(missing, lang=lang),
            )
        )
    extra = (
        t(
            "participation.unattributed",
            lang,
            count=format_number(participation.unattributed, lang=lang),
        )
        if participation.unattributed
        else None
    )
    return html.Div(
        [
            html.P(text, className="kipp-participation-summary"),
            html.P(extra, className="text-body-secondary") if extra else None,
        ]
    )
