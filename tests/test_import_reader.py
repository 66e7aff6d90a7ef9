"""Tests of data_access/importing/reader.py: encodings, delimiters, rows, limits, workbooks."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
from test_import_fixtures import BASE, write_folder, write_workbook

from data_access.importing import reader
from data_access.importing.reader import cell_text, decode_text, detect_delimiter, read_import

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"name\nMas\x92ud", "name\nMas’ud"),  # Windows-1252 right single quote
        ("name\nMas’ud".encode(), "name\nMas’ud"),
        (b"\xef\xbb\xbfname\nMas'ud", "name\nMas'ud"),  # UTF-8 with a BOM
        (b"name\nCaf\xe9", "name\nCafé"),
    ],
)
def test_decode_text(data, text):
    assert decode_text(data) == text


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [("code,name,group", ","), ("code;name;group", ";"), ("code", ","), ("a;b,c;d", ";")],
)
def test_detect_delimiter(line, delimiter):
    assert detect_delimiter(line) == delimiter


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "1"),
        (False, "0"),
        (70, "70"),
        (70.0, "70"),
        (70.5, "70.5"),
        (70.55, "70.55"),
        (datetime(2022, 11, 17, 10, 5), "2022-11-17 10:05:00"),  # noqa: DTZ001 - Excel has no zones
        (date(2022, 11, 17), "2022-11-17"),
        (time(10, 5), "10:05:00"),
        ("=SUM(A1:A2)", "=SUM(A1:A2)"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_cp1252_bom_and_semicolon(tmp_path):
    (tmp_path / "jurors.csv").write_bytes(b"code;name;group\r\nJ1;Mas\x92ud;Undip\r\n")
    (tmp_path / "units.csv").write_bytes(
        "\ufeffcode;name;short_name;kind;parent_code;required\nU1;Dinas “A”; ;dinas;;1\n".encode()
    )
    result = read_import(tmp_path, max_bytes=MB)
    assert result.errors == []
    assert result.tables["jurors"].rows[0].cells == ("J1", "Mas’ud", "Undip")
    assert result.tables["units"].header[0] == "code"
    assert result.tables["units"].rows[0].cells == ("U1", "Dinas “A”", "", "dinas", "", "1")


def test_trims_skips_empty_rows_and_keeps_numbering(tmp_path):
    text = ' code , name ,group\n\n  J1 ,"  Mas\'ud  ",  Undip\n,,\n"J2","Ani\nSiti",UMK\nJ3,R,W\n'
    (tmp_path / "jurors.csv").write_text(text, encoding="utf-8")
    table = read_import(tmp_path, max_bytes=MB).tables["jurors"]
    assert table.header == ["code", "name", "group"]
    # Rows as a spreadsheet numbers them: a quoted line break stays inside one row.
    assert [(row.number, row.cells) for row in table.rows] == [
        (3, ("J1", "Mas'ud", "Undip")),
        (5, ("J2", "Ani\nSiti", "UMK")),
        (6, ("J3", "R", "W")),
    ]


def test_short_rows_are_padded_and_extra_values_reported(tmp_path):
    (tmp_path / "jurors.csv").write_text("code,name,group,,\nJ1,A\nJ2,B,C,,oops\n")
    result = read_import(tmp_path, max_bytes=MB)
    assert result.tables["jurors"].rows[0].cells == ("J1", "A", "")
    [error] = result.errors
    assert (error.file, error.row, error.value) == ("jurors.csv", 3, "oops")


def test_file_over_the_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed a file over the limit")

    monkeypatch.setattr(reader, "parse_csv_bytes", must_not_parse)
    (tmp_path / "scores.csv").write_bytes(b"x" * 2000)
    result = read_import(tmp_path, max_bytes=1000)
    [error] = result.errors
    assert error.file == "scores.csv"
    assert "2000" in error.message_en and "1000" in error.message_en
    assert "scores" in result.broken and "scores" not in result.tables


def test_workbook_over_the_limit_is_refused_before_opening(tmp_path, monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", None)  # would fail if called
    path = write_workbook(tmp_path / "kudus.xlsx")
    [error] = read_import(path, max_bytes=100).errors
    assert error.file == "kudus.xlsx" and "100" in error.message_en


def test_zip_bomb_is_refused_before_openpyxl(tmp_path, monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", None)  # would fail if called
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * MB))
    assert path.stat().st_size < MB
    [error] = read_import(path, max_bytes=MB).errors
    assert error.file == "bomb.xlsx"
    assert "refused" in error.message_en and "ditolak" in error.message_id


def test_damaged_workbook_is_an_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK not really a zip")
    [error] = read_import(path, max_bytes=MB).errors
    assert error.file == "broken.xlsx" and "xlsx" in error.message_en


def test_workbook_keeps_formulas_as_text_and_names_sheets(tmp_path):
    path = tmp_path / "kudus.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "jurors"
    sheet.append(["code", "name", "group"])
    sheet.append(["J1", "=1+1", "Undip"])
    sheet.append([])
    sheet.append(["J2", 70.5, True])
    workbook.create_sheet("Sheet2")
    workbook.save(path)
    result = read_import(path, max_bytes=MB)
    table = result.tables["jurors"]
    assert table.label == "kudus.xlsx:jurors"
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, ("J1", "=1+1", "Undip")),
        (4, ("J2", "70.5", "1")),
    ]
    [error] = result.errors
    assert (error.file, error.value) == ("kudus.xlsx:Sheet2", "Sheet2")


def test_workbook_reads_like_the_folder(tmp_path):
    folder = read_import(write_folder(tmp_path / "csv"), max_bytes=MB)
    book = read_import(write_workbook(tmp_path / "kudus.xlsx"), max_bytes=MB)
    assert folder.errors == book.errors == []
    for name in BASE:
        assert folder.tables[name].rows == book.tables[name].rows
        assert folder.tables[name].header == book.tables[name].header


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"score.csv": b"a\n"}, "Unknown file name"),
        ({"Scores.csv": b"a\n"}, "Unknown file name"),
        ({"notes.txt": b"x", "kudus.xlsx.bak": b"x"}, "No known import file"),
        ({}, "No known import file"),
        ({"jurors.csv": b""}, "empty"),
        ({"jurors.csv": b"\n \n,,\n"}, "empty"),
        ({"jurors.csv": b"code\n\x81\x8d\x90"}, "neither UTF-8 nor Windows-1252"),
    ],
)
def test_folder_level_errors(tmp_path, files, message):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    errors = read_import(tmp_path, max_bytes=MB).errors
    assert len(errors) == 1 and message in errors[0].message_en
    assert errors[0].message_id and errors[0].message_id != errors[0].message_en


def test_missing_path_and_wrong_kind(tmp_path):
    assert "does not exist" in read_import(tmp_path / "nope", max_bytes=MB).errors[0].message_en
    (tmp_path / "data.ods").write_bytes(b"x")
    [error] = read_import(tmp_path / "data.ods", max_bytes=MB).errors
    assert "folder of CSV files" in error.message_en


def test_single_csv_file_is_an_import(tmp_path):
    path = tmp_path / "jurors.csv"
    path.write_text("code,name,group\nJ1,A,B\n")
    result = read_import(path, max_bytes=MB)
    assert result.errors == [] and list(result.tables) == ["jurors"]
