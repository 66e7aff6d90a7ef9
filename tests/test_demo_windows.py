"""The demo's scoring is open to try today: `demo` records an extension (data_access/demo.py).

load_demo keeps 2022's schedule (the shared demo templates stay the same every day); the
command adds the extension, by "demo", for every juror, and a later run renews it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_BY, DEMO_OPEN_DAYS, open_demo_scoring
from data_access.jury import lookup, windows
from data_access.jury.history import SheetKey
from data_access.models import Assignment, Innovation, Juror, Score, Stage, WindowExtension
from data_access.settings import Settings
from tests.cli_run import cli, ok
from tests.web import JURI_JUROR, add_accounts, client_as

# 09.00 WIB on a day long after the demo's 2022 schedule.
NOW = datetime(2031, 3, 10, 2, 0, tzinfo=UTC)
TODAY = date(2031, 3, 10)


def _unscored_sheet(engine, stage: str = "proposal"):
    """Return the key of a sheet of J01 in the stage that holds no score yet."""
    with transaction(engine) as s:
        juror = s.execute(select(Juror).where(Juror.code == JURI_JUROR)).scalar_one()
        stage_id = lookup.stage_id(s, juror.edition_id, stage)
        scored = select(Score.innovation_id).where(
            Score.juror_id == juror.id, Score.stage_id == stage_id
        )
        innovation = s.scalars(
            select(Assignment.innovation_id).where(
                Assignment.juror_id == juror.id,
                Assignment.stage_id == stage_id,
                Assignment.innovation_id.not_in(scored),
                Assignment.abstain.is_(False),
            )
        ).first()
        assert innovation is not None, stage
        return SheetKey(stage_id, juror.id, innovation)


def _extensions(engine) -> list[tuple[str, object, date, str]]:
    with transaction(engine) as s:
        return [
            tuple(row)
            for row in s.execute(
                select(
                    Stage.code,
                    WindowExtension.juror_id,
                    WindowExtension.until,
                    WindowExtension.created_by,
                )
                .join(Stage, Stage.id == WindowExtension.stage_id)
                .order_by(WindowExtension.id)
            )
        ]


def test_open_demo_scoring_opens_every_stage_and_renews_only_when_due(demo_db_url):
    engine = make_engine(demo_db_url)
    try:
        key = _unscored_sheet(engine)
        with transaction(engine) as s:
            assert not windows.window_open(s, key, NOW)  # 2022's schedule: closed
        until = TODAY + timedelta(days=DEMO_OPEN_DAYS)
        assert open_demo_scoring(engine, NOW) == until
        assert _extensions(engine) == [
            ("proposal", None, until, DEMO_BY),
            ("presentation", None, until, DEMO_BY),
        ]
        with transaction(engine) as s:
            assert windows.window_open(s, key, NOW)
            assert windows.window_open(s, _unscored_sheet(engine, "presentation"), NOW)
            assert not windows.window_open(s, key, NOW + timedelta(days=DEMO_OPEN_DAYS + 1))
        # Run again within the month: nothing new is recorded.
        assert open_demo_scoring(engine, NOW + timedelta(days=20)) is None
        assert len(_extensions(engine)) == 2
        # A week before it closes, a run renews it for a month from that day.
        later = NOW + timedelta(days=DEMO_OPEN_DAYS - 5)
        renewed = open_demo_scoring(engine, later)
        assert renewed == TODAY + timedelta(days=2 * DEMO_OPEN_DAYS - 5)
        assert len(_extensions(engine)) == 4
    finally:
        engine.dispose()


def test_the_demo_command_lets_a_juror_score_today(tmp_path):
    url = f"sqlite:///{tmp_path / 'kipp.sqlite3'}"
    first = ok(cli(url, "demo", "--if-missing"))
    assert "Edisi demo dimuat" in first and "Penilaian demo dibuka untuk dicoba sampai" in first
    again = ok(cli(url, "demo", "--if-missing"))
    assert "sudah ada" in again and "dibuka" not in again  # still open: nothing recorded
    engine = make_engine(url)
    add_accounts(engine)
    server = create_app(Settings(database_url=url, secret_key="demo", instance_dir=str(tmp_path)))
    try:
        assert len(_extensions(engine)) == 2
        key = _unscored_sheet(engine)
        with transaction(engine) as s:
            code = s.scalar(select(Innovation.code).where(Innovation.id == key.innovation_id))
        juror = client_as(server, "juri")
        listing = juror.get("/penilaian").get_data(as_text=True)
        # Both stages, not ">sudah ditutup<": 30 days from today (WIB), and the hours left
        # of today unless it is just past midnight.
        assert len(re.findall(r">ditutup dalam 30 hari( \d+ jam)?<", listing)) == 2, listing
        sheet = juror.get(f"/penilaian/proposal/{code}?lang=en").get_data(as_text=True)
        # Open: it asks for the conflict declaration first, and says nothing of a closed window.
        assert 'id="declare-none"' in sheet and "the sheet is read-only" not in sheet
    finally:
        server.extensions[EXTENSION_KEY].dispose()
        engine.dispose()
