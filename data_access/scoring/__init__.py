"""Pure scoring per SCORING.md: sheets, stage and final scores, tiers, ties and awards.

Inputs are plain rows (the SQL layer has already summed each sheet's score rows);
nothing here touches a database, so every rule can be tested exhaustively.
Scores and weights travel as integer hundredths ("centi"), which keeps every sum
exact; each rounded value is produced once, half-up, and handed out as Decimal.

The modules: arithmetic (hundredths and half-up rounding), model (the rows in and out),
sheets (who scores what, which sheets count, normalisation), ranking (stage and final
scores, tiers, ties, awards) and stats (the Peringkat page's spread and juror severity).
Callers use the names below: `from data_access.scoring import Ranking, rank`.
"""

from data_access.scoring.arithmetic import (
    CENT,
    centi_to_decimal,
    decimal_to_centi,
    div_half_up,
    round_score,
)
from data_access.scoring.model import (
    ABSTAINED,
    COUNTED,
    ELIGIBLE,
    INELIGIBLE,
    PRESENTATION,
    PROPOSAL,
    STAGES,
    UNEXPECTED,
    AssignmentRow,
    EditionRules,
    InnovationRow,
    RankedInnovation,
    Ranking,
    SheetResult,
    SheetRow,
    StageContext,
    StageRules,
)
from data_access.scoring.ranking import (
    StageTotals,
    final_score,
    rank,
    rank_from_totals,
    stage_scores_from_totals,
    stage_totals,
)
from data_access.scoring.seri import (
    apply_decisions,
    award_tie_groups,
    group_key,
    matching_group,
)
from data_access.scoring.sheets import (
    contexts_for,
    eligible_ids,
    evaluate_sheets,
    finalist_ids,
    finalists_from,
    normalize_sheets,
    normalized_centi,
    stage_contexts,
)

__all__ = [
    "ABSTAINED",
    "CENT",
    "COUNTED",
    "ELIGIBLE",
    "INELIGIBLE",
    "PRESENTATION",
    "PROPOSAL",
    "STAGES",
    "UNEXPECTED",
    "AssignmentRow",
    "EditionRules",
    "InnovationRow",
    "RankedInnovation",
    "Ranking",
    "SheetResult",
    "SheetRow",
    "StageContext",
    "StageRules",
    "StageTotals",
    "apply_decisions",
    "award_tie_groups",
    "centi_to_decimal",
    "contexts_for",
    "decimal_to_centi",
    "div_half_up",
    "eligible_ids",
    "evaluate_sheets",
    "final_score",
    "finalist_ids",
    "finalists_from",
    "group_key",
    "matching_group",
    "normalize_sheets",
    "normalized_centi",
    "rank",
    "rank_from_totals",
    "round_score",
    "stage_contexts",
    "stage_scores_from_totals",
    "stage_totals",
]
