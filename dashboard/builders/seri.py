"""The jury's seri decisions on /kendali: the approval card's lines, and the decision's panel.

The panel's parts are pure: the live Juara I-III as the decisions place them, the tied
innovations as an ordered choice list, and the words under them. The page module
(dashboard/pages/control/seri.py) wires them to the form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.builders.user_text import isolate, user_text
from dashboard.ids import CONTROL_SERI
from data_access.ceremony import AWARD_LEVELS, Decision, Snapshot, award_step
from data_access.committee import SeriGroup, SeriPlace
from data_access.formatting import format_datetime
from data_access.i18n import t


def seri_decisions(
    decisions: Sequence[Decision], snapshot: Snapshot | None, *, lang: str
) -> Component | None:
    """Return one line per recorded decision, saying when the approval does not hold it yet."""
    if not decisions:
        return None
    held = snapshot.seri_decisions if snapshot is not None else []
    items = []
    for decision in decisions:
        line = t(
            "seri.decision.line",
            lang,
            order=", ".join(decision.order),
            reason="{reason}",
            chair="{chair}",
            by="{by}",
            at=format_datetime(decision.at, lang=lang),
        )
        parts: list = []
        # The reason, the chair and who recorded it are typed by people: shown as user text.
        # The line puts its own full stop after the reason: not "kecamatan.. Ketua".
        reason = decision.reason.rstrip().rstrip(".")
        values = {"{reason}": reason, "{chair}": decision.chair, "{by}": decision.by}
        rest = line
        while rest:
            found = [(rest.find(k), k) for k in values if k in rest]
            if not found:
                parts.append(rest)
                break
            at, key = min(found)
            parts += [rest[:at], user_text(values[key])]
            rest = rest[at + len(key) :]
        if decision.payload() not in held:
            parts.append(html.Em(f" ({t('seri.decision.not_approved', lang)})"))
        items.append(html.Li(parts))
    return html.Ul(items, id=CONTROL_SERI, className="kipp-control-seri")


# ---------------------------------------------------------------- the decision's panel
def place_label(rank: int | None, *, lang: str) -> str:
    """Return a place's name: "Juara II" for 2, "Peringkat 4" past the awards."""
    if rank is not None and rank in AWARD_LEVELS:
        return t(f"control.step.{award_step(rank)}", lang)
    return t("control.seri.rank", lang, rank=rank if rank is not None else "–")


def innovation_text(place: SeriPlace) -> str:
    """Return one innovation as the choice list names it: "Title — Unit (CODE)"."""
    return f"{isolate(place.title)} — {isolate(place.unit)} ({isolate(place.code)})"


def seri_summary(places: Sequence[SeriPlace], *, lang: str) -> Component:
    """Return the live Juara I-III as the recorded decisions place them, seri and decided marked."""
    items = []
    for place in places:
        marks: list = []
        if place.tie:
            marks.append(
                dbc.Badge(t("control.seri.tie", lang), color="warning", className="text-dark")
            )
        if place.decided:
            marks.append(html.Span(t("seri.decided", lang), className="kipp-control-seri-decided"))
        items.append(
            html.Li(
                [
                    html.Span(
                        place_label(place.rank, lang=lang), className="kipp-control-seri-place"
                    ),
                    html.Span(
                        [
                            user_text(place.title),
                            " — ",
                            user_text(place.unit),
                            " ",
                            html.Code(isolate(place.code)),
                        ],
                        className="kipp-control-seri-name",
                    ),
                    *marks,
                ],
                className="kipp-control-seri-decided-row" if place.decided else None,
            )
        )
    return html.Div(
        [
            html.P(t("control.seri.summary", lang), className="kipp-control-label mb-1"),
            html.Ul(items, className="kipp-control-seri-places"),
            html.P(t("control.seri.summary.note", lang), className="kipp-control-muted mb-0"),
        ]
    )


def group_options(groups: Sequence[SeriGroup], *, lang: str) -> list[dict[str, str]]:
    """Return the seri to choose from: "Seri di Juara I: K-01, K-02", valued by group key."""
    return [
        {
            "label": t(
                "control.seri.group.option",
                lang,
                place=place_label(group.rank, lang=lang),
                codes=", ".join(isolate(code) for code in group.codes),
            ),
            "value": group.key,
        }
        for group in groups
    ]


def order_options(
    codes: Sequence[str], names: Mapping[str, str], *, first: int, lang: str
) -> list[dict[str, str]]:
    """Return the tied innovations in this order, each named with the place it would take."""
    return [
        {
            "label": f"{place_label(first + n, lang=lang)} · {names.get(code, isolate(code))}",
            "value": code,
        }
        for n, code in enumerate(codes)
    ]


def moved(codes: Sequence[str], chosen: object, step: int) -> list[str]:
    """Return the codes with `chosen` one place up (step -1) or down (+1); at an end, as is."""
    result = list(codes)
    if chosen not in result:
        return result
    at = result.index(chosen)  # type: ignore[arg-type]  # `in` above: it is one of the codes
    to = at + step
    if 0 <= to < len(result):
        result[at], result[to] = result[to], result[at]
    return result


def group_status(group: SeriGroup, decision: Decision | None, *, lang: str) -> Component:
    """Return what the seri has: no decision yet (they share the place), or who recorded one."""
    if decision is None:
        text = t(
            "control.seri.none",
            lang,
            count=len(group.codes),
            place=place_label(group.rank, lang=lang),
        )
        return html.P(text, className="kipp-control-seri-status mb-2")
    text = t(
        "control.seri.recorded",
        lang,
        by=isolate(decision.by),
        at=format_datetime(decision.at, lang=lang),
    )
    return html.P(text, className="kipp-control-seri-status kipp-control-seri-has mb-2")
