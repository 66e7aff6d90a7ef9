"""The jury bench's database: an edition whose proposal window is open, jurors with accounts.

Built on bench/national.py's generator at a small size: `jurors` jurors, `innovations`
innovations, about 60% of the proposal sheets already filled by an import (those are
locked to the app, as imported sheets are). Every juror is assigned every innovation that
passed the administrative check in the proposal stage, so each holds dozens of open
sheets; the window runs from yesterday to a week from now. Besides them: a few viewer
accounts the 200 viewers share, and one display token per ceremony screen.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update

from bench.national import CODE, generate
from bench.postgres import libpq
from data_access.db import make_engine, transaction
from data_access.models import Assignment, Edition, Innovation, Juror, Score, Stage, utcnow

STAGE = "proposal"
FILL = 0.6  # the share of proposal sheets filled by the import before the jury starts
VIEWER_ACCOUNTS = 10  # argon2 is slow on purpose: the viewers share a few accounts


@dataclass(frozen=True)
class JurorAccount:
    """A juri account and the open sheets (innovation codes) it will fill, in its order."""

    username: str
    juror_code: str
    open_sheets: list[str]


@dataclass(frozen=True)
class JuryDataset:
    """What the run needs to know of its database."""

    jurors: list[JurorAccount]
    viewers: list[str]
    kiosk_paths: list[str]  # /kiosk?token=..., one per screen
    criteria: list[str]  # the stage's criterion codes, in the sheet's order
    score_rows: int


def build(
    database_url: str,
    *,
    jurors: int,
    innovations: int,
    kiosks: int,
    viewers: int,
    password: str,
    seed: int = 15,
) -> JuryDataset:
    """Create the edition, its assignments, the juri and viewer accounts and the tokens."""
    engine = make_engine(database_url, pool_size=1)
    try:
        rows = generate(
            engine, innovations=innovations, jurors=jurors, units=40, fill=FILL, finalists=6
        )
        with transaction(engine) as session:
            return open_for_jury(
                session,
                jurors=jurors,
                kiosks=kiosks,
                viewers=viewers,
                password=password,
                score_rows=rows,
                assign=True,
                seed=seed,
            )
    finally:
        engine.dispose()


def open_for_jury(
    session,
    *,
    jurors: int,
    kiosks: int,
    viewers: int,
    password: str,
    score_rows: int,
    assign: bool,
    seed: int = 15,
) -> JuryDataset:
    """Open the bench edition's proposal window; add juri and viewer accounts and tokens.

    The first `jurors` jurors of the edition get accounts; each may fill the proposal
    sheets of the innovations that passed the administrative check and that the import
    left empty. `assign`: list every passed innovation for every juror in the stage (the
    same as listing none, SCORING.md 5; a national edition's 180 thousand rows are left out).
    """
    from data_access.kiosks import create_token, kiosk_url
    from data_access.users import add_user

    rng = random.Random(seed)
    today = utcnow().date()
    edition_id = session.execute(select(Edition.id).where(Edition.code == CODE)).scalar_one()
    session.execute(
        update(Edition)
        .where(Edition.id == edition_id)
        .values(
            submission_end=today - timedelta(days=10),
            proposal_start=today - timedelta(days=1),
            proposal_end=today + timedelta(days=7),
            presentation_start=today + timedelta(days=10),
            presentation_end=today + timedelta(days=14),
        )
    )
    stage = session.execute(
        select(Stage).where(Stage.edition_id == edition_id, Stage.code == STAGE)
    ).scalar_one()
    criteria = [c.code for c in sorted(stage.criteria, key=lambda c: c.position)]
    passed = dict(
        session.execute(
            select(Innovation.id, Innovation.code)
            .where(Innovation.edition_id == edition_id, Innovation.admin_status == "lolos")
            .order_by(Innovation.id)
        ).all()
    )
    juror_rows = session.execute(
        select(Juror.id, Juror.code).where(Juror.edition_id == edition_id).order_by(Juror.code)
    ).all()
    filled = set(
        session.execute(
            select(Score.juror_id, Score.innovation_id).where(Score.stage_id == stage.id).distinct()
        ).all()
    )
    if assign:
        session.execute(
            insert(Assignment),
            [
                {"stage_id": stage.id, "juror_id": j, "innovation_id": i, "abstain": False}
                for j, _code in juror_rows
                for i in passed
            ],
        )
    accounts = []
    for juror_id, juror_code in juror_rows[:jurors]:
        username = f"juri-{juror_code.lower()}"
        add_user(session, username, password, "juri", juror_id=juror_id)
        mine = [code for i, code in passed.items() if (juror_id, i) not in filled]
        rng.shuffle(mine)  # jurors do not all walk the innovations in one order
        accounts.append(JurorAccount(username, juror_code, mine))
    names = [f"penonton-{n:02d}" for n in range(1, min(viewers, VIEWER_ACCOUNTS) + 1)]
    for name in names:
        add_user(session, name, password, "viewer")
    paths = [kiosk_url(create_token(session, f"layar-{n:02d}", CODE)) for n in range(1, kiosks + 1)]
    return JuryDataset(accounts, names, paths, criteria, score_rows)


@dataclass(frozen=True)
class Stored:
    """What the database holds of the bench's sheets at the end of the run."""

    history: list[tuple[str, str, str | None, str, int | None]]  # the web's lines, in order
    scores: dict[tuple[str, str], dict[str, int]]  # (juror, innovation) -> criterion -> value
    states: dict[tuple[str, str], tuple[int, str]]  # (juror, innovation) -> (revision, state)


def read_back(database_url: str) -> Stored:
    """Return the web's history lines, the scores and the sheet states of the bench's sheets."""
    import psycopg

    with psycopg.connect(libpq(database_url)) as conn:
        history = conn.execute(
            "SELECT juror_code, innovation_code, criterion_code, event, new_centi"
            " FROM score_history WHERE stage_code = %s AND source = 'web' ORDER BY id",
            (STAGE,),
        ).fetchall()
        scores: dict[tuple[str, str], dict[str, int]] = {}
        for juror, innovation, criterion, centi in conn.execute(
            "SELECT j.code, i.code, c.code, s.score_centi FROM scores s"
            " JOIN jurors j ON j.id = s.juror_id JOIN innovations i ON i.id = s.innovation_id"
            " JOIN criteria c ON c.id = s.criterion_id JOIN stages st ON st.id = s.stage_id"
            " WHERE st.code = %s",
            (STAGE,),
        ):
            scores.setdefault((juror, innovation), {})[criterion] = centi
        states = {
            (juror, innovation): (revision, state)
            for juror, innovation, revision, state in conn.execute(
                "SELECT j.code, i.code, s.revision, s.state FROM sheet_states s"
                " JOIN jurors j ON j.id = s.juror_id JOIN innovations i ON i.id = s.innovation_id"
            )
        }
    return Stored(history, scores, states)
