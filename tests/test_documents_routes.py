"""The proposal PDFs on the web: /dokumen/<edition>/<code>.pdf by role, and the form on /impor.

Who gets a document: the committee, and the juri account (juror J01) for an innovation
assigned to it; every other role 403, anonymous to the login, a juror's unassigned or
missing document 404. Uploads: admin only, CSRF, the body bounded before it is read, the
file checked to be a PDF within the limit.
"""

from __future__ import annotations

import io
import re

import pytest
import urllib3

from dashboard.auth import ADMIN, BUPATI, JURI, KIOSK, VIEWER
from dashboard.services import services
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.documents import MAX_DOCUMENT_BYTES, get_document, set_document
from tests.web import csrf_from

PDF = b"%PDF-1.4\n% KIPP route test\n%%EOF\n"
ASSIGNED, UNASSIGNED, WITHOUT = "KIPP22-001", "KIPP22-003", "KIPP22-002"  # for J01 (demo)


def _path(code: str, edition: str = DEMO_CODE) -> str:
    return f"/dokumen/{edition}/{code}.pdf"


@pytest.fixture
def stored(app):
    """The demo with PDFs for KIPP22-001 (J01's) and KIPP22-003 (nobody's); KIPP22-002 none."""
    with app.app_context():
        engine = services().engine
    with transaction(engine) as session:
        name = 'Proposal "Sehat" ✓\r\n.pdf'
        set_document(session, DEMO_CODE, ASSIGNED, PDF, filename=name, by="panitia")
        set_document(session, DEMO_CODE, UNASSIGNED, PDF, filename="lain.pdf", by="panitia")
    return engine


# ---------------------------------------------------------------- who gets a document
EXPECTED = {
    # role: (assigned to J01, not assigned to J01, assigned without a document, unknown edition)
    None: (302, 302, 302, 302),
    ADMIN: (200, 200, 404, 404),
    JURI: (200, 404, 404, 404),
    VIEWER: (403, 403, 403, 403),
    BUPATI: (403, 403, 403, 403),
    KIOSK: (403, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(EXPECTED), ids=lambda role: str(role))
def test_who_gets_a_proposal(stored, login, role):
    client = login(role)
    paths = (_path(ASSIGNED), _path(UNASSIGNED), _path(WITHOUT), _path(ASSIGNED, "tidak-ada"))
    for path, expected in zip(paths, EXPECTED[role], strict=True):
        got, head = client.get(path), client.head(path)
        assert (got.status_code, head.status_code) == (expected, expected), (role, path)
        assert head.get_data() == b""
        if expected == 200:
            assert got.get_data() == PDF
        else:
            assert b"%PDF" not in got.get_data(), (role, path)
        if expected == 302:
            assert got.headers["Location"].startswith("/login?next=/dokumen/")


def test_a_proposal_is_sent_inline_as_a_sandboxed_uncached_pdf(stored, login):
    got = login(JURI).get(_path(ASSIGNED))
    assert got.status_code == 200
    headers = got.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private, no-store"
    assert headers["X-Frame-Options"] == "DENY"
    policy = [part.strip() for part in headers["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert not any(part.startswith("script-src") for part in policy)
    # The kept name (quotes and line breaks gone) in a header that cannot be split.
    disposition = headers["Content-Disposition"]
    assert disposition.startswith('inline; filename="Proposal_Sehat_.pdf"; filename*=UTF-8')
    assert "\r" not in disposition and "\n" not in disposition
    assert "Proposal%20Sehat%20%E2%9C%93.pdf" in disposition


def test_the_juror_s_list_and_sheet_link_only_proposals_with_a_pdf(stored, login):
    juror = login(JURI)
    listing = juror.get("/penilaian").get_data(as_text=True)
    links = set(re.findall(r'href="(/dokumen/[^"]+)"', listing))
    assert links == {_path(ASSIGNED)}
    assert "Proposal (PDF)" in listing
    sheet = juror.get(f"/penilaian/proposal/{ASSIGNED}").get_data(as_text=True)
    assert f'href="{_path(ASSIGNED)}"' in sheet
    without = juror.get(f"/penilaian/proposal/{WITHOUT}").get_data(as_text=True)
    assert "/dokumen/" not in without


# ---------------------------------------------------------------- the upload on /impor
def _upload(client, code: str, body: bytes, name: str = "proposal.pdf", *, token=None, lang=""):
    query = f"?lang={lang}" if lang else ""
    page = client.get(f"/impor{query}").get_data(as_text=True)
    form = {
        "csrf": csrf_from(page) if token is None else token,
        "edition": DEMO_CODE,
        "innovation": code,
        "document": (name, body, "application/pdf"),
    }
    # Encoded here, as bytes: the test client would spool a large body to a temporary file
    # it never closes.
    sent, content_type = urllib3.encode_multipart_formdata(form)
    return client.post(f"/impor/dokumen{query}", data=sent, content_type=content_type)


def test_the_committee_uploads_a_pdf_from_impor(app, login):
    admin = login(ADMIN)
    page = admin.get("/impor").get_data(as_text=True)
    assert 'id="document-form"' in page and f'<option value="{WITHOUT}">' in page
    done = _upload(admin, WITHOUT, PDF, "Proposal 002.pdf")
    assert done.status_code == 303, done.get_data(as_text=True)
    assert done.headers["Location"] == f"/impor?lang=id&edition={DEMO_CODE}#documents"
    text = admin.get(done.headers["Location"]).get_data(as_text=True)
    assert f"Diunggah: {WITHOUT} — Proposal 002.pdf" in text
    assert f'href="{_path(WITHOUT)}"' in text  # listed, with a link the committee opens
    with app.app_context(), transaction(services().engine) as session:
        found = get_document(session, DEMO_CODE, WITHOUT)
    assert found is not None and found.data == PDF and found.info.uploaded_by == "panitia"
    assert admin.get(_path(WITHOUT)).get_data() == PDF


def test_an_upload_in_english_comes_back_in_english_once(app, login):
    """The redirect after an upload keeps ?lang=en; the sentence is shown once, not on reload."""
    admin = login(ADMIN)
    done = _upload(admin, WITHOUT, PDF, "Proposal 002.pdf", lang="en")
    assert done.status_code == 303 and done.headers["Cache-Control"] == "no-store"
    target = done.headers["Location"]
    assert target == f"/impor?lang=en&edition={DEMO_CODE}#documents"
    page = admin.get(target).get_data(as_text=True)
    assert '<html lang="en">' in page and 'id="document-done"' in page
    assert f"Uploaded: {WITHOUT} — Proposal 002.pdf" in page
    assert f'<option value="{WITHOUT}" selected>' in page  # the form keeps the innovation
    again = admin.get(target).get_data(as_text=True)
    assert '<html lang="en">' in again and 'id="document-done"' not in again


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        (b"<html><script>alert(1)</script></html>", 422, "Berkas bukan PDF"),
        (b"", 422, "Berkas kosong"),
        # Over the limit but within the form's framing: refused while it is read.
        (b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES, 422, "Berkas lebih dari 20 MB"),
        # Over the limit and the framing: refused by its length, before it is read.
        (b"%PDF-" + b"0" * (MAX_DOCUMENT_BYTES + 128 * 1024), 413, "Berkas lebih dari 20 MB"),
    ],
    ids=["html", "empty", "just-too-large", "body-too-large"],
)
def test_an_upload_that_is_not_a_pdf_within_the_limit_is_refused(app, login, body, status, said):
    admin = login(ADMIN)
    refused = _upload(admin, WITHOUT, body)
    assert refused.status_code == status
    assert said in refused.get_data(as_text=True)
    with app.app_context(), transaction(services().engine) as session:
        assert get_document(session, DEMO_CODE, WITHOUT) is None


def test_only_the_committee_uploads_and_only_with_its_token(app, login):
    admin = login(ADMIN)
    assert _upload(admin, WITHOUT, PDF, token="palsu").status_code == 400
    for role in (VIEWER, BUPATI, JURI):
        form = {"edition": DEMO_CODE, "innovation": WITHOUT, "document": (io.BytesIO(PDF), "a.pdf")}
        assert login(role).post("/impor/dokumen", data=form).status_code == 403, role
    anonymous = login(None).post("/impor/dokumen", data={"innovation": WITHOUT})
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    assert admin.get("/impor/dokumen").status_code == 404  # POST only: no page to GET
    with app.app_context(), transaction(services().engine) as session:
        assert get_document(session, DEMO_CODE, WITHOUT) is None
