"""The ceremony screens' brand: the regency's and the competition's logos, and the year.

Shown on the reveal's opening screen, on the winners' screens and on the edition's slide
(the rotation's idle screen). A logo the committee uploaded on /berita-acara is fetched
from /kiosk/logo/<kind> (the screen's own edition only); with none, a plain wordmark
stands in. The address carries the logo's stamp, so a replaced logo is fetched anew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from dash import html
from dash.development.base_component import Component

from data_access.i18n import t
from data_access.minutes import LOGO_KINDS

LOGO_PATH = "/kiosk/logo"


@dataclass(frozen=True)
class Brand:
    """What a screen's brand shows: its edition, the logos present (kind: stamp), the year."""

    edition_code: str
    year: int | None
    logos: dict[str, int] = field(default_factory=dict)


def logo_src(edition_code: str, kind: str, stamp: int) -> str:
    """Return a logo's address for a screen (its edition and stamp in the query)."""
    return f"{LOGO_PATH}/{kind}?{urlencode({'edition': edition_code, 'v': stamp})}"


def brand_bar(brand: Brand, *, lang: str, large: bool = False) -> Component:
    """Return the logos (or the wordmark) and the edition's year, in one row."""
    marks: list = [
        html.Img(
            src=logo_src(brand.edition_code, kind, brand.logos[kind]),
            alt=t(f"minutes.image.{kind}", lang),
            className=f"kiosk-logo kiosk-logo-{kind.split('_')[0]}",
        )
        for kind in LOGO_KINDS
        if kind in brand.logos
    ]
    if not marks:
        marks = [html.Span(t("kiosk.brand", lang), className="kiosk-wordmark")]
    if brand.year is not None:
        marks.append(html.Span(str(brand.year), className="kiosk-brand-year"))
    size = "kiosk-brand-large" if large else "kiosk-brand-small"
    return html.Div(marks, className=f"kiosk-brand {size}", **{"data-logos": str(len(brand.logos))})
