"""Every text a user reads, Bahasa Indonesia first and English second, looked up by key.

The tables live in one module per area of the app (common, auth, progress, ...);
this package merges them and is the only way texts reach the screen.
"""

from __future__ import annotations

from dashboard.i18n import (
    approval,
    auth,
    common,
    control,
    errors,
    imports,
    kiosk,
    participation,
    progress,
    ranking,
    schedule,
    summary,
)

DEFAULT_LANG = "id"
LANGUAGES = ("id", "en")

# Each language's name in itself: the language switch shows these whatever the page language.
AUTONYMS = {"id": "Bahasa Indonesia", "en": "English"}


def _merge(*tables: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in tables:
        duplicated = merged.keys() & table.keys()
        if duplicated:
            raise ValueError(f"text keys defined twice: {sorted(duplicated)}")
        merged.update(table)
    return merged


# key -> (Bahasa Indonesia, English). Placeholders use str.format names, the same in both.
TEXTS: dict[str, tuple[str, str]] = _merge(
    common.TEXTS,
    auth.TEXTS,
    progress.TEXTS,
    participation.TEXTS,
    ranking.TEXTS,
    schedule.TEXTS,
    kiosk.TEXTS,
    control.TEXTS,
    summary.TEXTS,
    errors.TEXTS,
    imports.TEXTS,
    approval.TEXTS,
)


def normalize_lang(lang: str | None) -> str:
    """Return a supported language code, Indonesian for anything unknown or missing."""
    return lang if lang in LANGUAGES else DEFAULT_LANG


def t(key: str, lang: str | None = DEFAULT_LANG, **values: object) -> str:
    """Return the text for a key in a language, with its placeholders filled in."""
    text = TEXTS[key][LANGUAGES.index(normalize_lang(lang))]
    return text.format(**values) if values else text
