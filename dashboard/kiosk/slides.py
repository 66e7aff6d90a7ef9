"""The ceremony screen's slides and award screens, built from plain data as big HTML.

No figures and no plotly.js: a screen read from the back of a hall wants large type,
and the kiosk page stays small. Every slide is a <section class="kiosk-slide"> with
its name and duration; kiosk.js shows one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from dash import html
from dash.development.base_component import Component

from dashboard.builders.user_text import user_text
from dashboard.qr import qr_data_uri
from data_access.catalogue import PublicWinner
from data_access.ceremony import ALL, SPLASH, PublicView, Winner, step_level
from data_access.formatting import format_number, format_percent, format_score
from data_access.i18n import t
from data_access.participation import Participation, closed_key
from data_access.progress import StageProgress
from data_access.screen import Finalist

# Past this many OPD tiles the wall shows the ones still missing by name, the rest as counts.
WALL_MAX_TILES = 72


def slide(name: str, seconds: int, children: list, *, extra_class: str = "") -> Component:
    """Return one slide of the rotation."""
    return html.Section(
        children,
        className=f"kiosk-slide kiosk-slide-{name} {extra_class}".strip(),
        **{"data-slide": name, "data-seconds": str(seconds)},
    )


def _heading(title: str, subtitle: str | None = None) -> Component:
    parts = [html.H1(title, className="kiosk-title")]
    if subtitle:
        parts.append(html.P(subtitle, className="kiosk-subtitle"))
    return html.Header(parts, className="kiosk-heading")


# ---------------------------------------------------------------- progress
def _stage_name(stage: str, lang: str) -> str:
    return t(f"schedule.phase.{stage}", lang)


def _ratio(stage: StageProgress) -> Decimal:
    return stage.ratio if stage.ratio is not None else Decimal(0)


def progress_slide(
    stages: Sequence[StageProgress], jurors: int, *, seconds: int, lang: str
) -> Component:
    """Return the judging progress: one big bar per stage."""
    rows = []
    for stage in stages:
        if stage.expected == 0:
            detail = t("kiosk.progress.not_started", lang)
            percent = "–"
        else:
            detail = t(
                "kiosk.progress.sheets",
                lang,
                complete=format_number(stage.complete, lang=lang),
                expected=format_number(stage.expected, lang=lang),
            )
            if stage.partial:
                detail += " · " + t(
                    "kiosk.progress.partial", lang, partial=format_number(stage.partial, lang=lang)
                )
            percent = format_percent(_ratio(stage), lang=lang)
        width = f"{min(float(_ratio(stage)) * 100, 100):.1f}%"
        rows.append(
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(_stage_name(stage.stage, lang), className="kiosk-stage-name"),
                            html.Span(percent, className="kiosk-stage-percent"),
                        ],
                        className="kiosk-stage-head",
                    ),
                    html.Div(
                        html.Div(className="kiosk-bar-fill", style={"width": width}),
                        className="kiosk-bar-track",
                        role="progressbar",
                        **{"aria-valuenow": width.rstrip("%"), "aria-valuemin": "0"},
                        **{"aria-valuemax": "100"},
                    ),
                    html.P(detail, className="kiosk-stage-detail"),
                ],
                className="kiosk-stage",
            )
        )
    subtitle = t("kiosk.progress.jurors", lang, count=format_number(jurors, lang=lang))
    return slide(
        "progress",
        seconds,
        [
            _heading(t("kiosk.progress.title", lang), subtitle),
            html.Div(rows, className="kiosk-stages"),
        ],
    )


# ---------------------------------------------------------------- participation
def _submitted(count: int, lang: str, closed: bool) -> str:
    if count == 0:
        return t(closed_key("kiosk.participation.none", closed), lang)
    if count == 1:
        return t("kiosk.participation.count_one", lang)
    return t("kiosk.participation.count", lang, count=format_number(count, lang=lang))


def participation_slide(
    participation: Participation,
    *,
    seconds: int,
    lang: str,
    closed: bool = False,
    hide_missing: bool = False,
) -> Component:
    """Return the wall of OPDs: who has submitted (with how many) and who has not (yet).

    With `hide_missing` (the committee's choice) the wall names only those that submitted;
    the line above it still counts every required OPD.
    """
    rate = format_percent(participation.rate, lang=lang) if participation.rate is not None else "–"
    subtitle = t(
        "kiosk.participation.rate",
        lang,
        participating=format_number(participation.participating, lang=lang),
        required=format_number(participation.required, lang=lang),
        rate=rate,
    )
    rows = sorted(participation.rows, key=lambda r: (r.submitted == 0, r.short_name or r.name))
    if hide_missing:
        rows = [r for r in rows if r.submitted]
    shown = (
        rows
        if len(rows) <= WALL_MAX_TILES or hide_missing
        else [r for r in rows if not r.submitted]
    )
    shown = shown[:WALL_MAX_TILES]
    tiles = [
        html.Div(
            [
                html.Span(row.short_name or row.name, className="kiosk-tile-name"),
                html.Span(
                    _submitted(row.submitted, lang, closed),
                    className="kiosk-tile-count",
                ),
            ],
            className="kiosk-tile kiosk-tile-done"
            if row.submitted
            else "kiosk-tile kiosk-tile-missing",
            title=row.name,
        )
        for row in shown
    ]
    hidden = len(rows) - len(shown)
    footer = (
        [
            html.P(
                t("kiosk.participation.more", lang, count=format_number(hidden, lang=lang)),
                className="kiosk-wall-more",
            )
        ]
        if hidden
        else []
    )
    density = "dense" if len(shown) > 40 else ("medium" if len(shown) > 24 else "roomy")
    return slide(
        "participation",
        seconds,
        [
            _heading(t("kiosk.participation.title", lang), subtitle),
            html.Div(tiles, className=f"kiosk-wall kiosk-wall-{density}"),
            *footer,
        ],
    )


# ---------------------------------------------------------------- finalists
def finalists_slide(finalists: Sequence[Finalist], *, seconds: int, lang: str) -> Component:
    """Return the finalists in alphabetical order, with no score and no rank."""
    ordered = sorted(finalists, key=lambda f: (f.title.casefold(), f.unit_name.casefold()))
    if not ordered:
        body: list = [html.P(t("kiosk.finalists.none", lang), className="kiosk-empty")]
    else:
        body = [
            html.Ol(
                [
                    html.Li(
                        [
                            html.Span(f.title, className="kiosk-finalist-title"),
                            html.Span(f.unit_name, className="kiosk-finalist-unit"),
                        ],
                        className="kiosk-finalist",
                    )
                    for f in ordered
                ],
                className="kiosk-finalists",
            )
        ]
    return slide(
        "finalists",
        seconds,
        [_heading(t("kiosk.finalists.title", lang), t("kiosk.finalists.subtitle", lang)), *body],
    )


# ---------------------------------------------------------------- countdown
def countdown_slide(target: datetime, *, seconds: int, lang: str) -> Component:
    """Return the countdown to the ceremony; kiosk.js turns the target into digits."""
    units = ("days", "hours", "minutes", "seconds")
    return slide(
        "countdown",
        seconds,
        [
            _heading(t("kiosk.countdown.title", lang)),
            html.Div(
                [
                    html.Div(
                        [
                            html.Span("–", className="kiosk-count-value", **{"data-unit": unit}),
                            html.Span(
                                t(f"kiosk.countdown.{unit}", lang), className="kiosk-count-unit"
                            ),
                        ],
                        className="kiosk-count",
                    )
                    for unit in units
                ],
                className="kiosk-countdown",
                **{"data-target": target.isoformat()},
            ),
            html.P(t("kiosk.countdown.now", lang), className="kiosk-countdown-now"),
        ],
    )


def edition_slide(edition_name: str, *, lang: str, brand: Component | None = None) -> Component:
    """Return a slide with just the competition and the edition's name (and the brand)."""
    return slide(
        "edition",
        0,
        [
            brand,
            html.P(t("kiosk.brand_sub", lang), className="kiosk-splash-kicker"),
            html.H1(edition_name, className="kiosk-splash-title"),
        ],
        extra_class="kiosk-reveal",
    )


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


def _award_label(level: int, tie: bool, lang: str, *, decided: bool = False) -> list:
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
                _award_label(level, tie, lang, decided=any(w.decided for w in winners)),
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
                        _award_label(level, tie, lang, decided=any(w.decided for w in winners)),
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
        [brand, _heading(t("kiosk.all.title", lang)), podiums],
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
                    _award_label(w.level, w.tie, lang),
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
            _heading(
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
