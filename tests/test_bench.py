"""The benchmark's generator builds a valid edition, and the refresh baselines give the pages'
numbers (so `make bench` cannot rot, nor compare a page with a computation of other numbers)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select, update

from bench import refresh_numbers
from bench.national import CODE, generate
from bench.refresh import PAGES, RawDatabase, check_baselines
from data_access.db import make_engine, transaction
from data_access.models import (
    Assignment,
    ConflictDeclaration,
    Innovation,
    Juror,
    Score,
    ScoreSheet,
    SheetState,
    Stage,
    Unit,
)
from data_access.reports import edition_report, load_edition_data, ranking

AT = datetime(2022, 11, 20, 8, 30, tzinfo=UTC)


def test_generator_builds_an_edition_both_paths_rank_alike(engine):
    """A small national edition ranks the same on the live and the reference path."""
    rows = generate(engine, innovations=60, jurors=6, units=8, finalists=4)
    with transaction(engine) as session:
        report = edition_report(session, CODE)
        reference = ranking(load_edition_data(session, CODE))
    assert rows > 60 * 6 * 4  # most sheets are scored
    assert report.ranking.rows == reference.rows
    assert len(report.ranking.finalist_ids) == 4


def _twist(engine) -> None:
    """Give the generated edition every case the pages count apart (SCORING.md 2, 4-6)."""
    with transaction(engine) as s:
        stages = {code: id_ for code, id_ in s.execute(select(Stage.code, Stage.id))}
        jurors = s.scalars(select(Juror.id).order_by(Juror.id)).all()
        finalists = set(
            s.scalars(
                select(Assignment.innovation_id).where(
                    Assignment.stage_id == stages["presentation"]
                )
            )
        )
        eligible = s.scalars(
            select(Innovation.id).where(Innovation.admin_status == "lolos").order_by(Innovation.id)
        ).all()
        others = [i for i in eligible if i not in finalists]
        sheet = select(Score).where(Score.stage_id == stages["proposal"])
        scored = s.execute(
            select(ScoreSheet.juror_id, ScoreSheet.innovation_id)
            .where(ScoreSheet.stage_id == stages["proposal"], ScoreSheet.innovation_id.in_(others))
            .order_by(ScoreSheet.innovation_id, ScoreSheet.juror_id)
        ).all()
        (j0, i0), (j1, i1) = scored[0], scored[-1]
        # A draft (partial however full) and a confirmed conflict (abstains at proposal).
        s.add(SheetState(stage_id=stages["proposal"], juror_id=j0, innovation_id=i0,
                         state="draft", updated_at=AT, updated_by="juri"))  # fmt: skip
        s.add(ConflictDeclaration(juror_id=j1, innovation_id=i1, conflict=True,
                                  reason="kerabat", declared_at=AT, declared_by="juri",
                                  confirmed_at=AT, confirmed_by="panitia"))  # fmt: skip
        # An innovation that passed nothing, scored anyway: its sheets count nowhere.
        s.execute(
            update(Innovation).where(Innovation.id == others[2]).values(admin_status="tidak_lolos")
        )
        # Two innovations with the same sheets: a tie ("seri") in tier 2.
        s.execute(
            delete(Score).where(
                Score.stage_id == stages["proposal"], Score.innovation_id == others[4]
            )
        )
        for score in s.scalars(sheet.where(Score.innovation_id == others[3])).all():
            s.add(Score(stage_id=score.stage_id, juror_id=score.juror_id, innovation_id=others[4],
                        criterion_id=score.criterion_id, score_centi=score.score_centi,
                        scored_at=score.scored_at))  # fmt: skip
        # A presentation sheet from a juror nobody assigned: unexpected, and a new finalist.
        for criterion in s.scalars(
            select(Score.criterion_id).where(Score.stage_id == stages["presentation"]).distinct()
        ).all():
            s.add(Score(stage_id=stages["presentation"], juror_id=jurors[2],
                        innovation_id=others[5], criterion_id=criterion, score_centi=7150,
                        scored_at=AT))  # fmt: skip
        # A sub-unit (its entries count for its OPD) and a unit that rolls up to none.
        units = s.scalars(select(Unit).order_by(Unit.id)).all()
        units[1].required, units[1].parent_id = False, units[0].id
        units[2].required = False


@pytest.mark.parametrize("twisted", [False, True], ids=["generated", "twisted"])
def test_refresh_baselines_give_every_page_the_apps_numbers(engine, db_url, twisted):
    """Each page's hand-written baseline equals the app's data layer, edge cases included."""
    generate(engine, innovations=60, jurors=6, units=8, finalists=4)
    if twisted:
        _twist(engine)
    raw = RawDatabase(db_url)
    try:
        assert check_baselines(db_url, raw) == {page: [] for page in PAGES}
        numbers = {page: raw.numbers(page) for page in PAGES}
        version = "SELECT version FROM data_version WHERE id = 1"
        (before,) = raw.conn.execute(version).fetchone()
        raw.change_a_score()  # the bench's data change moves the data version (caches miss)
        (after,) = raw.conn.execute(version).fetchone()
        raw.change_a_score()  # and changes the score back
        assert after > before
        assert {page: raw.numbers(page) for page in PAGES} == numbers
    finally:
        raw.close()
    ranks, progress, opds = numbers["ranking"], numbers["progress"], numbers["participation"]
    assert len(ranks.rows) >= 50 and ranks.severity and ranks.spreads
    assert progress.heat["proposal"] and progress.heat["presentation"]
    assert sum(row[5] for row in opds.rows) > 0
    if twisted:  # the cases are there, so the equality above covered them
        assert any(row[3] for row in ranks.rows)  # a seri
        assert progress.stages[0][4] == 1  # the draft
        assert progress.stages[0][6] >= 1  # the abstention
        assert progress.stages[1][7] >= 1  # the unexpected sheet
        assert opds.unattributed > 0 and any(row[10] for row in opds.rows)  # sub-units


def test_baselines_use_the_pages_own_limits():
    """The numbers' module restates the builders' limits for the baselines, which import no app."""
    from dashboard.builders.progress_heatmap import HEATMAP_MAX_INNOVATIONS
    from dashboard.builders.ranking import RANKING_TABLE_MAX

    assert refresh_numbers.TABLE_MAX == RANKING_TABLE_MAX
    assert refresh_numbers.HEATMAP_MAX == HEATMAP_MAX_INNOVATIONS


def test_a_different_number_is_reported_field_by_field():
    """The bench's equality check names the field that differs, so a drift is found."""
    same = refresh_numbers.ParticipationNumbers(rows=((1, "A"),), required=1, participating=1,
                                                unattributed=0)  # fmt: skip
    other = refresh_numbers.ParticipationNumbers(rows=((1, "A"),), required=1, participating=0,
                                                 unattributed=0)  # fmt: skip
    assert refresh_numbers.differences(same, same) == []
    [found] = refresh_numbers.differences(same, other)
    assert found.startswith("participating: app 1 != baseline 0")


def test_the_served_baseline_answers_a_live_session_only(sqlite_url, monkeypatch):
    """The served baseline (bench/refresh_served.py) checks the session as the app checks a
    live answer's viewer: no session, no numbers; an unknown page is a 404; a logged-in
    admin gets the page's shown numbers as brotli JSON."""
    import brotli

    from bench.harness import ADMIN, PASSWORD, add_accounts
    from bench.refresh_served import served_numbers
    from data_access.settings import Settings

    engine = make_engine(sqlite_url)
    generate(engine, innovations=30, jurors=4, units=6, finalists=2)
    engine.dispose()
    add_accounts(sqlite_url)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("SECRET_KEY", "served-baseline-test-key-not-for-production")
    served = served_numbers().test_client()
    assert served.post(f"/numbers/participation?edition={CODE}").status_code == 401
    # A session the app made (same key and database) is what the baseline checks.
    from app import create_app

    settings = Settings.from_env()
    app = create_app(settings).test_client()
    app.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"
    token = re.search(r'name="csrf" value="([^"]+)"', app.get("/login").get_data(as_text=True))
    assert token is not None
    login = app.post("/login", data={"username": ADMIN, "password": PASSWORD, "csrf": token[1]})
    assert login.status_code == 302
    served.set_cookie("kipp_session", app.get_cookie("kipp_session").value)
    assert served.post(f"/numbers/nothing?edition={CODE}").status_code == 404
    answer = served.post(
        f"/numbers/participation?edition={CODE}", headers={"Accept-Encoding": "br"}
    )
    assert answer.status_code == 200 and answer.headers["Content-Encoding"] == "br"
    numbers = json.loads(brotli.decompress(answer.get_data()))
    assert numbers["required"] == len(numbers["rows"]) > 0
