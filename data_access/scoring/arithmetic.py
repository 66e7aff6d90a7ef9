"""Exact score arithmetic: integer hundredths ("centi") and half-up rounding, per SCORING.md.

Scores and weights travel as integer hundredths, which keeps every sum exact; each
rounded value is produced once, half-up, and handed out as Decimal.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import overload

CENT = Decimal("0.01")


def div_half_up(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half-up (floor(x + ½)) to an integer.

    Raw scores are never negative; a z-score normalised one can be, and then half-up
    means towards +∞ (-0.995 becomes -0.99), the same rule normalized_centi applies.
    """
    if denominator <= 0:
        raise ValueError("div_half_up takes a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)


# Overloads so that a value known to be there stays a Decimal for the type checker.
@overload
def centi_to_decimal(centi: int) -> Decimal: ...
@overload
def centi_to_decimal(centi: int | None) -> Decimal | None: ...
def centi_to_decimal(centi: int | None) -> Decimal | None:
    """Return integer hundredths as a two-decimal Decimal (None stays None)."""
    return None if centi is None else _decimal(centi)


@lru_cache(maxsize=1 << 16)
def _decimal(centi: int) -> Decimal:
    # Decimals are immutable: a ranking of thousands of scores shares one per value.
    return Decimal(centi).scaleb(-2)


def decimal_to_centi(value: Decimal) -> int:
    """Return a Decimal with at most two decimals as integer hundredths."""
    centi = value * 100
    if centi != centi.to_integral_value():
        raise ValueError(f"{value} has more than two decimals")
    return int(centi)


def round_score(value: Decimal) -> Decimal:
    """Round a score half-up to two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
