"""The ceremony row on disk: race-safe creation and one conditional write per change.

Two committee members can press at the same moment. Each change reads the row, decides,
and writes it back only if its revision is still the one read (`... WHERE revision =
:seen`): of two simultaneous writes exactly one matches. `with_for_update` would do
nothing on SQLite, so there a change also takes the write lock first (`BEGIN IMMEDIATE`).
`apply_change()` is that loop: the approval, the reveal and the settings pass it a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Row, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony.errors import CeremonyConflict
from data_access.ceremony.settings import CeremonySettings
from data_access.db import driver_connection
from data_access.models import Base, Ceremony, DataVersion, utcnow

# The same Table as Ceremony.__table__, which SQLAlchemy types as a plain FromClause.
TABLE = Base.metadata.tables[Ceremony.__tablename__]
# PostgreSQL's answers for "another transaction got there first": serialization failure,
# deadlock, lock not available.
_PG_BUSY = {"40001", "40P01", "55P03"}


class RowBusy(Exception):
    """Another writer holds or changed the ceremony row: the caller's change did not happen."""


def is_busy(exc: OperationalError) -> bool:
    """Return True when a database error means another writer won, not a broken database."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _PG_BUSY:
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def begin_write(session: Session) -> None:
    """On SQLite, take the write lock now, before the row is read (a no-op on PostgreSQL).

    pysqlite runs reads outside a transaction until the first write: without this a
    change would decide on one view and write on another.
    """
    if not _is_sqlite(session):
        return
    connection = session.connection()
    if not driver_connection(connection).in_transaction:
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError as exc:  # waited busy_timeout for another writer
            if is_busy(exc):
                raise RowBusy from exc
            raise


def consistent_view(session: Session) -> None:
    """Make every read of this transaction see one state of the data, before the first read.

    PostgreSQL: REPEATABLE READ when nothing ran yet in the transaction; a caller that
    already wrote in it instead holds the data version's row in share mode, so no judged
    data can commit until this transaction ends. SQLite: the write lock (begin_write).
    """
    if _is_sqlite(session):
        begin_write(session)
        return
    connection = session.connection()
    raw = driver_connection(connection)
    if raw.info.transaction_status == 0:  # IDLE: no statement ran in this transaction yet
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return
    level = connection.exec_driver_sql("SHOW transaction_isolation").scalar_one()
    if level not in ("repeatable read", "serializable"):
        # Every change of judged data bumps this row in its own transaction (a trigger).
        session.execute(
            select(DataVersion.version).where(DataVersion.id == 1).with_for_update(read=True)
        )


def read(session: Session, edition_id: int) -> Row | None:
    """Return the edition's ceremony row as read now (not an ORM object that may be stale)."""
    return session.execute(select(TABLE).where(TABLE.c.edition_id == edition_id)).one_or_none()


def ensure(session: Session, edition_id: int, *, settings: str, now: datetime) -> Row:
    """Return the edition's ceremony row, creating it at revision 0 if missing (race-safe)."""
    found = read(session, edition_id)
    if found is not None:
        return found
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(TABLE).values(
        edition_id=edition_id,
        step="rotation",
        revision=0,  # the revision get_state reports before the row exists: not a change
        updated_at=now,
        updated_by="",
        settings=settings,
    )
    session.execute(statement.on_conflict_do_nothing(index_elements=["edition_id"]))
    return _read_back(session, edition_id)


def _read_back(session: Session, edition_id: int) -> Row:
    """Return the row this transaction just inserted or updated: it must be there."""
    row = read(session, edition_id)
    if row is None:  # an explicit raise, not an assert: `python -O` drops those
        raise RuntimeError(f"edition {edition_id}: the ceremony row did not read back")
    return row


def write(session: Session, edition_id: int, seen_revision: int, values: dict) -> bool:
    """Write values and the next revision if the row is still at `seen_revision`.

    Returns False (nothing written) when another change got there first.
    """
    statement = (
        update(TABLE)
        .where(TABLE.c.edition_id == edition_id, TABLE.c.revision == seen_revision)
        .values(**values, revision=TABLE.c.revision + 1)
    )
    try:
        # An UPDATE's result is a CursorResult, with a rowcount; execute() is typed Result.
        return cast(CursorResult[Any], session.execute(statement)).rowcount == 1
    except OperationalError as exc:
        if is_busy(exc):
            raise RowBusy from exc
        raise


def _conflict() -> CeremonyConflict:
    return CeremonyConflict("ceremony.refused.conflict")


def _check_expected(row: Row, expected_revision: int | None) -> None:
    if expected_revision is not None and expected_revision != row.revision:
        raise _conflict()


# Given the row as read and the moment of the change, a change returns the columns to
# write, or None when it changes nothing.
Decide = Callable[[Row, datetime], dict | None]


def apply_change(
    session: Session,
    code: str,
    decide: Decide,
    *,
    by: str,
    expected_revision: int | None,
    now: datetime | None,
    consistent: bool = False,
) -> tuple[int, Row, bool]:
    """Apply one change of the ceremony row as one conditional write.

    Returns the edition's id, the row afterwards and whether anything changed. Of two
    simultaneous changes one wins; the other raises CeremonyConflict, or, when its caller
    named no revision, is decided once more on the fresh row.
    """
    try:
        (consistent_view if consistent else begin_write)(session)
        edition = queries.get_edition(session, code)
        for _attempt in range(2):
            moment = now or utcnow()
            settings = CeremonySettings().to_json()
            row = ensure(session, edition.id, settings=settings, now=moment)
            _check_expected(row, expected_revision)
            values = decide(row, moment)
            if not values:
                return edition.id, row, False
            values |= {"updated_at": moment, "updated_by": by[:80]}
            if write(session, edition.id, row.revision, values):
                return edition.id, _read_back(session, edition.id), True
            if expected_revision is not None:
                break
    except RowBusy as exc:
        raise _conflict() from exc
    except OperationalError as exc:  # e.g. REPEATABLE READ meeting another's newer row
        if is_busy(exc):
            raise _conflict() from exc
        raise
    raise _conflict()
