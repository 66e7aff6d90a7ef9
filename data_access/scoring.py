"""Pure scoring per SCORING.md: sheets, stage and final scores, tiers, ties and awards.

Inputs are plain rows (the SQL layer has already summed each sheet's score rows);
nothing here touches a database, so every rule can be tested exhaustively.
Scores and weights travel as integer hundredths ("centi"), which keeps every sum
exact; each rounded value is produced once, half-up, and handed out as Decimal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from math import isqrt
from typing import NamedTuple

PROPOSAL = "proposal"
PRESENTATION = "presentation"
STAGES = (PROPOSAL, PRESENTATION)
ELIGIBLE = "lolos"

CENT = Decimal("0.01")

# What happened to a sheet: counted in the stage score, or ignored and why.
COUNTED = "counted"
ABSTAINED = "abstained"
UNEXPECTED = "unexpected"
INELIGIBLE = "ineligible"


def div_half_up(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half-up (floor(x + ½)) to an integer.

    Raw scores are never negative; a z-score normalised one can be, and then half-up
    means towards +∞ (-0.995 becomes -0.99), the same rule normalized_centi applies.
    """
    if denominator <= 0:
        raise ValueError("div_half_up takes a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)


def centi_to_decimal(centi: int | None) -> Decimal | None:
    """Return integer hundredths as a two-decimal Decimal (None stays None)."""
    return None if centi is None else Decimal(centi).scaleb(-2)


def decimal_to_centi(value: Decimal) -> int:
    """Return a Decimal with at most two decimals as integer hundredths."""
    centi = value * 100
    if centi != centi.to_integral_value():
        raise ValueError(f"{value} has more than two decimals")
    return int(centi)


def round_score(value: Decimal) -> Decimal:
    """Round a score half-up to two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


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


@dataclass(frozen=True)
class InnovationRow:
    """An innovation as scoring sees it."""

    id: int
    code: str
    admin_status: str
    title: str = ""
    unit_code: str = ""


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment of a juror to an innovation in a stage."""

    stage: str
    juror_id: int
    innovation_id: int
    abstain: bool = False


class SheetRow(NamedTuple):
    """One juror's score rows for one innovation in one stage, summed by SQL.

    weighted_sum is Σ(weight_centi × score_centi) over the criteria scored so far;
    last_epoch is the time of the latest score, in seconds since 1970 (UTC).
    A NamedTuple, so that database rows with the same fields can stand in for it.
    """

    stage: str
    juror_id: int
    innovation_id: int
    scored_count: int
    weighted_sum: int
    last_epoch: int | None = None


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

    def status_of(self, juror_id: int, innovation_id: int) -> str:
        """Return how a sheet from this juror for this innovation counts."""
        if innovation_id not in self.innovation_ids:
            return INELIGIBLE
        if self.explicit is None:
            return COUNTED
        abstain = self.explicit.get((juror_id, innovation_id))
        if abstain is None:
            return UNEXPECTED
        return ABSTAINED if abstain else COUNTED


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
    """Return eligible innovations with a presentation assignment or a presentation score."""
    found = {a.innovation_id for a in assignments if a.stage == PRESENTATION}
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
    explicit: dict[str, dict[tuple[int, int], bool]] = defaultdict(dict)
    for a in assignments:
        explicit[a.stage][(a.juror_id, a.innovation_id)] = a.abstain
    return {
        PROPOSAL: StageContext(PROPOSAL, eligible, explicit.get(PROPOSAL)),
        PRESENTATION: StageContext(PRESENTATION, finalists, explicit.get(PRESENTATION)),
    }


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
        complete = s.scored_count >= count
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
        if s.status == COUNTED and s.complete:
            by_juror[(s.stage, s.juror_id)].append(s.score_centi)  # type: ignore[arg-type]
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
        if s.status == COUNTED and s.complete and key in stats:
            mean, variance = stats[key]
            out.append(s._replace(normalized_centi=normalized_centi(s.score_centi, mean, variance)))
        else:
            out.append(s)
    return out


# ---------------------------------------------------------------------------- stage and final


StageTotals = dict[str, dict[int, tuple[int, int]]]
"""{stage: {innovation: (Σ counted complete sheet scores in hundredths, number of sheets)}}."""


def stage_totals(sheets: Iterable[SheetResult]) -> StageTotals:
    """Return, per stage and innovation, the sum and count of counted complete sheet scores."""
    sums: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for s in sheets:
        if s.complete and s.status == COUNTED:
            per = sums[s.stage]
            value = s.effective_centi
            entry = per.get(s.innovation_id)
            if entry is None:
                per[s.innovation_id] = [value, 1]  # type: ignore[list-item]
            else:
                entry[0] += value  # type: ignore[operator]
                entry[1] += 1
    return {stage: {i: (t, n) for i, (t, n) in per.items()} for stage, per in sums.items()}


def stage_scores_from_totals(totals: StageTotals) -> dict[str, dict[int, tuple[Decimal, int]]]:
    """Return {stage: {innovation: (stage score, sheet count)}}: each mean rounded half-up."""
    # The mean of two-decimal values, rounded half-up: exact on integer hundredths.
    return {
        stage: {i: (centi_to_decimal(div_half_up(t, n)), n) for i, (t, n) in per.items()}  # type: ignore[misc]
        for stage, per in totals.items()
    }


def final_score(
    rules: EditionRules,
    *,
    finalist: bool,
    proposal: Decimal | None,
    presentation: Decimal | None,
) -> Decimal | None:
    """Return the Nilai Akhir of one innovation per SCORING.md."""
    if finalist and proposal is not None and presentation is not None:
        wp, wq = rules.weight_proposal_centi, rules.weight_presentation_centi
        with localcontext() as ctx:
            ctx.prec = 60
            return round_score((wp * proposal + wq * presentation) / (wp + wq))
    return proposal


# ---------------------------------------------------------------------------- ranking


def _tiebreak_key(final: Decimal, presentation: Decimal | None, proposal: Decimal | None):
    # Higher first; a missing value loses to any value.
    return (
        -final,
        (0, -presentation) if presentation is not None else (1, 0),
        (0, -proposal) if proposal is not None else (1, 0),
    )


def rank(
    rules: EditionRules,
    innovations: Sequence[InnovationRow],
    assignments: Sequence[AssignmentRow],
    sheets: Sequence[SheetRow],
) -> Ranking:
    """Rank the eligible innovations of an edition exactly as SCORING.md says."""
    contexts = stage_contexts(innovations, assignments, sheets)
    results = evaluate_sheets(rules, contexts, sheets)
    if rules.normalization:
        results = normalize_sheets(results)
    ranking = rank_from_totals(
        rules, innovations, contexts[PRESENTATION].innovation_ids, stage_totals(results)
    )
    return replace(ranking, sheets=results, contexts=contexts)


def rank_from_totals(
    rules: EditionRules,
    innovations: Sequence[InnovationRow],
    finalists: frozenset[int],
    totals: StageTotals,
) -> Ranking:
    """Rank the eligible innovations from their stage totals (tiers, ties, awards)."""
    per_stage = stage_scores_from_totals(totals)
    proposal_scores = per_stage.get(PROPOSAL, {})
    presentation_scores = per_stage.get(PRESENTATION, {})

    scored: list[tuple[tuple, InnovationRow, dict]] = []
    unscored: list[tuple[InnovationRow, dict]] = []
    for inn in innovations:
        if inn.admin_status != ELIGIBLE:
            continue
        is_finalist = inn.id in finalists
        proposal, n_prop = proposal_scores.get(inn.id, (None, 0))
        presentation, n_pres = presentation_scores.get(inn.id, (None, 0))
        if not is_finalist:
            # Presentation scores of a non-finalist cannot exist (a score makes a finalist).
            presentation, n_pres = None, 0
        final = final_score(
            rules, finalist=is_finalist, proposal=proposal, presentation=presentation
        )
        info = {
            "proposal": proposal,
            "presentation": presentation,
            "final": final,
            "finalist": is_finalist,
            "n_prop": n_prop,
            "n_pres": n_pres,
        }
        if final is None:
            unscored.append((inn, info))
            continue
        # Tier 1: finalists whose final score combines both stages.
        tier = 1 if is_finalist and presentation is not None and proposal is not None else 2
        scored.append((_tiebreak_key(final, presentation, proposal), inn, info | {"tier": tier}))

    awards_decided = bool(finalists) and all(i in presentation_scores for i in finalists)
    rows: list[RankedInnovation] = []
    position = 0
    for tier in (1, 2):
        members = sorted(
            (entry for entry in scored if entry[2]["tier"] == tier),
            key=lambda e: (e[0], e[1].code),
        )
        previous_key = None
        current_rank = 0
        key_counts: dict[tuple, int] = defaultdict(int)
        for key, _inn, _info in members:
            key_counts[key] += 1
        for key, inn, info in members:
            position += 1
            if key != previous_key:
                current_rank = position
                previous_key = key
            award = current_rank if tier == 1 and awards_decided and current_rank <= 3 else None
            rows.append(_ranked(inn, info, tier, current_rank, key_counts[key] > 1, award))
    for inn, info in sorted(unscored, key=lambda e: e[0].code):
        rows.append(_ranked(inn, info, 3, None, False, None))

    candidates: list[int] = []
    if not finalists and rules.finalist_count > 0:
        by_proposal = sorted(
            (e for e in scored if e[2]["proposal"] is not None),
            key=lambda e: (-e[2]["proposal"], e[1].code),
        )
        candidates = [e[1].id for e in by_proposal[: rules.finalist_count]]

    return Ranking(
        rows=rows,
        finalist_ids=finalists,
        awards_decided=awards_decided,
        candidate_ids=candidates,
        normalization=rules.normalization,
    )


def _ranked(
    inn: InnovationRow, info: dict, tier: int, rank_: int | None, tie: bool, award: int | None
) -> RankedInnovation:
    return RankedInnovation(
        innovation_id=inn.id,
        code=inn.code,
        title=inn.title,
        unit_code=inn.unit_code,
        proposal_score=info["proposal"],
        presentation_score=info["presentation"],
        final_score=info["final"],
        finalist=info["finalist"],
        tier=tier,
        rank=rank_,
        tie=tie,
        award=award,
        proposal_sheets=info["n_prop"],
        presentation_sheets=info["n_pres"],
    )
