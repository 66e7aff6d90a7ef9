"""Tests of the message catalogue (data_access/i18n/): every text in both languages, alike."""

from __future__ import annotations

from string import Formatter

import pytest

from dashboard.query import edition_from_search, lang_from_search, with_lang
from data_access.i18n import (
    AUTONYMS,
    LANGUAGES,
    TEXTS,
    Message,
    Number,
    compact,
    normalize_lang,
    t,
)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def _parity_problems(key: str, texts: object) -> list[str]:
    if not (isinstance(texts, tuple) and len(texts) == len(LANGUAGES)):
        return [f"{key}: not one text per language"]
    if not all(isinstance(text, str) and text.strip() for text in texts):
        return [f"{key}: an empty text"]
    indonesian, english = texts
    if _placeholders(indonesian) != _placeholders(english):
        return [f"{key}: placeholders differ"]
    return []


def test_every_key_has_both_languages():
    # One test for the whole catalogue (dashboard, exports, CLI, errors): it names every
    # key that fails, instead of collecting hundreds of cases.
    problems = [problem for key in sorted(TEXTS) for problem in _parity_problems(key, TEXTS[key])]
    assert problems == []
    assert len(TEXTS) > 400  # the tables really were merged


def test_parity_check_catches_a_bad_entry():
    assert _parity_problems("k", ("Ada {n}", "There are {count}")) == ["k: placeholders differ"]
    assert _parity_problems("k", ("Ada", " ")) == ["k: an empty text"]
    assert _parity_problems("k", ("Ada",)) == ["k: not one text per language"]


def test_message_reads_in_one_language_or_both():
    message = Message("importing.too_long", length=312, limit=300)
    assert message.text("id") == "Teks terlalu panjang (312 karakter); paling banyak 300."
    assert message.text("en") == "Text too long (312 characters); at most 300."
    assert message.text("xx") == message.text("id")
    assert str(message) == f"{message.text('id')} / {message.text('en')}"
    assert message == Message("importing.too_long", limit=300, length=312)


def test_message_values_read_in_the_message_language():
    either = Message("importing.either", first="proposal", second="presentation")
    stage = Message("importing.bad_stage", stages=either)
    assert stage.text("id").endswith("proposal atau presentation.")
    assert stage.text("en").endswith("proposal or presentation.")
    too_long = Message("importing.cell_too_long", cell="B7", size=Number(32768), limit=Number(1))
    assert "32.768 karakter" in too_long.text("id") and "32,768 characters" in too_long.text("en")


def test_message_with_an_unknown_key_fails_at_once():
    with pytest.raises(KeyError):
        Message("no.such.key")


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


def test_compact_runs_both_languages_together_inside_a_line():
    assert compact("importing.at_row") == "baris/row"
    assert compact("cli.help.ceremony.settings.prize", level=2) == "hadiah Juara 2/prize of Juara 2"


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
