"""The ceremony's refusals: an action refused, with its reason as a catalogue message."""

from __future__ import annotations

from data_access.i18n import CarriesMessage, Message


class CeremonyError(CarriesMessage, ValueError):
    """A refused ceremony action, with its reason as a message of the catalogue.

    `str()` gives both languages ("alasan / reason"), as the command line prints it; a
    page in one language shows `text(lang)`.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(str(self.message))

    def text(self, lang: str) -> str:
        """Return the reason in the page's language ("id" or "en")."""
        return self.message.text(lang)


class CeremonyConflict(CeremonyError):
    """The reveal moved on since the caller last looked (another click got there first)."""


class AlreadyApproved(CeremonyError):
    """Approving approved results again without asking for a re-approval (`again=True`)."""
