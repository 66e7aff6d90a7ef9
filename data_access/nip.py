"""The NIP (Nomor Induk Pegawai) of a civil servant: 18 digits, written in four groups.

One rule for every place that takes one (an account's profile, the berita acara's
signatories): spaces and dots a person types are dropped, what is left must be 18 digits,
and it is printed as birth date, appointment, sex and number: 19800101 200501 1 001.
"""

from __future__ import annotations

import re

NIP_DIGITS = 18
_TYPED = re.compile(r"[\s.]+")


def digits_of(typed: str | None) -> str | None:
    """Return the NIP's 18 digits from what was typed, "" when empty, None when not an NIP."""
    digits = _TYPED.sub("", typed or "")
    if not digits:
        return ""
    if len(digits) != NIP_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def format_nip(nip: str) -> str:
    """Return an 18-digit NIP grouped as it is written (anything else as it is)."""
    if len(nip) != NIP_DIGITS or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
