"""Tests for data_access/scoring/sheets.py's optional judge normalisation (SCORING.md).

Each sheet score x becomes 50 + 10 × (x − mean_juror) / sd_juror over the juror's complete,
counted sheets in that stage; a juror with fewer than 3 such sheets or sd 0 keeps raw scores.
SCORING.md does not say which standard deviation: the implementation uses the POPULATION
standard deviation (divide by n, not n − 1), and these tests pin that choice.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest

from data_access.scoring import (
    AssignmentRow,
    EditionRules,
    InnovationRow,
    SheetRow,
    StageRules,
    rank,
)

STAGES = {
    "proposal": StageRules("proposal", 8, 10000),
    "presentation": StageRules("presentation", 2, 10000),
}
COUNTS = {"proposal": 8, "presentation": 2}
OFF = EditionRules(stages=STAGES)
ON = EditionRules(stages=STAGES, normalization=True)


def full(stage: str, juror: int, inn: int, score: str) -> SheetRow:
    """Return a complete sheet whose score is `score` (Σ weight_centi = 10000 in both stages)."""
    return SheetRow(stage, juror, inn, COUNTS[stage], 10000 * int(Decimal(score) * 100))


def partial(stage: str, juror: int, inn: int) -> SheetRow:
    """Return a partial sheet (one criterion scored 100)."""
    return SheetRow(stage, juror, inn, 1, 3000 * 10000)


def inns(*ids: int, status: str = "lolos") -> list[InnovationRow]:
    """Return eligible innovation rows for the given ids."""
    return [InnovationRow(i, f"I{i:02d}", status) for i in ids]


def proposal_scores(ranking) -> dict[int, Decimal | None]:
    """Return {innovation id: proposal score}."""
    return {r.innovation_id: r.proposal_score for r in ranking.rows}


def reference_normalised(values: list[str]) -> list[Decimal]:
    """Return 50 + 10 z with population sd, rounded half-up, computed exactly where possible."""
    xs = [Fraction(v) for v in values]
    mean = sum(xs) / len(xs)
    var = sum((x - mean) ** 2 for x in xs) / len(xs)
    num, den = var.numerator, var.denominator
    if math.isqrt(num) ** 2 == num and math.isqrt(den) ** 2 == den:
        sd = Fraction(math.isqrt(num), math.isqrt(den))
        exact = [50 + 10 * (x - mean) / sd for x in xs]
        return [Decimal(math.floor(v * 100 + Fraction(1, 2))).scaleb(-2) for v in exact]
    # sd irrational: the value can never sit exactly on a rounding boundary, so 80 digits do.
    with localcontext() as ctx:
        ctx.prec = 80
        sd = Decimal(num).sqrt() / Decimal(den).sqrt()
        out = []
        for x in xs:
            z = Decimal((x - mean).numerator) / Decimal((x - mean).denominator) / sd
            out.append((50 + 10 * z).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return out


def test_normalisation_is_off_by_default():
    """By default raw sheet scores are used and the ranking says normalisation is off."""
    sheets = [full("proposal", 1, i, s) for i, s in ((1, "60"), (2, "70"), (3, "80"))]
    ranking = rank(OFF, inns(1, 2, 3), [], sheets)
    assert ranking.normalization is False
    assert proposal_scores(ranking) == {
        1: Decimal("60.00"),
        2: Decimal("70.00"),
        3: Decimal("80.00"),
    }
    assert all(s.normalized is None for s in ranking.sheets)


def test_normalisation_uses_population_standard_deviation():
    """60, 70, 80: population sd √(200/3) gives 37.75, 50.00, 62.25 (sample sd would give 40/60)."""
    sheets = [full("proposal", 1, i, s) for i, s in ((1, "60"), (2, "70"), (3, "80"))]
    ranking = rank(ON, inns(1, 2, 3), [], sheets)
    assert ranking.normalization is True
    # 10 × 10 / 8.16496580927726 = 12.2474487 -> 50 ∓ 12.2474487
    assert proposal_scores(ranking) == {
        1: Decimal("37.75"),
        2: Decimal("50.00"),
        3: Decimal("62.25"),
    }
    assert [s.score for s in ranking.sheets] == [
        Decimal("60.00"),
        Decimal("70.00"),
        Decimal("80.00"),
    ]


@pytest.mark.parametrize(
    "values",
    [
        ["40", "40", "60", "60"],  # z = ±1 exactly: 40.00 and 60.00
        ["50", "60", "70", "80", "90"],
        ["70.75", "71.20", "0", "100"],
        ["33.33", "66.67", "50.00"],
        ["12.34", "56.78", "90.12", "34.56", "78.90", "1.23"],
    ],
)
def test_normalised_values_match_reference(values):
    """Normalised sheet scores equal the independent population-sd reference."""
    sheets = [full("proposal", 1, i, v) for i, v in enumerate(values, start=1)]
    ranking = rank(ON, inns(*range(1, len(values) + 1)), [], sheets)
    expected = reference_normalised(values)
    assert [proposal_scores(ranking)[i] for i in range(1, len(values) + 1)] == expected


def test_juror_with_fewer_than_three_sheets_keeps_raw_scores():
    """Two complete sheets are not enough: raw scores are kept."""
    sheets = [full("proposal", 1, 1, "60"), full("proposal", 1, 2, "80")]
    ranking = rank(ON, inns(1, 2), [], sheets)
    assert proposal_scores(ranking) == {1: Decimal("60.00"), 2: Decimal("80.00")}
    assert all(s.normalized is None for s in ranking.sheets)


def test_juror_with_zero_sd_keeps_raw_scores():
    """A juror who gave everyone the same score keeps raw scores (sd 0)."""
    sheets = [full("proposal", 1, i, "73.21") for i in (1, 2, 3, 4)]
    ranking = rank(ON, inns(1, 2, 3, 4), [], sheets)
    assert set(proposal_scores(ranking).values()) == {Decimal("73.21")}


def test_only_complete_counted_sheets_enter_the_juror_statistics():
    """Partial, abstained, unexpected and ineligible sheets do not make up the 3 sheets."""
    innovations = inns(1, 2, 3, 4, 5) + inns(9, status="tidak_lolos")
    assignments = [
        AssignmentRow("proposal", 1, 1),
        AssignmentRow("proposal", 1, 2),
        AssignmentRow("proposal", 1, 3),
        AssignmentRow("proposal", 1, 4, abstain=True),
        AssignmentRow("proposal", 1, 9),
    ]
    sheets = [
        full("proposal", 1, 1, "60"),
        full("proposal", 1, 2, "80"),
        partial("proposal", 1, 3),
        full("proposal", 1, 4, "10"),  # abstained
        full("proposal", 1, 5, "20"),  # unexpected (not assigned)
        full("proposal", 1, 9, "30"),  # ineligible innovation
    ]
    ranking = rank(ON, innovations, assignments, sheets)
    assert proposal_scores(ranking) == {
        1: Decimal("60.00"),
        2: Decimal("80.00"),
        3: None,
        4: None,
        5: None,
    }


def test_normalisation_is_per_juror_and_per_stage():
    """Each juror and stage has its own statistics; mixed raw and normalised values are averaged."""
    sheets = [
        # juror 1, proposal: 3 sheets -> normalised 37.75, 50.00, 62.25
        full("proposal", 1, 1, "60"),
        full("proposal", 1, 2, "70"),
        full("proposal", 1, 3, "80"),
        # juror 2, proposal: 1 sheet -> raw
        full("proposal", 2, 1, "90"),
        # juror 1, presentation: 2 sheets -> raw
        full("presentation", 1, 1, "85"),
        full("presentation", 1, 2, "65"),
    ]
    ranking = rank(ON, inns(1, 2, 3), [], sheets)
    rows = {r.innovation_id: r for r in ranking.rows}
    assert rows[1].proposal_score == Decimal("63.88")  # (37.75 + 90) / 2 = 63.875 -> half-up
    assert rows[2].proposal_score == Decimal("50.00")
    assert rows[3].proposal_score == Decimal("62.25")
    assert rows[1].presentation_score == Decimal("85.00")
    assert rows[2].presentation_score == Decimal("65.00")
    assert rows[1].final_score == Decimal("76.55")  # 0.4×63.88 + 0.6×85 = 76.552
    assert rows[2].final_score == Decimal("59.00")  # 0.4×50 + 0.6×65


# A juror with 13 complete sheets whose population sd is rational (2000/13 hundredths), so that
# 50 + 10 z lands exactly on a .xx5 boundary while the juror's mean (S/13) has no finite
# decimal expansion. Exact arithmetic: z = e/2000 with e = 13x − S odd, so 50 + 10 z ends in 5.
THIRTEEN = [
    "48.12", "50.59", "48.57", "50.70", "51.49", "50.61", "48.99",
    "51.05", "48.01", "48.60", "48.56", "52.60", "52.21",
]  # fmt: skip


def test_normalised_value_exactly_on_half_rounds_up():
    """13 sheets whose exact normalised values end in 5 at the third decimal round half-up."""
    xs = [Fraction(v) for v in THIRTEEN]
    mean = sum(xs) / 13
    sd_squared = sum((x - mean) ** 2 for x in xs) / 13
    assert sd_squared == Fraction(20, 13) ** 2  # sd = 20/13 exactly
    exact = [50 + 10 * (x - mean) / Fraction(20, 13) for x in xs]
    assert exact[1] == Fraction("53.785")  # 50.59 -> exactly 53.785 -> 53.79 half-up
    expected = [Decimal(math.floor(v * 100 + Fraction(1, 2))).scaleb(-2) for v in exact]
    assert expected[1] == Decimal("53.79")
    sheets = [full("proposal", 1, i, v) for i, v in enumerate(THIRTEEN, start=1)]
    ranking = rank(ON, inns(*range(1, 14)), [], sheets)
    got = [proposal_scores(ranking)[i] for i in range(1, 14)]
    assert got == expected


def test_normalised_value_below_zero_does_not_crash():
    """27 sheets, one outlier: z = −√26 gives 50 − 50.99 = −0.99; SCORING.md does not clamp."""
    values = ["20.00"] + ["80.00"] * 26
    expected = reference_normalised(values)
    assert expected[0] == Decimal("-0.99")  # 50 − 10 × √26 = −0.990195...
    assert expected[1] == Decimal("51.96")  # 50 + 10 / √26 = 51.961161...
    sheets = [full("proposal", 1, i, v) for i, v in enumerate(values, start=1)]
    ranking = rank(ON, inns(*range(1, 28)), [], sheets)
    scores = proposal_scores(ranking)
    assert scores[1] == Decimal("-0.99")
    assert all(scores[i] == Decimal("51.96") for i in range(2, 28))
    assert ranking.rows[-1].innovation_id == 1
