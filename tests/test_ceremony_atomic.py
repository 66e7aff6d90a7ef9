"""Two committee members pressing at the same moment: exactly one change wins, none is lost.

Each round puts the reveal at a known step (a direct write, as test setup), then two
threads, each with its own engine and connection, press different buttons with the same
revision, released together by a barrier. Afterwards the revision grew by exactly the
number of accepted presses, the other press got "changed elsewhere", and the state is the
one the winning press alone gives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from data_access import ceremony, queries
from data_access.ceremony import CeremonyConflict, CeremonySettings, approval_history
from data_access.ceremony import approvals as approving
from data_access.db import make_engine, short_lock_wait, transaction
from data_access.models import Ceremony, Edition, Innovation, Score
from tests.test_ceremony import CODE, DISTINCT, D, seed

ROUNDS = 30
SETTINGS = (
    CeremonySettings(show_score=False),
    CeremonySettings(ceremony_time="10:30"),
)


def press(engine, button: str, revision: int | None, round_no: int) -> str:
    """Press one /kendali button in its own transaction; return "ok" or "conflict"."""
    by = f"laptop-{button}"
    # No revision: as the command line presses (it names none).
    options = {"by": by} if revision is None else {"by": by, "expected_revision": revision}
    try:
        with transaction(engine) as session:
            if button in ceremony.MOVES:
                ceremony.move(session, CODE, button, **options)
            elif button == "approve":
                ceremony.approve(session, CODE, again=True, **options)
            elif button == "settings":
                chosen = SETTINGS[round_no % 2]
                ceremony.save_settings(session, CODE, chosen, **options)
            else:
                raise AssertionError(button)
    except CeremonyConflict:
        return "conflict"
    return "ok"


def together(engines, calls: list[Callable[[object], str]]) -> list[str]:
    """Run each call in its own thread with its own engine, started at once; return answers."""
    barrier = threading.Barrier(len(calls))
    answers: list[str] = [""] * len(calls)

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            answers[index] = calls[index](engines[index])
        except Exception as exc:  # any other answer (e.g. "database is locked") fails the test
            answers[index] = f"error: {exc!r}"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return answers


def place(engine, step: str) -> ceremony.CeremonyState:
    """Put the reveal at a step with the approval still open (test setup, not a press)."""
    with transaction(engine) as session:
        edition_id = session.execute(select(Edition.id).where(Edition.code == CODE)).scalar_one()
        session.execute(
            update(Ceremony)
            .where(Ceremony.edition_id == edition_id)
            .values(step=step, locked_at=None, settings=CeremonySettings().to_json())
        )
    with transaction(engine) as session:
        return ceremony.get_state(session, CODE)


def approvals(engine) -> int:
    with transaction(engine) as session:
        return len(approval_history(session, CODE))


# (start step, the two buttons pressed together, the step each button alone gives)
PAIRS = (
    ("award-2", ("next", "back"), {"next": "award-1", "back": "award-3"}),
    ("splash", ("next", "approve"), {"next": "award-3", "approve": "splash"}),
    ("splash", ("approve", "reset"), {"approve": "splash", "reset": "rotation"}),
    ("splash", ("settings", "next"), {"settings": "splash", "next": "award-3"}),
)


@pytest.fixture
def two_engines(db_url):
    """The seeded, approved edition and two engines, one per pressing committee member."""
    setup = make_engine(db_url)
    seed(setup, DISTINCT)
    with transaction(setup) as session:
        ceremony.approve(session, CODE, by="panitia")
    engines = [make_engine(db_url), make_engine(db_url)]
    yield setup, engines
    for engine in (setup, *engines):
        engine.dispose()


def test_two_presses_with_the_same_revision_one_wins(two_engines):
    setup, engines = two_engines
    for round_no in range(ROUNDS):
        start, buttons, alone = PAIRS[round_no % len(PAIRS)]
        before = place(setup, start)
        recorded = approvals(setup)
        answers = together(
            engines,
            [
                partial(press, button=button, revision=before.revision, round_no=round_no)
                for button in buttons
            ],
        )
        where = (round_no, buttons, answers)
        assert sorted(answers) == ["conflict", "ok"], where
        winner = buttons[answers.index("ok")]
        with transaction(setup) as session:
            after = ceremony.get_state(session, CODE)
        assert after.revision - before.revision == answers.count("ok"), where
        assert after.step == alone[winner], where
        assert after.updated_by == f"laptop-{winner}", where
        assert approvals(setup) == recorded + (winner == "approve"), where
        assert (after.settings != CeremonySettings()) is (winner == "settings"), where
        assert after.snapshot is not None, where


def test_presses_without_a_revision_are_never_lost(two_engines):
    """The CLI names no revision: both changes land, and the revision counts both."""
    setup, engines = two_engines
    for round_no in range(ROUNDS // 3):
        before = place(setup, "splash")
        answers = together(
            engines,
            [
                partial(press, button="settings", revision=None, round_no=round_no + n)
                for n in range(2)
            ],
        )
        with transaction(setup) as session:
            after = ceremony.get_state(session, CODE)
        assert answers == ["ok", "ok"], (round_no, answers)
        assert after.revision - before.revision == 2, (round_no, answers)


@pytest.mark.parametrize("first", [True, False], ids=["first-in-transaction", "after-a-write"])
def test_approval_reads_one_view_of_the_data(db_url, monkeypatch, first):
    """A score corrected while the approval computes the ranking is not half in the snapshot:
    the snapshot is the ranking at the data version it records (or the write waits). Also
    when the caller wrote before in the same transaction (PostgreSQL cannot switch to
    REPEATABLE READ then: the approval holds the data version's row instead)."""
    setup, other = make_engine(db_url), make_engine(db_url)
    seed(setup, DISTINCT)
    with transaction(setup) as session:
        version_before = queries.data_version(session)
    written: list[str] = []
    real_report = approving.edition_report

    def report_after_a_correction(session, code, **kw):
        # Another committee laptop saves a corrected score after the approval read the
        # data version and before it reads the scores.
        try:
            with transaction(other) as writer, short_lock_wait(writer, 1):
                writer.execute(
                    update(Score).where(Score.innovation_id == d_id).values(score_centi=9900)
                )
            written.append("written")
        except OperationalError:  # the approval holds the write lock, or the version's row
            written.append("waited")
        return real_report(session, code, **kw)

    with transaction(setup) as session:
        # The ceremony row exists already (creating it would take a lock by itself).
        ceremony.save_settings(session, CODE, CeremonySettings(show_score=False), by="panitia")
        d_id = session.execute(
            select(Innovation.id).where(Innovation.code == f"{CODE}-D")
        ).scalar_one()
    monkeypatch.setattr(approving, "edition_report", report_after_a_correction)
    try:
        with transaction(setup) as session:
            if not first:
                ceremony.save_settings(session, CODE, CeremonySettings(), by="panitia")
            snapshot = ceremony.approve(session, CODE, by="panitia")
        assert written, "the correction was attempted"
        assert snapshot.data_version == version_before
        assert [row["code"] for row in snapshot.winners(1)] == [f"{CODE}-A"]
        assert {row["code"]: row["final_score"] for row in snapshot.rows}[f"{CODE}-D"] == D
        with transaction(setup) as session:
            assert queries.data_version(session) > version_before or written == ["waited"]
    finally:
        setup.dispose()
        other.dispose()
