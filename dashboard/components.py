"""Pure component builders: plain data in, Dash components out, no database and no globals."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from data_access.formatting import format_date, format_number, format_percent
from data_access.i18n import AUTONYMS, LANGUAGES, t
from data_access.overview import EditionOverview


def loading(*, lang: str) -> Component:
    """Return the placeholder shown until the first data arrives."""
    return html.P(t("home.loading", lang), className="kipp-loading text-body-secondary")


# A figure longer than this (a national edition's "5.000") gets a smaller size, so the
# cards' big numbers never break across lines.
STAT_VALUE_SHORT = 4


def stat_value_class(value: str) -> str:
    """Return the class of a card's big figure: smaller when the figure is long."""
    if len(value) > STAT_VALUE_SHORT:
        return "kipp-stat-value kipp-stat-value-long"
    return "kipp-stat-value"


def stat_card(*, label: str, value: str, note: str, value_id: str) -> Component:
    """Return a card with one big figure, its label above and a short note below."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(label, className="kipp-stat-label"),
                html.P(value, id=value_id, className=stat_value_class(value)),
                html.P(note, className="kipp-stat-note"),
            ]
        ),
        className="kipp-stat h-100",
    )


def edition_overview_view(overview: EditionOverview, *, title: str, lang: str) -> Component:
    """Return the page's heading over the edition's name, its headline counts as cards and
    the update time."""
    passed_share = (
        format_percent(overview.innovations_passed / overview.innovations, lang=lang)
        if overview.innovations
        else "–"
    )
    cards = [
        (
            ids.HOME_COUNT_INNOVATIONS,
            t("home.count.innovations", lang),
            overview.innovations,
            t("home.note.innovations", lang),
        ),
        (
            ids.HOME_COUNT_PASSED,
            t("home.count.passed", lang),
            overview.innovations_passed,
            t("home.note.passed", lang, share=passed_share),
        ),
        (
            ids.HOME_COUNT_UNITS,
            t("home.count.units", lang),
            overview.units_participating,
            t("home.note.units", lang),
        ),
        (
            ids.HOME_COUNT_JURORS,
            t("home.count.jurors", lang),
            overview.jurors,
            t("home.note.jurors", lang),
        ),
    ]
    ceremony = (
        [" · ", t("home.ceremony", lang, date=format_date(overview.ceremony_date, lang=lang))]
        if overview.ceremony_date
        else []
    )
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.H1(title, className="kipp-title"),
                            html.P(
                                [html.Bdi(overview.name, id=ids.HOME_EDITION_NAME), *ceremony],
                                className="kipp-subtitle",
                            ),
                        ]
                    ),
                ],
                className="kipp-hero",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        stat_card(
                            label=label,
                            value=format_number(count, lang=lang),
                            note=note,
                            value_id=value_id,
                        ),
                        xs=12,
                        sm=6,
                        xl=3,
                    )
                    for value_id, label, count, note in cards
                ],
                className="g-3 g-xl-4",
            ),
            html.P(
                t("home.score_rows", lang, count=format_number(overview.score_rows, lang=lang)),
                id=ids.HOME_SCORE_ROWS,
                className="kipp-footnote",
            ),
        ]
    )


def _notice(*, title: str, body: str, commands: list[str], notice_id: str, tone: str) -> Component:
    """Return a calm full-width notice with a title, a sentence and commands to copy."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H1(title, className="kipp-notice-title"),
                html.P(body),
                *[html.Pre(html.Code(command), className="kipp-command") for command in commands],
            ]
        ),
        id=notice_id,
        className=f"kipp-notice kipp-notice-{tone}",
    )


def empty_state(*, lang: str) -> Component:
    """Return the notice for a database that holds no edition yet."""
    return _notice(
        title=t("home.empty.title", lang),
        body=t("home.empty.body", lang),
        commands=[t("cmd.demo", lang)],
        notice_id=ids.HOME_EMPTY,
        tone="info",
    )


def edition_not_found(code: str, *, lang: str) -> Component:
    """Return the notice for an edition code that is not in the database."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H1(t("home.not_found.title", lang), className="kipp-notice-title"),
                html.P(t("home.not_found.body", lang, code=code)),
                dbc.Button(t("home.not_found.link", lang), href=f"/?lang={lang}", color="primary"),
            ]
        ),
        id=ids.HOME_EMPTY,
        className="kipp-notice kipp-notice-info",
    )


def database_problem(*, lang: str) -> Component:
    """Return the notice for a database that is missing, not migrated or unreachable."""
    return _notice(
        title=t("home.db_error.title", lang),
        body=t("home.db_error.body", lang),
        commands=[t("cmd.init", lang), t("cmd.demo", lang)],
        notice_id=ids.HOME_DB_ERROR,
        tone="warning",
    )


def part_problem(*, lang: str) -> Component:
    """Return the notice shown in place of a page part that could not be built (no details)."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("live.part_failed.title", lang), className="kipp-notice-title"),
                html.P(t("live.part_failed.body", lang), className="mb-0"),
            ]
        ),
        className="kipp-notice kipp-notice-warning kipp-part-problem",
    )


def language_switch(*, current: str, hrefs: dict[str, str]) -> list[Component]:
    """Return one link per language, the current one marked active."""
    link_ids = {"id": ids.SHELL_LANG_ID, "en": ids.SHELL_LANG_EN}
    return [
        dcc.Link(
            lang.upper(),
            id=link_ids[lang],
            href=hrefs[lang],
            title=AUTONYMS[lang],
            className="nav-link kipp-lang active" if lang == current else "nav-link kipp-lang",
        )
        for lang in LANGUAGES
    ]
