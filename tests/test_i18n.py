"""Tests of dashboard/i18n.py: every text exists in both languages, with the same placeholders."""

from __future__ import annotations

from string import Formatter

import pytest

from dashboard.i18n import AUTONYMS, LANGUAGES, TEXTS, normalize_lang, t
from dashboard.query import edition_from_search, lang_from_search, with_lang


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def _parity_problems(key: str, texts) -> str | None:
    """Say what is wrong with one catalogue entry, or None when it is sound."""
    if len(texts) != len(LANGUAGES):
        return f"{len(texts)} texts for {len(LANGUAGES)} languages"
    if not all(isinstance(text, str) and text.strip() for text in texts):
        return "an empty or non-text entry"
    indonesian, english = texts
    if _placeholders(indonesian) != _placeholders(english):
        return f"placeholders differ: {_placeholders(indonesian)} != {_placeholders(english)}"
    return None


def test_every_key_has_both_languages():
    # One test for the whole catalogue (not one case a key), reporting every bad key at once.
    assert len(LANGUAGES) == 2
    problems = {key: _parity_problems(key, TEXTS[key]) for key in sorted(TEXTS)}
    assert {key: problem for key, problem in problems.items() if problem} == {}


def test_languages_are_indonesian_first_then_english():
    assert LANGUAGES == ("id", "en")
    assert set(AUTONYMS) == set(LANGUAGES)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("id", "Dewan Juri"), ("en", "Jury Members"), (None, "Dewan Juri"), ("xx", "Dewan Juri")],
)
def test_t_picks_the_language_and_falls_back_to_indonesian(lang, expected):
    assert t("home.count.jurors", lang) == expected


def test_t_fills_placeholders():
    assert t("home.updated_at", time="10.05 WIB") == "Diperbarui pukul 10.05 WIB"
    assert t("home.updated_at", "en", time="10:05 WIB") == "Updated at 10:05 WIB"


def test_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        t("no.such.key")


@pytest.mark.parametrize(
    ("lang", "expected"), [("id", "id"), ("en", "en"), ("EN", "id"), ("", "id"), (None, "id")]
)
def test_normalize_lang(lang, expected):
    assert normalize_lang(lang) == expected


@pytest.mark.parametrize(
    ("search", "lang", "edition"),
    [
        ("", "id", None),
        (None, "id", None),
        ("?lang=en", "en", None),
        ("?lang=de&edition=kudus-2023", "id", "kudus-2023"),
        ("?edition=+&lang=en", "en", None),
    ],
)
def test_query_string(search, lang, edition):
    assert lang_from_search(search) == lang
    assert edition_from_search(search) == edition


def test_with_lang_keeps_other_parameters():
    assert with_lang("?edition=kudus-2023&lang=id", "en") == "?edition=kudus-2023&lang=en"
    assert with_lang(None, "id") == "?lang=id"
