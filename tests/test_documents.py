"""The proposal PDFs (data_access/documents.py): checks, storage, and who may read one."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from data_access.assignments import juror_assignments
from data_access.db import transaction
from data_access.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentError,
    clean_filename,
    document_desk,
    get_document,
    juror_document,
    list_documents,
    read_document,
    remove_document,
    set_document,
)
from data_access.jury.sheet_access import find_juror_sheet
from data_access.models import DataVersion, InnovationDocument
from tests.seed import add_assignment, add_edition, add_innovation, add_juror, add_unit

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
OTHER_PDF = b"%PDF-1.7\n% another one\n%%EOF\n"


@pytest.fixture
def seeded(engine):
    """Two editions; juror J1 of t-2022 is assigned A (proposal) and B (abstained), not C."""
    with transaction(engine) as session:
        edition = add_edition(session)
        unit = add_unit(session, "U1")
        a, b, _c = (add_innovation(session, edition, code, unit) for code in ("A", "B", "C"))
        j1 = add_juror(session, edition, "J1")
        add_assignment(session, edition, j1, a, "proposal")
        add_assignment(session, edition, j1, b, "proposal", abstain=True)
        other = add_edition(session, "t-2023")
        add_innovation(session, other, "A", unit)
        j1_other = add_juror(session, other, "J1")
        ids = {"j1": j1.id, "j1_other": j1_other.id}
    return engine, ids


def _version(session) -> int:
    return session.execute(select(DataVersion.version)).scalar_one()


def test_a_document_is_stored_replaced_listed_and_removed(seeded):
    engine, _ids = seeded
    with transaction(engine) as session:
        before = _version(session)
        name = "C:\\scan\\Proposal A.pdf"
        info = set_document(session, "t-2022", "A", PDF, filename=name, by="p")
        assert (info.filename, info.size) == ("Proposal A.pdf", len(PDF))
        assert info.content_type == "application/pdf"
    with transaction(engine) as session:
        found = get_document(session, "t-2022", "A")
        assert found is not None and found.data == PDF and found.info.uploaded_by == "p"
        assert get_document(session, "t-2023", "A") is None  # the same code, another edition
        assert get_document(session, "t-2022", "B") is None
        assert get_document(session, "tidak-ada", "A") is None
        # A document is not judged data: the dashboard's figures do not move for it.
        assert _version(session) == before
    with transaction(engine) as session:
        set_document(session, "t-2022", "A", OTHER_PDF, filename="v2.pdf", by="q")
    with transaction(engine) as session:
        found = get_document(session, "t-2022", "A")
        assert found is not None and found.data == OTHER_PDF and found.info.filename == "v2.pdf"
        assert session.execute(select(func.count()).select_from(InnovationDocument)).scalar() == 1
        assert [d.innovation_code for d in list_documents(session, "t-2022")] == ["A"]
        assert list_documents(session, "t-2023") == []
    with transaction(engine) as session:
        assert remove_document(session, "t-2022", "A") is True
        assert remove_document(session, "t-2022", "A") is False
        assert get_document(session, "t-2022", "A") is None


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"<html><script>alert(1)</script>", "document.refused.type"),
        (b"PK\x03\x04 a zip, or a docx", "document.refused.type"),
        (b" %PDF-1.4 not at the very start", "document.refused.type"),
        (b"%PDF-" + b"x" * MAX_DOCUMENT_BYTES, "document.refused.size"),
    ],
    ids=["html", "zip", "leading-space", "too-large"],
)
def test_anything_but_a_pdf_within_the_limit_is_refused(seeded, data, key):
    engine, _ids = seeded
    with pytest.raises(DocumentError) as refused, transaction(engine) as session:
        set_document(session, "t-2022", "A", data, filename="x.pdf", by="p")
    assert refused.value.message.key == key
    assert " / " in str(refused.value)  # both languages, as the command line prints it
    with transaction(engine) as session:
        assert get_document(session, "t-2022", "A") is None


def test_an_unknown_innovation_or_edition_is_refused(seeded):
    engine, _ids = seeded
    with pytest.raises(DocumentError) as refused, transaction(engine) as session:
        set_document(session, "t-2022", "Z", PDF, filename="z.pdf", by="p")
    assert refused.value.text("id") == "Inovasi 'Z' tidak ada di edisi 't-2022'"
    with pytest.raises(LookupError), transaction(engine) as session:
        set_document(session, "tidak-ada", "A", PDF, filename="a.pdf", by="p")


def test_a_juror_reads_only_the_documents_of_their_assignments(seeded):
    engine, ids = seeded
    with transaction(engine) as session:
        for code in ("A", "B", "C"):
            set_document(session, "t-2022", code, PDF, filename=f"{code}.pdf", by="p")
        set_document(session, "t-2023", "A", OTHER_PDF, filename="a.pdf", by="p")
    with transaction(engine) as session:
        mine = juror_document(session, ids["j1"], "t-2022", "A")
        assert mine is not None and mine.data == PDF
        # An abstained assignment still opens its sheet read-only: its proposal too.
        assert juror_document(session, ids["j1"], "t-2022", "B") is not None
        assert juror_document(session, ids["j1"], "t-2022", "C") is None  # not assigned
        # The juror's own edition only, whatever code the other edition shares.
        assert juror_document(session, ids["j1"], "t-2023", "A") is None
        assert juror_document(session, ids["j1_other"], "t-2022", "A") is None
        assert juror_document(session, ids["j1"], "tidak-ada", "A") is None


def test_the_juror_s_list_and_sheet_know_which_proposals_have_a_pdf(seeded):
    engine, ids = seeded
    with transaction(engine) as session:
        set_document(session, "t-2022", "A", PDF, filename="a.pdf", by="p")
    with transaction(engine) as session:
        found = juror_assignments(session, ids["j1"])
        assert found is not None
        flags = {item.code: item.document for stage in found.stages for item in stage.items}
        assert flags == {"A": True, "B": False}
        sheet = find_juror_sheet(session, ids["j1"], "proposal", "A")
        assert sheet is not None and sheet.document and sheet.edition_code == "t-2022"
        sheet = find_juror_sheet(session, ids["j1"], "proposal", "B")
        assert sheet is not None and not sheet.document


def test_the_desk_lists_the_chosen_or_default_edition(seeded):
    engine, _ids = seeded
    with transaction(engine) as session:
        set_document(session, "t-2022", "B", PDF, filename="b.pdf", by="p")
        desk = document_desk(session, "t-2022")
        assert [code for code, _title in desk.innovations] == ["A", "B", "C"]
        assert [d.innovation_code for d in desk.documents] == ["B"]
        assert {code for code, _name in desk.editions} == {"t-2022", "t-2023"}
        # An unknown code falls back to the default edition (the newest here).
        assert document_desk(session, "tidak-ada").edition_code == "t-2023"


class CountingStream(io.BytesIO):
    """A stream that records how many bytes were asked of it."""

    asked = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.asked += len(chunk)
        return chunk


def test_reading_stops_at_the_signature_or_one_byte_past_the_limit():
    foreign = CountingStream(b"GIF89a" + b"x" * (5 * 1024 * 1024))
    with pytest.raises(DocumentError):
        read_document(foreign)
    assert foreign.asked == len(b"%PDF-")  # refused on its first five bytes
    huge = CountingStream(b"%PDF-" + b"x" * (MAX_DOCUMENT_BYTES + 1024 * 1024))
    with pytest.raises(DocumentError) as refused:
        read_document(huge)
    assert refused.value.message.key == "document.refused.size"
    assert huge.asked == MAX_DOCUMENT_BYTES + 1
    with pytest.raises(DocumentError) as refused:
        read_document(io.BytesIO(b""))
    assert refused.value.message.key == "document.refused.empty"
    assert read_document(io.BytesIO(PDF)) == PDF


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("proposal.pdf", "proposal.pdf"),
        ("C:\\Users\\panitia\\Proposal Inovasi.PDF", "Proposal Inovasi.PDF"),
        ("../../etc/passwd", "passwd.pdf"),
        ('a"b\r\nSet-Cookie: x.pdf', "a b Set-Cookie: x.pdf"),
        ("Proposal ✓ \r\n.pdf", "Proposal ✓.pdf"),
        ("", "KIPP22-001.pdf"),
        (None, "KIPP22-001.pdf"),
        (".pdf", ".pdf.pdf"),
        ("Inovasi Ibu & Anak ✓.pdf", "Inovasi Ibu & Anak ✓.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_the_kept_file_name_is_one_plain_line_ending_in_pdf(name, expected):
    assert clean_filename(name, "KIPP22-001") == expected
