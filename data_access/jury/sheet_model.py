"""What a juror's sheet is (`Sheet`, `CriterionLine`) and how an action on it is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from data_access.i18n import CarriesMessage, Message
from data_access.jury.history import SheetKey, SheetNames
from data_access.models import SUBMITTED


class SheetRefused(CarriesMessage, ValueError):
    """A save, submit or reopen refused, with its reason as a catalogue message."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(str(self.message))


class InvalidScore(SheetRefused):
    """A value outside 0–100 or with more than two decimals."""


class SheetLocked(SheetRefused):
    """The sheet is submitted (in the app, or imported): only a reopen unlocks it."""


class WindowClosed(SheetRefused):
    """Outside the stage's scoring window (and no extension): the sheet is read-only."""


class DeclarationRequired(SheetRefused):
    """No scores before a conflict-of-interest declaration; none on a declared conflict."""


class SheetConflict(SheetRefused):
    """Another save got there first: `current` is the sheet as it is now on record."""

    def __init__(self, current: Sheet) -> None:
        self.current = current
        super().__init__("sheet.stale", revision=current.revision)


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of a sheet: what the juror reads and the value on record."""

    id: int
    code: str
    name: str
    weight: Decimal
    value: Decimal | None
    comment: str
    description: str | None = None  # one line under the name (criteria.csv's description)


@dataclass(frozen=True)
class Sheet:
    """A sheet as the juror sees it; state None: never saved in the app (revision 0)."""

    key: SheetKey
    names: SheetNames
    criteria: list[CriterionLine]
    state: str | None
    revision: int
    note: str
    updated_at: datetime | None = None
    updated_by: str | None = None
    submitted_at: datetime | None = None
    reopened_at: datetime | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None

    @property
    def values(self) -> dict[str, Decimal | None]:
        """Return criterion code -> value on record."""
        return {c.code: c.value for c in self.criteria}

    @property
    def complete(self) -> bool:
        """Return True when every criterion has a value."""
        return all(c.value is not None for c in self.criteria)

    @property
    def imported(self) -> bool:
        """Return True for a sheet with scores but no app state: it counts as submitted."""
        return self.state is None and any(c.value is not None for c in self.criteria)

    @property
    def locked(self) -> bool:
        """Return True when the juror cannot change it (submitted, or imported)."""
        return self.state == SUBMITTED or self.imported
