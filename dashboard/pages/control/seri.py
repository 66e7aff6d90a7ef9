"""The control page's seri decision: the jury's order for innovations tied at Juara I-III.

SCORING.md: a seri at Juara I-III stays shared until the panel decides. While the live
ranking has one and the results are not approved, the page offers a panel: the tied
innovations in an ordered list (Naik / Turun move the chosen one), the reason, the chair
(one of the edition's jurors or a typed name), "Simpan keputusan" and "Hapus keputusan"
(asked first in the page's own dialog). The write is `data_access.committee`'s, which
refuses while the results are approved; the panel is drawn again only when what it shows
moved (the seri, the decisions, the approval), so a reason being typed is never wiped by
an unrelated tick.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, fields
from typing import Any

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboard.auth import COMMITTEE, current_account, secure_callback
from dashboard.builders import control as build
from dashboard.builders import seri as panel
from dashboard.data import DatabaseProblem, control_status, edition_jurors
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
from dashboard.pages.control import status
from dashboard.query import lang_from_search
from dashboard.services import services
from data_access import committee, queries
from data_access.ceremony import CeremonyConflict, CeremonyError, Decision
from data_access.ceremony.seri import MAX_CHAIR, MAX_REASON
from data_access.committee import DeskStatus, SeriGroup
from data_access.i18n import t
from data_access.scoring import group_key

log = logging.getLogger(__name__)

ROLES = COMMITTEE
# A seri of more innovations than this is no form a browser sent.
MAX_TIED = 40
MAX_CODE = 64
DRAWN_REVISION = State(CONTROL_REVISION, "data", allow_optional=True)


# ---------------------------------------------------------------- the frame
def seri_card(lang: str) -> Component:
    """Return the decision's panel, hidden and empty: the refresh fills and shows it."""
    order = html.Div(
        [
            dbc.Label(t("control.seri.order", lang), html_for=CONTROL_SERI_ORDER),
            dbc.RadioItems(id=CONTROL_SERI_ORDER, options=[], className="kipp-control-seri-order"),
            html.Div(
                [
                    dbc.Button(
                        ["↑ ", t("control.seri.up", lang)],
                        id=CONTROL_SERI_UP,
                        color="secondary",
                        outline=True,
                        size="sm",
                    ),
                    dbc.Button(
                        ["↓ ", t("control.seri.down", lang)],
                        id=CONTROL_SERI_DOWN,
                        color="secondary",
                        outline=True,
                        size="sm",
                    ),
                ],
                className="kipp-control-seri-move",
            ),
            dbc.FormText(t("control.seri.order.help", lang)),
        ],
        className="mb-3",
    )
    reason = html.Div(
        [
            dbc.Label(t("control.seri.reason", lang), html_for=CONTROL_SERI_REASON),
            dbc.Textarea(id=CONTROL_SERI_REASON, maxLength=MAX_REASON, rows=3),
            dbc.FormFeedback(id=CONTROL_SERI_REASON_ERROR, type="invalid"),
        ],
        className="mb-3",
    )
    chair = html.Div(
        [
            dbc.Label(t("control.seri.chair", lang), html_for=CONTROL_SERI_CHAIR),
            dbc.Input(
                id=CONTROL_SERI_CHAIR,
                type="text",
                maxlength=MAX_CHAIR,
                list=CONTROL_SERI_JURORS,
                autocomplete="off",
            ),
            html.Datalist(id=CONTROL_SERI_JURORS),
            dbc.FormFeedback(id=CONTROL_SERI_CHAIR_ERROR, type="invalid"),
            dbc.FormText(t("control.seri.chair.help", lang)),
        ],
        className="mb-3",
    )
    buttons = html.Div(
        [
            dbc.Button(t("control.seri.save", lang), id=CONTROL_SERI_SAVE, color="primary"),
            dbc.Button(
                t("control.seri.clear", lang),
                id=CONTROL_SERI_CLEAR,
                color="danger",
                outline=True,
                disabled=True,
            ),
        ],
        className="kipp-control-seri-buttons",
    )
    form = html.Div(
        [
            html.Div(
                [
                    dbc.Label(t("control.seri.group", lang), html_for=CONTROL_SERI_GROUP),
                    dbc.Select(id=CONTROL_SERI_GROUP, options=[]),
                ],
                id=CONTROL_SERI_GROUP_ROW,
                hidden=True,
                className="mb-3",
            ),
            html.Div(id=CONTROL_SERI_STATUS),
            order,
            reason,
            chair,
            buttons,
            html.Div(id=CONTROL_SERI_MESSAGE, className="mt-3", **{"aria-live": "polite"}),
        ]
    )
    dialog = dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(t("control.seri.dialog.title", lang))),
            dbc.ModalBody(t("control.seri.dialog.body", lang)),
            dbc.ModalFooter(
                [
                    dbc.Button(
                        t("control.seri.dialog.cancel", lang),
                        id=CONTROL_SERI_DIALOG_CANCEL,
                        color="secondary",
                        outline=True,
                    ),
                    dbc.Button(
                        t("control.seri.dialog.ok", lang), id=CONTROL_SERI_DIALOG_OK, color="danger"
                    ),
                ]
            ),
        ],
        id=CONTROL_SERI_DIALOG,
        is_open=False,
        centered=True,
    )
    body = dbc.CardBody(
        [
            html.H2(t("control.seri.title", lang), className="kipp-card-title"),
            dbc.Row(
                [
                    dbc.Col(html.Div(id=CONTROL_SERI_SUMMARY), lg=5, className="mb-3"),
                    dbc.Col(form, lg=7),
                ]
            ),
            dialog,
            dcc.Store(id=CONTROL_SERI_DRAWN),
        ]
    )
    return html.Div(
        dbc.Card(body, className="kipp-panel kipp-control-card kipp-control-seri-card"),
        id=CONTROL_SERI_BOX,
        hidden=True,
        className="mb-4",
    )


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


# ---------------------------------------------------------------- reading the form
@dataclass(frozen=True)
class SeriForm:
    """What the panel sent: the seri, the order, the reason and the chair, as typed."""

    group: str
    order: list[str]
    reason: str
    chair: str


def read_order(options: object) -> list[str] | None:
    """Return the codes of the order list as the browser sent it, or None when malformed."""
    if not isinstance(options, list) or not 2 <= len(options) <= MAX_TIED:
        return None
    codes = [o.get("value") if isinstance(o, dict) else None for o in options]
    if not all(isinstance(c, str) and 0 < len(c) <= MAX_CODE for c in codes):
        return None
    return [str(c) for c in codes]


def check_seri_form(
    group: object, options: object, reason: object, chair: object, *, lang: str
) -> tuple[SeriForm | None, dict[str, str]]:
    """Check what the panel sent; return the form, or the messages by field ("order" too)."""
    errors: dict[str, str] = {}
    order = read_order(options)
    members = group.split(",") if isinstance(group, str) and len(group) < 4000 else None
    if order is None or members is None or sorted(order) != sorted(members):
        # Exactly the tied innovations, each once: a list the page drew, never another one.
        errors["order"] = CeremonyError("seri.refused.order").text(lang)
    reason_text = reason.strip() if isinstance(reason, str) else ""
    if not reason_text or len(reason_text) > MAX_REASON:
        errors["reason"] = CeremonyError("seri.refused.reason").text(lang)
    chair_text = chair.strip() if isinstance(chair, str) else ""
    if not chair_text or len(chair_text) > MAX_CHAIR:
        errors["chair"] = CeremonyError("seri.refused.chair").text(lang)
    if errors or order is None or not isinstance(group, str):
        return None, errors
    return SeriForm(group, order, reason_text, chair_text), {}


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

    @secure_callback(
        app,
        Output(CONTROL_SERI_DIALOG, "is_open"),
        inputs=[
            Input(CONTROL_SERI_CLEAR, "n_clicks"),
            Input(CONTROL_SERI_DIALOG_CANCEL, "n_clicks"),
            Input(CONTROL_SERI_DIALOG_OK, "n_clicks"),
        ],
        roles=ROLES,
        prevent_initial_call=True,
    )
    def toggle_seri_dialog(_clear, _cancel, _ok):
        """Open the removal's dialog on "Hapus keputusan"; close it on either of its buttons."""
        return ctx.triggered_id == CONTROL_SERI_CLEAR

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
