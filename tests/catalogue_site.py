"""A demo catalogue for tests: a photo, a PDF, a long summary, approved; published, revealed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from data_access import catalogue, ceremony
from data_access.ceremony import set_photo
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.documents import set_document
from data_access.models import Innovation
from tests.images import image_bytes
from tests.test_photos import _pdf
from tests.web import copy_database

PHOTO_CODE = "KIPP22-001"
DOCUMENT_CODE = "KIPP22-002"
LONG_SUMMARY = "Layanan jemput bola " * 30
CAPTION = "Petugas melayani warga di balai desa"


def build_catalogue(
    decided: Path, folder: Path, *, publish: bool = False, reveal: bool = False
) -> str:
    """Copy the decided demo into `folder` with a photo, a PDF and a long summary, approved.

    publish: the edition is in the catalogue (innovators and documents shown); reveal: the
    reveal walked to "all", so the awards are public. Returns the copy's URL.
    """
    url = copy_database(decided, folder)
    engine = make_engine(url)
    with transaction(engine) as session:
        set_photo(session, DEMO_CODE, PHOTO_CODE, image_bytes("JPEG", (640, 480)), caption=CAPTION)
        set_document(session, DEMO_CODE, DOCUMENT_CODE, _pdf(1), filename="p.pdf", by="panitia")
        session.execute(
            update(Innovation).where(Innovation.code == PHOTO_CODE).values(summary=LONG_SUMMARY)
        )
        ceremony.approve(session, DEMO_CODE, by="panitia")
        if publish:
            catalogue.publish(
                session, DEMO_CODE, by="panitia", show_innovators=True, show_documents=True
            )
        while reveal and ceremony.get_state(session, DEMO_CODE).step != ceremony.ALL:
            ceremony.advance(session, DEMO_CODE, by="panitia")
    engine.dispose()
    return url
