"""Pure figures behind the Peringkat page: what separated neighbours, score spread, severity.

Computed here, below the dashboard: its builders only turn them into tables and figures.
Everything here works on plain scoring output (SheetResult and RankedInnovation lists)
and only on the sheets SCORING.md counts: status "counted" and complete. Juror
figures use the sheet scores as the jurors gave them (before any normalisation).
Arithmetic is exact (integer hundredths and Fractions); each figure is rounded
half-up to two decimals once, at the end, like every score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import TYPE_CHECKING

from data_access.scoring.arithmetic import centi_to_decimal, div_half_up
from data_access.scoring.model import COUNTED, STAGES, RankedInnovation, SheetResult

if TYPE_CHECKING:
    from data_access.page_queries import SeverityGroup

# An outlier sheet lies more than this many points (in hundredths) from its panel's mean.
OUTLIER_POINTS_CENTI = 1000
# What separated two neighbours in the ranking, in the order SCORING.md applies them.
TIER, FINAL, PRESENTATION, PROPOSAL, TIE = "tier", "final", "presentation", "proposal", "tie"
DECIDING_SCORES = (
    (FINAL, "final_score"),
    (PRESENTATION, "presentation_score"),
    (PROPOSAL, "proposal_score"),
)


def _centi_half_up(value: Fraction) -> Decimal:
    """Return a value in hundredths as a two-decimal Decimal, rounded half-up."""
    return centi_to_decimal(div_half_up(value.numerator, value.denominator))


def counted_complete(sheets: Iterable[SheetResult]) -> list[SheetResult]:
    """Return the sheets that count in a stage score: counted and complete."""
    return [s for s in sheets if s.status == COUNTED and s.complete and s.score_centi is not None]


# ---------------------------------------------------------------------------- neighbours


def decider(row: RankedInnovation, other: RankedInnovation) -> str:
    """Return what orders two rows: tier, final, presentation or proposal score, else tie."""
    if row.tier != other.tier:
        return TIER
    if row.tier == 3:
        return TIE  # no scores: ordered by code only, no rank
    for name, attribute in DECIDING_SCORES:
        if getattr(row, attribute) != getattr(other, attribute):
            return name
    return TIE


# ---------------------------------------------------------------------------- spread


@dataclass(frozen=True)
class Outlier:
    """A sheet far from its panel's mean: who, what score, and how far (signed)."""

    juror_id: int
    score: Decimal
    deviation: Decimal


@dataclass(frozen=True)
class StageSpread:
    """The spread of one innovation's counted complete sheet scores in one stage."""

    stage: str
    innovation_id: int
    n: int
    minimum: Decimal
    maximum: Decimal
    mean: Decimal
    sd: Decimal
    outliers: tuple[Outlier, ...]


def _sd(values: Sequence[int]) -> Decimal:
    """Return the population standard deviation of values in hundredths, as points.

    The variance is exact in integers: (n·Σv² − (Σv)²) / n², the same number as
    Σ(v − mean)² / n without a Fraction per value.
    """
    n, total = len(values), sum(values)
    variance = Fraction(n * sum(v * v for v in values) - total * total, n * n)
    with localcontext() as ctx:
        ctx.prec = 40
        root = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
    return _centi_half_up(Fraction(root))


def score_spread(sheets: Iterable[SheetResult]) -> dict[tuple[str, int], StageSpread]:
    """Return {(stage, innovation): spread} with outliers more than 10 points off the mean.

    Only counted complete sheets enter. The sd is the population one (the panel is the
    whole population, as for normalisation). Outlier rule: a sheet is flagged when its
    score differs from the mean of all counted complete sheets of the same innovation
    and stage by strictly more than 10 points; one rule whatever n, as panels are small.
    """
    grouped: dict[tuple[str, int], list[SheetResult]] = defaultdict(list)
    for s in counted_complete(sheets):
        grouped[(s.stage, s.innovation_id)].append(s)
    spreads: dict[tuple[str, int], StageSpread] = {}
    for (stage, innovation_id), group in grouped.items():
        values: list[int] = [s.score_centi for s in group]  # type: ignore[misc]
        n, total = len(values), sum(values)
        mean = Fraction(total, n)
        # |v − mean| > limit  <=>  |n·v − Σ| > n·limit: integers, no Fraction per sheet.
        outliers = tuple(
            Outlier(s.juror_id, centi_to_decimal(v), _centi_half_up(Fraction(n * v - total, n)))
            for s, v in sorted(
                zip(group, values, strict=True), key=lambda sv: (sv[1], sv[0].juror_id)
            )
            if abs(n * v - total) > n * OUTLIER_POINTS_CENTI
        )
        spreads[(stage, innovation_id)] = StageSpread(
            stage=stage,
            innovation_id=innovation_id,
            n=len(values),
            minimum=centi_to_decimal(min(values)),
            maximum=centi_to_decimal(max(values)),
            mean=_centi_half_up(mean),
            sd=_sd(values),
            outliers=outliers,
        )
    return spreads


# ---------------------------------------------------------------------------- severity


@dataclass(frozen=True)
class JurorSeverity:
    """A juror's mean deviation from the panel mean in one stage (negative = stricter)."""

    stage: str
    juror_id: int
    sheets: int
    mean_deviation: Decimal


def juror_severity(sheets: Iterable[SheetResult]) -> list[JurorSeverity]:
    """Return each juror's mean (sheet score − panel mean) per stage, by stage then juror.

    The panel mean is the mean of every counted complete sheet of the same innovation and
    stage, the juror's own included. Innovations with a single such sheet are left out:
    a lone sheet is its own panel and says nothing about severity.
    """
    grouped: dict[tuple[str, int], list[SheetResult]] = defaultdict(list)
    for s in counted_complete(sheets):
        grouped[(s.stage, s.innovation_id)].append(s)
    deviations: dict[tuple[str, int], list[Fraction]] = defaultdict(list)
    for (stage, _innovation), group in grouped.items():
        if len(group) < 2:
            continue
        mean = Fraction(sum(s.score_centi for s in group), len(group))  # type: ignore[misc]
        for s in group:
            deviations[(stage, s.juror_id)].append(s.score_centi - mean)  # type: ignore[operator]
    order = {stage: i for i, stage in enumerate(STAGES)}
    return [
        JurorSeverity(
            stage, juror_id, len(values), _centi_half_up(sum(values, Fraction(0)) / len(values))
        )
        for (stage, juror_id), values in sorted(
            deviations.items(), key=lambda item: (order.get(item[0][0], 99), item[0])
        )
    ]


def severity_from_groups(groups: Iterable[SeverityGroup]) -> list[JurorSeverity]:
    """Return juror_severity's figures from SQL's per-(stage, juror, panel size) sums, exactly.

    Each group holds Σ (score × n − panel sum) over a juror's sheets on panels of n sheets,
    so the juror's differences from the panel means add up to Σ group sum / n.
    """
    totals: dict[tuple[str, int], list] = {}
    for g in groups:
        entry = totals.setdefault((g.stage, g.juror_id), [Fraction(0), 0])
        entry[0] += Fraction(g.deviation_sum, g.panel_size)
        entry[1] += g.sheets
    order = {stage: i for i, stage in enumerate(STAGES)}
    return [
        JurorSeverity(stage, juror_id, count, _centi_half_up(total / count))
        for (stage, juror_id), (total, count) in sorted(
            totals.items(), key=lambda item: (order.get(item[0][0], 99), item[0])
        )
        if count
    ]
