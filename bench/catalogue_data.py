"""The catalogue bench's data: five published editions of 1,000 innovations, one in judging.

Each edition is made by the national generator the other benches use (bench/national.py:
innovations, jurors, both stages' scores, finalists), then given its year, a code and a
name, Kudus's real units (data_access/data/kudus_units_2022.csv, with their parents) and
what the catalogue shows: titles and summaries from word lists, categories, invented
innovators, `continues` links to the previous edition, and photos (small JPEGs stored
through `ceremony.set_photo`, thumbnails included). Every published edition's results are
approved and its reveal walked to "all", so its awards are public; the newest edition is
left unpublished and in judging: the bench's writer changes its scores, as a jury would
while the public reads the catalogue.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bench.national import CODE as GENERATED
from bench.national import generate
from data_access import catalogue, ceremony
from data_access.ceremony import Snapshot
from data_access.db import transaction
from data_access.demo import UNITS_CSV
from data_access.migrate import upgrade
from data_access.models import Edition, Innovation, Unit

PUBLISHED_YEARS = (2019, 2020, 2021, 2022, 2023)
JUDGING_YEAR = 2024
PER_EDITION = 1_000
JUDGING_SIZE = 300
PHOTO_SHARE = 0.1  # innovations with a photo
CONTINUES_SHARE = 0.3  # innovations continuing one of the previous edition
BY = "bench-katalog"

PREFIXES = ("SI", "E-", "GO", "SMART", "KUDUS", "LAPOR", "CEPAT", "SAPA", "PRO", "GERAK")
SUBJECTS = (
    "Layanan Akta Kelahiran",
    "Posyandu Balita",
    "Pengaduan Masyarakat",
    "Perizinan Usaha Mikro",
    "Antrean Puskesmas",
    "Bank Sampah Desa",
    "Beasiswa Pelajar",
    "Pasar Rakyat",
    "Jamban Sehat",
    "Imunisasi Anak",
    "Kartu Identitas Anak",
    "Pajak Bumi dan Bangunan",
    "Air Bersih Pedesaan",
    "Pelatihan Kerja",
    "Perpustakaan Keliling",
    "Pemadam Kebakaran",
    "Ambulans Desa",
    "Stunting",
    "Rumah Tidak Layak Huni",
    "Koperasi Digital",
)
SUFFIXES = ("Daring", "Terpadu", "Keliling", "Berbasis Aplikasi", "Satu Pintu", "Mandiri", "")
CATEGORIES = (
    "Tata Kelola Pemerintahan",
    "Pelayanan Publik",
    "Kesehatan",
    "Pendidikan",
    "Ekonomi dan UMKM",
    "Lingkungan Hidup",
    "Sosial",
)
WORDS = (
    "warga",
    "masyarakat",
    "layanan",
    "cepat",
    "mudah",
    "murah",
    "desa",
    "kelurahan",
    "kecamatan",
    "aplikasi",
    "data",
    "petugas",
    "antrean",
    "dokumen",
    "daring",
    "terpadu",
    "anak",
    "ibu",
    "keluarga",
    "sekolah",
    "pasar",
    "usaha",
    "sampah",
    "air",
    "sehat",
    "gizi",
    "waktu",
    "biaya",
    "berkurang",
    "hari",
    "menit",
    "pengaduan",
    "tindak",
    "lanjut",
    "laporan",
    "transparan",
    "akuntabel",
    "inovasi",
    "kolaborasi",
    "relawan",
    "kader",
    "posyandu",
    "puskesmas",
)
FIRST = ("Siti", "Budi", "Dewi", "Agus", "Rina", "Eko", "Nur", "Hadi", "Lina", "Joko", "Tri")
LAST = ("Santoso", "Rahayu", "Wibowo", "Lestari", "Hidayat", "Kusuma", "Pratama", "Utami")
SEARCH_WORD = "posyandu"  # in some titles and many summaries: the bench's ?cari=


@dataclass(frozen=True)
class Dataset:
    """What the bench's pages are asked about, read back from the built database."""

    editions: tuple[str, ...]  # published, newest first
    judging: str  # the unpublished edition whose scores the writer changes
    innovations: int  # in published editions
    photos: int
    busiest_opd: str  # the OPD with the most published innovations (its unit page)
    winner: tuple[str, str]  # (edition, code) of a Juara I with a photo and an earlier edition


def _units(engine: Engine) -> list[int]:
    """Load Kudus's units (parents first) unless present; return the ids innovations go to."""
    with transaction(engine) as s:
        have = {code: uid for uid, code in s.execute(select(Unit.id, Unit.code))}
        rows = list(csv.DictReader(UNITS_CSV.read_text(encoding="utf-8").splitlines()))
        for row in sorted(rows, key=lambda r: bool(r["parent_code"])):
            if row["code"] in have:
                continue
            unit = Unit(
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                kind=row["kind"],
                parent_id=have.get(row["parent_code"]) if row["parent_code"] else None,
                required=row["required"] == "1",
            )
            s.add(unit)
            s.flush()
            have[unit.code] = unit.id
        return [have[row["code"]] for row in rows]


def _title(rng: random.Random) -> str:
    suffix = rng.choice(SUFFIXES)
    return f"{rng.choice(PREFIXES)}{rng.choice(('', ' '))}{rng.choice(SUBJECTS)} {suffix}".strip()


def _summary(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 60))]
    return (" ".join(words) + ".").capitalize()


def _edition(engine: Engine, year: int, size: int, unit_ids: list[int], rng: random.Random):
    """Generate one edition through bench/national.py and make it this year's, in Kudus."""
    generate(engine, innovations=size, jurors=6, units=1, finalists=12, seed=year)
    code = f"kipp-{year}"
    with transaction(engine) as s:
        edition = s.execute(select(Edition).where(Edition.code == GENERATED)).scalar_one()
        edition.code, edition.name = code, f"KIPP Kabupaten Kudus {year}"
        for name in ("submission_end", "proposal_start", "proposal_end"):
            setattr(edition, name, getattr(edition, name).replace(year=year))
        for name in ("presentation_start", "presentation_end"):
            setattr(edition, name, getattr(edition, name).replace(year=year))
        edition.ceremony_date = date(year, 12, 20)
        generated_units = set(
            s.scalars(select(Innovation.unit_id).where(Innovation.edition_id == edition.id))
        )
        ids = list(s.scalars(select(Innovation.id).where(Innovation.edition_id == edition.id)))
        s.execute(
            update(Innovation),
            [
                {
                    "id": iid,
                    "unit_id": rng.choice(unit_ids),
                    "title": _title(rng),
                    "summary": _summary(rng),
                    "category": rng.choice(CATEGORIES),
                    "innovator": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                }
                for iid in ids
            ],
        )
        s.execute(delete(Unit).where(Unit.id.in_(generated_units)))
    return code


def _continues(engine: Engine, earlier: str, later: str, rng: random.Random) -> None:
    """Link a share of `later`'s innovations to `earlier`'s: same unit and title."""
    with transaction(engine) as s:
        old = s.execute(
            select(Innovation.code, Innovation.title, Innovation.unit_id)
            .join(Edition, Edition.id == Innovation.edition_id)
            .where(Edition.code == earlier)
        ).all()
        new = s.execute(
            select(Innovation.id)
            .join(Edition, Edition.id == Innovation.edition_id)
            .where(Edition.code == later)
        ).scalars()
        picked = rng.sample(list(new), int(len(old) * CONTINUES_SHARE))
        s.execute(
            update(Innovation),
            [
                {
                    "id": iid,
                    "continues": f"{earlier}:{o.code}",
                    "title": o.title,
                    "unit_id": o.unit_id,
                }
                for iid, o in zip(picked, rng.sample(old, len(picked)), strict=True)
            ],
        )


def jpeg(rng: random.Random, width: int = 480, height: int = 320) -> bytes:
    """Return a small JPEG: a colour field with a few blocks (something to compress)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle((x, y, x + rng.randrange(20, 160), y + rng.randrange(20, 120)), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _approved(session: Session, code: str) -> Snapshot:
    """Return the edition's approved results (the bench approved them before)."""
    snapshot = ceremony.get_state(session, code).snapshot
    if snapshot is None:
        raise RuntimeError(f"{code}: no approved results")
    return snapshot


def _photos(engine: Engine, code: str, rng: random.Random) -> int:
    """Give a share of the edition's innovations a photo, its award winners first."""
    with transaction(engine) as s:
        codes = list(
            s.scalars(
                select(Innovation.code)
                .join(Edition, Edition.id == Innovation.edition_id)
                .where(Edition.code == code)
                .order_by(Innovation.code)
            )
        )
        winners = {row["code"] for row in _approved(s, code).rows if row["award"]}
        others = rng.sample(sorted(set(codes) - winners), int(len(codes) * PHOTO_SHARE))
        for number, innovation in enumerate([*sorted(winners), *others]):
            caption = f"Peluncuran inovasi {innovation}" if number % 2 else None
            ceremony.set_photo(s, code, innovation, jpeg(rng), caption=caption, by=BY)
    return len(winners) + len(others)


def _reveal_and_publish(engine: Engine, code: str, number: int) -> None:
    """Approve the results, walk the reveal to "all" and back, publish (switches vary)."""
    with transaction(engine) as s:
        snapshot = ceremony.approve(s, code, by=BY)
        if not snapshot.levels():
            raise RuntimeError(f"{code}: the approved results name no winner")
    while True:
        with transaction(engine) as s:
            if ceremony.advance(s, code, by=BY).step == ceremony.ALL:
                break
    with transaction(engine) as s:
        ceremony.reset(s, code, by=BY)  # the rotation after the ceremony: awards stay public
        catalogue.publish(
            s,
            code,
            by=BY,
            show_finalists=number % 2 == 0,
            show_innovators=number % 3 != 1,
            show_documents=False,
        )


def _winner_continues(engine: Engine, code: str, earlier: str) -> None:
    """Make the newest edition's Juara I continue an innovation of the edition before."""
    with transaction(engine) as s:
        rows = _approved(s, code).rows
        first = next(row["innovation_id"] for row in rows if row["award"] == 1)
        old = s.execute(
            select(Innovation.code, Innovation.unit_id)
            .join(Edition, Edition.id == Innovation.edition_id)
            .where(Edition.code == earlier)
            .order_by(Innovation.code)
            .limit(1)
        ).one()
        s.execute(
            update(Innovation)
            .where(Innovation.id == first, Innovation.continues.is_(None))
            .values(continues=f"{earlier}:{old.code}")
        )


def build(
    engine: Engine,
    *,
    per_edition: int = PER_EDITION,
    judging: int = JUDGING_SIZE,
    years: tuple[int, ...] = PUBLISHED_YEARS,
) -> None:
    """Fill an empty database with the catalogue bench's editions (see the module's note)."""
    rng = random.Random(18)
    upgrade(engine)
    unit_ids = _units(engine)
    codes: list[str] = []
    for number, year in enumerate(years):
        code = _edition(engine, year, per_edition, unit_ids, rng)
        if codes:
            _continues(engine, codes[-1], code, rng)
        _reveal_and_publish(engine, code, number)
        _photos(engine, code, rng)
        codes.append(code)
    _winner_continues(engine, codes[-1], codes[-2])
    _edition(engine, JUDGING_YEAR, judging, unit_ids, rng)


def describe(engine: Engine) -> Dataset:
    """Read back what the bench asks for: editions, counts, the busiest OPD, a winner."""
    with transaction(engine) as s:
        found = catalogue.load_catalogue(s)
        judging = s.scalars(
            select(Edition.code).where(Edition.code == f"kipp-{JUDGING_YEAR}")
        ).one()
        counts: dict[str, int] = {}
        for entry in found.entries:
            counts[entry.opd_code] = counts.get(entry.opd_code, 0) + 1
        winners = [e for e in found.entries if e.award == 1]
        winner = next((e for e in winners if e.has_photo and found.lineage(e)), winners[0])
        return Dataset(
            editions=tuple(e.code for e in found.editions),
            judging=judging,
            innovations=len(found.entries),
            photos=sum(e.has_photo for e in found.entries),
            busiest_opd=max(counts, key=lambda c: counts[c]),
            winner=(winner.edition_code, winner.code),
        )
