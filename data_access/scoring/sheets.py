"""Sheets under the rules: who must score what, which sheets count, and normalisation.

evaluate_sheets runs once per sheet (about 100,000 at national scale) and stays lean;
normalisation is exact (Fractions and integer square roots), per SCORING.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from math import isqrt

from data_access.scoring.model import (
    COUNTED,
    ELIGIBLE,
    PRESENTATION,
    PROPOSAL,
    AssignmentRow,
    EditionRules,
    InnovationRow,
    SheetResult,
    SheetRow,
    StageContext,
)

# ---------------------------------------------------------------------------- stage context


def eligible_ids(innovations: Iterable[InnovationRow]) -> frozenset[int]:
    """Return the ids of innovations that passed the administrative check."""
    return frozenset(i.id for i in innovations if i.admin_status == ELIGIBLE)


def finalist_ids(
    eligible: frozenset[int],
    assignments: Iterable[AssignmentRow],
    sheets: Iterable[SheetRow],
) -> frozenset[int]:
    """Return eligible innovations with at least one presentation assignment or score."""
    scored = (s.innovation_id for s in sheets if s.stage == PRESENTATION and s.scored_count)
    return finalists_from(eligible, assignments, scored)


def finalists_from(
    eligible: frozenset[int],
    assignments: Iterable[AssignmentRow],
    presentation_scored: Iterable[int],
) -> frozenset[int]:
    """Return eligible innovations with a presentation assignment or a presentation score.

    An assignment row picks its innovation even when it abstains; a confirmed conflict
    (AssignmentRow.declared) is no assignment and picks no one.
    """
    found = {a.innovation_id for a in assignments if a.stage == PRESENTATION and not a.declared}
    found.update(presentation_scored)
    return frozenset(found & eligible)


def stage_contexts(
    innovations: Sequence[InnovationRow],
    assignments: Sequence[AssignmentRow],
    sheets: Sequence[SheetRow],
) -> dict[str, StageContext]:
    """Return, per stage, its innovations and its explicit assignments (None when implicit)."""
    eligible = eligible_ids(innovations)
    return contexts_for(eligible, finalist_ids(eligible, assignments, sheets), assignments)


def contexts_for(
    eligible: frozenset[int],
    finalists: frozenset[int],
    assignments: Iterable[AssignmentRow],
) -> dict[str, StageContext]:
    """Return the stage contexts for known eligible innovations and finalists."""
    rows = list(assignments)
    listing = explicit_stages(rows)
    explicit: dict[str, dict[tuple[int, int], bool]] = defaultdict(dict)
    abstained: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for a in rows:
        if not a.declared:
            explicit[a.stage][(a.juror_id, a.innovation_id)] = a.abstain
        elif a.stage not in listing:
            abstained[a.stage].add((a.juror_id, a.innovation_id))
    return {
        stage: StageContext(stage, ids, explicit.get(stage), frozenset(abstained.get(stage, ())))
        for stage, ids in ((PROPOSAL, eligible), (PRESENTATION, finalists))
    }


def explicit_stages(assignments: Iterable[AssignmentRow]) -> set[str]:
    """Return the stages that list assignments (SCORING.md 5): any assignment row, an
    abstaining one too; a confirmed conflict (AssignmentRow.declared) is not a row."""
    return {a.stage for a in assignments if not a.declared}


# ---------------------------------------------------------------------------- sheets


def evaluate_sheets(
    rules: EditionRules,
    contexts: Mapping[str, StageContext],
    sheets: Iterable[SheetRow],
) -> list[SheetResult]:
    """Return every sheet with its completeness, status and (when complete) its score."""
    results: list[SheetResult] = []
    append = results.append
    # This loop runs once per sheet (about 100,000 at national scale): keep it lean.
    stage_info = {
        code: (r.criteria_count, r.total_weight_centi, contexts[code])
        for code, r in rules.stages.items()
        if code in contexts
    }
    for s in sheets:
        info = stage_info.get(s.stage)
        if info is None:
            continue
        count, total_weight, context = info
        # SCORING.md: a sheet filled in the app counts only once submitted.
        complete = s.scored_count >= count and s.submitted
        append(
            SheetResult(
                s.stage,
                s.juror_id,
                s.innovation_id,
                complete,
                context.status_of(s.juror_id, s.innovation_id),
                (2 * s.weighted_sum + total_weight) // (2 * total_weight) if complete else None,
                None,
                s.last_epoch,
                not s.submitted,
            )
        )
    return results


def normalized_centi(x_centi: int, mean_centi: Fraction, variance_centi: Fraction) -> int:
    """Return 50 + 10 × (x − mean) / sd in hundredths, rounded half-up, computed exactly.

    t = 100 × (z − 50) = 1000 × (x − mean) / sd; t² is rational, so floor(t + ½) is found
    with integer square roots and no rounding error, even when z lands exactly on a half.
    """
    d = x_centi - mean_centi
    t_squared_4 = 4 * 1_000_000 * d * d / variance_centi  # (2|t|)²
    p, q = t_squared_4.numerator, t_squared_4.denominator
    m = isqrt(p * q) // q  # floor(2|t|)
    if d >= 0:
        k = (m + 1) // 2  # floor(|t| + ½)
    else:
        ceil_2t = m if m * m * q == p else m + 1
        k = -(ceil_2t // 2)  # floor(½ − |t|)
    return 5000 + k


def normalize_sheets(sheets: list[SheetResult]) -> list[SheetResult]:
    """Return the sheets with z-score normalised values per juror and stage (SCORING.md)."""
    by_juror: dict[tuple[str, int], list[int]] = defaultdict(list)
    for s in sheets:
        if s.status == COUNTED and s.complete and s.score_centi is not None:
            by_juror[(s.stage, s.juror_id)].append(s.score_centi)
    stats: dict[tuple[str, int], tuple[Fraction, Fraction]] = {}
    for key, values in by_juror.items():
        if len(values) < 3:
            continue
        mean = Fraction(sum(values), len(values))
        # Population variance: the juror's sheets in the stage are the whole population.
        variance = sum(((v - mean) ** 2 for v in values), Fraction(0)) / len(values)
        if variance == 0:
            continue
        stats[key] = (mean, variance)
    out = []
    for s in sheets:
        key = (s.stage, s.juror_id)
        # A counted complete sheet always has a score; the check says so to the type checker.
        if s.status == COUNTED and s.complete and s.score_centi is not None and key in stats:
            mean, variance = stats[key]
            out.append(s._replace(normalized_centi=normalized_centi(s.score_centi, mean, variance)))
        else:
            out.append(s)
    return out
