"""The catalogue's fold: its ASCII shortcut folds exactly as the accent-stripping walk does."""

from __future__ import annotations

import string
import unicodedata

from data_access.catalogue import fold


def walked(text: str) -> str:
    """The general fold, character by character (what every text took before the shortcut)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def test_ascii_text_folds_as_the_walk_does():
    texts = [
        string.printable,
        "  Layanan  AKTA\tKelahiran\nDaring ",
        "SI-Posyandu: Kader & Balita (DKK) 2022",
        "",
    ]
    for text in texts:
        assert text.isascii()
        assert fold(text) == walked(text)


def test_accented_and_other_scripts_still_walk():
    for text in ("Késehatan Ibu", "ﬁnal Straße", "Ｐｏｓｙａｎｄｕ", "ÀÉÎÕÜ ñ"):
        assert not text.isascii()
        assert fold(text) == walked(text)
    assert fold("Késehatan") == fold("KESEHATAN") == "kesehatan"
