"""The control page's frame: controls, labels and empty panels; callbacks bring the data.

The refresh parts are the live page skeleton's (dashboard/live_page.py, ids in `PAGE`);
the step panel is its content, which also carries the revision every action names
(CONTROL_REVISION, a Store inside it; absent on a notice, so callbacks read it as optional).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import components
from dashboard.builders.approval import CONTROL_BANNER
from dashboard.builders.control import level_label
from dashboard.ids import (
    CONTROL_ALERT,
    CONTROL_APPROVAL,
    CONTROL_APPROVE,
    CONTROL_APPROVE_CONFIRM,
    CONTROL_APPROVE_ROW,
    CONTROL_APPROVED_ACTIONS,
    CONTROL_BACK,
    CONTROL_CANCEL_APPROVAL,
    CONTROL_CANCEL_APPROVAL_CONFIRM,
    CONTROL_CONTENT,
    CONTROL_DEMO,
    CONTROL_DIALOGS,
    CONTROL_HIDE_MISSING,
    CONTROL_INTERVAL,
    CONTROL_NEXT,
    CONTROL_REAPPROVE,
    CONTROL_REAPPROVE_CONFIRM,
    CONTROL_RESET,
    CONTROL_RESET_CONFIRM,
    CONTROL_REVISION,
    CONTROL_SAVE,
    CONTROL_SCREENS,
    CONTROL_SCREENS_MANAGE,
    CONTROL_SETTINGS_MESSAGE,
    CONTROL_SHOW_SCORE,
    CONTROL_SHOWN,
    CONTROL_SIMULATE,
    CONTROL_SIMULATE_CONFIRM,
    CONTROL_SLIDE_ON,
    CONTROL_SLIDE_SECONDS,
    CONTROL_SLIDES,
    CONTROL_SLIDES_ERROR,
    CONTROL_STATUS,
    CONTROL_TIME,
    CONTROL_URL,
    CONTROL_WAKE,
)
from dashboard.live_page import LiveIds
from dashboard.pages.control.forms import (
    FIELD_ERRORS,
    PRIZE_IDS,
    PRIZE_LEVELS,
    SLIDE_TITLES,
    settings_help,
)
from dashboard.pages.control.seri_form import seri_card
from data_access.ceremony import MAX_SLIDE_S, MIN_SLIDE_S, SLIDES
from data_access.i18n import normalize_lang, t

# Every second: the presenter's screen must follow a click from another laptop at once.
REFRESH_MS = 1000
PAGE = LiveIds(
    url=CONTROL_URL,
    interval=CONTROL_INTERVAL,
    shown=CONTROL_SHOWN,
    wake=CONTROL_WAKE,
    status=CONTROL_STATUS,
    content=CONTROL_CONTENT,
)


def layout(lang: str | None = None, **_query: str) -> Component:
    """Return the page's frame: controls, labels and empty panels; callbacks bring the data."""
    lang = normalize_lang(lang)
    return html.Div(
        [
            dcc.Location(id=CONTROL_URL, refresh=False),
            dcc.Interval(id=CONTROL_INTERVAL, interval=REFRESH_MS),
            dcc.Store(id=CONTROL_SHOWN),
            dcc.Store(id=CONTROL_WAKE),
            html.Div(id=CONTROL_STATUS, className="kipp-status"),
            html.Div(
                html.Div(
                    [
                        html.H1(t("control.name", lang), className="kipp-title"),
                        html.P(t("control.subtitle", lang), className="kipp-subtitle"),
                    ]
                ),
                className="kipp-hero",
            ),
            html.Div(id=CONTROL_BANNER),  # the approval and what differs live (approval.py)
            html.Div(id=CONTROL_ALERT, **{"aria-live": "assertive"}),
            # Before the reveal: a seri at Juara I-III waits for the jury's order (seri_form.py).
            seri_card(lang),
            dbc.Row(
                [
                    dbc.Col(reveal_card(lang), lg=8, className="mb-4"),
                    dbc.Col(approval_card(lang), lg=4, className="mb-4"),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            t("control.screens.title", lang),
                            [
                                html.Div(id=CONTROL_SCREENS),
                                html.A(
                                    t("control.screens.manage", lang),
                                    href=f"/layar?lang={lang}",
                                    className="btn btn-outline-primary btn-sm mt-3",
                                    id=CONTROL_SCREENS_MANAGE,
                                ),
                                html.A(  # the minutes' data and the screens' logos
                                    t("control.minutes.manage", lang),
                                    href=f"/berita-acara?lang={lang}",
                                    className="btn btn-outline-primary btn-sm mt-3 ms-2",
                                ),
                            ],
                        ),
                        lg=7,
                        className="mb-4",
                    ),
                    dbc.Col(
                        _card(t("control.settings.title", lang), [settings_form(lang)]),
                        lg=5,
                        className="mb-4",
                    ),
                ]
            ),
        ],
        className="kipp-control",
    )


def _card(title: str, body: list, *, class_name: str = "kipp-control-card") -> Component:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="kipp-card-title"), *body]),
        className=f"kipp-panel {class_name}",
    )


# ---------------------------------------------------------------- the reveal
def reveal_card(lang: str) -> Component:
    """Return the reveal's card: the step (filled by the refresh) and the big buttons."""
    buttons = html.Div(
        [
            dbc.Button(
                ["← ", t("control.button.back", lang)],
                id=CONTROL_BACK,
                color="secondary",
                outline=True,
                size="lg",
                disabled=True,
                className="kipp-control-back",
            ),
            dbc.Button(
                [t("control.button.next", lang), " →"],
                id=CONTROL_NEXT,
                color="primary",
                size="lg",
                disabled=True,
                className="kipp-control-next-button",
            ),
            dbc.Button(
                t("control.button.reset", lang),
                id=CONTROL_RESET,
                color="danger",
                outline=True,
                size="lg",
                className="kipp-control-reset",
            ),
            confirm_dialog(CONTROL_RESET_CONFIRM, "reset", "danger", lang=lang),
        ],
        className="kipp-control-buttons",
    )
    return _card(
        t("control.reveal.title", lang),
        [
            html.Div(
                # The step panel replaces both: it carries the revision store filled. Empty here,
                # the store is in the layout Dash checks the callbacks against.
                [components.loading(lang=lang), dcc.Store(id=CONTROL_REVISION)],
                id=CONTROL_CONTENT,
                **{"aria-live": "polite"},
            ),
            buttons,
            html.P(t("control.keys", lang), className="kipp-control-keys"),
        ],
        class_name="kipp-control-card h-100 kipp-control-stage",
    )


# ---------------------------------------------------------------- the approval
def approval_card(lang: str) -> Component:
    """Return the approval's card: its panel, approve, the approved actions and the demo."""
    approve = html.Div(
        [
            dbc.Button(
                t("control.button.approve", lang),
                id=CONTROL_APPROVE,
                color="success",
                className="kipp-control-approve",
            ),
            confirm_dialog(CONTROL_APPROVE_CONFIRM, "approve", "success", lang=lang),
        ],
        id=CONTROL_APPROVE_ROW,
    )
    demo = html.Div(
        [
            html.P(t("control.demo.note", lang), className="mb-2"),
            dbc.Button(
                t("control.demo.button", lang),
                id=CONTROL_SIMULATE,
                color="warning",
                outline=True,
            ),
            confirm_dialog(CONTROL_SIMULATE_CONFIRM, "simulate", "warning", lang=lang),
        ],
        id=CONTROL_DEMO,
        hidden=True,
        className="kipp-control-demo",
    )
    return _card(
        t("control.approval.title", lang),
        [html.Div(id=CONTROL_APPROVAL), approve, approved_actions(lang), demo],
        class_name="kipp-control-card h-100",
    )


def approved_actions(lang: str) -> Component:
    """Return re-approve and cancel, each asking first; shown once the results are approved."""
    buttons = [
        (CONTROL_REAPPROVE, CONTROL_REAPPROVE_CONFIRM, "reapprove", "success"),
        (CONTROL_CANCEL_APPROVAL, CONTROL_CANCEL_APPROVAL_CONFIRM, "cancel_approval", "danger"),
    ]
    return html.Div(
        [
            part
            for button, confirm, key, color in buttons
            for part in (
                dbc.Button(
                    t(f"control.button.{key}", lang),
                    id=button,
                    color=color,
                    outline=True,
                    className=f"kipp-control-{button.removeprefix('control-')}",
                ),
                confirm_dialog(confirm, key, color, lang=lang),
            )
        ],
        id=CONTROL_APPROVED_ACTIONS,
        hidden=True,
        className="kipp-control-approved-actions",
    )


def confirm_dialog(confirm: str, key: str, color: str, *, lang: str) -> Component:
    """Return an action's own confirmation dialog (never the browser's confirm()): what the
    action does, "Batal", and "Ya, …" whose id (`confirm`) the action listens to."""
    dialog, cancel = CONTROL_DIALOGS[confirm]
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(t("control.dialog.title", lang))),
            dbc.ModalBody(t(f"control.confirm.{key}", lang)),
            dbc.ModalFooter(
                [
                    dbc.Button(
                        t("control.dialog.cancel", lang), id=cancel, color="secondary", outline=True
                    ),
                    dbc.Button(t(f"control.dialog.yes.{key}", lang), id=confirm, color=color),
                ]
            ),
        ],
        id=dialog,
        is_open=False,
        centered=True,
    )


# ---------------------------------------------------------------- the settings
def _field(label: str, control: Component, *, help_text: str | None = None) -> Component:
    control_id = control.id
    return html.Div(
        [
            dbc.Label(label, html_for=control_id),
            control,
            dbc.FormFeedback(id=FIELD_ERRORS[control_id], type="invalid")
            if control_id in FIELD_ERRORS
            else None,
            dbc.FormText(help_text) if help_text else None,
        ],
        className="mb-3",
    )


def _switch(switch_id: str, label: str, *, value: bool) -> Component:
    return html.Div(
        dbc.Switch(id=switch_id, label=label, value=value), className="kipp-control-switch"
    )


def slides_fieldset(lang: str) -> Component:
    """Return one switch per rotation slide, named as the screen heads it, with its seconds."""
    rows = [
        html.Div(
            [
                dbc.Switch(
                    id=CONTROL_SLIDE_ON[name],
                    label=t(SLIDE_TITLES[name], lang),
                    value=False,
                    className="kipp-control-slide-switch",
                ),
                html.Label(
                    f"{t(SLIDE_TITLES[name], lang)}: {t('control.settings.seconds', lang)}",
                    htmlFor=CONTROL_SLIDE_SECONDS[name],
                    className="visually-hidden",
                ),
                dbc.InputGroup(
                    [
                        dbc.Input(
                            id=CONTROL_SLIDE_SECONDS[name],
                            type="number",
                            min=MIN_SLIDE_S,
                            max=MAX_SLIDE_S,
                            step=1,
                            inputmode="numeric",
                        ),
                        dbc.InputGroupText(t("control.settings.seconds", lang)),
                    ],
                    size="sm",
                    className="kipp-control-slide-seconds",
                ),
            ],
            className="kipp-control-slide",
        )
        for name in SLIDES
    ]
    return html.Fieldset(
        [
            html.Legend(t("control.settings.slides", lang), className="form-label fs-6"),
            *rows,
            html.Div(id=CONTROL_SLIDES_ERROR, className="kipp-control-field-error", role="alert"),
            dbc.FormText(settings_help(lang=lang)),
        ],
        id=CONTROL_SLIDES,
        className="mb-3 kipp-control-slides",
    )


def settings_form(lang: str) -> Component:
    """Return the ceremony screens' settings form, empty: the page fills it on opening."""
    prizes = [
        _field(
            t("control.settings.prize", lang, level=level_label(level, lang=lang)),
            dbc.Input(id=PRIZE_IDS[level], type="text", maxlength=200),
        )
        for level in PRIZE_LEVELS
    ]
    return html.Div(
        [
            slides_fieldset(lang),
            _field(
                t("control.settings.time", lang),
                dbc.Input(
                    id=CONTROL_TIME,
                    type="text",
                    inputmode="numeric",
                    placeholder="09:00",
                    maxlength=5,
                    className="kipp-control-time",
                ),
                help_text=t("control.settings.time.help", lang),
            ),
            _switch(CONTROL_SHOW_SCORE, t("control.settings.show_score", lang), value=True),
            _switch(CONTROL_HIDE_MISSING, t("control.settings.hide_missing", lang), value=False),
            *prizes,
            html.Div(
                [
                    dbc.Button(
                        t("control.settings.save", lang),
                        id=CONTROL_SAVE,
                        color="primary",
                        className="kipp-control-save",
                    ),
                    html.Div(id=CONTROL_SETTINGS_MESSAGE, className="kipp-control-saved"),
                ],
                className="kipp-control-save-row",
            ),
        ],
        className="kipp-control-settings",
    )
