"""Helpers for the juror's sheet page: a sheet of juror J01 ready to score, and its API."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import delete, select, update

from data_access.db import transaction
from data_access.formatting import to_local
from data_access.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Edition,
    Innovation,
    Juror,
    Score,
    SheetComment,
    SheetState,
    Stage,
    WindowExtension,
    utcnow,
)
from tests.web import JURI_JUROR

DEMO_TIMEZONE = "Asia/Jakarta"  # the demo edition's (data_access/demo.py)

CSRF = re.compile(r'data-csrf="([^"]+)"')


class OpenSheet(NamedTuple):
    """A sheet of the juri account's juror with no scores, in an open window."""

    stage: str
    innovation: str
    criteria: list[tuple[str, int]]  # (code, weight in hundredths), in order
    other: str  # an innovation of the edition not assigned to this juror in this stage

    @property
    def path(self) -> str:
        """Return the sheet page's path."""
        return f"/penilaian/{self.stage}/{self.innovation}"

    @property
    def api(self) -> str:
        """Return the save endpoint's path."""
        return f"/api/penilaian/{self.stage}/{self.innovation}"

    @property
    def declare(self) -> str:
        """Return the conflict-of-interest declaration endpoint's path."""
        return f"{self.api}/konflik"


def engine_of(app):
    """Return the app's own engine."""
    from dashboard.services import services

    with app.app_context():
        return services().engine


def local_today():
    """Return today's date in the demo edition's time zone (WIB), as its windows count days."""
    return to_local(utcnow(), DEMO_TIMEZONE).date()


def prepare_sheet(
    engine, *, window: str = "open", stage: str = "proposal", juror: str = JURI_JUROR
) -> OpenSheet:
    """Clear the juror's (default J01) first assignment in the stage; set the stage's window.

    The window is "open" (yesterday to tomorrow), "past" or "future", in the demo
    edition's days (WIB): from 17.00 UTC on, WIB is a day ahead of UTC.

    Cleared: its scores, state, comments, the juror's declaration on the innovation and the
    stage's window extensions.
    """
    today = local_today()
    days = {
        "open": (today - timedelta(days=1), today + timedelta(days=1)),
        "past": (today - timedelta(days=10), today - timedelta(days=3)),
        "future": (today + timedelta(days=3), today + timedelta(days=10)),
    }[window]
    with transaction(engine) as session:
        juror_id, edition_id = session.execute(
            select(Juror.id, Juror.edition_id).where(Juror.code == juror).limit(1)
        ).one()
        stage_id = session.execute(
            select(Stage.id).where(Stage.edition_id == edition_id, Stage.code == stage)
        ).scalar_one()
        assigned = (
            select(Assignment.innovation_id)
            .where(
                Assignment.juror_id == juror_id,
                Assignment.stage_id == stage_id,
                Assignment.abstain.is_(False),
            )
            .order_by(Assignment.innovation_id)
        )
        innovation_id = session.execute(assigned.limit(1)).scalar_one()
        mine = set(session.execute(assigned).scalars())
        other = session.execute(
            select(Innovation.code)
            .where(Innovation.edition_id == edition_id, Innovation.id.not_in(mine))
            .order_by(Innovation.id)
            .limit(1)
        ).scalar_one()
        key = (
            Score.stage_id == stage_id,
            Score.juror_id == juror_id,
            Score.innovation_id == innovation_id,
        )
        session.execute(delete(Score).where(*key))
        for model in (SheetState, SheetComment):
            session.execute(
                delete(model).where(
                    model.stage_id == stage_id,
                    model.juror_id == juror_id,
                    model.innovation_id == innovation_id,
                )
            )
        session.execute(
            delete(ConflictDeclaration).where(
                ConflictDeclaration.juror_id == juror_id,
                ConflictDeclaration.innovation_id == innovation_id,
            )
        )
        session.execute(delete(WindowExtension).where(WindowExtension.stage_id == stage_id))
        session.execute(
            update(Assignment)
            .where(
                Assignment.juror_id == juror_id,
                Assignment.innovation_id == innovation_id,
            )
            .values(abstain=False)
        )
        session.execute(
            update(Edition)
            .where(Edition.id == edition_id)
            .values({f"{stage}_start": days[0], f"{stage}_end": days[1]})
        )
        code = session.execute(
            select(Innovation.code).where(Innovation.id == innovation_id)
        ).scalar_one()
        criteria = [
            (c, w)
            for c, w in session.execute(
                select(Criterion.code, Criterion.weight_centi)
                .where(Criterion.stage_id == stage_id)
                .order_by(Criterion.position, Criterion.id)
            )
        ]
    return OpenSheet(stage, code, criteria, other)


def csrf_of(client, sheet: OpenSheet) -> str:
    """Open the sheet page and return the CSRF token the script sends."""
    page = client.get(sheet.path)
    assert page.status_code == 200, page.status_code
    found = CSRF.search(page.get_data(as_text=True))
    assert found
    return found.group(1)


def post_sheet(client, sheet: OpenSheet, token: str, body: dict, *, lang: str = ""):
    """POST a JSON body to the sheet's save endpoint with the CSRF header."""
    url = sheet.api + (f"?lang={lang}" if lang else "")
    return client.post(url, json=body, headers={"X-CSRF-Token": token})


def declare(client, sheet: OpenSheet, token: str, body: dict | None = None, *, lang: str = ""):
    """POST a declaration (default: no conflict) to the sheet's declaration endpoint."""
    url = sheet.declare + (f"?lang={lang}" if lang else "")
    body = {"conflict": False} if body is None else body
    return client.post(url, json=body, headers={"X-CSRF-Token": token})
