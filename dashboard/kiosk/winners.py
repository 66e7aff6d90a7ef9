"""The winners on the ceremony screen: the reveal's screens and, after it, the catalogue's slide.

The splash, each Juara level's award screen and "Para Juara" (with its QR code to the
public catalogue once the edition is published), then the rotation's "katalog" slide
after the ceremony: winners only from the ceremony's public door (`public_view`) or the
public record (`catalogue.public_winners`), never from the live ranking. Built with the
rotation's own `slide` and heading (slides.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from dash import html
from dash.development.base_component import Component

from dashboard.builders.user_text import user_text
from dashboard.kiosk.slides import heading, slide
from dashboard.qr import qr_data_uri
from data_access.catalogue import PublicWinner
from data_access.ceremony import ALL, SPLASH, PublicView, Winner, step_level
from data_access.formatting import format_score
from data_access.i18n import t


# ---------------------------------------------------------------- the reveal
def _score(value: str | None, lang: str) -> str | None:
    return None if value is None else format_score(Decimal(value), lang=lang)


def _winner_card(winner: Winner, *, edition_code: str, revision: int, lang: str) -> Component:
    parts: list = []
    if winner.has_photo:
        parts.append(
            html.Img(
                src=f"/kiosk/photo/{winner.innovation_id}?r={revision}",
                alt="",
                className="kiosk-winner-photo",
            )
        )
    text = [
        html.H2(winner.title, className="kiosk-winner-title"),
        html.P(winner.unit_name, className="kiosk-winner-unit"),
    ]
    if winner.innovator:
        text.append(
            html.P(
                [html.Span(t("kiosk.award.innovator", lang) + ": "), user_text(winner.innovator)],
                className="kiosk-winner-innovator",
            )
        )
    score = _score(winner.final_score, lang)
    if score is not None:
        text.append(
            html.P(
                [html.Span(t("kiosk.award.score", lang), className="kiosk-score-label"), score],
                className="kiosk-winner-score",
            )
        )
    parts.append(html.Div(text, className="kiosk-winner-text"))
    return html.Article(parts, className="kiosk-winner")


def award_label(level: int, tie: bool, lang: str, *, decided: bool = False) -> list:
    label = [html.Span(t(f"kiosk.award.{level}", lang), className="kiosk-award-rank")]
    if tie:
        label.append(html.Span(t("kiosk.award.tie", lang), className="kiosk-award-tie"))
    if decided:  # SCORING.md: a place the jury settled says so wherever it is shown
        label.append(html.Span(t("seri.decided", lang), className="kiosk-award-decided"))
    return label


def splash_screen(edition_name: str, *, lang: str, brand: Component | None = None) -> Component:
    """Return the opening screen of the reveal (the logos and the year above it, when given)."""
    return slide(
        "splash",
        0,
        [
            brand,
            html.P(t("kiosk.brand", lang), className="kiosk-splash-kicker"),
            html.H1(t("kiosk.splash.title", lang), className="kiosk-splash-title"),
            html.P(edition_name, className="kiosk-splash-edition"),
        ],
        extra_class="kiosk-reveal",
    )


def award_screen(
    view: PublicView, level: int, *, lang: str, brand: Component | None = None
) -> Component:
    """Return one Juara level's screen: every innovation holding it (a seri shows them all)."""
    winners = view.winners.get(level, [])
    tie = len(winners) > 1 or any(w.tie for w in winners)
    cards = [
        _winner_card(w, edition_code=view.edition_code, revision=view.revision, lang=lang)
        for w in winners
    ]
    prize = view.settings.prizes.get(level, "")
    return slide(
        f"award-{level}",
        0,
        [
            brand,
            html.Div(
                award_label(level, tie, lang, decided=any(w.decided for w in winners)),
                className=f"kiosk-award-label level-{level}",
            ),
            html.Div(cards, className=f"kiosk-winners count-{len(cards)}"),
            html.P(
                [html.Span(t("kiosk.award.prize", lang) + ": "), user_text(prize)],
                className="kiosk-prize",
            )
            if prize
            else None,
        ],
        extra_class=f"kiosk-reveal kiosk-award level-{level}",
    )


def catalogue_code(link: str, *, edition_name: str, lang: str, large: bool = False) -> Component:
    """Return the QR code to the catalogue, its line ("Pindai ...") and the address in words.

    Black on white with its quiet zone whatever the theme; a data: URI drawn here, so it
    shows with the server away and the hall offline.
    """
    label = t("catalogue_qr.label", lang, edition=edition_name)
    shown = link.split("://", 1)[-1]  # the address as people type it
    return html.Figure(
        [
            html.Img(src=qr_data_uri(link, label=label), alt=label, className="kiosk-qr-code"),
            html.Figcaption(
                [
                    html.Span(t("catalogue_qr.scan", lang), className="kiosk-qr-scan"),
                    html.Span(shown, className="kiosk-qr-link"),
                ]
            ),
        ],
        className="kiosk-qr kiosk-qr-large" if large else "kiosk-qr",
        **{"data-link": link},
    )


def all_screen(
    view: PublicView,
    *,
    lang: str,
    brand: Component | None = None,
    catalogue_link: str | None = None,
    edition_name: str = "",
) -> Component:
    """Return the three levels together, Juara I in the middle, raised.

    With `catalogue_link` (the edition is published) a QR code to its catalogue page
    stands beside the podiums.
    """
    columns = []
    for level in (2, 1, 3):
        winners = view.winners.get(level, [])
        if not winners:
            continue
        tie = len(winners) > 1 or any(w.tie for w in winners)
        columns.append(
            html.Div(
                [
                    html.Div(
                        award_label(level, tie, lang, decided=any(w.decided for w in winners)),
                        className=f"kiosk-podium-label level-{level}",
                    ),
                    *(
                        html.Div(
                            [
                                html.P(w.title, className="kiosk-podium-title"),
                                html.P(w.unit_name, className="kiosk-podium-unit"),
                                html.P(_score(w.final_score, lang), className="kiosk-podium-score")
                                if w.final_score is not None
                                else None,
                            ],
                            className="kiosk-podium-entry",
                        )
                        for w in winners
                    ),
                ],
                className=f"kiosk-podium level-{level}",
            )
        )
    podiums = html.Div(columns, className="kiosk-podiums")
    if catalogue_link:
        code = catalogue_code(catalogue_link, edition_name=edition_name, lang=lang)
        podiums = html.Div([podiums, code], className="kiosk-podiums-row")
    return slide(
        "all",
        0,
        [brand, heading(t("kiosk.all.title", lang)), podiums],
        extra_class="kiosk-reveal",
    )


def reveal_screen(
    view: PublicView,
    edition_name: str,
    *,
    lang: str,
    brand: Component | None = None,
    catalogue_link: str | None = None,
) -> Component:
    """Return the screen of the reveal's current step (with the brand, when given).

    `catalogue_link` (the edition is published) shows only on "Para Juara", the last step.
    """
    level = step_level(view.step)
    if view.step == ALL:
        return all_screen(
            view,
            lang=lang,
            brand=brand,
            catalogue_link=catalogue_link,
            edition_name=edition_name,
        )
    if view.step == SPLASH or level is None:
        return splash_screen(edition_name, lang=lang, brand=brand)
    return award_screen(view, level, lang=lang, brand=brand)


# ---------------------------------------------------------------- after the ceremony
def katalog_slide(
    winners: Sequence[PublicWinner],
    link: str,
    *,
    edition_name: str,
    seconds: int,
    lang: str,
) -> Component:
    """Return the rotation's slide after the ceremony: the winners and the catalogue's QR code.

    The winners come from the public record (`catalogue.public_winners`): levels, titles
    and units, no score. The caller shows this slide only once the awards are public.
    """
    rows = [
        html.Li(
            [
                html.Div(
                    award_label(w.level, w.tie, lang),
                    className=f"kiosk-katalog-label level-{w.level}",
                ),
                html.Div(
                    [
                        html.P(w.title, className="kiosk-katalog-title"),
                        html.P(w.unit_name, className="kiosk-katalog-unit"),
                    ],
                    className="kiosk-katalog-text",
                ),
            ],
            className=f"kiosk-katalog-winner level-{w.level}",
        )
        for w in winners
    ]
    return slide(
        "katalog",
        seconds,
        [
            heading(
                t("kiosk.all.title", lang),
                t("catalogue_qr.slide.subtitle", lang, edition=edition_name),
            ),
            html.Div(
                [
                    html.Ol(rows, className="kiosk-katalog-winners"),
                    catalogue_code(link, edition_name=edition_name, lang=lang, large=True),
                ],
                className="kiosk-katalog-body",
            ),
        ],
    )
