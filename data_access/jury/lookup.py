"""Find a sheet, a stage or a juror of an edition by the codes the committee types."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.i18n import CarriesMessage, Message
from data_access.jury.history import SheetKey
from data_access.models import Innovation, Juror, Stage


class UnknownCode(CarriesMessage, ValueError):
    """A stage, juror or innovation code that is not the edition's."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(str(self.message))


def _id_of(session: Session, model, edition_id: int, code: str, what: str) -> int:
    """Return the id of the edition's row of `model` with this code, or refuse naming `what`."""
    found = session.scalar(
        select(model.id).where(model.edition_id == edition_id, model.code == code)
    )
    if found is None:
        raise UnknownCode(f"jury.unknown_{what}", **{what: code})
    return found


def stage_id(session: Session, edition_id: int, code: str) -> int:
    """Return the id of the edition's stage with this code, or refuse."""
    return _id_of(session, Stage, edition_id, code, "stage")


def juror_id(session: Session, edition_id: int, code: str) -> int:
    """Return the id of the edition's juror with this code, or refuse."""
    return _id_of(session, Juror, edition_id, code, "juror")


def innovation_id(session: Session, edition_id: int, code: str) -> int:
    """Return the id of the edition's innovation with this code, or refuse."""
    return _id_of(session, Innovation, edition_id, code, "innovation")


def sheet_key(session: Session, edition: str, stage: str, juror: str, innovation: str) -> SheetKey:
    """Return the sheet named by an edition code and its stage, juror and innovation codes."""
    edition_id = queries.get_edition(session, edition).id
    return SheetKey(
        stage_id(session, edition_id, stage),
        juror_id(session, edition_id, juror),
        innovation_id(session, edition_id, innovation),
    )


def conflict_key(session: Session, edition: str, juror: str, innovation: str) -> SheetKey:
    """Return a sheet of the juror and innovation (the first stage's): a declaration's key.

    A declaration holds for every stage, so any stage of the edition names it.
    """
    edition_id = queries.get_edition(session, edition).id
    first = session.scalar(
        select(Stage.code).where(Stage.edition_id == edition_id).order_by(Stage.position).limit(1)
    )
    if first is None:
        raise UnknownCode("jury.unknown_stage", stage="-")
    return sheet_key(session, edition, first, juror, innovation)
