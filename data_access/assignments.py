"""One juror's own assignments (Penilaian Saya): what to score, by stage, the next one first.

Only the juror's own rows are read, and only how many criteria each sheet has scored,
never a score: /penilaian shows a juror their work, not anyone's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_access.jury.assigned import juror_assigned
from data_access.models import (
    DRAFT,
    SUBMITTED,
    ConflictDeclaration,
    Criterion,
    Edition,
    Innovation,
    InnovationDocument,
    Juror,
    ScoreSheet,
    SheetState,
    Stage,
    Unit,
    WindowExtension,
)


@dataclass(frozen=True)
class AssignedItem:
    """One innovation to score in a stage, with how many of its criteria are scored."""

    code: str
    title: str
    unit: str
    scored: int
    total: int
    abstain: bool
    # The app's sheet state (sheet_states: draft, submitted); None: never saved in the app.
    state: str | None = None
    # The juror's conflict-of-interest declaration (data_access.jury.conflicts): "none",
    # "declared" (awaiting the committee), "confirmed"; None: not declared yet.
    conflict: str | None = None
    # The committee uploaded the proposal as a PDF (data_access.documents).
    document: bool = False

    @property
    def submitted(self) -> bool:
        """Return True for a sheet that counts: submitted in the app, or imported (no state)."""
        return self.state == SUBMITTED or (self.state is None and self.scored > 0)

    @property
    def done(self) -> bool:
        """Return True when nothing is left to do on it (submitted, or an abstention)."""
        return self.abstain or (self.submitted and self.total > 0 and self.scored >= self.total)

    @property
    def waiting(self) -> bool:
        """Return True for an unfinished sheet the juror cannot type in: it awaits the committee.

        A declared conflict (the committee decides on it) and a sheet the committee's import
        brought only some criteria of (locked, "Impor: 7 dari 8 aspek").
        """
        return not self.done and (self.conflict == "declared" or self.submitted)


@dataclass(frozen=True)
class AssignedStage:
    """A stage's assignments of the juror, with the stage's window from the schedule."""

    code: str
    name: str
    start: date | None
    end: date | None
    items: tuple[AssignedItem, ...]

    @property
    def left(self) -> int:
        """Return how many of the stage's innovations are not done yet."""
        return sum(not item.done for item in self.items)


@dataclass(frozen=True)
class JurorAssignments:
    """Everything /penilaian shows a juror."""

    juror_name: str
    jury_group: str
    edition_code: str
    edition_name: str
    stages: tuple[AssignedStage, ...]
    timezone: str = "Asia/Jakarta"  # the edition's: where its windows' days begin and end

    @property
    def left(self) -> int:
        """Return how many assignments are not done yet, over every stage."""
        return sum(stage.left for stage in self.stages)

    @property
    def total(self) -> int:
        """Return how many assignments the juror has, over every stage."""
        return sum(len(stage.items) for stage in self.stages)


def _item_order(item: AssignedItem) -> tuple[int, str]:
    # What the juror can act on first: a draft to continue, then a sheet to start; then
    # what waits on the committee (a declared conflict, a partly imported sheet: both
    # read-only for the juror), then the finished ones, then abstentions.
    if item.abstain:
        rank = 4
    elif item.done:
        rank = 3
    elif item.waiting:
        rank = 2
    elif item.state == DRAFT or item.scored:
        rank = 0
    else:
        rank = 1
    return rank, item.code


def juror_assignments(session: Session, juror_id: int) -> JurorAssignments | None:
    """Return the juror's assignments by stage, the next to do first (None: no such juror)."""
    head = session.execute(
        select(Juror.name, Juror.jury_group, Edition)
        .join(Edition, Edition.id == Juror.edition_id)
        .where(Juror.id == juror_id)
    ).first()
    if head is None:
        return None
    name, group, edition = head
    criteria = (
        select(Criterion.stage_id, func.count().label("total"))
        .group_by(Criterion.stage_id)
        .subquery()
    )
    mine = juror_assigned(juror_id)
    rows = session.execute(
        select(
            Stage.code,
            Stage.name,
            Stage.position,
            Innovation.code,
            Innovation.title,
            Unit.name,
            mine.c.abstain,
            func.coalesce(ScoreSheet.n, 0),
            func.coalesce(criteria.c.total, 0),
            SheetState.state,
            ConflictDeclaration.conflict,
            ConflictDeclaration.confirmed_at,
            InnovationDocument.innovation_id,
        )
        .select_from(mine)
        .join(Stage, Stage.id == mine.c.stage_id)
        .join(Innovation, Innovation.id == mine.c.innovation_id)
        .join(Unit, Unit.id == Innovation.unit_id)
        .outerjoin(criteria, criteria.c.stage_id == Stage.id)
        .outerjoin(
            ScoreSheet,
            (ScoreSheet.stage_id == mine.c.stage_id)
            & (ScoreSheet.juror_id == juror_id)
            & (ScoreSheet.innovation_id == mine.c.innovation_id),
        )
        .outerjoin(
            SheetState,
            (SheetState.stage_id == mine.c.stage_id)
            & (SheetState.juror_id == juror_id)
            & (SheetState.innovation_id == mine.c.innovation_id),
        )
        .outerjoin(
            ConflictDeclaration,
            (ConflictDeclaration.juror_id == juror_id)
            & (ConflictDeclaration.innovation_id == mine.c.innovation_id),
        )
        .outerjoin(InnovationDocument, InnovationDocument.innovation_id == Innovation.id)
        .order_by(Stage.position, Innovation.code)
    ).all()
    by_stage: dict[str, tuple[str, int, list[AssignedItem]]] = {}
    for row in rows:
        code, stage_name, position, i_code, title, unit, abstain, scored, total, state = row[:10]
        declared, confirmed_at, document = row[10:]
        conflict = None
        if declared is not None:
            conflict = (
                "none" if not declared else "declared" if confirmed_at is None else "confirmed"
            )
        entry = by_stage.setdefault(code, (stage_name, position, []))
        entry[2].append(
            AssignedItem(
                i_code,
                title,
                unit,
                int(scored),
                int(total),
                bool(abstain),
                state,
                conflict,
                document is not None,
            )
        )
    windows = {
        "proposal": (edition.proposal_start, edition.proposal_end),
        "presentation": (edition.presentation_start, edition.presentation_end),
    }
    # The committee's extensions (for this juror or the whole stage) move a stage's last
    # day, as data_access.jury.windows reads them for the sheet itself.
    extended = dict(
        session.execute(
            select(Stage.code, func.max(WindowExtension.until))
            .join(WindowExtension, WindowExtension.stage_id == Stage.id)
            .where(
                Stage.edition_id == edition.id,
                or_(WindowExtension.juror_id.is_(None), WindowExtension.juror_id == juror_id),
            )
            .group_by(Stage.code)
        ).all()
    )
    for code, until in extended.items():
        start, end = windows.get(code, (None, None))
        if end is not None and until > end:
            windows[code] = (start, until)
    stages = [
        AssignedStage(
            code,
            stage_name,
            *windows.get(code, (None, None)),
            tuple(sorted(items, key=_item_order)),
        )
        for code, (stage_name, _position, items) in sorted(
            by_stage.items(), key=lambda entry: entry[1][1]
        )
    ]
    # A stage with work left comes before a finished one; otherwise the schedule's order.
    stages.sort(key=lambda stage: stage.left == 0)
    return JurorAssignments(
        name, group, edition.code, edition.name, tuple(stages), edition.timezone
    )
