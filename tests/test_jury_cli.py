"""The committee's jury commands in process: reopen, history (text/CSV/XLSX), conflicts, extend."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from data_access.db import make_engine, transaction
from data_access.exports import export_bytes
from data_access.jury import conflicts, sheets, windows
from data_access.jury.history import SheetKey
from data_access.models import Assignment, WindowExtension
from tests.cli_run import cli, ok, refused
from tests.seed import add_edition, add_innovation, add_juror, add_unit, stage_of

NOW = datetime(2022, 11, 18, 3, 0, tzinfo=UTC)  # 10.00 WIB, inside the proposal window
VALUES = {
    "ringkasan": "50",
    "latar_belakang": "80",
    "kebaruan": "70.5",
    "implementasi": "90",
    "signifikansi": "60.25",
    "adaptabilitas": "85",
    "sumber_daya": "75",
    "keberlanjutan": "65",
}


@pytest.fixture
def seeded(sqlite_url):
    """Seed jurors J1, J2 and innovation I01: J1 submitted a sheet, J2 declared a conflict."""
    engine = make_engine(sqlite_url)
    with transaction(engine) as s:
        edition = add_edition(s)
        innovation = add_innovation(s, edition, "I01", add_unit(s, "U1"))
        stage = stage_of(s, edition, "proposal").id
        j1, j2 = (add_juror(s, edition, code) for code in ("J1", "J2"))
        key = SheetKey(stage, j1.id, innovation.id)
        for juror in (j1, j2):
            s.add(Assignment(stage_id=stage, juror_id=juror.id, innovation_id=innovation.id))
        conflicts.declare_no_conflict(s, key, "juri1")
        values = {c: Decimal(v) for c, v in VALUES.items()}
        sheets.save_draft(s, key, values, expected_revision=0, actor="juri1", now=NOW)
        sheets.submit(s, key, expected_revision=1, actor="juri1", now=NOW)
        conflicts.declare_conflict(
            s, SheetKey(stage, j2.id, innovation.id), "Saudara; kepala\tunit", "juri2"
        )
    yield sqlite_url, engine, key
    engine.dispose()


def test_reopen_then_history_in_every_format(seeded, tmp_path):
    url, engine, key = seeded
    sheet = ("--stage", "proposal", "--juror", "J1", "--innovation", "I01")
    assert "Alasan" in refused(cli(url, "jury", "reopen", *sheet, "--reason", " "))
    out = ok(cli(url, "jury", "reopen", *sheet, "--reason", "Salah ketik"))
    assert "dibuka kembali" in out.lower()
    with transaction(engine) as s:
        opened = sheets.load_sheet(s, key)
    assert (opened.state, opened.reopened_by, opened.reopen_reason) == (
        "draft",
        "panitia-cli",
        "Salah ketik",
    )
    rows = list(csv.reader(io.StringIO(ok(cli(url, "jury", "history", *sheet, "--format", "csv")))))
    assert rows[0] == [
        "Waktu (WIB)",
        "Tahap",
        "Juri",
        "Inovasi",
        "Aspek",
        "Lama",
        "Baru",
        "Oleh",
        "Dari",
        "Peristiwa",
        "Alasan",
    ]
    assert rows[1][:10] == [
        "2022-11-18T10:00+07:00",
        "proposal",
        "J1",
        "I01",
        "ringkasan",
        "",
        "50.00",
        "juri1",
        "web",
        "nilai diisi",  # the first score of the aspect: entered, not changed
    ]
    assert [r[9] for r in rows[9:]] == ["dikirim", "dibuka kembali"]
    assert (rows[-1][7], rows[-1][8], rows[-1][10]) == ("panitia-cli", "cli", "Salah ketik")
    assert "ringkasan" in ok(cli(url, "jury", "history", "--juror", "J1"))
    assert "--out" in refused(cli(url, "jury", "history", "--format", "xlsx"))
    target = tmp_path / "riwayat.xlsx"
    ok(cli(url, "jury", "history", "--format", "xlsx", "--out", str(target)))
    book = load_workbook(target)
    cells = [list(r) for r in book["Riwayat"].iter_rows(values_only=True)]
    assert cells[0][0] == "Waktu (WIB)" and len(cells) == 11
    assert cells[1][0] == datetime(2022, 11, 18, 10, 0, tzinfo=None)  # noqa: DTZ001 wall-clock WIB, a real date cell
    assert (cells[3][4], cells[3][6]) == ("kebaruan", 70.5)  # a number, not text
    assert tuple(cells[-1][7:]) == ("panitia-cli", "cli", "dibuka kembali", "Salah ketik")


def test_conflicts_are_listed_and_confirmed(seeded):
    url, engine, _key = seeded
    listed = ok(cli(url, "jury", "conflicts"))
    assert "J2" in listed and "declared" in listed and "J1" not in listed
    assert "J1" in ok(cli(url, "jury", "conflicts", "--all"))
    assert "J1" in refused(
        cli(url, "jury", "confirm-conflict", "--juror", "J1", "--innovation", "I01")
    )
    assert "X9" in refused(
        cli(url, "jury", "confirm-conflict", "--juror", "X9", "--innovation", "I01")
    )
    ok(
        cli(
            url, "jury", "confirm-conflict", "--juror", "J2", "--innovation", "I01", "--by", "ketua"
        )
    )
    with transaction(engine) as s:
        abstain = sorted(s.execute(select(Assignment.abstain)).scalars())
    # J2's proposal assignment abstains; the presentation stage lists no assignments, and
    # gets none (a row would make it list them): the confirmation is the abstention there.
    assert abstain == [False, True]
    assert "ketua" in ok(cli(url, "jury", "conflicts"))


def test_extend_a_stage_or_a_juror(seeded):
    url, engine, key = seeded
    assert "2020-01-01" in refused(
        cli(url, "jury", "extend", "--stage", "proposal", "--until", "2020-01-01")
    )
    assert "YYYY" in refused(cli(url, "jury", "extend", "--stage", "proposal", "--until", "besok"))
    ok(cli(url, "jury", "extend", "--stage", "proposal", "--until", "2099-12-31", "--juror", "J1"))
    out = ok(cli(url, "jury", "extend", "--stage", "presentation", "--until", "2099-12-31"))
    assert "semua juri" in out
    with transaction(engine) as s:
        rows = s.execute(
            select(WindowExtension.juror_id, WindowExtension.until, WindowExtension.created_by)
        ).all()
        assert windows.window_open(s, key)  # today, thanks to J1's extension
    assert rows == [
        (key.juror_id, date(2099, 12, 31), "panitia-cli"),
        (None, date(2099, 12, 31), "panitia-cli"),
    ]


def test_jury_help_reads_in_both_languages(sqlite_url):
    out = ok(cli(sqlite_url, "jury", "--help"))
    for command in ("reopen", "history", "conflicts", "confirm-conflict", "extend"):
        assert command in out
    assert " / " in out


def test_the_berita_acara_lists_the_declared_conflicts(seeded):
    _url, engine, _key = seeded
    with transaction(engine) as s:
        data = export_bytes(s, "t-2022", "pdf", juror_scores=False).data
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "V. Pernyataan Konflik Kepentingan" in text
    assert "Saudara; kepala unit" in text and "belum diputuskan" in text
