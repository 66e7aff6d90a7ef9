"""Pure builders of Kendali Upacara's connected screens: each registered screen, whether it
answers, what it shows and when it was last seen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.builders.control import step_label
from dashboard.builders.user_text import isolate, user_text
from data_access.ceremony import ALL, AWARD_LEVELS, SLIDES, SPLASH, step_level
from data_access.formatting import JAKARTA, format_datetime, format_time
from data_access.i18n import t
from data_access.kiosks import Screen


def shown_label(shown: str, *, lang: str) -> str:
    """Return what a screen reports it shows, in words: a slide of the rotation or a step."""
    if not shown:
        return t("control.shown.nothing", lang)
    if shown == "standby":
        return t("control.shown.standby", lang)
    if shown in (*SLIDES, "edition", "empty"):
        return t("control.shown.rotation", lang, slide=t(f"control.slide.{shown}", lang))
    if shown in (SPLASH, ALL) or step_level(shown) in AWARD_LEVELS:
        return step_label(shown, lang=lang)
    return isolate(shown)


def seen_text(seen: datetime | None, *, now: datetime, lang: str) -> str:
    """Return when a screen was last heard of: the time today, the full moment before."""
    if seen is None:
        return t("control.screens.never", lang)
    if seen.astimezone(JAKARTA).date() == now.astimezone(JAKARTA).date():
        return format_time(seen, lang=lang)
    return format_datetime(seen, lang=lang)


def screen_edition(screen: Screen, *, lang: str) -> Component:
    """Return the edition a screen's token belongs to, or that it follows the default one."""
    if screen.bound_edition is None:
        return html.Span(t("control.screens.default_edition", lang), className="kipp-control-muted")
    return user_text(screen.bound_edition)


def screens_table(
    screens: Sequence[tuple[Screen, bool]],
    *,
    now: datetime,
    edition_code: str | None,
    lang: str,
) -> Component:
    """Return every registered screen with its connection, what it shows and when last seen."""
    if not screens:
        return html.Div(
            html.P(t("control.screens.none", lang)), className="kipp-control-screens-empty"
        )
    rows = []
    for screen, connected in screens:
        other = (
            html.Div(
                t("control.screens.other_edition", lang, code=isolate(screen.edition_code)),
                className="kipp-control-muted small",
            )
            if screen.edition_code and edition_code and screen.edition_code != edition_code
            else None
        )
        rows.append(
            html.Tr(
                [
                    html.Td(user_text(screen.name), className="kipp-control-screen-name"),
                    html.Td(screen_edition(screen, lang=lang)),
                    html.Td(
                        dbc.Badge(
                            t(
                                "control.screens.connected"
                                if connected
                                else "control.screens.disconnected",
                                lang,
                            ),
                            color="success" if connected else "secondary",
                            className="kipp-control-badge",
                        )
                    ),
                    html.Td([shown_label(screen.shown, lang=lang), other]),
                    html.Td(seen_text(screen.last_seen_at, now=now, lang=lang)),
                ],
                className="kipp-control-screen"
                + ("" if connected else " kipp-control-screen-away"),
            )
        )
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"control.screens.{key}", lang), scope="col")
                for key in ("name", "edition", "status", "shown", "seen")
            ]
        )
    )
    return dbc.Table(
        [head, html.Tbody(rows)],
        hover=True,
        responsive=True,
        className="kipp-table kipp-control-screens mb-0",
    )
