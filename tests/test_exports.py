"""Tests for data_access/exports: the XLSX, CSV and PDF read back and held against the reports.

The seeded edition has four finalists (two of them seri for Juara III), one more ranked
innovation, an unscored one and a refused one; titles, innovators, unit and juror names that
a spreadsheet would run as formulas; three jury groups, one juror with a partial sheet.
Expected values come from ranking_for / participation_for / progress_for, not from the
export code.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
import pytest
from sqlalchemy import select, update

from data_access import accounts, ceremony, minutes, queries
from data_access.db import transaction
from data_access.exports import ExportError, export_bytes
from data_access.exports.csv import csv_cell
from data_access.exports.model import neutralize
from data_access.formatting import EM_DASH, format_datetime, format_score
from data_access.models import Innovation, Juror, Score
from data_access.reports import participation_for, progress_for, ranking_for
from data_access.users import add_user
from tests.seed import add_edition, add_innovation, add_juror, add_sheet, add_unit, full_sheet

CODE = "exp-2022"
NAME = "KIPP Kabupaten Kudus 2022 (Uji Ekspor)"
NOW = datetime(2022, 11, 24, 3, 5, tzinfo=UTC)  # Kamis, 24 November 2022 pukul 10.05 WIB
APPROVED_AT = datetime(2022, 12, 29, 2, 0, tzinfo=UTC)  # Kamis, 29 Desember 2022 09.00 WIB
WIB = ZoneInfo("Asia/Jakarta")
HOSTILE = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tX", "\rX"]
SHEETS = ["Info", "Peringkat", "Partisipasi OPD", "Progres Tahap", "Progres Juri"]
# label: (proposal, presentation or None for a non-finalist); C and D are seri.
SCORES = {
    "A": ("81.35", "90.10"),
    "B": ("84.20", "84.90"),
    "C": ("79.45", "83.15"),
    "D": ("79.45", "83.15"),
    "E": ("77.77", None),
}


# ---------------------------------------------------------------- seeding and reading
@pytest.fixture
def seeded(engine):
    """The engine, with the edition above seeded (not approved)."""
    with transaction(engine) as session:
        edition = add_edition(session, CODE, name=NAME)
        opd1, opd3 = add_unit(session, "OPD1"), add_unit(session, "OPD3")
        add_unit(session, "OPD2")  # required, submits nothing
        sub = add_unit(session, "SUB1", required=False, parent=opd1, kind="puskesmas")
        opd1.name, opd3.name = HOSTILE[2], "Dinas Tiga"
        j1 = add_juror(session, edition, "J1", "Undip")
        j2 = add_juror(session, edition, "J2", "Wartawan")
        j3 = add_juror(session, edition, "J3", "UMK")
        j2.name = "@Juri Dua"
        units = {"A": opd1, "B": opd1, "C": sub, "D": opd3, "E": opd3, "F": opd3, "G": opd3}
        made = {}
        for label, unit in units.items():
            status = "tidak_lolos" if label == "F" else "lolos"
            late = datetime(2022, 11, 14, 2, 0, tzinfo=UTC) if label == "G" else None
            extra = {"submitted_at": late} if late else {}
            made[label] = add_innovation(
                session, edition, f"X-{label}", unit, status=status, **extra
            )
        made["A"].title, made["A"].innovator = HOSTILE[0], HOSTILE[1]
        made["B"].title, made["B"].innovator = HOSTILE[3], HOSTILE[4]
        made["C"].title = HOSTILE[5] + " " + "Layanan Sangat Panjang " * 8
        for label, (proposal, presentation) in SCORES.items():
            for juror in (j1, j2):
                add_sheet(
                    session,
                    edition,
                    juror,
                    made[label],
                    "proposal",
                    full_sheet("proposal", proposal),
                )
                if presentation:
                    sheet = full_sheet("presentation", presentation)
                    add_sheet(session, edition, juror, made[label], "presentation", sheet)
        add_sheet(session, edition, j3, made["E"], "proposal", {"ringkasan": "70"})
        add_sheet(session, edition, j1, made["F"], "proposal", full_sheet("proposal", "99"))
    return engine


def export(engine, fmt: str, **options):
    """Return export_bytes of the seeded edition at NOW."""
    options.setdefault("juror_scores", False)
    with transaction(engine) as session:
        return export_bytes(session, CODE, fmt, now=NOW, **options)


def approve(engine) -> ceremony.Snapshot:
    with transaction(engine) as session:
        return ceremony.approve(session, CODE, by="panitia", now=APPROVED_AT)


def workbook(engine, **options):
    return openpyxl.load_workbook(io.BytesIO(export(engine, "xlsx", **options).data))


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def info(sheet) -> dict:
    return {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}


def wib(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(WIB).replace(tzinfo=None)


def xml_text(text: str) -> str:
    """Return text as an XLSX gives it back: XML reads a carriage return as a line feed."""
    return text.replace("\r", "\n")


def num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def pdf_text(data: bytes) -> str:
    """Return the PDF's text with whitespace runs folded to one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def comma(value: Decimal) -> str:
    """Return a score the Indonesian way, written independently of the export code."""
    return f"{value:.2f}".replace(".", ",")


# ---------------------------------------------------------------- pure parts
@pytest.mark.parametrize(
    ("raw", "expected"),
    [(h, "'" + h) for h in HOSTILE]
    + [("Inovasi", "Inovasi"), ("", ""), ("a=b", "a=b"), ("'=x", "'=x"), (" =x", " =x")],
)
def test_neutralize(raw, expected):
    """Text starting with = + - @ tab or CR gains an apostrophe; other text is untouched."""
    assert neutralize(raw) == expected


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (Decimal("81.9"), "decimal", "81.90"),
        (Decimal("0.625"), "percent", "62.50"),
        (7, "integer", "7"),
        (None, "decimal", ""),
        (datetime(2022, 11, 17, 3, 5, tzinfo=UTC), "datetime", "2022-11-17T10:05+07:00"),
    ],
)
def test_csv_cell(value, kind, expected):
    """CSV cells: dot decimals, percent as hundredths, local ISO times, empty for missing."""
    assert csv_cell(value, kind, "Asia/Jakarta") == expected


def test_indonesian_formats():
    """The PDF's dates and scores follow the committee's style."""
    assert format_datetime(NOW, tz="Asia/Jakarta") == "Kamis, 24 November 2022 pukul 10.05 WIB"
    assert format_score(Decimal("81.91")) == "81,91"
    assert format_score(None, missing=EM_DASH) == "—"


# ---------------------------------------------------------------- XLSX
def test_xlsx_matches_the_reports(seeded):
    """Every sheet holds what ranking_for, participation_for and progress_for compute."""
    book = workbook(seeded)
    assert book.sheetnames == SHEETS  # no juror-level scores unless asked
    with transaction(seeded) as session:
        ranking = ranking_for(session, CODE)
        participation = participation_for(session, CODE)
        progress = progress_for(session, CODE, now=NOW)
        version = queries.data_version(session)
        names = dict(session.execute(select(Innovation.code, Innovation.title)).all())
    facts = info(book["Info"])
    assert facts["data_version"] == version and facts["approved_at"] == "belum disetujui"
    assert facts["ranking_source"] == "sementara/belum disetujui"
    assert facts["generated_at"] == wib(NOW)
    ranked = [[r[0], r[1], r[5], r[6], r[7], r[9], r[10]] for r in sheet_rows(book["Peringkat"])]
    assert ranked == [
        [
            r.rank,
            r.code,
            *map(num, (r.proposal_score, r.presentation_score, r.final_score)),
            r.tier,
            "seri" if r.tie else None,
        ]
        for r in ranking.rows
    ]
    assert [r[2] for r in sheet_rows(book["Peringkat"])] == [
        xml_text(neutralize(names[r.code])) for r in ranking.rows
    ]
    assert [r[0] for r in sheet_rows(book["Peringkat"])] == [1, 2, 3, 3, 5, None]
    opds = [[r[0], *r[4:10]] for r in sheet_rows(book["Partisipasi OPD"])]
    assert opds == [
        [
            p.code,
            *(p.submitted, p.from_sub_units, p.passed, p.finalists, p.late),
            wib(p.first_submitted_at),
        ]
        for p in participation.rows
    ]
    assert [r[1:] for r in sheet_rows(book["Progres Tahap"])] == [
        [s.expected, s.complete, s.partial, s.missing, s.abstained, s.unexpected, num(s.ratio)]
        for s in progress.stages
    ]
    assert [r[1:] for r in sheet_rows(book["Progres Juri"])] == [
        [
            *(j.code, neutralize(j.name), j.group),
            *(j.assigned, j.complete, j.partial, j.abstained),
            *(wib(j.last_scored_at), num(j.ratio)),
        ]
        for j in progress.jurors
    ]


def test_xlsx_cells_are_typed_and_laid_out(seeded):
    """Numbers are numeric cells with formats; headers bold and frozen; widths set."""
    book = workbook(seeded, juror_scores=True)
    formats = {"Peringkat": {"F": "0.00", "H": "0.00", "A": "0"}, "Progres Tahap": {"H": "0.0%"}}
    formats["Partisipasi OPD"] = {"J": "dd/mm/yyyy hh:mm", "E": "0"}
    formats["Nilai Juri"] = {"G": "0.00"}
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        for column in range(1, sheet.max_column + 1):
            letter = openpyxl.utils.get_column_letter(column)
            assert sheet.column_dimensions[letter].customWidth
        for letter, number_format in formats.get(sheet.title, {}).items():
            for cell in sheet[letter][1:]:
                if cell.value is not None:
                    assert cell.data_type in ("n", "d") and cell.number_format == number_format
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_xlsx_juror_scores_only_when_asked(seeded):
    """The juror-level sheet lists every stored score, and only with juror_scores=True."""
    book = workbook(seeded, juror_scores=True)
    assert book.sheetnames == [*SHEETS, "Nilai Juri"]
    with transaction(seeded) as session:
        stored = session.execute(
            select(Juror.code, Innovation.code, Score.score_centi)
            .join(Juror, Juror.id == Score.juror_id)
            .join(Innovation, Innovation.id == Score.innovation_id)
        ).all()
    rows = sheet_rows(book["Nilai Juri"])
    assert sorted((r[0], r[3], round(r[6] * 100)) for r in rows) == sorted(stored)
    assert {r[1] for r in rows} == {"Juri J1", "'@Juri Dua", "Juri J3"}
    with pytest.raises(ExportError, match="--juror-scores"):
        export(seeded, "csv", table="juror_scores")


# ---------------------------------------------------------------- CSV
def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def same_cell(text: str, cell, header: str) -> bool:
    """Return True when CSV text stands for the same value as a workbook cell."""
    if cell is None:
        return text == ""
    if isinstance(cell, datetime):
        return text == cell.replace(tzinfo=WIB).isoformat(timespec="minutes")
    if isinstance(cell, int | float):
        scale = 100 if header.endswith("(%)") else 1
        return Decimal(text) == Decimal(str(cell)) * scale
    return xml_text(text) == cell


def test_csv_zip_matches_the_workbook(seeded):
    """The ZIP holds info.csv and one rectangular CSV per table, the same cells as the XLSX."""
    file = export(seeded, "csv", juror_scores=True)
    assert file.filename == f"kipp-{CODE}.zip" and file.content_type == "application/zip"
    book = workbook(seeded, juror_scores=True)
    archive = zipfile.ZipFile(io.BytesIO(file.data))
    keys = ["ranking", "participation", "progress", "jurors_progress", "juror_scores"]
    assert archive.namelist() == ["info.csv", *(f"{k}.csv" for k in keys)]
    facts = {row[0]: row[2] for row in read_csv(archive.read("info.csv"))[1:]}
    assert int(facts["data_version"]) == file.data_version == info(book["Info"])["data_version"]
    for key, sheet in zip(keys, book.sheetnames[1:], strict=True):
        rows = read_csv(archive.read(f"{key}.csv"))
        assert rows[0] == [c.value for c in book[sheet][1]]
        assert len({len(row) for row in rows}) == 1 and not rows[0][0].startswith("#")
        for got, cells in zip(rows[1:], sheet_rows(book[sheet]), strict=True):
            for header, text, cell in zip(rows[0], got, cells, strict=True):
                assert same_cell(text, cell, header), (key, header, text, cell)


def test_single_table_and_refusals(seeded):
    """--table gives one plain CSV named with the data version; bad requests are refused."""
    single = export(seeded, "csv", table="ranking")
    for row in read_csv(single.data)[1:]:
        assert all(re.fullmatch(r"\d+\.\d\d|", cell) for cell in row[5:8])  # 81.90, 100.00
    assert single.filename == f"kipp-{CODE}-ranking-v{single.data_version}.csv"
    assert single.content_type.startswith("text/csv")
    zipped = zipfile.ZipFile(io.BytesIO(export(seeded, "csv").data)).read("ranking.csv")
    assert single.data == zipped
    for fmt, table in (("csv", "nope"), ("xlsx", "ranking"), ("doc", None)):
        with pytest.raises(ExportError, match=" / "):
            export(seeded, fmt, table=table)
    with transaction(seeded) as session, pytest.raises(queries.EditionNotFound):
        export_bytes(session, "no-such", "pdf", juror_scores=False)


# ---------------------------------------------------------------- neutralisation
def test_neutralised_in_every_format(seeded):
    """Formula-like text is prefixed with an apostrophe in the XLSX, the CSVs and the PDF."""
    expected = {"'" + h if h != HOSTILE[5] else "'\rX " for h in HOSTILE}
    book = workbook(seeded, juror_scores=True)
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    texts = [c for c in cells if isinstance(c, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert all(any(t.startswith(xml_text(e)) for t in texts) for e in expected)
    archive = zipfile.ZipFile(io.BytesIO(export(seeded, "csv", juror_scores=True).data))
    csv_texts = [c for name in archive.namelist() for r in read_csv(archive.read(name)) for c in r]
    assert not [t for t in csv_texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert all(any(t.startswith(e) for t in csv_texts) for e in expected)
    text = pdf_text(export(seeded, "pdf").data)
    for shown in ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "'@Juri Dua"]:
        assert shown in text


# ---------------------------------------------------------------- PDF
def check_pdf(data: bytes, artifacts_dir, name: str) -> str:
    """Check the PDF's frame (A4, fonts embedded, page numbers), save PNGs; return its text."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert [round(v) for v in page.mediabox[2:]] == [595, 842]  # A4 in points
        assert f"Halaman {number} dari {total}" in page.extract_text()
        fonts = page["/Resources"]["/Font"]
        for font in (fonts[key].get_object() for key in fonts):
            assert font["/Subtype"] == "/TrueType"
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    for old in artifacts_dir.glob(f"{name}-*.png"):
        old.unlink()
    pdf = artifacts_dir / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts_dir / name)], check=True
    )
    assert len(list(artifacts_dir.glob(f"{name}-*.png"))) == total
    return pdf_text(data)


def test_pdf_before_approval(seeded, artifacts_dir):
    """The provisional berita acara says so, and holds jury, criteria, ranking and signatures."""
    file = export(seeded, "pdf")
    assert file.filename == f"berita-acara-{CODE}.pdf" and file.content_type == "application/pdf"
    text = check_pdf(file.data, artifacts_dir, f"berita-acara-draft-{seeded.dialect.name}")
    assert "BELUM DISETUJUI — dokumen sementara" in text
    assert "Kamis, 24 November 2022 pukul 10.05 WIB" in text
    assert "BERITA ACARA HASIL PENILAIAN KIPP" in text and NAME in text
    assert f"Versi data: {file.data_version}" in text
    for group in ("Undip", "Wartawan", "UMK"):
        assert group in text
    for aspect, weight in (
        ("Signifikansi", 30),
        ("Kebaruan / Nilai Tambah", 15),
        ("Substansi", 70),
    ):
        assert re.search(rf"{re.escape(aspect)} {weight}\b", text)
    assert "bobot tahap dalam nilai akhir 40" in text and "(40 × nilai proposal" in text
    with transaction(seeded) as session:
        ranking = ranking_for(session, CODE)
    position = 0
    for row in (r for r in ranking.rows if r.rank is not None):
        found = re.compile(rf"{row.code} .*?{comma(row.final_score)}").search(text, position)
        assert found, row.code
        position = found.start() + 1
    assert "berbagi peringkat dan ditandai seri" in text and "(misalnya 1, 2, 2, 4)" in text
    assert "Terdapat seri di antara Juara" in text  # C and D share Juara III
    for line in ("1. Anggota Dewan Juri", "Panitia,", "Kudus, 24 November 2022", "Nama terang"):
        assert line in text


def test_pdf_after_approval(seeded, artifacts_dir):
    """The approved berita acara names Juara I-III, the approval time and the snapshot hash."""
    snapshot = approve(seeded)
    text = check_pdf(
        export(seeded, "pdf").data, artifacts_dir, f"berita-acara-{seeded.dialect.name}"
    )
    assert "BELUM DISETUJUI" not in text and "sementara" not in text
    assert "Kamis, 29 Desember 2022 pukul 09.00 WIB" in text and snapshot.hash in text
    assert f"Versi data snapshot: {snapshot.data_version}" in text
    assert re.search(r"Juara I X-A .*Juara II X-B .*Juara III.*X-C .*Juara III.*X-D", text)
    assert "Kudus, 29 Desember 2022" in text


def test_pdf_has_one_date_and_place_and_names_the_approver_by_profile(seeded):
    """The opening's "Pada hari" is the signatures' day and place (the minutes'), not the
    approval's; the approval keeps its own moment and names the approver by their profile."""
    approver, nip = "Dra. Rina Rekaan, M.M.", "19700101 199003 1 001"
    with transaction(seeded) as session:
        add_user(session, "sekretaris", "rahasia-akun-2026", "admin", by="panitia")
        accounts.set_profile(
            session, "sekretaris", display_name=approver, nip=nip, jabatan=None, by="panitia"
        )
        ceremony.approve(session, CODE, by="sekretaris", now=APPROVED_AT)
        fields = {"signed_on": "2023-01-16", "place": "Pendopo Kabupaten Kudus"}
        minutes.save_minutes(session, CODE, fields, by="panitia")
    text = pdf_text(export(seeded, "pdf").data)
    assert "Pada hari Senin, 16 Januari 2023, bertempat di Pendopo Kabupaten Kudus," in text
    assert text.count("Pada hari") == 1
    assert "Pendopo Kabupaten Kudus, 16 Januari 2023" in text[text.index("Demikian") :]
    assert "Disetujui pada Kamis, 29 Desember 2022 pukul 09.00 WIB" in text
    assert f"oleh {approver} (NIP {nip})." in text and "oleh sekretaris" not in text


def test_approved_ranking_survives_a_later_score_change(seeded):
    """After approval, exports keep the snapshot's ranking however the live scores move."""
    snapshot = approve(seeded)
    before = workbook(seeded)
    pdf_before = pdf_text(export(seeded, "pdf").data)
    with transaction(seeded) as session:
        b_id = session.execute(select(Innovation.id).where(Innovation.code == "X-B")).scalar()
        session.execute(update(Score).where(Score.innovation_id == b_id).values(score_centi=10000))
    with transaction(seeded) as session:
        assert ranking_for(session, CODE).rows[0].code == "X-B"  # live: B moved to the top
    after = workbook(seeded)
    assert sheet_rows(after["Peringkat"]) == sheet_rows(before["Peringkat"])
    facts = info(after["Info"])
    assert facts["snapshot_hash"] == snapshot.hash and facts["live_changes"] == "X-A, X-B"
    assert facts["data_version"] > info(before["Info"])["data_version"]
    pdf_after = pdf_text(export(seeded, "pdf").data)
    assert (
        pdf_after.split("III. Hasil Penilaian")[1].split("Nilai sama")[0]
        == (pdf_before.split("III. Hasil Penilaian")[1].split("Nilai sama")[0])
    )
    assert "sejak disetujui, nilai 2 inovasi berubah (X-A, X-B)" in pdf_after
