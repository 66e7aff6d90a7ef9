"""Pure builder of the approval banner: what was approved and, when it moved, what differs.

Every page that shows a ranking or winners puts it at its top once an edition is approved
(/peringkat, /ringkasan, /kendali). With `detail=False` (the bupati's summary) it shows the
approval and the approved winners only, and at most that the live data differ: no live
place, no live score.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.builders.user_text import USER_TEXT_CLASS, isolate
from data_access.approval import LEVELS, ApprovalComparison, ApprovedWinner
from data_access.formatting import format_datetime, format_score
from data_access.i18n import t

APPROVAL_BANNER = "approval-banner"
APPROVAL_DIFFERENCES = "approval-differences"
CONTROL_BANNER = "control-approval-banner"  # /kendali's slot above its panels
CONTROL_BANNER_BOX = "control-approval-banner-box"  # the banner in that slot
SHOWN_MOVES = 12  # score changes listed; a re-import can move every score of an edition


def level_name(level: int, *, lang: str) -> str:
    """Return "Juara I" for 1 in the page's language."""
    return t(f"approval.level.{level}", lang)


def _winner(winner: ApprovedWinner, *, lang: str) -> Component:
    return html.Span(
        [
            html.Strong(winner.code, className=USER_TEXT_CLASS),
            " · ",
            html.Span(winner.title, className=USER_TEXT_CLASS),
            " · ",
            html.Span(winner.unit_name or winner.unit_code, className=USER_TEXT_CLASS),
            f" ({t('approval.tie', lang)})" if winner.tie else None,
        ],
        className="kipp-approval-winner",
    )


def _winners(comparison: ApprovalComparison, *, lang: str) -> Component:
    rows = []
    for level in LEVELS:
        holders = comparison.winners_at(level)
        shown: list = [t("approval.level.empty", lang)]
        if holders:  # a seri: every tied innovation on the one line
            shown = [part for w in holders for part in ("; ", _winner(w, lang=lang))][1:]
        rows.append(
            html.Li(
                [html.Strong(f"{level_name(level, lang=lang)}:"), " ", *shown],
                className=f"kipp-approval-level kipp-approval-level-{level}",
            )
        )
    return html.Ul(rows, className="kipp-approval-winners list-unstyled mb-0")


def _codes(codes: tuple[str, ...], *, lang: str) -> str:
    return ", ".join(isolate(c) for c in codes) if codes else t("approval.place.nobody", lang)


def _score(value, *, lang: str) -> str:
    return t("approval.score.missing", lang) if value is None else format_score(value, lang=lang)


def place_texts(comparison: ApprovalComparison, *, lang: str) -> list[str]:
    """Return "Juara I: disetujui INV-07, data terkini INV-12" per changed place."""
    return [
        t(
            "approval.place",
            lang,
            level=level_name(change.level, lang=lang),
            approved=_codes(change.approved, lang=lang),
            live=_codes(change.live, lang=lang),
        )
        for change in comparison.changed_places
    ]


def score_texts(comparison: ApprovalComparison, *, lang: str) -> list[str]:
    """Return "INV-07 nilai akhir: 90,00 → 84,00" per moved score (at most SHOWN_MOVES)."""
    lines = [
        t(
            "approval.score",
            lang,
            code=isolate(move.code),
            score=t(f"approval.score.{move.score}", lang),
            approved=_score(move.approved, lang=lang),
            live=_score(move.live, lang=lang),
        )
        for move in comparison.moved_scores[:SHOWN_MOVES]
    ]
    hidden = len(comparison.moved_scores) - SHOWN_MOVES
    if hidden > 0:
        lines.append(t("approval.scores.more", lang, count=hidden))
    return lines


def _differences(comparison: ApprovalComparison, *, lang: str) -> Component:
    places = [
        html.Li(text, className="kipp-approval-place")
        for text in place_texts(comparison, lang=lang)
    ]
    moves = [
        html.Li(text, className="kipp-approval-score")
        for text in score_texts(comparison, lang=lang)
    ]
    parts: list[Component | None] = [
        html.Ul(places, className="mb-1") if places else None,
        html.P(html.Strong(t("approval.scores", lang)), className="mb-0") if moves else None,
        html.Ul(moves, className="mb-1") if moves else None,
    ]
    if not places and not moves:  # ranks, finalists or entries changed, not a score
        codes = ", ".join(isolate(c) for c in comparison.changed_codes)
        parts.append(html.P(t("approval.codes", lang, codes=codes), className="mb-1"))
    return html.Div(parts, className="kipp-approval-detail")


def approval_banner(
    comparison: ApprovalComparison | None,
    *,
    detail: bool,
    lang: str,
    banner_id: str | None = None,
    approver: str = "",
) -> Component | None:
    """Return the banner of an approved edition (None when not approved).

    `approver` names who approved (display name and NIP); the username stands in without it.
    """
    if comparison is None:
        return None
    when = t(
        "approval.when",
        lang,
        moment=format_datetime(comparison.approved_at, lang=lang),
        by=isolate(approver or comparison.approved_by or "–"),
        hash=comparison.hash[:12],
    )
    parts: list[Component | None] = [
        html.H2(t("approval.title", lang), className="kipp-approval-title h5"),
        html.P(when, className="kipp-approval-when mb-2"),
        html.P(html.Strong(t("approval.winners", lang)), className="mb-1"),
        _winners(comparison, lang=lang),
    ]
    if comparison.differs:
        warning = [html.P(html.Strong(t("approval.differs", lang)), className="mb-1")]
        if detail:
            warning.append(_differences(comparison, lang=lang))
        warning.append(html.P(t("approval.differs.note", lang), className="mb-0 small"))
        parts.append(
            dbc.Alert(
                warning,
                color="danger",
                id=APPROVAL_DIFFERENCES,
                className="kipp-approval-differs mt-3 mb-0",
            )
        )
    else:
        parts.append(html.P(t("approval.same", lang), className="kipp-approval-same mt-2 mb-0"))
    return dbc.Alert(
        parts,
        color="warning" if comparison.differs else "success",
        id=banner_id or APPROVAL_BANNER,
        className="kipp-approval-banner mb-4",
    )
