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

from data_access.ceremony.snapshot import (
    canonical_json,
    payload_hash,
)
from data_access.i18n import Message
from data_access.importing import crossref
from data_access.importing.errors import Problems
from data_access.importing.reader import ARCHIVE_FILES, Table
from data_access.importing.values import BadValue, parse_datetime
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
RESTORED = tuple(name for name in ARCHIVE_FILES if name != "approval")
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
    crossref.check_criteria(
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
