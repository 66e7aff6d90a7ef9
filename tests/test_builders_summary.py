"""Tests of the bupati's summary builders (dashboard/builders/summary*.py): literal data in,
the words a reader sees out, no server."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dashboard.builders import summary as build
from dashboard.builders import summary_results as winners
from dashboard.builders.schedule import Schedule, phase_states
from data_access.ceremony import Snapshot
from data_access.overview import EditionFigures, finalists_by_kind
from data_access.participation import OpdParticipation, Participation, SubmissionRow, UnitRow
from data_access.progress import StageProgress
from tests.web import texts

EMBARGO = "Pemenang diumumkan setelah hasil disetujui panitia"
JUARA = ("Juara I", "Juara II", "Juara III", "First Place", "Second Place", "Third Place")


# ---------------------------------------------------------------- helpers
def row(code: str, title: str, award: int | None, *, tie: bool = False, score="84.50") -> dict:
    """Return one ranking row of a snapshot's payload."""
    return {
        "innovation_id": int(code[-2:]),
        "code": code,
        "title": title,
        "unit_code": "U",
        "unit_name": f"Unit {code}",
        "innovator": f"Inovator {code}",
        "proposal_score": "80.00",
        "presentation_score": "86.00",
        "final_score": score,
        "finalist": award is not None,
        "tier": 1,
        "rank": award or 9,
        "tie": tie,
        "award": award,
    }


def snapshot(rows: list[dict]) -> Snapshot:
    """Return an approved snapshot of these rows (approved 28 Dec 2022, 10.05 WIB)."""
    approved = datetime(2022, 12, 28, 3, 5, tzinfo=UTC)
    return Snapshot("k-2022", approved, "panitia", 7, "ab" * 32, {"ranking": rows})


def opd(code: str, submitted: int, *, kind: str = "dinas", finalists: int = 0):
    """Return one required OPD's participation."""
    return OpdParticipation(
        unit_id=hash(code) % 1000, code=code, name=f"Dinas {code}", short_name=code, kind=kind,
        submitted=submitted, passed=submitted, finalists=finalists, first_submitted_at=None,
        late=0, from_sub_units=0,
    )  # fmt: skip


# ---------------------------------------------------------------- cards
def test_export_href_names_the_format_and_edition():
    assert build.export_href("pdf", "kudus 2022") == "/ekspor/pdf?edition=kudus+2022"
    assert build.export_href("csv", "k", table="ranking") == "/ekspor/csv?edition=k&table=ranking"


def test_toolbar_links_every_format_of_the_edition():
    links = build.toolbar("k-2022", lang="id").children[2:]
    assert [a.href for a in links] == [
        f"/ekspor/{f}?edition=k-2022" for f in ("xlsx", "csv", "pdf")
    ]
    assert texts(build.toolbar("k", lang="id")) == "Cetak Unduh XLSX CSV (ZIP) PDF Berita Acara"
    # The English page names the minutes as its other texts do ("PDF minutes").
    assert texts(build.toolbar("k", lang="en")) == "Print Download XLSX CSV (ZIP) PDF minutes"
    later = build.toolbar("k", downloads=False, lang="id")
    assert texts(later).startswith("Cetak Berkas hasil (XLSX, CSV, PDF Berita Acara) tersedia")
    assert "/ekspor/" not in json.dumps(later.to_plotly_json(), default=str)


@pytest.mark.parametrize(
    ("kind", "lang", "expected"),
    [("puskesmas", "id", "Puskesmas"), ("uptd", "id", "UPTD"), ("dinas", "id", "Dinas"),
     ("kecamatan", "en", "Districts (kecamatan)"), ("", "id", "Lainnya"), ("rumah", "id", "Rumah")],
)  # fmt: skip
def test_kind_label(kind, lang, expected):
    assert build.kind_label(kind, lang=lang) == expected


def test_finalists_by_kind_counts_the_submitting_unit():
    units = [
        UnitRow(1, "DKK", "Dinas Kesehatan", "DKK", "dinas", None, True),
        UnitRow(2, "PKM", "Puskesmas Jati", "PKM", "Puskesmas ", 1, False),
        UnitRow(3, "KEC", "Kecamatan Kota", "KEC", "kecamatan", None, True),
    ]
    subs = [SubmissionRow(i, unit, "lolos", None) for i, unit in [(1, 1), (2, 2), (3, 2), (4, 3)]]
    assert finalists_by_kind(units, subs, frozenset({1, 2, 3})) == {
        "dinas": 1,
        "puskesmas": 2,
    }
    assert finalists_by_kind(units, subs, frozenset()) == {}


def test_participation_and_missing_cards():
    rows = [opd("B", 1), opd("C", 0), opd("A", 0)]
    data = Participation(rows, required=3, participating=1, rate=Decimal("0.3333"), unattributed=0)
    assert texts(build.participation_card(data, lang="id")) == (
        "Partisipasi OPD 33,3% 1 dari 3 OPD wajib sudah mengumpulkan"
    )
    missing = texts(build.missing_card(data, lang="id"))
    assert missing == "OPD wajib yang belum mengumpulkan 2 OPD Dinas A Dinas C"
    done = Participation([opd("B", 1)], 1, 1, Decimal(1), 0)
    assert "Semua OPD wajib sudah mengumpulkan." in texts(build.missing_card(done, lang="id"))
    empty = Participation([], 0, 0, None, 0)
    assert "–" in texts(build.participation_card(empty, lang="en"))


def test_counts_and_judging_cards():
    counts = texts(build.counts_card(submitted=1234, passed=25, finalists=6, lang="id"))
    assert counts == "Inovasi Diajukan 1.234 Lolos administrasi 25 Finalis 6"
    stages = [
        StageProgress("proposal", 8, 5, 1, 2, 0, 0, Decimal("0.625")),
        StageProgress("presentation", 0, 0, 0, 0, 0, 0, None),
    ]
    assert texts(build.judging_card(stages, lang="id")) == (
        "Progres Penilaian Penilaian Proposal 62,5% 5 dari 8 lembar penilaian selesai "
        "Presentasi dan Wawancara – belum ada lembar penilaian"
    )


SCHEDULE = Schedule(
    submission_start=date(2022, 10, 13),
    submission_end=date(2022, 11, 13),
    proposal_start=date(2022, 11, 17),
    proposal_end=date(2022, 11, 22),
    presentation_start=date(2022, 11, 24),
    presentation_end=date(2022, 11, 24),
)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2022, 11, 18, 3, tzinfo=UTC),
         "Tahap berjalan Penilaian Proposal 17 November 2022 – 22 November 2022 "
         "Tahap berikutnya Presentasi dan Wawancara 24 November 2022"),
        (datetime(2022, 11, 23, 3, tzinfo=UTC),
         "Tahap berjalan Tidak ada tahap yang sedang berlangsung "
         "Tahap berikutnya Presentasi dan Wawancara 24 November 2022"),
        (datetime(2023, 1, 5, tzinfo=UTC),
         "Tahap berjalan Semua tahap sudah selesai "
         "Tahap terakhir Presentasi dan Wawancara 24 November 2022"),
    ],
)  # fmt: skip
def test_schedule_card_says_the_current_and_next_phase(moment, expected):
    card = build.schedule_card(phase_states(SCHEDULE, moment), lang="id")
    assert texts(card) == f"Jadwal {expected}"


def test_results_before_approval_hold_no_winner():
    text = texts(winners.results_card(None, lang="id"))
    assert EMBARGO in text
    assert not any(label in text for label in JUARA)
    assert "Winners" not in texts(winners.results_card(None, lang="en"))


def test_results_after_approval_show_the_podium_with_scores():
    snap = snapshot([row("K-01", "Klinik Tani", 1, score="88.25"), row("K-02", "Jemput Bola", 2),
                     row("K-03", "Pojok Gizi", 3), row("K-04", "Lain", None)])  # fmt: skip
    text = texts(winners.results_card(snap, lang="id"))
    assert text.startswith("Hasil Penilaian Juara Inovasi Perangkat Daerah Nilai Akhir Juara I")
    assert "Juara I Klinik Tani Inovator: Inovator K-01 Unit K-01 88,25" in text
    assert "Juara III Pojok Gizi" in text and "Lain" not in text and "Seri" not in text
    assert "Disetujui panitia Rabu, 28 Desember 2022 pukul 10.05 WIB oleh panitia" in text
    assert "ab" * 32 in text
    forwarded = texts(winners.forwarded_card(snap, lang="en"))
    assert "Forwarded to KIPP Central Java" in forwarded
    assert "Klinik Tani · Unit K-01 First Place" in forwarded


def test_results_show_a_seri_and_the_place_it_took():
    snap = snapshot([row("K-01", "Klinik Tani", 1), row("K-02", "Jemput Bola", 2, tie=True),
                     row("K-05", "Sapa Warga", 2, tie=True)])  # fmt: skip
    text = texts(winners.results_card(snap, lang="id"))
    assert "Juara II Seri Jemput Bola" in text and "Sapa Warga" in text
    assert "Juara III Tidak ada: tempat ini terisi oleh seri di atasnya" in text
    assert "Seri: nilai akhir sama persis" in text
    assert texts(winners.forwarded_card(snap, lang="id")).count("Juara II") == 2


def test_history_table_puts_kinds_in_columns():
    editions = [
        EditionFigures("k-2021", "KIPP 2021", Decimal("0.5"), 30, 6, {"puskesmas": 4}),
        EditionFigures(
            "k-2022", "KIPP 2022", Decimal("0.618"), 32, 6, {"dinas": 3, "puskesmas": 3}, True
        ),
    ]
    assert build.kind_order(editions) == ["puskesmas", "dinas"]
    text = texts(build.history_table(editions, lang="id"))
    assert text == (
        "Dibandingkan dengan Edisi Sebelumnya Edisi Partisipasi OPD Inovasi Finalis "
        "Finalis menurut jenis unit pengusul Puskesmas Dinas "
        "KIPP 2021 50% 30 6 4 0 KIPP 2022 edisi ini 61,8% 32 6 3 3"
    )


def test_the_certificates_link_comes_with_the_approval():
    """The winners' certificates are drawn from the approved results: linked only then."""
    before = json.dumps(build.toolbar("kudus-2022", lang="id").to_plotly_json(), default=str)
    after = json.dumps(
        build.toolbar("kudus-2022", certificates=True, lang="id").to_plotly_json(), default=str
    )
    assert "/ekspor/piagam?edition=kudus-2022" not in before
    assert "/ekspor/piagam?edition=kudus-2022" in after and "Piagam juara" in after
    # With them, the winners' and every participating unit's certificates in one file.
    assert "/ekspor/piagam?edition=kudus-2022&peserta=1" in after
    assert "Piagam juara dan peserta" in after and "peserta=1" not in before
