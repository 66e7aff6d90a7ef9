"""The ceremony's refusals: an action refused, with its reason in both languages."""

from __future__ import annotations


class CeremonyError(ValueError):
    """A refused ceremony action, with its reason in both languages.

    `str()` gives both ("alasan / reason"), as the command line prints it; a page in
    one language shows `text(lang)`.
    """

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(f"{message_id} / {message_en}")
        self.message_id = message_id
        self.message_en = message_en

    def text(self, lang: str) -> str:
        """Return the reason in the page's language ("id" or "en")."""
        return self.message_en if lang == "en" else self.message_id


class CeremonyConflict(CeremonyError):
    """The reveal moved on since the caller last looked (another click got there first)."""


class AlreadyApproved(CeremonyError):
    """Approving approved results again without asking for a re-approval (`again=True`)."""
