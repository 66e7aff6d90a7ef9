"""Tests of refused imports: every error located by file, row, column and value; nothing written."""

from __future__ import annotations

import pytest
from test_import_fixtures import BASE, data_version, dump, with_rows, write_folder, write_workbook

from data_access.i18n import Message
from data_access.importing import ImportErrorItem, ImportFailed, import_path
from data_access.importing import apply as apply_module
from data_access.importing.values import (
    BadValue,
    parse_continues,
    parse_datetime,
    parse_score,
    parse_url,
)


def edit(name: str, row: int, column: str, value: str) -> list[list[str]]:
    """Return BASE's file with one cell, at a spreadsheet row and column name, changed."""
    rows = [list(cells) for cells in BASE[name]]
    rows[row - 1][rows[0].index(column)] = value
    return rows


def drop_column(name: str, column: str) -> list[list[str]]:
    """Return BASE's file without one column."""
    position = BASE[name][0].index(column)
    return [cells[:position] + cells[position + 1 :] for cells in BASE[name]]


def with_column(name: str, column: str, row: int, value: str) -> list[list[str]]:
    """Return BASE's file with an extra column, empty except at one spreadsheet row."""
    rows = [[*cells, ""] for cells in BASE[name]]
    rows[0][-1], rows[row - 1][-1] = column, value
    return rows


def extra(name: str, column: str, row: int, value: str, case_id: str):
    """Return a case: an optional column added to BASE's file, one bad cell in it."""
    changes = {name: with_column(name, column, row, value)}
    return pytest.param(changes, {(f"{name}.csv", row, column, value)}, id=case_id)


BAD_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
            "ftp://proposal.contoh.invalid/a.pdf", "proposal.contoh.invalid/a.pdf",
            "//proposal.contoh.invalid/a.pdf", "https://", "https:///a.pdf",
            "https://proposal.contoh.invalid/a b.pdf", 'https://x.invalid/"onmouseover=',
            "https://x.invalid/<script>", "https://x.invalid/" + "a" * 1990]  # fmt: skip
BAD_CONTINUES = ["kudus-2021", "kudus-2021:", ":INV01", "a:b:c", "kudus-2021 :INV01",
                 "kudus-2021: INV01", "X" * 65 + ":INV01"]  # fmt: skip


def cell(name: str, row: int, column: str, value: str, case_id: str):
    """Return a case: one cell of BASE changed, expecting exactly that cell's error."""
    changes = {name: edit(name, row, column, value)}
    return pytest.param(changes, {(f"{name}.csv", row, column, value)}, id=case_id)


def added(name: str, cells: list[str], column: str | None, value: str, case_id: str):
    """Return a case: a row appended to BASE's file, expecting one error on that row."""
    row = len(BASE[name]) + 1
    changes = {name: with_rows(name, cells)}
    return pytest.param(changes, {(f"{name}.csv", row, column, value)}, id=case_id)


BAD_SCORES = ["101", "-1", "abc", "70.555", "NaN", "nan", "1e2", "", "100.01", "70,555", "+5",
              "7 0", "0x10", "inf", "٣", "70.", ".5", "1.000,5", "=A1", "100,001"]  # fmt: skip
BAD_TIMES = ["17/11/2022 10:05", "2022-11-31 10:00", "2022-11-17", "kemarin", "2022-11-17 25:00",
             "2022-11-17 10:05 WIB", "=NOW()", ""]  # fmt: skip
AT = "2022-11-17 10:00"

CASES = [
    *(cell("scores", 2, "score", bad, f"score-{bad!r}") for bad in BAD_SCORES),
    *(cell("scores", 3, "scored_at", bad, f"scored_at-{bad!r}") for bad in BAD_TIMES),
    added("scores", ["J9", "INV01", "proposal", "ringkasan", "1", AT], "juror_code", "J9",
          "score-unknown-juror"),
    added("scores", ["J1", "INV99", "proposal", "ringkasan", "1", AT], "innovation_code", "INV99",
          "score-unknown-innovation"),
    added("scores", ["J1", "INV01", "proposal", "substansi", "1", AT], "criterion_code",
          "substansi", "score-criterion-of-other-stage"),
    added("scores", ["J1", "INV01", "final", "ringkasan", "1", AT], "stage", "final",
          "score-unknown-stage"),
    added("scores", ["J1", "INV01", "proposal", "ringkasan", "91", "2022-11-17 10:05"], "score",
          "91.00", "score-ambiguous-same-time"),
    pytest.param(
        {"scores": with_rows("scores", ["j1", "INV01", "proposal", "Ringkasan", "abc", "x"])},
        {("scores.csv", 7, "juror_code", "j1"), ("scores.csv", 7, "criterion_code", "Ringkasan"),
         ("scores.csv", 7, "score", "abc"), ("scores.csv", 7, "scored_at", "x")},
        id="score-row-with-four-errors",
    ),
    cell("criteria", 3, "weight", "-5", "weight-negative"),
    cell("criteria", 3, "weight", "abc", "weight-text"),
    cell("criteria", 3, "weight", "1,234", "weight-3-decimals"),
    cell("criteria", 2, "stage", "final", "criteria-stage"),
    pytest.param(
        {"criteria": [*BASE["criteria"][:1], ["presentation", "substansi", "S", "0"],
                      ["presentation", "penyajian", "P", "0"]]},
        {("criteria.csv", 3, "weight", "0")},
        id="criteria-weights-sum-zero",
    ),
    added("criteria", ["presentation", "substansi", "Lagi", "10"], "stage, code",
          "presentation, substansi", "criteria-duplicate"),
    cell("units", 2, "required", "2", "unit-required"),
    cell("units", 2, "name", "", "unit-name-empty"),
    cell("units", 2, "parent_code", "SETDAA", "unit-parent-unknown"),
    cell("units", 3, "parent_code", "SETDA", "unit-own-parent"),
    pytest.param(
        {"units": edit("units", 4, "parent_code", "PKM_JATI")},
        {("units.csv", 4, "parent_code", "PKM_JATI"), ("units.csv", 5, "parent_code", "DKK")},
        id="unit-cycle",
    ),
    added("units", ["X" * 65, "Unit", "", "", "", "0"], "code", "X" * 65, "unit-code-too-long"),
    added("units", ["DKK", "Dinas Kesehatan 2", "", "", "", "1"], "code", "DKK", "unit-duplicate"),
    cell("innovations", 2, "admin_status", "lulus", "innovation-status"),
    cell("innovations", 3, "unit_code", "DINKES", "innovation-unit-unknown"),
    cell("innovations", 2, "submitted_at", "20/10/2022", "innovation-time"),
    cell("innovations", 4, "title", "", "innovation-title-empty"),
    added("innovations", ["INV01", "Lagi", "DKK", "", "", "", "lolos"], "code", "INV01",
          "innovation-duplicate"),
    *(extra("innovations", "proposal_url", 3, bad, f"proposal_url-{bad[:30]!r}")
      for bad in BAD_URLS),
    *(extra("innovations", "continues", 2, bad, f"continues-{bad[:20]!r}")
      for bad in BAD_CONTINUES),
    extra("innovations", "summary", 4, "x" * 5001, "innovation-summary-too-long"),
    extra("criteria", "description", 2, "x" * 301, "criterion-description-too-long"),
    cell("jurors", 2, "group", "", "juror-group-empty"),
    added("jurors", ["J1", "Lagi", "UMK"], "code", "J1", "juror-duplicate"),
    cell("assignments", 2, "abstain", "ya", "assignment-abstain"),
    cell("assignments", 3, "juror_code", "J9", "assignment-juror"),
    cell("assignments", 4, "innovation_code", "X", "assignment-innovation"),
    cell("assignments", 2, "stage", "Proposal", "assignment-stage"),
    added("assignments", ["J1", "INV01", "proposal", "1"], "juror_code, innovation_code, stage",
          "J1, INV01, proposal", "assignment-duplicate"),
    added("edition", ["kode", "x"], "key", "kode", "edition-unknown-key"),
    added("edition", ["name", "x"], "key", "name", "edition-duplicate-key"),
    added("edition", ["normalization", "2"], "value", "2", "edition-normalization"),
    cell("edition", 2, "value", "", "edition-code-empty"),
    cell("edition", 4, "value", "Asia/Jakarte", "edition-timezone"),
    cell("edition", 5, "value", "2022-13-01", "edition-date"),
    cell("edition", 8, "value", "2022-11-01", "edition-end-before-start"),
    cell("edition", 12, "value", "-5", "edition-weight-negative"),
    cell("edition", 14, "value", "-1", "edition-finalists-negative"),
    cell("edition", 14, "value", "6.5", "edition-finalists-fraction"),
    pytest.param(
        {"edition": [*edit("edition", 12, "value", "0")[:12], ["weight_presentation", "0"]]},
        {("edition.csv", 13, "value", "0")},
        id="edition-weights-sum-zero",
    ),
    pytest.param(
        {"edition": [row for row in BASE["edition"] if row[0] != "code"]},
        {("edition.csv", None, "key", None)},
        id="edition-code-missing",
    ),
    pytest.param(
        {"jurors": [[*BASE["jurors"][0], "x"]] + [[*row, "a@b"] for row in BASE["jurors"][1:]]},
        {("jurors.csv", 1, "x", "x")},
        id="header-extra-column",
    ),
    pytest.param(
        {"scores": drop_column("scores", "scored_at")},
        {("scores.csv", 1, "scored_at", None)},
        id="header-missing-column",
    ),
    pytest.param(
        {"jurors": edit("jurors", 1, "code", "Code")},
        {("jurors.csv", 1, "Code", "Code"), ("jurors.csv", 1, "code", None)},
        id="header-upper-case",
    ),
    pytest.param(
        {"jurors": [[*row, row[1]] for row in BASE["jurors"]]},
        {("jurors.csv", 1, "name", "name")},
        id="header-duplicate-column",
    ),
    added("jurors", ["J4", "A", "B", "extra"], None, "extra", "value-beyond-header"),
    pytest.param(
        {"scores": edit("scores", 2, "score", "101"), "jurors": edit("jurors", 3, "group", ""),
         "units": edit("units", 5, "required", "ya")},
        {("scores.csv", 2, "score", "101"), ("jurors.csv", 3, "group", ""),
         ("units.csv", 5, "required", "ya")},
        id="errors-in-three-files",
    ),
]  # fmt: skip


# The validator's table on SQLite: it refuses before anything is written, whatever the back
# end. That a refused or failed import leaves PostgreSQL untouched is checked by the tests
# below, which run on both.
@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_malformed_import_is_refused_and_changes_nothing(
    sqlite_engine, tmp_path, changes, expected
):
    import_path(sqlite_engine, write_folder(tmp_path / "base"))
    before, version = dump(sqlite_engine), data_version(sqlite_engine)
    with pytest.raises(ImportFailed) as failed:
        import_path(sqlite_engine, write_folder(tmp_path / "bad", **changes))
    errors = failed.value.errors
    assert {(e.file, e.row, e.column, e.value) for e in errors} == expected
    assert len(errors) == len(expected)
    for error in errors:
        assert error.message_id and error.message_en and error.message_id != error.message_en
    assert dump(sqlite_engine) == before and data_version(sqlite_engine) == version


def test_many_bad_rows_are_all_reported(engine, tmp_path):
    rows = [BASE["scores"][0]] + [
        ["J1", "INV01", "proposal", "ringkasan", str(100 + i), "2022-11-17 10:00"]
        for i in range(1, 31)
    ]
    with pytest.raises(ImportFailed) as failed:
        import_path(engine, write_folder(tmp_path / "in", scores=rows))
    assert [e.row for e in failed.value.errors] == list(range(2, 32))
    assert "... dan 0 lainnya" not in str(failed.value)
    assert dump(engine)["editions"] == []


def test_workbook_errors_name_book_and_sheet(engine, tmp_path):
    files = {**BASE, "scores": edit("scores", 2, "score", "101")}
    with pytest.raises(ImportFailed) as failed:
        import_path(engine, write_workbook(tmp_path / "kudus.xlsx", files))
    [error] = failed.value.errors
    assert (error.file, error.row, error.column, error.value) == (
        "kudus.xlsx:scores",
        2,
        "score",
        "101",
    )


@pytest.mark.parametrize(
    ("changes", "argument", "expected"),
    [
        ({"edition": None}, None, ("edition.csv", None, None, None)),
        ({"edition": None}, "kudus-2030", ("edition.csv", None, None, "kudus-2030")),
        ({}, "kudus-2030", ("edition.csv", 2, "value", "kudus-2022")),
        (
            {"edition": [row for row in BASE["edition"] if row[0] != "name"]},
            None,
            ("edition.csv", None, "key", None),
        ),
        ({"score": BASE["scores"]}, None, ("score.csv", None, None, "score.csv")),
    ],
    ids=[
        "first-without-edition",
        "unknown-edition",
        "edition-mismatch",
        "new-without-name",
        "misspelt-file",
    ],
)
def test_edition_problems_on_a_fresh_database(engine, tmp_path, changes, argument, expected):
    version = data_version(engine)
    with pytest.raises(ImportFailed) as failed:
        import_path(engine, write_folder(tmp_path / "in", **changes), edition_code=argument)
    assert [(e.file, e.row, e.column, e.value) for e in failed.value.errors] == [expected]
    assert dump(engine)["editions"] == [] and data_version(engine) == version


def test_failure_while_writing_rolls_everything_back(engine, tmp_path, monkeypatch):
    import_path(engine, write_folder(tmp_path / "base"))
    before, version = dump(engine), data_version(engine)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply_module, "_apply_scores", fail)
    jurors = with_rows("jurors", ["J9", "Baru", "UMK"])
    with pytest.raises(RuntimeError, match="disk full"):
        import_path(engine, write_folder(tmp_path / "next", jurors=jurors))
    assert dump(engine) == before and data_version(engine) == version


def test_file_over_the_limit_is_refused(engine, tmp_path):
    with pytest.raises(ImportFailed) as failed:
        import_path(engine, write_folder(tmp_path / "in"), max_bytes=100)
    assert {e.file for e in failed.value.errors} >= {"scores.csv", "edition.csv"}
    assert all("100 bytes" in e.message_en for e in failed.value.errors)
    assert dump(engine)["editions"] == []


def test_error_item_reads_as_one_line():
    item = ImportErrorItem("scores.csv", 7, "score", "101", Message("importing.bad_flag"))
    assert str(item) == (
        "scores.csv baris/row 7, kolom/column score, nilai/value '101': "
        "Isi dengan 1 (ya) atau 0 (tidak). / Expected 1 (yes) or 0 (no)."
    )
    twice = ImportErrorItem("units.csv", None, None, None, Message("importing.column_twice"))
    assert str(twice) == (
        "units.csv: Nama kolom muncul lebih dari sekali. / The column name appears more than once."
    )


@pytest.mark.parametrize(
    ("text", "centi"),
    [("0", 0), ("100", 10000), ("70,5", 7050), ("70.55", 7055), ("070", 7000), ("99,99", 9999)],
)
def test_parse_score_accepts(text, centi):
    assert parse_score(text) == centi


@pytest.mark.parametrize("text", BAD_SCORES)
def test_parse_score_rejects(text):
    with pytest.raises(BadValue):
        parse_score(text)


def test_parse_datetime_uses_the_zone_only_without_offset():
    from zoneinfo import ZoneInfo

    jakarta = ZoneInfo("Asia/Jakarta")
    assert parse_datetime("2022-11-17 10:05", jakarta).isoformat() == "2022-11-17T03:05:00+00:00"
    assert parse_datetime("2022-11-17T10:05Z", jakarta).isoformat() == "2022-11-17T10:05:00+00:00"


@pytest.mark.parametrize(
    "text",
    ["https://proposal.contoh.invalid/inv01.pdf", "http://proposal.contoh.invalid",
     "HTTPS://Proposal.Contoh.invalid/a?b=1&c=%20#p2", "https://x.invalid/" + "a" * 1982],
)  # fmt: skip
def test_parse_url_keeps_an_http_link_as_written(text):
    assert parse_url(text, 2000) == text


@pytest.mark.parametrize("text", BAD_URLS)
def test_parse_url_refuses_other_links(text):
    with pytest.raises(BadValue) as bad:
        parse_url(text, 2000)
    assert bad.value.message.key in ("importing.bad_url", "importing.too_long")


@pytest.mark.parametrize(
    "text", ["kudus-2021:INV01", "kudus 2021:INV 01", "X" * 64 + ":" + "Y" * 64]
)
def test_parse_continues_keeps_the_reference_as_written(text):
    assert parse_continues(text) == text


@pytest.mark.parametrize("text", BAD_CONTINUES)
def test_parse_continues_refuses_other_forms(text):
    with pytest.raises(BadValue) as bad:
        parse_continues(text)
    assert bad.value.message.key == "importing.bad_continues"
