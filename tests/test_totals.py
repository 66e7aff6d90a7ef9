"""The SQL totals (live path) agree with the pure reference on random editions, in both DBs."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from data_access import page_queries, queries
from data_access.db import transaction
from data_access.models import DRAFT, SUBMITTED, ConflictDeclaration, ScoreSheet, SheetState
from data_access.reports import (
    edition_report,
    load_edition_data,
    participation_for,
    progress,
    ranking,
)
from tests.seed import (
    add_assignment,
    add_edition,
    add_innovation,
    add_juror,
    add_sheet,
    add_unit,
    full_sheet,
)

PROPOSAL_CODES = [code for code in full_sheet("proposal", "0")]
PRESENTATION_CODES = [code for code in full_sheet("presentation", "0")]


def _random_edition(engine, seed: int, *, app_sheets: bool = True) -> None:
    """Seed a small random edition that exercises every sheet status (app drafts too)."""
    rng = random.Random(seed)
    start = datetime(2022, 11, 17, 1, 0, tzinfo=UTC)
    with transaction(engine) as s:
        edition = add_edition(
            s,
            proposal_start=date(2022, 11, 17),
            proposal_end=date(2022, 11, 22),
            presentation_start=date(2022, 11, 24),
            presentation_end=date(2022, 11, 24),
        )
        units = [add_unit(s, f"U{n}") for n in range(3)]
        statuses = ["lolos"] * 6 + ["tidak_lolos", "menunggu"]
        innovations = [
            add_innovation(s, edition, f"I{n:02d}", rng.choice(units), status=rng.choice(statuses))
            for n in range(rng.randint(4, 9))
        ]
        jurors = [
            add_juror(s, edition, f"J{n}", rng.choice(["Undip", "UMK", "Wartawan"]))
            for n in range(rng.randint(2, 5))
        ]
        explicit_proposal = rng.random() < 0.5
        finalists = rng.sample(innovations, k=min(3, len(innovations)))
        for juror in jurors:
            for innovation in innovations:
                if explicit_proposal and rng.random() < 0.8:
                    add_assignment(
                        s, edition, juror, innovation, "proposal", abstain=rng.random() < 0.15
                    )
                if rng.random() < 0.12:
                    # The committee confirmed the juror's conflict on the innovation: an
                    # abstention where a stage lists no assignments, nothing where it does.
                    s.add(
                        ConflictDeclaration(
                            juror_id=juror.id,
                            innovation_id=innovation.id,
                            conflict=True,
                            reason="pembina inovasi",
                            declared_at=start,
                            declared_by="juri",
                            confirmed_at=start,
                            confirmed_by="panitia",
                        )
                    )
                roll = rng.random()
                if roll < 0.2:
                    continue
                codes = PROPOSAL_CODES if roll > 0.35 else rng.sample(PROPOSAL_CODES, 3)
                at = start + timedelta(hours=rng.randrange(0, 24 * 9))
                add_sheet(
                    s,
                    edition,
                    juror,
                    innovation,
                    "proposal",
                    {c: str(rng.randrange(4000, 10001) / 100) for c in codes},
                    at,
                )
            for innovation in finalists:
                if rng.random() < 0.7:
                    add_assignment(
                        s, edition, juror, innovation, "presentation", abstain=rng.random() < 0.1
                    )
                if rng.random() < 0.6:
                    codes = PRESENTATION_CODES if rng.random() < 0.8 else PRESENTATION_CODES[:1]
                    add_sheet(
                        s,
                        edition,
                        juror,
                        innovation,
                        "presentation",
                        {c: str(rng.randrange(5000, 10001) / 100) for c in codes},
                        datetime(2022, 11, 24, 3, tzinfo=UTC),
                    )
        # Some sheets were filled in the app: a draft counts as partial, however full.
        if not app_sheets:  # a schema from before 0007
            return
        s.flush()
        for key in s.execute(
            select(ScoreSheet.stage_id, ScoreSheet.juror_id, ScoreSheet.innovation_id)
        ):
            if rng.random() < 0.3:
                s.add(
                    SheetState(
                        **key._asdict(),
                        state=rng.choice([DRAFT, DRAFT, SUBMITTED]),
                        updated_at=start,
                        updated_by="juri",
                    )
                )


@pytest.mark.parametrize("seed", range(6))
def test_sql_totals_match_the_reference(engine, seed):
    """Ranking and progress from SQL totals equal the pure reference over every sheet."""
    _random_edition(engine, seed)
    now = datetime(2022, 11, 19, 12, tzinfo=UTC)
    with transaction(engine) as s:
        data = load_edition_data(s, "t-2022")
        report = edition_report(s, "t-2022", now=now)
    reference = ranking(data)
    assert report.ranking.rows == reference.rows
    assert report.ranking.finalist_ids == reference.finalist_ids
    assert report.ranking.awards_decided == reference.awards_decided
    assert report.ranking.candidate_ids == reference.candidate_ids
    assert report.progress == progress(data, now=now)


@pytest.mark.parametrize("seed", range(6))
def test_finalists_read_alone_are_the_rankings(engine, seed):
    """Participation's finalists (one small query, no ranking) are the ranking's finalists."""
    _random_edition(engine, seed)
    with transaction(engine) as s:
        report = edition_report(s, "t-2022")
        stages = queries.stage_ids(s, report.edition.id)
        alone = page_queries.finalist_ids(s, stages)
        shared = participation_for(s, "t-2022", report=report)
        own = participation_for(s, "t-2022")
    assert report.finalist_ids  # the random editions all have finalists
    assert alone == report.finalist_ids
    assert own == shared


def test_a_score_in_the_windows_last_second_counts_inside_on_both_databases(engine):
    """Whole seconds down on both: 23:59:59.7 on the window's last day is inside it, and is
    the juror's last score at 23:59:59 (PostgreSQL's cast alone rounded it to the next day)."""
    last = datetime(2022, 11, 22, 16, 59, 59, 700_000, tzinfo=UTC)  # 23:59:59.7 in Jakarta
    with transaction(engine) as s:
        edition = add_edition(s)
        innovation = add_innovation(s, edition, "I01", add_unit(s, "U1"))
        early, late = add_juror(s, edition, "J1"), add_juror(s, edition, "J2")
        add_sheet(s, edition, early, innovation, "proposal", full_sheet("proposal", "80"))
        add_sheet(s, edition, late, innovation, "proposal", full_sheet("proposal", "70"), last)
    now = datetime(2022, 12, 1, tzinfo=UTC)  # the window has closed
    with transaction(engine) as s:
        report = edition_report(s, "t-2022", now=now)
        reference = progress(load_edition_data(s, "t-2022"), now=now)
    assert report.progress == reference
    [pace] = [p for p in report.progress.pace if p.stage == "proposal"]
    assert pace.per_day is not None and pace.remaining == 0
    assert pace.projected_end == date(2022, 11, 22)  # the last sheet's day, not the 23rd
    [juror] = [j for j in report.progress.jurors if j.juror_id == late.id and j.stage == "proposal"]
    assert juror.last_scored_at == last.replace(microsecond=0)
