"""Queries and reports on real databases (SQLite and PostgreSQL): SQL sums feed pure scoring."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from data_access import queries
from data_access.db import transaction
from data_access.reports import (
    edition_report,
    load_edition_data,
    participation_for,
    progress,
    ranking,
)
from tests.seed import (
    T0,
    WORKED_EXAMPLE_J1,
    add_assignment,
    add_edition,
    add_innovation,
    add_juror,
    add_sheet,
    add_unit,
    full_sheet,
)


@pytest.fixture
def worked_example(engine):
    """SCORING.md's worked example as rows in a real database, plus a non-finalist and a reject."""
    with transaction(engine) as s:
        edition = add_edition(s)
        setda = add_unit(s, "SETDA")
        dkk = add_unit(s, "DKK")
        add_unit(s, "KEC_JATI", kind="kecamatan")  # a required OPD that submits nothing
        pkm = add_unit(s, "PKM_JATI", required=False, parent=dkk, kind="puskesmas")
        a = add_innovation(s, edition, "A", setda)
        b = add_innovation(s, edition, "B", pkm)
        add_innovation(s, edition, "C", dkk, status="tidak_lolos")
        j1, j2 = add_juror(s, edition, "J1", "Undip"), add_juror(s, edition, "J2", "UMK")
        add_sheet(s, edition, j1, a, "proposal", WORKED_EXAMPLE_J1)
        add_sheet(s, edition, j2, a, "proposal", full_sheet("proposal", "71.20"))
        add_sheet(s, edition, j1, b, "proposal", full_sheet("proposal", "65.5"))
        add_sheet(s, edition, j2, b, "proposal", {"ringkasan": "50"})  # partial
        add_assignment(s, edition, j1, a, "presentation")
        add_assignment(s, edition, j2, a, "presentation", abstain=True)
        add_sheet(s, edition, j1, a, "presentation", full_sheet("presentation", "80"))
    return engine


def test_sheets_are_summed_in_sql(worked_example):
    """One row per sheet: criteria scored and Σ weight_centi × score_centi."""
    with transaction(worked_example) as s:
        edition = queries.get_edition(s, "t-2022")
        sheets = queries.load_sheets(s, queries.stage_ids(s, edition.id))
    by_key = {(x.stage, x.juror_id, x.innovation_id): x for x in sheets}
    assert len(sheets) == 5
    j1_a = next(x for k, x in by_key.items() if k[0] == "proposal" and x.weighted_sum == 70750000)
    assert j1_a.scored_count == 8
    assert j1_a.last_epoch == int(T0.timestamp())
    assert sorted(x.scored_count for x in sheets) == [1, 2, 8, 8, 8]


@pytest.mark.parametrize("path", ["reference", "sql"])
def test_worked_example_end_to_end(worked_example, path):
    """A: proposal 70.98, presentation 80.00, final 76.39, Juara I; B ranks by proposal."""
    with transaction(worked_example) as s:
        if path == "reference":
            result = ranking(load_edition_data(s, "t-2022"))
        else:
            result = edition_report(s, "t-2022").ranking
    rows = {r.code: r for r in result.rows}
    assert set(rows) == {"A", "B"}
    assert rows["A"].proposal_score == Decimal("70.98")
    assert rows["A"].presentation_score == Decimal("80.00")
    assert rows["A"].final_score == Decimal("76.39")
    assert (rows["A"].tier, rows["A"].rank, rows["A"].award) == (1, 1, 1)
    assert rows["B"].final_score == Decimal("65.50")
    assert (rows["B"].tier, rows["B"].rank, rows["B"].finalist) == (2, 2, False)


@pytest.mark.parametrize("path", ["reference", "sql"])
def test_progress_counts(worked_example, path):
    """Stage progress counts complete, partial, abstained and expected sheets."""
    now = datetime(2022, 11, 20, tzinfo=UTC)
    with transaction(worked_example) as s:
        if path == "reference":
            report = progress(load_edition_data(s, "t-2022"), now=now)
        else:
            report = edition_report(s, "t-2022", now=now).progress
    stages = {p.stage: p for p in report.stages}
    # proposal: 2 jurors × 2 eligible innovations, no assignments listed
    assert (stages["proposal"].expected, stages["proposal"].complete) == (4, 3)
    assert (stages["proposal"].partial, stages["proposal"].missing) == (1, 0)
    assert stages["proposal"].ratio == Decimal("0.7500")
    # presentation: one assignment, one abstention
    assert (stages["presentation"].expected, stages["presentation"].abstained) == (1, 1)
    assert stages["presentation"].complete == 1
    j2 = next(j for j in report.jurors if j.code == "J2" and j.stage == "proposal")
    assert (j2.assigned, j2.complete, j2.partial) == (2, 1, 1)
    coverage = [c for c in report.coverage if c.stage == "proposal"]
    assert [c.covered for c in coverage] == [True, False]


def test_participation_rolls_sub_units_up(worked_example):
    """B (a puskesmas) counts for DKK; KEC_JATI has not submitted; rate 2 of 3."""
    with transaction(worked_example) as s:
        result = participation_for(s, "t-2022")
    rows = {r.code: r for r in result.rows}
    assert set(rows) == {"SETDA", "DKK", "KEC_JATI"}
    assert (rows["DKK"].submitted, rows["DKK"].passed, rows["DKK"].from_sub_units) == (2, 1, 1)
    assert (rows["SETDA"].finalists, rows["KEC_JATI"].submitted) == (1, 0)
    assert (result.participating, result.required, result.rate) == (2, 3, Decimal("0.6667"))


def test_data_version_bumps_on_every_write(engine):
    """Triggers bump the data version on insert, update and delete of judged data."""
    with transaction(engine) as s:
        before = queries.data_version(s)
        edition = add_edition(s)
        unit = add_unit(s, "SETDA")
        innovation = add_innovation(s, edition, "A", unit)
    with transaction(engine) as s:
        after_insert = queries.data_version(s)
        s.execute(text("UPDATE innovations SET title = 'baru' WHERE id = :i"), {"i": innovation.id})
    with transaction(engine) as s:
        after_update = queries.data_version(s)
        s.execute(text("DELETE FROM innovations WHERE id = :i"), {"i": innovation.id})
    with transaction(engine) as s:
        after_delete = queries.data_version(s)
    assert before < after_insert < after_update < after_delete


def test_unknown_edition_is_reported(engine):
    """Asking for an edition that does not exist raises EditionNotFound with both languages."""
    with transaction(engine) as s, pytest.raises(queries.EditionNotFound, match="tidak ditemukan"):
        load_edition_data(s, "nope")
