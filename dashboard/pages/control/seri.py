"""The control page's seri decision: the jury's order for innovations tied at Juara I-III.

SCORING.md: a seri at Juara I-III stays shared until the panel decides. While the live
ranking has one and the results are not approved, the page offers a panel: the tied
innovations in an ordered list (Naik / Turun move the chosen one), the reason, the chair
(one of the edition's jurors or a typed name), "Simpan keputusan" and "Hapus keputusan"
(asked first in the page's own dialog); its frame and checks are in seri_form.py. The
write is `data_access.committee`'s, which refuses while the results are approved; the
panel is drawn again only when what it shows moved (the seri, the decisions, the
approval), so a reason being typed is never wiped by an unrelated tick.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, fields
from typing import Any

from dash import Dash, Input, Output, State, ctx, html, no_update
from dash.development.base_component import Component

from dashboard.auth import COMMITTEE, current_account, secure_callback
from dashboard.builders import control as build
from dashboard.builders import seri as panel
from dashboard.data import DatabaseProblem
from dashboard.ids import (
    CONTROL_REVISION,
    CONTROL_SERI_BOX,
    CONTROL_SERI_CHAIR,
    CONTROL_SERI_CHAIR_ERROR,
    CONTROL_SERI_CLEAR,
    CONTROL_SERI_DIALOG,
    CONTROL_SERI_DIALOG_CANCEL,
    CONTROL_SERI_DIALOG_OK,
    CONTROL_SERI_DOWN,
    CONTROL_SERI_DRAWN,
    CONTROL_SERI_GROUP,
    CONTROL_SERI_GROUP_ROW,
    CONTROL_SERI_JURORS,
    CONTROL_SERI_MESSAGE,
    CONTROL_SERI_ORDER,
    CONTROL_SERI_REASON,
    CONTROL_SERI_REASON_ERROR,
    CONTROL_SERI_SAVE,
    CONTROL_SERI_STATUS,
    CONTROL_SERI_SUMMARY,
    CONTROL_SERI_UP,
    CONTROL_SHOWN,
    CONTROL_URL,
)
from dashboard.page_data import control_status
from dashboard.page_extras import edition_jurors
from dashboard.pages.control import status
from dashboard.pages.control.dialogs import register_dialog
from dashboard.pages.control.seri_form import MAX_TIED, check_seri_form, read_order
from dashboard.query import lang_from_search
from dashboard.services import services
from data_access import committee, queries
from data_access.ceremony import CeremonyConflict, CeremonyError, Decision
from data_access.committee import DeskStatus, SeriGroup
from data_access.i18n import t
from data_access.scoring import group_key

log = logging.getLogger(__name__)

ROLES = COMMITTEE
DRAWN_REVISION = State(CONTROL_REVISION, "data", allow_optional=True)


# ---------------------------------------------------------------- what the refresh draws
@dataclass(frozen=True)
class SeriView:
    """The panel's parts as one state of the seri shows them; hidden and empty by default."""

    hidden: bool = True
    summary: Component | None = None
    status: Component | None = None
    group_options: list[dict[str, str]] = field(default_factory=list)
    group_value: str | None = None
    group_hidden: bool = True
    order_options: list[dict[str, str]] = field(default_factory=list)
    order_value: str | None = None
    reason: str = ""
    chair: str = ""
    jurors: list[Component] = field(default_factory=list)
    clear_disabled: bool = True
    drawn: dict[str, Any] | None = None

    def parts(self) -> dict[str, Any]:
        """Return the view's parts by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


SERI_OUTPUTS = {
    "hidden": Output(CONTROL_SERI_BOX, "hidden"),
    "summary": Output(CONTROL_SERI_SUMMARY, "children"),
    "status": Output(CONTROL_SERI_STATUS, "children"),
    "group_options": Output(CONTROL_SERI_GROUP, "options"),
    "group_value": Output(CONTROL_SERI_GROUP, "value"),
    "group_hidden": Output(CONTROL_SERI_GROUP_ROW, "hidden"),
    "order_options": Output(CONTROL_SERI_ORDER, "options"),
    "order_value": Output(CONTROL_SERI_ORDER, "value"),
    "reason": Output(CONTROL_SERI_REASON, "value"),
    "chair": Output(CONTROL_SERI_CHAIR, "value"),
    "jurors": Output(CONTROL_SERI_JURORS, "children"),
    "clear_disabled": Output(CONTROL_SERI_CLEAR, "disabled"),
    "drawn": Output(CONTROL_SERI_DRAWN, "data"),
}


def _decision_of(decisions: list[Decision], group: SeriGroup) -> Decision | None:
    found = [d for d in decisions if group_key(d.order) == group.key]
    return found[-1] if found else None


def _fingerprint(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seri_view(
    desk: DeskStatus, jurors: list[str], *, chosen: str | None, edition: str, lang: str
) -> SeriView:
    """Return the panel for the desk's seri: shown while there is one and nothing is approved."""
    seri = desk.seri
    if seri is None or desk.state.snapshot is not None or desk.state.approval_locked:
        return SeriView(drawn={"key": _fingerprint(edition, lang, None)})
    group = next((g for g in seri.groups if g.key == chosen), seri.groups[0])
    decision = _decision_of(desk.decisions, group)
    places = seri.names()
    names = {code: panel.innovation_text(places[code]) for code in group.codes if code in places}
    order = list(decision.order) if decision is not None else list(group.codes)
    key = _fingerprint(
        edition,
        lang,
        [list(g.codes) for g in seri.groups],
        [d.payload() for d in desk.decisions],
        [p.__dict__ for p in seri.places],
        group.key,
        jurors,
    )
    return SeriView(
        hidden=False,
        summary=panel.seri_summary(seri.places, lang=lang),
        status=panel.group_status(group, decision, lang=lang),
        group_options=panel.group_options(seri.groups, lang=lang),
        group_value=group.key,
        group_hidden=len(seri.groups) < 2,
        order_options=panel.order_options(order, names, first=group.rank, lang=lang),
        order_value=order[0],
        reason=decision.reason if decision is not None else "",
        chair=decision.chair if decision is not None else "",
        jurors=[html.Option(value=name) for name in jurors],
        clear_disabled=decision is None,
        drawn={"key": key, "group": group.key, "first": group.rank, "names": names},
    )


def _marks(errors: dict[str, str]) -> dict[str, Any]:
    return {
        "reason_invalid": "reason" in errors,
        "reason_error": errors.get("reason"),
        "chair_invalid": "chair" in errors,
        "chair_error": errors.get("chair"),
    }


# ---------------------------------------------------------------- the callbacks
def register_seri_callbacks(app: Dash) -> None:
    """Wire the panel's refresh, its order buttons, its dialog and its two writes."""

    @secure_callback(
        app,
        output=SERI_OUTPUTS,
        inputs=[Input(CONTROL_SHOWN, "data"), Input(CONTROL_SERI_GROUP, "value")],
        state=[DRAWN_REVISION, State(CONTROL_URL, "search"), State(CONTROL_SERI_DRAWN, "data")],
        roles=ROLES,
        prevent_initial_call=True,
    )
    def refresh_seri_panel(shown, chosen, stored, search, drawn):
        """Draw the panel after the step panel, or for another seri; keep it while nothing moved."""
        lang = lang_from_search(search)
        before = drawn if isinstance(drawn, dict) else {}
        if ctx.triggered_id != CONTROL_SERI_GROUP:
            chosen = before.get("group")  # a tick keeps the seri on screen
        try:
            at = status.drawn_at(shown, stored)
            if at is None:
                view = SeriView(drawn={"key": None})
            else:
                edition, version, revision = at
                desk = control_status(edition, version, revision)
                names = [j.name for j in edition_jurors(edition, version)] if desk.seri else []
                view = seri_view(desk, names, chosen=chosen, edition=edition.code, lang=lang)
        except DatabaseProblem as exc:
            log.warning("control seri: database not readable: %s", getattr(exc, "orig", exc))
            return {**dict.fromkeys(SERI_OUTPUTS, no_update), "drawn": before or None}
        parts = view.parts()
        if view.drawn == before:
            # Nothing the panel shows moved: leave the form as the committee member left it.
            return {**dict.fromkeys(SERI_OUTPUTS, no_update), "drawn": before}
        return parts

    @secure_callback(
        app,
        # The refresh draws the list; the buttons only reorder it.
        Output(CONTROL_SERI_ORDER, "options", allow_duplicate=True),
        inputs=[Input(CONTROL_SERI_UP, "n_clicks"), Input(CONTROL_SERI_DOWN, "n_clicks")],
        state=[
            State(CONTROL_SERI_ORDER, "options"),
            State(CONTROL_SERI_ORDER, "value"),
            State(CONTROL_SERI_DRAWN, "data"),
            State(CONTROL_URL, "search"),
        ],
        roles=ROLES,
        prevent_initial_call=True,
    )
    def move_seri_choice(_up, _down, options, chosen, drawn, search):
        """Move the chosen innovation one place up or down, naming the places anew."""
        codes = read_order(options)
        if codes is None or not isinstance(drawn, dict):
            return options if isinstance(options, list) else []
        names, first = drawn.get("names"), drawn.get("first")
        if not isinstance(names, dict) or not isinstance(first, int):
            return options
        step = -1 if ctx.triggered_id == CONTROL_SERI_UP else 1
        order = panel.moved(codes, chosen, step)
        # Names from the panel's own drawing, for codes it drew; anything else shows as a code.
        known = {c: str(names[c]) for c in order if isinstance(names.get(c), str)}
        return panel.order_options(order, known, first=first, lang=lang_from_search(search))

    # The removal's dialog: opened by "Hapus keputusan", closed by either of its buttons.
    register_dialog(
        app,
        opener=CONTROL_SERI_CLEAR,
        dialog=CONTROL_SERI_DIALOG,
        cancel=CONTROL_SERI_DIALOG_CANCEL,
        confirm=CONTROL_SERI_DIALOG_OK,
        roles=ROLES,
    )

    @secure_callback(
        app,
        output={
            "message": Output(CONTROL_SERI_MESSAGE, "children"),
            "reason_invalid": Output(CONTROL_SERI_REASON, "invalid"),
            "reason_error": Output(CONTROL_SERI_REASON_ERROR, "children"),
            "chair_invalid": Output(CONTROL_SERI_CHAIR, "invalid"),
            "chair_error": Output(CONTROL_SERI_CHAIR_ERROR, "children"),
        },
        inputs={
            "save": Input(CONTROL_SERI_SAVE, "n_clicks"),
            "remove": Input(CONTROL_SERI_DIALOG_OK, "n_clicks"),
        },
        state={
            "group": State(CONTROL_SERI_GROUP, "value"),
            "options": State(CONTROL_SERI_ORDER, "options"),
            "reason": State(CONTROL_SERI_REASON, "value"),
            "chair": State(CONTROL_SERI_CHAIR, "value"),
            "shown": DRAWN_REVISION,
            "search": State(CONTROL_URL, "search"),
        },
        roles=ROLES,
        prevent_initial_call=True,
    )
    def record_seri_decision(save, remove, group, options, reason, chair, shown, search):
        """Save or remove the jury's decision on the seri shown; say why when it is refused."""
        lang = lang_from_search(search)
        pressed = ctx.triggered_id
        if not (save if pressed == CONTROL_SERI_SAVE else remove if pressed else None):
            return {"message": None, **_marks({})}
        code = status.edition_of(shown)
        if code is None:
            return {"message": build.message(t("control.error.not_loaded", lang)), **_marks({})}
        engine, by = services().engine, current_account().username
        try:
            if pressed == CONTROL_SERI_DIALOG_OK:
                members = group.split(",") if isinstance(group, str) else []
                if not 2 <= len(members) <= MAX_TIED:
                    raise CeremonyError("seri.refused.order")
                removed = committee.clear_seri_decision(engine, code, members)
                done = "control.seri.cleared" if removed else "control.seri.nothing_cleared"
                return {"message": build.message(t(done, lang), tone="success"), **_marks({})}
            form, errors = check_seri_form(group, options, reason, chair, lang=lang)
            if form is None:
                wrong = errors.get("order")
                alert = (
                    build.message(wrong, title=t("control.error.title", lang)) if wrong else None
                )
                return {"message": alert, **_marks(errors)}
            committee.record_seri_decision(
                engine, code, form.order, reason=form.reason, chair=form.chair, by=by
            )
        except CeremonyConflict as exc:
            return {"message": build.refusal(exc, conflict=True, lang=lang), **_marks({})}
        except CeremonyError as exc:
            return {"message": build.refusal(exc, conflict=False, lang=lang), **_marks({})}
        except (DatabaseProblem, queries.EditionNotFound) as exc:
            log.warning("control seri: not saved: %s", getattr(exc, "orig", exc))
            return {"message": build.message(t("control.error.database", lang)), **_marks({})}
        return {
            "message": build.message(t("control.seri.saved", lang), tone="success"),
            **_marks({}),
        }
