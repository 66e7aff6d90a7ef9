"""A deterministic demo edition, KIPP Kudus 2022, with real unit names and invented people.

The demo is written as import files and loaded through the importer, so it takes
the same path as real data. Every person named here is invented.

Its schedule stays 2022's, so load_demo gives every test the same data. The `demo`
command then keeps its scoring open (open_demo_scoring): the committee's recorded
extension, by "demo", for every juror, until DEMO_OPEN_DAYS after the day it runs, so a
juror trying the demo can score today.

`demo --live` (what `make run` loads) moves the same edition in time instead: every date
and every time it stores is shifted so that today is LIVE_DAY of 2022, inside the proposal
judging, and what 2022 scored after this moment is not written yet, so the dashboard's
countdowns, pace and projected end and the TV's countdown show on a fresh machine.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from data_access import queries
from data_access.db import transaction
from data_access.defaults import DEFAULT_CRITERIA
from data_access.formatting import to_local
from data_access.importing import import_path
from data_access.jury import lookup, windows
from data_access.models import Edition, WindowExtension, utcnow
from data_access.reports import load_edition_data, ranking

DEMO_CODE = "demo-kudus-2022"
DEMO_NAME = "KIPP Kabupaten Kudus 2022 (Demo)"
UNITS_CSV = Path(__file__).resolve().parent / "data" / "kudus_units_2022.csv"
SEED = 2022
# The demo's scoring is kept open this many days from the day the `demo` command runs, and
# opened again by a later run once fewer than DEMO_REOPEN_DAYS are left.
DEMO_OPEN_DAYS = 30
DEMO_REOPEN_DAYS = 7
DEMO_BY = "demo"
# The day of 2022 a live demo puts today on: the fourth of the six proposal judging days.
LIVE_DAY = date(2022, 11, 20)

EDITION = {
    "code": DEMO_CODE,
    "name": DEMO_NAME,
    "timezone": "Asia/Jakarta",
    "submission_start": "2022-10-13",
    "submission_end": "2022-11-13",
    "admin_check_start": "2022-11-14",
    "admin_check_end": "2022-11-16",
    "proposal_start": "2022-11-17",
    "proposal_end": "2022-11-22",
    "presentation_start": "2022-11-24",
    "presentation_end": "2022-11-24",
    "report_date": "2022-11-28",
    "ceremony_date": "2022-12-29",
    "weight_proposal": "40",
    "weight_presentation": "60",
    "finalist_count": "6",
}

# Invented jurors: academics of Undip and UMK, and journalists.
JURORS = [
    ("J01", "Dr. Larasati Widyaningrum, M.Si.", "Undip"),
    ("J02", "Prof. Dr. Gunawan Adisaputra, M.P.A.", "Undip"),
    ("J03", "Dr. Citra Paramitha Utami, M.Kom.", "Undip"),
    ("J04", "Dr. Bayu Anggoro Wicaksono, M.M.", "UMK"),
    ("J05", "Dr. Maya Kusumawardhani, M.Pd.", "UMK"),
    ("J06", "Rizal Fahmi Darmawan", "Wartawan"),
    ("J07", "Anindya Puspa Sarasvati", "Wartawan"),
]

# (unit code, invented innovation title, category): 32 innovations from 20 perangkat daerah
# (a sub-unit counts for its parent OPD), as in 2022.
INNOVATIONS = [
    ("DISDUKCAPIL", "Si Cepat Akta: Akta Kelahiran Terbit di Rumah Sakit", "Administrasi"),
    ("DISDUKCAPIL", "Jemput Bola KTP-el untuk Warga Lansia dan Difabel", "Pelayanan publik"),
    ("DPMPTSP", "Izin Kilat: Perizinan UMKM Satu Hari Jadi", "Ekonomi"),
    ("DKK", "Ambulans Desa Siaga Terpadu", "Kesehatan"),
    ("PKM_WERGU_WETAN", "Posyandu Remaja Digital Wergu Wetan", "Kesehatan"),
    ("PKM_KALIWUNGU", "Gerakan Ibu Hamil Sehat (GEMILANG)", "Kesehatan"),
    ("PKM_NGEMBAL_KULON", "Kartu Kontrol Hipertensi Berbasis WhatsApp", "Kesehatan"),
    ("PKM_MEJOBO", "Pojok Gizi Balita Mejobo", "Kesehatan"),
    ("LABKESDA", "Hasil Lab Dikirim Lewat Pesan Singkat", "Kesehatan"),
    ("RSUD_LOEKMONO", "Antrean Poliklinik Daring Tanpa Kertas", "Kesehatan"),
    ("DISDIKPORA", "Sekolah Ramah Anak Berkebutuhan Khusus", "Pendidikan"),
    ("DISDIKPORA", "Rapor Digital Terpadu Sekolah Dasar", "Pendidikan"),
    ("DINSOS_P3AP2KB", "Layanan Pengaduan Kekerasan Anak 24 Jam", "Sosial"),
    ("DINSOS_P3AP2KB", "Data Terpadu Bansos Satu Pintu", "Sosial"),
    ("DISNAKERPERINKOP_UKM", "Bursa Kerja Daring Kudus", "Ekonomi"),
    ("DPKPLH", "Bank Sampah Keliling Berbasis Aplikasi", "Lingkungan"),
    ("DISPERTANPANGAN", "Klinik Tani Keliling", "Pertanian"),
    ("DISPERTANPANGAN", "Peta Digital Lahan Pangan Berkelanjutan", "Pertanian"),
    ("BPBD", "Peringatan Dini Banjir Berbasis Sensor Sungai", "Kebencanaan"),
    ("SATPOLPP", "Patroli Ketertiban Terjadwal dengan Laporan Warga", "Ketertiban"),
    ("BAPPEDA", "Musrenbang Daring Terbuka", "Tata kelola pemerintahan"),
    ("BAG_PBJ", "Katalog Lokal Pengadaan untuk UMKM Kudus", "Ekonomi"),
    ("BAG_ORGANISASI", "Survei Kepuasan Masyarakat Serentak Digital", "Tata kelola pemerintahan"),
    ("KEC_JATI", "Kecamatan Jati Melayani Sampai Malam", "Pelayanan publik"),
    ("PKM_DAWE", "Dawe Sehat: Senam dan Cek Kesehatan Warga", "Kesehatan"),
    ("KEC_KOTA", "Layanan Administrasi Kependudukan di Kelurahan", "Pelayanan publik"),
    ("KEC_GEBOG", "Gebog Tanggap Stunting", "Kesehatan"),
    ("KEC_UNDAAN", "Pasar Tani Undaan Daring", "Ekonomi"),
    ("INSPEKTORAT", "Klinik Konsultasi Pengelolaan Dana Desa", "Tata kelola pemerintahan"),
    ("DPMD", "Desa Wisata Berbasis Data", "Pariwisata"),
    ("PKM_UNDAAN", "Kelas Ibu Balita Keliling Undaan", "Kesehatan"),
    ("BKPSDM", "Layanan Kenaikan Pangkat Tanpa Tatap Muka", "Tata kelola pemerintahan"),
]

# Invented innovators, one per innovation in order: full names as Kudus would write them
# (common Javanese given and family names), made up, never a real person's or a public
# figure's name.
INNOVATORS = [
    "Sri Wahyuningsih",
    "Bambang Setiawan",
    "Dewi Kartikasari",
    "Agus Triyanto",
    "Endang Sulistyowati",
    "Heru Susilo",
    "Nur Hidayati",
    "Teguh Wibisono",
    "Rina Puspitasari",
    "Wahyu Hermawan",
    "Siti Maemunah",
    "Eko Budiyanto",
    "Yuni Astuti",
    "Dwi Cahyono",
    "Lilik Indrawati",
    "Hadi Purwanto",
    "Retno Anggraini",
    "Joko Santoso",
    "Ika Fitriyani",
    "Arif Kurniawan",
    "Titik Rahayu",
    "Muhammad Khoirul Anwar",
    "Setyo Budi Utomo",
    "Anik Mardiyah",
    "Bayu Prasetya",
    "Fitri Handayani",
    "Sugiyanto",
    "Novi Ariyanti",
    "Rudi Haryanto",
    "Umi Latifah",
    "Didik Suharyanto",
    "Lestari Widyastuti",
]

ASSIGNMENT_HEADER = ["juror_code", "innovation_code", "stage", "abstain"]
# One line per default criterion (SCORING.md), shown to jurors under the criterion's name.
CRITERION_DESCRIPTIONS = {
    "ringkasan": "Ringkasan menggambarkan inovasi secara jelas dan utuh.",
    "latar_belakang": "Masalah yang dijawab dan tujuan inovasi dirumuskan dengan jelas.",
    "kebaruan": "Cara, produk atau layanan yang baru dibanding yang sudah ada.",
    "implementasi": "Inovasi sudah diterapkan dan hasilnya dapat ditunjukkan.",
    "signifikansi": "Besarnya manfaat dan dampak bagi warga atau pelayanan publik.",
    "adaptabilitas": "Inovasi dapat ditiru dan diterapkan oleh unit atau daerah lain.",
    "sumber_daya": "Orang, anggaran dan sarana yang dipakai, dan ketepatan penggunaannya.",
    "keberlanjutan": "Langkah agar inovasi tetap berjalan: aturan, anggaran, kelembagaan.",
    "substansi": "Isi paparan dan jawaban atas pertanyaan juri.",
    "penyajian": "Kejelasan, ketepatan waktu dan kemenarikan paparan.",
}
# Placeholder links on a reserved domain (RFC 2606 .invalid): nothing real is linked.
PROPOSAL_BASE = "https://proposal.contoh.invalid"
NOT_PASSED = {3, 8, 13, 19, 22, 27, 30}  # seven of 32 fail the administrative check, as in 2022
LATE = {14, 29}  # submitted after the deadline
PROPOSAL_ABSTAIN = {("J04", "KIPP22-015"), ("J06", "KIPP22-024")}


@dataclass(frozen=True)
class DemoClock:
    """Where the demo sits in time: its 2022 dates moved by `shift`, and what is written.

    `now` is the edition's local wall clock at loading (naive, as the import files are);
    a score stamped after it has not happened yet and is left out. FIXED keeps 2022.
    """

    shift: timedelta = timedelta(0)
    now: datetime | None = None

    @classmethod
    def live(cls, now: datetime, timezone: str) -> DemoClock:
        """Return the clock that puts `now` (aware) on LIVE_DAY, in the edition's zone."""
        local = to_local(now, timezone).replace(tzinfo=None)
        return cls(local.date() - LIVE_DAY, local)

    def day(self, day: date) -> date:
        """Return a 2022 day moved by the shift."""
        return day + self.shift

    def happened(self, stamp: str) -> bool:
        """Return True unless the wall-clock stamp (an import file's) lies after `now`."""
        return self.now is None or datetime.fromisoformat(stamp) <= self.now


FIXED = DemoClock()


def _edition_rows(clock: DemoClock) -> list[list[str]]:
    """Return edition.csv's rows, every date moved by the clock, and its name the year's.

    A live demo is named after the year its submissions open in (what a real edition is
    named after), so that its name and its dates tell the same year on every screen.
    """
    rows = []
    year = clock.day(date.fromisoformat(str(EDITION["submission_start"]))).year
    for key, value in EDITION.items():
        if key.endswith(("_start", "_end", "_date")):
            value = clock.day(date.fromisoformat(value)).isoformat()
        elif key == "name":
            value = live_name(year)
        rows.append([key, value])
    return rows


def live_name(year: int) -> str:
    """Return the demo's name for the year its submissions open in (2022: DEMO_NAME)."""
    return DEMO_NAME.replace("2022", str(year))


def _write(folder: Path, name: str, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _stamp(day: date, rng: random.Random) -> str:
    # Naive on purpose: a wall-clock time for the import CSV, which the import reads in the
    # edition's zone, as it does a committee's workbook.
    moment = datetime(day.year, day.month, day.day, 8, 0) + timedelta(  # noqa: DTZ001
        minutes=rng.randrange(0, 9 * 60)
    )
    return moment.isoformat(timespec="seconds")


def _scores_for(rng: random.Random, quality: float, bias: float) -> list[int]:
    return [max(40, min(98, round(quality + bias + rng.gauss(0, 6)))) for _ in range(16)]


def _innovation_rows(
    rng: random.Random, clock: DemoClock
) -> tuple[list[list[str]], dict[str, float]]:
    rows: list[list[str]] = []
    quality: dict[str, float] = {}
    start = date(2022, 10, 13)
    for n, (unit, title, category) in enumerate(INNOVATIONS, start=1):
        code = f"KIPP22-{n:03d}"
        innovator = INNOVATORS[n - 1]
        day = date(2022, 11, 14) if n in LATE else start + timedelta(days=rng.randrange(0, 32))
        status = "tidak_lolos" if n in NOT_PASSED else "lolos"
        # Every innovation carries a summary (the catalogue shows it); some also a link to
        # their proposal, as an export may.
        summary = (
            f"Contoh ringkasan (fiktif) untuk demo: {title}. Inovasi ini menjelaskan "
            "masalah yang dijawab, cara kerjanya dan manfaatnya bagi warga."
        )
        url = f"{PROPOSAL_BASE}/{code}.pdf" if n % 3 == 1 else ""
        stamp = _stamp(clock.day(day), rng)
        rows.append([code, title, unit, innovator, category, stamp, status, summary, url])
        quality[code] = rng.uniform(62, 86)
    return rows, quality


def build_proposal_folder(folder: Path, clock: DemoClock = FIXED) -> dict[str, float]:
    """Write the demo's first import (units, edition, jurors, innovations, proposal scores)."""
    rng = random.Random(SEED)
    (folder / "units.csv").write_bytes(UNITS_CSV.read_bytes())
    _write(folder, "edition", ["key", "value"], _edition_rows(clock))
    _write(folder, "jurors", ["code", "name", "group"], [list(j) for j in JURORS])
    # The default criteria (SCORING.md) as a file, to carry their one-line descriptions.
    criteria_rows = [
        [stage, code, name, weight, CRITERION_DESCRIPTIONS[code]]
        for stage, rows in DEFAULT_CRITERIA.items()
        for code, name, weight in rows
    ]
    _write(folder, "criteria", ["stage", "code", "name", "weight", "description"], criteria_rows)
    innovations, quality = _innovation_rows(rng, clock)
    header = ["code", "title", "unit_code", "innovator", "category", "submitted_at"]
    header += ["admin_status", "summary", "proposal_url"]
    _write(folder, "innovations", header, innovations)
    eligible = [row[0] for row in innovations if row[6] == "lolos"]
    assignments, scores = [], []
    criteria = [code for code, _name, _w in DEFAULT_CRITERIA["proposal"]]
    for juror, _name, _group in JURORS:
        bias = rng.uniform(-4, 4)
        for code in eligible:
            abstain = (juror, code) in PROPOSAL_ABSTAIN
            assignments.append([juror, code, "proposal", int(abstain)])
            roll = rng.random()
            if abstain or roll < 0.08:
                continue  # not scored yet
            values = _scores_for(rng, quality[code], bias)
            scored = criteria if roll >= 0.13 else criteria[: rng.randrange(2, len(criteria))]
            day = clock.day(date(2022, 11, 17) + timedelta(days=rng.randrange(0, 6)))
            for criterion, value in zip(scored, values, strict=False):
                moment = _stamp(day, rng)
                if clock.happened(moment):
                    scores.append([juror, code, "proposal", criterion, value, moment])
    _write(folder, "assignments", ASSIGNMENT_HEADER, assignments)
    _write(
        folder,
        "scores",
        ["juror_code", "innovation_code", "stage", "criterion_code", "score", "scored_at"],
        scores,
    )
    return quality


def build_presentation_folder(
    folder: Path, finalists: list[str], quality: dict[str, float], clock: DemoClock = FIXED
) -> None:
    """Write the demo's second import: the six finalists' presentation, partly scored."""
    rng = random.Random(SEED + 1)
    assignments, scores = [], []
    criteria = [code for code, _name, _w in DEFAULT_CRITERIA["presentation"]]
    for juror, _name, _group in JURORS:
        bias = rng.uniform(-3, 3)
        for code in finalists:
            assignments.append([juror, code, "presentation", 0])
            roll = rng.random()
            if roll < 0.35:
                continue
            values = _scores_for(rng, quality[code] + 2, bias)
            # The last finalist presents last: only first impressions are in, so the
            # demo starts with the awards still open (simulate completes them).
            scored = criteria if roll >= 0.42 and code != finalists[-1] else criteria[:1]
            for criterion, value in zip(scored, values, strict=False):
                moment = _stamp(clock.day(date(2022, 11, 24)), rng)
                if clock.happened(moment):
                    scores.append([juror, code, "presentation", criterion, value, moment])
    _write(folder, "assignments", ASSIGNMENT_HEADER, assignments)
    _write(
        folder,
        "scores",
        ["juror_code", "innovation_code", "stage", "criterion_code", "score", "scored_at"],
        scores,
    )


def demo_exists(engine: Engine) -> bool:
    """Return True when the demo edition is already in the database."""
    with transaction(engine) as session:
        found = session.execute(select(Edition.id).where(Edition.code == DEMO_CODE)).first()
    return found is not None


def load_demo(engine: Engine, *, live_at: datetime | None = None) -> str:
    """Load the demo edition through the importer and return its code.

    With `live_at` (an aware moment: now), its schedule and times are moved so that this
    moment is LIVE_DAY, inside the proposal judging (DemoClock.live); without, 2022's.
    """
    clock = FIXED if live_at is None else DemoClock.live(live_at, str(EDITION["timezone"]))
    with tempfile.TemporaryDirectory(prefix="kipp-demo-") as tmp:
        first, second = Path(tmp) / "proposal", Path(tmp) / "presentation"
        first.mkdir()
        second.mkdir()
        quality = build_proposal_folder(first, clock)
        import_path(engine, first, by="demo")
        with transaction(engine) as session:
            session.execute(update(Edition).where(Edition.code == DEMO_CODE).values(is_demo=True))
            result = ranking(load_edition_data(session, DEMO_CODE))
        finalists = [r.code for r in result.rows if r.proposal_score is not None][:6]
        build_presentation_folder(second, finalists, quality, clock)
        import_path(engine, second, edition_code=DEMO_CODE, by="demo")
    return DEMO_CODE


def open_demo_scoring(engine: Engine, now: datetime | None = None) -> date | None:
    """Keep the demo's scoring open for every juror, DEMO_OPEN_DAYS from today (local).

    Each stage whose schedule has ended gets a recorded extension (by "demo") unless one
    already keeps it open for DEMO_REOPEN_DAYS more; return the day it is open until, None
    when nothing changed. A live demo's stages, not over yet, keep their own dates (and
    their countdowns) until its schedule has passed.
    """
    now = now or utcnow()
    with transaction(engine) as session:
        info = queries.get_edition(session, DEMO_CODE)
        today = to_local(now, info.timezone).date()
        until = today + timedelta(days=DEMO_OPEN_DAYS)
        added = False
        for stage in DEFAULT_CRITERIA:
            end = getattr(info, f"{stage}_end")
            if end is not None and end >= today:
                continue
            extended = session.scalar(
                select(func.max(WindowExtension.until)).where(
                    WindowExtension.stage_id == lookup.stage_id(session, info.id, stage),
                    WindowExtension.juror_id.is_(None),
                )
            )
            if extended is None or extended < today + timedelta(days=DEMO_REOPEN_DAYS):
                windows.extend_window(session, DEMO_CODE, stage, until, DEMO_BY, now=now)
                added = True
    return until if added else None
