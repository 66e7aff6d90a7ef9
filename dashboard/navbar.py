"""The navbar's pages, one list for the Dash frame (dashboard/shell.py) and the plain pages.

The Dash pages come from the factory (app.PAGES); the plain Flask pages a role opens from
the navbar (the committee's console, a juror's /penilaian) are listed here. The plain pages
(templates/navbar.html) ask `navbar(lang)` for their links, so the committee sees the
same links on /kelola-juri and /riwayat-nilai as on the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Flask, current_app, request

from dashboard.auth import JURI, JURI_HOME, LOGOUT_PATH, csrf_token, current_account, home_path
from dashboard.console_routes import CONSOLE_PATH, CONSOLE_ROLES, tool_paths
from dashboard.html import lang_href
from dashboard.password_routes import PASSWORD_PATH
from dashboard.query import with_lang
from data_access.i18n import AUTONYMS, LANGUAGES, t

NAV_KEY = "kipp_nav"


@dataclass(frozen=True)
class NavPage:
    """A page in the navbar: its path, the text key of its name and who may open it."""

    path: str
    name_key: str
    roles: frozenset[str]
    dash: bool = True  # a Dash page (a client-side link), else a plain page (a full load)
    # Pages without a link of their own that count as this one (the console's tools).
    section: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavLink:
    """One link of a viewer's navbar."""

    text: str
    href: str
    active: bool
    dash: bool


# The plain pages in the navbar, after the Dash ones. The committee's plain tools (/impor,
# /kelola-juri, /layar, ...) are reached from its console, which the navbar marks current on
# each of them.
PLAIN_PAGES = (
    NavPage(CONSOLE_PATH, "nav.console", CONSOLE_ROLES, dash=False, section=tool_paths()),
    NavPage(JURI_HOME, "nav.assessment", frozenset({JURI}), dash=False),
)


def nav_links(
    pages: Iterable[NavPage], *, role: str, pathname: str, search: str, lang: str
) -> list[NavLink]:
    """Return the links to the pages this role may open, the current one marked.

    A Dash page's link keeps the query (the edition); a plain page's carries the language.
    A page with a link of its own is marked itself; one without, the page whose section it is.
    """
    every = (*pages, *PLAIN_PAGES)
    own = {page.path for page in every}
    return [
        NavLink(
            t(page.name_key, lang),
            page.path + with_lang(search if page.dash else "", lang),
            page.path == pathname or (pathname in page.section and pathname not in own),
            page.dash,
        )
        for page in every
        if role in page.roles
    ]


def password_href(lang: str) -> str:
    """Return the address where a person changes their own password, in a language."""
    return PASSWORD_PATH + with_lang("", lang)


def plain_navbar(lang: str, edition: str | None = None) -> dict[str, object] | None:
    """Return what templates/navbar.html shows this viewer (None without a session)."""
    account = current_account()
    if account is None:
        return None
    pages: tuple[NavPage, ...] = current_app.extensions.get(NAV_KEY, ())
    search = "?" + urlencode({"edition": edition}) if edition else ""
    return {
        "home": home_path(account.role) + with_lang("", lang),
        "links": nav_links(
            pages, role=account.role, pathname=request.path, search=search, lang=lang
        ),
        "brand": t("app.title", lang),
        "tagline": t("app.tagline", lang),
        # The Dash navbar's switch (dashboard/components.py language_switch): ID and EN.
        "languages": [
            {
                "label": code.upper(),
                "name": AUTONYMS[code],
                "href": lang_href(code),
                "active": code == lang,
                "code": code,
            }
            for code in LANGUAGES
        ],
        "account": account.username,
        "password": password_href(lang),
        "t_password": t("nav.password", lang),
        "csrf": csrf_token(),
        "logout": LOGOUT_PATH,
        "t_logout": t("auth.logout", lang),
    }


def init_app(server: Flask, pages: Iterable[NavPage]) -> None:
    """Keep the Dash pages for the plain pages' navbar, and give templates `navbar(lang)`."""
    server.extensions[NAV_KEY] = tuple(pages)
    server.context_processor(lambda: {"navbar": plain_navbar})
