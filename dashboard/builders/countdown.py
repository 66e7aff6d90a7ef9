"""A scoring window's countdown, as the juror's pages draw it: the text at render time and
what assets/jury/kipp-countdown.js needs to keep it running (the moment, the phrase)."""

from __future__ import annotations

from datetime import date, datetime

from data_access.formatting import format_duration
from data_access.i18n import t
from data_access.jury.windows import countdown

COUNTDOWN_SCRIPT = "/assets/jury/kipp-countdown.js"


def countdown_view(
    start: date | None, last_day: date | None, timezone: str, now: datetime, *, lang: str
) -> dict[str, object] | None:
    """Return the countdown's text and its script data, or None when no last day is set.

    `until` is the moment counted to (epoch milliseconds); `phrase` holds "{left}" where the
    script writes the time left, `after` is said once that moment has passed.
    """
    found = countdown(start, last_day, timezone, now)
    if found is None:
        return None
    kind, moment = found
    until = int(moment.timestamp() * 1000)
    if kind == "closed":
        text = t("countdown.closed", lang)
        return {"text": text, "until": until, "phrase": "", "after": text, "kind": kind}
    phrase = t(f"countdown.{kind}", lang, left="{left}")
    after = t("countdown.opened" if kind == "opens" else "countdown.closed", lang)
    left = format_duration((moment - now).total_seconds(), lang=lang)
    return {
        "text": phrase.replace("{left}", left),
        "until": until,
        "phrase": phrase,
        "after": after,
        "kind": kind,
    }
