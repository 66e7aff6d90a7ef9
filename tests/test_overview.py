"""Tests of data_access/overview.py on SQLite and PostgreSQL, with editions built from models."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_access.db import transaction
from data_access.models import (
    Criterion,
    Edition,
    Innovation,
    Juror,
    Score,
    Stage,
    Unit,
)
from data_access.overview import EditionOverview, edition_overview, list_editions

# (code, name, parent code, required): three OPDs, a puskesmas under the first with a pustu
# under it, and a body outside the OPDs whose entries count for no OPD.
UNITS = [
    ("DINKES", "Dinas Kesehatan", None, True),
    ("PKM-JATI", "UPTD Puskesmas Jati", "DINKES", False),
    ("PUSTU-JATI", "Puskesmas Pembantu Jati Wetan", "PKM-JATI", False),
    ("DISDIK", "Dinas Pendidikan, Kepemudaan dan Olahraga", None, True),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", None, True),
    ("PKK", "Tim Penggerak PKK", None, False),
]
CREATED = datetime(2022, 10, 1, 2, 0, tzinfo=UTC)


def add_units(session: Session) -> dict[str, Unit]:
    """Add the UNITS and return them by code."""
    units: dict[str, Unit] = {}
    for code, name, parent, required in UNITS:
        units[code] = Unit(
            code=code, name=name, required=required, parent=units[parent] if parent else None
        )
        session.add(units[code])
    session.flush()
    return units


def add_edition(
    session: Session,
    units: dict[str, Unit],
    *,
    code: str,
    name: str,
    created_at: datetime,
    innovations: list[tuple[str, str]],
    jurors: int,
    scored: int,
    ceremony_date: date | None = None,
) -> Edition:
    """Add an edition: innovations as (unit code, admin status); every juror scores the first
    `scored` innovations on both proposal criteria, so score rows = jurors * scored * 2."""
    edition = Edition(code=code, name=name, created_at=created_at, ceremony_date=ceremony_date)
    stage = Stage(code="proposal", name="Penilaian Proposal", position=1)
    stage.criteria = [
        Criterion(code="kebaruan", name="Kebaruan", weight_centi=6000, position=1),
        Criterion(code="manfaat", name="Kemanfaatan", weight_centi=4000, position=2),
    ]
    edition.stages = [stage]
    session.add(edition)
    session.flush()
    rows = [
        Innovation(
            edition_id=edition.id,
            code=f"{code}-{number:02d}",
            title=f"Inovasi {number}",
            unit_id=units[unit_code].id,
            admin_status=status,
            submitted_at=created_at + timedelta(days=number),
        )
        for number, (unit_code, status) in enumerate(innovations, start=1)
    ]
    judges = [
        Juror(edition_id=edition.id, code=f"J{number}", name=f"Juri {number}", jury_group="Undip")
        for number in range(1, jurors + 1)
    ]
    session.add_all(rows + judges)
    session.flush()
    session.add_all(
        Score(
            stage_id=stage.id,
            juror_id=judge.id,
            innovation_id=innovation.id,
            criterion_id=criterion.id,
            score_centi=8050,
            scored_at=created_at + timedelta(days=40),
        )
        for judge in judges
        for innovation in rows[:scored]
        for criterion in stage.criteria
    )
    session.flush()
    return edition


def seed_kudus_2022(engine: Engine) -> EditionOverview:
    """Seed a small 2022 edition (and an older one) and return the 2022 overview expected."""
    with transaction(engine) as session:
        units = add_units(session)
        add_edition(
            session,
            units,
            code="kudus-2021",
            name="KIPP Kabupaten Kudus 2021",
            created_at=CREATED - timedelta(days=365),
            innovations=[("DPUPR", "lolos")],
            jurors=1,
            scored=1,
        )
        add_edition(
            session,
            units,
            code="kudus-2022",
            name="KIPP Kabupaten Kudus 2022",
            created_at=CREATED,
            ceremony_date=date(2022, 12, 29),
            innovations=[
                ("DINKES", "lolos"),
                ("PKM-JATI", "lolos"),
                ("PUSTU-JATI", "lolos"),
                ("DISDIK", "tidak_lolos"),
                ("DISDIK", "menunggu"),
                ("PKK", "lolos"),
            ],
            jurors=3,
            scored=2,
        )
    return EditionOverview(
        code="kudus-2022",
        name="KIPP Kabupaten Kudus 2022",
        ceremony_date=date(2022, 12, 29),
        units_participating=2,  # DINKES (with its puskesmas and pustu) and DISDIK; PKK is no OPD
        innovations=6,
        innovations_passed=4,
        jurors=3,
        score_rows=3 * 2 * 2,
    )


def test_overview_of_the_newest_edition(engine):
    expected = seed_kudus_2022(engine)
    with Session(engine) as session:
        assert edition_overview(session) == expected


def test_overview_by_code_counts_only_that_edition(engine):
    seed_kudus_2022(engine)
    with Session(engine) as session:
        assert edition_overview(session, "kudus-2021") == EditionOverview(
            code="kudus-2021",
            name="KIPP Kabupaten Kudus 2021",
            ceremony_date=None,
            units_participating=1,
            innovations=1,
            innovations_passed=1,
            jurors=1,
            score_rows=2,
        )


def test_overview_of_an_edition_without_entries_is_all_zero(engine):
    with transaction(engine) as session:
        session.add(
            Edition(code="kudus-2025", name="KIPP Kabupaten Kudus 2025", created_at=CREATED)
        )
    with Session(engine) as session:
        overview = edition_overview(session)
    assert overview is not None
    assert (overview.units_participating, overview.innovations) == (0, 0)
    assert overview.innovations_passed == 0
    assert (overview.jurors, overview.score_rows) == (0, 0)


@pytest.mark.parametrize("code", [None, "no-such-edition"])
def test_overview_is_none_without_a_matching_edition(engine, code):
    with Session(engine) as session:
        assert edition_overview(session, code) is None


def test_sub_units_count_for_their_opd_even_when_it_did_not_submit(engine):
    with transaction(engine) as session:
        units = add_units(session)
        add_edition(
            session,
            units,
            code="kudus-2023",
            name="KIPP Kabupaten Kudus 2023",
            created_at=CREATED,
            innovations=[("PUSTU-JATI", "menunggu"), ("PKK", "lolos")],
            jurors=0,
            scored=0,
        )
    with Session(engine) as session:
        overview = edition_overview(session)
    assert overview is not None
    assert overview.units_participating == 1


def test_a_cycle_of_parents_does_not_hang(engine):
    with transaction(engine) as session:
        units = add_units(session)
        # A data-entry mistake: the PKK becomes its own grandparent.
        units["PKK"].parent = units["PUSTU-JATI"]
        units["DINKES"].required = False
        units["DINKES"].parent = units["PKK"]
        add_edition(
            session,
            units,
            code="kudus-2024",
            name="KIPP Kabupaten Kudus 2024",
            created_at=CREATED,
            innovations=[("PKK", "lolos"), ("DISDIK", "lolos")],
            jurors=0,
            scored=0,
        )
    with Session(engine) as session:
        overview = edition_overview(session)
    assert overview is not None
    assert overview.units_participating == 1  # DISDIK only


def test_list_editions_newest_first(engine):
    seed_kudus_2022(engine)
    with transaction(engine) as session:
        # Same creation time as 2022: the later insert (higher id) counts as newer.
        session.add(Edition(code="kudus-2022b", name="KIPP Kudus 2022 (ulang)", created_at=CREATED))
    with Session(engine) as session:
        assert list_editions(session) == [
            ("kudus-2022b", "KIPP Kudus 2022 (ulang)"),
            ("kudus-2022", "KIPP Kabupaten Kudus 2022"),
            ("kudus-2021", "KIPP Kabupaten Kudus 2021"),
        ]


def test_list_editions_of_an_empty_database(engine):
    with Session(engine) as session:
        assert list_editions(session) == []
