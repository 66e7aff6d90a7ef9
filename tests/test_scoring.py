"""Tests for data_access/scoring/: arithmetic, sheets, assignments, eligibility, stage scores.

Every expected value is derived from SCORING.md by hand (or with Decimal/Fraction right here),
never from the implementation. Ranking order, ties and awards live in test_scoring_ranking.py,
normalisation in test_scoring_normalisation.py, the Hypothesis reference in
test_scoring_property.py.
"""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from data_access import defaults
from data_access.scoring import (
    ABSTAINED,
    COUNTED,
    UNEXPECTED,
    AssignmentRow,
    EditionRules,
    InnovationRow,
    RankedInnovation,
    Ranking,
    SheetRow,
    StageRules,
    div_half_up,
    rank,
)

# SCORING.md, "Stages and criteria (defaults)", copied from the spec text (not from defaults.py).
PROPOSAL_WEIGHTS = {
    "ringkasan": "0",
    "latar_belakang": "10",
    "kebaruan": "15",
    "implementasi": "5",
    "signifikansi": "30",
    "adaptabilitas": "20",
    "sumber_daya": "5",
    "keberlanjutan": "15",
}
PRESENTATION_WEIGHTS = {"substansi": "70", "penyajian": "30"}
WEIGHTS = {"proposal": PROPOSAL_WEIGHTS, "presentation": PRESENTATION_WEIGHTS}


def centi(value: str | Decimal) -> int:
    """Return a two-decimal number as integer hundredths."""
    return int(Decimal(value) * 100)


def stage_rules(code: str, weights: dict[str, str]) -> StageRules:
    """Return StageRules for a stage with the given criteria weights."""
    return StageRules(code, len(weights), sum(centi(w) for w in weights.values()))


def edition(weights: dict[str, dict[str, str]] | None = None, **kwargs) -> EditionRules:
    """Return EditionRules with SCORING.md's default criteria unless told otherwise."""
    weights = weights or WEIGHTS
    stages = {code: stage_rules(code, w) for code, w in weights.items()}
    return EditionRules(stages=stages, **kwargs)


def sheet(stage: str, juror: int, inn: int, scores: dict[str, str], weights=None) -> SheetRow:
    """Return a SheetRow summed as SQL would: Σ(weight_centi × score_centi) and a count."""
    weights = weights or WEIGHTS[stage]
    total = sum(centi(weights[c]) * centi(s) for c, s in scores.items())
    return SheetRow(stage, juror, inn, len(scores), total)


def full(stage: str, juror: int, inn: int, score: str) -> SheetRow:
    """Return a complete sheet that gives every criterion the same score."""
    return sheet(stage, juror, inn, dict.fromkeys(WEIGHTS[stage], score))


def inn(id_: int, status: str = "lolos", code: str | None = None) -> InnovationRow:
    """Return an innovation row; code defaults to I01, I02, ... by id."""
    return InnovationRow(id_, code or f"I{id_:02d}", status)


def rows_by_id(ranking: Ranking) -> dict[int, RankedInnovation]:
    """Return the ranking's rows keyed by innovation id."""
    return {r.innovation_id: r for r in ranking.rows}


def half_up(value: Fraction) -> Decimal:
    """Round an exact non-negative rational half-up to two decimals (independent reference)."""
    hundredths = (value * 100 + Fraction(1, 2)).__floor__()
    return Decimal(hundredths).scaleb(-2)


def D(value: str) -> Decimal:
    """Return a Decimal (short name for literal expectations)."""
    return Decimal(value)


# ---------------------------------------------------------------- defaults (SCORING.md table)


def test_defaults_match_scoring_md():
    """Default criteria, stage weights and finalist count are exactly SCORING.md's table."""
    for stage, expected in WEIGHTS.items():
        got = {code: weight for code, _name, weight in defaults.DEFAULT_CRITERIA[stage]}
        assert got == {code: Decimal(w) for code, w in expected.items()}
    assert defaults.DEFAULT_WEIGHT_PROPOSAL == 40
    assert defaults.DEFAULT_WEIGHT_PRESENTATION == 60
    assert defaults.DEFAULT_FINALIST_COUNT == 6
    rules = EditionRules(stages={})
    assert (rules.weight_proposal_centi, rules.weight_presentation_centi) == (4000, 6000)
    assert rules.finalist_count == 6
    assert rules.normalization is False


# ---------------------------------------------------------------- pure arithmetic

DIV_CASES = [
    (0, 1),
    (1, 2),
    (3, 2),
    (5, 2),
    (7, 2),
    (1, 3),
    (2, 3),
    (4999, 10000),
    (5000, 10000),
    (5001, 10000),
    (14195, 2),  # 7097.5 hundredths (70.975, the worked example's mean) -> 7098
    (14193, 2),  # 7096.5 hundredths (70.965): half-up 7097, banker's would give 7096
    (707500, 10000),
    (10**12 + 5, 10),
    (10**12 + 4, 10),
    (999999, 1000000),
    *itertools.product(range(0, 41), range(1, 13)),
]


@pytest.mark.parametrize(("numerator", "denominator"), DIV_CASES)
def test_div_half_up_matches_decimal_round_half_up(numerator, denominator):
    """div_half_up equals Decimal quantize with ROUND_HALF_UP for every case."""
    expected = (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    assert div_half_up(numerator, denominator) == int(expected)


@pytest.mark.parametrize(
    ("numerator", "denominator", "half_up_result", "bankers_result"),
    [(5, 2, 3, 2), (25, 10, 3, 2), (14193, 2, 7097, 7096), (70965, 1000, 71, 71), (2, 4, 1, 0)],
)
def test_div_half_up_is_not_bankers_rounding(
    numerator, denominator, half_up_result, bankers_result
):
    """Exact halves go up, even where banker's rounding would go down."""
    bankers = (Decimal(numerator) / denominator).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    assert int(bankers) == bankers_result
    assert div_half_up(numerator, denominator) == half_up_result


# ---------------------------------------------------------------- worked example


WORKED_JUROR_1 = {
    "ringkasan": "90",
    "latar_belakang": "80",
    "kebaruan": "70",
    "implementasi": "90",
    "signifikansi": "60",
    "adaptabilitas": "75",
    "sumber_daya": "85",
    "keberlanjutan": "70",
}


def test_worked_example_exactly():
    """SCORING.md's worked example: 70.75, mean 70.975 -> 70.98, final 76.392 -> 76.39."""
    sheets = [
        sheet("proposal", 1, 1, WORKED_JUROR_1),
        full("proposal", 2, 1, "71.20"),
        full("presentation", 1, 1, "80.00"),
    ]
    ranking = rank(edition(), [inn(1)], [], sheets)
    by_sheet = {(s.stage, s.juror_id): s for s in ranking.sheets}
    assert by_sheet[("proposal", 1)].score == D("70.75")
    assert by_sheet[("proposal", 2)].score == D("71.20")
    assert by_sheet[("presentation", 1)].score == D("80.00")
    row = ranking.rows[0]
    assert row.proposal_score == D("70.98")
    assert row.presentation_score == D("80.00")
    assert row.final_score == D("76.39")
    assert (row.finalist, row.tier, row.rank, row.tie, row.award) == (True, 1, 1, False, 1)
    assert str(row.final_score) == "76.39"  # screens show exactly two decimals


# ---------------------------------------------------------------- sheet score (Definition 3)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"substansi": "80.05", "penyajian": "80.00"}, "80.04"),  # 80.035 -> half-up
        ({"substansi": "80.00", "penyajian": "80.05"}, "80.02"),  # 80.015 -> half-up
        ({"substansi": "0.05", "penyajian": "0"}, "0.04"),  # 0.035
        ({"substansi": "70.01", "penyajian": "70.00"}, "70.01"),  # 70.007
        ({"substansi": "70.00", "penyajian": "70.01"}, "70.00"),  # 70.003
        ({"substansi": "99.99", "penyajian": "100"}, "99.99"),  # 99.993
        ({"substansi": "100", "penyajian": "99.99"}, "100.00"),  # 99.997
    ],
)
def test_presentation_sheet_score_rounds_half_up(scores, expected):
    """Presentation sheet = (70×substansi + 30×penyajian)/100, rounded half-up once."""
    exact = sum(Fraction(WEIGHTS["presentation"][c]) * Fraction(s) for c, s in scores.items())
    assert half_up(exact / 100) == D(expected)
    ranking = rank(edition(), [inn(1)], [], [sheet("presentation", 1, 1, scores)])
    assert ranking.sheets[0].score == D(expected)
    assert ranking.rows[0].presentation_score == D(expected)


# Custom weights with decimals: bobot 33.33 and 66.67 make the exact quotient reach 1/10000.
THIRDS = {"proposal": {"a": "33.33", "b": "66.67"}, "presentation": PRESENTATION_WEIGHTS}
HALVES = {"proposal": {"a": "12.5", "b": "37.5", "c": "50"}, "presentation": PRESENTATION_WEIGHTS}


@pytest.mark.parametrize(
    ("weights", "scores", "exact", "expected"),
    [
        (THIRDS, {"a": "20.03", "b": "70.00"}, "53.344999", "53.34"),  # .xx4999 goes down
        (THIRDS, {"a": "86.66", "b": "36.66"}, "53.325", "53.33"),  # banker's would say 53.32
        (THIRDS, {"a": "20.00", "b": "70.00"}, "53.335", "53.34"),
        (HALVES, {"a": "80.01", "b": "80", "c": "80"}, "80.00125", "80.00"),
        (HALVES, {"a": "80.02", "b": "80.01", "c": "80"}, "80.00625", "80.01"),
        (HALVES, {"a": "0.04", "b": "0", "c": "0"}, "0.005", "0.01"),
        (HALVES, {"a": "90", "b": "70", "c": "60"}, "67.5", "67.50"),
    ],
)
def test_sheet_score_with_decimal_criteria_weights(weights, scores, exact, expected):
    """Sheet = Σ(bobot × score)/Σ bobot with decimal bobot, rounded half-up once."""
    w = weights["proposal"]
    exact_value = sum(Fraction(w[c]) * Fraction(s) for c, s in scores.items()) / sum(
        Fraction(x) for x in w.values()
    )
    assert exact_value == Fraction(exact)
    assert half_up(exact_value) == D(expected)
    rows = [sheet("proposal", 1, 1, scores, weights=w)]
    ranking = rank(edition(weights), [inn(1)], [], rows)
    assert ranking.sheets[0].score == D(expected)
    assert ranking.rows[0].proposal_score == D(expected)


@pytest.mark.parametrize(
    ("score", "expected"), [("0", "0.00"), ("100", "100.00"), ("0.01", "0.01")]
)
def test_score_bounds_zero_and_hundred(score, expected):
    """A score of 0 is a real score (not missing), and 100 gives 100.00."""
    ranking = rank(edition(), [inn(1), inn(2)], [], [full("proposal", 1, 1, score)])
    row = rows_by_id(ranking)[1]
    assert row.proposal_score == D(expected)
    assert row.final_score == D(expected)
    assert (row.tier, row.rank) == (2, 1)
    assert rows_by_id(ranking)[2].tier == 3  # no sheet at all: no score


# ---------------------------------------------------------------- completeness (Definition 2)


def test_zero_weight_criterion_is_still_required():
    """A proposal sheet without ringkasan (bobot 0) is partial and gives no score."""
    scores = {c: "80" for c in PROPOSAL_WEIGHTS if c != "ringkasan"}
    ranking = rank(edition(), [inn(1)], [], [sheet("proposal", 1, 1, scores)])
    assert ranking.sheets[0].complete is False
    assert ranking.sheets[0].score is None
    row = ranking.rows[0]
    assert (row.proposal_score, row.final_score, row.tier, row.rank) == (None, None, 3, None)


@pytest.mark.parametrize("missing", list(PROPOSAL_WEIGHTS))
def test_any_missing_proposal_criterion_makes_a_partial_sheet(missing):
    """A sheet missing any one criterion is partial."""
    scores = {c: "75" for c in PROPOSAL_WEIGHTS if c != missing}
    ranking = rank(edition(), [inn(1)], [], [sheet("proposal", 1, 1, scores)])
    assert ranking.sheets[0].complete is False
    assert ranking.rows[0].proposal_score is None


def test_partial_sheets_are_never_counted():
    """Only complete sheets enter the stage mean; a partial high sheet changes nothing."""
    partial = sheet("proposal", 2, 1, {"signifikansi": "100", "kebaruan": "100"})
    partial_presentation = sheet("presentation", 3, 1, {"substansi": "100"})
    rows = [
        full("proposal", 1, 1, "60"),
        partial,
        full("presentation", 1, 1, "50"),
        partial_presentation,
    ]
    row = rank(edition(), [inn(1)], [], rows).rows[0]
    assert row.proposal_score == D("60.00")
    assert row.presentation_score == D("50.00")
    assert (row.proposal_sheets, row.presentation_sheets) == (1, 1)
    assert row.final_score == D("54.00")  # (40×60 + 60×50)/100


def test_only_partial_sheets_means_missing_not_zero():
    """With no complete sheet the stage score is missing (None), not zero."""
    rows = [sheet("proposal", j, 1, {"kebaruan": "90"}) for j in (1, 2, 3)]
    row = rank(edition(), [inn(1)], [], rows).rows[0]
    assert row.proposal_score is None
    assert row.final_score is None
    assert (row.tier, row.rank) == (3, None)


# ---------------------------------------------------------------- stage mean (Definition 7)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (["70.75", "71.20"], "70.98"),  # 70.975: exactly on .xx5
        (["70.95", "70.98"], "70.97"),  # 70.965: half-up, banker's would give 70.96
        (["0.00", "0.01"], "0.01"),  # 0.005
        (["80.00", "80.01", "80.01"], "80.01"),  # 80.00666...
        (["80.00", "80.00", "80.01"], "80.00"),  # 80.00333...
        (["10.00"] * 5 + ["10.01"] * 4, "10.00"),  # 10.00444...: just below the half
        (["10.00"] * 4 + ["10.01"] * 5, "10.01"),  # 10.00555...
        (["10.00"] * 8 + ["10.04"], "10.00"),  # 10.004444...
        (["50.00", "50.00", "50.00", "50.02"], "50.01"),  # 50.005
        (["0", "100"], "50.00"),
    ],
)
def test_stage_score_is_plain_mean_rounded_half_up(scores, expected):
    """Stage score = plain mean of complete sheet scores, rounded half-up once."""
    exact = sum(Fraction(s) for s in scores) / len(scores)
    assert half_up(exact) == D(expected)
    rows = [full("proposal", j, 1, s) for j, s in enumerate(scores, start=1)]
    row = rank(edition(), [inn(1)], [], rows).rows[0]
    assert row.proposal_score == D(expected)
    assert row.proposal_sheets == len(scores)


def test_stage_mean_uses_rounded_sheet_scores():
    """The mean is over rounded sheet scores: 80.007 -> 80.01 and 80.00 give 80.005 -> 80.01."""
    rows = [
        sheet("presentation", 1, 1, {"substansi": "80.01", "penyajian": "80.00"}),  # 80.007
        full("presentation", 2, 1, "80.00"),
        full("proposal", 1, 1, "50"),
    ]
    ranking = rank(edition(), [inn(1)], [], rows)
    assert sorted(s.score for s in ranking.sheets if s.stage == "presentation") == [
        D("80.00"),
        D("80.01"),
    ]
    # From the unrounded 80.007 the mean would be 80.0035 -> 80.00.
    assert ranking.rows[0].presentation_score == D("80.01")


# ---------------------------------------------------------------- assignments (Definition 5)


def test_no_assignments_every_juror_counts():
    """With no assignments for a stage every juror's complete sheet counts."""
    rows = [full("proposal", j, 1, s) for j, s in ((1, "60"), (2, "70"), (3, "80"), (9, "90"))]
    ranking = rank(edition(), [inn(1)], [], rows)
    assert ranking.rows[0].proposal_score == D("75.00")
    assert all(s.status == COUNTED for s in ranking.sheets)
    assert ranking.unexpected_sheets == []


def test_unassigned_juror_sheet_is_ignored_and_reported_unexpected():
    """With explicit assignments, a sheet from a juror not assigned that innovation is ignored."""
    assignments = [AssignmentRow("proposal", 1, 1), AssignmentRow("proposal", 2, 2)]
    rows = [
        full("proposal", 1, 1, "60"),
        full("proposal", 2, 1, "100"),
        full("proposal", 2, 2, "70"),
    ]
    ranking = rank(edition(), [inn(1), inn(2)], assignments, rows)
    assert rows_by_id(ranking)[1].proposal_score == D("60.00")
    assert rows_by_id(ranking)[1].proposal_sheets == 1
    assert rows_by_id(ranking)[2].proposal_score == D("70.00")
    unexpected = ranking.unexpected_sheets
    assert [(s.juror_id, s.innovation_id) for s in unexpected] == [(2, 1)]
    assert unexpected[0].status == UNEXPECTED


def test_abstained_assignment_and_its_sheet_are_ignored():
    """An abstaining juror's sheet for that innovation counts nowhere (and is not 'unexpected')."""
    assignments = [
        AssignmentRow("proposal", 1, 1),
        AssignmentRow("proposal", 2, 1, abstain=True),
        AssignmentRow("proposal", 2, 2),
    ]
    rows = [
        full("proposal", 1, 1, "60"),
        full("proposal", 2, 1, "100"),
        full("proposal", 2, 2, "70"),
    ]
    ranking = rank(edition(), [inn(1), inn(2)], assignments, rows)
    assert rows_by_id(ranking)[1].proposal_score == D("60.00")
    assert rows_by_id(ranking)[1].proposal_sheets == 1
    statuses = {(s.juror_id, s.innovation_id): s.status for s in ranking.sheets}
    assert statuses == {(1, 1): COUNTED, (2, 1): ABSTAINED, (2, 2): COUNTED}
    assert ranking.unexpected_sheets == []


def test_abstaining_only_juror_leaves_the_stage_score_missing():
    """If the only sheet comes from an abstaining juror, the stage score is missing."""
    assignments = [AssignmentRow("proposal", 1, 1, abstain=True)]
    ranking = rank(edition(), [inn(1)], assignments, [full("proposal", 1, 1, "90")])
    row = ranking.rows[0]
    assert (row.proposal_score, row.final_score, row.tier, row.rank) == (None, None, 3, None)


def test_a_stage_whose_rows_all_abstain_still_lists_assignments():
    """SCORING.md 5 and 6 as written: an abstaining row is an assignment row. A stage with
    only abstaining rows lists assignments (other sheets are unexpected), and an abstaining
    presentation row makes its innovation a finalist."""
    assignments = [
        AssignmentRow("proposal", 1, 1, abstain=True),
        AssignmentRow("presentation", 1, 2, abstain=True),
    ]
    rows = [full("proposal", 1, 1, "90"), full("proposal", 2, 1, "70")]
    ranking = rank(edition(), [inn(1), inn(2)], assignments, rows)
    statuses = {(s.juror_id, s.innovation_id): s.status for s in ranking.sheets}
    assert statuses == {(1, 1): ABSTAINED, (2, 1): UNEXPECTED}
    assert rows_by_id(ranking)[1].proposal_score is None
    assert ranking.finalist_ids == frozenset({2})


def test_a_confirmed_conflict_abstains_only_where_no_assignments_are_listed():
    """The committee's confirmation (AssignmentRow.declared) is the abstention in a stage
    without assignments; it lists nothing and picks no finalist; where the stage lists
    assignments it changes nothing (the confirmation marked the rows there)."""
    declared = [
        AssignmentRow("proposal", 1, 1, True, declared=True),
        AssignmentRow("presentation", 1, 2, True, declared=True),
    ]
    rows = [full("proposal", 1, 1, "90"), full("proposal", 2, 1, "70")]
    ranking = rank(edition(), [inn(1), inn(2)], declared, rows)
    statuses = {(s.juror_id, s.innovation_id): s.status for s in ranking.sheets}
    assert statuses == {(1, 1): ABSTAINED, (2, 1): COUNTED}
    assert rows_by_id(ranking)[1].proposal_score == D("70.00")
    assert ranking.finalist_ids == frozenset()
    listed = [*declared, AssignmentRow("proposal", 2, 1), AssignmentRow("proposal", 1, 1)]
    statuses = {
        (s.juror_id, s.innovation_id): s.status
        for s in rank(edition(), [inn(1), inn(2)], listed, rows).sheets
    }
    assert statuses == {(1, 1): COUNTED, (2, 1): COUNTED}


def test_presentation_abstention_is_ignored():
    """An abstaining juror's presentation sheet does not enter the presentation score."""
    assignments = [
        AssignmentRow("presentation", 1, 1),
        AssignmentRow("presentation", 2, 1, abstain=True),
    ]
    rows = [
        full("proposal", 1, 1, "70"),
        full("presentation", 1, 1, "80"),
        full("presentation", 2, 1, "0"),
    ]
    row = rank(edition(), [inn(1)], assignments, rows).rows[0]
    assert row.presentation_score == D("80.00")
    assert row.final_score == D("76.00")


def test_assignments_are_per_stage():
    """Presentation assignments do not make the proposal stage explicit (and vice versa)."""
    assignments = [AssignmentRow("presentation", 1, 1)]
    rows = [
        full("proposal", 7, 1, "60"),
        full("proposal", 8, 1, "80"),
        full("presentation", 1, 1, "90"),
        full("presentation", 2, 1, "10"),  # unassigned in an explicit stage
    ]
    ranking = rank(edition(), [inn(1)], assignments, rows)
    row = ranking.rows[0]
    assert row.proposal_score == D("70.00")
    assert row.presentation_score == D("90.00")
    assert [(s.stage, s.juror_id) for s in ranking.unexpected_sheets] == [("presentation", 2)]


# ---------------------------------------------------------------- eligibility (Definition 4)


@pytest.mark.parametrize("status", ["tidak_lolos", "menunggu"])
def test_ineligible_innovations_are_never_ranked_and_count_nowhere(status):
    """tidak_lolos / menunggu: not ranked, not finalist, not candidate, sheets counted nowhere."""
    innovations = [inn(1), inn(2, status)]
    assignments = [AssignmentRow("presentation", 1, 2)]
    rows = [
        full("proposal", 1, 1, "50"),
        full("proposal", 1, 2, "99"),
        full("presentation", 1, 2, "99"),
    ]
    ranking = rank(edition(), innovations, assignments, rows)
    assert [r.innovation_id for r in ranking.rows] == [1]
    assert ranking.finalist_ids == frozenset()
    assert ranking.candidate_ids == [1]
    assert all(s.status != COUNTED for s in ranking.sheets if s.innovation_id == 2)
    assert ranking.rows[0].proposal_score == D("50.00")


def test_ineligible_innovation_without_sheets_is_absent_even_from_tier_3():
    """Ineligible innovations do not appear even in the unscored tier."""
    innovations = [inn(1, "menunggu"), inn(2, "tidak_lolos"), inn(3)]
    ranking = rank(edition(), innovations, [], [])
    assert [(r.innovation_id, r.tier, r.rank) for r in ranking.rows] == [(3, 3, None)]


# ---------------------------------------------------------------- finalists and candidates (6)


def test_finalist_by_presentation_assignment_or_score():
    """Finalists: eligible innovations with a presentation assignment or a presentation score."""
    innovations = [inn(1), inn(2), inn(3), inn(4)]
    assignments = [AssignmentRow("presentation", 1, 1)]
    rows = [full("proposal", 1, i, "70") for i in (1, 2, 3, 4)]
    rows.append(full("presentation", 1, 1, "80"))
    rows.append(sheet("presentation", 5, 2, {"substansi": "80"}))  # a partial score, unassigned
    ranking = rank(edition(), innovations, assignments, rows)
    assert ranking.finalist_ids == frozenset({1, 2})
    flags = {r.innovation_id: r.finalist for r in ranking.rows}
    assert flags == {1: True, 2: True, 3: False, 4: False}
    assert ranking.candidate_ids == []


def test_finalist_by_score_without_any_assignment():
    """With no presentation assignments, a presentation score alone makes a finalist."""
    rows = [
        full("proposal", 1, 1, "70"),
        full("proposal", 1, 2, "90"),
        full("presentation", 3, 1, "80"),
    ]
    ranking = rank(edition(), [inn(1), inn(2)], [], rows)
    assert ranking.finalist_ids == frozenset({1})


def test_no_finalists_gives_candidates_never_finalists():
    """No presentation assignment or score: no finalists; top N by proposal are candidates."""
    scores = {1: "60", 2: "90", 3: "75", 4: "80", 5: "50"}
    rows = [full("proposal", 1, i, s) for i, s in scores.items()]
    ranking = rank(edition(finalist_count=3), [inn(i) for i in scores] + [inn(6)], [], rows)
    assert ranking.finalist_ids == frozenset()
    assert ranking.candidate_ids == [2, 4, 3]
    assert not any(r.finalist for r in ranking.rows)
    assert ranking.awards_decided is False
    assert ranking.awards == []
    assert all(r.tier != 1 for r in ranking.rows)


def test_candidates_use_default_finalist_count_of_six():
    """The default finalist count is 6, so at most six candidates are shown."""
    rows = [full("proposal", 1, i, f"{50 + i}") for i in range(1, 10)]
    ranking = rank(edition(), [inn(i) for i in range(1, 10)], [], rows)
    assert ranking.candidate_ids == [9, 8, 7, 6, 5, 4]


def test_candidates_are_fewer_when_fewer_have_a_proposal_score():
    """Candidates come only from innovations with a proposal score."""
    rows = [full("proposal", 1, 1, "70"), sheet("proposal", 1, 2, {"kebaruan": "99"})]
    ranking = rank(edition(), [inn(1), inn(2), inn(3)], [], rows)
    assert ranking.candidate_ids == [1]


# ---------------------------------------------------------------- final score (Definition 8)


@pytest.mark.parametrize(
    ("wp", "wq", "proposal", "presentation", "expected"),
    [
        (4000, 6000, "70.98", "80.00", "76.39"),  # 76.392
        (4000, 6000, "70.00", "80.01", "76.01"),  # 76.006
        (4000, 6000, "70.01", "80.00", "76.00"),  # 76.004
        (5000, 5000, "70.00", "80.01", "75.01"),  # 75.005: half-up
        (5000, 5000, "70.00", "80.03", "75.02"),  # 75.015
        (3000, 7000, "70.00", "80.00", "77.00"),
        (3000, 7000, "70.01", "80.00", "77.00"),  # 77.003
        (3000, 7000, "70.05", "80.00", "77.02"),  # 77.015
        (3333, 6667, "20.03", "70.00", "53.34"),  # 53.344999 -> down
        (1250, 8750, "0.04", "0", "0.01"),  # 0.005
    ],
)
def test_final_score_for_finalist_with_both_scores(wp, wq, proposal, presentation, expected):
    """Final = (wp × proposal + wq × presentation)/(wp + wq), rounded half-up once."""
    exact = (wp * Fraction(proposal) + wq * Fraction(presentation)) / (wp + wq)
    assert half_up(exact) == D(expected)
    rules = edition(weight_proposal_centi=wp, weight_presentation_centi=wq)
    rows = [full("proposal", 1, 1, proposal), full("presentation", 1, 1, presentation)]
    row = rank(rules, [inn(1)], [], rows).rows[0]
    assert (row.proposal_score, row.presentation_score) == (D(proposal), D(presentation))
    assert row.final_score == D(expected)
    assert row.tier == 1


def test_final_score_uses_rounded_stage_scores():
    """The final is computed from the rounded stage scores, as in the worked example."""
    rows = [
        full("proposal", 1, 1, "0.01"),
        full("proposal", 2, 1, "0"),
        full("presentation", 1, 1, "0"),
    ]
    rules = edition(weight_proposal_centi=9000, weight_presentation_centi=1000)
    row = rank(rules, [inn(1)], [], rows).rows[0]
    # Proposal mean 0.005 -> 0.01; final 0.9 × 0.01 = 0.009 -> 0.01
    # (from the unrounded 0.005 it would be 0.0045 -> 0.00).
    assert row.proposal_score == D("0.01")
    assert row.final_score == D("0.01")


def test_finalist_without_presentation_score_keeps_proposal_as_final_in_tier_2():
    """A finalist still waiting for a presentation score: final = proposal, tier 2."""
    assignments = [AssignmentRow("presentation", 1, 1)]
    rows = [full("proposal", 1, 1, "88.88"), sheet("presentation", 1, 1, {"substansi": "90"})]
    row = rank(edition(), [inn(1)], assignments, rows).rows[0]
    assert row.finalist is True
    assert row.presentation_score is None
    assert row.final_score == D("88.88")
    assert (row.tier, row.rank) == (2, 1)


def test_non_finalist_final_is_its_proposal_score():
    """A non-finalist's final score is its proposal score."""
    rows = [
        full("proposal", 1, 1, "64.37"),
        full("proposal", 1, 2, "70"),
        full("presentation", 1, 2, "70"),
    ]
    row = rows_by_id(rank(edition(), [inn(1), inn(2)], [], rows))[1]
    assert row.finalist is False
    assert row.final_score == D("64.37")
    assert row.tier == 2


def test_finalist_with_presentation_but_no_proposal_has_no_final():
    """Without a proposal score the final is missing even with a presentation score."""
    rows = [full("presentation", 1, 1, "95")]
    row = rank(edition(), [inn(1)], [], rows).rows[0]
    assert row.finalist is True
    assert row.presentation_score == D("95.00")
    assert (row.final_score, row.tier, row.rank, row.award) == (None, 3, None, None)
