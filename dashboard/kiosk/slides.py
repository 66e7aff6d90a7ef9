"""The ceremony screen's rotation slides, built from plain data as big HTML.

No figures and no plotly.js: a screen read from the back of a hall wants large type,
and the kiosk page stays small. Every slide is a <section class="kiosk-slide"> with
its name and duration; kiosk.js shows one at a time. The winners' screens (the reveal,
and the catalogue's slide after it) are winners.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from dash import html
from dash.development.base_component import Component

from data_access.formatting import format_number, format_percent
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


def heading(title: str, subtitle: str | None = None) -> Component:
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
            heading(t("kiosk.progress.title", lang), subtitle),
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
            heading(t("kiosk.participation.title", lang), subtitle),
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
        [heading(t("kiosk.finalists.title", lang), t("kiosk.finalists.subtitle", lang)), *body],
    )


# ---------------------------------------------------------------- countdown
def countdown_slide(target: datetime, *, seconds: int, lang: str) -> Component:
    """Return the countdown to the ceremony; kiosk.js turns the target into digits."""
    units = ("days", "hours", "minutes", "seconds")
    return slide(
        "countdown",
        seconds,
        [
            heading(t("kiosk.countdown.title", lang)),
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
