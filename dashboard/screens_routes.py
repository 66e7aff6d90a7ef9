"""The committee's ceremony screens: GET /layar and its forms' POST routes.

What the command line does (`kiosk token create|list|revoke`), in the browser: register a
screen under a name for an edition and see its link once, as text and as a QR code to
scan with the TV's browser (dashboard/qr.py, drawn here, no network); rename a screen;
revoke its link. The shared form machinery (role, CSRF, body limit, PRG, outcomes in the
page's language) is dashboard/committee_forms.py, as /kelola-juri's.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request

from dashboard.auth import COMMITTEE, csrf_token
from dashboard.committee_forms import CommitteeForms, by_whom, html_answer, no_store
from dashboard.qr import qr_svg
from dashboard.services import services
from data_access import kiosks, queries
from data_access.db import transaction
from data_access.formatting import format_datetime
from data_access.i18n import Message, normalize_lang, t

log = logging.getLogger(__name__)

SCREENS_PATH = "/layar"
SCREENS_ROLES = COMMITTEE
REGISTER_PATH = f"{SCREENS_PATH}/daftar"
RENAME_PATH = f"{SCREENS_PATH}/ganti-nama"
REVOKE_PATH = f"{SCREENS_PATH}/cabut"
POST_PATHS = (REGISTER_PATH, RENAME_PATH, REVOKE_PATH)
# A name and an edition code: a few hundred bytes. Larger is refused unread.
SCREENS_MAX_BYTES = 4 * 1024
MAX_FIELD = 200
SCRIPT = "/assets/jury/kipp-copy.js"
# The regency's zone: the page names when each screen was last seen in WIB.
ZONE = ZoneInfo("Asia/Jakarta")

screens = Blueprint("screens", __name__)

FORMS = CommitteeForms(
    path=SCREENS_PATH,
    title_key="screens.title",
    flash_key="screens_flash",
    max_bytes=SCREENS_MAX_BYTES,
    max_field=MAX_FIELD,
    refusals=(kiosks.KioskError,),
    message_of=lambda refusal: (
        refusal.args[0] if isinstance(refusal.args[0], Message) else Message("desk.refused")
    ),
    too_large_key="screens.too_large",
    db_error_key="screens.db_error",
    log_name="layar",
)


def screens_href(lang: str, anchor: str = "") -> str:
    """Return the page's address in a language (and a section)."""
    return f"{SCREENS_PATH}?{urlencode({'lang': lang})}{anchor}"


@screens.get(SCREENS_PATH)
def screens_page():
    """Show the committee every screen, the form to register one, and a new link once."""
    loaded = FORMS.load(lambda db: (kiosks.list_screens(db), queries.list_edition_keys(db)))
    if isinstance(loaded, Response):
        return loaded
    lang, (found, editions) = loaded
    flash = FORMS.pop_flash()
    if flash and flash.get("link"):
        flash = {**flash, "qr": qr_svg(flash["link"], label=t("screens.qr", lang))}
    names = {code: name for code, _id, name in editions}
    rows = [
        {
            "name": s.name,
            "edition": names.get(s.bound_edition or "", s.bound_edition)
            or t("screens.default_edition", lang),
            "seen": format_datetime(s.last_seen_at, lang=lang, tz=ZONE)
            if s.last_seen_at
            else t("screens.never", lang),
        }
        for s in found
    ]
    page = render_template(
        "screens.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=t("screens.title", lang),
        flash=flash,
        flash_text=(flash or {}).get("text", {}).get(lang, ""),
        screens=rows,
        editions=editions,
        csrf=csrf_token(),
        paths={"register": REGISTER_PATH, "rename": RENAME_PATH, "revoke": REVOKE_PATH},
        query=f"?lang={lang}",
        script=SCRIPT,
        back=f"/kendali?{urlencode({'lang': lang})}",
    )
    return html_answer(page)


def _back(lang: str, _fields: dict[str, str]) -> Response:
    return no_store(redirect(screens_href(lang, "#hasil"), code=303))


def _post(action) -> Response:
    return FORMS.post(action, _back, screens_href(normalize_lang(request.args.get("lang"))))


@screens.post(REGISTER_PATH)
def register_screen():
    """Register a screen for an edition: its link (and QR code) shown once, on the page."""

    def act(fields: dict[str, str]):
        name = fields.get("name", "")
        with transaction(services().engine) as session:
            token = kiosks.create_token(session, name, fields.get("edition") or None, by=by_whom())
        link = request.host_url.rstrip("/") + kiosks.kiosk_url(token)
        return Message("screens.made", name=name.strip()), link

    return _post(act)


@screens.post(RENAME_PATH)
def rename_screen():
    """Give a screen another name; its link and edition stay."""

    def act(fields: dict[str, str]):
        name = fields.get("name", "")
        with transaction(services().engine) as session:
            new = kiosks.rename(session, name, fields.get("new_name", ""), by=by_whom())
        return Message("screens.renamed", name=name, new=new), None

    return _post(act)


@screens.post(REVOKE_PATH)
def revoke_screen():
    """Revoke a screen's link: it stops showing anything at its next request."""

    def act(fields: dict[str, str]):
        name = fields.get("name", "")
        with transaction(services().engine) as session:
            kiosks.revoke(session, name, by=by_whom())
        return Message("screens.revoked", name=name), None

    return _post(act)
