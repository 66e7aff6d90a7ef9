"""The committee's photos and documents page (/berkas): upload with a preview, caption, replace,
remove behind its confirmation, search; sizes refused before the form is read; the images to
the committee alone. Who may post is also in tests/security's matrices; the page in Chromium
is at the end here."""

from __future__ import annotations

import html
import re

import pytest
import urllib3
from sqlalchemy import func, select

from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.documents import MAX_DOCUMENT_BYTES
from data_access.models import InnovationDocument, InnovationPhoto
from tests.drawn import drawn_width
from tests.images import image_bytes, size_of
from tests.test_photos import _pdf
from tests.web import PASSWORD, client_as, committee_site, csrf_from

FILES = "/berkas"
CODE = "KIPP22-003"
THUMB = f"/berkas/foto/{DEMO_CODE}/{CODE}/kecil"
FULL = f"/berkas/foto/{DEMO_CODE}/{CODE}"
PREVIEW = re.compile(
    r'<img src="(/berkas/foto/[^"]+/kecil\?v=\d+)" alt="[^"]+" [^>]*id="files-preview"'
)


@pytest.fixture
def site(demo_url, tmp_path):
    """The app on a fresh demo with one account per role (SQLite: a page's test)."""
    with committee_site(demo_url, tmp_path, "test-files") as site:
        yield site


def _post(client, path: str, files: dict | None = None, lang: str = "id", **fields: str):
    """Post a form of the page with its CSRF token, as the page's own form does."""
    token = csrf_from(client.get(f"{FILES}?lang={lang}").get_data(as_text=True))
    data = {"csrf": token, "edition": DEMO_CODE, "innovation": CODE, **fields, **(files or {})}
    return _send(client, f"{path}?lang={lang}", data)


def _send(client, path: str, form: dict):
    """Post a multipart form encoded here, as bytes: the test client would spool a large
    body to a temporary file it never closes."""
    body, content_type = urllib3.encode_multipart_formdata(form)
    return client.post(path, data=body, content_type=content_type)


def _result(client, response) -> str:
    """Follow a post's redirect and return the page it shows (the outcome, once)."""
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].startswith(FILES)
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


def _file(data: bytes, name: str) -> tuple[str, bytes]:
    return (name, data)


def _counts(engine) -> tuple[int, int]:
    with transaction(engine) as session:
        photos = session.scalar(select(func.count()).select_from(InnovationPhoto))
        documents = session.scalar(select(func.count()).select_from(InnovationDocument))
    return photos or 0, documents or 0


def test_a_photo_and_a_document_upload_show_their_previews(site):
    app, _engine = site
    admin = client_as(app, "admin")
    photo = {"photo": _file(image_bytes("JPEG", (640, 480)), "foto.jpg")}
    page = _result(admin, _post(admin, f"{FILES}/foto", photo, caption="Loket  pelayanan"))
    assert f"Foto {CODE} disimpan (640×480 piksel," in page
    preview = PREVIEW.search(page).group(1)
    shown = admin.get(preview)
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert size_of(shown.get_data()) == (240, 180)
    assert shown.headers["Cache-Control"] == "private, no-store"
    assert "sandbox" in shown.headers["Content-Security-Policy"]
    row = page.split(f'id="inovasi-{CODE}"')[1].split("</tr>")[0]
    assert 'loading="lazy"' in row and "Loket pelayanan" in row and "oleh panitia" in row
    full = admin.get(FULL)
    assert full.mimetype == "image/jpeg" and size_of(full.get_data()) == (640, 480)
    again = admin.get(FILES).get_data(as_text=True)
    assert PREVIEW.search(again) is None  # the outcome is shown once
    document = {"document": _file(_pdf(2), "proposal final.pdf")}
    page = _result(admin, _post(admin, f"{FILES}/dokumen", document, lang="en"))
    assert f"The proposal of {CODE} is saved: proposal final.pdf (" in page
    assert ", 2 pages)." in page
    assert (
        f'href="/dokumen/{DEMO_CODE}/{CODE}.pdf" target="_blank" rel="noopener" id="files-preview"'
        in page
    )
    assert admin.get(f"/dokumen/{DEMO_CODE}/{CODE}.pdf").status_code == 200
    # /impor's document form (its own route) still lists it, and links here.
    imported = admin.get("/impor?lang=id").get_data(as_text=True)
    assert "proposal final.pdf" in imported
    assert f'href="/berkas?lang=id&amp;edition={DEMO_CODE}" id="document-files-link"' in imported


def test_caption_alone_replace_and_remove(site):
    app, engine = site
    admin = client_as(app, "admin")
    none = _result(admin, _post(admin, f"{FILES}/foto", caption="Tanpa foto"))
    assert f"Inovasi {CODE} belum punya foto" in none
    _result(admin, _post(admin, f"{FILES}/foto", {"photo": _file(image_bytes(), "a.png")}))
    page = _result(admin, _post(admin, f"{FILES}/foto", caption="Ruang tunggu"))
    assert f"Keterangan foto {CODE} disimpan." in page and "Ruang tunggu" in page
    replaced = {"photo": _file(image_bytes("WEBP", (90, 60)), "b.webp")}
    page = _result(admin, _post(admin, f"{FILES}/foto", replaced))
    assert "90×60 piksel" in page and "Ruang tunggu" in page  # the caption stays
    assert admin.get(FULL).mimetype == "image/webp"
    page = _result(admin, _post(admin, f"{FILES}/foto/hapus"))
    assert f"Foto {CODE} dihapus." in page
    assert admin.get(THUMB).status_code == 404
    _result(admin, _post(admin, f"{FILES}/dokumen", {"document": _file(_pdf(1), "p.pdf")}))
    page = _result(admin, _post(admin, f"{FILES}/dokumen/hapus"))
    assert f"Proposal {CODE} dihapus." in page
    gone = _result(admin, _post(admin, f"{FILES}/dokumen/hapus"))
    assert f"Inovasi '{CODE}' belum punya dokumen" in gone
    assert _counts(engine) == (0, 0)


def test_wrong_files_are_refused_and_nothing_is_stored(site):
    app, engine = site
    admin = client_as(app, "admin")
    gif = {"photo": _file(b"GIF89a" + b"\x00" * 64, "foto.gif")}
    page = _result(admin, _post(admin, f"{FILES}/foto", gif))
    assert "Foto harus JPEG, PNG atau WebP" in page and 'role="alert"' in page
    fake = {"photo": _file(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "foto.png")}
    assert "Foto tidak dapat dibaca" in _result(admin, _post(admin, f"{FILES}/foto", fake))
    text = {"document": _file(b"<html>bukan pdf</html>", "p.pdf")}
    assert "Berkas bukan PDF" in _result(admin, _post(admin, f"{FILES}/dokumen", text))
    nothing = _result(admin, _post(admin, f"{FILES}/dokumen"))
    assert "Pilih berkasnya dulu." in nothing
    other = _result(admin, _post(admin, f"{FILES}/foto/hapus", innovation="TIDAK-ADA"))
    assert "Inovasi 'TIDAK-ADA' tidak ada di edisi ini" in other
    assert _counts(engine) == (0, 0)


def test_sizes_are_refused_before_the_form_is_read(site):
    """Over the limit: 413 even without a CSRF token (the body was never parsed)."""
    app, engine = site
    admin = client_as(app, "admin")
    admin.get(FILES)
    big_photo = image_bytes() + b"\x00" * (5 * 1024 * 1024 + 70 * 1024)
    for path, field, body in (
        (f"{FILES}/foto", "photo", big_photo),
        (f"{FILES}/dokumen", "document", b"%PDF-" + b"\x00" * (MAX_DOCUMENT_BYTES + 70_000)),
        (f"{FILES}/foto/hapus", "x", b"\x00" * 5000),
    ):
        data = {"edition": DEMO_CODE, "innovation": CODE, field: _file(body, "f")}
        assert _send(admin, path, data).status_code == 413, path
    page = _send(admin, f"{FILES}/foto?lang=en", {"photo": _file(big_photo, "f.jpg")})
    assert "larger than 5 MB" in page.get_data(as_text=True)
    # Under the framing's allowance but over the photo's own limit: read to the limit only.
    over = {"photo": _file(image_bytes() + b"\x00" * (5 * 1024 * 1024), "f.png")}
    assert "Foto lebih dari 5 MB" in _result(admin, _post(admin, f"{FILES}/foto", over))
    assert _counts(engine) == (0, 0)


def test_the_page_and_its_images_are_the_committees_alone(site):
    app, engine = site
    admin = client_as(app, "admin")
    _result(admin, _post(admin, f"{FILES}/foto", {"photo": _file(image_bytes(), "a.png")}))
    anonymous = app.test_client()
    for path in (FILES, THUMB, FULL):
        answer = anonymous.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login"), path
    for role in ("viewer", "bupati", "juri"):
        client = client_as(app, role)
        for path in (FILES, THUMB, FULL):
            answer = client.get(path)
            assert answer.status_code == 403 and answer.mimetype == "text/html", (role, path)
        posted = client.post(f"{FILES}/foto/hapus", data={"innovation": CODE})
        assert posted.status_code == 403, role
    refused = admin.post(
        f"{FILES}/foto/hapus", data={"edition": DEMO_CODE, "innovation": CODE, "csrf": "tebakan"}
    )
    assert refused.status_code == 400
    assert _counts(engine) == (1, 0)


def test_search_narrows_the_list_and_posts_keep_it(site):
    app, _engine = site
    admin = client_as(app, "admin")
    page = admin.get(f"{FILES}?q=kipp22-01").get_data(as_text=True)
    codes = re.findall(r'<tr id="inovasi-([^"]+)"', page)
    assert codes == [f"KIPP22-0{n}" for n in range(10, 20)]
    assert "10 dari 32 inovasi" in page and 'id="files-clear"' in page
    assert "Tidak ada inovasi" in admin.get(f"{FILES}?q=zzz").get_data(as_text=True)
    answer = _post(admin, f"{FILES}/foto", caption="x", q="kipp22-01")
    assert answer.headers["Location"] == f"/berkas?lang=id&edition={DEMO_CODE}&q=kipp22-01#hasil"


def test_the_page_names_the_switch_that_makes_proposals_public():
    """/berkas once said only the committee and jurors open a proposal, "and later" the
    catalogue: since the catalogue can publish proposals, it names where that is chosen."""
    from data_access.i18n import t

    for lang in ("id", "en"):
        intro = t("files.intro", lang)
        assert t("catalogue_admin.title", lang) in intro, lang
        assert "kelak" not in intro and "later" not in intro, lang


@pytest.mark.browser
def test_br_files_page_in_chromium(site, live_dash, offline_page, artifacts_dir):
    """One load: upload a photo through the form, its preview and thumbnail show, the row
    stacks at 390 px without sideways scrolling."""
    app, _engine = site
    base = live_dash(app)
    page = offline_page
    page.goto(f"{base}/login?next=/berkas")
    page.fill("#username", "panitia")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/berkas"))
    row = page.locator(f"#inovasi-{CODE}")
    row.locator("details.kipp-files-edit summary").first.click()
    row.locator("input[type=file]").first.set_input_files(
        files=[
            {
                "name": "foto.jpg",
                "mimeType": "image/jpeg",
                "buffer": image_bytes("JPEG", (800, 600)),
            }
        ]
    )
    row.locator("input[name=caption]").fill("Loket pelayanan")
    row.locator("form.kipp-files-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"#hasil$"))
    preview = page.locator("#files-preview")
    preview.wait_for()
    assert page.evaluate("document.getElementById('files-preview').naturalWidth") == 240
    thumb = page.locator(f"#inovasi-{CODE} .kipp-files-thumb img")
    thumb.scroll_into_view_if_needed()
    page.wait_for_function(
        f"document.querySelector('#inovasi-{CODE} .kipp-files-thumb img').naturalWidth > 0"
    )
    assert thumb.get_attribute("alt") == f"Foto {CODE}: Loket pelayanan"
    page.screenshot(path=artifacts_dir / "files-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    assert drawn_width(page) <= 390
    box = page.locator(f"#inovasi-{CODE} td").first.bounding_box()
    assert box is not None and box["width"] > 300  # a stacked card, not a squeezed column
    page.screenshot(path=artifacts_dir / "files-390.png")
