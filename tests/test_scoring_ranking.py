"""Tests for data_access/scoring/ranking.py: tiers, tie-breaks, shared ranks and Juara awards.

Expected orders are written by hand from SCORING.md, "Rounding and order".
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from data_access.scoring import (
    AssignmentRow,
    EditionRules,
    InnovationRow,
    Ranking,
    SheetRow,
    StageRules,
    final_score,
    rank,
    rank_from_totals,
)
from data_access.scoring.ranking import _tiebreak_key

RULES = EditionRules(
    stages={
        "proposal": StageRules("proposal", 8, 10000),
        "presentation": StageRules("presentation", 2, 10000),
    }
)
COUNTS = {"proposal": 8, "presentation": 2}


def full(stage: str, juror: int, inn: int, score: str) -> SheetRow:
    """Return a complete sheet whose score is `score` (every criterion scored `score`)."""
    # Σ weight_centi × score_centi with Σ weight_centi = 10000 for both default stages.
    return SheetRow(stage, juror, inn, COUNTS[stage], 10000 * int(Decimal(score) * 100))


def build(
    entries: dict[int, tuple[str | None, str | None]],
    *,
    waiting: tuple[int, ...] = (),
    rules: EditionRules = RULES,
    codes: dict[int, str] | None = None,
) -> Ranking:
    """Rank innovations given {id: (proposal, presentation)}; `waiting` are finalists sans score."""
    innovations = [InnovationRow(i, (codes or {}).get(i, f"I{i:02d}"), "lolos") for i in entries]
    sheets, assignments = [], []
    for i, (proposal, presentation) in entries.items():
        if proposal is not None:
            sheets.append(full("proposal", 1, i, proposal))
        if presentation is not None:
            sheets.append(full("presentation", 1, i, presentation))
            assignments.append(AssignmentRow("presentation", 1, i))
    assignments += [AssignmentRow("presentation", 1, i) for i in waiting]
    return rank(rules, innovations, assignments, sheets)


def table(ranking: Ranking) -> list[tuple]:
    """Return (id, tier, rank, tie, award) per row, in ranking order."""
    return [(r.innovation_id, r.tier, r.rank, r.tie, r.award) for r in ranking.rows]


def D(value: str) -> Decimal:
    """Return a Decimal (short name for literal expectations)."""
    return Decimal(value)


# ---------------------------------------------------------------- tiers


def test_three_tiers_in_order_and_ranks_run_on_across_tiers_1_and_2():
    """Tier 1 finalists with both scores, tier 2 other scored, tier 3 unscored by code."""
    ranking = build(
        {
            1: ("60", "60"),  # tier 1: final 60.00
            2: ("90", "90"),  # tier 1: final 90.00
            3: ("99", None),  # tier 2 (non-finalist), although its final is the highest
            4: ("95", None),  # tier 2 (finalist waiting)
            5: (None, None),  # tier 3
            6: (None, "80"),  # tier 3: finalist with presentation but no proposal
            7: (None, None),  # tier 3
        },
        waiting=(4,),
        codes={5: "Z-LAST", 6: "A-FIRST", 7: "M-MID"},
    )
    assert table(ranking) == [
        (2, 1, 1, False, None),
        (1, 1, 2, False, None),
        (3, 2, 3, False, None),
        (4, 2, 4, False, None),
        (6, 3, None, False, None),
        (7, 3, None, False, None),
        (5, 3, None, False, None),
    ]
    assert ranking.awards_decided is False  # finalist 4 still waits for a presentation score


def test_tier_2_mixes_non_finalists_and_waiting_finalists_by_final_score():
    """Tier 2 orders non-finalists and waiting finalists together by final (= proposal)."""
    ranking = build(
        {1: ("80", "80"), 2: ("70", None), 3: ("75", None), 4: ("72", None)}, waiting=(3,)
    )
    assert [(r.innovation_id, r.tier, r.rank, r.finalist) for r in ranking.rows] == [
        (1, 1, 1, True),
        (3, 2, 2, True),
        (4, 2, 3, False),
        (2, 2, 4, False),
    ]


def test_tier_3_is_ordered_by_code_and_has_no_rank():
    """Unscored innovations are listed by code with no rank, tie or award."""
    codes = {1: "KDS-09", 2: "KDS-01", 3: "KDS-05"}
    ranking = build({1: (None, None), 2: (None, None), 3: (None, None)}, codes=codes)
    assert [(r.code, r.tier, r.rank, r.tie, r.award) for r in ranking.rows] == [
        ("KDS-01", 3, None, False, None),
        ("KDS-05", 3, None, False, None),
        ("KDS-09", 3, None, False, None),
    ]


def test_tier_2_rank_starts_after_all_tier_1_rows_even_with_lower_final():
    """A tier-2 innovation ranks after tier 1 whatever its final score."""
    ranking = build({1: ("10", "10"), 2: ("100", None)})
    assert table(ranking) == [(1, 1, 1, False, 1), (2, 2, 2, False, None)]


# ---------------------------------------------------------------- ties


def test_shared_ranks_one_two_two_four_with_seri_flag():
    """Equal innovations share a rank, are marked seri, and the next rank skips."""
    ranking = build({1: ("90", "90"), 2: ("80", "80"), 3: ("80", "80"), 4: ("70", "70")})
    assert [(r.rank, r.tie) for r in ranking.rows] == [(1, False), (2, True), (2, True), (4, False)]
    assert {r.innovation_id for r in ranking.rows if r.rank == 2} == {2, 3}


def test_ties_in_tier_2_share_ranks_and_skip():
    """Ties in tier 2 share the rank too, and the run-on rank skips after them."""
    ranking = build({1: ("90", "90"), 2: ("50", None), 3: ("50", None), 4: ("40", None)})
    assert [(r.tier, r.rank, r.tie) for r in ranking.rows] == [
        (1, 1, False),
        (2, 2, True),
        (2, 2, True),
        (2, 4, False),
    ]


def test_final_tie_broken_by_presentation_score():
    """Same final: the higher presentation score ranks first, no seri."""
    # 0.4×70 + 0.6×80 = 76.00 and 0.4×73 + 0.6×78 = 76.00
    ranking = build({1: ("73", "78"), 2: ("70", "80")})
    assert [r.final_score for r in ranking.rows] == [D("76.00"), D("76.00")]
    assert table(ranking) == [(2, 1, 1, False, 1), (1, 1, 2, False, 2)]


def test_final_and_presentation_tie_broken_by_proposal_score():
    """Same final and presentation: the higher proposal ranks first, no seri."""
    # 0.4×70.00 + 48 = 76.000 and 0.4×70.01 + 48 = 76.004 -> both 76.00
    ranking = build({1: ("70.00", "80"), 2: ("70.01", "80")})
    assert [r.final_score for r in ranking.rows] == [D("76.00"), D("76.00")]
    assert table(ranking) == [(2, 1, 1, False, 1), (1, 1, 2, False, 2)]


def test_tie_break_compares_rounded_scores():
    """Ties are decided on the rounded values: 76.004 and 76.000 are equal finals."""
    ranking = build({1: ("70.00", "80.00"), 2: ("70.00", "80.00"), 3: ("70.01", "79.99")})
    # 3: 0.4×70.01 + 0.6×79.99 = 28.004 + 47.994 = 75.998 -> 76.00, lower presentation
    assert [r.final_score for r in ranking.rows] == [D("76.00")] * 3
    assert table(ranking) == [
        (1, 1, 1, True, 1),
        (2, 1, 1, True, 1),
        (3, 1, 3, False, 3),
    ]


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ((D("70"), D("1"), D("1")), (D("70"), None, D("99"))),  # missing presentation loses
        ((D("70"), D("0"), D("1")), (D("70"), None, D("1"))),  # even to a presentation of 0
        ((D("70"), None, D("0")), (D("70"), None, None)),  # missing proposal loses to 0
        ((D("70"), D("5"), D("0")), (D("70"), D("5"), None)),
        ((D("70.01"), None, None), (D("70"), D("100"), D("100"))),  # final decides first
    ],
)
def test_missing_value_loses_to_any_value_in_tie_break(better, worse):
    """Tie-break order: final, presentation, proposal; a missing value loses to any value."""
    # Within a tier rank() never meets a missing presentation next to a present one (tier 1 has
    # both scores, tier 2 has none), so the documented order is checked on the sort key.
    assert _tiebreak_key(*better) < _tiebreak_key(*worse)


# ---------------------------------------------------------------- awards


def test_awards_are_ranks_1_to_3_of_tier_1_once_every_finalist_is_scored():
    """Juara I-III go to ranks 1-3 of tier 1 when all finalists have presentation scores."""
    ranking = build(
        {1: ("90", "90"), 2: ("80", "80"), 3: ("70", "70"), 4: ("60", "60"), 5: ("99", None)}
    )
    assert ranking.awards_decided is True
    assert [(r.innovation_id, r.award) for r in ranking.awards] == [(1, 1), (2, 2), (3, 3)]
    assert {r.innovation_id: r.award for r in ranking.rows}[4] is None
    assert {r.innovation_id: r.award for r in ranking.rows}[5] is None


def test_no_awards_while_a_finalist_waits_for_a_presentation_score():
    """Until every finalist has a presentation score, no award is shown."""
    ranking = build({1: ("90", "90"), 2: ("80", "80"), 3: ("70", None)}, waiting=(3,))
    assert ranking.awards_decided is False
    assert ranking.awards == []
    assert all(r.award is None for r in ranking.rows)
    assert [r.rank for r in ranking.rows] == [1, 2, 3]  # ranks still shown


def test_finalist_with_only_partial_presentation_sheets_blocks_awards():
    """A finalist whose presentation sheets are all partial has no presentation score yet."""
    innovations = [InnovationRow(i, f"I{i}", "lolos") for i in (1, 2)]
    sheets = [
        full("proposal", 1, 1, "90"),
        full("presentation", 1, 1, "90"),
        full("proposal", 1, 2, "80"),
        SheetRow("presentation", 1, 2, 1, 7000 * 8000),  # substansi only: partial
    ]
    ranking = rank(RULES, innovations, [], sheets)
    assert ranking.finalist_ids == frozenset({1, 2})
    assert ranking.awards_decided is False
    assert ranking.awards == []


def test_tier_2_rows_never_get_awards_even_at_rank_3_or_better():
    """With two finalists only Juara I and II exist; tier 2 rank 3 gets nothing."""
    ranking = build({1: ("90", "90"), 2: ("80", "80"), 3: ("99", None)})
    assert table(ranking) == [
        (1, 1, 1, False, 1),
        (2, 1, 2, False, 2),
        (3, 2, 3, False, None),
    ]


def test_seri_among_winners_is_kept_not_settled_two_rank_one():
    """Two equal best finalists both get Juara I (seri); the next is Juara III."""
    ranking = build({1: ("80", "80"), 2: ("80", "80"), 3: ("70", "70"), 4: ("60", "60")})
    assert table(ranking) == [
        (1, 1, 1, True, 1),
        (2, 1, 1, True, 1),
        (3, 1, 3, False, 3),
        (4, 1, 4, False, None),
    ]


def test_seri_at_rank_three_awards_every_tied_innovation():
    """A seri on rank 3 is shown as such: both tied innovations carry Juara III."""
    ranking = build({1: ("90", "90"), 2: ("85", "85"), 3: ("80", "80"), 4: ("80", "80")})
    assert [(r.rank, r.tie, r.award) for r in ranking.rows] == [
        (1, False, 1),
        (2, False, 2),
        (3, True, 3),
        (3, True, 3),
    ]


def test_seri_at_rank_two_pushes_the_next_out_of_the_awards():
    """Ranks 1, 2, 2, 4: two Juara II and no Juara III."""
    ranking = build({1: ("90", "90"), 2: ("80", "80"), 3: ("80", "80"), 4: ("70", "70")})
    assert [r.award for r in ranking.rows] == [1, 2, 2, None]


def test_no_finalists_means_no_awards():
    """Without finalists there is no tier 1 and no award, whatever the proposal scores."""
    ranking = build({1: ("90", None), 2: ("80", None)})
    assert ranking.awards_decided is False
    assert [(r.tier, r.rank, r.award) for r in ranking.rows] == [(2, 1, None), (2, 2, None)]


# ---------------------------------------------------------------- custom stage weights


@pytest.mark.parametrize(
    ("wp", "wq", "expected"),
    [
        (4000, 6000, [(2, "78.00"), (1, "72.00")]),  # 1: 36 + 36; 2: 24 + 54
        (5000, 5000, [(2, "75.00"), (1, "75.00")]),  # final tie, presentation 90 beats 60
        (3000, 7000, [(2, "81.00"), (1, "69.00")]),  # 1: 27 + 42; 2: 18 + 63
        (7000, 3000, [(1, "81.00"), (2, "69.00")]),  # 1: 63 + 18; 2: 42 + 27
        (1250, 8750, [(2, "86.25"), (1, "63.75")]),  # 1: 11.25 + 52.5; 2: 7.5 + 78.75
    ],
)
def test_custom_stage_weights_are_used_as_given(wp, wq, expected):
    """Stage weights are edition data: 50/50, 30/70, 12.5/87.5 are applied as given."""
    rules = EditionRules(
        stages=RULES.stages, weight_proposal_centi=wp, weight_presentation_centi=wq
    )
    ranking = build({1: ("90", "60"), 2: ("60", "90")}, rules=rules)
    assert [(r.innovation_id, r.final_score) for r in ranking.rows] == [
        (i, D(f)) for i, f in expected
    ]
    assert [(r.rank, r.tie, r.award) for r in ranking.rows] == [(1, False, 1), (2, False, 2)]


def test_a_finalist_without_proposal_score_shows_its_presentation_score_unranked():
    """No proposal score, no final score: tier 3, no rank, its presentation score still shown."""
    ranking = build({1: ("80", "90"), 2: (None, "75.50")})
    row = next(r for r in ranking.rows if r.innovation_id == 2)
    assert (row.tier, row.rank, row.final_score) == (3, None, None)
    assert (row.presentation_score, row.presentation_sheets, row.finalist) == (D("75.50"), 1, True)


@pytest.mark.parametrize("weights", [(4000, 6000), (3333, 6667), (1, 2), (7, 0), (0, 9999)])
def test_finals_in_hundredths_are_final_score_s_decimals(weights):
    """rank_from_totals works in integer hundredths: every final equals final_score's Decimal."""
    wp, wq = weights
    rules = EditionRules(
        stages=RULES.stages, weight_proposal_centi=wp, weight_presentation_centi=wq
    )
    innovations = [InnovationRow(i, f"I{i:03d}", "lolos") for i in range(1, 301)]
    totals = {
        "proposal": {i: (i * 7919 % 30001 + 4 * i, 1 + i % 4) for i in range(1, 301)},
        "presentation": {i: (i * 104729 % 20001, 1 + i % 3) for i in range(1, 301, 2)},
    }
    ranking = rank_from_totals(rules, innovations, frozenset(range(1, 301, 3)), totals)
    for row in ranking.rows:
        expected = final_score(
            rules,
            finalist=row.finalist,
            proposal=row.proposal_score,
            presentation=row.presentation_score,
        )
        assert row.final_score == expected, row
    assert any(r.tier == 1 for r in ranking.rows) and any(r.tier == 2 for r in ranking.rows)
