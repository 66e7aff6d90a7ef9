"""`python -m data_access document add|remove|list`: the committee's proposal PDFs."""

from __future__ import annotations

from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.documents import MAX_DOCUMENT_BYTES, get_document
from tests.cli_run import cli, ok, refused

PDF = b"%PDF-1.4\n% KIPP test\n%%EOF\n"
CODE = "KIPP22-001"


def _stored(url: str, code: str = CODE):
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return get_document(session, DEMO_CODE, code)
    finally:
        engine.dispose()


def test_add_list_replace_and_remove(demo_url, tmp_path):
    first = tmp_path / "Proposal Inovasi.pdf"
    first.write_bytes(PDF)
    # The only edition is taken when --edition is left out.
    out = ok(cli(demo_url, "document", "add", "--innovation", CODE, str(first)))
    assert "Dokumen disimpan / document saved" in out and "Proposal Inovasi.pdf" in out
    found = _stored(demo_url)
    assert found is not None and found.data == PDF and found.info.uploaded_by == "panitia-cli"
    listed = ok(cli(demo_url, "document", "list")).splitlines()
    assert listed[0].split() == ["code", "file", "bytes", "uploaded", "by"]
    assert listed[2].startswith(CODE) and str(len(PDF)) in listed[2]

    second = tmp_path / "v2.pdf"
    second.write_bytes(PDF + b"% v2\n")
    args = ["document", "add", "--edition", DEMO_CODE, "--innovation", CODE, "--by", "sekretariat"]
    ok(cli(demo_url, *args, str(second)))
    found = _stored(demo_url)
    assert found is not None and found.info.filename == "v2.pdf"
    assert found.info.uploaded_by == "sekretariat"

    assert CODE in ok(cli(demo_url, "document", "remove", "--innovation", CODE))
    assert _stored(demo_url) is None
    again = refused(cli(demo_url, "document", "remove", "--innovation", CODE))
    assert "belum punya dokumen" in again and "has no document" in again


def test_refusals_are_bilingual_and_store_nothing(demo_url, tmp_path):
    note = tmp_path / "proposal.pdf"  # named .pdf, but a Word file inside
    note.write_bytes(b"PK\x03\x04word/document.xml")
    said = refused(cli(demo_url, "document", "add", "--innovation", CODE, str(note)))
    assert "bukan PDF" in said and "not a PDF" in said

    # Larger than the limit: refused by its size before a byte of it is read (a sparse
    # file: it costs no disk).
    big = tmp_path / "besar.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-")
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    said = refused(cli(demo_url, "document", "add", "--innovation", CODE, str(big)))
    assert "lebih dari 20 MB" in said and "larger than 20 MB" in said

    pdf = tmp_path / "ok.pdf"
    pdf.write_bytes(PDF)
    said = refused(cli(demo_url, "document", "add", "--innovation", "TIDAK-ADA", str(pdf)))
    assert "TIDAK-ADA" in said
    said = refused(cli(demo_url, "document", "add", "--innovation", CODE, str(tmp_path / "no")))
    assert "Berkas tidak terbaca / cannot read file" in said
    assert _stored(demo_url) is None
