"""Money and hours: Decimal only, EUR rounded half up to cents (R-F1)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_eur(amount: Decimal) -> Decimal:
    """Round an amount of euro half up to cents: 0.005 → 0.01."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def hours_of(minutes: int) -> Decimal:
    """Minutes as hours with two decimals, half up (90 → 1.50, 20 → 0.33)."""
    return (Decimal(minutes) / Decimal(60)).quantize(CENT, rounding=ROUND_HALF_UP)
