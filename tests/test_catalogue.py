"""The public catalogue's data layer (data_access/catalogue): publication, the awards' door,
the public record, its version, search and the same innovation across editions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update

from data_access import audit, catalogue, ceremony
from data_access.catalogue import Filters, fold, load_catalogue, search
from data_access.catalogue.record import edition_year
from data_access.db import transaction
from data_access.models import (
    AuditEvent,
    Ceremony,
    DataVersion,
    Edition,
    Innovation,
    Score,
    Unit,
)
from tests.cli_run import cli, ok
from tests.images import image_bytes
from tests.seed import add_edition, add_innovation, add_unit
from tests.test_ceremony import BY, CODE, DISTINCT, advance, approve, canary, reset, seed


def _load(engine) -> catalogue.Catalogue:
    with transaction(engine) as session:
        return load_catalogue(session)


def _publish(engine, code: str = CODE, **switches) -> catalogue.Publication:
    with transaction(engine) as session:
        return catalogue.publish(session, code, by=BY, **switches)


def _version(engine) -> str:
    with transaction(engine) as session:
        return catalogue.catalogue_version(session)


def _awards(engine, code: str = CODE) -> dict[str, int]:
    """Return {label: Juara level} of the catalogue's entries that carry an award."""
    return {
        entry.code.rsplit("-", 1)[1]: entry.award
        for entry in _load(engine).entries
        if entry.edition_code == code and entry.award is not None
    }


def test_nothing_is_public_until_published_and_unpublishing_takes_it_away(engine):
    seed(engine, DISTINCT)
    assert _load(engine).entries == ()
    with transaction(engine) as session:
        assert catalogue.is_published(session, CODE) is False
    first = _publish(engine)
    assert (first.show_finalists, first.show_innovators, first.show_documents) == (
        False,
        False,
        False,
    )
    loaded = _load(engine)
    assert {entry.title for entry in loaded.entries} == {
        canary(label)["title"] for label in DISTINCT
    }
    assert [e.code for e in loaded.editions] == [CODE]
    with transaction(engine) as session:
        assert catalogue.unpublish(session, CODE, by=BY) is True
        assert catalogue.unpublish(session, CODE, by=BY) is False
    assert _load(engine).entries == ()
    with transaction(engine) as session:
        actions = session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars().all()
    assert actions == [audit.CATALOGUE_PUBLISHED, audit.CATALOGUE_UNPUBLISHED]


def test_awards_appear_only_once_the_reveal_reached_all_and_stay_after_a_reset(engine):
    seed(engine, DISTINCT)
    _publish(engine, show_finalists=True)
    approve(engine)
    assert _awards(engine) == {}
    seen = []
    for _step in range(4):  # splash, Juara III, II, I: not yet "all"
        advance(engine)
        seen.append(_awards(engine))
    assert seen == [{}, {}, {}, {}]
    assert not any(entry.finalist for entry in _load(engine).entries)
    assert advance(engine).step == ceremony.ALL
    assert _awards(engine) == {"A": 1, "B": 2, "C": 3}
    # After the ceremony the screens go back to the rotation: the record stays public.
    reset(engine)
    assert _awards(engine) == {"A": 1, "B": 2, "C": 3}
    finalists = {e.code.rsplit("-", 1)[1] for e in _load(engine).entries if e.finalist}
    assert finalists == {"A", "B", "C", "D"}
    _publish(engine, show_finalists=False)
    assert not any(entry.finalist for entry in _load(engine).entries)


def test_an_entry_never_carries_a_score_a_rank_a_juror_or_a_status(engine):
    seed(engine, DISTINCT)
    _publish(engine)
    approve(engine)
    for _step in range(5):
        advance(engine)
    fields = {name for name in catalogue.CatalogueEntry.__dataclass_fields__}
    assert not fields & {"score", "final_score", "rank", "tier", "juror", "admin_status"}
    text = repr(_load(engine))
    for value in DISTINCT.values():
        assert value not in text and value.replace(".", ",") not in text
    assert "Juri" not in text and "lolos" not in text


def test_innovators_and_documents_only_when_the_committee_publishes_them(engine):
    ids = seed(engine, DISTINCT)
    with transaction(engine) as session:
        from data_access.documents import set_document
        from tests.test_photos import _pdf

        set_document(session, CODE, canary("A")["code"], _pdf(1), filename="a.pdf", by=BY)
    _publish(engine)
    entries = {e.code: e for e in _load(engine).entries}
    assert all(e.innovator is None and not e.has_document for e in entries.values())
    _publish(engine, show_innovators=True, show_documents=True)
    entries = {e.code: e for e in _load(engine).entries}
    assert entries[canary("A")["code"]].innovator == canary("A")["innovator"]
    assert entries[canary("A")["code"]].has_document
    assert not entries[canary("B")["code"]].has_document
    assert ids  # seeded


def _same_as_a_fresh_load(engine, previous: catalogue.Catalogue) -> catalogue.Catalogue:
    """Load the record keeping what `previous` may lend; check it equals a load from nothing."""
    with transaction(engine) as session:
        kept = load_catalogue(session, previous=previous)
        fresh = load_catalogue(session)
        # The record reads each edition's year from its own row: the same as from the model.
        for found in session.execute(select(Edition)).scalars():
            shown = fresh.edition(found.code)
            assert shown is None or shown.year == edition_year(found)
    assert kept.version == fresh.version
    assert kept.editions == fresh.editions and kept.entries == fresh.entries
    assert kept.units == fresh.units and kept.by_key == fresh.by_key
    assert catalogue.facets(kept) == catalogue.facets(fresh)
    opds: dict[str, str] = {}  # the filter form's choices: the first of each in the record
    for entry in fresh.entries:
        opds.setdefault(entry.opd_code, entry.opd_name)
    assert kept.opds == opds
    assert set(kept.categories.values()) == {e.category for e in fresh.entries}
    assert [e.search_text for e in kept.entries] == [e.search_text for e in fresh.entries]
    return kept


def test_the_version_moves_with_what_the_pages_show_and_only_then(engine):
    seed(engine, DISTINCT)
    before = _version(engine)
    assert _version(engine) == before
    _publish(engine)
    published = _version(engine)
    assert published != before
    held = _same_as_a_fresh_load(engine, _load(engine))
    _publish(engine)  # nothing changed: no new version, no audit line
    assert _version(engine) == published
    # A juror's score saved (judged data: the data version moves) shows on no public page.
    with transaction(engine) as session:
        data_before = session.execute(select(DataVersion.version)).scalar_one()
        first = select(func.min(Score.id)).where(Score.score_centi < 10000).scalar_subquery()
        saved = session.execute(
            update(Score).where(Score.id == first).values(score_centi=Score.score_centi + 1)
        )
        assert saved.rowcount == 1
    with transaction(engine) as session:
        assert session.execute(select(DataVersion.version)).scalar_one() != data_before
    assert _version(engine) == published
    marks = [published]

    def moved() -> None:
        nonlocal held
        now = _version(engine)
        assert now not in marks
        marks.append(now)
        held = _same_as_a_fresh_load(engine, held)

    _publish(engine, show_innovators=True)  # a publication switch
    moved()
    with transaction(engine) as session:
        ceremony.set_photo(session, CODE, canary("B")["code"], image_bytes("JPEG", (64, 48)))
    moved()
    with transaction(engine) as session:
        code = canary("A")["code"]
        session.execute(update(Innovation).where(Innovation.code == code).values(title="Baru"))
    moved()
    assert held.entry(CODE, code).title == "Baru"
    with transaction(engine) as session:
        unit_id = session.execute(
            select(Innovation.unit_id).where(Innovation.code == code)
        ).scalar_one()
        session.execute(update(Unit).where(Unit.id == unit_id).values(name="Unit Berganti Nama"))
    moved()
    assert held.entry(CODE, code).unit_name == "Unit Berganti Nama"
    with transaction(engine) as session:  # no year in its name: its first date's year
        session.execute(
            update(Edition)
            .where(Edition.code == CODE)
            .values(
                name="KIPP Kudus",
                submission_start=None,
                submission_end=None,
                proposal_start=date(2021, 3, 1),
            )
        )
    moved()
    assert held.edition(CODE).year == 2021 and held.entry(CODE, code).year == 2021
    approve(engine)
    moved()
    for _step in range(5):  # splash, Juara III, II, I, all: each step a new version
        advance(engine)
        moved()
    assert held.entry(CODE, code).award == 1
    _publish(engine, show_finalists=True)
    moved()
    assert held.entry(CODE, canary("D")["code"]).finalist


def test_the_photo_and_its_caption_reach_the_entry(engine):
    seed(engine, DISTINCT)
    _publish(engine)
    with transaction(engine) as session:
        ceremony.set_photo(
            session, CODE, canary("A")["code"], image_bytes("JPEG", (64, 48)), caption="Warga"
        )
        ceremony.set_photo(session, CODE, canary("B")["code"], image_bytes("PNG", (64, 48)))
    entries = {e.code: e for e in _load(engine).entries}
    a, b, c = (entries[canary(label)["code"]] for label in "ABC")
    assert (a.has_photo, a.photo_alt) == (True, "Warga")
    assert (b.has_photo, b.photo_alt) == (True, b.title)
    assert (c.has_photo, c.photo_stamp) == (False, None)


def _three_editions(engine) -> None:
    """Seed 2021, 2022 and 2023 editions with one innovation each continuing the previous."""
    with transaction(engine) as session:
        opd = add_unit(session, "DISDUKCAPIL")
        opd.name = "Dinas Kependudukan dan Pencatatan Sipil"
        sub = add_unit(session, "UPT-A", parent=opd, required=False)
        other = add_unit(session, "DKK")
        other.name = "Dinas Kesehatan"
        previous = None
        for year in (2021, 2022, 2023):
            edition = add_edition(
                session, f"kipp-{year}", name=f"KIPP {year}", ceremony_date=date(year, 12, 1)
            )
            main = add_innovation(session, edition, f"K{year}-1", sub if year == 2022 else opd)
            main.title = f"Layanan Adminduk Keliling {year}"
            main.summary = "Pelayanan akta kelahiran di desa-desa."
            main.category = "Administrasi Kependudukan"
            if previous:
                main.continues = previous
            previous = f"kipp-{year}:K{year}-1"
            extra = add_innovation(session, edition, f"K{year}-2", other)
            extra.title = "Posyandu Remaja Ceria" if year != 2022 else "Pösyandu Lansia Sehat"
            extra.category = "kesehatan"


def test_lineage_follows_continues_both_ways_through_published_editions_only(engine):
    _three_editions(engine)
    for year in (2021, 2022, 2023):
        _publish(engine, f"kipp-{year}")
    loaded = _load(engine)
    assert [e.code for e in loaded.editions] == ["kipp-2023", "kipp-2022", "kipp-2021"]
    middle = loaded.entry("kipp-2022", "K2022-1")
    assert [e.key for e in loaded.lineage(middle)] == ["kipp-2021:K2021-1", "kipp-2023:K2023-1"]
    first = loaded.entry("kipp-2021", "K2021-1")
    assert [e.key for e in loaded.lineage(first)] == ["kipp-2022:K2022-1", "kipp-2023:K2023-1"]
    with transaction(engine) as session:
        catalogue.unpublish(session, "kipp-2022", by=BY)
    loaded = _load(engine)
    # The middle year is not public: the chain stops at it, in both directions.
    assert loaded.lineage(loaded.entry("kipp-2023", "K2023-1")) == []
    assert loaded.lineage(loaded.entry("kipp-2021", "K2021-1")) == []
    # A loop in the data (an import mistake) ends the walk instead of running forever.
    with transaction(engine) as session:
        session.execute(
            update(Innovation)
            .where(Innovation.code == "K2021-1")
            .values(continues="kipp-2023:K2023-1")
        )
    loaded = _load(engine)
    assert [e.key for e in loaded.lineage(loaded.entry("kipp-2023", "K2023-1"))] == [
        "kipp-2021:K2021-1"
    ]


def test_search_filters_and_pages(engine):
    _three_editions(engine)
    for year in (2021, 2022, 2023):
        _publish(engine, f"kipp-{year}")
    loaded = _load(engine)

    def codes(**args: str) -> list[str]:
        return [e.code for e in search(loaded, Filters.from_args(args)).entries]

    assert codes() == ["K2023-1", "K2023-2", "K2022-1", "K2022-2", "K2021-1", "K2021-2"]
    # Accents and case ignored, every word must match, in the title, unit or summary.
    assert codes(cari="POSYÂNDU lansia") == ["K2022-2"]
    assert codes(q="akta desa") == ["K2023-1", "K2022-1", "K2021-1"]
    assert codes(cari="kependudukan 2022") == ["K2022-1"]
    # A unit's filter holds its sub-units' innovations too.
    assert codes(opd="DISDUKCAPIL", tahun="2022") == ["K2022-1"]
    assert codes(opd="UPT-A") == ["K2022-1"]
    assert codes(kategori="KESEHATAN") == ["K2023-2", "K2022-2", "K2021-2"]
    assert codes(edisi="kipp-2021") == ["K2021-1", "K2021-2"]
    assert codes(juara="1") == []
    # What the catalogue does not know matches nothing; it is never an error.
    assert codes(edisi="rahasia", tahun="20x2") == []
    assert codes(tahun="99999", halaman="-3") == codes()
    # A page past the end shows the last one.
    results = search(loaded, Filters.from_args({"halaman": "9"}))
    assert (results.page, results.pages, results.total) == (1, 1, 6)
    assert (results.first_number, results.last_number) == (1, 6)


def test_a_long_list_is_paged_and_every_state_has_one_address():
    filters = Filters.from_args(
        {"halaman": "2", "tahun": "2022", "opd": "DISDUKCAPIL", "cari": "  akta   desa "}
    )
    assert filters.query() == "?cari=akta+desa&tahun=2022&opd=DISDUKCAPIL&halaman=2"
    assert filters.query("en", page=1) == "?cari=akta+desa&tahun=2022&opd=DISDUKCAPIL&lang=en"
    assert Filters().query() == ""
    assert Filters.from_args({"cari": "x" * 500}).text == "x" * 200


def test_search_pages_through_many_entries(engine):
    with transaction(engine) as session:
        edition = add_edition(session, "kipp-besar", ceremony_date=date(2024, 12, 1))
        unit = add_unit(session, "BAPPEDA")
        for number in range(catalogue.PAGE_SIZE * 2 + 5):
            add_innovation(session, edition, f"B-{number:03d}", unit)
    _publish(engine, "kipp-besar")
    loaded = _load(engine)
    pages = [search(loaded, Filters(page=page)) for page in (1, 2, 3)]
    assert [len(p.entries) for p in pages] == [catalogue.PAGE_SIZE, catalogue.PAGE_SIZE, 5]
    assert {p.pages for p in pages} == {3}
    seen = [e.code for p in pages for e in p.entries]
    assert len(set(seen)) == len(seen) == catalogue.PAGE_SIZE * 2 + 5


def test_fold_and_the_year_of_an_edition():
    assert fold("  Pösyandu   LANSIA ") == "posyandu lansia"
    assert fold("Ｋudus") == "kudus"  # full-width letters fold (NFKD)
    dated = Edition(code="x", name="KIPP", ceremony_date=date(2023, 12, 5))
    assert edition_year(dated) == 2023
    named = Edition(code="kipp-lama", name="KIPP Kabupaten Kudus 2019")
    assert edition_year(named) == 2019
    # The kiosk's and the minutes' rule: a ceremony moved into January keeps the named year.
    late = Edition(code="k", name="KIPP Kabupaten Kudus 2026", ceremony_date=date(2027, 1, 16))
    assert edition_year(late) == 2026


def test_the_catalogue_command_publishes_switches_and_withdraws(sqlite_url):
    engine_url = sqlite_url
    from data_access.db import make_engine

    engine = make_engine(engine_url)
    try:
        seed(engine, DISTINCT)
        printed = ok(cli(engine_url, "catalogue", "publish", "--edition", CODE, "--innovators"))
        assert CODE in printed and "ya/yes" in printed
        listed = ok(cli(engine_url, "catalogue", "list"))
        assert "panitia-cli" in listed
        assert ok(cli(engine_url, "catalogue", "unpublish", "--edition", CODE)).startswith(
            "Ditarik dari katalog"
        )
        refused = cli(engine_url, "catalogue", "publish", "--edition", "tidak-ada")
        assert refused.returncode == 1 and "tidak-ada" in refused.stderr
        with transaction(engine) as session:
            assert catalogue.publications(session) == []
            by = session.execute(select(AuditEvent.actor)).scalars().all()
        assert set(by) == {"panitia-cli"}
    finally:
        engine.dispose()


@pytest.mark.parametrize("step", ["all", "award-1"])
def test_the_migration_marks_a_ceremony_at_all_as_complete(sqlite_url, step):
    """0021 backfills completed_at for a ceremony standing at "all" (and only for it)."""
    from data_access.db import make_engine
    from data_access.migrate import upgrade
    from tests.test_migrations import downgrade

    engine = make_engine(sqlite_url)
    try:
        seed(engine, DISTINCT)
        approve(engine)
        downgrade(engine, "0020")
        with engine.begin() as connection:
            connection.exec_driver_sql(f"UPDATE ceremonies SET step = '{step}'")
        upgrade(engine)
        with transaction(engine) as session:
            done = session.execute(select(Ceremony.completed_at)).scalar_one()
        assert (done is not None) == (step == "all")
    finally:
        engine.dispose()
