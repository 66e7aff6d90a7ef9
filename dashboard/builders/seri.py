"""The jury's seri decisions as /kendali's approval card lists them (read-only, this slice)."""

from __future__ import annotations

from collections.abc import Sequence

from dash import html
from dash.development.base_component import Component

from dashboard.builders.user_text import user_text
from dashboard.ids import CONTROL_SERI
from data_access.ceremony import Decision, Snapshot
from data_access.formatting import format_datetime
from data_access.i18n import t


def seri_decisions(
    decisions: Sequence[Decision], snapshot: Snapshot | None, *, lang: str
) -> Component | None:
    """Return one line per recorded decision, saying when the approval does not hold it yet."""
    if not decisions:
        return None
    held = snapshot.seri_decisions if snapshot is not None else []
    items = []
    for decision in decisions:
        line = t(
            "seri.decision.line",
            lang,
            order=", ".join(decision.order),
            reason="{reason}",
            chair="{chair}",
            by="{by}",
            at=format_datetime(decision.at, lang=lang),
        )
        parts: list = []
        # The reason, the chair and who recorded it are typed by people: shown as user text.
        values = {"{reason}": decision.reason, "{chair}": decision.chair, "{by}": decision.by}
        rest = line
        while rest:
            found = [(rest.find(k), k) for k in values if k in rest]
            if not found:
                parts.append(rest)
                break
            at, key = min(found)
            parts += [rest[:at], user_text(values[key])]
            rest = rest[at + len(key) :]
        if decision.payload() not in held:
            parts.append(html.Em(f" ({t('seri.decision.not_approved', lang)})"))
        items.append(html.Li(parts))
    return html.Ul(items, id=CONTROL_SERI, className="kipp-control-seri")
