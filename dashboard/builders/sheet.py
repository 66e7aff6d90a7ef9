"""The words and figures of a juror's sheet: the page's lines and what its script reads.

Pure: from a JurorSheet (data_access.jury.sheet_access) and a language to text and the
sheet's JSON; the routes are dashboard/sheet_routes.py.
"""

from __future__ import annotations

from datetime import date

from dashboard.builders.countdown import countdown_view
from data_access.formatting import format_date, format_datetime, format_number, format_score
from data_access.formatting import format_time as format_clock
from data_access.i18n import t
from data_access.jury import conflicts
from data_access.jury.sheet_access import JurorSheet, running_score
from data_access.models import SUBMITTED, utcnow


def scoring_window(start: date | None, end: date | None, lang: str) -> str:
    """Return a scoring window in words: its one day alone, or its first day to its last."""
    if start is None or end is None:
        return t("assessment.window_unknown", lang)
    if start == end:
        return t("assessment.window_day", lang, day=format_date(start, lang=lang))
    first, last = format_date(start, lang=lang), format_date(end, lang=lang)
    return t("assessment.window", lang, start=first, end=last)


def window_text(found: JurorSheet, lang: str) -> str:
    """Return the stage's scoring window in words, with the committee's extension."""
    window = found.window
    last = window.last_day
    text = scoring_window(window.start, last, lang)
    if (
        window.end is not None and last is not None and last > window.end
    ):  # a committee's extension applies
        text += " " + t("sheet.page.extended", lang, end=format_date(window.end, lang=lang))
    return text


def countdown(found: JurorSheet, lang: str) -> dict[str, object] | None:
    """Return the window's countdown (builders/countdown.py) as of now."""
    window = found.window
    return countdown_view(window.start, window.last_day, window.timezone, utcnow(), lang=lang)


def sheet_json(found: JurorSheet, lang: str) -> dict[str, object]:
    """Return the sheet as the script shows it: typed values, comments, state, server's score."""
    current = found.sheet
    scored = sum(c.value is not None for c in current.criteria)
    return {
        "revision": current.revision,
        "state": current.state,
        "locked": current.locked,
        "open": found.is_open(),
        "conflict": found.conflict_status,
        "abstain": found.abstain,
        "editable": found.editable(),
        "scores": {
            c.code: "" if c.value is None else format_number(c.value.normalize(), lang=lang)
            for c in current.criteria
        },
        "comments": {c.code: c.comment for c in current.criteria},
        "note": current.note,
        "score": format_score(running_score(current.criteria), lang=lang),
        "progress": progress_text(scored, len(current.criteria), lang),
        "saved": saved_text(found, lang),
        "status": status_text(found, lang),
    }


def saved_text(found: JurorSheet, lang: str) -> str:
    """Return the bar's line: what the juror's conflict declaration did, else the last save."""
    if found.abstain:  # the sheet is not scored: when a draft was saved no longer matters
        return t("assessment.abstain", lang)
    declaration = found.declaration
    if found.conflict_status == conflicts.DECLARED and declaration is not None:
        return t("sheet.page.declared_at", lang, time=clock(declaration.declared_at, lang))
    if found.sheet.updated_at is not None:
        return t("sheet.page.saved_at", lang, time=clock(found.sheet.updated_at, lang))
    return ""


def clock(moment, lang: str) -> str:
    """Return "10.05", without the time zone."""
    # "10.05": the page says when, the time zone's name is one word too many on a phone.
    return format_clock(moment, lang=lang).rsplit(" ", 1)[0]


def progress_text(scored: int, total: int, lang: str) -> str:
    """Return how much of the sheet is scored, in words."""
    if total and scored >= total:
        return t("sheet.page.running_complete", lang)
    return t("sheet.page.running_partial", lang, scored=scored, total=total)


def status_text(found: JurorSheet, lang: str) -> str:
    """Return the line that says why the sheet is read-only, or the committee's reopen reason."""
    current = found.sheet
    status = found.conflict_status
    if found.abstain:
        key = "sheet.page.abstain" if status == conflicts.CONFIRMED else "sheet.page.abstain_other"
        return t(key, lang)
    if status == conflicts.DECLARED and found.declaration is not None:
        return t("sheet.page.declared", lang, reason=found.declaration.reason or "")
    if current.state == SUBMITTED:
        when = format_datetime(current.submitted_at, lang=lang) if current.submitted_at else ""
        return t("sheet.page.submitted", lang, when=when)
    if current.imported:
        return t("sheet.page.imported", lang)
    if not found.is_open():
        return t("sheet.page.closed", lang, window=window_text(found, lang))
    if current.reopen_reason:
        return t("sheet.page.reopened", lang, reason=current.reopen_reason)
    return ""


def script_texts(lang: str) -> dict[str, str]:
    """Return the words kipp-sheet.js says, in the page's language."""
    keys = (
        "invalid",
        "saving",
        "pending",
        "offline",
        "submit_offline",
        "conflict",
        "conflict_theirs",
        "conflict_mine",
        "keep_mine",
        "keep_theirs",
        "confirm",
        "confirm_yes",
        "confirm_no",
        "error",
        "expired",
        "running_partial",
        "running_complete",
        "incomplete",
        "fix_invalid",
        "declare_missing",
        "declare_offline",
    )
    return {key: t(f"sheet.page.{key}", lang) for key in keys}
