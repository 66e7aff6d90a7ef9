"""The committee's berita acara page (/berita-acara): the minutes' data and signatories, the
jurors who get a line, the kop and logos uploaded, previewed and removed, the limits of an
upload; and who may see which image (a screen: its own edition's logos, never the kop).
Who may use the routes is also in tests/security's matrices."""

from __future__ import annotations

import html
import io
import re

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from data_access import minutes
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.kiosks import create_token, kiosk_url
from data_access.models import EditionImage, EditionMinutes, Juror
from tests.seed import add_edition
from tests.web import client_as, committee_site, csrf_from

PAGE = "/berita-acara"
FLASH = re.compile(r'id="hasil"><p class="mb-0">([^<]*)</p>')


@pytest.fixture
def site(demo_url, tmp_path):
    """The app on a fresh demo with one account per role (SQLite: a page's test)."""
    with committee_site(demo_url, tmp_path, "test-minutes") as found:
        yield found


def png(size: tuple[int, int] = (120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


def _post(client, path: str, lang: str = "id", files: dict | None = None, **fields: str):
    """Post a form of the page with its CSRF token, as the page's own form does."""
    token = csrf_from(client.get(f"{PAGE}?lang={lang}").get_data(as_text=True))
    data: dict = {"csrf": token, "edition": DEMO_CODE, **fields}
    for name, (body, filename) in (files or {}).items():
        data[name] = FileStorage(io.BytesIO(body), filename=filename)
    return client.post(f"{path}?lang={lang}", **multipart(data))


def multipart(data: dict) -> dict:
    """Return a multipart body encoded in memory (the test client would spool a large one to
    a temporary file it never closes)."""
    boundary, body = encode_multipart(data)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def _outcome(client, response) -> tuple[str, str]:
    """Follow a post's redirect (PRG); return the outcome shown once, and the page."""
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].startswith(f"{PAGE}?")
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    found = FLASH.search(page)
    return (found.group(1) if found else ""), page


def test_the_committee_sets_the_minutes_and_sees_every_jurors_line(site):
    app, engine = site
    admin = client_as(app, "admin")
    answer = admin.get(PAGE)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    page = html.unescape(answer.get_data(as_text=True))
    with transaction(engine) as session:
        jurors = session.execute(select(Juror.code, Juror.name)).all()
    lines = re.findall(r'<li data-juror="([^"]+)"><strong>([^<]+)</strong>', page)
    assert sorted(lines) == sorted(jurors) and len(lines) >= 2
    assert "Ketua Dewan Juri" not in page.split('id="juri"')[1]
    assert "Kosong: tanggal upacara, 29 Desember 2022." in page  # the demo's ceremony
    chair = lines[-1][0]
    said, page = _outcome(
        admin,
        _post(
            admin,
            f"{PAGE}/simpan",
            number="050/7/2022",
            chair_code=chair,
            known_name="Nama Rekaan",
            known_nip="19700101 199003 1 001",
        ),
    )
    assert said == "Data berita acara disimpan."
    first = re.search(r'<li data-juror="([^"]+)">.*?</li>', page.split('id="juri"')[1])
    assert first.group(1) == chair and "Ketua Dewan Juri" in first.group(0)
    assert 'value="050/7/2022"' in page and 'value="19700101 199003 1 001"' in page
    said, _page = _outcome(admin, _post(admin, f"{PAGE}/simpan", lang="en", known_nip="123"))
    assert said == "A NIP is 18 digits (or empty): '123'"
    # A refused save gives back the form as typed, the field at fault marked with the
    # refusal, for the next page only; nothing typed travels in the address.
    typed = {"place": "Pendopo Kabupaten Kudus", "committee_name": "Budi Rekaan, S.Sos."}
    refused = _post(admin, f"{PAGE}/simpan", known_nip="1234", **typed)
    assert (
        "Pendopo" not in refused.headers["Location"] and "1234" not in refused.headers["Location"]
    )
    said, page = _outcome(admin, refused)
    assert said == "NIP harus 18 angka (atau kosong): '1234'"
    for name, value in {**typed, "known_nip": "1234"}.items():
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', page), name
    assert 'value="050/7/2022"' not in page  # typed empty: shown empty, not the saved one
    (invalid,) = re.findall(r'<input class="[^"]*is-invalid[^"]*"[^>]*>', page)
    assert 'name="known_nip"' in invalid and 'aria-invalid="true"' in invalid
    assert re.search(r'id="minutes-known_nip-error">NIP harus 18 angka', page)
    again = html.unescape(admin.get(f"{PAGE}?lang=id").get_data(as_text=True))
    assert "is-invalid" not in again and 'value="050/7/2022"' in again and "1234" not in again
    unknown = _post(admin, f"{PAGE}/simpan", edition="tidak-ada")
    assert admin.get(unknown.headers["Location"]).status_code == 404  # the form names one
    with transaction(engine) as session:
        (row,) = session.scalars(select(EditionMinutes)).all()
        assert (row.number, row.chair_code, row.known_nip) == (
            "050/7/2022",
            chair,
            "197001011990031001",
        )


def test_images_are_uploaded_previewed_removed_and_bounded(site):
    app, engine = site
    admin = client_as(app, "admin")
    logo = png()
    none = re.compile(r'id="gambar-([a-z_]+)".*?kipp-minutes-none">([^<]*)<', re.S)
    empty = dict(none.findall(html.unescape(admin.get(PAGE).get_data(as_text=True))))
    # The kop is never on a screen: without one, the berita acara is printed without it.
    assert empty["kop"] == "Belum ada. Berita acara dicetak tanpa kop surat."
    assert "Layar" in empty["regency_logo"] and "Layar" in empty["competition_logo"]
    said, page = _outcome(
        admin, _post(admin, f"{PAGE}/gambar", kind="regency_logo", files={"image": (logo, "a.png")})
    )
    assert said == "Logo Kabupaten disimpan."
    (src,) = re.findall(r'<img src="(/berita-acara/gambar/[^"]+)"', page)
    preview = admin.get(src)
    assert preview.status_code == 200 and preview.data == logo
    assert preview.mimetype == "image/png"
    assert preview.headers["Cache-Control"] == "private, no-store"
    assert preview.headers["X-Content-Type-Options"] == "nosniff"
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    refusals = [
        ({"image": (gif.getvalue(), "a.gif")}, "Hanya gambar PNG atau JPEG yang diterima"),
        ({"image": (b"<svg onload=alert(1)>", "a.png")}, "Hanya gambar PNG atau JPEG"),
        ({}, "Pilih berkas gambar dulu"),
        # Inside the body's limit, over the image's: refused by the check, not the server.
        ({"image": (logo + b"\0" * minutes.MAX_IMAGE_BYTES, "a.png")}, "Gambar terlalu besar"),
    ]
    for files, words in refusals:
        said, _page = _outcome(admin, _post(admin, f"{PAGE}/gambar", kind="kop", files=files))
        assert said.startswith(words), said
    said, _page = _outcome(
        admin, _post(admin, f"{PAGE}/gambar", kind="favicon", files={"image": (logo, "a.png")})
    )
    assert said == "Jenis gambar tidak dikenal"
    # A body over the upload's limit is refused before it is read; no token: refused too.
    big = _post(admin, f"{PAGE}/gambar", kind="kop", files={"image": (b"x" * 3_000_000, "a.png")})
    assert big.status_code == 413
    image = FileStorage(io.BytesIO(logo), filename="a.png")
    forged = admin.post(
        f"{PAGE}/gambar", **multipart({"csrf": "tebakan", "kind": "kop", "image": image})
    )
    assert forged.status_code == 400
    with transaction(engine) as session:
        assert session.scalars(select(EditionImage.kind)).all() == ["regency_logo"]
    said, page = _outcome(admin, _post(admin, f"{PAGE}/hapus-gambar", kind="regency_logo"))
    assert said == "Logo Kabupaten dihapus." and "/berita-acara/gambar/" not in page
    assert admin.get(src).status_code == 404


def test_the_kop_is_the_committees_and_a_screen_sees_only_its_own_editions_logos(site):
    app, engine = site
    with transaction(engine) as session:
        add_edition(session, "lain-2027", name="KIPP Lain 2027")
        for kind in ("kop", "regency_logo"):
            minutes.set_image(session, DEMO_CODE, kind, png(), by="panitia")
        own = kiosk_url(create_token(session, "TV Pendopo", DEMO_CODE))
        other = kiosk_url(create_token(session, "TV Lain", "lain-2027"))
    kop = f"{PAGE}/gambar/kop?edition={DEMO_CODE}"
    assert app.test_client().get(kop).headers["Location"].startswith("/login")
    for role in ("viewer", "bupati", "juri"):
        client = client_as(app, role)
        assert client.get(kop).status_code == 403, role
        assert client.get(PAGE).status_code == 403, role
        assert client.post(f"{PAGE}/simpan", data={"number": "x"}).status_code == 403, role
    screen = app.test_client()
    assert screen.get(own).status_code == 200
    assert screen.get(kop).status_code == 403
    assert screen.get("/kiosk/logo/kop").status_code == 404
    assert screen.get("/kiosk/logo/regency_logo").status_code == 200
    assert screen.get("/kiosk/logo/competition_logo").status_code == 404  # none set
    elsewhere = app.test_client()
    assert elsewhere.get(other).status_code == 200
    # Its own edition has no logo, whatever edition its address names.
    asked = f"/kiosk/logo/regency_logo?edition={DEMO_CODE}"
    assert elsewhere.get(asked).status_code == 404
    assert app.test_client().get(asked).status_code == 401
    with transaction(engine) as session:
        assert session.scalars(select(EditionMinutes)).all() == []
