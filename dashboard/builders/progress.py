"""Pure builders of the Progres Penilaian page: plain data in, components and figures out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.builders.history import history_href
from dashboard.builders.progress_heatmap import CELL_COLOURS, DRAFT
from dashboard.builders.user_text import USER_TEXT_CLASS, isolate, user_text
from dashboard.encoding import quick
from data_access.formatting import format_date, format_datetime, format_number, format_percent
from data_access.i18n import t
from data_access.progress import GroupCoverage, JurorProgress, Pace, StageProgress

BEHIND_TOLERANCE = Decimal("0.10")


def stage_name(stage: str, *, lang: str) -> str:
    """Return a stage's name on screen."""
    return t(f"stage.{stage}", lang)


def window_fraction(
    start: date | None, end: date | None, *, now: datetime, timezone: str
) -> Decimal | None:
    """Return the share of a stage's window that has passed (0..1), None without dates."""
    if start is None or end is None:
        return None
    tz = ZoneInfo(timezone)
    opens = datetime.combine(start, time.min, tzinfo=tz)
    closes = datetime.combine(end, time.max, tzinfo=tz)
    total = (closes - opens).total_seconds()
    passed = min(max((now - opens).total_seconds(), 0.0), total)
    return Decimal(passed / total).quantize(Decimal("0.0001")) if total > 0 else None


def juror_behind(juror: JurorProgress, fraction: Decimal | None) -> bool:
    """Return True when a juror's completed share trails the passed share of the window."""
    if fraction is None or juror.assigned == 0 or juror.ratio is None:
        return False
    return juror.complete < juror.assigned and juror.ratio < fraction - BEHIND_TOLERANCE


def stage_card(stage: StageProgress, pace: Pace, *, lang: str) -> Component:
    """Return a stage's card: share complete, a stacked bar, counts (drafts apart), the pace."""
    expected = stage.expected or 1
    # Drafts are partial sheets; the card shows the imported partial ones and drafts apart.
    partial = stage.partial - stage.drafts
    bars = [
        dbc.Progress(
            value=100 * stage.complete / expected,
            color="success",
            bar=True,
            label=format_number(stage.complete, lang=lang) if stage.complete else "",
        ),
        dbc.Progress(
            value=100 * stage.drafts / expected,
            color=CELL_COLOURS[DRAFT],
            bar=True,
            label=format_number(stage.drafts, lang=lang) if stage.drafts else "",
        ),
        dbc.Progress(
            value=100 * partial / expected,
            color="warning",
            bar=True,
            label=format_number(partial, lang=lang) if partial else "",
        ),
    ]
    legend = [
        (t("progress.complete", lang), stage.complete, "kipp-dot-complete"),
        (t("progress.drafts", lang), stage.drafts, "kipp-dot-draft"),
        (t("progress.partial", lang), partial, "kipp-dot-partial"),
        (t("progress.missing", lang), stage.missing, "kipp-dot-missing"),
        (t("progress.abstained", lang), stage.abstained, "kipp-dot-abstain"),
    ]
    share = format_percent(stage.ratio, lang=lang) if stage.ratio is not None else "–"
    children: list[Component] = [
        html.H2(stage_name(stage.stage, lang=lang), className="kipp-card-title"),
        html.P(share, className="kipp-stat-value", id=_stage_id(stage.stage)),
        html.P(
            t(
                "progress.sheets_of",
                lang,
                done=format_number(stage.complete, lang=lang),
                total=format_number(stage.expected, lang=lang),
            ),
            className="kipp-stat-note",
        ),
        dbc.Progress(bars, className="kipp-stack mb-2") if stage.expected else None,
        html.Ul(
            [
                html.Li(
                    [
                        html.Span(className=f"kipp-dot {dot}"),
                        f"{label}: ",
                        html.Strong(format_number(count, lang=lang)),
                    ]
                )
                for label, count, dot in legend
            ],
            className="kipp-legend",
        ),
        html.P(
            t("progress.drafts_note", lang, count=format_number(stage.drafts, lang=lang)),
            className="kipp-stat-note kipp-drafts-note",
            id=_drafts_id(stage.stage),
        )
        if stage.drafts
        else None,
        pace_line(pace, lang=lang),
    ]
    if stage.unexpected:
        children.append(
            dbc.Alert(
                t("progress.unexpected", lang, count=format_number(stage.unexpected, lang=lang)),
                color="warning",
                className="kipp-small-alert",
            )
        )
    return dbc.Card(dbc.CardBody(children), className="kipp-stat h-100")


def _stage_id(stage: str) -> str:
    return ids.PROGRESS_STAGE_PROPOSAL if stage == "proposal" else ids.PROGRESS_STAGE_PRESENTATION


def _drafts_id(stage: str) -> str:
    return ids.PROGRESS_DRAFTS_PROPOSAL if stage == "proposal" else ids.PROGRESS_DRAFTS_PRESENTATION


def pace_line(pace: Pace, *, lang: str) -> Component:
    """Return the pace sentence: sheets per day and the projected end, flagged when late."""
    parts: list[Component | str] = []
    if pace.per_day is not None:
        rate = format_number(pace.per_day.quantize(Decimal("0.1")), lang=lang)
        parts.append(t("progress.pace.rate", lang, rate=rate))
    if pace.remaining == 0 and pace.projected_end is not None:
        parts.append(t("progress.pace.done", lang, date=format_date(pace.projected_end, lang=lang)))
    elif pace.closed and pace.remaining and pace.window_end is not None:
        parts.append(
            t(
                "progress.pace.closed",
                lang,
                date=format_date(pace.window_end, lang=lang),
                count=format_number(pace.remaining, lang=lang),
            )
        )
    elif pace.projected_end is not None:
        parts.append(
            t("progress.pace.projected", lang, date=format_date(pace.projected_end, lang=lang))
        )
    if not parts:
        return html.P(t("progress.pace.none", lang), className="kipp-pace text-body-secondary")
    children: list[Component | str] = [" · ".join(str(p) for p in parts)]
    if pace.behind:
        children += [" ", dbc.Badge(t("progress.pace.behind", lang), color="danger")]
    return html.P(children, className="kipp-pace")


def juror_table(
    jurors: Sequence[JurorProgress],
    *,
    fraction: Decimal | None,
    timezone: str,
    lang: str,
    history_edition: str | None = None,
) -> Component:
    """Return the per-juror table of one stage, behind-pace jurors flagged, drafts apart.

    "Sebagian" counts the partial sheets that are not app drafts (imported ones). With
    history_edition (the committee's view) each row links to that juror's score history.
    """
    keys = [
        "progress.col.juror",
        "progress.col.group",
        "progress.col.assigned",
        "progress.col.complete",
        "progress.col.drafts",
        "progress.col.partial",
        "progress.col.abstained",
        "progress.col.last",
        "progress.col.progress",
    ]
    if history_edition is not None:
        keys.append("progress.col.history")
    header = quick(html.Thead, quick(html.Tr, [quick(html.Th, t(key, lang)) for key in keys]))
    rows = []
    for j in jurors:
        behind = juror_behind(j, fraction)
        last = (
            format_datetime(j.last_scored_at, lang=lang, tz=ZoneInfo(timezone))
            if j.last_scored_at
            else "–"
        )
        share = format_percent(j.ratio, lang=lang) if j.ratio is not None else "–"
        rows.append(
            quick(
                html.Tr,
                [
                    quick(
                        html.Td,
                        [
                            user_text(j.name),
                            quick(
                                html.Br,
                            ),
                            quick(
                                html.Small,
                                j.code,
                                className=f"text-body-secondary {USER_TEXT_CLASS}",
                            ),
                        ],
                    ),
                    quick(html.Td, user_text(j.group)),
                    quick(html.Td, format_number(j.assigned, lang=lang), className="text-end"),
                    quick(html.Td, format_number(j.complete, lang=lang), className="text-end"),
                    quick(html.Td, format_number(j.drafts, lang=lang), className="text-end"),
                    quick(
                        html.Td,
                        format_number(j.partial - j.drafts, lang=lang),
                        className="text-end",
                    ),
                    quick(html.Td, format_number(j.abstained, lang=lang), className="text-end"),
                    quick(html.Td, last, className="kipp-when"),
                    quick(
                        html.Td,
                        [
                            quick(
                                dbc.Progress,
                                value=float(100 * (j.ratio or 0)),
                                color="danger" if behind else "success",
                                className="kipp-mini-bar",
                            ),
                            quick(html.Span, share, className="kipp-mini-label"),
                            quick(
                                dbc.Badge,
                                t("progress.behind", lang),
                                color="danger",
                                className="ms-2",
                            )
                            if behind
                            else None,
                        ],
                    ),
                    _history_cell(history_edition, j, lang=lang)
                    if history_edition is not None
                    else None,
                ],
                className="kipp-row-behind" if behind else None,
            )
        )
    return quick(
        dbc.Table,
        [header, quick(html.Tbody, rows)],
        hover=True,
        responsive=True,
        className="kipp-table align-middle",
    )


def _history_cell(edition: str, juror: JurorProgress, *, lang: str) -> Component:
    href = history_href(edition, juror=juror.code, stage=juror.stage, lang=lang)
    return quick(
        html.Td,
        quick(html.A, t("progress.history.link", lang), href=href, className="kipp-history-link"),
    )


def coverage_panel(
    coverage: Sequence[GroupCoverage], titles: Mapping[int, str], *, lang: str
) -> Component:
    """Return how many innovations every jury group has scored, and which lack a group."""
    if not coverage:
        return html.P(t("progress.coverage.none", lang), className="text-body-secondary")
    covered = sum(c.covered for c in coverage)
    lacking = [c for c in coverage if not c.covered]
    items = [
        html.Li(
            [
                html.Strong(
                    titles.get(c.innovation_id, str(c.innovation_id)), className=USER_TEXT_CLASS
                ),
                " — ",
                t(
                    "progress.coverage.missing_groups",
                    lang,
                    groups=", ".join(isolate(g) for g, ok in c.groups.items() if not ok),
                ),
            ]
        )
        for c in lacking[:12]
    ]
    more = len(lacking) - len(items)
    return html.Div(
        [
            html.P(
                t(
                    "progress.coverage.summary",
                    lang,
                    covered=format_number(covered, lang=lang),
                    total=format_number(len(coverage), lang=lang),
                ),
                className="kipp-pace",
            ),
            html.Ul(items, className="kipp-coverage-list") if items else None,
            html.P(
                t("progress.coverage.more", lang, count=format_number(more, lang=lang)),
                className="text-body-secondary",
            )
            if more > 0
            else None,
        ]
    )
