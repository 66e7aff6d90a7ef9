"""Read an import (a folder of CSV files or one .xlsx workbook) into tables of trimmed text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from defusedxml import DefusedXmlException

from data_access.i18n import Message
from data_access.importing import workbook_guard
from data_access.importing.errors import ImportErrorItem, Problems

# In the order they are applied; a workbook's sheets carry the same names.
KNOWN_FILES = ("edition", "units", "criteria", "innovations", "jurors", "assignments", "scores")
# The optional sheets an edition archive adds (docs/IMPORT.md), applied after the scores.
ARCHIVE_FILES = (
    "sheet_states",
    "sheet_comments",
    "conflicts",
    "extensions",
    "admin_status_changes",
    "seri_decisions",
    "score_history",
    "approval",
)
ALL_FILES = KNOWN_FILES + ARCHIVE_FILES
KNOWN_LIST = ", ".join(f"{name}.csv" for name in ALL_FILES)
# An .xlsx is a zip of XML; a legitimate one unpacks to a few times its size (about 16 for a
# large score sheet). The bound is a multiple of the byte limit so that one setting governs
# both; workbook_guard checks it, and more, before openpyxl opens anything.
XLSX_UNPACK_FACTOR = 25


@dataclass(frozen=True)
class Row:
    """One non-empty data row: its number as a spreadsheet shows it, and its trimmed cells."""

    number: int
    cells: tuple[str, ...]


@dataclass
class Table:
    """One file (or sheet) of an import: its name, how errors name it, header and rows."""

    name: str
    label: str
    header: list[str] = field(default_factory=list)
    header_row: int = 1
    rows: list[Row] = field(default_factory=list)


@dataclass
class ReadResult:
    """Every table read, every error met, and which known files could not be read at all."""

    tables: dict[str, Table] = field(default_factory=dict)
    errors: list[ImportErrorItem] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    book: str | None = None  # the workbook's file name when the import is an .xlsx

    def label_of(self, name: str) -> str:
        """Return how errors name a known file: scores.csv, or book.xlsx:scores in a workbook."""
        return f"{self.book}:{name}" if self.book else f"{name}.csv"


def read_import(
    path: str | Path, *, max_bytes: int, max_unpacked_bytes: int | None = None
) -> ReadResult:
    """Read a folder of CSV files, one CSV file or one .xlsx workbook into tables."""
    path = Path(path)
    result = ReadResult()
    problems = Problems(path.name, result.errors)
    if path.is_dir():
        _read_folder(path, max_bytes, result)
    elif path.is_file() and path.suffix.lower() == ".xlsx":
        unpacked = max_unpacked_bytes or max_bytes * XLSX_UNPACK_FACTOR
        result.book = path.name
        _read_workbook(path, max_bytes, unpacked, result)
    elif path.is_file() and path.suffix.lower() == ".csv":
        _read_csv_file(path, max_bytes, result)
    elif not path.exists():
        problems.add(
            None,
            None,
            str(path),
            Message("importing.not_found"),
        )
        return result
    else:
        problems.add(
            None,
            None,
            path.name,
            Message("importing.not_a_source"),
        )
        return result
    if not result.tables and not result.broken and not result.errors:
        problems.add(
            None,
            None,
            None,
            Message("importing.no_known_file", known=KNOWN_LIST),
        )
    return result


def _read_folder(folder: Path, max_bytes: int, result: ReadResult) -> None:
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() == ".csv":
            _read_csv_file(path, max_bytes, result)


def unknown_file(problems: Problems, name: str) -> None:
    """Record that a file's name is none of the known import files (names are exact)."""
    problems.add(
        None,
        None,
        name,
        Message("importing.unknown_file", known=KNOWN_LIST),
    )


def _too_big(label: str, size: int, max_bytes: int, result: ReadResult) -> bool:
    if size <= max_bytes:
        return False
    Problems(label, result.errors).add(
        None,
        None,
        None,
        Message("importing.too_big", size=size, limit=max_bytes),
    )
    return True


def _read_csv_file(path: Path, max_bytes: int, result: ReadResult) -> None:
    label = path.name
    name = path.stem if path.suffix == ".csv" else ""
    problems = Problems(label, result.errors)
    if name not in ALL_FILES:
        unknown_file(problems, label)
        return
    result.broken.add(name)
    if _too_big(label, path.stat().st_size, max_bytes, result):
        return
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    if _too_big(label, len(data), max_bytes, result):
        return
    table = parse_csv_bytes(data, name=name, label=label, problems=problems)
    if table is not None:
        result.broken.discard(name)
        result.tables[name] = table


def decode_text(data: bytes) -> str:
    """Decode CSV bytes as UTF-8 (with or without a BOM) or else as Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def detect_delimiter(header_line: str) -> str:
    """Return ';' when the header line has more semicolons than commas, else ','."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def parse_csv_bytes(data: bytes, *, name: str, label: str, problems: Problems) -> Table | None:
    """Parse one CSV file's bytes into a table, or record why it cannot be read."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        problems.add(
            None,
            None,
            None,
            Message("importing.not_text", byte=exc.start),
        )
        return None
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first))
    try:
        records = [(number, raw) for number, raw in enumerate(reader, start=1)]
    except csv.Error as exc:
        problems.add(
            reader.line_num,
            None,
            None,
            Message("importing.bad_csv", error=str(exc)),
        )
        return None
    if "\x00" in text:
        # No text holds NUL: this is binary data, or UTF-16 ("Unicode Text" in Excel). One
        # error for the file, not one per cell; PostgreSQL would refuse it anyway.
        number = next((n for n, raw in records if any("\x00" in cell for cell in raw)), None)
        problems.add(
            number,
            None,
            None,
            Message("importing.nul_bytes"),
        )
        return None
    return build_table(name, label, records, problems)


def build_table(
    name: str, label: str, records: list[tuple[int, list[str]]], problems: Problems
) -> Table | None:
    """Turn numbered raw records into a table: header first, empty rows skipped, cells trimmed."""
    table = Table(name=name, label=label)
    header_seen = False
    for number, raw in records:
        cells = tuple(cell.strip() for cell in raw)
        if not any(cells):
            continue
        if not header_seen:
            header = list(cells)
            while header and not header[-1]:
                header.pop()
            table.header, table.header_row, header_seen = header, number, True
            continue
        width = len(table.header)
        for position, extra in enumerate(cells[width:], start=width + 1):
            if extra:
                problems.add(
                    number,
                    None,
                    extra,
                    Message("importing.unnamed_value", position=position),
                )
        table.rows.append(Row(number, cells[:width] + ("",) * (width - len(cells))))
    if not header_seen:
        problems.add(
            None,
            None,
            None,
            Message("importing.empty_file"),
        )
        return None
    return table


def cell_text(value: object) -> str:
    """Return a workbook cell's value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _read_workbook(path: Path, max_bytes: int, max_unpacked: int, result: ReadResult) -> None:
    problems = Problems(path.name, result.errors)
    if _too_big(path.name, path.stat().st_size, max_bytes, result):
        return
    refusal = workbook_guard.check_workbook(path, max_unpacked=max_unpacked, max_text=max_bytes)
    if refusal is None and not workbook_guard.parser_hardened():
        refusal = workbook_guard.Refusal(Message("importing.parser_unsafe"))
    if refusal is not None:
        problems.add(None, None, None, refusal.message)
        return
    import openpyxl  # only workbook imports pay for it

    try:
        # data_only=False: a formula stays its text ("=A1+1"); it is never evaluated.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        problems.add(
            None,
            None,
            None,
            _unreadable(exc, "importing.workbook_unreadable"),
        )
        return
    # A CSV file within the byte limit holds at most max_bytes / 2 cells (a character and
    # a delimiter each) and max_bytes characters; a workbook may not hold more, however
    # well its XML compresses or however often its cells name one shared string.
    budget = workbook_guard.CellBudget.for_limit(max_bytes)
    try:
        for sheet in workbook.worksheets:
            _read_sheet(path.name, sheet, result, budget)
    finally:
        workbook.close()


def _unreadable(exc: BaseException, key: str) -> Message:
    """Return the message for what openpyxl could not read: an entity refusal says so."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        return Message(key, kind=type(exc).__name__, error=str(exc))
    # openpyxl wraps defusedxml's refusal in its own ValueError: name the real reason.
    return Message("importing.xml_entities", error=str(cause))


def _read_sheet(book: str, sheet, result: ReadResult, budget: workbook_guard.CellBudget) -> None:
    label = f"{book}:{sheet.title}"
    problems = Problems(label, result.errors)
    if sheet.title not in ALL_FILES:
        problems.add(
            None,
            None,
            sheet.title,
            Message("importing.unknown_sheet", known=", ".join(ALL_FILES)),
        )
        return
    result.broken.add(sheet.title)
    records: list[tuple[int, list[str]]] = []
    try:
        sheet.reset_dimensions()  # a stale <dimension> would otherwise hide rows
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            # The texts are the values themselves (a shared string is one object for all
            # its cells), measured before anything copies them.
            texts = [cell_text(value) for value in values]
            over = budget.take(number, texts)
            if over is not None:
                column, refusal = over
                problems.add(number, column, None, refusal.message)
                return
            records.append((number, texts))
    except Exception as exc:  # damaged sheet XML
        problems.add(
            None,
            None,
            None,
            _unreadable(exc, "importing.sheet_unreadable"),
        )
        return
    table = build_table(sheet.title, label, records, problems)
    if table is not None:
        result.broken.discard(sheet.title)
        result.tables[sheet.title] = table
