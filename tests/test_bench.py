"""The benchmark's generator builds a valid edition (so `make bench` cannot rot unnoticed)."""

from __future__ import annotations

from bench.national import CODE, generate
from bench.refresh import RawDatabase
from data_access.db import transaction
from data_access.reports import edition_report, load_edition_data, ranking
from data_access.scoring import centi_to_decimal, div_half_up


def test_generator_and_raw_baselines_agree_with_the_app(engine, db_url):
    """A small national edition ranks the same on both paths and in the raw baseline SQL."""
    rows = generate(engine, innovations=60, jurors=6, units=8, finalists=4)
    with transaction(engine) as session:
        report = edition_report(session, CODE)
        reference = ranking(load_edition_data(session, CODE))
    assert rows > 60 * 6 * 4  # most sheets are scored
    assert report.ranking.rows == reference.rows
    assert len(report.ranking.finalist_ids) == 4
    # The benchmark's own driver connection (sqlite3 or psycopg) runs the baseline.
    raw = RawDatabase(db_url)
    try:
        stages = dict(raw.conn.execute("SELECT id, code FROM stages").fetchall())
        totals = raw.conn.execute(raw.sql, {"code": CODE}).fetchall()
        version = "SELECT version FROM data_version WHERE id = 1"
        (before,) = raw.conn.execute(version).fetchone()
        raw.change_a_score()  # the bench's data change moves the data version (caches miss)
        (after,) = raw.conn.execute(version).fetchone()
        raw.change_a_score()  # and changes the score back
        assert after > before
        assert raw.conn.execute(raw.sql, {"code": CODE}).fetchall() == totals
    finally:
        raw.close()
    # The hand-written baseline computes the same stage scores as the app.
    sums: dict[tuple[str, int], list[int]] = {}
    for stage_id, innovation_id, group, total, count, _last in totals:
        if group is not None and count:
            entry = sums.setdefault((stages[stage_id], innovation_id), [0, 0])
            entry[0] += total
            entry[1] += count
    expected = {
        key: centi_to_decimal(div_half_up(total, count)) for key, (total, count) in sums.items()
    }
    got = {("proposal", r.innovation_id): r.proposal_score for r in report.ranking.rows}
    got |= {("presentation", r.innovation_id): r.presentation_score for r in report.ranking.rows}
    assert expected == {key: value for key, value in got.items() if value is not None}
