"""KIPP Live web app: the factory that builds it, and the one instance gunicorn serves."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, html
from flask import Flask, redirect

from dashboard import shell
from dashboard.auth import COMMITTEE, EVERYONE, install_auth, protect_page
from dashboard.compression import install_compression
from dashboard.exports_routes import install_export_routes
from dashboard.health import install_health
from dashboard.html import TEMPLATES_DIR
from dashboard.i18n import DEFAULT_LANG, t
from dashboard.imports_routes import install_import_routes
from dashboard.kiosk import create_kiosk_app
from dashboard.limits import install_callback_gate
from dashboard.live import install_cache
from dashboard.pages import control, participation, progress, ranking, schedule, summary
from dashboard.pages.summary import SUMMARY_ROLES
from dashboard.poll import install_fast_tick, install_poll
from dashboard.security import install_security
from dashboard.services import install
from data_access.settings import Settings

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
# Every Dash app on the server (the dashboard and the kiosk), for checks over all callbacks.
DASH_APPS_KEY = "kipp_dash_apps"

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

# (page module, text key of its name, who may open it), in navbar order.
PAGES = [
    (progress, "nav.progress", EVERYONE),
    (participation, "nav.participation", EVERYONE),
    (ranking, "nav.ranking", COMMITTEE),
    (schedule, "nav.schedule", EVERYONE),
    (summary, "nav.summary", SUMMARY_ROLES),
    (control, "nav.control", COMMITTEE),
]


def create_app(settings: Settings | None = None) -> Dash:
    """Build the KIPP Live app for these settings (read from the environment by default)."""
    settings = settings if settings is not None else Settings.from_env()
    server = Flask(__name__, template_folder=str(TEMPLATES_DIR))
    install(server, settings)
    install_auth(server, settings)
    install_cache(server, settings)
    install_export_routes(server)
    install_import_routes(server, settings)
    install_poll(server, settings.version_cache_ms / 1000)
    install_health(server)
    # The ceremony screen is a second, small Dash app on the same server (no navbar, no
    # plotly.js). Made first, so the dashboard stays Dash's "current app" for its pages.
    kiosk = create_kiosk_app(server)
    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS_DIR),
        assets_path_ignore=["^kiosk$"],  # the kiosk app serves its own folder
        serve_locally=True,  # Dash's own scripts come from this server, never a CDN
        title=t("app.title"),
        update_title=None,  # no "Updating..." flicker in the tab on every refresh
        index_string=INDEX_STRING,
    )
    app.title = t("app.title")
    app.kiosk = kiosk
    server.extensions[DASH_APPS_KEY] = [app, kiosk]

    nav = []
    for module, name_key, roles in PAGES:
        dash.register_page(
            module.__name__,
            path=module.PATH,
            name=t(name_key),
            title=t("app.title"),
            layout=module.layout,
        )
        protect_page(app.server, module.PATH, roles)
        nav.append(shell.NavPage(module.PATH, name_key, frozenset(roles)))
        module.register_callbacks(app)
    app.layout = shell.layout(nav)
    # Page contents arrive after the first layout: tell Dash every id it will meet, so it
    # still checks that each callback names real components.
    with app.server.test_request_context("/"):
        app.validation_layout = html.Div(
            [shell.layout(nav), *(module.layout() for module, _key, _roles in PAGES)]
        )
    shell.register_callbacks(app, nav)
    # Browsers ask for /favicon.ico on pages without an icon link (a PDF, an image).
    server.add_url_rule("/favicon.ico", "favicon", lambda: redirect("/_favicon.ico", 301))
    install_security(server, settings, [app, kiosk])
    install_callback_gate(server, settings, [app, kiosk])
    install_compression(server, [app, kiosk])
    install_fast_tick(server)
    return app


app = create_app()
server = app.server
