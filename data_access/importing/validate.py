"""Check an import's headers and every row's values, collecting every error, never the first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from data_access import defaults
from data_access.i18n import Message
from data_access.importing.errors import Problems
from data_access.importing.reader import Table
from data_access.importing.values import (
    BadValue,
    check_length,
    parse_continues,
    parse_count,
    parse_date,
    parse_datetime,
    parse_flag,
    parse_score,
    parse_timezone,
    parse_url,
    parse_weight,
)
from data_access.models import (
    ADMIN_STATUSES,
    HISTORY_EVENTS,
    HISTORY_SOURCES,
    SHEET_STATES,
    STAGE_CODES,
)

CODE_LIMIT = 64


@dataclass(frozen=True)
class Col:
    """One column of an import file: how its text is parsed and whether it may be empty."""

    name: str
    kind: str = "text"
    required: bool = False  # the cell must not be empty
    limit: int = 300
    optional_column: bool = False  # the header may leave the whole column out


# Empty optional cells take these values ("not given"), on insert and on update alike.
# "note", "url" and "continues" are nullable texts of optional columns: empty clears them.
EMPTY = {
    "text": "",
    "code": None,
    "flag": False,
    "status": "menunggu",
    "datetime": None,
    "note": None,
    "url": None,
    "continues": None,
    "opt_score": None,
    "date": None,
}

# A sheet filled in the app, named by its codes.
_SHEET = (
    Col("stage", "stage", required=True),
    Col("juror_code", "code", required=True),
    Col("innovation_code", "code", required=True),
)

SPECS: dict[str, tuple[Col, ...]] = {
    "units": (
        Col("code", "code", required=True),
        Col("name", required=True),
        Col("short_name", limit=120),
        Col("kind", limit=40),
        Col("parent_code", "code"),
        Col("required", "flag"),
        Col("confidence", limit=20, optional_column=True),
    ),
    "criteria": (
        Col("stage", "stage", required=True),
        Col("code", "code", required=True),
        Col("name", required=True, limit=200),
        Col("weight", "weight", required=True),
        Col("description", "note", limit=300, optional_column=True),
    ),
    "innovations": (
        Col("code", "code", required=True),
        Col("title", required=True, limit=5000),
        Col("unit_code", "code", required=True),
        Col("innovator"),
        Col("category", limit=120),
        Col("submitted_at", "datetime"),
        Col("admin_status", "status"),
        Col("summary", "note", limit=5000, optional_column=True),
        Col("proposal_url", "url", limit=2000, optional_column=True),
        Col("continues", "continues", optional_column=True),
    ),
    "jurors": (
        Col("code", "code", required=True),
        Col("name", required=True),
        Col("group", required=True, limit=120),
    ),
    "assignments": (
        Col("juror_code", "code", required=True),
        Col("innovation_code", "code", required=True),
        Col("stage", "stage", required=True),
        Col("abstain", "flag"),
    ),
    "scores": (
        Col("juror_code", "code", required=True),
        Col("innovation_code", "code", required=True),
        Col("stage", "stage", required=True),
        Col("criterion_code", "code", required=True),
        Col("score", "score", required=True),
        Col("scored_at", "datetime", required=True),
    ),
    "edition": (Col("key", required=True), Col("value", limit=200)),
    # The optional sheets of an edition archive (data_access/exports/archive_sheets.py): what the
    # jury and the committee did in the app, restored into an edition that has none of it
    # yet (data_access/importing/archive.py; docs/IMPORT.md).
    "score_history": (
        *_SHEET,
        Col("criterion_code", "code"),
        Col("event", "event", required=True),
        Col("old_score", "opt_score"),
        Col("new_score", "opt_score"),
        Col("reason", "note", limit=5000),
        Col("source", "source", required=True),
        Col("by", required=True, limit=80),
        Col("at", "datetime", required=True),
    ),
    "sheet_states": (
        *_SHEET,
        Col("state", "sheet_state", required=True),
        Col("revision", "count", required=True),
        Col("note", limit=5000),
        Col("updated_at", "datetime", required=True),
        Col("updated_by", required=True, limit=80),
        Col("submitted_at", "datetime"),
        Col("submitted_by", "note", limit=80),
        Col("reopened_at", "datetime"),
        Col("reopened_by", "note", limit=80),
        Col("reopen_reason", "note", limit=5000),
    ),
    # A juror's comment on one criterion of a sheet (its state row must exist).
    "sheet_comments": (
        *_SHEET,
        Col("criterion_code", "code", required=True),
        Col("text", required=True, limit=5000),
    ),
    "conflicts": (
        Col("juror_code", "code", required=True),
        Col("innovation_code", "code", required=True),
        Col("conflict", "flag", required=True),
        Col("reason", "note", limit=5000),
        Col("declared_at", "datetime", required=True),
        Col("declared_by", required=True, limit=80),
        Col("confirmed_at", "datetime"),
        Col("confirmed_by", "note", limit=80),
    ),
    "extensions": (
        Col("stage", "stage", required=True),
        Col("juror_code", "code"),
        Col("until", "date", required=True),
        Col("created_at", "datetime", required=True),
        Col("created_by", required=True, limit=80),
    ),
    "admin_status_changes": (
        Col("innovation_code", "code", required=True),
        Col("old_status", "status", required=True),
        Col("new_status", "status", required=True),
        Col("reason", required=True, limit=5000),
        Col("changed_by", required=True, limit=80),
        Col("changed_at", "datetime", required=True),
    ),
    "seri_decisions": (
        Col("order", required=True, limit=400),
        Col("reason", required=True, limit=5000),
        Col("chair", required=True, limit=120),
        Col("decided_by", required=True, limit=80),
        Col("decided_at", "datetime", required=True),
    ),
    # key,value rows like edition; the snapshot's JSON runs over as many `snapshot` rows as
    # it needs (a cell holds at most 32,767 characters).
    "approval": (Col("key", required=True), Col("value", limit=32_000)),
}

DATE_KEYS = (
    "submission_start",
    "submission_end",
    "admin_check_start",
    "admin_check_end",
    "proposal_start",
    "proposal_end",
    "presentation_start",
    "presentation_end",
    "report_date",
    "ceremony_date",
)
# key -> (kind, value when the cell is empty; None with required=True means it may not be)
EDITION_KEYS: dict[str, tuple[str, Any]] = {
    "code": ("code", None),
    "name": ("name", None),
    "timezone": ("timezone", defaults.DEFAULT_TIMEZONE),
    **{key: ("date", None) for key in DATE_KEYS},
    "weight_proposal": ("weight", int(defaults.DEFAULT_WEIGHT_PROPOSAL * 100)),
    "weight_presentation": ("weight", int(defaults.DEFAULT_WEIGHT_PRESENTATION * 100)),
    "finalist_count": ("count", defaults.DEFAULT_FINALIST_COUNT),
    "normalization": ("flag", False),
}
REQUIRED_EDITION_KEYS = ("code", "name")


def _parse_stage(text: str) -> str:
    if text not in STAGE_CODES:
        first, second = STAGE_CODES
        raise BadValue(
            "importing.bad_stage", stages=Message("importing.either", first=first, second=second)
        )
    return text


def _parse_status(text: str) -> str:
    if text not in ADMIN_STATUSES:
        raise BadValue("importing.bad_status", statuses=", ".join(ADMIN_STATUSES))
    return text


def _choice(values: tuple[str, ...]) -> Callable[[str], str]:
    """Return a parser accepting exactly one of values."""

    def parse(text: str) -> str:
        if text not in values:
            raise BadValue("archive.bad_choice", choices=", ".join(values))
        return text

    return parse


def _parser(col: Col, zone: tzinfo) -> Callable[[str], Any]:
    kind = col.kind
    if kind in ("text", "note"):
        return lambda text: check_length(text, col.limit)
    if kind == "url":
        return lambda text: parse_url(text, col.limit)
    if kind == "code":
        return lambda text: check_length(text, CODE_LIMIT)
    if kind == "datetime":
        return lambda text: parse_datetime(text, zone)
    return {
        "flag": parse_flag,
        "score": parse_score,
        "weight": parse_weight,
        "stage": _parse_stage,
        "status": _parse_status,
        "continues": parse_continues,
        "opt_score": parse_score,
        "count": parse_count,
        "date": parse_date,
        "event": _choice(HISTORY_EVENTS),
        "source": _choice(HISTORY_SOURCES),
        "sheet_state": _choice(SHEET_STATES),
    }[kind]


def check_header(table: Table, problems: Problems) -> bool:
    """Check a table's column names; return False when its rows cannot be read by name."""
    specs = SPECS[table.name]
    expected = ", ".join(col.name for col in specs)
    names = {col.name for col in specs}
    usable, seen = True, set()
    for position, name in enumerate(table.header, start=1):
        if not name:
            problems.add(
                table.header_row,
                None,
                None,
                Message("importing.column_unnamed", position=position, expected=expected),
            )
        elif name in seen:
            usable = False
            problems.add(
                table.header_row,
                name,
                name,
                Message("importing.column_twice"),
            )
        elif name not in names:
            hint = Message("importing.column_lower_case") if name.lower() in names else ""
            problems.add(
                table.header_row,
                name,
                name,
                Message("importing.column_unknown", hint=hint, expected=expected),
            )
        seen.add(name)
    for col in specs:
        if col.name not in seen and not col.optional_column:
            usable = False
            problems.add(
                table.header_row,
                col.name,
                None,
                Message("importing.column_missing", column=col.name, expected=expected),
            )
    return usable


def parse_rows(table: Table, problems: Problems, zone: tzinfo) -> list[dict[str, Any]]:
    """Parse every row of a table into a dict by column name, with '_row' and '_ok' keys."""
    index = {name: position for position, name in enumerate(table.header) if name}
    plan = [
        (col, index[col.name], _parser(col, zone), EMPTY.get(col.kind))
        for col in SPECS[table.name]
        if col.name in index
    ]
    records = []
    for row in table.rows:
        record: dict[str, Any] = {"_row": row.number, "_ok": True}
        for col, position, parse, empty in plan:
            text = row.cells[position]
            if not text:
                if col.required:
                    record["_ok"] = False
                    problems.add(
                        row.number,
                        col.name,
                        "",
                        Message("importing.cell_required", column=col.name),
                    )
                record[col.name] = empty
                continue
            try:
                record[col.name] = parse(text)
            except BadValue as bad:
                record["_ok"] = False
                record[col.name] = None
                problems.add(row.number, col.name, text, bad.message)
        records.append(record)
    return records


def _parse_edition_value(kind: str, text: str) -> Any:
    if kind == "code":
        return check_length(text, CODE_LIMIT)
    if kind == "name":
        return check_length(text, 200)
    if kind == "timezone":
        return parse_timezone(text).key
    return {"date": parse_date, "weight": parse_weight, "count": parse_count, "flag": parse_flag}[
        kind
    ](text)


@dataclass
class EditionInput:
    """edition.csv parsed: valid values by key, the row of every key, and keys with bad values."""

    label: str
    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)


def parse_edition(table: Table, problems: Problems) -> EditionInput:
    """Parse edition.csv's key,value rows; every unknown, repeated or invalid key is an error."""
    known = ", ".join(EDITION_KEYS)
    given = EditionInput(table.label)
    rows_of = given.rows
    key_pos, value_pos = table.header.index("key"), table.header.index("value")
    for row in table.rows:
        key, text = row.cells[key_pos], row.cells[value_pos]
        if not key:
            problems.add(
                row.number,
                "key",
                "",
                Message("importing.key_required", known=known),
            )
            continue
        if key not in EDITION_KEYS:
            problems.add(
                row.number,
                "key",
                key,
                Message("importing.key_unknown", known=known),
            )
            continue
        if key in rows_of:
            problems.add(
                row.number,
                "key",
                key,
                Message("importing.key_twice", row=rows_of[key]),
            )
            continue
        rows_of[key], given.texts[key] = row.number, text
        kind, empty = EDITION_KEYS[key]
        if not text:
            if key in REQUIRED_EDITION_KEYS:
                problems.add(
                    row.number,
                    "value",
                    "",
                    Message("importing.value_required", key=key),
                )
                given.bad.add(key)
            else:
                given.values[key] = empty
            continue
        try:
            given.values[key] = _parse_edition_value(kind, text)
        except BadValue as bad:
            given.bad.add(key)
            problems.add(row.number, "value", text, bad.message)
    return given
