"""The reveal's words: its steps and the Juara levels it walks, Juara III first."""

from __future__ import annotations

ROTATION, SPLASH, ALL = "rotation", "splash", "all"
AWARD_LEVELS = (3, 2, 1)  # the order of the reveal: Juara III first


def award_step(level: int) -> str:
    """Return the step name that reveals a Juara level ("award-3" for Juara III)."""
    return f"award-{level}"


def step_level(step: str) -> int | None:
    """Return the Juara level a step reveals, or None for the other steps."""
    if step.startswith("award-") and step[6:].isdigit():
        return int(step[6:])
    return None
