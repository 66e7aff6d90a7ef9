"""The OPD table of /partisipasi: its rows sent as data and drawn by the browser.

At national scale the table holds 600 OPD rows, some 10 thousand Dash components: sent
as components, their JSON (about 1 MB) cost every refresh 60-100 ms of the server's CPU
to encode, several times the page's numbers. The page sends the rows as compact data
instead (opd_rows_data: one list of texts per row, every text formatted here, through
the catalogue and Babel), on the table body's data-opd-rows attribute, and
assets/kipp-participation.js draws from it, with the DOM's own calls, the very elements
React draws of opd_table's rows (tests/test_participation_table_browser.py holds the two
equal). Not a Dash callback returning components: Dash's renderer took seconds for a few
dozen rows returned that way, and minutes for 600. opd_table stays the reference.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.builders.participation import kind_label
from dashboard.builders.user_text import USER_TEXT_CLASS, user_text
from dashboard.encoding import quick
from data_access.formatting import format_datetime, format_number
from data_access.i18n import t
from data_access.participation import OpdParticipation, closed_key

# The table body's attribute holding its rows as data (assets/kipp-participation.js draws them).
ROWS_ATTRIBUTE = "data-opd-rows"
# Rows whose texts are kept formatted (_row_texts): a national edition's 600 OPDs in both
# languages, and room for the rows of a few changes.
ROW_TEXTS_KEPT = 4096
# Whole tables' data kept (_rows_json): both languages, "not yet" and "not", a change or two.
TABLES_KEPT = 8
COLUMNS = ("status", "opd", "kind", "submitted", "passed", "finalists", "late", "first")

# Counts align right; the kind column gives way on phones (the by-kind panel shows it).
_CELL_CLASSES = {
    "kind": "d-none d-md-table-cell",
    **{k: "text-end" for k in ("submitted", "passed", "finalists", "late")},
}


def sorted_rows(rows: Sequence[OpdParticipation]) -> list[OpdParticipation]:
    """Return the OPDs with those not yet submitted first, each group by name."""
    return sorted(rows, key=lambda r: (r.has_submitted, r.name.casefold(), r.code))


def status_badge(row: OpdParticipation, *, lang: str, closed: bool = False) -> Component:
    """Return the Sudah / Belum (Tidak, after the deadline) mengumpulkan badge of an OPD (one
    word on phones)."""
    key = "done" if row.has_submitted else closed_key("missing", closed)
    return dbc.Badge(
        [
            html.Span(t(f"participation.status.{key}", lang), className="d-none d-sm-inline"),
            html.Span(t(f"participation.status.{key}.short", lang), className="d-sm-none"),
        ],
        color="success" if row.has_submitted else "danger",
        className="kipp-participation-badge",
    )


def _submitted_cell(row: OpdParticipation, lang: str) -> list[Component | str]:
    cell: list[Component | str] = [format_number(row.submitted, lang=lang)]
    if row.from_sub_units:
        note = t("participation.from_sub", lang, count=format_number(row.from_sub_units, lang=lang))
        cell += [html.Br(), html.Small(note, className="text-body-secondary")]
    return cell


def opd_table(
    rows: Sequence[OpdParticipation], *, timezone: str, lang: str, closed: bool = False
) -> Component:
    """Return every required OPD, not yet submitted first, with its counts and first submission.

    What the browser draws from opd_rows_data (the page sends that, not this).
    """
    tz = ZoneInfo(timezone)
    # 600 rows at national scale: cells that repeat from row to row are built once and
    # reused (a component is plain data until it is sent), the rest once per row.
    done = {r.has_submitted: r for r in rows}
    badges = {key: status_badge(r, lang=lang, closed=closed) for key, r in done.items()}
    status_cells = {key: html.Td(badge) for key, badge in badges.items()}
    kind_cells = {
        kind: html.Td(user_text(kind_label(kind, lang=lang)), className=_CELL_CLASSES["kind"])
        for kind in {r.kind for r in rows}
    }
    line_break = html.Br()
    count_cells: dict[tuple[int, bool], Component] = {}

    def count_cell(value: int, *, late: bool = False) -> Component:
        # Counts repeat from row to row (0, 1, 2, ...): one cell per value, reused.
        key = (value, late and value > 0)
        if key not in count_cells:
            text = format_number(value, lang=lang)
            shown = html.Span(text, className="kipp-participation-late") if key[1] else text
            count_cells[key] = html.Td(shown, className="text-end")
        return count_cells[key]

    body = []
    for row in sorted_rows(rows):
        first = (
            format_datetime(row.first_submitted_at, lang=lang, tz=tz)
            if row.first_submitted_at
            else "–"
        )
        # Built with quick(): the same components, without Dash's per-instance copies.
        body.append(
            quick(
                html.Tr,
                [
                    status_cells[row.has_submitted],
                    quick(
                        html.Td,
                        [
                            quick(
                                html.Strong, row.short_name or row.name, className=USER_TEXT_CLASS
                            ),
                            line_break,
                            quick(
                                html.Small,
                                row.name,
                                className=f"text-body-secondary {USER_TEXT_CLASS}",
                            ),
                        ],
                    ),
                    kind_cells[row.kind],
                    quick(html.Td, _submitted_cell(row, lang), className="text-end")
                    if row.from_sub_units
                    else count_cell(row.submitted),
                    count_cell(row.passed),
                    count_cell(row.finalists),
                    count_cell(row.late, late=True),
                    quick(html.Td, first, className="kipp-participation-first"),
                ],
                className=None if row.has_submitted else "kipp-participation-missing",
            )
        )
    return _table(html.Tbody(body), lang=lang)


def _table(body: Component, *, lang: str) -> Component:
    header = html.Thead(
        html.Tr(
            [
                html.Th(t(f"participation.col.{k}", lang), className=_CELL_CLASSES.get(k))
                for k in COLUMNS
            ]
        )
    )
    return dbc.Table(
        [header, body],
        id=ids.PARTICIPATION_TABLE,
        hover=True,
        responsive=True,
        className="kipp-table kipp-participation-table align-middle",
    )


def opd_rows_data(
    rows: Sequence[OpdParticipation], *, timezone: str, lang: str, closed: bool = False
) -> dict:
    """Return opd_table's rows as the browser draws them: their texts, in the table's order.

    {"status": [[long, short] of "not yet", of "done"], "kinds": [kind names], "rows":
    [[done 0/1, short name, name, kind's index, submitted, from sub-units note or None,
    passed, finalists, late, late 0/1, first submission], ...]}. `closed`: the deadline's
    day is over ("Tidak mengumpulkan" instead of "Belum").
    """
    kinds: dict[str, int] = {}
    table = []
    for row in sorted_rows(rows):
        texts = _row_texts(row, timezone, lang)
        table.append([*texts[:3], kinds.setdefault(row.kind, len(kinds)), *texts[3:]])
    status = [
        [t(f"participation.status.{key}", lang), t(f"participation.status.{key}.short", lang)]
        for key in (closed_key("missing", closed), "done")
    ]
    return {"status": status, "kinds": [kind_label(k, lang=lang) for k in kinds], "rows": table}


@functools.lru_cache(maxsize=ROW_TEXTS_KEPT)
def _row_texts(row: OpdParticipation, timezone: str, lang: str) -> tuple:
    """Return one row's texts but its kind's index: formatted once per process.

    At national scale a data change leaves nearly every OPD's row as it was; its texts
    (Babel's numbers and dates through the catalogue) are not formatted again.
    """
    number = functools.partial(format_number, lang=lang)
    first = row.first_submitted_at
    note = (
        t("participation.from_sub", lang, count=number(row.from_sub_units))
        if row.from_sub_units
        else None
    )
    return (
        int(row.has_submitted),
        row.short_name or row.name,
        row.name,
        number(row.submitted),
        note,
        number(row.passed),
        number(row.finalists),
        number(row.late),
        int(row.late > 0),
        format_datetime(first, lang=lang, tz=ZoneInfo(timezone)) if first else "–",
    )


def opd_table_drawn(
    rows: Sequence[OpdParticipation], *, timezone: str, lang: str, closed: bool = False
) -> Component:
    """Return the table with its rows as data on its body, for the browser to draw them."""
    data = _rows_json(tuple(rows), timezone, lang, closed)
    return _table(html.Tbody(**{ROWS_ATTRIBUTE: data}), lang=lang)


@functools.lru_cache(maxsize=TABLES_KEPT)
def _rows_json(rows: tuple[OpdParticipation, ...], timezone: str, lang: str, closed: bool) -> str:
    """Return the rows' data as JSON, made once per process for the same rows.

    A score saved leaves every OPD's counts as they were: the page's numbers are read again
    at the new data version, and equal rows give this very text (a submission changes one
    row: the others' texts come from _row_texts).
    """
    return json.dumps(
        opd_rows_data(rows, timezone=timezone, lang=lang, closed=closed),
        ensure_ascii=False,
        separators=(",", ":"),
    )
