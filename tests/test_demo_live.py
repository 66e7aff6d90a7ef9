"""The demo's figures (2022's: 20 OPDs, 32 innovations, 25 lolos) and `demo --live`, which
moves it in time so that today falls inside its proposal judging (data_access/demo.py)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from data_access import queries
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, EDITION, LIVE_DAY, load_demo, open_demo_scoring
from data_access.models import Innovation, Score, ScoreHistory, Stage, WindowExtension, utcnow
from data_access.reports import edition_report, participation_for
from tests.cli_run import cli, ok

WIB = ZoneInfo("Asia/Jakarta")
DATES = [key for key in EDITION if key.endswith(("_start", "_end", "_date"))]


def _figures(engine) -> tuple[int, int, int]:
    """Return (OPDs submitting, innovations, lolos) of the demo."""
    with transaction(engine) as s:
        participating = participation_for(s, DEMO_CODE).participating
        lolos = s.scalar(
            select(func.count()).where(Innovation.admin_status == "lolos").select_from(Innovation)
        )
        innovations = s.scalar(select(func.count()).select_from(Innovation))
    return participating, innovations, lolos


def test_the_demo_has_2022s_figures(demo_db_url):
    engine = make_engine(demo_db_url)
    try:
        assert _figures(engine) == (20, 32, 25)
    finally:
        engine.dispose()


def test_a_live_demo_puts_today_inside_its_proposal_judging(engine):
    """Every date moves by one shift; nothing is stamped after now; part of it still open."""
    before = utcnow()
    load_demo(engine, live_at=before)
    today = before.astimezone(WIB).date()
    shift = today - LIVE_DAY
    with transaction(engine) as s:
        info = queries.get_edition(s, DEMO_CODE)
        latest_score = s.scalar(select(func.max(Score.scored_at)))
        first_score = s.scalar(select(func.min(Score.scored_at)))
        submitted = s.execute(
            select(func.min(Innovation.submitted_at), func.max(Innovation.submitted_at))
        ).one()
        presentation = s.scalar(
            select(func.count())
            .select_from(Score)
            .join(Stage, Stage.id == Score.stage_id)
            .where(Stage.code == "presentation")
        )
        history = s.scalars(select(ScoreHistory.at)).all()
        report = edition_report(s, DEMO_CODE, now=before)
    for key in DATES:
        assert getattr(info, key) == date.fromisoformat(EDITION[key]) + shift, key
    # Named after the year its submissions open in, as its dates say.
    assert info.name == f"KIPP Kabupaten Kudus {info.submission_start.year} (Demo)"
    assert info.proposal_start < today < info.proposal_end
    assert info.proposal_start <= first_score.astimezone(WIB).date()
    assert latest_score <= before  # what 2022 scored after this moment is not there yet
    assert presentation == 0  # the presentation is days ahead
    low, high = (moment.astimezone(WIB).date() for moment in submitted)
    assert info.submission_start <= low and high <= info.submission_end + timedelta(days=1)
    assert history and all(before <= at <= utcnow() for at in history)  # imported now
    proposal = next(stage for stage in report.progress.stages if stage.stage == "proposal")
    assert 0 < proposal.complete < proposal.expected  # judging under way
    assert _figures(engine) == (20, 32, 25)
    # Its schedule keeps it open: `demo` records no extension to keep it open.
    assert open_demo_scoring(engine, before) is None
    with transaction(engine) as s:
        assert s.scalar(select(func.count()).select_from(WindowExtension)) == 0


def test_the_demo_command_loads_it_live(tmp_path):
    url = f"sqlite:///{tmp_path / 'kipp.sqlite3'}"
    out = ok(cli(url, "demo", "--if-missing", "--live"))
    assert "Edisi demo dimuat" in out and "dibuka" not in out
    assert "sudah ada" in ok(cli(url, "demo", "--if-missing", "--live"))
    engine = make_engine(url)
    try:
        with transaction(engine) as s:
            info = queries.get_edition(s, DEMO_CODE)
        today = utcnow().astimezone(WIB).date()
        assert info.proposal_start < today < info.proposal_end
    finally:
        engine.dispose()
