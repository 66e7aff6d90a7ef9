"""The writers that keep the data moving while a bench watches: scores, sheets, the reveal.

The kiosk soak's DataMover plays a jury and the committee (the reveal walked through);
the load bench's Jury completes sheets and changes a score, so its viewers see news.
"""

from __future__ import annotations

import random
import threading
import time
from typing import TYPE_CHECKING

from bench.progress import say

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bench.load_audience import Audience
    from data_access.simulate import OpenSheet

SCORE_EVERY_S = 20.0
REVEAL_EVERY_S = 300.0
FIRST_REVEAL_S = 240.0
REVEAL_STEP_S = 8.0
EDITION = "demo-kudus-2022"  # the load bench's edition: the demo's
JURY_APP_NAME = "kipp-load-jury"  # its PostgreSQL connection is not the server's


class ScoreFlip:
    """The first score, set to another value and back again on every call.

    What a writer does once no sheet is left open: the data keeps moving, and every
    change is a new version for the pages to show.
    """

    def __init__(self) -> None:
        self.score: tuple[int, int, int] | None = None  # its id, its value, another value
        self.flips = 0

    def __call__(self, engine) -> tuple[int, int]:
        """Set the score to the other value, or back; return its id and the value set."""
        from sqlalchemy import select, update

        from data_access.db import transaction
        from data_access.models import Score

        with transaction(engine) as session:
            if self.score is None:
                score_id, value = session.execute(
                    select(Score.id, Score.score_centi).order_by(Score.id).limit(1)
                ).one()
                self.score = (score_id, value, value - 100 if value > 9900 else value + 100)
            score_id, original, other = self.score
            value = other if self.flips % 2 == 0 else original
            session.execute(update(Score).where(Score.id == score_id).values(score_centi=value))
        self.flips += 1
        return score_id, value


class DataMover(threading.Thread):
    """Keeps scores changing and walks the ceremony reveal, so the kiosk re-renders."""

    def __init__(self, database_url: str, code: str, *, duration_s: float, seed: int = 2022):
        super().__init__(name="kiosk-soak-data", daemon=True)
        self.database_url = database_url
        self.code = code
        self.stop = threading.Event()
        self.rng = random.Random(seed)
        self.first_reveal_s = min(FIRST_REVEAL_S, duration_s / 2)
        self.flip = ScoreFlip()
        self.sheets = 0
        self.reveals = 0
        self.errors = 0
        self.engine: Engine  # made in run(), from the served copy of the code

    def run(self) -> None:
        # Imported here, all at once: from the served copy of the code (main put it first).
        from data_access import ceremony, simulate  # noqa: F401
        from data_access.db import make_engine

        self.engine = make_engine(self.database_url)
        started = time.monotonic()
        next_score, next_reveal = SCORE_EVERY_S, self.first_reveal_s
        try:
            while not self.stop.wait(0.5):
                elapsed = time.monotonic() - started
                try:
                    if elapsed >= next_reveal:
                        self.reveal()
                        next_reveal += REVEAL_EVERY_S
                        next_score = time.monotonic() - started + SCORE_EVERY_S
                    elif elapsed >= next_score:
                        self.change_score()
                        next_score = elapsed + SCORE_EVERY_S
                except Exception as exc:  # a bench keeps going; the log says what broke
                    self.errors += 1
                    say(f"data: {type(exc).__name__}: {exc}")
                    next_score = time.monotonic() - started + SCORE_EVERY_S
        finally:
            self.engine.dispose()

    def change_score(self) -> None:
        """Complete one open sheet, or flip one score between two values."""
        from data_access.simulate import complete_sheet, open_sheets

        sheets = open_sheets(self.engine, self.code)
        if sheets:
            sheet = self.rng.choice(sheets)
            count = complete_sheet(self.engine, self.code, sheet, self.rng)
            self.sheets += 1
            say(
                f"data: {sheet.juror_code} completes {sheet.innovation_code} ({sheet.stage}), "
                f"{count} scores; {len(sheets) - 1} open sheets left"
            )
            return
        self.flip_score()

    @property
    def flips(self) -> int:
        return self.flip.flips

    def flip_score(self) -> None:
        score_id, value = self.flip(self.engine)
        say(f"data: score #{score_id} set to {value / 100:.2f}")

    def reveal(self) -> None:
        """Finish judging, approve, walk splash..all with a pause on each step, reset."""
        from data_access import ceremony
        from data_access.db import transaction
        from data_access.simulate import complete_sheet, open_sheets

        left = open_sheets(self.engine, self.code)
        for sheet in left:
            complete_sheet(self.engine, self.code, sheet, self.rng)
        if left:
            self.sheets += len(left)
            say(f"data: finished the {len(left)} open sheets")
        with transaction(self.engine) as session:
            if ceremony.get_state(session, self.code).step != ceremony.ROTATION:
                ceremony.reset(session, self.code, by="kiosk-soak")
        with transaction(self.engine) as session:
            snapshot = ceremony.approve(session, self.code, by="kiosk-soak")
        say(f"reveal: results approved ({snapshot.hash[:12]})")
        while True:
            if self.stop.wait(REVEAL_STEP_S):
                return
            with transaction(self.engine) as session:
                state = ceremony.advance(session, self.code, by="kiosk-soak")
            say(f"reveal: step {state.step}")
            if state.next_step is None:
                break
        if self.stop.wait(REVEAL_STEP_S):
            return
        with transaction(self.engine) as session:
            ceremony.reset(session, self.code, by="kiosk-soak")
        self.reveals += 1
        say("reveal: reset to the slide rotation")


class Jury(threading.Thread):
    """Completes an open sheet every `every` seconds, then changes one score back and forth."""

    def __init__(self, audience: Audience, database_url: str, every: float) -> None:
        super().__init__(name="jury", daemon=True)
        self.audience = audience
        self.database_url = database_url
        self.every = every
        self.rng = random.Random(2022)
        self.sheets = self.errors = 0
        self.flip = ScoreFlip()

    def run(self) -> None:
        from sqlalchemy.engine import make_url

        from data_access.db import make_engine
        from data_access.simulate import complete_sheet, open_sheets

        url = make_url(self.database_url)
        if url.get_backend_name() == "postgresql":
            url = url.update_query_dict({"application_name": JURY_APP_NAME})
        engine = make_engine(url.render_as_string(hide_password=False), pool_size=1)
        pending: list[OpenSheet] = []
        try:
            while not self.audience.stop.wait(self.every):
                try:
                    if not pending and not self.flips:
                        pending = open_sheets(engine, EDITION)
                        self.rng.shuffle(pending)
                    if pending:
                        complete_sheet(engine, EDITION, pending.pop(), self.rng)
                        self.sheets += 1
                    else:
                        self.flip(engine)
                except Exception as exc:  # a bench keeps going; the report counts it
                    self.errors += 1
                    self.audience.recorder.note(f"jury: {type(exc).__name__}: {exc}")
        finally:
            engine.dispose()

    @property
    def flips(self) -> int:
        return self.flip.flips
