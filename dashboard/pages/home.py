"""Home page (/): the current edition's name and headline counts, refreshed on a timer."""

from __future__ import annotations

import logging

from dash import Dash, Input, Output, dcc, html
from dash.development.base_component import Component
from sqlalchemy.exc import SQLAlchemyError

from dashboard import components, ids
from dashboard.i18n import normalize_lang
from dashboard.query import edition_from_search, lang_from_search
from dashboard.services import services
from data_access.models import utcnow
from data_access.overview import edition_overview

PATH = "/"

log = logging.getLogger(__name__)


def layout(lang: str | None = None, **_query: str) -> Component:
    """Return the page's empty frame; the content callback fills it with the edition."""
    return html.Div(
        [
            dcc.Location(id=ids.HOME_URL),
            dcc.Interval(id=ids.HOME_REFRESH, interval=services().refresh_ms()),
            html.Div(
                components.loading(lang=normalize_lang(lang)),
                id=ids.HOME_CONTENT,
                **{"aria-live": "polite"},
            ),
        ]
    )


def register_callbacks(app: Dash) -> None:
    """Wire the page's callbacks to this app."""

    @app.callback(
        Output(ids.HOME_CONTENT, "children"),
        Input(ids.HOME_URL, "search"),
        Input(ids.HOME_REFRESH, "n_intervals"),
    )
    def render_home_content(search: str | None, _n_intervals: int | None) -> Component:
        """Render the edition's counts, or a notice when there is nothing or no database."""
        lang, code = lang_from_search(search), edition_from_search(search)
        try:
            with services().session() as session:
                overview = edition_overview(session, code)
        except SQLAlchemyError as exc:
            # A missing, unmigrated or unreachable database is a setup step, not a crash.
            log.warning("home: database not readable: %s", getattr(exc, "orig", None) or exc)
            return components.database_problem(lang=lang)
        if overview is None:
            if code is None:
                return components.empty_state(lang=lang)
            return components.edition_not_found(code, lang=lang)
        return components.edition_overview_view(overview, lang=lang, updated_at=utcnow())
