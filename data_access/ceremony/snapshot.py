"""The approved results as a snapshot: the frozen ranking, its canonical JSON and SHA-256.

The committee approves the results once judging is done: the ranking is frozen as a
JSON snapshot with its time and SHA-256, and from then on the ceremony screens and the
bupati's office read the snapshot, never the live scores.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony.seri import decisions
from data_access.ceremony.terms import AWARD_LEVELS
from data_access.models import Innovation, Unit
from data_access.scoring import Ranking, apply_decisions, group_key, matching_group

SNAPSHOT_FORMAT = 1


@dataclass(frozen=True)
class Snapshot:
    """The approved results: what the ceremony and the official documents show."""

    edition_code: str
    approved_at: datetime
    approved_by: str
    data_version: int
    hash: str
    payload: dict

    @property
    def rows(self) -> list[dict]:
        """Return the ranking rows, in ranking order."""
        return self.payload["ranking"]

    def winners(self, level: int) -> list[dict]:
        """Return the innovations awarded this Juara level (several on a seri)."""
        return [row for row in self.rows if row["award"] == level]

    @property
    def seri_decisions(self) -> list[dict]:
        """Return the jury's seri decisions the approval froze (order, reason, chair, by, at)."""
        return list(self.payload.get("seri_decisions", []))

    def levels(self) -> list[int]:
        """Return the Juara levels that have someone, in the reveal's order (III first)."""
        return [level for level in AWARD_LEVELS if self.winners(level)]


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def ranking_payload(session: Session, code: str, ranking: Ranking, version: int) -> dict:
    """Return an edition's ranking as the plain, canonical data a snapshot stores.

    The jury's recorded seri decisions (seri.py) order their tied innovations here, and
    the decisions that apply go into the payload (so under its hash). Without one the
    payload has no trace of them: a snapshot without decisions is what it always was.
    """
    edition = queries.get_edition(session, code)
    recorded = [d.payload() for d in decisions(session, edition.id)]
    applied = [d for d in recorded if matching_group(ranking, d["order"])]
    ranking = apply_decisions(ranking, [d["order"] for d in applied])
    names = {
        row.id: (row.unit_name, row.innovator)
        for row in session.execute(
            select(Innovation.id, Unit.name.label("unit_name"), Innovation.innovator)
            .join(Unit, Unit.id == Innovation.unit_id)
            .where(Innovation.edition_id == edition.id)
        )
    }
    payload = {
        "format": SNAPSHOT_FORMAT,
        "edition": {"code": edition.code, "name": edition.name},
        "data_version": version,
        "awards_decided": ranking.awards_decided,
        "ranking": [
            {
                "innovation_id": row.innovation_id,
                "code": row.code,
                "title": row.title,
                "unit_code": row.unit_code,
                "unit_name": names.get(row.innovation_id, ("", ""))[0],
                "innovator": names.get(row.innovation_id, ("", ""))[1],
                "proposal_score": _decimal(row.proposal_score),
                "presentation_score": _decimal(row.presentation_score),
                "final_score": _decimal(row.final_score),
                "finalist": row.finalist,
                "tier": row.tier,
                "rank": row.rank,
                "tie": row.tie,
                "award": row.award,
            }
            | ({"decided": True} if row.decided else {})
            for row in ranking.rows
        ],
    }
    if applied:
        payload["seri_decisions"] = applied
    return payload


def canonical_json(payload: dict) -> str:
    """Return the one JSON text of a payload that its hash is taken over."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(payload: dict) -> str:
    """Return the SHA-256 (hex) of a payload's canonical JSON."""
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


# Fields whose change means the live results no longer match the approved ones.
_COMPARED = ("code", "proposal_score", "presentation_score", "final_score", "rank", "tie", "award")


def live_differences(snapshot: Snapshot, live_payload: dict) -> list[str]:
    """Return the codes of innovations whose live result differs from the snapshot."""
    before = {row["code"]: tuple(row[k] for k in _COMPARED) for row in snapshot.rows}
    after = {row["code"]: tuple(row[k] for k in _COMPARED) for row in live_payload["ranking"]}
    changed = {code for code in before.keys() | after.keys() if before.get(code) != after.get(code)}
    # A decision recorded again with another reason or chair moves no place, but it is not
    # what was approved either.
    was = {group_key(d["order"]): d for d in snapshot.seri_decisions}
    now = {group_key(d["order"]): d for d in live_payload.get("seri_decisions", [])}
    for key in was.keys() | now.keys():
        if was.get(key) != now.get(key):
            changed.update(key.split(","))
    return sorted(changed)


def snapshot_from_row(code: str, row: Row) -> Snapshot | None:
    """Return the snapshot a ceremony row holds, or None before an approval."""
    if row.snapshot is None or row.approved_at is None:
        return None
    return Snapshot(
        edition_code=code,
        approved_at=row.approved_at,
        approved_by=row.approved_by or "",
        data_version=int(row.snapshot_version or 0),
        hash=row.snapshot_hash or "",
        payload=json.loads(row.snapshot),
    )
