"""The ceremony screen's frame: the slides of the rotation, or the reveal's screen.

Built when kiosk.js saw a new version (GET /kiosk/api/state), for the edition the screen
shows (dashboard/data.py: watch_screen), from `data_access.ceremony.public_view`, which
holds only the winners already revealed.

A frame is stored once for every screen that asks for it (dashboard/stored_answers.py):
its marks are the edition the screen shows, the data version, the ceremony revision, the
language and the address's slides; frame() says which marks it drew, and only a frame
drawn at the revision the request was keyed by is stored (a reveal step in between: this
screen alone gets the newer frame, and the next poll asks again).
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from dash import html
from flask import g

import dashboard.kiosk.slides as slides
import dashboard.kiosk.winners as winners
from dashboard import data, ids, page_data, screen_data
from dashboard.auth import kiosk_screen_id
from dashboard.data import EditionRef
from dashboard.kiosk.brand import Brand, brand_bar
from dashboard.public_url import catalogue_link, public_base
from dashboard.screen_data import ScreenCatalogue
from dashboard.stored_answers import SHOWN_FLAG, WATCH_FLAG, watched_in_request
from data_access import ceremony
from data_access.ceremony import ALL, CeremonySettings, PublicView, parse_slides, step_level
from data_access.i18n import normalize_lang, t
from data_access.minutes import edition_year
from data_access.models import utcnow
from data_access.participation import submissions_closed
from data_access.queries import EditionInfo

# A frame is stored under its address's query: a longer one (no screen's) is drawn per request.
KEYED_SEARCH_MAX = 200


def _search_params(search: str) -> dict[str, str]:
    parsed = parse_qs(search.lstrip("?"), keep_blank_values=False)
    return {key: values[0] for key, values in parsed.items() if values}


def _marks(
    edition: EditionRef, version: int, revision: int, published: bool, params: dict[str, str]
) -> dict:
    """Return what a frame is drawn from: edition, version, ceremony revision, language, slides,
    whether the catalogue is published and the address its QR code names."""
    return {
        "edition": edition.code,
        "version": version,
        "revision": revision,
        "lang": normalize_lang(params.get("lang")),
        "slides": params.get("slides") or "",
        "catalogue": public_base() if published else "",
    }


def frame_stamp(version: int, revision: int, published: bool) -> str:
    """Return the version a screen compares with its frame's (a publication redraws it too)."""
    return f"{version}-{revision}" + ("-k" if published else "")


def frame_key(body: dict) -> dict[str, int | str] | None:
    """Return the marks of the frame a screen's request asks for (None: drawn per request)."""
    try:
        signal = body["inputs"][0]["value"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(signal, dict):
        return None
    search = str(signal.get("search") or "")
    if len(search) > KEYED_SEARCH_MAX:
        return None
    params = _search_params(search)
    asked = params.get("edition") or None
    seen = data.watch_screen(asked, kiosk_screen_id())
    setattr(g, WATCH_FLAG, (ids.KIOSK_FRAME, asked, seen))  # frame() draws what was keyed
    if seen.edition is None:
        return None
    return _marks(seen.edition, seen.version, seen.revision or 0, bool(seen.catalogue), params)


def _countdown_target(edition: EditionInfo, settings: CeremonySettings) -> datetime | None:
    if edition.ceremony_date is None:
        return None
    hours, minutes = (int(part) for part in settings.ceremony_time.split(":"))
    local = datetime.combine(edition.ceremony_date, datetime.min.time()).replace(
        hour=hours, minute=minutes, tzinfo=ZoneInfo(edition.timezone)
    )
    # Half a day after the start the countdown has nothing left to say.
    return local if utcnow() < local + timedelta(hours=12) else None


def rotation(
    edition: EditionRef,
    version: int,
    view: PublicView,
    info: EditionInfo,
    spec: str | None,
    lang: str,
    brand: Brand | None = None,
    shelf: ScreenCatalogue | None = None,
) -> list:
    """Return the slides of the rotation, in order, for the settings or the URL's ?slides=.

    "katalog" shows only with the edition published and its awards public (`shelf`'s
    winners come from the public record, empty before the reveal reached "all").
    """
    chosen = view.settings.slides
    if spec:
        # A mistyped URL falls back to the committee's settings, never an error.
        with contextlib.suppress(ceremony.CeremonyError):
            chosen = parse_slides(spec)
    built = []
    for name, seconds in chosen:
        if name == "progress":
            edition_progress = page_data.progress(edition, version)
            facts = page_data.overview(edition, version)
            built.append(
                slides.progress_slide(
                    edition_progress.stages,
                    facts.jurors if facts else len({j.juror_id for j in edition_progress.jurors}),
                    seconds=seconds,
                    lang=lang,
                )
            )
        elif name == "participation":
            shown = page_data.participation(edition, version)
            closed = submissions_closed(shown, utcnow())
            built.append(
                slides.participation_slide(
                    shown,
                    seconds=seconds,
                    lang=lang,
                    closed=closed,
                    hide_missing=view.settings.hide_missing,
                )
            )
        elif name == "finalists":
            # Keyed by the ceremony revision once approved: the snapshot's finalists then.
            approval = view.revision if view.approved else None
            built.append(
                slides.finalists_slide(
                    screen_data.finalists(edition, version, approval), seconds=seconds, lang=lang
                )
            )
        elif name == "countdown":
            target = _countdown_target(info, view.settings)
            if target is not None:
                built.append(slides.countdown_slide(target, seconds=seconds, lang=lang))
        elif name == "katalog" and shelf is not None and shelf.published and shelf.winners:
            built.append(
                winners.katalog_slide(
                    shelf.winners,
                    catalogue_link(edition.code, lang),
                    edition_name=info.name,
                    seconds=seconds,
                    lang=lang,
                )
            )
    # Nothing left to rotate (say, only a countdown that has passed): show the edition.
    shown = brand_bar(brand, lang=lang, large=True) if brand else None
    return built or [slides.edition_slide(info.name, lang=lang, brand=shown)]


def frame(signal: dict) -> html.Div:
    """Return the kiosk's frame for a signal from kiosk.js."""
    params = _search_params(str(signal.get("search") or ""))
    lang = normalize_lang(params.get("lang"))
    asked = params.get("edition") or None
    seen = watched_in_request(ids.KIOSK_FRAME, asked) or data.watch_screen(asked, kiosk_screen_id())
    if seen.edition is None:
        content = [
            slides.slide("empty", 0, [html.P(t("kiosk.no_edition", lang), className="kiosk-empty")])
        ]
        return html.Div(
            content, className="kiosk-frame-inner", **{"data-frame-version": f"{seen.version}-0"}
        )
    view, info = screen_data.screen_view(seen.edition)
    # The winners only for the rotation (after the ceremony): the reveal has its own.
    shelf = screen_data.screen_catalogue(seen.edition, winners=not view.reveal_mode)
    stamp = frame_stamp(seen.version, view.revision, shelf.published)
    # The logos and the year: a logo's change moves the revision, so this frame is redrawn.
    brand = Brand(seen.edition.code, edition_year(info), screen_data.logos(seen.edition))
    if view.reveal_mode:
        # Large on the opening screen; a row above the winners elsewhere.
        large = view.step != ALL and step_level(view.step) is None
        shown = brand_bar(brand, lang=lang, large=large)
        link = catalogue_link(seen.edition.code, lang) if shelf.published else None
        content = [
            winners.reveal_screen(view, info.name, lang=lang, brand=shown, catalogue_link=link)
        ]
    else:
        content = rotation(
            seen.edition, seen.version, view, info, params.get("slides"), lang, brand, shelf
        )
    # Complete content: stored for every screen when drawn at the revision it was keyed by.
    marks = _marks(seen.edition, seen.version, view.revision, shelf.published, params)
    setattr(g, SHOWN_FLAG, marks)
    return html.Div(
        content,
        className="kiosk-frame-inner" + (" is-reveal" if view.reveal_mode else ""),
        **{"data-frame-version": stamp, "data-step": view.step, "data-tz": info.timezone},
    )
