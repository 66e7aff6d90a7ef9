"""The jury's seri decision: the panel's order for innovations tied at Juara I-III.

SCORING.md: a seri among Juara I-III is shown as such until the panel settles it; once
the committee records the panel's decision, that order places the tied innovations. The
decision never moves anything but the tied group: the group keeps the places it shared
(rank r for n innovations covers r .. r+n-1), now one each in the decided order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from data_access.scoring.model import RankedInnovation, Ranking

AWARD_PLACES = 3


def award_tie_groups(ranking: Ranking) -> list[tuple[str, ...]]:
    """Return the ranking's seri groups touching Juara I-III, each as its codes by ranking order."""
    groups: dict[int, list[str]] = {}
    for row in ranking.rows:
        if row.tie and row.tier == 1 and row.award is not None and row.rank is not None:
            groups.setdefault(row.rank, []).append(row.code)
    return [tuple(codes) for _rank, codes in sorted(groups.items()) if len(codes) > 1]


def group_key(codes: Iterable[str]) -> str:
    """Return the one name of a tie group, whatever the order its codes come in."""
    return ",".join(sorted(codes))


def matching_group(ranking: Ranking, codes: Sequence[str]) -> tuple[str, ...] | None:
    """Return the award seri group made of exactly these innovations, or None."""
    wanted = group_key(codes)
    for group in award_tie_groups(ranking):
        if group_key(group) == wanted and len(group) == len(codes):
            return group
    return None


def apply_decisions(ranking: Ranking, orders: Iterable[Sequence[str]]) -> Ranking:
    """Return the ranking with each decided seri group in the panel's order.

    An order that no longer matches an award seri of this ranking (the scores moved) is
    left out: the shared place stays until the panel decides on the seri as it now is.
    """
    by_code = {row.code: row for row in ranking.rows}
    decided: dict[str, list[RankedInnovation]] = {}  # a group's first code -> its rows
    members: set[str] = set()
    for order in orders:
        group = matching_group(ranking, order)
        first = by_code[group[0]].rank if group is not None else None
        if group is None or first is None:
            continue
        rows = []
        for offset, code in enumerate(order):
            place = first + offset
            award = place if place <= AWARD_PLACES else None
            rows.append(replace(by_code[code], rank=place, tie=False, award=award, decided=True))
        decided[group[0]] = rows
        members.update(order)
    if not decided:
        return ranking
    result: list[RankedInnovation] = []
    for row in ranking.rows:
        if row.code in decided:
            result.extend(decided[row.code])
        elif row.code not in members:
            result.append(row)
    return replace(ranking, rows=result)
