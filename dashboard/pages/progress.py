"""Progres Penilaian (/): judging progress per stage, per juror and per jury group, live."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import Dash, html
from dash.development.base_component import Component

from dashboard import components, ids
from dashboard.auth import ADMIN, EVERYONE, has_role
from dashboard.builders import progress as build
from dashboard.builders import progress_heatmap as heatmap
from dashboard.builders.user_text import isolate
from dashboard.data import EditionRef
from dashboard.live_page import LiveIds, RenderCache, live_layout, register_live_page
from dashboard.page_data import overview, progress, tallies
from dashboard.page_extras import edition_jurors, stage_sheets
from dashboard.shared_cache import compute_ahead
from data_access.i18n import t
from data_access.models import utcnow
from data_access.overview import EditionOverview
from data_access.reports import EditionTallies, ProgressReport
from data_access.scoring.model import InnovationRow, SheetResult

PATH = "/"
ROLES = EVERYONE
PAGE = LiveIds(
    url=ids.PROGRESS_URL,
    interval=ids.PROGRESS_INTERVAL,
    shown=ids.PROGRESS_SHOWN,
    wake=ids.PROGRESS_WAKE,
    status=ids.PROGRESS_STATUS,
    content=ids.PROGRESS_CONTENT,
)


def layout(refresh: str | None = None, lang: str | None = None, **_query: str) -> Component:
    """Return the page's empty frame; the refresh callback fills it."""
    return live_layout(PAGE, refresh=refresh, lang=lang)


@dataclass(frozen=True)
class ProgressData:
    """What the page shows of an edition at a data version, read before anything is drawn."""

    tallies: EditionTallies  # what progress is drawn from (no ranking: the page shows no place)
    progress: ProgressReport
    counts: EditionOverview | None
    # Per stage, the heat map's inputs (jurors, innovations, the stage's sheet results), or
    # None when the stage has too many innovations to draw one.
    heat: dict[str, HeatInputs | None]


@dataclass(frozen=True)
class HeatInputs:
    """A stage's heat map inputs: rows (jurors), columns (innovation codes), cells."""

    jurors: list[tuple[int, str]]
    innovations: list[tuple[int, str]]
    results: list[SheetResult]


def load(edition: EditionRef, version: int) -> ProgressData:
    """Read everything the page shows (cached per data version in dashboard/data.py)."""
    compute_ahead(overview, edition, version)  # the edition's counts: read beside the rest
    report = progress(edition, version)  # it reads the jurors' tallies beside the edition's
    shared = tallies(edition, version)
    heat: dict[str, HeatInputs | None] = {}
    jurors = None
    for stage in report.stages:
        context = shared.contexts[stage.stage]
        if len(context.innovation_ids) > heatmap.HEATMAP_MAX_INNOVATIONS:
            heat[stage.stage] = None
            continue
        if jurors is None:  # a heat map's rows: the edition's jurors
            jurors = [(j.id, j.code) for j in edition_jurors(edition, version)]
        # Its columns: the stage's innovations by code (a few hundred at most, of thousands).
        members = context.innovation_ids
        innovations = sorted(
            ((i.id, i.code) for i in shared.innovations if i.id in members),
            key=lambda i: i[1],
        )
        # That stage's sheets only: never the whole edition's.
        sheets = stage_sheets(edition, version, stage.stage)
        heat[stage.stage] = HeatInputs(jurors, innovations, sheets.results(context))
    return ProgressData(shared, report, overview(edition, version), heat)


def render(edition: EditionRef, version: int, lang: str, *, committee: bool = False) -> Component:
    """Build the page's content for an edition at a data version (committee: history links)."""
    return draw(load(edition, version), lang=lang, committee=committee)


def draw(data: ProgressData, *, lang: str, committee: bool = False) -> Component:
    """Draw the page from what load() read; no query from here on.

    For the committee each juror row links to the juror's score history (admin only).
    """
    shared, counts = data.tallies, data.counts
    info, report = shared.edition, data.progress
    now = utcnow()
    windows = {
        "proposal": (info.proposal_start, info.proposal_end),
        "presentation": (info.presentation_start, info.presentation_end),
    }
    titles = _Titles(shared.innovations)
    cards = dbc.Row(
        [
            dbc.Col(build.stage_card(stage, pace, lang=lang), md=6)
            for stage, pace in zip(report.stages, report.pace, strict=True)
        ],
        className="g-3 mb-4",
    )
    tabs = []
    for stage in report.stages:
        fraction = build.window_fraction(*windows[stage.stage], now=now, timezone=info.timezone)
        jurors = [j for j in report.jurors if j.stage == stage.stage]
        coverage = [c for c in report.coverage if c.stage == stage.stage]
        context = shared.contexts[stage.stage]
        inputs = data.heat[stage.stage]
        if inputs is None:
            heat_panel = heatmap.heatmap_too_many(len(context.innovation_ids), lang=lang)
        else:
            heat = heatmap.heatmap_data(context, inputs.jurors, inputs.innovations, inputs.results)
            heat_panel = heatmap.heatmap_panel(heat, lang=lang)
        body = [
            html.H3(t("progress.jurors.title", lang), className="kipp-section-title"),
            build.juror_table(
                jurors,
                fraction=fraction,
                timezone=info.timezone,
                lang=lang,
                history_edition=info.code if committee else None,
            )
            if jurors
            else html.P(t("progress.no_jurors", lang), className="text-body-secondary"),
            html.H3(t("progress.coverage.title", lang), className="kipp-section-title"),
            build.coverage_panel(coverage, titles, lang=lang),
            html.H3(t("progress.heat.title", lang), className="kipp-section-title"),
            heat_panel,
        ]
        tabs.append(
            dbc.Tab(body, label=build.stage_name(stage.stage, lang=lang), tab_id=stage.stage)
        )
    return html.Div(
        [
            components.edition_overview_view(counts, title=t("progress.name", lang), lang=lang)
            if counts
            else html.H1(t("progress.name", lang), className="kipp-title"),
            html.H2(t("progress.stages.title", lang), className="kipp-section-heading"),
            dbc.Alert(t("progress.normalization", lang), color="info")
            if report.normalization
            else None,
            cards,
            dbc.Card(
                dbc.CardBody(
                    dbc.Tabs(tabs, active_tab="proposal", id=ids.PROGRESS_JURORS, persistence=True)
                ),
                className="kipp-panel",
            ),
        ]
    )


class _Titles(Mapping[int, str]):
    """Innovation id -> "code · title", made only for the few innovations a panel names."""

    def __init__(self, rows: Sequence[InnovationRow]) -> None:
        self._rows = {r.id: r for r in rows}

    def __getitem__(self, innovation_id: int) -> str:
        row = self._rows[innovation_id]
        # The code is isolated: an override in it must not reverse the " · " and the title.
        return f"{isolate(row.code)} · {row.title}"

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def register_callbacks(app: Dash) -> None:
    """Wire the page's live refresh to this app."""
    # Content is shared per data version, one copy for the committee (with its history
    # links) and one for everyone else: a link to an admin-only page is not shown to others.
    shared = {
        committee: RenderCache(
            lambda edition, version, lang, c=committee: render(edition, version, lang, committee=c)
        )
        for committee in (False, True)
    }

    def render_for_viewer(edition: EditionRef, version: int, lang: str) -> Component:
        return shared[has_role({ADMIN})](edition, version, lang)

    # Stored per role too (dashboard/stored_answers.py): an admin's bytes are not a viewer's.
    register_live_page(app, PAGE, roles=ROLES, render=render_for_viewer, shared=False, stored=True)
