"""The berita acara's own data (data_access/minutes.py) on both databases, and what the
berita acara PDF prints of it: the kop, the number, place and date, a line per juror with
the chair first, the Panitia line and the Mengetahui block, read back with pypdf."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pypdf
import pytest
from PIL import Image
from sqlalchemy import select

from data_access import audit, ceremony, minutes, queries
from data_access.db import transaction
from data_access.exports import export_bytes
from data_access.minutes import MinutesError
from data_access.models import EditionImage
from tests.seed import add_edition, add_juror

CODE = "ba-2022"
NOW = datetime(2022, 11, 24, 3, 5, tzinfo=UTC)
NIP = "19700101 199003 1 001"
# Twelve jurors, some with the long names and titles people really carry.
LONG = "Prof. Dr. Ir. Raden Mas Bambang Sulistyo Wicaksono Adiningrat Kusumawardhana, M.Sc."


def picture(fmt: str, size: tuple[int, int] = (300, 80), mode: str = "RGB") -> bytes:
    """Return a real image file of the format."""
    out = io.BytesIO()
    Image.new(mode, size).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def edition(engine):
    """The engine, with an edition of twelve jurors and a ceremony date."""
    with transaction(engine) as session:
        made = add_edition(session, CODE, ceremony_date=date(2022, 12, 29))
        for number in range(1, 13):
            juror = add_juror(session, made, f"J{number:02}", "Undip" if number % 2 else "UMK")
            juror.name = f"{LONG} ({number})" if number % 3 == 0 else f"Dr. Juri Rekaan {number}"
    return engine


def _save(engine, **fields: str) -> minutes.Minutes:
    with transaction(engine) as session:
        return minutes.save_minutes(session, CODE, fields, by="panitia")


def test_defaults_then_saved_values_and_refusals(edition):
    with transaction(edition) as session:
        assert minutes.get_minutes(session, CODE) == minutes.Minutes()
        paper = minutes.paperwork(session, CODE)
    assert (paper.place, paper.day, paper.known.title, paper.year) == (
        "Kudus",
        date(2022, 12, 29),
        "Bupati Kudus",
        2022,
    )
    saved = _save(
        edition,
        number="  050/123/14.01/2022 ",
        signed_on="2022-12-30",
        place="Pendopo   Kudus",
        chair_code="J05",
        known_title="Sekretaris Daerah",
        known_name="Drs. Nama Rekaan",
        known_nip=NIP,
        committee_name="Budi Rekaan",
    )
    assert saved.number == "050/123/14.01/2022" and saved.place == "Pendopo Kudus"
    assert saved.known.nip == NIP.replace(" ", "") and saved.known.nip_text == NIP
    with transaction(edition) as session:
        assert minutes.get_minutes(session, CODE).field_values() == saved.field_values()
        paper = minutes.paperwork(session, CODE)
        (event,) = audit.events(session, actions=(audit.MINUTES_SAVED,))
    assert paper.day == date(2022, 12, 30) and paper.known.title == "Sekretaris Daerah"
    assert event.actor == "panitia" and event.edition_code == CODE
    refusals = {
        "known_nip": ("1970", "minutes.refused.nip"),
        "committee_nip": ("19700101-199003-1-001", "minutes.refused.nip"),
        "signed_on": ("30/12/2022", "minutes.refused.date"),
        "chair_code": ("J99", "minutes.refused.chair"),
        "place": ("x" * 81, "minutes.refused.too_long"),
    }
    for field, (value, key) in refusals.items():
        with pytest.raises(MinutesError) as refused, transaction(edition) as session:
            minutes.save_minutes(session, CODE, {field: value}, by="panitia")
        assert refused.value.message.key == key, field
        assert refused.value.field_name == field  # the page marks this field
    with transaction(edition) as session:  # nothing of a refused save was kept
        assert minutes.get_minutes(session, CODE).field_values() == saved.field_values()
        with pytest.raises(queries.EditionNotFound):
            minutes.save_minutes(session, "tidak-ada", {}, by="panitia")


def test_images_are_checked_and_a_logo_redraws_the_screens_but_not_the_data(edition):
    png, jpeg = picture("PNG"), picture("JPEG")
    assert minutes.image_type(png) == "image/png" and minutes.image_type(jpeg) == "image/jpeg"
    refused = {
        "minutes.refused.image_type": picture("GIF"),
        "minutes.refused.image_broken": png[:40],  # a PNG signature and no picture
        "minutes.refused.image_size": png + b"\0" * minutes.MAX_IMAGE_BYTES,
        "minutes.refused.image_pixels": picture("PNG", (6000, 5000), "1"),
    }
    for key, data in refused.items():
        with pytest.raises(MinutesError) as error:
            minutes.image_type(data)
        assert error.value.message.key == key
    with transaction(edition) as session:
        version = queries.data_version(session)
        revision = ceremony.ceremony_revision(session, CODE)
        minutes.set_image(session, CODE, "kop", png, by="panitia")
    with transaction(edition) as session:
        assert ceremony.ceremony_revision(session, CODE) == revision  # the kop: no screen's
        assert minutes.logo_stamps(session, CODE) == {}
        minutes.set_image(session, CODE, "regency_logo", jpeg, by="panitia")
    with transaction(edition) as session:
        assert ceremony.ceremony_revision(session, CODE) == revision + 1
        assert set(minutes.logo_stamps(session, CODE)) == {"regency_logo"}
        assert set(minutes.image_stamps(session, CODE)) == {"kop", "regency_logo"}
        assert minutes.get_image(session, CODE, "regency_logo") == ("image/jpeg", jpeg)
        assert minutes.get_image(session, CODE, "secret") is None
        with pytest.raises(MinutesError):
            minutes.set_image(session, CODE, "favicon", png, by="panitia")
        assert minutes.remove_image(session, CODE, "regency_logo", by="panitia")
    with transaction(edition) as session:
        assert ceremony.ceremony_revision(session, CODE) == revision + 2
        assert not minutes.remove_image(session, CODE, "regency_logo", by="panitia")
        assert queries.data_version(session) == version  # nothing judged moved
        kinds = session.scalars(select(EditionImage.kind)).all()
        recorded = audit.events(session, actions=(audit.MINUTES_IMAGE,))
    assert kinds == ["kop"]
    assert [e.subject for e in recorded] == ["regency_logo", "regency_logo", "kop"]


def pdf_pages(data: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


def flat(page: pypdf.PageObject) -> str:
    return " ".join(page.extract_text().split())


def test_the_berita_acara_prints_the_kop_every_juror_and_the_mengetahui_block(edition):
    with transaction(edition) as session:
        plain = export_bytes(session, CODE, "pdf", juror_scores=False, now=NOW).data
    pages = pdf_pages(plain)
    assert "/XObject" not in str(pages[0]["/Resources"])  # no kop set: no image
    closing = " ".join(flat(p) for p in pages)
    assert "Kudus, 29 Desember 2022" in closing  # the ceremony's date by default
    assert "Ketua Dewan Juri" not in closing  # nobody named chair yet
    _save(
        edition,
        number="050/123/14.01/2022",
        chair_code="J12",
        known_name="Drs. Nama Pejabat Rekaan, M.Si.",
        known_nip=NIP,
        committee_title="Ketua Panitia",
        committee_name="Budi Rekaan",
    )
    with transaction(edition) as session:
        minutes.set_image(session, CODE, "kop", picture("PNG", (1200, 200)), by="panitia")
        jurors = queries.load_jurors(session, queries.get_edition(session, CODE).id)
        data = export_bytes(session, CODE, "pdf", juror_scores=False, now=NOW).data
    pages = pdf_pages(data)
    first = pages[0]
    assert len(first.images) == 1  # the kop, at the top of page 1 only
    assert all(not page.images for page in pages[1:])
    assert "Nomor: 050/123/14.01/2022" in flat(first)
    text = " ".join(flat(p) for p in pages)
    closing = text[text.index("Demikian berita acara") :]
    assert "Kudus, 29 Desember 2022" in closing
    chair = next(j for j in jurors if j.code == "J12")
    assert closing.index("1. Ketua Dewan Juri") < closing.index(chair.name.split(" (")[0])
    assert closing.count("Anggota Dewan Juri") == len(jurors) - 1
    for juror in jurors:  # every name whole, however long (wrapped, never cut)
        assert " ".join(juror.name.split()) in closing.replace("- ", "-"), juror.name
    tail = closing[closing.index("Panitia,") :]
    for words in ("Ketua Panitia", "Budi Rekaan", "Mengetahui,", "Bupati Kudus"):
        assert words in tail, words
    assert f"Drs. Nama Pejabat Rekaan, M.Si. NIP. {NIP}" in tail


@pytest.mark.parametrize(
    ("name", "dates", "year"),
    [
        ("KIPP Kabupaten Kudus 2022", {"ceremony_date": date(2023, 1, 5)}, 2022),
        ("KIPP Kudus", {"submission_end": date(2024, 11, 13)}, 2024),
        ("KIPP 2023/2024", {"ceremony_date": date(2024, 1, 9)}, 2024),
        ("KIPP Kudus", {}, None),
    ],
)
def test_the_editions_year_is_its_names_else_its_first_dates(name, dates, year):
    fields = dict.fromkeys(queries.EditionInfo.__dataclass_fields__)
    info = queries.EditionInfo(**(fields | {"name": name} | dates))
    assert minutes.edition_year(info) == year
