"""Piagam (/ekspor/piagam): A4 landscape certificates drawn from the approved results only,
one per Juara I-III innovation, and with ?peserta=1 one per submitting unit as well."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from data_access import ceremony, minutes
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.reports import participation_for
from tests.web import client_as, committee_site

PIAGAM = f"/ekspor/piagam?edition={DEMO_CODE}"


@pytest.fixture
def site(decided_url, tmp_path):
    with committee_site(decided_url, tmp_path, "test-piagam") as found:
        yield found


def _pages(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.get_data()))
    for page in reader.pages:  # A4 landscape
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert round(width) == 842 and round(height) == 595
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_certificates_come_from_the_approved_winners_only(site):
    app, engine = site
    admin = client_as(app, "admin")
    refused = admin.get(PIAGAM)
    assert refused.status_code == 409  # not before the approval, for the committee either
    assert client_as(app, "bupati").get(PIAGAM).status_code == 409
    assert client_as(app, "juri").get(PIAGAM).status_code == 403
    with transaction(engine) as session:
        snapshot = ceremony.approve(session, DEMO_CODE, by="panitia")
    winners = [(level, row) for level in (1, 2, 3) for row in snapshot.winners(level)]
    pages = _pages(admin.get(PIAGAM))
    assert len(pages) == len(winners) >= 3
    for page, (level, row) in zip(pages, winners, strict=True):
        assert page.startswith("PIAGAM PENGHARGAAN diberikan kepada")
        assert row["unit_name"] in page and row["title"] in page
        assert f"JUARA {'I' * level}" in page
        assert "Kompetisi Inovasi Pelayanan Publik (KIPP Kabupaten Kudus 2022)" in page
        assert "Bupati Kudus" in page
    answer = admin.get(PIAGAM)
    assert answer.headers["Content-Disposition"] == f"attachment; filename=piagam-{DEMO_CODE}.pdf"
    assert answer.headers["Cache-Control"] == "no-store"
    with_participants = admin.get(f"{PIAGAM}&peserta=1")
    # Its own file name: downloaded after the winners' one, it does not overwrite it.
    assert with_participants.headers["Content-Disposition"] == (
        f"attachment; filename=piagam-peserta-{DEMO_CODE}.pdf"
    )
    everyone = _pages(with_participants)
    participants = [p for p in everyone if p.startswith("PIAGAM PARTISIPASI")]
    with transaction(engine) as session:
        submitted = [r.name for r in participation_for(session, DEMO_CODE).rows if r.submitted]
    assert len(everyone) == len(pages) + len(participants)
    assert len(participants) == len(submitted) > 0
    assert all(name in page for name, page in zip(submitted, participants, strict=True))
    # The bupati's office downloads them too; a viewer does not.
    assert _pages(client_as(app, "bupati").get(PIAGAM)) == pages
    assert client_as(app, "viewer").get(PIAGAM).status_code == 403
    assert app.test_client().get(PIAGAM).headers["Location"].startswith("/login")


def test_certificates_take_the_place_date_signatory_and_logos_of_the_minutes(site):
    """What the committee set on /berita-acara: the "Mengetahui" signatory signs each page,
    at the place and date set, under the regency's and the competition's logos."""
    app, engine = site
    with transaction(engine) as session:
        ceremony.approve(session, DEMO_CODE, by="panitia")
        minutes.save_minutes(
            session,
            DEMO_CODE,
            {
                "place": "Pendopo Kabupaten Kudus",
                "signed_on": "2022-12-30",
                "known_title": "Sekretaris Daerah Kabupaten Kudus",
                "known_name": "Drs. Nama Pejabat Rekaan, M.Si.",
                "known_nip": "197001011990031001",
            },
            by="panitia",
        )
    plain = PdfReader(BytesIO(client_as(app, "admin").get(PIAGAM).get_data())).pages
    assert all(not page.images for page in plain)  # no logo set: none drawn
    with transaction(engine) as session:
        for kind, colour in zip(minutes.LOGO_KINDS, ("teal", "gold"), strict=True):
            logo = BytesIO()
            Image.new("RGB", (90, 90), colour).save(logo, "PNG")
            minutes.set_image(session, DEMO_CODE, kind, logo.getvalue(), by="panitia")
    answer = client_as(app, "admin").get(PIAGAM)
    pages = _pages(answer)
    assert len(pages) == len(plain) >= 3
    for page in pages:
        assert "Pendopo Kabupaten Kudus, 30 Desember 2022" in page
        assert "Sekretaris Daerah Kabupaten Kudus" in page and "Bupati Kudus" not in page
        assert "Drs. Nama Pejabat Rekaan, M.Si. NIP. 19700101 199003 1 001" in page
    drawn = PdfReader(BytesIO(answer.get_data())).pages
    assert all(len(page.images) == len(minutes.LOGO_KINDS) for page in drawn)
