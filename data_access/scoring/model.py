"""What scoring takes and gives: plain rows in, sheets and the ranking out, and their words.

Inputs are plain rows (the SQL layer has already summed each sheet's score rows), so
database rows with the same fields can stand in for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from data_access.scoring.arithmetic import centi_to_decimal

PROPOSAL = "proposal"
PRESENTATION = "presentation"
STAGES = (PROPOSAL, PRESENTATION)
ELIGIBLE = "lolos"

# What happened to a sheet: counted in the stage score, or ignored and why.
COUNTED = "counted"
ABSTAINED = "abstained"
UNEXPECTED = "unexpected"
INELIGIBLE = "ineligible"


# ---------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class StageRules:
    """A stage's criteria as far as scoring needs them: how many, and their weight sum."""

    code: str
    criteria_count: int
    total_weight_centi: int


@dataclass(frozen=True)
class EditionRules:
    """The edition data that scoring depends on (SCORING.md's defaults are data)."""

    stages: Mapping[str, StageRules]
    weight_proposal_centi: int = 4000
    weight_presentation_centi: int = 6000
    finalist_count: int = 6
    normalization: bool = False


class InnovationRow(NamedTuple):
    """An innovation as scoring sees it (a NamedTuple: a national edition loads 5,000)."""

    id: int
    code: str
    admin_status: str
    title: str = ""
    unit_code: str = ""


class AssignmentRow(NamedTuple):
    """One assignment of a juror to an innovation in a stage (a NamedTuple, as InnovationRow)."""

    stage: str
    juror_id: int
    innovation_id: int
    abstain: bool = False
    # Not an assignment row: the committee confirmed the juror's declared conflict of
    # interest on the innovation. It abstains only where the stage lists no assignments
    # (where it does, the confirmation marked the juror's rows abstain); it never makes a
    # stage "list assignments", nor an innovation a finalist (SCORING.md 5 and 6).
    declared: bool = False


class SheetRow(NamedTuple):
    """One juror's score rows for one innovation in one stage, summed by SQL.

    weighted_sum is Σ(weight_centi × score_centi) over the criteria scored so far;
    last_epoch is the time of the latest score, in seconds since 1970 (UTC); submitted is
    False while a sheet filled in the app is a draft (imported sheets count as submitted).
    A NamedTuple, so that database rows with the same fields can stand in for it.
    """

    stage: str
    juror_id: int
    innovation_id: int
    scored_count: int
    weighted_sum: int
    last_epoch: int | None = None
    submitted: bool = True


# ---------------------------------------------------------------------------- outputs


class SheetResult(NamedTuple):
    """A sheet after the rules: complete or partial, counted or ignored, and its score."""

    stage: str
    juror_id: int
    innovation_id: int
    complete: bool
    status: str
    score_centi: int | None
    normalized_centi: int | None = None
    last_epoch: int | None = None
    draft: bool = False  # filled in the app and not submitted yet: partial, however full

    @property
    def score(self) -> Decimal | None:
        """Return the sheet score (None while the sheet is partial)."""
        return centi_to_decimal(self.score_centi)

    @property
    def normalized(self) -> Decimal | None:
        """Return the z-score normalised sheet score, when normalisation changed it."""
        return centi_to_decimal(self.normalized_centi)

    @property
    def effective_centi(self) -> int | None:
        """Return the value that enters the stage mean (normalised when normalisation is on)."""
        return self.normalized_centi if self.normalized_centi is not None else self.score_centi

    @property
    def effective(self) -> Decimal | None:
        """Return effective_centi as a Decimal."""
        return centi_to_decimal(self.effective_centi)


@dataclass(frozen=True)
class RankedInnovation:
    """One line of the ranking with the scores that decided it."""

    innovation_id: int
    code: str
    title: str
    unit_code: str
    proposal_score: Decimal | None
    presentation_score: Decimal | None
    final_score: Decimal | None
    finalist: bool
    tier: int
    rank: int | None
    tie: bool
    award: int | None
    proposal_sheets: int
    presentation_sheets: int
    # True when the jury's seri decision set this place (SCORING.md: the panel settles a seri).
    decided: bool = False


@dataclass(frozen=True)
class Ranking:
    """The whole ranking of an edition, plus what the screens need to explain it."""

    rows: list[RankedInnovation]
    finalist_ids: frozenset[int]
    awards_decided: bool
    candidate_ids: list[int]
    sheets: list[SheetResult] = field(default_factory=list, repr=False)
    normalization: bool = False
    contexts: Mapping[str, StageContext] = field(default_factory=dict, repr=False)

    @property
    def unexpected_sheets(self) -> list[SheetResult]:
        """Return sheets from jurors who were not assigned that innovation."""
        return [s for s in self.sheets if s.status == UNEXPECTED]

    @property
    def awards(self) -> list[RankedInnovation]:
        """Return Juara I-III (ranks 1-3 of tier 1), ties included, once they are decided."""
        return [r for r in self.rows if r.award is not None]


# ---------------------------------------------------------------------------- stage context


@dataclass(frozen=True)
class StageContext:
    """Who must score what in one stage, derived from assignments and eligibility."""

    stage: str
    innovation_ids: frozenset[int]
    explicit: dict[tuple[int, int], bool] | None  # (juror, innovation) -> abstain
    # A stage without assignments (explicit None) still holds the committee's confirmed
    # conflicts of interest (AssignmentRow.declared): (juror, innovation) that abstain.
    abstained: frozenset[tuple[int, int]] = frozenset()

    def status_of(self, juror_id: int, innovation_id: int) -> str:
        """Return how a sheet from this juror for this innovation counts."""
        if innovation_id not in self.innovation_ids:
            return INELIGIBLE
        if self.explicit is None:
            return ABSTAINED if (juror_id, innovation_id) in self.abstained else COUNTED
        abstain = self.explicit.get((juror_id, innovation_id))
        if abstain is None:
            return UNEXPECTED
        return ABSTAINED if abstain else COUNTED
