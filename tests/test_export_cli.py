"""End-to-end tests of `python -m data_access export` (CliRunner), on the demo edition."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pypdf
import pytest

from data_access.demo import DEMO_CODE
from tests.cli_run import cli, ok, refused

WRITTEN = re.compile(r"^Ekspor ditulis / export written: .+; versi data / data version (\d+)$")
SHEETS = ["Info", "Peringkat", "Partisipasi OPD", "Progres Tahap", "Progres Juri"]


def export(url: str, out: Path, *args: str) -> int:
    """Run an export of the demo edition into out and return the data version it states."""
    stdout = ok(cli(url, "export", "--edition", DEMO_CODE, "--out", str(out), *args))
    found = WRITTEN.match(stdout.strip())
    assert found, stdout
    return int(found.group(1))


def test_export_xlsx_with_and_without_juror_scores(demo_url, tmp_path):
    """The workbook has the tables; the juror-level sheet only with --juror-scores."""
    version = export(demo_url, tmp_path / "hasil.xlsx", "--format", "xlsx")
    book = openpyxl.load_workbook(tmp_path / "hasil.xlsx")
    assert book.sheetnames == SHEETS
    info = {row[0]: row[2] for row in book["Info"].iter_rows(min_row=2, values_only=True)}
    assert info["data_version"] == version and info["approved_at"] == "belum disetujui"
    export(demo_url, tmp_path / "all.xlsx", "--format", "xlsx", "--juror-scores")
    assert openpyxl.load_workbook(tmp_path / "all.xlsx").sheetnames == [*SHEETS, "Nilai Juri"]


def test_export_csv_zip_and_one_table(demo_url, tmp_path):
    """--format csv writes a ZIP; --table writes one CSV in the order `results` gives."""
    export(demo_url, tmp_path / "kipp.zip", "--format", "csv")
    names = zipfile.ZipFile(tmp_path / "kipp.zip").namelist()
    tables = ["ranking", "participation", "progress", "jurors_progress"]
    assert names == ["info.csv", *(f"{key}.csv" for key in tables)]
    export(demo_url, tmp_path / "ranking.csv", "--format", "csv", "--table", "ranking")
    text = (tmp_path / "ranking.csv").read_text(encoding="utf-8-sig")
    codes = [row["Kode"] for row in csv.DictReader(io.StringIO(text))]
    results = ok(cli(demo_url, "results", "--edition", DEMO_CODE, "--format", "csv"))
    assert codes == [row["code"] for row in csv.DictReader(io.StringIO(results))]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv", "--table", "nope"], "Tabel tidak dikenal / unknown table"),
        (["--format", "xlsx", "--table", "ranking"], "hanya untuk format csv / "),
        (["--format", "csv", "--table", "juror_scores"], "--juror-scores"),
    ],
)
def test_export_refusals(demo_url, tmp_path, args, message):
    """A bad table key or combination exits 1 with a bilingual message and writes nothing."""
    out = tmp_path / "out.bin"
    done = cli(demo_url, "export", "--edition", DEMO_CODE, "--out", str(out), *args)
    assert message in refused(done) and not out.exists()


def test_export_unknown_edition(demo_url, tmp_path):
    """An unknown edition exits 1 with the bilingual not-found message."""
    out = tmp_path / "x.pdf"
    done = cli(demo_url, "export", "--edition", "no-such", "--format", "pdf", "--out", str(out))
    assert "tidak ditemukan / edition 'no-such' not found" in refused(done)
    assert not out.exists()


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_export_pdf_before_and_after_approval(demo_url, tmp_path):
    """The berita acara is provisional until `ceremony approve`, then carries its hash."""
    export(demo_url, tmp_path / "draft.pdf", "--format", "pdf")
    assert "BELUM DISETUJUI — dokumen sementara" in pdf_text(tmp_path / "draft.pdf")
    ok(cli(demo_url, "simulate", "--finish", "--seed", "3"))
    ok(cli(demo_url, "ceremony", "approve", "--edition", DEMO_CODE))
    status = ok(cli(demo_url, "ceremony", "status", "--edition", DEMO_CODE))
    digest = re.search(r"^snapshot_hash: ([0-9a-f]{64})$", status, re.MULTILINE).group(1)
    version = export(demo_url, tmp_path / "final.pdf", "--format", "pdf")
    text = pdf_text(tmp_path / "final.pdf")
    assert digest in text and "BELUM DISETUJUI" not in text
    assert f"Versi data: {version}" in text and "oleh panitia-cli" in text
    for level in ("Juara I ", "Juara II ", "Juara III "):
        assert level in text
