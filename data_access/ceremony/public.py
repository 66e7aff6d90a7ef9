"""What a ceremony screen may see: the step and the winners revealed so far, no more.

`public_view()` is the only door from the ceremony to a ceremony screen: it hands out
the winners of the levels already revealed and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.ceremony.reveal import get_state
from data_access.ceremony.settings import CeremonySettings
from data_access.ceremony.terms import ALL, ROTATION
from data_access.models import InnovationPhoto


@dataclass(frozen=True)
class Winner:
    """One revealed winner, as an award screen shows it."""

    level: int
    tie: bool
    code: str
    title: str
    unit_name: str
    innovator: str
    final_score: str | None
    has_photo: bool
    innovation_id: int
    # The jury's seri decision set this place: the screen says so.
    decided: bool = False


@dataclass(frozen=True)
class PublicView:
    """What a ceremony screen may know: the step and the winners revealed so far, no more."""

    edition_code: str
    step: str
    revision: int
    settings: CeremonySettings
    approved: bool
    winners: dict[int, list[Winner]]

    @property
    def reveal_mode(self) -> bool:
        """Return True once the ceremony took over the screens (splash and after)."""
        return self.step != ROTATION


def public_view(session: Session, code: str) -> PublicView:
    """Return the ceremony as a screen may see it: revealed winners only."""
    state = get_state(session, code)
    winners: dict[int, list[Winner]] = {}
    levels = state.revealed_levels
    if levels and state.snapshot is not None:
        rows = [row for level in levels for row in state.snapshot.winners(level)]
        ids = [row["innovation_id"] for row in rows]
        photos = set(
            session.execute(
                select(InnovationPhoto.innovation_id).where(InnovationPhoto.innovation_id.in_(ids))
            ).scalars()
        )
        for row in rows:
            winners.setdefault(row["award"], []).append(
                Winner(
                    level=row["award"],
                    tie=bool(row["tie"]),
                    code=row["code"],
                    title=row["title"],
                    unit_name=row["unit_name"],
                    innovator=row["innovator"],
                    final_score=row["final_score"] if state.settings.show_score else None,
                    has_photo=row["innovation_id"] in photos,
                    innovation_id=row["innovation_id"],
                    decided=bool(row.get("decided")),
                )
            )
    return PublicView(
        edition_code=code,
        step=state.step,
        revision=state.revision,
        settings=state.settings,
        approved=state.snapshot is not None,
        winners=winners,
    )


def revealed_innovation_ids(session: Session, code: str) -> set[int]:
    """Return the innovations whose award has been revealed (their photos may be shown)."""
    view = public_view(session, code)
    return {w.innovation_id for group in view.winners.values() for w in group}


@dataclass(frozen=True)
class PublicAwards:
    """What the public record may say of an edition's results once the reveal is over.

    Empty until the reveal first reached "all" (semua juara): the awards of every level
    and the finalists, no score, no rank. The catalogue decides whether it names the
    finalists (the committee's choice); it never learns more than this.
    """

    awards: dict[int, tuple[int, bool]]  # innovation id -> (Juara level, shared with others)
    finalists: frozenset[int]

    @property
    def complete(self) -> bool:
        """Return True once the reveal reached "all": the awards are public."""
        return bool(self.awards) or bool(self.finalists)


NO_AWARDS = PublicAwards({}, frozenset())


def public_awards(session: Session, code: str) -> PublicAwards:
    """Return the edition's awards and finalists, only once the reveal has reached "all".

    The same door as the screens': the ceremony's own state decides, never a request.
    Before "all" was reached (a ceremony at Juara II, a rehearsal stopped at the splash, no
    approval) nothing comes out; once reached, going back to the rotation after the
    ceremony keeps the awards public (`completed_at`).
    """
    state = get_state(session, code)
    if state.snapshot is None or (state.step != ALL and state.completed_at is None):
        return NO_AWARDS
    awards = {
        row["innovation_id"]: (row["award"], bool(row["tie"]))
        for row in state.snapshot.rows
        if row["award"] is not None
    }
    finalists = frozenset(row["innovation_id"] for row in state.snapshot.rows if row["finalist"])
    return PublicAwards(awards, finalists)
