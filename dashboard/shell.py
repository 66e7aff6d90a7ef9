"""The frame around every page: navbar with the edition's name, language switch, page slot."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, dcc, html
from dash.development.base_component import Component
from sqlalchemy.exc import SQLAlchemyError

from dashboard import ids
from dashboard.components import language_switch
from dashboard.i18n import DEFAULT_LANG, LANGUAGES, t
from dashboard.query import edition_from_search, lang_from_search, with_lang
from dashboard.services import services
from data_access.overview import list_editions

log = logging.getLogger(__name__)


def layout() -> Component:
    """Return the frame; it holds no data, the navbar callback fills in the edition."""
    return html.Div(
        [
            dcc.Location(id=ids.SHELL_URL),
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(
                            [
                                html.Span(t("app.title"), className="kipp-brand-name"),
                                html.Span(t("app.tagline"), className="kipp-brand-tagline"),
                            ],
                            href="/",
                            className="kipp-brand",
                        ),
                        html.Div(
                            [
                                html.Span(id=ids.SHELL_EDITION_NAME, className="kipp-nav-edition"),
                                dbc.Nav(
                                    language_switch(
                                        current=DEFAULT_LANG,
                                        hrefs={lang: with_lang("", lang) for lang in LANGUAGES},
                                    ),
                                    id=ids.SHELL_NAVBAR,
                                    className="kipp-lang-switch",
                                ),
                            ],
                            className="kipp-nav-right",
                        ),
                    ],
                    fluid="xl",
                    className="kipp-nav-inner",
                ),
                dark=True,
                className="kipp-navbar",
            ),
            dbc.Container(dash.page_container, fluid="xl", className="kipp-main", tag="main"),
        ]
    )


def register_callbacks(app: Dash) -> None:
    """Wire the navbar's callbacks to this app."""

    @app.callback(
        Output(ids.SHELL_EDITION_NAME, "children"),
        Output(ids.SHELL_NAVBAR, "children"),
        Input(ids.SHELL_URL, "search"),
    )
    def update_navbar(search: str | None) -> tuple[str, list[Component]]:
        """Show the edition's name and language links that keep the other parameters."""
        lang, code = lang_from_search(search), edition_from_search(search)
        switch = language_switch(
            current=lang, hrefs={other: with_lang(search, other) for other in LANGUAGES}
        )
        try:
            with services().session() as session:
                editions = dict(list_editions(session))
        except SQLAlchemyError as exc:
            log.warning("navbar: database not readable: %s", getattr(exc, "orig", None) or exc)
            return "", switch
        if code is None:
            return next(iter(editions.values()), ""), switch
        return editions.get(code, ""), switch
