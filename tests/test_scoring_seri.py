"""Tests for data_access/scoring/seri.py: the jury's order for a seri at Juara I-III.

SCORING.md: the panel's decision orders the tied innovations; it never moves anything
else, and a seri the panel has not decided keeps its shared place.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from data_access.scoring import (
    RankedInnovation,
    Ranking,
    apply_decisions,
    award_tie_groups,
    matching_group,
)


def ranking(*ranks: int | None) -> Ranking:
    """Return a tier-1 ranking of innovations I1, I2, ... with these ranks (equal = seri)."""
    rows = []
    for index, rank in enumerate(ranks, start=1):
        tie = rank is not None and ranks.count(rank) > 1
        rows.append(
            RankedInnovation(
                innovation_id=index,
                code=f"I{index}",
                title=f"T{index}",
                unit_code="U",
                proposal_score=Decimal("80"),
                presentation_score=Decimal("80"),
                final_score=Decimal("80"),
                finalist=True,
                tier=1 if rank is not None else 3,
                rank=rank,
                tie=tie,
                award=rank if rank is not None and rank <= 3 else None,
                proposal_sheets=1,
                presentation_sheets=1,
            )
        )
    return Ranking(rows=rows, finalist_ids=frozenset(), awards_decided=True, candidate_ids=[])


def summary(r: Ranking) -> list[tuple[str, int | None, int | None, bool, bool]]:
    return [(row.code, row.rank, row.award, row.tie, row.decided) for row in r.rows]


def test_award_tie_groups_are_ties_touching_juara_only():
    assert award_tie_groups(ranking(1, 2, 2, 4, 5, 5)) == [("I2", "I3")]
    assert award_tie_groups(ranking(1, 1, 3, 3, 5)) == [("I1", "I2"), ("I3", "I4")]
    assert award_tie_groups(ranking(1, 2, 3, 4, 4)) == []


# (ranks, decided order, expected (code, rank, award) in ranking order)
CASES = {
    "seri-I": (
        (1, 1, 3, 4),
        ["I2", "I1"],
        [("I2", 1, 1), ("I1", 2, 2), ("I3", 3, 3), ("I4", 4, None)],
    ),
    "seri-II": (
        (1, 2, 2, 4),
        ["I3", "I2"],
        [("I1", 1, 1), ("I3", 2, 2), ("I2", 3, 3), ("I4", 4, None)],
    ),
    "seri-III-over-the-podium": (
        (1, 2, 3, 3, 3, 6),
        ["I5", "I3", "I4"],
        [
            ("I1", 1, 1),
            ("I2", 2, 2),
            ("I5", 3, 3),
            ("I3", 4, None),
            ("I4", 5, None),
            ("I6", 6, None),
        ],
    ),
    "all-three": (
        (1, 1, 1, 4),
        ["I3", "I1", "I2"],
        [("I3", 1, 1), ("I1", 2, 2), ("I2", 3, 3), ("I4", 4, None)],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_decision_orders_the_tied_group_and_nothing_else(name):
    ranks, order, expected = CASES[name]
    before = ranking(*ranks)
    after = apply_decisions(before, [order])
    assert [(c, r, a) for c, r, a, _t, _d in summary(after)] == expected
    for row in after.rows:
        assert row.decided is (row.code in order) and (row.tie is False if row.decided else True)
    untouched = [row for row in before.rows if row.code not in order]
    assert untouched == [row for row in after.rows if row.code not in order]


@pytest.mark.parametrize(
    "order",
    [
        ["I1", "I2"],  # not a tie at all
        ["I2"],  # part of a tie
        ["I2", "I3", "I4"],  # more than the tie
        ["I5", "I6"],  # a tie below Juara III
        ["I2", "X"],  # a code the ranking lacks
    ],
)
def test_an_order_that_is_not_an_award_seri_changes_nothing(order):
    before = ranking(1, 2, 2, 4, 5, 5)
    assert matching_group(before, order) is None
    assert apply_decisions(before, [order]) == before


def test_two_groups_decided_independently_and_an_undecided_one_keeps_its_shared_place():
    before = ranking(1, 1, 3, 3)
    after = apply_decisions(before, [["I4", "I3"]])
    assert summary(after) == [
        ("I1", 1, 1, True, False),
        ("I2", 1, 1, True, False),
        ("I4", 3, 3, False, True),
        ("I3", 4, None, False, True),
    ]
