"""The committee's ceremony work: what the control page shows, and its writes.

The web's control page (/kendali) reads the reveal and approval with `desk_status`, on the
session of its one way in to the data (dashboard/data.py), and moves, approves and
configures the ceremony through the writes below, each one transaction on the app's
engine, committed or rolled back whole; no module of the page opens a session of its own.
The rules themselves (revisions, locks, what may follow what) stay in `data_access.ceremony`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_access import ceremony, queries
from data_access.ceremony import ApprovalRecord, approval_history
from data_access.db import transaction
from data_access.scoring import Ranking
from data_access.simulate import simulate

# The reveal's moves the control page offers, by the name its buttons send.
MOVES: dict[str, Callable[..., ceremony.CeremonyState]] = {
    "next": ceremony.advance,
    "back": ceremony.back,
    "reset": ceremony.reset,
}


class NotADemo(Exception):
    """Simulated judging was asked for on an edition that is not the demo."""


@dataclass(frozen=True)
class DeskStatus:
    """What the control page shows of one edition's ceremony at one data version."""

    state: ceremony.CeremonyState
    is_demo: bool
    differences: list[str]  # finalists whose live result moved away from the approved one
    history: list[ApprovalRecord]
    # The jury's recorded seri decisions (the approval holds those it froze).
    decisions: list[ceremony.Decision] = field(default_factory=list)


# ---------------------------------------------------------------- reads
def desk_status(session: Session, code: str, *, ranking: Ranking, version: int) -> DeskStatus:
    """Return the edition's ceremony, whether it is the demo, what moved since the approval."""
    state = ceremony.get_state(session, code)
    info = queries.get_edition(session, code)
    differences: list[str] = []
    if state.snapshot is not None:
        payload = ceremony.ranking_payload(session, code, ranking, version)
        differences = ceremony.live_differences(state.snapshot, payload)
    history = approval_history(session, code)
    decisions = ceremony.edition_decisions(session, code)
    return DeskStatus(state, info.is_demo, differences, history, decisions)


# ---------------------------------------------------------------- writes
def move(engine: Engine, code: str, name: str, *, by: str, expected_revision: int) -> None:
    """Move the reveal ("next", "back" or "reset") if it still is at the expected revision."""
    with transaction(engine) as session:
        MOVES[name](session, code, by=by, expected_revision=expected_revision)


def approve(engine: Engine, code: str, *, by: str, again: bool, expected_revision: int) -> None:
    """Approve the live results (again, replacing an approval, when `again`)."""
    with transaction(engine) as session:
        ceremony.approve(session, code, by=by, again=again, expected_revision=expected_revision)


def cancel_approval(engine: Engine, code: str, *, by: str, expected_revision: int) -> None:
    """Withdraw the approval, if the ceremony still is at the expected revision."""
    with transaction(engine) as session:
        ceremony.cancel_approval(session, code, by=by, expected_revision=expected_revision)


def save_settings(
    engine: Engine, code: str, settings: ceremony.CeremonySettings, *, by: str
) -> None:
    """Store the ceremony screens' settings."""
    with transaction(engine) as session:
        ceremony.save_settings(session, code, settings, by=by)


def simulate_demo(engine: Engine, code: str, *, by: str = "panitia") -> int:
    """Complete every open sheet of the demo edition at once; return how many were written.

    The scores are recorded in the history as the committee member's, from the web.
    """
    with Session(engine) as session:
        demo = queries.get_edition(session, code).is_demo
    if not demo:  # never invent scores on a real edition, whatever the request says
        raise NotADemo(code)
    return simulate(
        engine, code, sleep=lambda _s: None, out=lambda _line: None, by=by, source="web"
    )
