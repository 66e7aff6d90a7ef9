"""KIPP Live web app: the factory that builds it, and the one instance gunicorn serves."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash

from dashboard import shell
from dashboard.i18n import DEFAULT_LANG, t
from dashboard.pages import home
from dashboard.services import install
from data_access.settings import Settings

ASSETS_DIR = Path(__file__).resolve().parent / "assets"

# Dash's default page, with the document language set for screen readers and hyphenation.
INDEX_STRING = f"""<!DOCTYPE html>
<html lang="{DEFAULT_LANG}">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""


def create_app(settings: Settings | None = None) -> Dash:
    """Build the KIPP Live app for these settings (read from the environment by default)."""
    settings = settings if settings is not None else Settings.from_env()
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,  # Dash's own scripts come from this server, never a CDN
        title=t("app.title"),
        update_title=None,  # no "Updating..." flicker in the tab on every refresh
        index_string=INDEX_STRING,
    )
    app.title = t("app.title")
    install(app.server, settings)

    dash.register_page(
        home.__name__,
        path=home.PATH,
        name=t("home.name"),
        title=t("app.title"),
        layout=home.layout,
    )
    app.layout = shell.layout
    shell.register_callbacks(app)
    home.register_callbacks(app)
    return app


app = create_app()
server = app.server
