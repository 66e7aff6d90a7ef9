"""An edition's ranking, progress and participation: summed by SQL, ruled by pure code.

Two paths give the same answers. The live path (ranking_for, progress_for) lets SQL sum
the sheets (data_access.totals): first the tallies (per-stage sums, finalists, contexts),
from which the standing (the ranking) and, with the jurors' own tallies, the progress are
drawn apart (each cached per data version by the web app); the reference path
(load_edition_data + ranking/progress) hands every sheet to the pure rules and
serves z-score normalisation, which needs each sheet. Tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.orm import Session

from data_access import page_queries, queries
from data_access.models import utcnow
from data_access.participation import (
    Participation,
    compute_participation,
    late_from,
    participation_from_counts,
)
from data_access.progress import (
    GroupCoverage,
    JurorProgress,
    JurorRow,
    Pace,
    PaceWindow,
    ProgressTotals,
    StageProgress,
    compute_pace,
    pace_window,
    progress_from_totals,
    progress_totals,
)
from data_access.scoring import (
    PRESENTATION,
    PROPOSAL,
    AssignmentRow,
    EditionRules,
    InnovationRow,
    Ranking,
    SheetResult,
    SheetRow,
    StageContext,
    StageTotals,
    contexts_for,
    eligible_ids,
    finalists_from,
    rank,
    rank_from_totals,
)
from data_access.totals import (
    JurorSums,
    StageRule,
    load_juror_totals,
    load_stage_totals,
    stage_rules,
)


@dataclass(frozen=True)
class EditionData:
    """Everything scoring needs of one edition, with every sheet (the reference path)."""

    edition: queries.EditionInfo
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
    timezone: str = "Asia/Jakarta"


@dataclass(frozen=True)
class EditionReport:
    """An edition's ranking and progress computed together, from one load."""

    edition: queries.EditionInfo
    ranking: Ranking
    progress: ProgressReport
    finalist_ids: frozenset[int]


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


def _windows(edition: queries.EditionInfo, now: datetime) -> dict[str, PaceWindow | None]:
    return {
        PROPOSAL: pace_window(
            edition.proposal_start, edition.proposal_end, now=now, timezone=edition.timezone
        ),
        PRESENTATION: pace_window(
            edition.presentation_start,
            edition.presentation_end,
            now=now,
            timezone=edition.timezone,
        ),
    }


def _progress_report(
    edition: queries.EditionInfo,
    rules: EditionRules,
    contexts: dict[str, StageContext],
    jurors: list[JurorRow],
    totals: ProgressTotals,
    windows: dict[str, PaceWindow | None],
    now: datetime,
) -> ProgressReport:
    stages, juror_rows, coverage = progress_from_totals(contexts, jurors, totals)
    ends = {PROPOSAL: edition.proposal_end, PRESENTATION: edition.presentation_end}
    pace = [
        compute_pace(
            stage,
            totals.completions.get(stage.stage, (0, None)),
            window=windows[stage.stage],
            window_end=ends[stage.stage],
            now=now,
            timezone=edition.timezone,
        )
        for stage in stages
    ]
    return ProgressReport(stages, juror_rows, coverage, pace, rules.normalization, edition.timezone)


def ranking(data: EditionData) -> Ranking:
    """Return the edition's ranking per SCORING.md (reference path: every sheet in Python)."""
    return rank(data.rules, data.innovations, data.assignments, data.sheets)


def progress(data: EditionData, *, now: datetime | None = None) -> ProgressReport:
    """Return the edition's judging progress (reference path) at a moment, now by default."""
    now = now or utcnow()
    result = ranking(data)
    windows = _windows(data.edition, now)
    totals = progress_totals(result.sheets, {j.id: j.group for j in data.jurors}, windows)
    return _progress_report(
        data.edition, data.rules, dict(result.contexts), data.jurors, totals, windows, now
    )


@dataclass(frozen=True)
class EditionTallies:
    """What an edition's ranking and its progress are both drawn from, but the clock and the
    jurors' own tallies: SQL's per-stage sums, the finalists and every stage's context.
    Cached per data version; the progress page needs nothing of the ranking."""

    edition: queries.EditionInfo
    rules: EditionRules
    innovations: list[InnovationRow]
    finalist_ids: frozenset[int]
    contexts: Mapping[str, StageContext]
    jurors: list[JurorRow]
    stages: dict[int, str]
    sheet_rules: list[StageRule]  # what the juror totals' statement needs of each stage
    coverage: Mapping[tuple[str, int], frozenset[str]]
    stage_totals: StageTotals  # per stage: innovation -> (sum, sheets); empty on the reference path
    # Normalisation's reference path: every sheet, which its progress is drawn from too, and
    # the ranking drawn from them (the contexts come from it).
    data: EditionData | None = field(default=None, repr=False)
    reference: Ranking | None = field(default=None, repr=False)


@dataclass(frozen=True)
class EditionStanding:
    """An edition's ranking and what it was drawn from: cached per data version, shared by
    every page that shows a place (a national edition's ranking page needs nothing more)."""

    tallies: EditionTallies
    ranking: Ranking

    @property
    def edition(self) -> queries.EditionInfo:
        return self.tallies.edition

    @property
    def finalist_ids(self) -> frozenset[int]:
        return self.tallies.finalist_ids


def edition_tallies(session: Session, code: str) -> EditionTallies:
    """Return the edition's sheets summed by SQL per stage, its finalists and stage contexts."""
    edition = queries.get_edition(session, code)
    rules = queries.edition_rules(session, edition)
    stages = queries.stage_ids(session, edition.id)
    if rules.normalization:
        # Normalisation needs every sheet: take the reference path.
        data = load_edition_data(session, code)
        result = ranking(data)
        return EditionTallies(
            edition,
            rules,
            data.innovations,
            result.finalist_ids,
            result.contexts,
            data.jurors,
            stages,
            [],
            {},
            {},
            data,
            result,
        )
    innovations = queries.load_innovations(session, edition.id)
    jurors = queries.load_jurors(session, edition.id)
    assignments = queries.load_assignments(session, stages)
    sheet_rules = stage_rules(session, stages)
    sums = load_stage_totals(session, stages, sorted({j.group for j in jurors}), sheet_rules)
    eligible = eligible_ids(innovations)
    finalists = finalists_from(eligible, assignments, sums.presentation_scored)
    contexts = contexts_for(eligible, finalists, assignments)
    return EditionTallies(
        edition,
        rules,
        innovations,
        finalists,
        contexts,
        jurors,
        stages,
        sheet_rules,
        sums.coverage,
        sums.stage_totals,
    )


def standing_from(tallies: EditionTallies) -> EditionStanding:
    """Return the ranking drawn from an edition's tallies (pure: no query)."""
    if tallies.reference is not None:
        return EditionStanding(tallies, tallies.reference)
    result = rank_from_totals(
        tallies.rules, tallies.innovations, tallies.finalist_ids, tallies.stage_totals
    )
    return EditionStanding(tallies, replace(result, contexts=dict(tallies.contexts)))


def edition_standing(session: Session, code: str) -> EditionStanding:
    """Return the edition's ranking with what its progress needs, SQL summing the sheets."""
    return standing_from(edition_tallies(session, code))


@dataclass(frozen=True)
class JurorTallies:
    """The jurors' own tallies at a moment: what progress adds to an edition's tallies."""

    now: datetime
    windows: dict[str, PaceWindow | None]
    sums: JurorSums


def juror_tallies(
    session: Session,
    edition: queries.EditionInfo,
    *,
    now: datetime | None = None,
    stages: dict[int, str] | None = None,
    rules: list[StageRule] | None = None,
) -> JurorTallies:
    """Return the jurors' tallies now: a statement of its own, independent of the tallies
    (the web app runs it beside them; stages and rules are read when not given)."""
    now = now or utcnow()
    windows = _windows(edition, now)
    stages = queries.stage_ids(session, edition.id) if stages is None else stages
    return JurorTallies(now, windows, load_juror_totals(session, stages, windows, rules))


def live_progress(
    session: Session, tallies: EditionTallies, *, now: datetime | None = None
) -> ProgressReport:
    """Return the edition's judging progress now: its tallies and the jurors' own, read here."""
    if tallies.data is not None:
        return progress(tallies.data, now=now)
    jurors = juror_tallies(
        session, tallies.edition, now=now, stages=tallies.stages, rules=tallies.sheet_rules
    )
    return progress_from(tallies, jurors)


def progress_from(tallies: EditionTallies, jurors: JurorTallies) -> ProgressReport:
    """Return the edition's judging progress from its tallies and the jurors' own (no query),
    drawn at the jurors' tallies' moment (no ranking)."""
    if tallies.data is not None:
        return progress(tallies.data, now=jurors.now)
    per_juror = jurors.sums
    totals = ProgressTotals(
        per_juror.jurors, per_juror.unexpected, tallies.coverage, per_juror.completions
    )
    return _progress_report(
        tallies.edition,
        tallies.rules,
        dict(tallies.contexts),
        tallies.jurors,
        totals,
        jurors.windows,
        jurors.now,
    )


def standing_report(
    session: Session, standing: EditionStanding, *, now: datetime | None = None
) -> EditionReport:
    """Return the edition's ranking and progress: the standing, and the jurors' tallies now."""
    report = live_progress(session, standing.tallies, now=now)
    return EditionReport(standing.edition, standing.ranking, report, standing.finalist_ids)


def edition_report(session: Session, code: str, *, now: datetime | None = None) -> EditionReport:
    """Return ranking and progress of an edition, with SQL summing the score rows."""
    return standing_report(session, edition_standing(session, code), now=now)


def ranking_for(session: Session, code: str) -> Ranking:
    """Return the edition's ranking (live path)."""
    return edition_report(session, code).ranking


def progress_for(session: Session, code: str, *, now: datetime | None = None) -> ProgressReport:
    """Return the edition's judging progress (live path)."""
    return edition_report(session, code, now=now).progress


def participation_for(
    session: Session,
    code: str,
    *,
    report: EditionReport | None = None,
    edition: page_queries.ParticipationEdition | None = None,
) -> Participation:
    """Return the edition's OPD participation: counted per OPD in SQL, two statements (the
    edition, then every OPD's counts; participation ranks nobody; one when the caller
    holds what participation reads of the edition, `edition`), or over every innovation
    with the finalists of a report at hand."""
    if report is not None and report.edition.code == code:
        return compute_participation(
            queries.load_units(session),
            queries.load_submissions(session, report.edition.id),
            report.finalist_ids,
            submission_end=report.edition.submission_end,
            timezone=report.edition.timezone,
        )
    if edition is None:
        edition = page_queries.participation_edition(session.connection(), code)
    late = late_from(edition.submission_end, edition.timezone)
    return participation_from_counts(
        page_queries.opd_counts(session, edition, late),
        submission_end=edition.submission_end,
        timezone=edition.timezone,
    )


@dataclass(frozen=True)
class StageSheets:
    """One stage's sheets, complete or partial, without scores: a heat map's cells."""

    stage: str
    sheets: list[tuple[int, int, bool, bool]]  # (juror, innovation, complete, draft)

    def results(self, context: StageContext) -> list[SheetResult]:
        """Return the sheets with their status in the stage (no scores)."""
        status = context.status_of
        return [
            SheetResult(self.stage, j, i, complete, status(j, i), None, draft=draft)
            for j, i, complete, draft in self.sheets
        ]


def load_stage_sheets(session: Session, edition_id: int, stage: str) -> StageSheets:
    """Load one stage's sheets only, never the whole edition's.

    The heat map's jurors and innovation codes come from what the refresh already holds
    (the report's ranking, the edition's jurors), not from queries of their own.
    """
    stage_id = next(
        (i for i, c in queries.stage_ids(session, edition_id).items() if c == stage), None
    )
    # An edition without this stage (none defined yet) has no sheets in it.
    sheets = [] if stage_id is None else page_queries.stage_sheets(session, stage_id)
    return StageSheets(stage=stage, sheets=sheets)
