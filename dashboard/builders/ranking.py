"""Pure builders of the Peringkat page: plain ranking data in, components and figures out."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard import ids

# The spread's builders lived here first: still importable from this module.
from dashboard.builders.history import history_href
from dashboard.builders.ranking_spread import (  # noqa: F401
    spread_detail,
    spread_head,
    stage_label,
)
from dashboard.builders.user_text import USER_TEXT_CLASS, isolate
from dashboard.encoding import quick
from data_access.formatting import format_number, format_score
from data_access.i18n import t
from data_access.queries import UnitName
from data_access.scoring import RankedInnovation
from data_access.scoring.stats import (
    DECIDING_SCORES,
    TIE,
    TIER,
    StageSpread,
    decider,
)

# The table's size at national scale: past this many rows only the top ones are drawn (and
# every award and candidate row); the export holds the full list.
RANKING_TABLE_MAX = 100
AWARD_CLASSES = {1: "kipp-ranking-award-1", 2: "kipp-ranking-award-2", 3: "kipp-ranking-award-3"}
_SCORE_COLUMNS = ("proposal", "presentation", "final")
_COLUMNS = ("rank", "code", "title", "unit", *_SCORE_COLUMNS, "status", "reason")
# Columns that give way on narrow screens: the unit and badges then sit under the title, the
# reason in the line under the row (it names the deciding scores, so those columns can go).
_NARROW = "d-none d-md-table-cell"
_HIDE = {
    "code": "d-none d-sm-table-cell",
    "unit": "d-none d-lg-table-cell",
    "proposal": _NARROW,
    "presentation": _NARROW,
    "status": _NARROW,
    "reason": _NARROW,
}
_CELL_CLASSES = {
    "rank": "kipp-ranking-rank",
    "code": f"{_HIDE['code']} kipp-ranking-code",
    "title": "kipp-ranking-title",
    "unit": f"{_HIDE['unit']} kipp-ranking-unit",
    "proposal": f"{_NARROW} text-end",
    "presentation": f"{_NARROW} text-end",
    "final": "text-end kipp-ranking-final",
    "status": f"{_NARROW} kipp-ranking-badges",
    "reason": f"{_NARROW} kipp-ranking-reason",
}


def tier_name(tier: int, *, lang: str, alone: bool = False) -> str:
    """Return a tier's heading: Finalis dengan nilai akhir, ...

    `alone`: no finalist has a final score yet, so the innovations with a score are not
    "other" ones (during proposal judging every scored innovation is in tier 2).
    """
    return t("ranking.tier.2.alone" if tier == 2 and alone else f"ranking.tier.{tier}", lang)


# ---------------------------------------------------------------------------- reasons


def _side(row: RankedInnovation, other: RankedInnovation, *, above: bool, lang: str) -> str:
    """Return why row stands above (or below) one neighbour, as a person would say it:
    "unggul 0,32 poin dari KIPP22-004 pada nilai akhir"."""
    how = decider(row, other)
    side = "above" if above else "below"
    if how == TIER:
        return t(f"ranking.reason.tier_{side}.{other.tier}", lang)
    names = [name for name, _attribute in DECIDING_SCORES]
    attribute = dict(DECIDING_SCORES)[how]
    label = t(f"ranking.score.{how}", lang)
    mine, theirs = getattr(row, attribute), getattr(other, attribute)
    if mine is None or theirs is None:
        return t(f"ranking.reason.{side}_missing", lang, code=isolate(other.code), label=label)
    equal = [t(f"ranking.score.{n}", lang) for n in names[: names.index(how)]]
    key = f"ranking.reason.{side}_tiebreak" if equal else f"ranking.reason.{side}"
    return t(
        key,
        lang,
        code=isolate(other.code),
        equal=t("ranking.reason.and", lang).join(equal),
        label=label,
        gap=format_score(abs(mine - theirs), lang=lang),
    )


def rank_reason(
    row: RankedInnovation,
    previous_row: RankedInnovation | None,
    next_row: RankedInnovation | None,
    *,
    lang: str = "id",
) -> str:
    """Return what separated a row from its neighbours: final, presentation, proposal, or seri."""
    if row.tier == 3:
        return _sentence(t("ranking.reason.unscored", lang))
    parts: list[str] = []
    tied: list[str] = []
    if previous_row is None:
        parts.append(t("ranking.reason.top", lang))
    elif decider(row, previous_row) == TIE:
        tied.append(isolate(previous_row.code))
    else:
        if decider(row, previous_row) == TIER and row.tier == 2:
            waiting = row.finalist and row.presentation_score is None
            parts.append(
                t("ranking.reason.waiting" if waiting else "ranking.reason.not_finalist", lang)
            )
        parts.append(_side(row, previous_row, above=False, lang=lang))
    if next_row is not None:
        if decider(row, next_row) == TIE:
            tied.append(isolate(next_row.code))
        else:
            parts.append(_side(row, next_row, above=True, lang=lang))
    if tied:
        codes = t("ranking.reason.and", lang).join(tied)
        parts.append(t("ranking.reason.tie", lang, codes=codes))
    if previous_row is None and next_row is None:
        parts = [t("ranking.reason.alone", lang)]
    return _sentence("; ".join(parts))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------- the table


def status_badges(
    row: RankedInnovation, *, candidate: bool, lang: str, approved_level: int | None = None
) -> list[Component]:
    """Return the row's badges: Juara I-III (approved, then live), Finalis or Kandidat, Seri."""
    badges: list[Component] = []
    if approved_level is not None:
        # The approved award stays on its row whatever the live order now says.
        badges.append(
            quick(
                dbc.Badge,
                t("approval.badge", lang, level=t(f"approval.level.{approved_level}", lang)),
                color="dark",
                className="kipp-ranking-badge kipp-ranking-approved "
                f"kipp-ranking-approved-{approved_level}",
            )
        )
    if row.award is not None:
        badges.append(
            quick(
                dbc.Badge,
                t(f"ranking.badge.award.{row.award}", lang),
                color="light",
                className=f"kipp-ranking-badge kipp-ranking-award {AWARD_CLASSES[row.award]}",
            )
        )
    if row.finalist:
        badges.append(
            quick(
                dbc.Badge,
                t("ranking.badge.finalist", lang),
                color="success",
                className="kipp-ranking-badge",
            )
        )
        if row.presentation_score is None:
            # Still to present (or to be scored): the row says so, not only its reason.
            badges.append(
                quick(
                    html.Small,
                    t("ranking.waiting_note", lang),
                    className="d-block text-body-secondary kipp-ranking-waiting",
                )
            )
    elif candidate:
        badges.append(
            quick(
                dbc.Badge,
                t("ranking.badge.candidate", lang),
                color="light",
                className="kipp-ranking-badge kipp-ranking-candidate",
            )
        )
    if row.tie:
        badges.append(
            quick(
                dbc.Badge,
                t("ranking.badge.tie", lang),
                color="warning",
                className="kipp-ranking-badge kipp-ranking-tie",
            )
        )
    return badges


def _row(
    row: RankedInnovation,
    previous_row: RankedInnovation | None,
    next_row: RankedInnovation | None,
    *,
    candidate: bool,
    spreads: Mapping[tuple[str, int], StageSpread],
    juror_labels: Mapping[int, str],
    lang: str,
    head: Component | None = None,
    approved_level: int | None = None,
    history_edition: str | None = None,
    unit_names: Mapping[str, UnitName] | None = None,
) -> list[Component]:
    scores = {
        "proposal": row.proposal_score,
        "presentation": row.presentation_score,
        "final": row.final_score,
    }
    classes = ["kipp-ranking-row", f"kipp-ranking-tier-{row.tier}"]
    if row.award is not None:
        classes.append("kipp-ranking-row-award")
    badges = status_badges(row, candidate=candidate, lang=lang, approved_level=approved_level)
    reason = rank_reason(row, previous_row, next_row, lang=lang)
    unit = (unit_names or {}).get(row.unit_code) or UnitName(row.unit_code, row.unit_code)
    cells = {
        "rank": format_number(row.rank, lang=lang) if row.rank is not None else "",
        "code": row.code,
        "title": [
            quick(html.Strong, row.code, className=f"d-block d-sm-none {USER_TEXT_CLASS}"),
            quick(html.Span, row.title, className=USER_TEXT_CLASS),
            quick(
                html.Small,
                unit.short,
                className=f"d-block d-lg-none text-body-secondary {USER_TEXT_CLASS}",
            ),
            quick(html.Div, badges, className="d-md-none") if badges else None,
        ],
        # The unit's name; its full name and code on hover (the code is what imports use).
        "unit": quick(
            html.Span, unit.short, title=f"{unit.full} ({row.unit_code})", className=USER_TEXT_CLASS
        ),
        **{c: format_score(scores[c], lang=lang) for c in _SCORE_COLUMNS},
        "status": badges,
        "reason": reason,
    }
    main = quick(
        html.Tr,
        [quick(html.Td, cells[c], className=_CELL_CLASSES[c]) for c in _COLUMNS],
        className=" ".join(classes),
    )
    detail = quick(
        html.Tr,
        [
            quick(html.Td, className="kipp-ranking-rank"),
            quick(
                html.Td,
                [
                    quick(html.P, reason, className="d-md-none kipp-ranking-reason-narrow"),
                    spread_detail(
                        row.innovation_id,
                        spreads,
                        juror_labels,
                        lang=lang,
                        head=head,
                        history=history_href(history_edition, innovation=row.code, lang=lang)
                        if history_edition is not None
                        else None,
                    ),
                ],
                colSpan=len(_COLUMNS) - 1,
            ),
        ],
        className="kipp-ranking-detail-row",
    )
    return [main, detail]


def _header(column: str, *, lang: str) -> list[Component] | str:
    if column != "rank":
        return t(f"ranking.col.{column}", lang)
    return [
        html.Span(t("ranking.col.rank", lang), className="d-none d-sm-inline"),
        html.Span(t("ranking.col.rank.short", lang), className="d-sm-none"),
    ]


def table_row_ids(
    rows: Sequence[RankedInnovation],
    *,
    candidate_ids: Collection[int] = (),
    limit: int = RANKING_TABLE_MAX,
    required_ids: Collection[int] = (),
) -> list[int]:
    """Return the innovations the table shows, in ranking order: the top ones up to limit.

    Every award, candidate and required (approved winner) row is always shown; the top
    rows fill the rest.
    """
    candidates = set(candidate_ids) | set(required_ids)
    required = {
        r.innovation_id for r in rows if r.award is not None or r.innovation_id in candidates
    }
    room = max(limit - len(required), 0)
    shown: list[int] = []
    for r in rows:
        if r.innovation_id in required:
            shown.append(r.innovation_id)
        elif room:
            shown.append(r.innovation_id)
            room -= 1
    return shown


def ranking_table(
    rows: Sequence[RankedInnovation],
    *,
    candidate_ids: Collection[int] = (),
    spreads: Mapping[tuple[str, int], StageSpread] | None = None,
    juror_labels: Mapping[int, str] | None = None,
    shown_ids: Collection[int] | None = None,
    approved_levels: Mapping[int, int] | None = None,
    history_edition: str | None = None,
    unit_names: Mapping[str, UnitName] | None = None,
    lang: str,
) -> Component:
    """Return the ranking in SCORING.md order, one headed body per tier, reasons beside.

    With shown_ids only those rows are drawn; their reasons still name their real
    neighbours, and each tier heading still counts the whole tier. approved_levels
    ({innovation id: Juara level}) marks the approved winners beside the live awards;
    with history_edition each spread links to its innovation's score history; unit_names
    ({unit code: its names}) names each row's unit (its code without).
    """
    approved_levels = approved_levels or {}
    if not rows:
        return html.P(t("ranking.empty", lang), className="text-body-secondary")
    shown = None if shown_ids is None else set(shown_ids)
    spreads = spreads or {}
    juror_labels = juror_labels or {}
    candidates = set(candidate_ids)
    head = html.Thead(
        html.Tr(
            [
                html.Th(
                    _header(c, lang=lang),
                    className=" ".join(
                        filter(None, (_HIDE.get(c), "text-end" if c in _SCORE_COLUMNS else None))
                    )
                    or None,
                )
                for c in _COLUMNS
            ]
        )
    )
    bodies = []
    # Every row's spread table has the same header: built once, shared (plain data until sent).
    spread_head_row = spread_head(lang=lang)
    for tier in (1, 2, 3):
        members = [i for i, r in enumerate(rows) if r.tier == tier]
        drawn = [i for i in members if shown is None or rows[i].innovation_id in shown]
        if not drawn:
            continue
        heading = html.Tr(
            html.Th(
                [
                    html.Span(
                        tier_name(tier, lang=lang, alone=not any(r.tier == 1 for r in rows)),
                        className="kipp-ranking-tier-name",
                    ),
                    html.Span(
                        t("ranking.tier.count", lang, count=format_number(len(members), lang=lang)),
                        className="kipp-ranking-tier-count",
                    ),
                ],
                colSpan=len(_COLUMNS),
                scope="colgroup",
            ),
            className="kipp-ranking-tier-heading",
        )
        lines = [
            line
            for i in drawn
            for line in _row(
                rows[i],
                rows[i - 1] if i > 0 else None,
                rows[i + 1] if i + 1 < len(rows) else None,
                candidate=rows[i].innovation_id in candidates,
                spreads=spreads,
                juror_labels=juror_labels,
                lang=lang,
                head=spread_head_row,
                approved_level=approved_levels.get(rows[i].innovation_id),
                history_edition=history_edition,
                unit_names=unit_names,
            )
        ]
        bodies.append(
            html.Tbody([heading, *lines], className=f"kipp-ranking-tier kipp-ranking-tier-{tier}")
        )
    return dbc.Table(
        [head, *bodies],
        responsive=True,
        id=ids.RANKING_TABLE,
        className="kipp-table kipp-ranking-table align-middle",
    )
