"""The frame around every page: navbar with pages, edition picker, language and account."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, dcc, html
from dash.development.base_component import Component
from sqlalchemy.exc import SQLAlchemyError

from dashboard import ids, navbar
from dashboard.auth import EVERYONE, LOGOUT_PATH, csrf_token, current_account, secure_callback
from dashboard.components import language_switch
from dashboard.data import default_edition, editions, read_watch_numbers
from dashboard.navbar import NavPage
from dashboard.query import edition_from_search, lang_from_search, with_lang, with_params
from data_access.i18n import DEFAULT_LANG, LANGUAGES, t

log = logging.getLogger(__name__)


def layout(pages: list[NavPage]) -> Component:
    """Return the frame; it holds no data, the navbar callback fills in names and links."""
    return html.Div(
        [
            dcc.Location(id=ids.SHELL_URL),
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(
                            [
                                html.Span(t("app.title"), className="kipp-brand-name"),
                                html.Span(
                                    t("app.tagline"),
                                    id=ids.SHELL_TAGLINE,
                                    className="kipp-brand-tagline",
                                ),
                            ],
                            href="/",
                            className="kipp-brand",
                        ),
                        menu_button(),
                        html.Div(
                            [
                                dbc.Nav(id=ids.SHELL_NAV_LINKS, className="kipp-nav-links"),
                                html.Div(
                                    [
                                        html.Div(id=ids.SHELL_EDITION_PICKER),
                                        dbc.Nav(
                                            language_switch(
                                                current=DEFAULT_LANG,
                                                hrefs={
                                                    lang: with_lang("", lang) for lang in LANGUAGES
                                                },
                                            ),
                                            id=ids.SHELL_NAVBAR,
                                            className="kipp-lang-switch",
                                        ),
                                        html.Div(id=ids.SHELL_ACCOUNT),
                                    ],
                                    className="kipp-nav-right",
                                ),
                            ],
                            id=ids.SHELL_NAV_MENU,
                            className="kipp-nav-menu",
                        ),
                    ],
                    fluid="xxl",
                    className="kipp-nav-inner",
                ),
                dark=True,
                className="kipp-navbar",
            ),
            html.Span(id=ids.SHELL_EDITION_NAME, hidden=True),
            dbc.Container(dash.page_container, fluid="xxl", className="kipp-main", tag="main"),
        ]
    )


def menu_button() -> Component:
    """Return the "Menu" button that opens the navbar on phones (assets/kipp-nav.js)."""
    return html.Button(
        [html.Span("☰", className="kipp-nav-toggle-icon", **{"aria-hidden": "true"}), "Menu"],
        type="button",
        className="kipp-nav-toggle",
        **{"aria-expanded": "false", "aria-controls": ids.SHELL_NAV_MENU},
    )


def nav_links(pages: list[NavPage], *, role: str, pathname: str, search: str, lang: str):
    """Return the links to the pages this role may open, the current one marked."""
    return [
        dbc.NavItem(
            # A Dash page changes in place; a plain Flask page is a full load.
            (dcc.Link if link.dash else html.A)(
                link.text,
                href=link.href,
                className="nav-link active" if link.active else "nav-link",
            )
        )
        for link in navbar.nav_links(pages, role=role, pathname=pathname, search=search, lang=lang)
    ]


def edition_picker(choices, *, current: str | None, pathname: str, search: str, lang: str):
    """Return a menu of editions (links keep the page and the language)."""
    if not choices:
        return None
    current_choice = next((c for c in choices if c.code == current), choices[0])
    if len(choices) == 1:
        return html.Span(current_choice.name, className="kipp-nav-edition")
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(
                c.name,
                href=pathname + with_params(search, edition=c.code),
                active=c.code == current_choice.code,
            )
            for c in choices
        ],
        label=current_choice.name,
        color="light",
        size="sm",
        className="kipp-edition-menu",
        align_end=True,
    )


def account_menu(name: str, *, lang: str) -> Component:
    """Return the user's name and a logout button (a POST form with this session's token)."""
    return html.Form(
        [
            html.Span(name, className="kipp-account-name"),
            html.A(
                t("nav.password", lang),
                href=navbar.password_href(lang),
                className="kipp-account-password",
            ),
            dcc.Input(type="hidden", name="csrf", value=csrf_token()),
            html.Button(t("auth.logout", lang), type="submit", className="btn btn-sm btn-light"),
        ],
        action=LOGOUT_PATH,
        method="POST",
        className="kipp-account",
    )


def register_callbacks(app: Dash, pages: list[NavPage]) -> None:
    """Wire the navbar's callbacks to this app."""

    @secure_callback(
        app,
        Output(ids.SHELL_NAV_LINKS, "children"),
        Output(ids.SHELL_EDITION_PICKER, "children"),
        Output(ids.SHELL_NAVBAR, "children"),
        Output(ids.SHELL_ACCOUNT, "children"),
        Output(ids.SHELL_EDITION_NAME, "children"),
        Output(ids.SHELL_TAGLINE, "children"),
        Input(ids.SHELL_URL, "pathname"),
        Input(ids.SHELL_URL, "search"),
        roles=EVERYONE,
    )
    def update_navbar(pathname: str | None, search: str | None):
        """Show the pages, editions, language links, account and tagline of this viewer."""
        pathname, search = pathname or "/", search or ""
        lang, code = lang_from_search(search), edition_from_search(search)
        account = current_account()
        switch = language_switch(
            current=lang, hrefs={other: with_lang(search, other) for other in LANGUAGES}
        )
        links = nav_links(pages, role=account.role, pathname=pathname, search=search, lang=lang)
        try:
            numbers = read_watch_numbers()
            choices = editions(numbers.editions)
            # No edition in the URL: the page shows the default one, and so does the menu.
            default = default_edition(numbers) if code is None else None
        except SQLAlchemyError as exc:
            log.warning("navbar: database not readable: %s", getattr(exc, "orig", None) or exc)
            choices, default = [], None
        shown = code if code is not None else (default.code if default else None)
        picker = edition_picker(choices, current=shown, pathname=pathname, search=search, lang=lang)
        current = next((c for c in choices if c.code == shown), choices[0] if choices else None)
        name = current.name if current and (code is None or current.code == code) else ""
        account_links = account_menu(account.username, lang=lang)
        return links, picker, switch, account_links, name, t("app.tagline", lang)
