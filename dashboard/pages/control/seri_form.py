"""The seri decision's form on /kendali: its frame (empty, hidden) and reading what it sent.

The frame holds no data: the refresh (seri.py) fills it. What comes back from the browser
is checked here before anything is written: exactly the tied innovations, each once; a
reason and a chair within the lengths the data layer keeps (data_access/ceremony/seri.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.ids import (
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
)
from data_access.ceremony import CeremonyError
from data_access.ceremony.seri import MAX_CHAIR, MAX_REASON
from data_access.i18n import t

# A seri of more innovations than this is no form a browser sent.
MAX_TIED = 40
MAX_CODE = 64


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
