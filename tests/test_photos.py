"""An innovation's photo in the data layer (data_access/ceremony/photos.py, images.py) and the
committee's list of photos and documents (data_access/innovation_files.py), on both databases."""

from __future__ import annotations

import zlib
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select, update

from data_access import audit, ceremony, documents
from data_access.ceremony import CeremonyError
from data_access.ceremony.images import MAX_PHOTO_PIXELS, check_photo
from data_access.db import transaction
from data_access.innovation_files import innovation_files, photo_of
from data_access.models import InnovationPhoto
from data_access.queries import get_edition
from tests.images import image_bytes, size_of
from tests.test_ceremony import CODE, DISTINCT, seed


def _pdf(pages: int) -> bytes:
    """Return a real PDF of `pages` pages (reportlab, as the exports draw theirs)."""
    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out)
    for number in range(pages):
        canvas.drawString(72, 720, f"halaman {number + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """Return a PNG whose header claims a size its few bytes never hold (a "bomb")."""
    small = image_bytes("PNG", (1, 1))
    ihdr = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + small[24:29]
    return small[:12] + ihdr + zlib.crc32(ihdr).to_bytes(4, "big") + small[33:]


def test_a_photo_is_checked_upright_without_metadata_with_a_thumbnail():
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera held sideways: turn 90° on display
    exif[0x010F] = "KameraUji"  # the maker: camera metadata the stored file must not keep
    checked = check_photo(image_bytes("JPEG", (400, 300), exif=exif))
    assert checked.content_type == "image/jpeg"
    assert (checked.width, checked.height) == size_of(checked.data) == (300, 400)
    assert b"KameraUji" not in checked.data and b"Exif" not in checked.data
    assert max(size_of(checked.thumbnail)) == 240 and checked.thumbnail[:3] == b"\xff\xd8\xff"
    webp = check_photo(image_bytes("WEBP", (64, 48)))
    assert (webp.content_type, webp.width) == ("image/webp", 64)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"GIF89a" + b"\x00" * 40, "JPEG, PNG atau WebP"),
        (image_bytes("PNG")[:40], "tidak dapat dibaca"),  # cut short: no pixels
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "tidak dapat dibaca"),
        (_png_header(60_000, 60_000), "megapiksel"),  # never decoded
        (_png_header(MAX_PHOTO_PIXELS // 1000 + 1, 1000), "megapiksel"),
        (image_bytes("JPEG") + b"\x00" * ceremony.MAX_PHOTO_BYTES, "5 MB"),
    ],
)
def test_a_photo_that_is_not_a_sane_image_is_refused(data, reason):
    with pytest.raises(CeremonyError) as refused:
        check_photo(data)
    assert reason in str(refused.value) and " / " in str(refused.value)


def test_caption_replace_remove_and_the_list(engine):
    ids = seed(engine, {"A": "90.00", "B": "80.00"})
    a, b = f"{CODE}-A", f"{CODE}-B"
    with transaction(engine) as session:
        saved = ceremony.set_photo(
            session, CODE, a, image_bytes("PNG", (80, 60)), caption="  Petugas\n melayani ", by="p1"
        )
        assert (saved.caption, saved.uploaded_by, saved.width) == ("Petugas melayani", "p1", 80)
        documents.set_document(session, CODE, b, _pdf(3), filename="b.pdf", by="p2")
    with transaction(engine) as session:  # a new file keeps the caption unless given one
        ceremony.set_photo(session, CODE, a, image_bytes("JPEG", (30, 20)), by="p3")
        assert ceremony.set_caption(session, CODE, b, "x") is False  # no photo to caption
    with transaction(engine) as session:
        edition_id = get_edition(session, CODE).id
        first, second = innovation_files(session, edition_id)
        assert first.photo is not None and first.document is None and second.photo is None
        assert (first.photo.caption, first.photo.uploaded_by) == ("Petugas melayani", "p3")
        assert (first.photo.content_type, first.photo.width, first.photo.height) == (
            "image/jpeg",
            30,
            20,
        )
        stored = ceremony.get_photo(session, ids["A"])
        assert stored is not None and first.photo.size == len(stored[1])
        assert second.document is not None and second.document.page_count == 3
        assert [i.code for i in innovation_files(session, edition_id, search="-b")] == [b]
        assert innovation_files(session, edition_id, search="%") == []  # taken literally
        thumb = photo_of(session, CODE, a, small=True)
        assert thumb is not None and thumb[0] == "image/jpeg" and size_of(thumb[1]) == (30, 20)
        assert photo_of(session, CODE, b, small=True) is None
        assert photo_of(session, "tidak-ada", a, small=False) is None
        assert ceremony.set_caption(session, CODE, a, "   ") is True
    with transaction(engine) as session:
        assert session.scalar(select(InnovationPhoto.caption)) is None
        assert ceremony.remove_photo(session, CODE, a, by="p4") is True
        assert ceremony.remove_photo(session, CODE, a) is False
        assert ceremony.get_photo(session, ids["A"]) is None
    with transaction(engine) as session:  # every change recorded, newest first
        recorded = [(e.action, e.actor, e.subject) for e in audit.events(session, edition=CODE)]
    assert recorded == [
        (audit.PHOTO_REMOVED, "p4", a),
        (audit.PHOTO_CAPTION, "cli", a),
        (audit.PHOTO_SET, "p3", a),
        (audit.DOCUMENT_SET, "p2", b),
        (audit.PHOTO_SET, "p1", a),
    ]


def test_a_photo_stored_before_thumbnails_gets_one_drawn(engine):
    ids = seed(engine, {"A": "90.00"})
    with transaction(engine) as session:
        ceremony.set_photo(session, CODE, f"{CODE}-A", image_bytes("PNG", (600, 300)))
        session.execute(update(InnovationPhoto).values(thumbnail=None, width=None))
    with transaction(engine) as session:
        thumbnail = ceremony.photo_thumbnail(session, ids["A"])
    assert thumbnail is not None and size_of(thumbnail) == (240, 120)


def test_a_revealed_winners_new_photo_moves_the_screens_revision(engine):
    """Screens draw again for a photo they show; a photo not yet revealed moves nothing."""
    seed(engine, DISTINCT)  # Juara I A, II B, III C
    with transaction(engine) as session:
        ceremony.approve(session, CODE, by="panitia")
        ceremony.advance(session, CODE, by="panitia")  # the splash
        ceremony.advance(session, CODE, by="panitia")  # Juara III: C on the screens

    def revision() -> int:
        with transaction(engine) as session:
            return ceremony.ceremony_revision(session, CODE)

    before = revision()
    with transaction(engine) as session:
        ceremony.set_photo(session, CODE, f"{CODE}-A", image_bytes(), by="panitia")
    assert revision() == before
    with transaction(engine) as session:
        ceremony.set_photo(session, CODE, f"{CODE}-C", image_bytes(), by="panitia")
    assert revision() == before + 1
    with transaction(engine) as session:
        ceremony.remove_photo(session, CODE, f"{CODE}-C", by="panitia")
    assert revision() == before + 2
    with transaction(engine) as session:
        assert ceremony.get_state(session, CODE).step == "award-3"  # the reveal stayed
