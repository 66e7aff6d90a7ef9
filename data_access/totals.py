"""One SQL statement that sums an edition's score rows into everything ranking and progress need.

It reads the per-sheet sums that database triggers keep in score_sheets (migration 0005)
instead of grouping the score rows, and applies the same sheet rules as data_access.scoring
(completeness, eligibility, assignments, abstentions) inside the database, so Python only
sees a few rows per innovation and per juror instead of one per sheet. tests/test_totals.py
checks it against the pure reference on random editions, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    String,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from data_access.models import (
    CONFIRMED_CONFLICT,
    Assignment,
    ConflictDeclaration,
    Criterion,
    Innovation,
    Juror,
    ScoreSheet,
    SheetState,
)
from data_access.progress import JurorTally, PaceWindow, ProgressTotals
from data_access.queries import draft_of, epoch_seconds
from data_access.scoring import (
    ABSTAINED,
    COUNTED,
    ELIGIBLE,
    INELIGIBLE,
    PRESENTATION,
    STAGES,
    UNEXPECTED,
    StageTotals,
)


@dataclass(frozen=True)
class EditionTotals:
    """An edition's score rows summed by SQL."""

    stage_totals: StageTotals
    progress: ProgressTotals
    presentation_scored: frozenset[int]  # innovations with any presentation score


def _null(type_: type[TypeEngine[Any]]) -> ColumnElement[Any]:
    return cast(null(), type_)


def totals_statement(stages: Mapping[int, str], windows: Mapping[str, PaceWindow | None]):
    """Return the UNION ALL statement that yields every total in one round trip."""
    stage_ids = list(stages)
    # Per-sheet sums kept by triggers (migration 0005): a national edition's ~130k sheet
    # rows instead of grouping its ~1M score rows on every refresh.
    sheets = (
        select(
            ScoreSheet.stage_id,
            ScoreSheet.juror_id,
            ScoreSheet.innovation_id,
            ScoreSheet.n.label("n"),
            ScoreSheet.ws.label("ws"),
            epoch_seconds(ScoreSheet.last).label("last"),
        )
        .where(ScoreSheet.stage_id.in_(stage_ids))
        .cte("sheets")
    )
    rules = (
        select(
            Criterion.stage_id,
            func.count().label("k"),
            cast(func.sum(Criterion.weight_centi), BigInteger).label("w"),
        )
        .where(Criterion.stage_id.in_(stage_ids))
        .group_by(Criterion.stage_id)
        .cte("stage_rules")
    )
    explicit = (
        select(Assignment.stage_id)
        .where(Assignment.stage_id.in_(stage_ids))
        .group_by(Assignment.stage_id)
        .cte("explicit_stages")
    )
    # Sheet score in hundredths, half-up on integers (NULL while the sheet is partial: some
    # criterion unscored, or a draft of the app, which counts only once submitted).
    draft = SheetState.stage_id.is_not(None)
    score = case(
        (
            and_(sheets.c.n >= rules.c.k, ~draft),
            (2 * sheets.c.ws + rules.c.w) // (2 * rules.c.w),
        ),
        else_=None,
    )
    status = case(
        (Innovation.admin_status != ELIGIBLE, literal(INELIGIBLE)),
        # A stage that lists no assignments: every juror counts, but for the committee's
        # confirmed conflicts of interest.
        (
            explicit.c.stage_id.is_(None),
            case((ConflictDeclaration.juror_id.is_not(None), ABSTAINED), else_=COUNTED),
        ),
        (Assignment.id.is_(None), literal(UNEXPECTED)),
        (Assignment.abstain.is_(True), literal(ABSTAINED)),
        else_=literal(COUNTED),
    )
    classified = (
        select(
            sheets.c.stage_id,
            sheets.c.juror_id,
            sheets.c.innovation_id,
            sheets.c.last,
            score.label("score"),
            status.label("status"),
            Juror.jury_group.label("grp"),
            case((draft, 1), else_=0).label("draft"),
        )
        .select_from(sheets)
        .join(rules, rules.c.stage_id == sheets.c.stage_id)
        .join(Innovation, Innovation.id == sheets.c.innovation_id)
        .join(Juror, Juror.id == sheets.c.juror_id)
        .outerjoin(explicit, explicit.c.stage_id == sheets.c.stage_id)
        .outerjoin(
            SheetState, draft_of(sheets.c.stage_id, sheets.c.juror_id, sheets.c.innovation_id)
        )
        .outerjoin(
            Assignment,
            and_(
                Assignment.stage_id == sheets.c.stage_id,
                Assignment.juror_id == sheets.c.juror_id,
                Assignment.innovation_id == sheets.c.innovation_id,
            ),
        )
        .outerjoin(
            ConflictDeclaration,
            and_(
                ConflictDeclaration.juror_id == sheets.c.juror_id,
                ConflictDeclaration.innovation_id == sheets.c.innovation_id,
                *CONFIRMED_CONFLICT,
            ),
        )
        .cte("classified")
    )
    c = classified.c
    counted_complete = and_(c.status == COUNTED, c.score.is_not(None))
    in_window = [
        and_(c.stage_id == stage_id, c.last.between(w.start_epoch, w.until_epoch))
        for stage_id, code in stages.items()
        if (w := windows.get(code)) is not None
    ]
    # Two groupings over the classified sheets, in one round trip.
    per_innovation = select(
        literal("I"),
        c.stage_id,
        c.innovation_id,
        c.grp,
        func.sum(case((counted_complete, c.score), else_=0)),
        func.sum(case((counted_complete, 1), else_=0)),
        func.max(case((counted_complete, c.last), else_=None)),
        func.sum(case((and_(counted_complete, or_(false(), *in_window)), 1), else_=0)),
        literal(0),
    ).group_by(c.stage_id, c.innovation_id, c.grp)
    per_juror = select(
        literal("J"),
        c.stage_id,
        c.juror_id,
        _null(String),
        func.sum(case((counted_complete, 1), else_=0)),
        func.sum(case((and_(c.status == COUNTED, c.score.is_(None)), 1), else_=0)),
        func.max(c.last),
        func.sum(case((c.status == UNEXPECTED, 1), else_=0)),
        func.sum(case((and_(c.status == COUNTED, c.draft == 1), 1), else_=0)),
    ).group_by(c.stage_id, c.juror_id)
    return union_all(per_innovation, per_juror)


def load_totals(
    session: Session, stages: Mapping[int, str], windows: Mapping[str, PaceWindow | None]
) -> EditionTotals:
    """Run the totals statement and fold its rows into plain data."""
    stage_totals: dict[str, dict[int, list[int]]] = defaultdict(dict)
    jurors: dict[tuple[str, int], JurorTally] = {}
    coverage: dict[tuple[str, int], set[str]] = defaultdict(set)
    unexpected: dict[str, int] = defaultdict(int)
    inside: dict[str, int] = defaultdict(int)
    latest: dict[str, int] = {}
    scored: set[int] = set()
    rows = session.connection().execute(totals_statement(stages, windows))
    for kind, stage_id, key, group, total, count, last, extra, drafts in rows:
        stage = stages[stage_id]
        if kind == "J":
            jurors[(stage, key)] = JurorTally(int(total), int(count), _int(last), int(drafts))
            unexpected[stage] += int(extra)
            continue
        if stage == PRESENTATION:
            scored.add(key)  # any presentation sheet, counted or not
        if not count:
            continue
        entry = stage_totals[stage].setdefault(key, [0, 0])
        entry[0] += int(total)
        entry[1] += int(count)
        coverage[(stage, key)].add(group)
        inside[stage] += int(extra)
        latest[stage] = max(latest.get(stage, int(last)), int(last))
    return EditionTotals(
        stage_totals={
            s: {i: (t, n) for i, (t, n) in per.items()} for s, per in stage_totals.items()
        },
        progress=ProgressTotals(
            jurors=jurors,
            unexpected={s: n for s, n in unexpected.items() if n},
            coverage={k: frozenset(v) for k, v in coverage.items()},
            completions={stage: (inside.get(stage, 0), latest.get(stage)) for stage in STAGES},
        ),
        presentation_scored=frozenset(scored),
    )


def _int(value) -> int | None:
    return None if value is None else int(value)
