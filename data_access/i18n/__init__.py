"""Every text a user reads, Bahasa Indonesia first and English second, looked up by key.

The tables live in one module per area of the app (common, auth, progress, ...);
this package merges them and is the only way texts reach a reader: a page, an export, the
command line or an error. It sits in data_access so that the exports, the importer, the
ceremony and the CLI take their texts from the same tables as the dashboard.

A text needed before its language is known (an error raised deep in data_access, shown by
a page in one language or by the command line in both) travels as a `Message`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Protocol, runtime_checkable

from data_access.formatting import format_datetime, format_number, format_size
from data_access.i18n import (
    accounts,
    admin_status,
    approval,
    archive,
    audit,
    auth,
    backups,
    catalogue,
    catalogue_admin,
    catalogue_data,
    catalogue_pages,
    catalogue_qr,
    ceremony,
    cli,
    cli_help,
    committee,
    common,
    console,
    control,
    documents,
    errors,
    exporting,
    files,
    importing,
    imports,
    jury_access,
    jury_desk,
    kiosk,
    minutes,
    participation,
    progress,
    ranking,
    refusals,
    schedule,
    screens,
    seri,
    sheet_page,
    sheets,
    summary,
    wall,
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
    catalogue.TEXTS,
    catalogue_admin.TEXTS,
    catalogue_data.TEXTS,
    catalogue_pages.TEXTS,
    catalogue_qr.TEXTS,
    accounts.TEXTS,
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
    admin_status.TEXTS,
    approval.TEXTS,
    archive.TEXTS,
    ceremony.TEXTS,
    importing.TEXTS,
    exporting.TEXTS,
    refusals.TEXTS,
    jury_desk.TEXTS,
    screens.TEXTS,
    cli.TEXTS,
    cli_help.TEXTS,
    sheets.TEXTS,
    jury_access.TEXTS,
    committee.TEXTS,
    sheet_page.TEXTS,
    wall.TEXTS,
    seri.TEXTS,
    documents.TEXTS,
    console.TEXTS,
    audit.TEXTS,
    files.TEXTS,
    minutes.TEXTS,
    backups.TEXTS,
)


def normalize_lang(lang: str | None) -> str:
    """Return a supported language code, Indonesian for anything unknown or missing."""
    return lang if lang in LANGUAGES else DEFAULT_LANG


def t(key: str, lang: str | None = DEFAULT_LANG, /, **values: object) -> str:
    """Return the text for a key in a language, with its placeholders filled in."""
    text = TEXTS[key][LANGUAGES.index(normalize_lang(lang))]
    return text.format(**values) if values else text


def stage_name(code: str, lang: str | None, name: str | None = None) -> str:
    """Return a stage's name in the language: the catalogue's for a known stage code
    (proposal, presentation), else its name in the data (or the code itself)."""
    key = f"stage.{code}"
    return t(key, lang) if key in TEXTS else (name or code)


def compact(key: str, /, **values: object) -> str:
    """Return a word in both languages run together, "baris/row", to sit inside a line.

    A whole message reads "teks / text" (`Message`); a word inside a line the command line
    prints reads "baris/row", so that "scores.csv baris/row 7" stays one phrase.
    """
    return f"{t(key, 'id', **values)}/{t(key, 'en', **values)}"


@runtime_checkable
class Localized(Protocol):
    """A value that reads differently per language (a nested message, a number)."""

    def text(self, lang: str | None) -> str:
        """Return the value as a reader of that language reads it."""
        ...


class Message:
    """A catalogue text with its values, carried until the reader's language is known.

    `text(lang)` gives one language, for a page; `str()` gives both, "teks / text", as
    the command line prints every message. A value that is itself `Localized` is read
    in the message's language.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: object) -> None:
        if key not in TEXTS:
            raise KeyError(key)  # at the raise, not later when someone reads it
        self.key = key
        self.params = params

    def text(self, lang: str | None = DEFAULT_LANG) -> str:
        """Return the message in a language ("id" or "en"; anything else reads as "id")."""
        values = {
            name: value.text(lang) if isinstance(value, Localized) else value
            for name, value in self.params.items()
        }
        return t(self.key, lang, **values)

    def __str__(self) -> str:
        return f"{self.text('id')} / {self.text('en')}"

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Message({self.key!r}{params})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted(self.params.items(), key=lambda item: item[0]))))


class CarriesMessage:
    """What carries a `message` (an error, a refusal): its text in each language by name."""

    message: Message

    @property
    def message_id(self) -> str:
        """The message in Bahasa Indonesia."""
        return self.message.text("id")

    @property
    def message_en(self) -> str:
        """The message in English."""
        return self.message.text("en")


class Refusal(CarriesMessage, ValueError):
    """A write refused, with its reason as a catalogue message (str(): both languages)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


class Number:
    """A number inside a message, with the reader's separators: 32.768 / 32,768."""

    __slots__ = ("value",)

    def __init__(self, value: int | float | Decimal) -> None:
        self.value = value

    def text(self, lang: str | None) -> str:
        """Return the number formatted for the language."""
        return format_number(self.value, lang=normalize_lang(lang))

    def __repr__(self) -> str:
        return f"Number({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Number) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


class Size:
    """A file size inside a message, in the reader's units: 1,2 MB / 1.2 MB."""

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        self.size = size

    def text(self, lang: str | None) -> str:
        """Return the size formatted for the language."""
        return format_size(self.size, lang=normalize_lang(lang))


class Moment:
    """A moment inside a message, read as "Kamis, 17 November 2022 pukul 10.05 WIB"."""

    __slots__ = ("tz", "value")

    def __init__(self, value: datetime, tz: str = "Asia/Jakarta") -> None:
        self.value = value
        self.tz = tz

    def text(self, lang: str | None) -> str:
        """Return the date and time formatted for the language, in the edition's time zone."""
        return format_datetime(self.value, lang=normalize_lang(lang), tz=self.tz)

    def __repr__(self) -> str:
        return f"Moment({self.value!r}, {self.tz!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Moment) and (other.value, other.tz) == (self.value, self.tz)

    def __hash__(self) -> int:
        return hash((self.value, self.tz))
