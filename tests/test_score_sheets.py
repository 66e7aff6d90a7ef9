"""score_sheets, kept by triggers, always equals the GROUP BY of scores, in both DBs."""

from __future__ import annotations

import random
import threading
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.engine import make_url

from data_access.db import make_engine, transaction
from data_access.migrate import upgrade
from data_access.models import Criterion, Edition, Innovation, Juror, Score, Stage, UTCDateTime
from tests.seed import add_edition, add_innovation, add_juror, add_sheet, add_unit, full_sheet
from tests.test_migrations import downgrade
from tests.test_totals import _random_edition

# Written independently of the migration: the reference the triggers must reproduce.
GROUPED = text(
    "SELECT s.stage_id, s.juror_id, s.innovation_id, COUNT(*), "
    "SUM(CAST(c.weight_centi AS BIGINT) * s.score_centi), MAX(s.scored_at) "
    "FROM scores s JOIN criteria c ON c.id = s.criterion_id "
    "GROUP BY s.stage_id, s.juror_id, s.innovation_id"
)
KEPT = text("SELECT stage_id, juror_id, innovation_id, n, ws, last FROM score_sheets")
T0 = datetime(2022, 11, 17, 1, 0, tzinfo=UTC)


def _rows(conn, statement) -> set[tuple]:
    return {(st, j, i, int(n), int(ws), last) for st, j, i, n, ws, last in conn.execute(statement)}


def assert_sheets_exact(conn) -> None:
    """Assert score_sheets holds exactly the GROUP BY of scores, row for row."""
    kept, grouped = _rows(conn, KEPT), _rows(conn, GROUPED)
    assert kept == grouped, (sorted(kept - grouped)[:5], sorted(grouped - kept)[:5])


def _other_edition(engine) -> None:
    """Seed a second edition whose sheets must survive everything done to the first."""
    with transaction(engine) as s:
        edition = add_edition(s, "other-2022")
        unit = add_unit(s, "OU")
        innovations = [add_innovation(s, edition, f"O{n}", unit) for n in range(3)]
        for n in range(2):
            juror = add_juror(s, edition, f"OJ{n}")
            for k, innovation in enumerate(innovations):
                add_sheet(s, edition, juror, innovation, "proposal", full_sheet("proposal", "77"))
                if k == 0:
                    add_sheet(s, edition, juror, innovation, "presentation", {"substansi": "81"})


class _Edition:
    """The ids of the random edition, read back from the database."""

    def __init__(self, conn, code: str = "t-2022") -> None:
        self.id = conn.execute(select(Edition.id).where(Edition.code == code)).scalar_one()
        self.stages = conn.execute(select(Stage.id).where(Stage.edition_id == self.id)).scalars()
        self.stages = list(self.stages)
        self.criteria = {
            stage: list(
                conn.execute(select(Criterion.id).where(Criterion.stage_id == stage)).scalars()
            )
            for stage in self.stages
        }
        self.jurors = list(conn.execute(select(Juror.id).where(Juror.edition_id == self.id)))
        self.jurors = [j for (j,) in self.jurors]
        self.innovations = [
            i
            for (i,) in conn.execute(select(Innovation.id).where(Innovation.edition_id == self.id))
        ]

    def scores(self, conn) -> list:
        return conn.execute(
            select(
                Score.id, Score.stage_id, Score.juror_id, Score.innovation_id, Score.criterion_id
            ).where(Score.stage_id.in_(self.stages))
        ).all()


def _cells(scores) -> set[tuple[int, int, int]]:
    return {(r.juror_id, r.innovation_id, r.criterion_id) for r in scores}


def _insert(conn, rng, ed: _Edition) -> None:
    stage = rng.choice(ed.stages)
    juror, innovation = rng.choice(ed.jurors), rng.choice(ed.innovations)
    taken = _cells(ed.scores(conn))
    free = [c for c in ed.criteria[stage] if (juror, innovation, c) not in taken]
    if not free:
        return
    when = T0 + timedelta(minutes=rng.randrange(20_000))
    rows = [
        {
            "stage_id": stage,
            "juror_id": juror,
            "innovation_id": innovation,
            "criterion_id": c,
            "score_centi": rng.randrange(0, 10_001),
            "scored_at": when + timedelta(seconds=rng.randrange(3)),
        }
        for c in rng.sample(free, k=rng.randint(1, len(free)))
    ]
    if rng.random() < 0.5:
        conn.execute(insert(Score), rows)  # executemany: one statement per row or batch
    else:
        conn.execute(insert(Score).values(rows))  # one multi-row statement


def _upsert(conn, rng, ed: _Edition) -> None:
    """One INSERT ... ON CONFLICT DO UPDATE that both adds and rewrites cells of a sheet."""
    scores = ed.scores(conn)
    if not scores:
        return
    row = rng.choice(scores)
    values, params = [], {}
    for n, criterion in enumerate(ed.criteria[row.stage_id]):
        values.append(f"(:st, :j, :i, :c{n}, :v{n}, :at)")
        params.update({f"c{n}": criterion, f"v{n}": rng.randrange(0, 10_001)})
    statement = text(
        "INSERT INTO scores (stage_id, juror_id, innovation_id, criterion_id, score_centi, "
        f"scored_at) VALUES {', '.join(values)} "
        "ON CONFLICT (juror_id, innovation_id, criterion_id) DO UPDATE SET "
        "score_centi = excluded.score_centi, scored_at = excluded.scored_at"
    ).bindparams(bindparam("at", type_=UTCDateTime))
    when = T0 + timedelta(minutes=rng.randrange(-5_000, 25_000))
    conn.execute(
        statement,
        {"st": row.stage_id, "j": row.juror_id, "i": row.innovation_id, "at": when} | params,
    )


def _rescore(conn, rng, ed: _Edition) -> None:
    scores = ed.scores(conn)
    if scores:
        ids = [r.id for r in rng.sample(scores, k=min(len(scores), rng.randint(1, 12)))]
        value = rng.randrange(0, 10_001)
        conn.execute(update(Score).where(Score.id.in_(ids)).values(score_centi=value))


def _retime(conn, rng, ed: _Edition) -> None:
    """Move scored_at either way: moving the sheet's latest back must lower `last`."""
    scores = ed.scores(conn)
    if scores:
        row = rng.choice(scores)
        when = T0 + timedelta(minutes=rng.randrange(-5_000, 25_000))
        conn.execute(update(Score).where(Score.id == row.id).values(scored_at=when))


def _recriterion(conn, rng, ed: _Edition) -> None:
    scores = ed.scores(conn)
    if not scores:
        return
    row, taken = rng.choice(scores), _cells(scores)
    free = [
        c for c in ed.criteria[row.stage_id] if (row.juror_id, row.innovation_id, c) not in taken
    ]
    if free:
        conn.execute(update(Score).where(Score.id == row.id).values(criterion_id=rng.choice(free)))


def _move(conn, rng, ed: _Edition) -> None:
    """Move a score to another sheet: another juror, innovation and/or stage."""
    scores = ed.scores(conn)
    if not scores:
        return
    row, taken = rng.choice(scores), _cells(scores)
    stage = rng.choice(ed.stages)
    criterion = row.criterion_id if stage == row.stage_id else rng.choice(ed.criteria[stage])
    juror = rng.choice([row.juror_id, *ed.jurors])
    innovation = rng.choice([row.innovation_id, *ed.innovations])
    if (juror, innovation, criterion) in taken:
        return
    conn.execute(
        update(Score)
        .where(Score.id == row.id)
        .values(stage_id=stage, criterion_id=criterion, juror_id=juror, innovation_id=innovation)
    )


def _shift_stage(conn, rng, ed: _Edition) -> None:
    """One UPDATE over a whole stage's scores."""
    stage = rng.choice(ed.stages)
    conn.execute(
        update(Score).where(Score.stage_id == stage).values(score_centi=10_000 - Score.score_centi)
    )


def _delete_some(conn, rng, ed: _Edition) -> None:
    scores = ed.scores(conn)
    if scores:
        ids = [r.id for r in rng.sample(scores, k=min(len(scores), rng.randint(1, 15)))]
        conn.execute(delete(Score).where(Score.id.in_(ids)))


def _delete_sheet(conn, rng, ed: _Edition) -> None:
    scores = ed.scores(conn)
    if scores:
        r = rng.choice(scores)
        conn.execute(
            delete(Score).where(
                Score.stage_id == r.stage_id,
                Score.juror_id == r.juror_id,
                Score.innovation_id == r.innovation_id,
            )
        )


def _reweigh(conn, rng, ed: _Edition) -> None:
    if rng.random() < 0.5:
        criterion = rng.choice(ed.criteria[rng.choice(ed.stages)])
        conn.execute(
            update(Criterion)
            .where(Criterion.id == criterion)
            .values(weight_centi=rng.randrange(0, 5_001))
        )
    else:  # several criteria in one statement, one of them possibly unchanged
        stage = rng.choice(ed.stages)
        conn.execute(
            update(Criterion)
            .where(Criterion.stage_id == stage)
            .values(weight_centi=(Criterion.weight_centi * 3 + Criterion.id) % 4_000)
        )


def _rename_criterion(conn, rng, ed: _Edition) -> None:
    """An update of criteria that leaves every weight alone."""
    criterion = rng.choice(ed.criteria[rng.choice(ed.stages)])
    conn.execute(
        update(Criterion).where(Criterion.id == criterion).values(name=f"Aspek {rng.random()}")
    )


MUTATIONS = (
    _insert,
    _insert,
    _upsert,
    _rescore,
    _retime,
    _recriterion,
    _move,
    _shift_stage,
    _delete_some,
    _delete_sheet,
    _reweigh,
    _rename_criterion,
)


@pytest.mark.parametrize("seed", range(4))
def test_sheets_follow_every_kind_of_score_change(engine, seed):
    """Random inserts, updates, key moves, deletes and weight changes keep the sheets exact."""
    rng = random.Random(seed)
    _random_edition(engine, seed)
    _other_edition(engine)
    with engine.connect() as conn:
        assert_sheets_exact(conn)
        assert conn.execute(KEPT).first() is not None
    for _round in range(6):
        with engine.begin() as conn:
            ed = _Edition(conn)
            for _step in range(rng.randint(3, 8)):
                rng.choice(MUTATIONS)(conn, rng, ed)
                assert_sheets_exact(conn)  # triggers act at once, inside the transaction
        with engine.connect() as conn:
            assert_sheets_exact(conn)
    with engine.begin() as conn:  # a rolled-back change leaves the sheets as they were
        before = _rows(conn, KEPT)
    # Raising inside the transaction is how it rolls back: the two statements belong together.
    with pytest.raises(RuntimeError), engine.begin() as conn:  # noqa: PT012
        _delete_some(conn, rng, _Edition(conn))
        raise RuntimeError("roll back")
    with engine.connect() as conn:
        assert _rows(conn, KEPT) == before


@pytest.mark.parametrize("seed", range(3))
def test_cascades_remove_the_sheets_they_empty(engine, seed):
    """Deleting a criterion, juror, innovation, stage, then the edition, leaves no stray sheet."""
    rng = random.Random(seed)
    _random_edition(engine, seed)
    _other_edition(engine)
    with engine.begin() as conn:
        ed = _Edition(conn)
        other = {row for row in _rows(conn, KEPT) if row[0] not in ed.stages}
        assert other
        steps = [
            delete(Criterion).where(Criterion.id == rng.choice(ed.criteria[ed.stages[0]])),
            delete(Juror).where(Juror.id == rng.choice(ed.jurors)),
            delete(Innovation).where(Innovation.id == rng.choice(ed.innovations)),
            delete(Stage).where(Stage.id == ed.stages[-1]),
        ]
    for statement in steps:
        with engine.begin() as conn:
            conn.execute(statement)
            assert_sheets_exact(conn)
    with engine.begin() as conn:
        conn.execute(delete(Edition).where(Edition.id == ed.id))
        assert_sheets_exact(conn)
        assert _rows(conn, KEPT) == other


def test_deleting_an_edition_through_the_orm(engine):
    """The ORM's own cascade (stages and criteria one by one) keeps the sheets exact too."""
    _random_edition(engine, 11)
    _other_edition(engine)
    with transaction(engine) as s:
        s.delete(s.execute(select(Edition).where(Edition.code == "t-2022")).scalar_one())
    with engine.connect() as conn:
        assert_sheets_exact(conn)
        assert {row[0] for row in _rows(conn, KEPT)} == set(_Edition(conn, "other-2022").stages)


def test_downgrade_drops_the_triggers_and_upgrade_backfills(engine):
    """At 0004 scores change freely; upgrading again rebuilds the sheets from them."""
    _random_edition(engine, 5)
    downgrade(engine, "0004")
    with engine.begin() as conn:
        ed = _Edition(conn)
        rng = random.Random(5)
        for mutation in (_insert, _rescore, _move, _delete_some, _reweigh, _insert):
            mutation(conn, rng, ed)
    upgrade(engine)
    with engine.connect() as conn:
        assert_sheets_exact(conn)
        assert conn.execute(KEPT).first() is not None


# ---------------------------------------------------------------- backfill on a database at 0004
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    """The URL of an empty database (no migration yet), on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server = make_url(request.getfixturevalue("pg_server_url"))
    name = f"kipp_sheets_{uuid.uuid4().hex[:10]}"
    libpq = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    spares = request.getfixturevalue("pg_spares")
    yield server.set(database=name).render_as_string(hide_password=False)
    spares.give_back(name)  # dropped behind the test, as every copy is


@pytest.mark.parametrize("seed", range(2))
def test_the_backfill_equals_the_group_by(empty_url, seed):
    """Scores held at 0004 are summed by the 0005 backfill exactly as the GROUP BY does.

    The editions are written with today's models, then the schema is taken down to 0004
    (the scores stay, score_sheets goes) and up again: today's models no longer fit the
    0004 tables (columns added since), so they cannot write at 0004 directly.
    """
    engine = make_engine(empty_url)
    try:
        upgrade(engine)
        _random_edition(engine, seed, app_sheets=False)
        _other_edition(engine)
        downgrade(engine, "0004")
        with engine.connect() as conn:
            assert not conn.dialect.has_table(conn, "score_sheets")
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(KEPT).first() is not None
            assert_sheets_exact(conn)
        with engine.begin() as conn:  # and the triggers run from there on
            _insert(conn, random.Random(seed), _Edition(conn))
            _delete_sheet(conn, random.Random(seed), _Edition(conn))
            assert_sheets_exact(conn)
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("second", ["insert", "update", "delete"])
def test_concurrent_writers_of_one_sheet_take_turns(pg_url, second):
    """A second writer of the same sheet waits for the first to commit, then sums both.

    The data_version row lock already makes them wait; the triggers' advisory lock would
    on its own (migration 0005), so this holds whichever of the two is in place.
    """
    engine = make_engine(pg_url)
    try:
        _random_edition(engine, 3)
        with engine.begin() as conn:  # a sheet with two free cells and some scores left
            ed = _Edition(conn)
            scores = ed.scores(conn)
            row = next(
                r
                for r in scores
                if sum(
                    (o.stage_id, o.juror_id, o.innovation_id)
                    == (r.stage_id, r.juror_id, r.innovation_id)
                    for o in scores
                )
                >= 4
            )
            sheet = (
                Score.stage_id == row.stage_id,
                Score.juror_id == row.juror_id,
                Score.innovation_id == row.innovation_id,
            )
            cells = conn.execute(select(Score.criterion_id).where(*sheet)).scalars().all()
            conn.execute(delete(Score).where(*sheet, Score.criterion_id.in_(cells[:2])))
        key = {"stage_id": row.stage_id, "juror_id": row.juror_id}
        key |= {"innovation_id": row.innovation_id, "scored_at": T0}
        first = engine.connect()
        first.begin()
        first.execute(insert(Score).values(**key, criterion_id=cells[0], score_centi=4_321))

        def write() -> None:
            with engine.begin() as conn:
                if second == "insert":
                    conn.execute(insert(Score).values(**key, criterion_id=cells[1], score_centi=9))
                elif second == "update":
                    conn.execute(update(Score).where(*sheet).values(score_centi=77))
                else:
                    conn.execute(delete(Score).where(*sheet, Score.criterion_id == cells[2]))

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=1.0)
        assert writer.is_alive()  # waiting for the first writer's lock
        first.commit()
        first.close()
        writer.join(timeout=30)
        assert not writer.is_alive()
        with engine.connect() as conn:
            assert_sheets_exact(conn)
            count = conn.execute(select(func.count()).select_from(Score).where(*sheet))
            assert count.scalar_one() == len(cells) - 1 + (second == "insert") - (
                second == "delete"
            )
    finally:
        engine.dispose()
