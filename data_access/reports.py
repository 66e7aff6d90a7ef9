"""An edition's ranking, progress and participation: load once with SQL, compute with pure code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from data_access import queries
from data_access.models import Edition, utcnow
from data_access.participation import Participation, compute_participation
from data_access.progress import (
    GroupCoverage,
    JurorProgress,
    JurorRow,
    Pace,
    StageProgress,
    compute_pace,
    compute_progress,
)
from data_access.scoring import (
    PRESENTATION,
    PROPOSAL,
    AssignmentRow,
    EditionRules,
    InnovationRow,
    Ranking,
    SheetRow,
    eligible_ids,
    finalist_ids,
    rank,
)


@dataclass(frozen=True)
class EditionData:
    """Everything scoring needs of one edition, as plain rows."""

    edition: Edition
    rules: EditionRules
    innovations: list[InnovationRow]
    jurors: list[JurorRow]
    assignments: list[AssignmentRow]
    sheets: list[SheetRow]


@dataclass(frozen=True)
class ProgressReport:
    """Judging progress of an edition."""

    stages: list[StageProgress]
    jurors: list[JurorProgress]
    coverage: list[GroupCoverage]
    pace: list[Pace]
    normalization: bool


def load_edition_data(session: Session, code: str) -> EditionData:
    """Load an edition's rules, innovations, jurors, assignments and summed sheets."""
    edition = queries.get_edition(session, code)
    stages = queries.stage_ids(session, edition.id)
    return EditionData(
        edition=edition,
        rules=queries.edition_rules(session, edition),
        innovations=queries.load_innovations(session, edition.id),
        jurors=queries.load_jurors(session, edition.id),
        assignments=queries.load_assignments(session, stages),
        sheets=queries.load_sheets(session, stages),
    )


def ranking(data: EditionData) -> Ranking:
    """Return the edition's ranking per SCORING.md."""
    return rank(data.rules, data.innovations, data.assignments, data.sheets)


def progress(data: EditionData, *, now: datetime | None = None) -> ProgressReport:
    """Return the edition's judging progress at a moment (now by default)."""
    result = ranking(data)
    stages, jurors, coverage = compute_progress(result.contexts, data.jurors, result.sheets)
    edition = data.edition
    windows = {
        PROPOSAL: (edition.proposal_start, edition.proposal_end),
        PRESENTATION: (edition.presentation_start, edition.presentation_end),
    }
    pace = [
        compute_pace(
            stage,
            result.sheets,
            window_start=windows[stage.stage][0],
            window_end=windows[stage.stage][1],
            now=now or utcnow(),
            timezone=edition.timezone,
        )
        for stage in stages
    ]
    return ProgressReport(stages, jurors, coverage, pace, data.rules.normalization)


def participation(session: Session, data: EditionData) -> Participation:
    """Return the edition's OPD participation."""
    finalists = finalist_ids(eligible_ids(data.innovations), data.assignments, data.sheets)
    return compute_participation(
        queries.load_units(session),
        queries.load_submissions(session, data.edition.id),
        finalists,
        submission_end=data.edition.submission_end,
        timezone=data.edition.timezone,
    )
