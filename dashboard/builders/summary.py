"""Pure builders of the bupati's summary (/ringkasan): headline cards, results, past editions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.builders.participation import kind_label as opd_kind_label
from dashboard.builders.schedule import ACTIVE, DONE, UPCOMING, PhaseState, phase_dates, phase_name
from dashboard.builders.user_text import USER_TEXT_CLASS, user_text
from data_access.formatting import format_number, format_percent
from data_access.i18n import t
from data_access.overview import EditionFigures
from data_access.participation import Participation
from data_access.progress import StageProgress

# Component ids of the page, kebab-case and prefixed by the page (see dashboard/ids.py).
SUMMARY_URL = "summary-url"
SUMMARY_INTERVAL = "summary-interval"
SUMMARY_SHOWN = "summary-shown"
SUMMARY_WAKE = "summary-wake"
SUMMARY_STATUS = "summary-status"
SUMMARY_CONTENT = "summary-content"
SUMMARY_RATE = "summary-rate"
SUMMARY_COUNTS = "summary-counts"
SUMMARY_MISSING = "summary-missing"
SUMMARY_JUDGING = "summary-judging"
SUMMARY_SCHEDULE = "summary-schedule"
SUMMARY_RESULTS = "summary-results"
SUMMARY_FORWARDED = "summary-forwarded"
SUMMARY_HISTORY = "summary-history"
SUMMARY_PRINT = "summary-print"
DOWNLOAD_IDS = {
    "xlsx": "summary-download-xlsx",
    "csv": "summary-download-csv",
    "pdf": "summary-download-pdf",
    "piagam": "summary-download-piagam",
    "piagam_peserta": "summary-download-piagam-peserta",
    "archive": "summary-download-archive",
}
EXPORT_PATH = "/ekspor"
EXPORT_FORMATS = ("xlsx", "csv", "pdf")
LEVELS = (1, 2, 3)  # Juara I first: a document reads top down
# Kinds of sub-units that submit for their OPD; named here, the OPD kinds by participation.
SUB_UNIT_KINDS = frozenset({"puskesmas", "uptd"})


# The certificates' two downloads: the winners', and with them one per participating unit.
CERTIFICATES = {"piagam": {}, "piagam_peserta": {"peserta": "1"}}


def export_href(fmt: str, code: str, *, table: str | None = None) -> str:
    """Return the download address of an edition's export: /ekspor/pdf?edition=CODE."""
    params = {"edition": code, **({"table": table} if table else {})}
    if fmt in CERTIFICATES:
        return f"{EXPORT_PATH}/piagam?{urlencode({**params, **CERTIFICATES[fmt]})}"
    return f"{EXPORT_PATH}/{fmt}?{urlencode(params)}"


def kind_label(kind: str, *, lang: str) -> str:
    """Return a unit kind's name on screen, sub-unit kinds (puskesmas, UPTD) included."""
    if kind in SUB_UNIT_KINDS:
        return t(f"summary.kind.{kind}", lang)
    return opd_kind_label(kind, lang=lang)


def card(title: str, body: list, *, card_id: str, class_name: str = "") -> Component:
    """Return one of the page's titled cards."""
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="kipp-card-title"), *body]),
        id=card_id,
        className=f"kipp-panel kipp-summary-card h-100 {class_name}".strip(),
    )


def _percent(ratio: Decimal | None, *, lang: str) -> str:
    return format_percent(ratio, lang=lang) if ratio is not None else "–"


def _bar(ratio: Decimal | None) -> Component:
    return dbc.Progress(
        value=float(100 * (ratio or Decimal(0))), color="success", className="kipp-summary-bar"
    )


# ---------------------------------------------------------------- the header
def toolbar(
    code: str,
    *,
    downloads: bool = True,
    certificates: bool = False,
    archive: bool = False,
    lang: str,
) -> Component:
    """Return the Cetak button and the download links (or when they will come); the
    winners' certificates once the results are approved (they are drawn from them), and
    for the committee the edition archive (every juror's scores: never the bupati's)."""
    links = [
        html.A(
            t(f"summary.download.{fmt}", lang),
            href=export_href(fmt, code),
            id=DOWNLOAD_IDS[fmt],
            title=t(f"summary.download.title.{fmt}", lang),
            className="btn btn-outline-success",
        )
        for fmt in (*EXPORT_FORMATS, *(CERTIFICATES if certificates else ()))
    ]
    if archive:
        links.append(
            html.A(
                t("archive.download", lang),
                href=export_href("archive", code),
                id=DOWNLOAD_IDS["archive"],
                title=t("archive.download.hint", lang),
                className="btn btn-outline-secondary",
            )
        )
    if not downloads:
        links = [html.Span(t("summary.download.later", lang), className="kipp-summary-later")]
    return html.Div(
        [
            # assets/kipp-summary.js opens the print dialog: no callback, no server round trip.
            html.Button(
                t("summary.print", lang),
                id=SUMMARY_PRINT,
                type="button",
                className="btn btn-success kipp-summary-print",
            ),
            html.Span(t("summary.download.label", lang), className="kipp-summary-download-label")
            if downloads
            else None,
            *links,
        ],
        className="kipp-summary-toolbar",
    )


# ---------------------------------------------------------------- headline cards
def participation_card(participation: Participation, *, lang: str) -> Component:
    """Return the participation rate, big, with how many required OPDs submitted."""
    note = t(
        "summary.participation.note",
        lang,
        done=format_number(participation.participating, lang=lang),
        total=format_number(participation.required, lang=lang),
    )
    return card(
        t("summary.participation.title", lang),
        [
            html.P(
                _percent(participation.rate, lang=lang),
                id=SUMMARY_RATE,
                className="kipp-summary-value",
            ),
            _bar(participation.rate),
            html.P(note, className="kipp-stat-note"),
        ],
        card_id="summary-card-participation",
    )


def counts_card(*, submitted: int, passed: int, finalists: int, lang: str) -> Component:
    """Return the innovations submitted, passed the administrative check, and finalists."""
    figures = [
        ("summary.innovations.submitted", submitted),
        ("summary.innovations.passed", passed),
        ("summary.innovations.finalists", finalists),
    ]
    return card(
        t("summary.innovations.title", lang),
        [
            html.Dl(
                [
                    html.Div(
                        [
                            html.Dt(t(key, lang)),
                            html.Dd(format_number(value, lang=lang), className="kipp-summary-num"),
                        ]
                    )
                    for key, value in figures
                ],
                id=SUMMARY_COUNTS,
                className="kipp-summary-figures",
            )
        ],
        card_id="summary-card-counts",
    )


def judging_card(stages: Sequence[StageProgress], *, lang: str) -> Component:
    """Return the share of complete score sheets per stage, with a bar each."""
    items = []
    for stage in stages:
        sheets = (
            t(
                "progress.sheets_of",
                lang,
                done=format_number(stage.complete, lang=lang),
                total=format_number(stage.expected, lang=lang),
            )
            if stage.expected
            else t("summary.judging.none", lang)
        )
        items.append(
            html.Li(
                [
                    html.Div(
                        [
                            html.Span(t(f"stage.{stage.stage}", lang)),
                            html.Strong(_percent(stage.ratio, lang=lang)),
                        ],
                        className="kipp-summary-stage-head",
                    ),
                    _bar(stage.ratio),
                    html.Small(sheets, className="kipp-stat-note"),
                ]
            )
        )
    return card(
        t("summary.judging.title", lang),
        [html.Ul(items, id=SUMMARY_JUDGING, className="kipp-summary-stages")],
        card_id="summary-card-judging",
    )


def _phase(label: str, state: PhaseState | None, empty: str, *, lang: str) -> Component:
    body: list[Component | str]
    if state is None:
        body = [html.Span(empty, className="kipp-stat-note")]
    else:
        body = [
            html.Strong(phase_name(state.key, lang=lang)),
            html.Br(),
            html.Span(phase_dates(state, lang=lang), className="kipp-stat-note"),
        ]
    return html.Div([html.Dt(label), html.Dd(body)])


def schedule_card(states: Sequence[PhaseState], *, lang: str) -> Component:
    """Return the phase running now and the next one (the last one once all have ended)."""
    current = next((s for s in states if s.status == ACTIVE), None)
    following = next((s for s in states if s.status == UPCOMING), None)
    done = [s for s in states if s.status == DONE]
    if current is None and following is None and done:
        parts = [
            _phase(t("summary.schedule.current", lang), None, t("summary.schedule.all_done", lang),
                   lang=lang),
            _phase(t("summary.schedule.last", lang), done[-1], "", lang=lang),
        ]  # fmt: skip
    else:
        parts = [
            _phase(
                t("summary.schedule.current", lang),
                current,
                t("summary.schedule.no_current", lang),
                lang=lang,
            ),
            _phase(
                t("summary.schedule.next", lang),
                following,
                t("summary.schedule.no_next", lang),
                lang=lang,
            ),
        ]
    return card(
        t("summary.schedule.title", lang),
        [html.Dl(parts, id=SUMMARY_SCHEDULE, className="kipp-summary-schedule")],
        card_id="summary-card-schedule",
    )


def missing_card(participation: Participation, *, lang: str) -> Component:
    """Return the names of the required OPDs that have not submitted yet."""
    missing = sorted(
        (r for r in participation.rows if not r.has_submitted), key=lambda r: r.name.casefold()
    )
    if not participation.rows:
        body: list[Component] = [html.P(t("summary.missing.no_opds", lang))]
    elif not missing:
        body = [html.P(t("summary.missing.none", lang))]
    else:
        body = [
            html.Ul(
                [html.Li(r.name, className=USER_TEXT_CLASS) for r in missing],
                className="kipp-summary-missing",
            )
        ]
    count = format_number(len(missing), lang=lang)
    title = html.Span(
        [
            t("summary.missing.title", lang),
            html.Span(t("summary.missing.count", lang, count=count), className="kipp-summary-pill"),
        ]
    )
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="kipp-card-title"), html.Div(body)]),
        id=SUMMARY_MISSING,
        className="kipp-panel kipp-summary-card",
    )


# ---------------------------------------------------------------- editions side by side
def kind_order(editions: Sequence[EditionFigures]) -> list[str]:
    """Return the kinds with finalists in any edition: most finalists first, then by name."""
    totals: Counter[str] = Counter()
    for edition in editions:
        totals.update(edition.finalists_by_kind)
    return sorted((k for k, n in totals.items() if n), key=lambda k: (-totals[k], k))


def history_table(editions: Sequence[EditionFigures], *, lang: str) -> Component:
    """Return this edition beside the previous ones: participation, innovations, finalists."""
    kinds = kind_order(editions)
    first = html.Tr(
        [
            html.Th(
                t(f"summary.history.col.{col}", lang),
                rowSpan=2 if kinds else 1,
                className=None if col == "edition" else "text-end",
            )
            for col in ("edition", "participation", "innovations", "finalists")
        ]
        + (
            [
                html.Th(
                    t("summary.history.col.kinds", lang),
                    colSpan=len(kinds),
                    className="text-center kipp-summary-kinds",
                )
            ]
            if kinds
            else []
        )
    )
    header = [first]
    if kinds:
        header.append(
            html.Tr([html.Th(kind_label(k, lang=lang), className="text-end") for k in kinds])
        )
    body = []
    for edition in editions:
        name: list[Component | str] = [user_text(edition.name)]
        if edition.current:
            name.append(
                html.Span(t("summary.history.current", lang), className="kipp-summary-pill")
            )
        body.append(
            html.Tr(
                [
                    html.Th(name, scope="row"),
                    html.Td(_percent(edition.rate, lang=lang)),
                    html.Td(format_number(edition.innovations, lang=lang)),
                    html.Td(format_number(edition.finalists, lang=lang)),
                    *(
                        html.Td(format_number(edition.finalists_by_kind.get(k, 0), lang=lang))
                        for k in kinds
                    ),
                ],
                className="kipp-summary-current" if edition.current else None,
            )
        )
    return card(
        t("summary.history.title", lang),
        [
            html.Div(
                dbc.Table(
                    [html.Thead(header), html.Tbody(body)],
                    className="kipp-table kipp-summary-history",
                    size="sm",
                ),
                className="table-responsive",
            )
        ],
        card_id=SUMMARY_HISTORY,
    )
