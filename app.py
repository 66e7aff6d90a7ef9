"""KIPP Live web app: create_app builds the server with its Dash apps; importing does nothing.

gunicorn calls the factory itself (`gunicorn 'app:create_app()'`), once per worker, with
the settings of the environment; tests call it with their own settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import dash
from dash import Dash, html
from flask import Flask

from dashboard import (
    accounts_routes,
    audit_routes,
    auth,
    auth_routes,
    catalogue_admin_routes,
    catalogue_data,
    catalogue_data_routes,
    catalogue_routes,
    compression,
    console_routes,
    data,
    documents_routes,
    encoding,
    exports_routes,
    files_routes,
    health,
    history_routes,
    import_template_routes,
    imports_routes,
    jury_desk_routes,
    jury_routes,
    limits,
    minutes_routes,
    navbar,
    password_routes,
    poll,
    push,
    screens_routes,
    security,
    sheet_routes,
    shell,
    site_routes,
    status_routes,
    stored_answers,
)
from dashboard import services as app_services
from dashboard.auth import COMMITTEE, EVERYONE, protect_page
from dashboard.auth_routes import guard_pages
from dashboard.builders.history import HISTORY_PATH, HISTORY_XLSX_PATH
from dashboard.compression import compress_response
from dashboard.html import TEMPLATES_DIR
from dashboard.kiosk import create_kiosk_app
from dashboard.language import keep_language, to_remembered_language
from dashboard.lean import LeanDash
from dashboard.limits import gate_callbacks
from dashboard.pages import control, participation, progress, ranking, schedule, summary
from dashboard.pages.summary import SUMMARY_ROLES
from dashboard.poll import FastTick
from dashboard.push import WorkLimit
from dashboard.query import request_lang
from dashboard.security import isolation_headers, refuse_cross_site, refuse_unknown_pages
from dashboard.stored_answers import serve_stored_answer
from data_access.i18n import t
from data_access.settings import Settings

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
# Every Dash app on the server (the dashboard and the kiosk), for checks over all callbacks.
DASH_APPS_KEY = "kipp_dash_apps"

# Dash's default page, with the document language set for screen readers and hyphenation
# (the page's own, dashboard/lean.py: an English page read out as Indonesian is noise).
INDEX_STRING = """<!DOCTYPE html>
<html lang="{%lang%}">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
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

# The routes that are not Dash's, one blueprint per job (the kiosk's come with its app).
BLUEPRINTS = (
    auth_routes.auth,  # /login, /logout
    jury_routes.jury,  # /undangan, /penilaian
    sheet_routes.sheet,  # /penilaian/<stage>/<code>, /api/penilaian/<stage>/<code>
    poll.poll,  # /api/versi
    push.push,  # /api/versi/alir
    exports_routes.exports,  # /ekspor/<fmt>
    history_routes.history,  # /riwayat-nilai, /riwayat-nilai.xlsx
    imports_routes.imports,  # /impor
    import_template_routes.import_template,  # /impor/templat.xlsx
    documents_routes.documents,  # /dokumen/<edition>/<code>.pdf, /impor/dokumen
    jury_desk_routes.jury_desk,  # /kelola-juri and its forms' posts
    screens_routes.screens,  # /layar and its forms' posts
    catalogue_admin_routes.catalogue_admin,  # /kelola-katalog and its forms' posts
    minutes_routes.minutes_pages,  # /berita-acara, its forms' posts and image previews
    status_routes.status_pages,  # /administrasi and its form's post
    console_routes.console,  # /konsol
    audit_routes.audit_pages,  # /audit, /audit.csv, /audit.xlsx
    files_routes.files,  # /berkas, its forms' posts and its photos
    accounts_routes.accounts_pages,  # /akun and its forms' posts
    password_routes.password_pages,  # /akun/sandi (every signed-in person)
    health.health,  # /healthz
    site_routes.site,  # /favicon.ico
    # /katalog, /katalog/<edition>/<innovation>, /katalog/opd/<unit>, its photos and PDFs
    catalogue_routes.catalogue_pages,
    # The catalogue's open data and what search engines read (anonymous, public, cached):
    # /katalog.csv, .json, .xlsx, /katalog/skema.json, /sitemap.xml, /robots.txt
    catalogue_data_routes.catalogue_data,
)

# Before every view, in this order. Each may answer instead of the view, and the first
# answer wins: a write from another site is refused (403) before anything reads it, a Dash
# callback without a session or too large (401/413) before its body is read, a page asked
# for without ?lang= to its address in the language this browser chose last, then a page
# the viewer may not open (to /login, or 403; a screen's token signs it in), then an
# address no page has (404 instead of Dash's empty frame), and last a live page's new
# content from the bytes stored for every viewer (dashboard/stored_answers.py). Added
# before anything else, so they also run before the hooks Dash (its first-request setup)
# and Talisman (no-ops with these settings) add for themselves.
BEFORE_REQUEST = (
    refuse_cross_site,
    gate_callbacks,
    to_remembered_language,
    guard_pages,
    refuse_unknown_pages,
    serve_stored_answer,
)
# After every view, in this order: static files from the compressed cache, other answers
# through Flask-Compress (one hook: dashboard/compression.py), then the isolation headers
# and no CORS grant, and the language the reader chose, remembered (dashboard/language.py).
# Talisman sets its headers in a hook of its own (security.init_app); they touch neither
# the body nor these headers, so where it runs among them is moot.
AFTER_REQUEST = (compress_response, isolation_headers, keep_language)
# A Dash route that every before_request hook lets through: create_app runs the hooks for
# it once, so that Dash's first-request setup is done before the server serves anything.
DASH_SETUP_PATH = "/_dash-dependencies"


class DashApps(NamedTuple):
    """The Dash apps on one server: the dashboard's pages, then the ceremony screen."""

    dashboard: Dash
    kiosk: Dash


def dash_apps(server: Flask) -> DashApps:
    """Return the Dash apps create_app put on this server."""
    return server.extensions[DASH_APPS_KEY]


def create_app(settings: Settings | None = None) -> Flask:
    """Build the KIPP Live server for these settings (read from the environment by default)."""
    settings = settings if settings is not None else Settings.from_env()
    server = Flask(__name__, template_folder=str(TEMPLATES_DIR))
    for hook in BEFORE_REQUEST:
        server.before_request(hook)
    for hook in reversed(AFTER_REQUEST):  # Flask runs after_request hooks last added first
        server.after_request(hook)

    # Extensions whose state lives in server.extensions. auth before security: Talisman
    # keeps the session cookie settings auth makes.
    encoding.install()  # components to JSON without Dash's per-property probing
    app_services.init_app(server, settings)
    auth.init_app(server, settings)
    data.init_app(server, settings)  # the per-version cache
    stored_answers.init_app(server)  # live answers stored as bytes (after the cache)
    imports_routes.init_app(server, settings)
    poll.init_app(server, settings.version_cache_ms / 1000)
    push.init_app(server, streams=settings.push_streams, lifetime_s=settings.push_stream_s)
    health.init_app(server)
    catalogue_data.init_app(server)  # the public catalogue's record and pages, per version
    for blueprint in BLUEPRINTS:
        server.register_blueprint(blueprint)
    # A juror's own page: the guard sends anyone else away (the view checks again).
    protect_page(server, jury_routes.JURI_HOME, jury_routes.ASSESSMENT_ROLES)
    # The committee's score history (the views check again).
    for path in (HISTORY_PATH, HISTORY_XLSX_PATH):
        protect_page(server, path, history_routes.HISTORY_ROLES)
    # The committee's jury desk (its posts check the role themselves, as do the views).
    protect_page(server, jury_desk_routes.DESK_PATH, jury_desk_routes.DESK_ROLES)
    protect_page(server, screens_routes.SCREENS_PATH, screens_routes.SCREENS_ROLES)
    protect_page(
        server,
        catalogue_admin_routes.CATALOGUE_ADMIN_PATH,
        catalogue_admin_routes.CATALOGUE_ADMIN_ROLES,
    )
    protect_page(server, minutes_routes.MINUTES_PATH, minutes_routes.MINUTES_ROLES)
    protect_page(server, status_routes.STATUS_PATH, status_routes.STATUS_ROLES)
    protect_page(server, console_routes.CONSOLE_PATH, console_routes.CONSOLE_ROLES)
    # /impor checks its reader itself (before its body is read); listed here too, it is a
    # page like the others: its language is the one the reader chose last.
    protect_page(server, imports_routes.IMPORT_PATH, imports_routes.IMPORT_ROLES)
    for path in audit_routes.PATHS:  # the audit trail names jurors' scores (views check too)
        protect_page(server, path, audit_routes.AUDIT_ROLES)
    protect_page(server, files_routes.FILES_PATH, files_routes.FILES_ROLES)
    protect_page(server, accounts_routes.ACCOUNTS_PATH, accounts_routes.ACCOUNTS_ROLES)
    protect_page(server, password_routes.PASSWORD_PATH, password_routes.PASSWORD_ROLES)

    # The ceremony screen is a second, small Dash app on the same server (no navbar, no
    # plotly.js). Made first, so the dashboard stays Dash's "current app" for its pages.
    kiosk = create_kiosk_app(server)
    apps = DashApps(_dashboard(server), kiosk)
    server.extensions[DASH_APPS_KEY] = apps

    # Extensions that look after every Dash app.
    security.init_app(server, settings, apps)
    limits.init_app(server, settings, apps)
    compression.init_app(server, apps, settings.static_cache_dir)

    # WSGI layers around Flask, the last added outermost: ProxyFix gives the views the
    # client's address behind PROXY_COUNT proxies; FastTick answers a signed-in tick of
    # /api/versi from memory before anything else runs, and WorkLimit keeps the threads
    # gunicorn adds for news streams from running callbacks (dashboard/push.py).
    if settings.proxy_count:
        security.behind_proxies(server, settings.proxy_count)
    server.wsgi_app = WorkLimit(server.wsgi_app, settings.work_threads)
    server.wsgi_app = FastTick(server.wsgi_app, server)
    finish_dash_setup(server)
    return server


def finish_dash_setup(server: Flask) -> None:
    """Run the setup Dash leaves to the first request, now, before the server takes any.

    Each Dash app finishes itself in before_request hooks on the first request: it
    registers the files `_dash-component-suites` may serve, walks its assets folder, and
    the pages router adds its callbacks. Dash marks that work done before doing it
    (plotly/dash#3971), so under gunicorn's threads a request arriving meanwhile finds
    half an app: a fresh worker answered 404 for prop-types and dash_html_components
    (not registered yet) while another thread was setting up, Dash's renderer never
    started and the page stayed on "Loading..." (the kiosk until its watchdog reloaded,
    the officials' pages for good). An index page or `_dash-dependencies` served in that
    gap also lacked the assets or the pages' title callback. gunicorn calls the factory
    in each worker before it accepts a connection, so no request ever sees that gap.

    Only the hooks run, not a whole request: Flask refuses new routes once a server has
    handled one, and a test still adds its own after create_app.
    """
    with server.test_request_context(DASH_SETUP_PATH):
        # None: no hook answered, so every one ran, Dash's (added after ours) included.
        answered = server.preprocess_request()
    if answered is not None:
        raise RuntimeError(f"a request hook answered {DASH_SETUP_PATH}: Dash was not set up")


def page_title(name_key: str):
    """Return a page's tab title, in the language of the request ("Peringkat · KIPP Live")."""

    def title(**_path_variables: str) -> str:
        return f"{t(name_key, request_lang())} · {t('app.title')}"

    return title


def _dashboard(server: Flask) -> Dash:
    """Put the dashboard's Dash app, its pages and its frame on the server and return it."""
    app = LeanDash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS_DIR),
        # The kiosk app serves its own folder; the juror's sheet (a plain page) loads its own;
        # vendor/ holds the partial plotly.js, loaded only when a graph shows (kipp-plotly.js);
        # katalog/ the public catalogue's own style (its plain pages load it).
        assets_path_ignore=["^kiosk$", "^jury$", "^vendor$", "^katalog$"],
        serve_locally=True,  # Dash's own scripts come from this server, never a CDN
        title=t("app.title"),
        update_title=None,  # no "Updating..." flicker in the tab on every refresh
        index_string=INDEX_STRING,
    )
    app.title = t("app.title")
    nav = []
    for module, name_key, roles in PAGES:
        dash.register_page(
            module.__name__,
            path=module.PATH,
            name=t(name_key),
            title=page_title(name_key),
            layout=module.layout,
        )
        protect_page(server, module.PATH, roles)
        nav.append(navbar.NavPage(module.PATH, name_key, frozenset(roles)))
        module.register_callbacks(app)
    app.layout = shell.layout(nav)
    navbar.init_app(server, nav)  # the plain pages' navbar shows the same pages
    # Page contents arrive after the first layout: tell Dash every id it will meet, so it
    # still checks that each callback names real components.
    with server.test_request_context("/"):
        app.validation_layout = html.Div(
            [shell.layout(nav), *(module.layout() for module, _key, _roles in PAGES)]
        )
    shell.register_callbacks(app, nav)
    return app
