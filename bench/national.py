"""Generate a national-sized edition: 5,000 innovations, 40 jurors, about 1 million score rows."""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from data_access.db import make_engine, transaction
from data_access.defaults import default_stages
from data_access.migrate import upgrade
from data_access.models import (
    Assignment,
    Edition,
    Innovation,
    Juror,
    Score,
    Unit,
)

CODE = "nasional-bench"
GROUPS = ("Akademisi", "Praktisi", "Wartawan", "KemenPAN-RB")
CHUNK = 50_000
# 6 columns x 5,000 rows stays under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
ROWS_PER_STATEMENT = 5_000


def generate(
    engine: Engine,
    *,
    innovations: int = 5000,
    jurors: int = 40,
    units: int = 600,
    fill: float = 0.62,
    finalists: int = 99,
    seed: int = 7,
) -> int:
    """Create the national bench edition and return how many score rows it holds."""
    rng = random.Random(seed)
    upgrade(engine)
    with transaction(engine) as s:
        if s.execute(select(Edition.id).where(Edition.code == CODE)).first():
            raise SystemExit(f"edition {CODE} already exists in this database")
        edition = Edition(
            code=CODE,
            name="KIPP Nasional (bench)",
            submission_end=date(2022, 11, 13),
            proposal_start=date(2022, 11, 17),
            proposal_end=date(2022, 11, 30),
            presentation_start=date(2022, 12, 5),
            presentation_end=date(2022, 12, 9),
            finalist_count=finalists,
        )
        edition.stages.extend(default_stages())
        s.add(edition)
        s.flush()
        existing = s.execute(select(Unit.code)).scalars().all()
        prefix = f"NAS{len(existing):04d}-"
        s.execute(
            insert(Unit),
            [
                {
                    "code": f"{prefix}{n:04d}",
                    "name": f"Unit Nasional {n:04d}",
                    "short_name": f"UN{n:04d}",
                    "kind": "dinas",
                    "required": True,
                }
                for n in range(units)
            ],
        )
        unit_ids = s.execute(select(Unit.id).where(Unit.code.like(f"{prefix}%"))).scalars().all()
        t0 = datetime(2022, 10, 13, tzinfo=UTC)
        s.execute(
            insert(Innovation),
            [
                {
                    "edition_id": edition.id,
                    "code": f"N{n:05d}",
                    "title": f"Inovasi Nasional {n}",
                    "unit_id": rng.choice(unit_ids),
                    "innovator": "Inovator",
                    "category": "Umum",
                    "submitted_at": t0 + timedelta(minutes=rng.randrange(45 * 24 * 60)),
                    "admin_status": "lolos" if rng.random() < 0.9 else "tidak_lolos",
                }
                for n in range(innovations)
            ],
        )
        s.execute(
            insert(Juror),
            [
                {
                    "edition_id": edition.id,
                    "code": f"JN{n:02d}",
                    "name": f"Juri {n:02d}",
                    "jury_group": GROUPS[n % len(GROUPS)],
                }
                for n in range(jurors)
            ],
        )
        edition_id = edition.id
        stages = {st.code: st for st in edition.stages}
        criteria = {code: [c.id for c in st.criteria] for code, st in stages.items()}
        stage_ids = {code: st.id for code, st in stages.items()}
    with transaction(engine) as s:
        inn_rows = s.execute(
            select(Innovation.id, Innovation.admin_status)
            .where(Innovation.edition_id == edition_id)
            .order_by(Innovation.id)
        ).all()
        juror_ids = (
            s.execute(select(Juror.id).where(Juror.edition_id == edition_id)).scalars().all()
        )
    eligible = [i for i, status in inn_rows if status == "lolos"]
    chosen = rng.sample(eligible, min(finalists, len(eligible)))
    total = 0
    batch: list[dict] = []
    w0 = datetime(2022, 11, 17, 1, 0, tzinfo=UTC)

    def flush(force: bool = False) -> None:
        nonlocal batch
        if batch and (force or len(batch) >= CHUNK):
            with transaction(engine) as s:
                if engine.dialect.name == "sqlite":
                    s.execute(insert(Score), batch)  # executemany: SQLite's fastest way
                else:
                    # Multi-row statements: PostgreSQL's score_sheets triggers run once per
                    # statement (migration 0005), not once per row as with executemany.
                    for start in range(0, len(batch), ROWS_PER_STATEMENT):
                        rows = batch[start : start + ROWS_PER_STATEMENT]
                        s.execute(insert(Score).values(rows))
            batch = []

    for innovation_id in eligible:
        quality = rng.uniform(55, 90)
        for juror_id in juror_ids:
            if rng.random() >= fill:
                continue
            at = w0 + timedelta(minutes=rng.randrange(13 * 24 * 60))
            scored = criteria["proposal"]
            if rng.random() < 0.03:
                scored = scored[: rng.randrange(1, len(scored))]
            for criterion_id in scored:
                batch.append(
                    {
                        "stage_id": stage_ids["proposal"],
                        "juror_id": juror_id,
                        "innovation_id": innovation_id,
                        "criterion_id": criterion_id,
                        "score_centi": max(0, min(10000, int((quality + rng.gauss(0, 8)) * 100))),
                        "scored_at": at,
                    }
                )
            total += len(scored)
            flush()
    with transaction(engine) as s:
        s.execute(
            insert(Assignment),
            [
                {
                    "stage_id": stage_ids["presentation"],
                    "juror_id": j,
                    "innovation_id": i,
                    "abstain": rng.random() < 0.02,
                }
                for i in chosen
                for j in juror_ids
            ],
        )
    p0 = datetime(2022, 12, 5, 1, 0, tzinfo=UTC)
    for innovation_id in chosen:
        for juror_id in juror_ids:
            if rng.random() < 0.2:
                continue
            at = p0 + timedelta(minutes=rng.randrange(4 * 24 * 60))
            for criterion_id in criteria["presentation"]:
                batch.append(
                    {
                        "stage_id": stage_ids["presentation"],
                        "juror_id": juror_id,
                        "innovation_id": innovation_id,
                        "criterion_id": criterion_id,
                        "score_centi": rng.randrange(5000, 9800),
                        "scored_at": at,
                    }
                )
                total += 1
            flush()
    flush(force=True)
    return total


def main() -> None:
    """Generate the national edition into the database given by --database-url."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--innovations", type=int, default=5000)
    parser.add_argument("--jurors", type=int, default=40)
    parser.add_argument("--fill", type=float, default=0.62)
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    started = time.perf_counter()
    rows = generate(engine, innovations=args.innovations, jurors=args.jurors, fill=args.fill)
    print(f"{rows} score rows in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
