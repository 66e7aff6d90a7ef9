"""The audit view's entries in words: one short catalogue message per entry, both languages.

An entry arrives as the audit view's generic row (action, subject, details a-f, as
data_access/audit_view.py's sources fill them); `describe` picks the message by action.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from data_access import audit
from data_access.formatting import format_date, format_score
from data_access.i18n import TEXTS, Localized, Message, Number, Size, normalize_lang
from data_access.importing.errors import COUNT_LABELS

DASH = "–"


class Joined:
    """Several localized parts read as one text, joined by a separator."""

    def __init__(self, parts: Sequence[Localized], separator: str = "; ") -> None:
        self.parts, self.separator = parts, separator

    def text(self, lang: str | None) -> str:
        """Return the parts in a language, joined."""
        return self.separator.join(part.text(lang) for part in self.parts)


class _Points:
    """A score inside a message, two decimals as the reader writes them: 81,91 / 81.91."""

    def __init__(self, centi: str | None) -> None:
        self.value = None if centi is None else Decimal(int(centi)).scaleb(-2)

    def text(self, lang: str | None) -> str:
        """Return the score formatted for the language ("–" for none)."""
        return format_score(self.value, lang=normalize_lang(lang))


class _Date:
    """A date inside a message: "7 Desember 2026" / "7 December 2026"."""

    def __init__(self, value: date) -> None:
        self.value = value

    def text(self, lang: str | None) -> str:
        """Return the date formatted for the language."""
        return format_date(self.value, lang=normalize_lang(lang))


def _named(prefix: str, value: str | None) -> Message | str:
    """Return the catalogue's name of a value (a step, a status, a stage), else the value."""
    key = f"{prefix}.{value}"
    return Message(key) if key in TEXTS else (value or DASH)


def _key(key: str, fallback: str) -> str:
    return key if key in TEXTS else fallback


def _detail(text: str | None) -> dict[str, Any]:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _reveal(row: Any) -> Localized:
    detail = _detail(row.a)
    return Message(
        _key(f"audit.what.reveal.{detail.get('move')}", "audit.what.reveal.next"),
        old=_named("control.step", detail.get("from_step")),
        new=_named("control.step", detail.get("to_step")),
    )


def _import(row: Any) -> Localized:
    counts = _detail(row.a).get("counts") or {}
    parts = [
        Message(
            "audit.what.import.table",
            table=Message(COUNT_LABELS[table]) if table in COUNT_LABELS else str(table),
            inserted=Number(int(c.get("inserted", 0))),
            updated=Number(int(c.get("updated", 0))),
        )
        for table, c in counts.items()
        if isinstance(c, dict)
    ]
    head = Message("audit.what.import")  # the files are its subject
    return Joined([head, Joined(parts) if parts else Message("audit.what.import.nothing")], ": ")


def _account(row: Any) -> Localized:
    detail = _detail(row.a)
    base = Message(_key(f"audit.what.{row.action}", "audit.what.account"), name=row.subject or DASH)
    role = detail.get("role") or detail.get("new_role")
    if not role:
        return base
    return Joined([base, Message("audit.what.account_role", role=str(role))], " · ")


def _file(row: Any) -> Localized:
    detail = _detail(row.a)
    if row.action == audit.DOCUMENT_SET:
        return Message("audit.what.document.set", name=str(detail.get("filename") or DASH))
    if row.action == audit.MINUTES_IMAGE:
        removed = "removed" if detail.get("removed") else "stored"
        return Message(f"audit.what.minutes.image.{removed}")
    return Message(_key(f"audit.what.{row.action}", "audit.what.photo.set"))


def _screen(row: Any) -> Localized:
    old = _detail(row.a).get("old")
    key = _key(f"audit.what.{row.action}", "audit.what.screen.registered")
    return Message(key, name=row.subject or DASH, old=str(old or DASH))


def _catalogue(row: Any) -> Localized:
    key = _key(f"audit.what.{row.action}", "audit.what.catalogue.settings")
    if row.action == audit.CATALOGUE_UNPUBLISHED:
        return Message(key, edition=row.subject or DASH)
    detail = _detail(row.a)
    shown = [
        Message(f"audit.what.catalogue.{name}.{'on' if detail.get(name) else 'off'}")
        for name in ("show_finalists", "show_innovators", "show_documents")
    ]
    return Joined([Message(key, edition=row.subject or DASH), Joined(shown, ", ")], ": ")


def _backup(row: Any) -> Localized:
    detail = _detail(row.a)
    reason = str(detail.get("reason") or "")
    facts = {"size": Size(int(detail.get("size") or 0)), "version": detail.get("data_version")}
    if reason == "manual":
        return Message("audit.what.backup.manual", **facts)
    before = _named("audit.what.backup.before", reason)
    return Message("audit.what.backup.auto", before=before, **facts)


def _restore(row: Any) -> Localized:
    detail = _detail(row.a)
    version = detail.get("data_version")
    if detail.get("target") == "replaced":
        safety = str(detail.get("safety_backup") or DASH)
        done = Message("audit.what.restore.replaced", safety=safety, version=version)
    else:
        done = Message("audit.what.restore.empty", version=version)
    checked = "checked" if detail.get("checked") else "unchecked"
    return Joined([done, Message(f"audit.what.restore.{checked}")])


def _approval(row: Any) -> Localized:
    verb = row.action.removeprefix("approval.")
    return Message(
        _key(f"audit.what.approval.{verb}", "audit.what.approval.approve"),
        hash=(row.b or row.a or "")[:12] or DASH,
    )


def _status(row: Any) -> Localized:
    return Message(
        "audit.what.status",
        code=row.subject or DASH,
        old=_named("status", row.a),
        new=_named("status", row.b),
        reason=row.c or DASH,
    )


def _seri(row: Any) -> Localized:
    order = " > ".join((row.a or "").split(","))
    return Message("audit.what.seri", order=order, chair=row.b or DASH, reason=row.c or DASH)


def _window(row: Any) -> Localized:
    until = date.fromisoformat(str(row.a)[:10])
    whom = (
        Message("audit.what.window.juror", juror=row.b)
        if row.b
        else Message("audit.what.window.all")
    )
    stage = _named("stage", row.subject)
    return Message("audit.what.window", stage=stage, until=_Date(until), whom=whom)


CONFLICT_KEYS = {
    "conflict.declared": "audit.what.conflict",
    "conflict.none": "audit.what.no_conflict",
    "conflict.confirmed": "audit.what.conflict_confirmed",
}


def _conflict(row: Any) -> Localized:
    return Message(
        CONFLICT_KEYS.get(row.action, "audit.what.conflict_confirmed"),
        juror=row.a or DASH,
        code=row.subject or DASH,
        reason=row.b or DASH,
    )


def _score(row: Any) -> Localized:
    event = row.action.removeprefix("score.")
    names = {"juror": row.a or DASH, "code": row.subject or DASH, "stage": _named("stage", row.e)}
    if event == "submit":
        return Message("audit.what.score.submit", **names)
    if event == "reopen":
        return Message("audit.what.score.reopen", reason=row.f or DASH, **names)
    return Message(
        "audit.what.score",
        criterion=row.b or DASH,
        old=_Points(row.c),
        new=_Points(row.d),
        source=_named("history.source", row.f),
        **names,
    )


# The message of each action, by the action's name or its prefix (the part before the dot).
DESCRIBE: dict[str, Callable[[Any], Localized]] = {
    audit.REVEAL_STEP: _reveal,
    audit.IMPORT_APPLIED: _import,
    "account": _account,
    "approval": _approval,
    "status": _status,
    "seri": _seri,
    "window": _window,
    "conflict": _conflict,
    "score": _score,
    "photo": _file,
    "document": _file,
    "minutes": _file,
    "screen": _screen,
    "catalogue": _catalogue,
    "backup": _backup,
    "restore": _restore,
}


# Subjects that are codes of a catalogue name: a reveal's step, an extension's stage, an
# image of the minutes.
SUBJECT_NAMES = {
    audit.REVEAL_STEP: "control.step",
    "window.extended": "stage",
    audit.MINUTES_IMAGE: "minutes.image",
}


def subject_text(action: str, subject: str, lang: str | None) -> str:
    """Return what an entry was done on as a reader reads it (a step's name, not its code)."""
    prefix = SUBJECT_NAMES.get(action)
    named = _named(prefix, subject) if prefix and subject else subject
    return named.text(lang) if isinstance(named, Message) else named


def describe(row: Any) -> Localized:
    """Return a short description of one entry, from the catalogue, in both languages."""
    action = str(row.action)
    found = DESCRIBE.get(action) or DESCRIBE.get(action.split(".", 1)[0])
    return found(row) if found else Message("audit.what.other", action=action)
