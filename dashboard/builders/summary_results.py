"""Pure builders of the summary's results: Juara I-III and the innovations going on to
KIPP Jawa Tengah, read only from the approved snapshot (before it, only that they will come)."""

from __future__ import annotations

from decimal import Decimal

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.builders.ranking import format_score
from dashboard.builders.summary import LEVELS, SUMMARY_FORWARDED, SUMMARY_RESULTS, card
from dashboard.builders.user_text import USER_TEXT_CLASS, isolate, user_text
from data_access.ceremony import Snapshot
from data_access.formatting import format_datetime
from data_access.i18n import t


def _level_cell(level: int, *, tie: bool, lang: str) -> Component:
    """Return a row's Juara cell: every winner's row names its level (on a phone each row is a
    card of its own, so a tied second winner needs it as much as the first)."""
    badge = dbc.Badge(t("summary.tie", lang), color="warning", className="kipp-summary-tie")
    return html.Th(
        [html.Span(t(f"summary.level.{level}", lang)), badge if tie else None],
        scope="row",
        className="kipp-summary-level",
        **{"data-label": t("summary.col.level", lang)},
    )


def _winner_rows(snapshot: Snapshot, *, lang: str) -> list[Component]:
    rows: list[Component] = []
    for level in LEVELS:
        winners = snapshot.winners(level)
        if not winners:
            rows.append(
                html.Tr(
                    [
                        _level_cell(level, tie=False, lang=lang),
                        html.Td(
                            t("summary.level.empty", lang),
                            colSpan=3,
                            **{"data-label": t("summary.col.innovation", lang)},
                        ),
                    ],
                    className="kipp-summary-empty-level",
                )
            )
            continue
        tie = len(winners) > 1 or any(w["tie"] for w in winners)
        labels = {col: t(f"summary.col.{col}", lang) for col in ("innovation", "unit", "final")}
        for winner in winners:
            final = Decimal(winner["final_score"]) if winner["final_score"] else None
            cells = [_level_cell(level, tie=tie, lang=lang)]
            cells += [
                html.Td(
                    [
                        html.Div(
                            winner["title"], className=f"kipp-summary-title {USER_TEXT_CLASS}"
                        ),
                        html.Small(
                            t("summary.innovator", lang, name=isolate(winner["innovator"])),
                            className=f"kipp-stat-note {USER_TEXT_CLASS}",
                        )
                        if winner["innovator"]
                        else None,
                    ],
                    **{"data-label": labels["innovation"]},
                ),
                html.Td(user_text(winner["unit_name"]), **{"data-label": labels["unit"]}),
                html.Td(
                    format_score(final, lang=lang) if final is not None else "–",
                    **{"data-label": labels["final"]},
                ),
            ]
            rows.append(html.Tr(cells, className=f"kipp-summary-level-{level}"))
    return rows


def results_card(snapshot: Snapshot | None, *, lang: str, approver: str = "") -> Component:
    """Return Juara I-III from the approved snapshot; before approval, only that they will come.

    `approver` names who approved (display name and NIP); the username stands in without it.
    """
    title = t("summary.results.title", lang)
    if snapshot is None:
        body = [
            html.P(t("summary.results.embargo", lang), className="kipp-summary-embargo"),
            html.P(t("summary.results.embargo.note", lang), className="kipp-stat-note"),
        ]
        return card(title, body, card_id=SUMMARY_RESULTS, class_name="kipp-summary-waiting")
    approved = t(
        "summary.results.approved",
        lang,
        moment=format_datetime(snapshot.approved_at, lang=lang),
        by=isolate(approver or snapshot.approved_by),
    )
    fingerprint = html.P(
        t("summary.results.hash", lang, hash=snapshot.hash), className="kipp-summary-hash"
    )
    if not snapshot.levels():
        body = [html.P(t("summary.results.none", lang)), html.P(approved), fingerprint]
        return card(title, body, card_id=SUMMARY_RESULTS)
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"summary.col.{col}", lang), className=f"kipp-summary-col-{col}")
                for col in ("level", "innovation", "unit", "final")
            ]
        )
    )
    table = dbc.Table(
        [head, html.Tbody(_winner_rows(snapshot, lang=lang))],
        # Cards of labelled lines on a phone (kipp-stacked): four columns ran off a 390 px screen.
        className="kipp-table kipp-stacked kipp-summary-winners",
    )
    ties = any(row["tie"] for level in LEVELS for row in snapshot.winners(level))
    body = [
        table,
        html.P(t("summary.tie.note", lang), className="kipp-stat-note") if ties else None,
        html.P(approved, className="kipp-summary-approved"),
        fingerprint,
    ]
    return card(title, body, card_id=SUMMARY_RESULTS)


def forwarded_card(snapshot: Snapshot, *, lang: str) -> Component:
    """Return the innovations going on to KIPP Jawa Tengah: every Juara of the snapshot."""
    winners = [row for level in LEVELS for row in snapshot.winners(level)]
    items = [
        html.Li(
            [
                html.Strong(row["title"], className=USER_TEXT_CLASS),
                " · ",
                user_text(row["unit_name"]),
                html.Span(t(f"summary.level.{row['award']}", lang), className="kipp-summary-pill"),
            ]
        )
        for row in winners
    ]
    return card(
        t("summary.forwarded.title", lang),
        [
            html.P(t("summary.forwarded.note", lang), className="kipp-stat-note"),
            html.Ol(items, className="kipp-summary-forwarded"),
        ],
        card_id=SUMMARY_FORWARDED,
    )
