"""Small ORM seeders for database tests: an edition with default criteria, jurors and scores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.defaults import DEFAULT_CRITERIA, default_stages
from data_access.models import (
    Assignment,
    Edition,
    Innovation,
    Juror,
    Score,
    Stage,
    Unit,
)

T0 = datetime(2022, 11, 17, 3, 0, tzinfo=UTC)


def add_edition(session: Session, code: str = "t-2022", **values) -> Edition:
    """Add an edition with both stages and SCORING.md's default criteria."""
    edition = Edition(
        code=code,
        name=values.pop("name", f"KIPP Test {code}"),
        submission_end=values.pop("submission_end", date(2022, 11, 13)),
        proposal_start=values.pop("proposal_start", date(2022, 11, 17)),
        proposal_end=values.pop("proposal_end", date(2022, 11, 22)),
        **values,
    )
    edition.stages.extend(default_stages())
    session.add(edition)
    session.flush()
    return edition


def add_unit(
    session: Session,
    code: str,
    *,
    required: bool = True,
    parent: Unit | None = None,
    kind: str = "dinas",
) -> Unit:
    """Add a unit (an OPD by default)."""
    unit = Unit(
        code=code,
        name=f"Unit {code}",
        short_name=code,
        kind=kind,
        required=required,
        parent_id=parent.id if parent else None,
    )
    session.add(unit)
    session.flush()
    return unit


def add_innovation(
    session: Session,
    edition: Edition,
    code: str,
    unit: Unit,
    *,
    status: str = "lolos",
    submitted_at: datetime | None = T0,
) -> Innovation:
    """Add an innovation."""
    innovation = Innovation(
        edition_id=edition.id,
        code=code,
        title=f"Inovasi {code}",
        unit_id=unit.id,
        innovator="Inovator",
        category="Umum",
        submitted_at=submitted_at,
        admin_status=status,
    )
    session.add(innovation)
    session.flush()
    return innovation


def add_juror(session: Session, edition: Edition, code: str, group: str = "Undip") -> Juror:
    """Add a juror."""
    juror = Juror(edition_id=edition.id, code=code, name=f"Juri {code}", jury_group=group)
    session.add(juror)
    session.flush()
    return juror


def stage_of(session: Session, edition: Edition, code: str) -> Stage:
    """Return an edition's stage by code."""
    return session.execute(
        select(Stage).where(Stage.edition_id == edition.id, Stage.code == code)
    ).scalar_one()


def add_sheet(
    session: Session,
    edition: Edition,
    juror: Juror,
    innovation: Innovation,
    stage_code: str,
    scores: dict[str, str],
    at: datetime = T0,
) -> None:
    """Add one juror's scores (criterion code -> "70.5") for an innovation in a stage."""
    stage = stage_of(session, edition, stage_code)
    by_code = {c.code: c for c in stage.criteria}
    for criterion_code, value in scores.items():
        session.add(
            Score(
                stage_id=stage.id,
                juror_id=juror.id,
                innovation_id=innovation.id,
                criterion_id=by_code[criterion_code].id,
                score_centi=int(Decimal(value) * 100),
                scored_at=at,
            )
        )
    session.flush()


def add_assignment(
    session: Session,
    edition: Edition,
    juror: Juror,
    innovation: Innovation,
    stage_code: str,
    abstain: bool = False,
) -> None:
    """Add an assignment."""
    stage = stage_of(session, edition, stage_code)
    session.add(
        Assignment(
            stage_id=stage.id, juror_id=juror.id, innovation_id=innovation.id, abstain=abstain
        )
    )
    session.flush()


def full_sheet(stage_code: str, value: str) -> dict[str, str]:
    """Return a complete sheet giving every criterion of the stage the same value."""
    return {code: value for code, _name, _w in DEFAULT_CRITERIA[stage_code]}


WORKED_EXAMPLE_J1 = {
    "ringkasan": "90",
    "latar_belakang": "80",
    "kebaruan": "70",
    "implementasi": "90",
    "signifikansi": "60",
    "adaptabilitas": "75",
    "sumber_daya": "85",
    "keberlanjutan": "70",
}
