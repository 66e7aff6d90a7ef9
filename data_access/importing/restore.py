"""Restoring an edition archive's optional sheets, once the import's own sheets are written.

archive.py reads and checks those sheets with the import; this writes them: the sheets'
states and comments, the declarations, extensions, status changes, seri decisions, the
score history and the approval, each only into an edition that holds none of its rows
yet (the same rows held: left as they are; different rows: an error in words). The
innovations keep the archive's ids, which the approved snapshot names them by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony import approvals, store
from data_access.ceremony.settings import CeremonySettings
from data_access.ceremony.snapshot import (
    Snapshot,
    live_differences,
    ranking_payload,
)
from data_access.i18n import Message
from data_access.importing.archive import ApprovalInput
from data_access.importing.errors import ImportErrorItem, Problems
from data_access.models import (
    AdminStatusChange,
    Base,
    ConflictDeclaration,
    Innovation,
    ScoreHistory,
    SeriDecision,
    SheetComment,
    SheetState,
    WindowExtension,
)
from data_access.reports import edition_report


@dataclass
class Ids:
    """The edition's ids by code after the import's own sheets were written."""

    edition: int
    stages: dict[str, int]
    criteria: dict[tuple[str, str], int]
    jurors: dict[str, int]
    innovations: dict[str, int]

    def sheet(self, record: dict[str, Any]) -> tuple[int, int, int]:
        """Return a row's (stage, juror, innovation) ids."""
        return (
            self.stages[record["stage"]],
            self.jurors[record["juror_code"]],
            self.innovations[record["innovation_code"]],
        )


class Restorer:
    """Writes the archive sheets into the edition, or collects why they do not fit it."""

    def __init__(self, session: Session, ids: Ids, counts, label_of) -> None:
        self.session, self.ids, self.counts, self.label_of = session, ids, counts, label_of
        self.errors: list[ImportErrorItem] = []

    def _problems(self, name: str) -> Problems:
        return Problems(self.label_of(name), self.errors)

    def _differs(self, name: str, record: dict[str, Any], what: str) -> None:
        self._problems(name).add(record["_row"], None, what, Message("archive.differs"))

    def _insert(self, model: type[Base], name: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(Base.metadata.tables[model.__tablename__]), rows)
        self.counts[f"{name}.csv"]["inserted"] += len(rows)

    def _keyed(self, model, name, records, key_of, fields_of, existing) -> None:
        """Insert rows whose key is new; a key already held must hold the same values."""
        new = []
        for record in records:
            key, fields = key_of(record), fields_of(record)
            held = existing.get(key)
            if held is None:
                new.append(fields)
            elif all(_same(getattr(held, k), v) for k, v in fields.items()):
                self.counts[f"{name}.csv"]["unchanged"] += 1
            else:
                self._differs(name, record, ", ".join(str(part) for part in key))
        self._insert(model, name, new)

    def _appended(self, model, name, records, fields_of, existing: list) -> None:
        """Insert the lines of an append-only record that it does not hold yet."""
        held = {tuple(sorted(_plain(line).items())) for line in existing}
        new = []
        for record in records:
            fields = fields_of(record)
            if tuple(sorted(_plain(fields).items())) in held:
                self.counts[f"{name}.csv"]["unchanged"] += 1
            else:
                new.append(fields)
        self._insert(model, name, new)

    def sheet_states(self, records: list[dict[str, Any]]) -> None:
        """Restore the states of the sheets filled in the app."""
        names = (
            *("state", "revision", "note", "updated_at", "updated_by", "submitted_at"),
            *("submitted_by", "reopened_at", "reopened_by", "reopen_reason"),
        )
        rows = self.session.execute(
            select(SheetState).where(SheetState.stage_id.in_(self.ids.stages.values()))
        ).scalars()
        existing = {(r.stage_id, r.juror_id, r.innovation_id): r for r in rows}

        def fields(record):
            stage, juror, innovation = self.ids.sheet(record)
            values = {k: record[k] for k in names}
            values["note"] = values["note"] or ""
            return {"stage_id": stage, "juror_id": juror, "innovation_id": innovation, **values}

        self._keyed(SheetState, "sheet_states", records, self.ids.sheet, fields, existing)

    def sheet_comments(self, records: list[dict[str, Any]]) -> None:
        """Restore the jurors' comments on their sheets' criteria."""
        rows = self.session.execute(
            select(SheetComment).where(SheetComment.stage_id.in_(self.ids.stages.values()))
        ).scalars()
        existing = {(r.stage_id, r.juror_id, r.innovation_id, r.criterion_id): r for r in rows}

        def key(record):
            criterion = self.ids.criteria[(record["stage"], record["criterion_code"])]
            return (*self.ids.sheet(record), criterion)

        def fields(record):
            stage, juror, innovation, criterion = key(record)
            return {
                "stage_id": stage,
                "juror_id": juror,
                "innovation_id": innovation,
                "criterion_id": criterion,
                "text": record["text"],
            }

        self._keyed(SheetComment, "sheet_comments", records, key, fields, existing)

    def conflicts(self, records: list[dict[str, Any]]) -> None:
        """Restore the jurors' conflict declarations and the committee's confirmations."""
        rows = self.session.execute(
            select(ConflictDeclaration).where(
                ConflictDeclaration.juror_id.in_(self.ids.jurors.values())
            )
        ).scalars()
        existing = {(r.juror_id, r.innovation_id): r for r in rows}

        def key(record):
            return self.ids.jurors[record["juror_code"]], self.ids.innovations[
                record["innovation_code"]
            ]

        def fields(record):
            juror, innovation = key(record)
            names = ("conflict", "reason", "declared_at", "declared_by")
            values = {k: record[k] for k in (*names, "confirmed_at", "confirmed_by")}
            return {"juror_id": juror, "innovation_id": innovation, **values}

        self._keyed(ConflictDeclaration, "conflicts", records, key, fields, existing)

    def extensions(self, records: list[dict[str, Any]]) -> None:
        """Restore the committee's scoring-window extensions (a record: only added to)."""
        existing = self.session.execute(
            select(
                WindowExtension.stage_id,
                WindowExtension.juror_id,
                WindowExtension.until,
                WindowExtension.created_at,
                WindowExtension.created_by,
            ).where(WindowExtension.stage_id.in_(self.ids.stages.values()))
        ).all()

        def fields(record):
            juror = record["juror_code"]
            return {
                "stage_id": self.ids.stages[record["stage"]],
                "juror_id": None if juror is None else self.ids.jurors[juror],
                "until": record["until"],
                "created_at": record["created_at"],
                "created_by": record["created_by"],
            }

        self._appended(
            WindowExtension, "extensions", records, fields, [r._asdict() for r in existing]
        )

    def admin_status_changes(self, records: list[dict[str, Any]]) -> None:
        """Restore the record of the administrative decisions; it must end at each status."""
        columns = ("old_status", "new_status", "reason", "changed_by", "changed_at")
        existing = self.session.execute(
            select(
                AdminStatusChange.innovation_id,
                *(getattr(AdminStatusChange, c) for c in columns),
            )
            .join(Innovation, Innovation.id == AdminStatusChange.innovation_id)
            .where(Innovation.edition_id == self.ids.edition)
        ).all()

        def fields(record):
            values = {k: record[k] for k in columns}
            return {"innovation_id": self.ids.innovations[record["innovation_code"]], **values}

        self._appended(
            AdminStatusChange,
            "admin_status_changes",
            records,
            fields,
            [r._asdict() for r in existing],
        )
        latest: dict[str, dict[str, Any]] = {}
        for record in sorted(records, key=lambda r: r["changed_at"]):
            latest[record["innovation_code"]] = record
        statuses = dict(
            self.session.execute(
                select(Innovation.code, Innovation.admin_status).where(
                    Innovation.edition_id == self.ids.edition
                )
            ).all()
        )
        for code, record in latest.items():
            if statuses.get(code) != record["new_status"]:
                self._problems("admin_status_changes").add(
                    record["_row"],
                    "new_status",
                    record["new_status"],
                    Message("archive.status_differs", code=code, status=statuses.get(code)),
                )

    def seri_decisions(self, records: list[dict[str, Any]]) -> None:
        """Restore the jury's seri decisions (one per tie group)."""
        rows = self.session.execute(
            select(SeriDecision).where(SeriDecision.edition_id == self.ids.edition)
        ).scalars()
        existing = {r.group_key: r for r in rows}

        def fields(record):
            return {
                "edition_id": self.ids.edition,
                "group_key": record["group"],
                "order_codes": record["order"],
                "reason": record["reason"],
                "chair": record["chair"],
                "decided_by": record["decided_by"],
                "decided_at": record["decided_at"],
            }

        self._keyed(SeriDecision, "seri_decisions", records, lambda r: r["group"], fields, existing)

    def score_history(self, records: list[dict[str, Any]]) -> None:
        """Restore the score history into an edition without one (or holding exactly it)."""
        names = (
            *("stage_code", "juror_code", "innovation_code", "criterion_code", "event"),
            *("old_centi", "new_centi", "reason", "source", "by", "at"),
        )
        held = self.session.execute(
            select(*(getattr(ScoreHistory, n) for n in names))
            .where(ScoreHistory.edition_id == self.ids.edition)
            .order_by(ScoreHistory.id)
        ).all()
        lines = [self._history_line(record) for record in records]
        given = [tuple(_plain({n: line[n] for n in names}).values()) for line in lines]
        if [tuple(_plain(r._asdict()).values()) for r in held] == given:
            self.counts["score_history.csv"]["unchanged"] += len(lines)
            return
        if held:
            first = records[0] if records else {"_row": None}
            self._problems("score_history").add(
                first["_row"], None, None, Message("archive.history_held", count=len(held))
            )
            return
        self._insert(ScoreHistory, "score_history", lines)

    def _history_line(self, record: dict[str, Any]) -> dict[str, Any]:
        stage, juror, innovation = self.ids.sheet(record)
        code = record["criterion_code"]
        return {
            "edition_id": self.ids.edition,
            "stage_id": stage,
            "juror_id": juror,
            "innovation_id": innovation,
            "criterion_id": None if code is None else self.ids.criteria[(record["stage"], code)],
            "stage_code": record["stage"],
            "juror_code": record["juror_code"],
            "innovation_code": record["innovation_code"],
            "criterion_code": code,
            "event": record["event"],
            "old_centi": record["old_score"],
            "new_centi": record["new_score"],
            "reason": record["reason"],
            "source": record["source"],
            "by": record["by"],
            "at": record["at"],
        }

    def approval(self, code: str, given: ApprovalInput) -> None:
        """Restore the approved snapshot as it was, once the live ranking matches it."""
        problems = self._problems("approval")
        row = store.read(self.session, self.ids.edition)
        if row is not None and row.snapshot is not None:
            if row.snapshot_hash == given.hash:
                self.counts["approval.csv"]["unchanged"] += 1
            else:
                problems.add(given.row, "value", given.hash, Message("archive.approved_other"))
            return
        moved = sorted(
            code
            for code, wanted in given.innovation_ids().items()
            if self.ids.innovations.get(code) != wanted
        )
        if moved:
            problems.add(given.row, None, ", ".join(moved), Message("archive.ids_differ"))
            return
        snapshot = Snapshot(
            code, given.approved_at, given.approved_by, given.version, given.hash, given.payload
        )
        ranking = edition_report(self.session, code).ranking
        live = ranking_payload(self.session, code, ranking, queries.data_version(self.session))
        changed = live_differences(snapshot, live)
        if changed:
            problems.add(given.row, None, ", ".join(changed), Message("archive.ranking_differs"))
            return
        found = store.ensure(
            self.session,
            self.ids.edition,
            settings=CeremonySettings().to_json(),
            now=given.approved_at,
        )
        store.write(
            self.session,
            self.ids.edition,
            found.revision,
            {
                "snapshot": given.text,
                "snapshot_hash": given.hash,
                "snapshot_version": given.version,
                "approved_at": given.approved_at,
                "approved_by": given.approved_by,
                "locked_at": given.locked_at,
                "completed_at": given.completed_at,
            },
        )
        approvals.record(
            self.session,
            self.ids.edition,
            approvals.APPROVE,
            by=given.approved_by,
            at=given.approved_at,
            old_hash=None,
            new_hash=given.hash,
            data_version=given.version,
        )
        self.counts["approval.csv"]["inserted"] += 1


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Return values comparable across back ends: times as aware UTC, flags as bools."""
    return {key: _norm(value) for key, value in values.items()}


def _norm(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    return value


def _same(held: Any, given: Any) -> bool:
    return _norm(held) == _norm(given)


def reserve_innovation_ids(session: Session, wanted: dict[str, int]) -> dict[str, int]:
    """Return the snapshot's innovation ids to give new innovations, when all are free.

    A restored approval's snapshot names its innovations by id (photos, the catalogue):
    into an empty database the innovations get those ids, and none of them when any is
    taken (the approval check then says so).
    """
    if not wanted:
        return {}
    taken = session.execute(
        select(func.count()).select_from(Innovation).where(Innovation.id.in_(wanted.values()))
    ).scalar_one()
    return {} if taken else dict(wanted)


def bump_innovation_ids(session: Session) -> None:
    """Move PostgreSQL's id sequence past ids given explicitly (SQLite needs nothing)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('innovations', 'id'), "
                "(SELECT max(id) FROM innovations))"
            )
        )
