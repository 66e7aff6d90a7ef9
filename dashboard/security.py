"""The server's safety net: production mode, generic errors, no cross-site writes, headers.

- **Production mode, always.** Flask's debug flag and Dash's dev tools are switched off
  whatever the environment says (FLASK_DEBUG, DASH_DEBUG, DASH_UI, DASH_HOT_RELOAD, ...).
- **Generic errors.** An exception anywhere (a callback, a page, a route) is logged with
  its traceback under a short reference; the answer holds only a generic text in both
  languages and that reference: a page for a browser, a small JSON body for Dash.
- **No cross-site writes.** A request with any method but GET and HEAD is refused (403)
  when its `Origin` is another site's, or when the browser says it comes from another
  site (`Sec-Fetch-Site: cross-site` or `same-site`). The login and logout forms keep
  their CSRF tokens; Dash's callbacks and the upload get this check. Nothing ever sends
  an `Access-Control-Allow-*` header: no other site may read an answer.
- **Security headers on every response** through flask-talisman: a Content-Security-Policy
  whose script-src is 'self' plus the hashes of the Dash apps' inline scripts (no
  'unsafe-inline', no 'unsafe-eval': Dash, plotly.js and the kiosk run without eval in
  Chromium, tests/security/test_csp_browser.py), frame-ancestors 'none', a referrer only
  within the site, and friends. Talisman's HTTPS redirect stays off (a reverse proxy's
  job; http://127.0.0.1 must work) and the session cookie is Secure only when
  SESSION_COOKIE_SECURE says so.

`style-src` keeps 'unsafe-inline'. Dash's renderer and dash-core-components insert <style>
elements of their own at run time (Chromium reports them under style-src-elem when it is
left out), so do plotly.js and the kiosk's script (it shows a slide by writing one), and
the kiosk's waiting page carries its style inline. A style cannot run code; what injected
markup could do with one is prevented where markup is built: every text is escaped.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator, Sequence

from dash import Dash
from flask import Flask, Response, current_app, jsonify, request
from flask_talisman import DENY, Talisman
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.auth import KIOSK_PATH, PAGE_ROLES_KEY
from dashboard.html import bilingual_link, bilingual_page, bilingual_paragraphs
from data_access.i18n import LANGUAGES, t
from data_access.settings import Settings, normalize_origin

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})
FOREIGN_FETCH_SITES = frozenset({"cross-site", "same-site"})
DASH_UPDATE = "_dash-update-component"
TRUSTED_ORIGINS_KEY = "kipp_trusted_origins"
HOME_PATH = "/"

# The browser features the app never uses, switched off for its pages.
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}


class ScriptSources:
    """script-src: 'self' and the hashes of every Dash app's inline scripts, read per response.

    Read at each response rather than once when the policy is made, so a callback
    registered later (the pages router's, in Dash's setup at the end of create_app; a
    test's) is covered too; hashing Dash's few short inline scripts costs microseconds.
    """

    def __init__(self, dash_apps: Sequence[Dash]) -> None:
        self.dash_apps = tuple(dash_apps)

    def __iter__(self) -> Iterator[str]:
        sources = ["'self'"]
        for dash_app in self.dash_apps:
            sources += [found for found in dash_app.csp_hashes() if found not in sources]
        return iter(sources)


def content_security_policy(dash_apps: Sequence[Dash]) -> dict[str, object]:
    """Return the Content-Security-Policy for the app: its own files and Dash's inline scripts."""
    return {
        "default-src": "'self'",
        "script-src": ScriptSources(dash_apps),
        # See the module docstring: the kiosk's and plotly.js's styles are written inline.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "worker-src": "'self'",  # the kiosk's service worker, /kiosk-sw.js
        "manifest-src": "'self'",
        "object-src": "'none'",
        "frame-src": "'none'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }


def init_app(server: Flask, settings: Settings, dash_apps: Sequence[Dash]) -> None:
    """Put the server in production mode; add the error answers, trusted origins, headers.

    Its request hooks (refuse_cross_site, refuse_unknown_pages, isolation_headers) are
    added by create_app, with the others, in the order they run. Call it after
    dashboard.auth.init_app: Talisman keeps the session cookie settings made there.
    """
    production_mode(server, dash_apps)
    trusted = {normalize_origin(origin) for origin in settings.trusted_origins}
    server.extensions[TRUSTED_ORIGINS_KEY] = frozenset(trusted - {None})
    server.register_error_handler(Exception, server_error)
    server.config["SESSION_COOKIE_SECURE"] = settings.session_cookie_secure
    # Talisman's own hooks refuse nothing here (force_https is off, no nonce is used):
    # its before_request hooks may run after ours, and its headers are set after any view.
    Talisman(
        server,
        # HTTPS belongs to the reverse proxy in front; http://127.0.0.1 must keep working.
        force_https=False,
        session_cookie_secure=settings.session_cookie_secure,
        # Talisman writes these two into the config: keep what dashboard.auth chose.
        session_cookie_samesite=server.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        session_cookie_http_only=True,
        frame_options=DENY,
        content_security_policy=content_security_policy(dash_apps),
        # A screen's address carries its display token: no address ever leaves the site.
        # (Not "no-referrer": with it Chromium sends `Origin: null` on the site's own
        # form posts, which the origin check then has to refuse.)
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
        # Sent only on a request that came over HTTPS (or says so through its proxy).
        strict_transport_security=True,
        strict_transport_security_include_subdomains=False,
    )


def behind_proxies(server: Flask, count: int) -> None:
    """Trust the last `count` proxies' X-Forwarded-* headers (the client's address, scheme)."""
    server.wsgi_app = ProxyFix(
        server.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count
    )


def production_mode(server: Flask, dash_apps: Sequence[Dash]) -> None:
    """Switch Flask's debug mode and every Dash app's dev tools off, whatever the environment."""
    # Flask reads FLASK_DEBUG when it is made; debug would let exceptions escape our
    # error handler and put details in error pages.
    server.debug = False
    server.config.update(
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
        TRAP_BAD_REQUEST_ERRORS=False,
        EXPLAIN_TEMPLATE_LOADING=False,
    )
    for dash_app in dash_apps:
        # Dash reads DASH_UI, DASH_HOT_RELOAD, DASH_SERVE_DEV_BUNDLES, ... when an app is made
        # (its dev tools switch on with them even without debug): set every one back.
        # enable_dev_tools is Dash's public way to set them for an app served by WSGI (what
        # `app.run` calls); with debug=False and every tool named it starts no reloader,
        # adds no hook and touches no logger: it only records these values.
        dash_app.enable_dev_tools(
            debug=False,
            dev_tools_ui=False,
            dev_tools_props_check=False,
            dev_tools_serve_dev_bundles=False,
            dev_tools_hot_reload=False,
            dev_tools_silence_routes_logging=False,
            dev_tools_prune_errors=True,
            dev_tools_validate_callbacks=False,
        )


# ---------------------------------------------------------------- answers
def _wants_html() -> bool:
    """Return True for a browser's page request; Dash and scripts get JSON."""
    if request.path.endswith(DASH_UPDATE):
        return False
    return any(kind == "text/html" for kind in request.accept_mimetypes.values())


def error_answer(status: int, key: str, *, ref: str | None = None) -> Response:
    """Return a generic answer in Bahasa Indonesia then English: a page, or small JSON."""
    if _wants_html():
        body = bilingual_paragraphs(f"{key}.body")
        if ref is not None:
            body += bilingual_paragraphs("error.server.ref", css_class="text-muted", ref=ref)
        body += bilingual_link(HOME_PATH, "error.back")
        page = bilingual_page(f"{key}.title", body)
        response = Response(page, status=status, content_type="text/html; charset=utf-8")
    else:
        content: dict[str, str] = {
            "error": key.removeprefix("error."),
            "message": " / ".join(t(f"{key}.body", lang) for lang in LANGUAGES),
        }
        if ref is not None:
            content["ref"] = ref
        response = jsonify(content)
        response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def refuse_unknown_pages():
    """Answer 404 for an address no page has, instead of Dash's empty page frame."""
    if request.method not in SAFE_METHODS:
        return None
    # Dash serves its page frame for any path under an app ("/<path:path>"); only the
    # paths of real pages (and the kiosk's own) should get it.
    if request.endpoint not in {"/<path:path>", f"{KIOSK_PATH}/<path:path>"}:
        return None
    path = request.path.rstrip("/") or "/"
    if path == KIOSK_PATH or path in current_app.extensions.get(PAGE_ROLES_KEY, {}):
        return None
    return error_answer(404, "error.not_found")


def server_error(error: Exception):
    """Log an unexpected error with a reference and answer generically (HTTP errors pass)."""
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return error  # 404, 405, 413, ...: Flask's own answer, or their own handlers'
    if "/_dash-component-suites/" in request.path and request.method in SAFE_METHODS:
        # Dash raises for a file it does not have (naming every file it has): a 404.
        return error_answer(404, "error.not_found")
    original = getattr(error, "original_exception", None) or error
    ref = secrets.token_hex(4).upper()
    log.error("error %s on %s %s", ref, request.method, request.path, exc_info=original)
    return error_answer(500, "error.server", ref=ref)


# ---------------------------------------------------------------- other sites
def is_foreign(origin: str | None, fetch_site: str | None) -> bool:
    """Return True when a request's Origin or Sec-Fetch-Site names another site."""
    if (fetch_site or "").strip().lower() in FOREIGN_FETCH_SITES:
        return True
    if origin is None:
        return False  # not a browser's cross-site request: a form token or a session decides
    normalized = normalize_origin(origin)  # "null" (a sandboxed frame, a file) gives None
    if normalized is None:
        return True
    trusted = current_app.extensions.get(TRUSTED_ORIGINS_KEY, frozenset())
    return normalized != normalize_origin(request.host_url) and normalized not in trusted


def refuse_cross_site():
    """Refuse a state-changing request sent by another site's page (403, both languages)."""
    if request.method in SAFE_METHODS:
        return None
    origin = request.headers.get("Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if not is_foreign(origin, fetch_site):
        return None
    log.warning(
        "refused a cross-site %s %s (Origin %r, Sec-Fetch-Site %r)",
        request.method,
        request.path,
        (origin or "")[:100],
        (fetch_site or "")[:20],
    )
    return error_answer(403, "error.cross_site")


def isolation_headers(response: Response) -> Response:
    """Add the headers Talisman does not set, and drop any CORS grant whoever added it."""
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    granted = {
        name for name, _ in response.headers.items() if name.lower().startswith("access-control-")
    }
    for name in granted:
        del response.headers[name]
    return response
