"""Tests of importing into SQLite and PostgreSQL: what is written, and writing only changes."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from test_import_fixtures import (
    BASE,
    csv_text,
    data_version,
    dump,
    with_rows,
    write_folder,
    write_workbook,
)

from data_access.importing import ImportFailed, import_path
from data_access.models import (
    Assignment,
    Criterion,
    Edition,
    Innovation,
    Juror,
    Score,
    Stage,
    Unit,
)
from data_access.settings import PROJECT_ROOT

SCORE_HEADER = BASE["scores"][0]
KUDUS_UNITS = PROJECT_ROOT / "data_access" / "data" / "kudus_units_2022.csv"


def test_full_import_writes_every_file(engine, tmp_path):
    before = data_version(engine)
    report = import_path(engine, write_folder(tmp_path / "in"))
    assert report.edition_code == "kudus-2022"
    assert report.counts["scores.csv"] == {
        "inserted": 5,
        "updated": 0,
        "unchanged": 0,
        "ignored": 0,
    }
    assert report.counts["units.csv"]["inserted"] == 4
    assert report.counts["default stages"]["inserted"] == 2
    assert report.counts["default criteria"]["inserted"] == 8  # proposal: none in criteria.csv
    assert data_version(engine) > before
    with Session(engine) as session:
        edition = session.scalars(select(Edition)).one()
        assert (edition.name, edition.timezone, edition.finalist_count) == (
            "KIPP Kabupaten Kudus 2022",
            "Asia/Jakarta",
            6,
        )
        assert edition.weight_proposal == Decimal(40) and edition.proposal_end == date(2022, 11, 22)
        assert [(s.code, s.name, s.position) for s in edition.stages] == [
            ("proposal", "Penilaian Proposal", 0),
            ("presentation", "Presentasi dan Wawancara", 1),
        ]
        weights = {
            (c.stage.code, c.code): c.weight_centi for c in session.scalars(select(Criterion))
        }
        assert weights[("presentation", "substansi")] == 6000
        assert weights[("proposal", "signifikansi")] == 3000 and len(weights) == 10
        units = {u.code: u for u in session.scalars(select(Unit))}
        assert units["BAG_ORG"].parent_id == units["SETDA"].id and units["SETDA"].required
        assert units["PKM_JATI"].parent.code == "DKK" and units["DKK"].parent_id is None
        innovations = {i.code: i for i in session.scalars(select(Innovation))}
        assert innovations["INV01"].submitted_at == datetime(2022, 10, 20, 2, 15, tzinfo=UTC)
        assert innovations["INV02"].submitted_at == datetime(2022, 11, 13, 16, 59, tzinfo=UTC)
        assert innovations["INV03"].submitted_at is None
        # Text is data, stored exactly: quotes, formulas and markup untouched.
        assert innovations["INV01"].innovator == "Mas’ud"
        assert innovations["INV02"].innovator == "Mas'ud"
        assert innovations["INV02"].title == '=HYPERLINK("http://x")'
        assert innovations["INV03"].title == "<b>Sehat</b> *Bersama*"
        assert innovations["INV03"].admin_status == "menunggu"
        groups = dict(session.execute(select(Juror.code, Juror.jury_group)).all())
        assert groups == {"J1": "Undip", "J2": "UMK", "J3": "Wartawan"}
        assert session.scalar(select(func.count()).where(Assignment.abstain)) == 1
        scores = sorted(session.execute(select(Score.score_centi, Score.scored_at)).all())
        assert scores[0] == (0, datetime(2022, 11, 24, 6, 0, tzinfo=UTC))
        assert [s for s, _ in scores] == [0, 7025, 8050, 9000, 10000]


def test_same_import_twice_changes_nothing(engine, tmp_path):
    folder = write_folder(tmp_path / "in")
    import_path(engine, folder)
    before, version = dump(engine), data_version(engine)
    report = import_path(engine, folder)
    assert dump(engine) == before
    assert data_version(engine) == version  # no write statement was executed at all
    assert set(report.counts) == {f"{name}.csv" for name in BASE}
    for counts in report.counts.values():
        assert counts["inserted"] == counts["updated"] == counts["ignored"] == 0
    assert report.counts["scores.csv"]["unchanged"] == 5
    # The first import is in the audit record; the second, which changed nothing, is not.
    (first,) = dump(engine)["audit_events"]
    assert first[2] == "import" and first[3] == "import.applied"
    assert '"scores.csv": {"inserted": 5, "updated": 0}' in first[-1]


def test_workbook_import_equals_folder_import(engine, tmp_path):
    report = import_path(engine, write_workbook(tmp_path / "kudus.xlsx"))
    assert report.counts["scores.csv"]["inserted"] == 5
    before, version = dump(engine), data_version(engine)
    again = import_path(engine, write_folder(tmp_path / "in"))
    assert dump(engine) == before and data_version(engine) == version
    assert all(c["inserted"] == c["updated"] == 0 for c in again.counts.values())


def _typed(text: str) -> object:
    """Return the value Excel would hold for a cell typed as text."""
    for parse in (int, float, lambda t: float(t.replace(",", "."))):
        try:
            return parse(text)
        except ValueError:
            pass
    for layout in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout)  # noqa: DTZ007 - import times are local
        except ValueError:
            pass
    return text


def test_workbook_with_typed_cells_equals_folder_import(engine, tmp_path):
    import_path(engine, write_folder(tmp_path / "in"))
    before, version = dump(engine), data_version(engine)
    typed = {
        name: [rows[0]] + [[_typed(v) for v in row] for row in rows[1:]]
        for name, rows in BASE.items()
    }
    assert typed["scores"][2][4] == 80.5 and isinstance(typed["edition"][4][1], datetime)
    report = import_path(engine, write_workbook(tmp_path / "typed.xlsx", typed))
    assert report.counts["scores.csv"]["unchanged"] == 5
    assert dump(engine) == before and data_version(engine) == version


def test_excel_csv_encodings_and_semicolons(engine, tmp_path):
    folder = write_folder(tmp_path / "in", jurors=None, units=None)
    (folder / "jurors.csv").write_bytes(
        b"code;name;group\r\nJ1;Mas\x92ud;Undip\r\nJ2;Mas'ud;UMK\r\nJ3;Rina;Wartawan\r\n"
    )
    units = csv_text(BASE["units"], delimiter=";")
    (folder / "units.csv").write_bytes(b"\xef\xbb\xbf" + units.encode())
    import_path(engine, folder)
    with Session(engine) as session:
        names = dict(session.execute(select(Juror.code, Juror.name)).all())
        assert names == {"J1": "Mas’ud", "J2": "Mas'ud", "J3": "Rina"}
        assert session.scalar(select(func.count()).select_from(Unit)) == 4


def _stored_scores(engine) -> dict[str, tuple[int, datetime]]:
    with Session(engine) as session:
        rows = session.execute(
            select(Criterion.code, Score.score_centi, Score.scored_at)
            .join(Criterion, Criterion.id == Score.criterion_id)
            .join(Innovation, Innovation.id == Score.innovation_id)
            .where(Innovation.code == "INV01")
        )
        return {code: (centi, at) for code, centi, at in rows}


def test_later_scores_replace_and_earlier_are_ignored(engine, tmp_path):
    import_path(engine, write_folder(tmp_path / "first"))
    rows = [
        SCORE_HEADER,
        ["J1", "INV01", "proposal", "ringkasan", "95", "2022-11-18 08:00"],  # later: replaces
        ["J1", "INV01", "proposal", "latar_belakang", "60", "2022-11-16 08:00"],  # earlier
        ["J1", "INV01", "proposal", "kebaruan", "70.25", "2022-11-17 10:06+07:00"],  # same
        ["J1", "INV01", "proposal", "signifikansi", "55", "2022-11-18 09:00"],  # new cell
    ]
    report = import_path(engine, write_folder(tmp_path / "second", {"scores": rows}))
    assert report.counts == {
        "scores.csv": {"inserted": 1, "updated": 1, "unchanged": 1, "ignored": 1}
    }
    stored = _stored_scores(engine)
    assert stored["ringkasan"] == (9500, datetime(2022, 11, 18, 1, 0, tzinfo=UTC))
    assert stored["latar_belakang"][0] == 8050
    assert stored["signifikansi"][0] == 5500


def test_same_time_other_value_in_database_is_ignored(engine, tmp_path):
    import_path(engine, write_folder(tmp_path / "first"))
    rows = [SCORE_HEADER, ["J1", "INV01", "proposal", "ringkasan", "10", "2022-11-17 10:05"]]
    report = import_path(engine, write_folder(tmp_path / "second", {"scores": rows}))
    assert report.counts["scores.csv"]["ignored"] == 1
    assert _stored_scores(engine)["ringkasan"][0] == 9000


@pytest.mark.parametrize("later_first", [True, False])
def test_latest_row_of_one_import_wins(engine, tmp_path, later_first):
    early = ["J1", "INV01", "proposal", "sumber_daya", "40", "2022-11-17 09:00"]
    late = ["J1", "INV01", "proposal", "sumber_daya", "45,5", "2022-11-17 11:00"]
    same = ["J1", "INV01", "proposal", "sumber_daya", "45.50", "2022-11-17 11:00"]
    ordered = [late, same, early] if later_first else [early, late, same]
    folder = write_folder(tmp_path / "in", scores=with_rows("scores", *ordered))
    report = import_path(engine, folder)
    assert report.counts["scores.csv"] == {
        "inserted": 6,
        "updated": 0,
        "unchanged": 0,
        "ignored": 2,
    }
    assert _stored_scores(engine)["sumber_daya"][0] == 4550


def test_updates_only_what_changed(engine, tmp_path):
    import_path(engine, write_folder(tmp_path / "first"))
    version = data_version(engine)
    jurors = [["code", "name", "group"], ["J3", "Rina", "Undip"], ["J4", "Dedi", "UMK"]]
    edition = [["key", "value"], ["code", "kudus-2022"], ["finalist_count", "3"]]
    report = import_path(
        engine, write_folder(tmp_path / "x", {"jurors": jurors, "edition": edition})
    )
    assert report.counts["jurors.csv"] == {
        "inserted": 1,
        "updated": 1,
        "unchanged": 0,
        "ignored": 0,
    }
    assert report.counts["edition.csv"]["updated"] == 1
    assert data_version(engine) > version
    with Session(engine) as session:
        edition_row = session.scalars(select(Edition)).one()
        assert edition_row.finalist_count == 3 and edition_row.name == "KIPP Kabupaten Kudus 2022"
        assert session.scalar(select(Juror.jury_group).where(Juror.code == "J3")) == "Undip"


def test_updates_clear_and_change_every_kind_of_value(engine, tmp_path):
    import_path(engine, write_folder(tmp_path / "first"))
    edition = [
        ["key", "value"],
        ["code", "kudus-2022"],
        ["proposal_start", ""],
        ["weight_proposal", "45,5"],
        ["timezone", "Asia/Makassar"],
        ["normalization", "1"],
    ]
    units = [
        *BASE["units"][:1],
        ["BAG_ORG", "Bagian Organisasi Setda", "Bag. Organisasi", "bagian", "", "1"],
    ]
    innovations = [
        BASE["innovations"][0],
        ["INV03", "Sehat Bersama", "DKK", "Siti", "kesehatan", "2022-11-01 08:00", "lolos"],
    ]
    files = {"edition": edition, "units": units, "innovations": innovations}
    report = import_path(engine, write_folder(tmp_path / "second", files))
    assert report.counts["units.csv"]["updated"] == report.counts["innovations.csv"]["updated"] == 1
    with Session(engine) as session:
        row = session.scalars(select(Edition)).one()
        assert (row.proposal_start, row.proposal_end) == (None, date(2022, 11, 22))
        assert (row.weight_proposal, row.timezone, row.normalization) == (
            Decimal("45.50"),
            "Asia/Makassar",
            True,
        )
        unit = session.scalars(select(Unit).where(Unit.code == "BAG_ORG")).one()
        assert (unit.parent_id, unit.required, unit.name) == (None, True, "Bagian Organisasi Setda")
        innovation = session.scalars(select(Innovation).where(Innovation.code == "INV03")).one()
        # Local times now read in the edition's new zone (WITA, UTC+8).
        assert innovation.submitted_at == datetime(2022, 11, 1, 0, 0, tzinfo=UTC)
        assert (innovation.unit.code, innovation.admin_status) == ("DKK", "lolos")


def test_later_import_finds_the_only_edition_or_the_named_one(engine, tmp_path):
    import_path(engine, write_folder(tmp_path / "first"))
    jurors = [["code", "name", "group"], ["J5", "Eko", "UMK"]]
    report = import_path(engine, write_folder(tmp_path / "a", {"jurors": jurors}))
    assert report.edition_code == "kudus-2022"
    other = [["key", "value"], ["code", "kudus-2023"], ["name", "KIPP Kudus 2023"]]
    import_path(engine, write_folder(tmp_path / "b", {"edition": other, "jurors": jurors}))
    with pytest.raises(ImportFailed, match="holds 2 editions"):
        import_path(engine, write_folder(tmp_path / "c", {"jurors": jurors}))
    named = import_path(engine, tmp_path / "c", edition_code="kudus-2023")
    assert named.counts["jurors.csv"]["unchanged"] == 1
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Stage)) == 4
        assert session.scalar(select(func.count()).select_from(Criterion)) == 10 + 10


def test_regency_unit_list_imports_cleanly(engine, tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    shutil.copyfile(KUDUS_UNITS, folder / "units.csv")
    report = import_path(engine, folder)
    lines = KUDUS_UNITS.read_text(encoding="utf-8").splitlines()
    assert report.edition_code is None  # units are shared by every edition
    assert report.counts == {
        "units.csv": {"inserted": len(lines) - 1, "updated": 0, "unchanged": 0, "ignored": 0}
    }
    with Session(engine) as session:
        units = {u.code: u for u in session.scalars(select(Unit))}
        assert units["PKM_JATI"].parent.code == "DKK" and units["BAG_HUKUM"].parent.code == "SETDA"
        assert units["KESBANGPOL"].confidence == "low" and units["SETDA"].required
    version = data_version(engine)
    assert import_path(engine, folder).counts["units.csv"]["unchanged"] == len(lines) - 1
    assert data_version(engine) == version
    # Without the optional confidence column, stored confidences are left alone.
    plain = [line.rsplit(",", 1)[0] for line in lines]
    (folder / "units.csv").write_text("\n".join(plain), encoding="utf-8")
    assert import_path(engine, folder).counts["units.csv"]["unchanged"] == len(lines) - 1


def test_large_score_file_with_progress(engine, tmp_path, capsys):
    jurors = [["code", "name", "group"]] + [[f"J{j}", f"Juri {j}", "Undip"] for j in range(20)]
    innovations = [BASE["innovations"][0]] + [
        [f"I{i}", f"Inovasi {i}", "DKK", "", "", "", "lolos"] for i in range(80)
    ]
    criteria = [code for code in ("ringkasan", "latar_belakang", "kebaruan", "implementasi")]
    scores = [SCORE_HEADER] + [
        [f"J{j}", f"I{i}", "proposal", code, str((i * j) % 101), "2022-11-17 10:00"]
        for j in range(20)
        for i in range(80)
        for code in criteria
    ]
    files = {"jurors": jurors, "innovations": innovations, "scores": scores}
    folder = write_folder(tmp_path / "in", assignments=None, **files)
    report = import_path(engine, folder, progress=True)
    assert report.counts["scores.csv"]["inserted"] == 6400
    assert "scores.csv" in capsys.readouterr().err
    version = data_version(engine)
    assert import_path(engine, folder).counts["scores.csv"]["unchanged"] == 6400
    assert data_version(engine) == version


INNOVATION_TEXTS = ["summary", "proposal_url", "continues"]
TEXTS_OF_INV01 = [
    "Ringkasan untuk juri.",
    "https://proposal.contoh.invalid/INV01.pdf",
    "kudus-2021:A7",
]


def innovations_with_texts(inv01: list[str]) -> list[list[str]]:
    """Return BASE's innovations with the optional text columns, filled for INV01 only."""
    rows = [[*BASE["innovations"][0], *INNOVATION_TEXTS]]
    rows += [
        [*row, *(inv01 if row[0] == "INV01" else ["", "", ""])] for row in BASE["innovations"][1:]
    ]
    return rows


def criteria_with_descriptions(first: str) -> list[list[str]]:
    """Return BASE's criteria with a description column, given for the first criterion."""
    header, *rows = BASE["criteria"]
    return [[*header, "description"], [*rows[0], first], *([*row, ""] for row in rows[1:])]


def texts(engine) -> tuple[dict[str, tuple], dict[str, str | None]]:
    """Return the innovations' optional texts and the presentation criteria's descriptions."""
    with Session(engine) as session:
        innovations = {
            row.code: (row.summary, row.proposal_url, row.continues)
            for row in session.scalars(select(Innovation))
        }
        criteria = {
            row.code: row.description
            for row in session.scalars(select(Criterion).join(Stage))
            if row.stage.code == "presentation"
        }
    return innovations, criteria


def test_optional_texts_are_stored_kept_when_absent_and_cleared_when_empty(engine, tmp_path):
    full = {
        "innovations": innovations_with_texts(TEXTS_OF_INV01),
        "criteria": criteria_with_descriptions("Isi dan dampak inovasi."),
    }
    report = import_path(engine, write_folder(tmp_path / "full", **full))
    assert report.counts["innovations.csv"]["inserted"] == 3
    innovations, criteria = texts(engine)
    assert innovations["INV01"] == tuple(TEXTS_OF_INV01)
    assert innovations["INV02"] == (None, None, None)  # an empty cell is "not given"
    assert criteria == {"substansi": "Isi dan dampak inovasi.", "penyajian": None}
    # The same files again change nothing.
    version = data_version(engine)
    again = import_path(engine, write_folder(tmp_path / "again", **full))
    assert again.counts["innovations.csv"]["unchanged"] == 3
    assert again.counts["criteria.csv"]["unchanged"] == 2
    assert data_version(engine) == version
    # Without the optional columns the stored texts are left as they are.
    plain = import_path(engine, write_folder(tmp_path / "plain"))
    assert plain.counts["innovations.csv"]["unchanged"] == 3
    assert plain.counts["criteria.csv"]["unchanged"] == 2
    assert texts(engine) == (innovations, criteria)
    # With the columns present but empty, they are cleared.
    empty = {
        "innovations": innovations_with_texts(["", "", ""]),
        "criteria": criteria_with_descriptions(""),
    }
    cleared = import_path(engine, write_folder(tmp_path / "empty", **empty))
    assert cleared.counts["innovations.csv"]["updated"] == 1
    assert cleared.counts["criteria.csv"]["updated"] == 1
    innovations, criteria = texts(engine)
    assert innovations["INV01"] == (None, None, None)
    assert criteria["substansi"] is None


def test_a_status_set_on_the_status_page_is_kept_and_reported(engine, tmp_path):
    """innovations.csv never undoes a decision recorded with its reason on /administrasi:
    the file's value is reported, the decision stays; statuses nobody set in the app follow
    the file as before."""
    from data_access import admin_status
    from data_access.db import transaction

    import_path(engine, write_folder(tmp_path / "first"))
    with transaction(engine) as session:
        admin_status.set_status(
            session, "kudus-2022", "INV01", "tidak_lolos", "Berkas tidak lengkap", by="panitia"
        )
    changed = [list(row) for row in BASE["innovations"]]
    changed[3][-1] = "lolos"  # INV03: menunggu -> lolos, never set in the app
    report = import_path(engine, write_folder(tmp_path / "second", {"innovations": changed}))
    assert [(k.code, k.kept, k.given) for k in report.kept_statuses] == [
        ("INV01", "tidak_lolos", "lolos")
    ]
    with Session(engine) as session:
        statuses = dict(session.execute(select(Innovation.code, Innovation.admin_status)).all())
    assert statuses == {"INV01": "tidak_lolos", "INV02": "lolos", "INV03": "lolos"}
    # The same file once more: the kept status is reported again, nothing else moves.
    again = import_path(engine, write_folder(tmp_path / "third", {"innovations": changed}))
    assert [k.code for k in again.kept_statuses] == ["INV01"]
    assert again.counts["innovations.csv"]["updated"] == 0
