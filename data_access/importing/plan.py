"""Turn what was read into a checked plan: which edition, which rows, against which database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row
from sqlalchemy.orm import Session

from data_access import defaults
from data_access.i18n import Message
from data_access.importing import archive, crossref, snapshot
from data_access.importing.errors import ImportErrorItem, Problems
from data_access.importing.reader import ALL_FILES, ARCHIVE_FILES, ReadResult
from data_access.importing.validate import EditionInput, check_header, parse_edition, parse_rows

EDITION_FILES = ("criteria", "innovations", "jurors", "assignments", "scores", *ARCHIVE_FILES)
# Sheets of key,value rows, read by their own parsers rather than row by row.
KEY_VALUE = ("edition", "approval")


@dataclass
class Plan:
    """Everything apply needs: the edition, the checked rows and the database as it was."""

    files: list[str]
    edition_code: str | None = None
    edition: Row[Any] | None = None
    edition_values: dict[str, Any] | None = None
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)
    units: dict[str, Row[Any]] = field(default_factory=dict)
    # Sheets submitted in the app, by (stage, juror, innovation) code: apply leaves them be.
    locked: frozenset[tuple[str, str, str]] = frozenset()
    approval: archive.ApprovalInput | None = None  # an archive's approved snapshot
    book: str | None = None  # the workbook's name, for errors

    def label_of(self, name: str) -> str:
        """Return how errors name a file: scores.csv, or book.xlsx:scores in a workbook."""
        return f"{self.book}:{name}" if self.book else f"{name}.csv"


@dataclass
class _Edition:
    code: str | None = None
    row: Row[Any] | None = None
    resolved: bool = False


def validate_import(
    session: Session, read: ReadResult, *, edition_code: str | None
) -> tuple[Plan, list[ImportErrorItem]]:
    """Check every header, value and reference of an import; return the plan and every error."""
    errors = read.errors
    usable = {}
    for name in ALL_FILES:
        table = read.tables.get(name)
        if table is not None and check_header(table, Problems(table.label, errors)):
            usable[name] = table
    present = [name for name in ALL_FILES if name in read.tables or name in read.broken]
    plan = Plan(files=present, book=read.book)

    edition_input = None
    if "edition" in usable:
        table = usable["edition"]
        edition_input = parse_edition(table, Problems(table.label, errors))
    needs_edition = "edition" in present or any(name in present for name in EDITION_FILES)
    edition = _Edition()
    if needs_edition:
        edition = _resolve_edition(
            session, read, edition_input, edition_code, "edition" in present, errors
        )
    plan.edition_code, plan.edition = edition.code, edition.row
    if edition_input is not None:
        plan.edition_values = _edition_values(edition_input)
    zone = _zone(edition_input, edition.row)

    def problems(name: str) -> Problems:
        return Problems(read.label_of(name), errors)

    def readable(name: str) -> bool:
        # A file that is present but unreadable hides its codes: skip checks against it.
        return name in usable or name not in present

    records = {
        name: parse_rows(usable[name], problems(name), zone)
        for name in ALL_FILES
        if name in usable and name not in KEY_VALUE
    }
    if "approval" in usable:
        plan.approval = archive.parse_approval(usable["approval"], problems("approval"), zone)
    plan.records = records
    for name in records:
        usable[name].rows = []  # parsed: let the raw text go before the large work starts
    plan.units = snapshot.load_units(session)
    edition_id = edition.row.id if edition.row is not None else None
    db_ok = edition.resolved  # without the edition, database references cannot be checked

    if "units" in records:
        _check_units(records["units"], plan.units, problems("units"))
    unit_codes = set(plan.units) | {r["code"] for r in records.get("units", ()) if r["code"]}
    criteria_db = snapshot.load_criteria(session, edition_id) if db_ok else {}
    weights_db = {key: row.weight_centi for key, row in criteria_db.items()}
    crit_records = records.get("criteria", [])
    crossref.check_duplicates(crit_records, ("stage", "code"), problems("criteria"))
    stage_criteria = crossref.final_criteria(crit_records, weights_db, problems("criteria"))

    known: dict[str, set[str]] = {}
    for name, loader in (
        ("innovations", snapshot.load_innovations),
        ("jurors", snapshot.load_jurors),
    ):
        in_file = records.get(name, [])
        crossref.check_duplicates(in_file, ("code",), problems(name))
        db_codes = set(loader(session, edition_id)) if db_ok else set()
        known[name] = db_codes | {r["code"] for r in in_file if r["code"] is not None}
    if "innovations" in records and readable("units"):
        crossref.check_reference(
            records["innovations"],
            "unit_code",
            lambda code, _r: code in unit_codes,
            problems("innovations"),
            Message("importing.unknown_unit"),
        )
    if "assignments" in records:
        key = ("juror_code", "innovation_code", "stage")
        crossref.check_duplicates(records["assignments"], key, problems("assignments"))
    checkable = {name: db_ok and readable(name) for name in known}
    for name in ("assignments", "scores"):
        if name in records:
            _check_links(records[name], known, checkable, problems(name))
    if "scores" in records:
        scores = records["scores"]
        if db_ok and readable("criteria"):
            crossref.check_criteria(scores, stage_criteria, problems("scores"))
        winners, ignored = crossref.pick_scores(scores, problems("scores"))
        records["scores"] = winners
        plan.ignored["scores"] = ignored
        if db_ok:
            plan.locked = _check_submitted_sheets(session, edition_id, winners, problems("scores"))
    archive.check_references(records, known, checkable, stage_criteria, problems)
    return plan, errors


def _check_submitted_sheets(
    session: Session, edition_id: int | None, scores, problems: Problems
) -> frozenset[tuple[str, str, str]]:
    """Refuse rows that would change a sheet a juror submitted in the app; return those sheets.

    A submitted sheet is locked until the committee reopens it (SCORING.md); a row that
    leaves its value as it is (the same score, or an older row the import ignores) passes.
    """
    if edition_id is None:
        return frozenset()
    held = snapshot.load_submitted_scores(session, edition_id)
    for record in scores:
        sheet = (record.get("stage"), record.get("juror_code"), record.get("innovation_code"))
        if not record["_ok"] or sheet not in held:
            continue
        cell = held[sheet].get(record.get("criterion_code"))
        if cell is not None and (record["score"] == cell[0] or record["scored_at"] <= cell[1]):
            continue
        record["_ok"] = False
        stage, juror, innovation = sheet
        problems.add(
            record["_row"],
            "score",
            str(Decimal(record["score"]).scaleb(-2)),
            Message("sheet.import_submitted", juror=juror, innovation=innovation, stage=stage),
        )
    return frozenset(held)


def _one_of(codes: set[str]) -> Callable[[Any, dict[str, Any]], bool]:
    """Return a reference check against `codes`, bound now rather than at the loop's end."""
    return lambda code, _record: code in codes


def _check_links(records, known: dict[str, set[str]], checkable, problems: Problems) -> None:
    for name, column, what in (
        ("jurors", "juror_code", Message("importing.unknown_juror")),
        ("innovations", "innovation_code", Message("importing.unknown_innovation")),
    ):
        if checkable[name]:
            crossref.check_reference(
                records,
                column,
                _one_of(known[name]),
                problems,
                what,
            )


def _check_units(records, db_units, problems: Problems) -> None:
    crossref.check_duplicates(records, ("code",), problems)
    in_file = {r["code"] for r in records if r["code"] is not None}
    crossref.check_reference(
        records,
        "parent_code",
        lambda code, _r: code in in_file or code in db_units,
        problems,
        Message("importing.unknown_parent_unit"),
    )
    code_of = {row.id: code for code, row in db_units.items()}
    db_parent = {code: code_of.get(row.parent_id) for code, row in db_units.items()}
    crossref.check_unit_tree(records, db_parent, problems)


def _resolve_edition(
    session: Session,
    read: ReadResult,
    given: EditionInput | None,
    argument: str | None,
    has_edition_file: bool,
    errors: list[ImportErrorItem],
) -> _Edition:
    problems = Problems(read.label_of("edition"), errors)
    if has_edition_file:
        if given is None:  # edition.csv could not be read: its errors are already reported
            return _Edition()
        code = given.values.get("code")
        if code is None:
            if "code" not in given.bad and "code" not in given.rows:
                problems.add(
                    None,
                    "key",
                    None,
                    Message("importing.code_key_missing"),
                )
            return _Edition()
        if argument is not None and argument != code:
            problems.add(
                given.rows["code"],
                "value",
                code,
                Message("importing.code_differs", argument=argument),
            )
            return _Edition()
        row = snapshot.find_edition(session, code)
        if row is None and "name" not in given.values and "name" not in given.bad:
            problems.add(
                None,
                "key",
                None,
                Message("importing.name_key_missing"),
            )
        crossref.check_edition(given, row, problems)
        return _Edition(code, row, resolved=True)
    if argument is not None:
        row = snapshot.find_edition(session, argument)
        if row is None:
            problems.add(
                None,
                None,
                argument,
                Message("importing.edition_unknown"),
            )
            return _Edition()
        return _Edition(argument, row, resolved=True)
    codes = snapshot.edition_codes(session)
    if len(codes) == 1:
        return _Edition(codes[0], snapshot.find_edition(session, codes[0]), resolved=True)
    listed = ", ".join(codes) if codes else "-"
    problems.add(
        None,
        None,
        None,
        Message("importing.edition_unclear", count=len(codes), listed=listed),
    )
    return _Edition()


def _edition_values(given: EditionInput) -> dict[str, Any]:
    values = dict(given.values)
    for key in ("weight_proposal", "weight_presentation"):
        if key in values:
            values[key] = Decimal(values[key]).scaleb(-2)
    return values


def _zone(given: EditionInput | None, row: Row[Any] | None) -> ZoneInfo:
    if given is not None and "timezone" in given.values:
        return ZoneInfo(given.values["timezone"])
    if row is not None:
        try:
            return ZoneInfo(row.timezone)
        except (ValueError, KeyError):
            pass
    return ZoneInfo(defaults.DEFAULT_TIMEZONE)
