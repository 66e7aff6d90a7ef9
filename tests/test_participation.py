"""Pure participation rules of SCORING.md: roll-up to the required OPD, late entries, the rate."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from data_access.db import transaction
from data_access.participation import (
    SubmissionRow,
    UnitRow,
    compute_participation,
    is_late,
    late_from,
    owner_of,
)
from data_access.reports import edition_report, participation_for
from tests.seed import add_assignment, add_edition, add_innovation, add_juror, add_sheet, add_unit

UNITS = [
    UnitRow(1, "SETDA", "Sekretariat Daerah", "Setda", "sekretariat", None, True),
    UnitRow(2, "BAG_PBJ", "Bagian PBJ", "PBJ", "bagian", 1, False),
    UnitRow(3, "DKK", "Dinas Kesehatan", "DKK", "dinas", None, True),
    UnitRow(4, "PKM_A", "Puskesmas A", "PKM A", "puskesmas", 3, False),
    UnitRow(5, "PKM_A_PUSTU", "Pustu of PKM A", "Pustu", "pustu", 4, False),
    UnitRow(6, "KEC_JATI", "Kecamatan Jati", "Kec. Jati", "kecamatan", None, True),
    UnitRow(7, "FORUM", "A body nobody must enter", "Forum", "lain", None, False),
]


def test_owner_is_the_nearest_required_ancestor():
    """Sub-units count for their parent OPD, through any depth; orphans count for nobody."""
    owners = owner_of(UNITS)
    assert owners == {1: 1, 2: 1, 3: 3, 4: 3, 5: 3, 6: 6, 7: None}


def test_owner_of_survives_a_parent_cycle():
    """A cycle in the data (which the importer refuses) does not hang the computation."""
    cyclic = [
        UnitRow(1, "A", "A", "A", "x", 2, False),
        UnitRow(2, "B", "B", "B", "x", 1, False),
    ]
    assert owner_of(cyclic) == {1: None, 2: None}


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        (datetime(2022, 11, 13, 16, 59, tzinfo=UTC), False),  # 23.59 WIB on the deadline day
        (datetime(2022, 11, 13, 17, 0, tzinfo=UTC), True),  # 00.00 WIB the day after
        (None, False),
    ],
)
def test_late_is_judged_in_the_edition_time_zone(submitted, late):
    """The deadline is a local date: the whole 13 November WIB is on time."""
    assert is_late(submitted, date(2022, 11, 13), "Asia/Jakarta") is late


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        (datetime(2022, 11, 13, 16, 59, 59, 999_999, tzinfo=UTC), False),  # 23.59.59 WIB
        (datetime(2022, 11, 13, 17, 0, tzinfo=UTC), True),  # 00.00 WIB the next day
    ],
)
def test_late_from_is_the_first_late_moment(submitted, late):
    """SQL counts a submission late from late_from on: the same moments as is_late."""
    first = late_from(date(2022, 11, 13), "Asia/Jakarta")
    assert first is not None and (submitted >= first) is late
    assert is_late(submitted, date(2022, 11, 13), "Asia/Jakarta") is late
    assert late_from(None, "Asia/Jakarta") is None


def _random_opds(engine, seed: int) -> None:
    """Seed OPDs with sub-units two levels deep, orphans, late entries and finalists."""
    rng = random.Random(seed)
    deadline = datetime(2022, 11, 13, 17, 0, tzinfo=UTC)  # midnight WIB after the 13th
    with transaction(engine) as s:
        edition = add_edition(s)
        opds = [add_unit(s, f"O{n}", kind=rng.choice(["dinas", "badan"])) for n in range(4)]
        subs = [add_unit(s, f"S{n}", required=False, parent=rng.choice(opds)) for n in range(3)]
        deeper = [add_unit(s, f"D{n}", required=False, parent=rng.choice(subs)) for n in range(2)]
        orphan = add_unit(s, "LEPAS", required=False)
        # A parent cycle (the importer refuses one; the data may still hold it): both walks
        # give up on it, so its innovations count for no OPD.
        loop = add_unit(s, "PUTAR", required=False)
        back = add_unit(s, "BALIK", required=False, parent=loop)
        loop.parent_id = back.id
        s.flush()
        units = [*opds, *subs, *deeper, orphan, loop, back]
        juror = add_juror(s, edition, "J1")
        for n in range(rng.randint(8, 20)):
            at = deadline + timedelta(minutes=rng.randint(-3, 3) * 60 * 24 + rng.choice([-1, 0]))
            innovation = add_innovation(
                s,
                edition,
                f"I{n:02d}",
                rng.choice(units),
                status=rng.choice(["lolos", "lolos", "tidak_lolos", "menunggu"]),
                submitted_at=None if rng.random() < 0.1 else at,
            )
            pick = rng.random()
            if pick < 0.2:
                add_assignment(s, edition, juror, innovation, "presentation")
            elif pick < 0.3:
                add_sheet(s, edition, juror, innovation, "presentation", {"substansi": "80"})


@pytest.mark.parametrize("seed", range(4))
def test_sql_counts_give_the_pure_participation(engine, seed):
    """Counted per unit in SQL and rolled up, participation equals the pure reference."""
    _random_opds(engine, seed)
    with transaction(engine) as s:
        report = edition_report(s, "t-2022")
        reference = participation_for(s, "t-2022", report=report)  # every innovation, pure
        counted = participation_for(s, "t-2022")
    assert counted == reference
    # Every case is there: late entries, sub-units' entries, an orphan unit's.
    assert any(r.late for r in reference.rows) and any(r.from_sub_units for r in reference.rows)
    assert reference.unattributed
    if seed in (0, 2):  # these seeds pick finalists
        assert any(r.finalists for r in reference.rows)


def test_participation_counts_and_rate():
    """Counts roll up, finalists and late entries are counted, the rate is 2 of 3 OPDs."""
    first = datetime(2022, 10, 20, 2, 0, tzinfo=UTC)
    innovations = [
        SubmissionRow(100, 2, "lolos", first),
        SubmissionRow(101, 1, "tidak_lolos", datetime(2022, 11, 1, tzinfo=UTC)),
        SubmissionRow(102, 5, "lolos", datetime(2022, 11, 14, 2, 0, tzinfo=UTC)),
        SubmissionRow(103, 7, "lolos", first),
        SubmissionRow(104, 3, "menunggu", None),
    ]
    result = compute_participation(
        UNITS,
        innovations,
        frozenset({100, 102}),
        submission_end=date(2022, 11, 13),
        timezone="Asia/Jakarta",
    )
    rows = {r.code: r for r in result.rows}
    assert list(rows) == ["DKK", "KEC_JATI", "SETDA"]
    setda, dkk, jati = rows["SETDA"], rows["DKK"], rows["KEC_JATI"]
    assert (setda.submitted, setda.passed, setda.finalists, setda.from_sub_units) == (2, 1, 1, 1)
    assert setda.first_submitted_at == first
    assert (dkk.submitted, dkk.passed, dkk.late, dkk.from_sub_units) == (2, 1, 1, 1)
    assert (jati.submitted, jati.has_submitted, jati.first_submitted_at) == (0, False, None)
    assert (result.required, result.participating, result.rate) == (3, 2, Decimal("0.6667"))
    assert result.unattributed == 1


def test_no_required_opd_gives_no_rate():
    """With no required OPD the rate is missing, not zero."""
    result = compute_participation(
        [UNITS[-1]], [], frozenset(), submission_end=None, timezone="Asia/Jakarta"
    )
    assert (result.required, result.rate) == (0, None)
