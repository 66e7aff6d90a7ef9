"""The optional sheets of an edition archive: checked with the import, written after the scores.

An archive (data_access/exports/archive.py) carries, beside the import's own sheets, what
the jury and the committee did in the app: the states of the sheets, the conflict
declarations, the scoring-window extensions, the administrative status changes, the seri
decisions, the score history and the approved snapshot. They are restored into an edition
that holds none of them yet; an edition that already holds the same rows is left as it is
(the same archive imported twice changes nothing), and one holding different rows is an
error in words: nothing is merged into a record the app kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony import approvals, store
from data_access.ceremony.settings import CeremonySettings
from data_access.ceremony.snapshot import (
    Snapshot,
    canonical_json,
    live_differences,
    payload_hash,
    ranking_payload,
)
from data_access.i18n import Message
from data_access.importing import crossref
from data_access.importing.errors import ImportErrorItem, Problems
from data_access.importing.reader import Table
from data_access.importing.values import BadValue, parse_datetime
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
from data_access.scoring import group_key

# The approval sheet's keys; `snapshot` may repeat (its JSON in order, row after row).
APPROVAL_KEYS = (
    "snapshot",
    "snapshot_hash",
    "snapshot_version",
    "approved_at",
    "approved_by",
    "locked_at",
    "completed_at",
)
APPROVAL_REQUIRED = ("snapshot", "snapshot_hash", "snapshot_version", "approved_at", "approved_by")
_BIGINT = re.compile(r"[0-9]{1,18}")
# The sheets a Restorer writes, in this order (the approval comes last, on its own).
RESTORED = (
    "sheet_states",
    "sheet_comments",
    "conflicts",
    "extensions",
    "admin_status_changes",
    "seri_decisions",
    "score_history",
)
# What each sheet's rows name: (juror column, innovation column) checked against the codes.
LINKED = (
    "score_history",
    "sheet_states",
    "sheet_comments",
    "conflicts",
    "extensions",
    "admin_status_changes",
)


@dataclass(frozen=True)
class ApprovalInput:
    """The approval sheet read: the stored snapshot text, its payload, hash and moments."""

    text: str
    payload: dict
    hash: str
    version: int
    approved_at: datetime
    approved_by: str
    locked_at: datetime | None
    completed_at: datetime | None
    row: int  # where the hash stands, for errors

    def innovation_ids(self) -> dict[str, int]:
        """Return the innovation id the snapshot names for each code."""
        return {row["code"]: int(row["innovation_id"]) for row in self.payload["ranking"]}


def parse_approval(table: Table, problems: Problems, zone: tzinfo) -> ApprovalInput | None:
    """Read the approval sheet's key,value rows; check the JSON against its hash."""
    key_pos, value_pos = table.header.index("key"), table.header.index("value")
    parts: list[str] = []
    values: dict[str, str] = {}
    rows: dict[str, int] = {}
    ok = True
    for row in table.rows:
        key, value = row.cells[key_pos], row.cells[value_pos]
        if key not in APPROVAL_KEYS:
            known = ", ".join(APPROVAL_KEYS)
            problems.add(row.number, "key", key, Message("importing.key_unknown", known=known))
            ok = False
        elif key == "snapshot":
            parts.append(value)
            rows.setdefault(key, row.number)
        elif key in values:
            problems.add(row.number, "key", key, Message("importing.key_twice", row=rows[key]))
            ok = False
        else:
            values[key], rows[key] = value, row.number
    if parts:
        values["snapshot"] = "".join(parts)
    for key in APPROVAL_REQUIRED:
        if not values.get(key):
            problems.add(rows.get(key), "value", "", Message("importing.value_required", key=key))
            ok = False
    if not ok:
        return None
    moments: dict[str, datetime | None] = {}
    for key in ("approved_at", "locked_at", "completed_at"):
        try:
            moments[key] = parse_datetime(values[key], zone) if values.get(key) else None
        except BadValue as bad:
            problems.add(rows[key], "value", values[key], bad.message)
            ok = False
    version = _data_version(values["snapshot_version"])
    if version is None:
        problems.add(
            rows["snapshot_version"],
            "value",
            values["snapshot_version"],
            Message("importing.bad_count"),
        )
        ok = False
    snapshot = values["snapshot"]
    try:
        payload = json.loads(snapshot)
        ranking = payload["ranking"]
        if not all(isinstance(row.get("innovation_id"), int) for row in ranking):
            raise TypeError("innovation_id")
    except (ValueError, TypeError, KeyError, AttributeError):
        problems.add(rows["snapshot"], "value", snapshot[:80], Message("archive.snapshot_json"))
        return None
    digest = values["snapshot_hash"]
    if payload_hash(payload) != digest or canonical_json(payload) != snapshot:
        problems.add(rows["snapshot_hash"], "value", digest, Message("archive.snapshot_hash"))
        ok = False
    if not ok:
        return None
    approved_at = moments["approved_at"]
    if approved_at is None or version is None:  # required above; checked, not asserted
        return None
    return ApprovalInput(
        snapshot,
        payload,
        digest,
        version,
        approved_at,
        values["approved_by"],
        moments["locked_at"],
        moments["completed_at"],
        rows["snapshot_hash"],
    )


def _data_version(text: str) -> int | None:
    """Return a data version (a BIGINT: up to 19 digits), or None when the text is not one."""
    return int(text) if _BIGINT.fullmatch(text) else None


def _check_criteria(records, stage_criteria: dict[str, set[str]], problems: Problems) -> None:
    """Report rows naming a criterion their stage does not have."""
    for record in records:
        code, stage = record.get("criterion_code"), record.get("stage")
        if code is None or stage is None or code in stage_criteria[stage]:
            continue
        record["_ok"] = False
        expected = ", ".join(sorted(stage_criteria[stage]))
        problems.add(
            record["_row"],
            "criterion_code",
            code,
            Message("importing.unknown_criterion", stage=stage, expected=expected),
        )


def _member_of(codes: set[str]) -> Callable[[Any, dict[str, Any]], bool]:
    """Return a reference check against codes, bound now rather than at the loop's end."""
    return lambda code, _record: code in codes


def check_references(
    records: dict[str, list[dict[str, Any]]],
    known: dict[str, set[str]],
    checkable: dict[str, bool],
    stage_criteria: dict[str, set[str]],
    problems_of,
) -> None:
    """Check the archive sheets' codes against the import and the database, and their keys."""
    for name in LINKED:
        rows = records.get(name)
        if rows is None:
            continue
        for column, what in (("juror_code", "jurors"), ("innovation_code", "innovations")):
            if checkable[what] and any(column in r for r in rows):
                crossref.check_reference(
                    rows,
                    column,
                    _member_of(known[what]),
                    problems_of(name),
                    Message(f"importing.unknown_{what[:-1]}"),
                )
    for name, key in (
        ("sheet_states", ("stage", "juror_code", "innovation_code")),
        ("sheet_comments", ("stage", "juror_code", "innovation_code", "criterion_code")),
        ("conflicts", ("juror_code", "innovation_code")),
    ):
        if name in records:
            crossref.check_duplicates(records[name], key, problems_of(name))
    _check_criteria(
        records.get("sheet_comments", ()), stage_criteria, problems_of("sheet_comments")
    )
    states = {
        (r.get("stage"), r.get("juror_code"), r.get("innovation_code"))
        for r in records.get("sheet_states", ())
    }
    for record in records.get("sheet_comments", ()):
        sheet = (record.get("stage"), record.get("juror_code"), record.get("innovation_code"))
        if record["_ok"] and sheet not in states:
            record["_ok"] = False
            problems_of("sheet_comments").add(
                record["_row"], None, ", ".join(map(str, sheet)), Message("archive.comment_state")
            )
    for record in records.get("score_history", ()):
        code, stage = record.get("criterion_code"), record.get("stage")
        if record.get("event") == "score" and code is None and record["_ok"]:
            record["_ok"] = False
            problems_of("score_history").add(
                record["_row"], "criterion_code", "", Message("archive.history_criterion")
            )
        elif code is not None and stage is not None and code not in stage_criteria[stage]:
            record["_ok"] = False
            problems_of("score_history").add(
                record["_row"],
                "criterion_code",
                code,
                Message(
                    "importing.unknown_criterion",
                    stage=stage,
                    expected=", ".join(sorted(stage_criteria[stage])),
                ),
            )
    decisions = records.get("seri_decisions", ())
    for record in decisions:
        codes = [c.strip() for c in (record.get("order") or "").split(",")]
        record["order"] = ",".join(codes)
        record["group"] = group_key(codes) if all(codes) else None
        unknown = [c for c in codes if checkable["innovations"] and c not in known["innovations"]]
        if len(codes) < 2 or len(set(codes)) != len(codes) or not all(codes) or unknown:
            record["_ok"] = False
            problems_of("seri_decisions").add(
                record["_row"], "order", record["order"], Message("archive.seri_order")
            )
    crossref.check_duplicates(list(decisions), ("group",), problems_of("seri_decisions"))


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
