"""What one juror must score, as SCORING.md 5 reads it, for the juror's own pages.

Where a stage lists assignments, the juror's rows (abstaining ones too). Where it lists
none, every juror is assigned every eligible innovation of the stage: for `proposal` the
innovations that passed the administrative check; for `presentation` the finalists, which
without presentation assignments are the eligible innovations with a presentation score
(SCORING.md 6). There the committee's confirmed conflict of interest is the abstention
(data_access.scoring: AssignmentRow.declared), as the ranking reads it.
"""

from __future__ import annotations

from sqlalchemy import Subquery, and_, case, exists, literal, or_, select, union_all

from data_access.models import (
    CONFIRMED_CONFLICT,
    Assignment,
    ConflictDeclaration,
    Innovation,
    Juror,
    Score,
    Stage,
)
from data_access.scoring.model import ELIGIBLE, PRESENTATION, PROPOSAL


def juror_assigned(juror_id: int) -> Subquery:
    """Return the juror's assignments as a subquery (stage_id, innovation_id, abstain)."""
    listed = select(
        Assignment.stage_id.label("stage_id"),
        Assignment.innovation_id.label("innovation_id"),
        Assignment.abstain.label("abstain"),
    ).where(Assignment.juror_id == juror_id)
    stage_lists = exists().where(Assignment.stage_id == Stage.id)
    confirmed = exists().where(
        ConflictDeclaration.juror_id == juror_id,
        ConflictDeclaration.innovation_id == Innovation.id,
        *CONFIRMED_CONFLICT,
    )
    scored_in_stage = exists().where(
        Score.stage_id == Stage.id, Score.innovation_id == Innovation.id
    )
    everyone = (
        select(
            Stage.id.label("stage_id"),
            Innovation.id.label("innovation_id"),
            case((confirmed, literal(True)), else_=literal(False)).label("abstain"),
        )
        .select_from(Juror)
        .join(Stage, Stage.edition_id == Juror.edition_id)
        .join(Innovation, Innovation.edition_id == Juror.edition_id)
        .where(
            Juror.id == juror_id,
            ~stage_lists,
            Innovation.admin_status == ELIGIBLE,
            or_(
                Stage.code == PROPOSAL,
                and_(Stage.code == PRESENTATION, scored_in_stage),
            ),
        )
    )
    return union_all(listed, everyone).subquery("assigned")
