"""The catalogue as open data: one record per innovation, as JSON and CSV, and their schema.

A record holds the public fields of a `CatalogueEntry` and nothing else, in FIELDS' order
(the CSV's columns, the JSON object's keys). Absent values are null in JSON, never an
empty string, so the CSV (where an empty cell is null) reads back to the same record:

- an empty cell is null; `year` and `award` are whole numbers written in digits;
- `award_tie` and `finalist` are written `true` or `false` (empty: null);
- a text cell that starts with an apostrophe had one added (remove it): a cell that a
  spreadsheet could read as a formula (starting with = + - @, a tab or a carriage
  return) is written with a leading apostrophe, and so is one already starting with an
  apostrophe, so the rule reads back every text exactly;
- the file is UTF-8 with a byte-order mark (Excel then reads Indonesian names right;
  Python reads it with encoding="utf-8-sig"), lines end in CRLF (RFC 4180).

`continues` names the same innovation in an earlier edition ("EDITION:CODE") only when
that edition is published too: a link into an unpublished edition is never shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from data_access.catalogue.record import Catalogue, CatalogueEntry
from data_access.exports.csv import BOM
from data_access.exports.model import FORMULA_STARTS
from data_access.i18n import t

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_PATH = "/katalog/skema.json"
CSV_PATH = "/katalog.csv"
JSON_PATH = "/katalog.json"
# The record's fields in their one order, with their JSON Schema types. Strings that may
# be absent are null then (never ""); the others are never empty.
FIELDS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("edition_code", {"type": "string", "minLength": 1}),
    ("edition_name", {"type": "string", "minLength": 1}),
    ("year", {"type": "integer", "minimum": 1900, "maximum": 2999}),
    ("code", {"type": "string", "minLength": 1}),
    ("title", {"type": "string", "minLength": 1}),
    ("unit_code", {"type": ["string", "null"], "minLength": 1}),
    ("unit_name", {"type": ["string", "null"], "minLength": 1}),
    ("opd_code", {"type": ["string", "null"], "minLength": 1}),
    ("opd_name", {"type": ["string", "null"], "minLength": 1}),
    ("category", {"type": ["string", "null"], "minLength": 1}),
    ("summary", {"type": ["string", "null"], "minLength": 1}),
    ("innovator", {"type": ["string", "null"], "minLength": 1}),
    ("award", {"type": ["integer", "null"], "enum": [1, 2, 3, None]}),
    ("award_tie", {"type": ["boolean", "null"]}),
    ("finalist", {"type": ["boolean", "null"]}),
    ("page_url", {"type": "string", "format": "uri"}),
    ("photo_url", {"type": ["string", "null"], "format": "uri"}),
    ("document_url", {"type": ["string", "null"], "format": "uri"}),
    ("continues", {"type": ["string", "null"], "pattern": "^[^:]+:.+$"}),
)
COLUMNS = tuple(name for name, _type in FIELDS)
INTEGERS = frozenset({"year", "award"})
BOOLEANS = frozenset({"award_tie", "finalist"})
TRUE, FALSE = "true", "false"
APOSTROPHE = "'"


def _part(text: str) -> str:
    return quote(text, safe="")


def page_path(edition_code: str, code: str) -> str:
    """Return an innovation's page in the catalogue: /katalog/<edition>/<innovation>."""
    return f"/katalog/{_part(edition_code)}/{_part(code)}"


def unit_path(unit_code: str) -> str:
    """Return a unit's page in the catalogue: /katalog/opd/<unit code>."""
    return f"/katalog/opd/{_part(unit_code)}"


def photo_path(edition_code: str, code: str) -> str:
    """Return an innovation's public photo: /katalog/foto/<edition>/<innovation>.jpg."""
    return f"/katalog/foto/{_part(edition_code)}/{_part(code)}.jpg"


def document_path(edition_code: str, code: str) -> str:
    """Return an innovation's public proposal: /katalog/dokumen/<edition>/<innovation>.pdf."""
    return f"/katalog/dokumen/{_part(edition_code)}/{_part(code)}.pdf"


def record(catalogue: Catalogue, entry: CatalogueEntry, base: str) -> dict[str, Any]:
    """Return one innovation's record (FIELDS' order); base is the site's public address."""
    edition = catalogue.edition(entry.edition_code)
    awards_public = edition is not None and edition.awards_public
    finalists_shown = awards_public and edition is not None and edition.show_finalists
    # The loaded entry already holds no award before the reveal reached "all"; null rather
    # than False then says "not public yet", not "no award".
    award = entry.award if awards_public else None
    continues = entry.continues if entry.continues in catalogue.by_key else None
    values: dict[str, Any] = {
        "edition_code": entry.edition_code,
        "edition_name": entry.edition_name,
        "year": entry.year,
        "code": entry.code,
        "title": entry.title,
        "unit_code": entry.unit_code or None,
        "unit_name": entry.unit_name or None,
        "opd_code": entry.opd_code or None,
        "opd_name": entry.opd_name or None,
        "category": entry.category or None,
        "summary": entry.summary or None,
        "innovator": entry.innovator or None,
        "award": award,
        "award_tie": entry.award_tie if award is not None else None,
        "finalist": entry.finalist if finalists_shown else None,
        "page_url": base + page_path(entry.edition_code, entry.code),
        "photo_url": base + photo_path(entry.edition_code, entry.code) if entry.has_photo else None,
        "document_url": (
            base + document_path(entry.edition_code, entry.code) if entry.has_document else None
        ),
        "continues": continues,
    }
    return {name: values[name] for name in COLUMNS}


def document(catalogue: Catalogue, entries: Iterable[CatalogueEntry], base: str) -> dict[str, Any]:
    """Return the JSON document: its schema's address, the version, the count, the records."""
    records = [record(catalogue, entry, base) for entry in entries]
    return {
        "schema": base + SCHEMA_PATH,
        "generated_version": catalogue.version,
        "count": len(records),
        "innovations": records,
    }


def csv_text(value: str) -> str:
    """Return a text cell as written: an apostrophe before a formula's start or an apostrophe."""
    return APOSTROPHE + value if value.startswith((*FORMULA_STARTS, APOSTROPHE)) else value


def csv_cell(name: str, value: Any) -> str:
    """Return one record value as its CSV cell (see the module's note)."""
    if value is None:
        return ""
    if name in BOOLEANS:
        return TRUE if value else FALSE
    if name in INTEGERS:
        return str(int(value))
    return csv_text(str(value))


def csv_bytes(records: Iterable[Mapping[str, Any]]) -> bytes:
    """Return the CSV file: a byte-order mark, the header (COLUMNS), one line per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for values in records:
        writer.writerow([csv_cell(name, values[name]) for name in COLUMNS])
    return (BOM + buffer.getvalue()).encode("utf-8")


def read_csv_row(row: Mapping[str, str]) -> dict[str, Any]:
    """Return the record a CSV line (read with csv.DictReader) stands for: the mapping's inverse."""
    values: dict[str, Any] = {}
    for name in COLUMNS:
        cell = row[name]
        if cell == "":
            values[name] = None
        elif name in BOOLEANS:
            values[name] = {TRUE: True, FALSE: False}[cell]
        elif name in INTEGERS:
            values[name] = int(cell)
        else:
            values[name] = cell.removeprefix(APOSTROPHE)
    return values


def schema(base: str, lang: str) -> dict[str, Any]:
    """Return the JSON Schema (2020-12) of the JSON document, a record under $defs."""
    properties = {
        name: {**kind, "description": t(f"catalogue_data.field.{name}", lang)}
        for name, kind in FIELDS
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": base + SCHEMA_PATH,
        "title": t("catalogue_data.schema.title", lang),
        "description": t(
            "catalogue_data.schema.description", lang, json=base + JSON_PATH, csv=base + CSV_PATH
        ),
        "type": "object",
        "required": ["schema", "generated_version", "count", "innovations"],
        "additionalProperties": False,
        "properties": {
            "schema": {
                "type": "string",
                "format": "uri",
                "description": t("catalogue_data.doc.schema", lang),
            },
            "generated_version": {
                "type": "string",
                "minLength": 1,
                "description": t("catalogue_data.doc.version", lang),
            },
            "count": {
                "type": "integer",
                "minimum": 0,
                "description": t("catalogue_data.doc.count", lang),
            },
            "innovations": {
                "type": "array",
                "items": {"$ref": "#/$defs/innovation"},
                "description": t("catalogue_data.doc.innovations", lang),
            },
        },
        "$defs": {
            "innovation": {
                "type": "object",
                "title": t("catalogue_data.record.title", lang),
                "description": t("catalogue_data.record.description", lang),
                "required": list(COLUMNS),
                "additionalProperties": False,
                "properties": properties,
            }
        },
        # The CSV's columns, in order: the record's fields (the mapping: the description).
        "x-csv-columns": list(COLUMNS),
    }
