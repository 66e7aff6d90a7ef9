"""The committee's catalogue page: GET /kelola-katalog and its forms' POST routes.

What `python -m data_access catalogue publish|unpublish` does, in the browser: every
edition with whether it is in the public catalogue (since when, by whom), a button to
publish it, and for a published one its three switches (finalists, innovators' names,
proposal documents) saved together, a link to its public list, withdrawal behind the
page's own confirmation, and whether its awards are public yet (they appear by themselves
once the reveal reached "semua juara": data_access.ceremony.public_awards). The shared
form machinery (role, CSRF, body limit, PRG, outcomes in the page's language) is
dashboard/committee_forms.py, as /layar's.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, render_template
from sqlalchemy.orm import Session

from dashboard.auth import COMMITTEE, csrf_token
from dashboard.committee_forms import CommitteeForms, by_whom, html_answer
from dashboard.services import services
from data_access import catalogue, queries
from data_access.ceremony import public_awards
from data_access.db import transaction
from data_access.formatting import format_datetime
from data_access.i18n import Message, t

CATALOGUE_ADMIN_PATH = "/kelola-katalog"
CATALOGUE_ADMIN_ROLES = COMMITTEE
PUBLISH_PATH = f"{CATALOGUE_ADMIN_PATH}/terbitkan"
SETTINGS_PATH = f"{CATALOGUE_ADMIN_PATH}/atur"
UNPUBLISH_PATH = f"{CATALOGUE_ADMIN_PATH}/tarik"
POST_PATHS = (PUBLISH_PATH, SETTINGS_PATH, UNPUBLISH_PATH)
# An edition's code and three switches: well under a kilobyte. Larger is refused unread.
CATALOGUE_ADMIN_MAX_BYTES = 2 * 1024
MAX_FIELD = 64
# The regency's zone: the page says when each edition was published in WIB.
ZONE = ZoneInfo("Asia/Jakarta")

catalogue_admin = Blueprint("catalogue_admin", __name__)


class CatalogueRefused(Exception):
    """A form the catalogue cannot act on (an edition no longer published), said as a message."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.key)
        self.message = message


FORMS = CommitteeForms(
    path=CATALOGUE_ADMIN_PATH,
    title_key="catalogue_admin.title",
    flash_key="catalogue_admin_flash",
    max_bytes=CATALOGUE_ADMIN_MAX_BYTES,
    max_field=MAX_FIELD,
    refusals=(CatalogueRefused, queries.EditionNotFound),
    message_of=lambda refusal: (
        refusal.message
        if isinstance(refusal, CatalogueRefused)
        else Message("refused.no_edition", code=str(refusal))
    ),
    too_large_key="catalogue_admin.too_large",
    db_error_key="catalogue_admin.db_error",
    log_name="kelola-katalog",
)


@dataclass(frozen=True)
class EditionRow:
    """One edition as the page shows it: its publication (or None) and its awards' state."""

    code: str
    name: str
    publication: catalogue.Publication | None
    awards_public: bool


def _editions(session: Session) -> list[EditionRow]:
    published = {p.edition_code: p for p in catalogue.publications(session)}
    return [
        EditionRow(code, name, published.get(code), public_awards(session, code).complete)
        for code, _id, name in queries.list_edition_keys(session)
    ]


def _row(row: EditionRow, lang: str) -> dict:
    published = row.publication
    state = (
        t(
            "catalogue_admin.published_since",
            lang,
            when=format_datetime(published.published_at, lang=lang, tz=ZONE),
            by=published.published_by,
        )
        if published
        else t("catalogue_admin.not_published", lang)
    )
    return {
        "code": row.code,
        "name": row.name,
        "published": published is not None,
        "state": state,
        "awards": t(
            "catalogue_admin.awards_public"
            if row.awards_public
            else "catalogue_admin.awards_later",
            lang,
        ),
        "awards_public": row.awards_public,
        "switches": [
            {
                "name": name,
                "label": t(f"catalogue_admin.switch.{name}", lang),
                "help": t(f"catalogue_admin.switch.{name}.help", lang),
                "on": bool(published and getattr(published, name)),
            }
            for name in catalogue.SWITCHES
        ],
        # The catalogue's own address of the edition's list (?edisi=CODE, its language).
        "public_href": "/katalog" + catalogue.Filters(edition=row.code).query(lang),
    }


@catalogue_admin.get(CATALOGUE_ADMIN_PATH)
def catalogue_admin_page():
    """Show the committee every edition, published or not, with its forms."""
    loaded = FORMS.load(_editions)
    if isinstance(loaded, Response):
        return loaded
    lang, rows = loaded
    flash = FORMS.pop_flash()
    page = render_template(
        "catalogue_admin.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=t("catalogue_admin.title", lang),
        flash=flash,
        flash_text=(flash or {}).get("text", {}).get(lang, ""),
        editions=[_row(row, lang) for row in rows],
        csrf=csrf_token(),
        paths={"publish": PUBLISH_PATH, "settings": SETTINGS_PATH, "unpublish": UNPUBLISH_PATH},
        query=f"?lang={lang}",
        back=f"/konsol?{urlencode({'lang': lang})}",
    )
    return html_answer(page)


def _name(session: Session, code: str) -> str:
    return queries.get_edition(session, code).name


@catalogue_admin.post(PUBLISH_PATH)
def publish_edition():
    """Publish an edition in the catalogue (every switch off at first)."""

    def act(fields: dict[str, str]):
        code = fields.get("edition", "")
        with transaction(services().engine) as session:
            name = _name(session, code)
            if catalogue.is_published(session, code):
                return Message("catalogue_admin.already_published", name=name), None
            catalogue.publish(session, code, by=by_whom())
        return Message("catalogue_admin.done.published", name=name), None

    return FORMS.post_to_page(act)


@catalogue_admin.post(SETTINGS_PATH)
def save_switches():
    """Save a published edition's three switches at once (an unticked box is off)."""

    def act(fields: dict[str, str]):
        code = fields.get("edition", "")
        with transaction(services().engine) as session:
            name = _name(session, code)
            if not catalogue.is_published(session, code):
                raise CatalogueRefused(Message("catalogue_admin.refused.not_published", name=name))
            switches = {switch: fields.get(switch) == "1" for switch in catalogue.SWITCHES}
            catalogue.publish(session, code, by=by_whom(), **switches)
        return Message("catalogue_admin.done.settings", name=name), None

    return FORMS.post_to_page(act)


@catalogue_admin.post(UNPUBLISH_PATH)
def unpublish_edition():
    """Withdraw an edition from the catalogue: none of its pages opens any more."""

    def act(fields: dict[str, str]):
        code = fields.get("edition", "")
        with transaction(services().engine) as session:
            name = _name(session, code)
            if not catalogue.unpublish(session, code, by=by_whom()):
                raise CatalogueRefused(Message("catalogue_admin.refused.not_published", name=name))
        return Message("catalogue_admin.done.unpublished", name=name), None

    return FORMS.post_to_page(act)
