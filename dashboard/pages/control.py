"""Kendali Upacara (/kendali): the committee runs the winners' reveal on the ceremony screens.

The page shows the reveal's step and what comes next, and moves it with big buttons or a
presenter's clicker (assets/kipp-control.js maps the keys). Every move names the
ceremony revision the page last showed, so two admins on two laptops can never skip a
step by clicking at the same moment: the second gets "changed elsewhere" instead. The
status re-renders only when the ceremony revision or the data version moved; the list
of connected screens is redrawn every second.
"""

from __future__ import annotations

import logging
import time

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate
from sqlalchemy.exc import SQLAlchemyError

from dashboard import components
from dashboard.auth import COMMITTEE, current_account, secure_callback
from dashboard.builders import control as build
from dashboard.builders.approval import CONTROL_BANNER, CONTROL_BANNER_BOX, approval_banner
from dashboard.builders.control import (
    CONTROL_ACTED,
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
    CONTROL_INTERVAL,
    CONTROL_NEXT,
    CONTROL_REAPPROVE,
    CONTROL_REAPPROVE_CONFIRM,
    CONTROL_RESET,
    CONTROL_RESET_CONFIRM,
    CONTROL_REVISION,
    CONTROL_SAVE,
    CONTROL_SCREENS,
    CONTROL_SETTINGS_MESSAGE,
    CONTROL_SHOW_SCORE,
    CONTROL_SHOWN,
    CONTROL_SIMULATE,
    CONTROL_SLIDES,
    CONTROL_STATUS,
    CONTROL_TIME,
    CONTROL_URL,
    CONTROL_WAKE,
    FIELD_ERRORS,
    FIELD_INPUTS,
    PRIZE_IDS,
)
from dashboard.data import connected_screens
from dashboard.i18n import normalize_lang, t
from dashboard.live import (
    EditionChoice,
    approval,
    data_version,
    report,
    resolve_edition,
    watch_point,
)
from dashboard.live_page import LiveIds, updated_badge
from dashboard.query import edition_from_search, lang_from_search
from dashboard.services import services
from data_access import ceremony, queries
from data_access.approval_log import approval_history
from data_access.ceremony import AWARD_LEVELS, ROTATION, SPLASH, CeremonyConflict, CeremonyError
from data_access.models import utcnow
from data_access.scoring import PRESENTATION
from data_access.simulate import simulate

log = logging.getLogger(__name__)

PATH = "/kendali"
ROLES = COMMITTEE
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


# ---------------------------------------------------------------- layout
def _card(title: str, body: list, *, class_name: str = "kipp-control-card") -> Component:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="kipp-card-title"), *body]),
        className=f"kipp-panel {class_name}",
    )


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


def _settings_form(lang: str) -> Component:
    prizes = [
        _field(
            t("control.settings.prize", lang, level=build.level_label(level, lang=lang)),
            dbc.Input(id=PRIZE_IDS[level], type="text", maxlength=200),
        )
        for level in sorted(AWARD_LEVELS)
    ]
    return html.Div(
        [
            _field(
                t("control.settings.slides", lang),
                dbc.Input(id=CONTROL_SLIDES, type="text", autocomplete="off"),
                help_text=build.settings_help(lang=lang),
            ),
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
            html.Div(
                dbc.Switch(
                    id=CONTROL_SHOW_SCORE,
                    label=t("control.settings.show_score", lang),
                    value=True,
                ),
                className="kipp-control-switch",
            ),
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


def _approved_actions(lang: str) -> Component:
    """Return re-approve and cancel, each asking first; shown once the results are approved."""
    buttons = [
        (CONTROL_REAPPROVE, CONTROL_REAPPROVE_CONFIRM, "reapprove", "success"),
        (CONTROL_CANCEL_APPROVAL, CONTROL_CANCEL_APPROVAL_CONFIRM, "cancel_approval", "danger"),
    ]
    return html.Div(
        [
            dcc.ConfirmDialogProvider(
                dbc.Button(
                    t(f"control.button.{key}", lang),
                    id=button,
                    color=color,
                    outline=True,
                    className=f"kipp-control-{button.removeprefix('control-')}",
                ),
                id=confirm,
                message=t(f"control.confirm.{key}", lang),
            )
            for button, confirm, key, color in buttons
        ],
        id=CONTROL_APPROVED_ACTIONS,
        hidden=True,
        className="kipp-control-approved-actions",
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
            dcc.Store(id=CONTROL_REVISION),
            dcc.Store(id=CONTROL_ACTED),
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
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            t("control.reveal.title", lang),
                            [
                                html.Div(
                                    components.loading(lang=lang),
                                    id=CONTROL_CONTENT,
                                    **{"aria-live": "polite"},
                                ),
                                html.Div(
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
                                        dcc.ConfirmDialogProvider(
                                            dbc.Button(
                                                t("control.button.reset", lang),
                                                id=CONTROL_RESET,
                                                color="danger",
                                                outline=True,
                                                size="lg",
                                                className="kipp-control-reset",
                                            ),
                                            id=CONTROL_RESET_CONFIRM,
                                            message=t("control.confirm.reset", lang),
                                        ),
                                    ],
                                    className="kipp-control-buttons",
                                ),
                                html.P(t("control.keys", lang), className="kipp-control-keys"),
                            ],
                            class_name="kipp-control-card h-100 kipp-control-stage",
                        ),
                        lg=8,
                        className="mb-4",
                    ),
                    dbc.Col(
                        _card(
                            t("control.approval.title", lang),
                            [
                                html.Div(id=CONTROL_APPROVAL),
                                html.Div(
                                    dcc.ConfirmDialogProvider(
                                        dbc.Button(
                                            t("control.button.approve", lang),
                                            id=CONTROL_APPROVE,
                                            color="success",
                                            className="kipp-control-approve",
                                        ),
                                        id=CONTROL_APPROVE_CONFIRM,
                                        message=t("control.confirm.approve", lang),
                                    ),
                                    id=CONTROL_APPROVE_ROW,
                                ),
                                _approved_actions(lang),
                                html.Div(
                                    [
                                        html.P(t("control.demo.note", lang), className="mb-2"),
                                        dbc.Button(
                                            t("control.demo.button", lang),
                                            id=CONTROL_SIMULATE,
                                            color="warning",
                                            outline=True,
                                        ),
                                    ],
                                    id=CONTROL_DEMO,
                                    hidden=True,
                                    className="kipp-control-demo",
                                ),
                            ],
                            class_name="kipp-control-card h-100",
                        ),
                        lg=4,
                        className="mb-4",
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(t("control.screens.title", lang), [html.Div(id=CONTROL_SCREENS)]),
                        lg=7,
                        className="mb-4",
                    ),
                    dbc.Col(
                        _card(t("control.settings.title", lang), [_settings_form(lang)]),
                        lg=5,
                        className="mb-4",
                    ),
                ]
            ),
        ],
        className="kipp-control",
    )


# ---------------------------------------------------------------- reading
def _status(edition: EditionChoice, version: int, lang: str) -> tuple:
    """Return the panels, the demo's hidden flag, the buttons' states and the revision shown."""
    edition_report = report(edition.code, version)
    live = edition_report.ranking
    open_sheets = sum(
        stage.expected - stage.complete
        for stage in edition_report.progress.stages
        if stage.stage == PRESENTATION
    )
    with services().session() as db:
        state = ceremony.get_state(db, edition.code)
        info = queries.get_edition(db, edition.code)
        differences: list[str] = []
        if state.snapshot is not None:
            payload = ceremony.ranking_payload(db, edition.code, live, version)
            differences = ceremony.live_differences(state.snapshot, payload)
        history = approval_history(db, edition.code)
    can_go_on = state.next_step is not None or (state.step == SPLASH and state.snapshot is None)
    return (
        build.step_panel(state, edition_name=edition.name, lang=lang),
        build.approval_panel(
            state.snapshot,
            differences=differences,
            open_presentation_sheets=open_sheets,
            history=history,
            locked=state.approval_locked,
            lang=lang,
        ),
        not (info.is_demo and not live.awards_decided),
        not can_go_on,
        state.step == ROTATION,
        state.snapshot is not None,  # approved: approving again is the exception, so quieter
        {"edition": edition.code, "revision": state.revision},
    )


def _shown_edition(shown: object, search: str | None) -> str | None:
    """Return the edition the page shows (from its store), else the one the URL names."""
    if isinstance(shown, dict) and isinstance(shown.get("edition"), str):
        return shown["edition"]
    edition = resolve_edition(edition_from_search(search), data_version())
    return edition.code if edition else None


# ---------------------------------------------------------------- acting
def _move(action: str, code: str, revision: int, lang: str) -> Component | None:
    """Run one ceremony action; return a message to show, or None when the step says it all."""
    by = current_account().username
    if action == CONTROL_SIMULATE:
        with services().session() as db:
            demo = queries.get_edition(db, code).is_demo
        if not demo:  # never invent scores on a real edition, whatever the request says
            return build.message(t("control.demo.only", lang), title=t("control.error.title", lang))
        count = simulate(services().engine, code, sleep=lambda _s: None, out=lambda _line: None)
        return build.message(t("control.demo.done", lang, count=count), tone="success")
    with services().session() as db, db.begin():
        if action in (CONTROL_APPROVE_CONFIRM, CONTROL_REAPPROVE_CONFIRM):
            again = action == CONTROL_REAPPROVE_CONFIRM
            ceremony.approve(db, code, by=by, again=again, expected_revision=revision)
            done = "control.reapprove.ok" if again else "control.approve.ok"
            return build.message(t(done, lang), tone="success")
        if action == CONTROL_CANCEL_APPROVAL_CONFIRM:
            ceremony.cancel_approval(db, code, by=by, expected_revision=revision)
            return build.message(t("control.cancel.ok", lang), tone="success")
        move = {
            CONTROL_NEXT: ceremony.advance,
            CONTROL_BACK: ceremony.back,
            CONTROL_RESET_CONFIRM: ceremony.reset,
        }[action]
        move(db, code, by=by, expected_revision=revision)
    return None


# ---------------------------------------------------------------- callbacks
def register_callbacks(app: Dash) -> None:
    """Wire the page's refresh, its actions, the screens list and the settings form."""
    app.clientside_callback(
        ClientsideFunction("kipp", "watchVisibility"),
        Output(CONTROL_INTERVAL, "disabled"),
        Input(CONTROL_INTERVAL, "id"),
        State(CONTROL_WAKE, "id"),
    )

    @secure_callback(
        app,
        Output(CONTROL_CONTENT, "children"),
        Output(CONTROL_APPROVAL, "children"),
        Output(CONTROL_DEMO, "hidden"),
        Output(CONTROL_NEXT, "disabled"),
        Output(CONTROL_BACK, "disabled"),
        Output(CONTROL_APPROVE, "outline"),
        Output(CONTROL_STATUS, "children"),
        Output(CONTROL_SHOWN, "data"),
        Output(CONTROL_REVISION, "data"),
        Input(CONTROL_INTERVAL, "n_intervals"),
        Input(CONTROL_WAKE, "data"),
        Input(CONTROL_ACTED, "data"),
        Input(CONTROL_URL, "search"),
        State(CONTROL_SHOWN, "data"),
        roles=ROLES,
    )
    def refresh_control_status(_n, _wake, _acted, search, shown):
        """Redraw the step and approval when the ceremony or the data moved; else the badge."""
        lang = lang_from_search(search)
        unchanged = (no_update,) * 6
        try:
            version, edition, revision = watch_point(edition_from_search(search))
        except SQLAlchemyError as exc:
            log.warning("control: database not readable: %s", getattr(exc, "orig", exc))
            if shown is None:
                problem = components.database_problem(lang=lang)
                return problem, None, True, True, True, False, None, None, None
            return *unchanged, updated_badge(lang=lang, stale=True), no_update, no_update
        key = {"version": version, "revision": revision, "search": search or ""}
        if shown == key:
            return *unchanged, updated_badge(lang=lang), no_update, no_update
        if edition is None:
            code = edition_from_search(search)
            notice = (
                components.empty_state(lang=lang)
                if code is None
                else components.edition_not_found(code, lang=lang)
            )
            return notice, None, True, True, True, False, updated_badge(lang=lang), key, None
        try:
            parts = _status(edition, version, lang)
        except SQLAlchemyError as exc:
            log.warning("control: database not readable: %s", getattr(exc, "orig", exc))
            return *unchanged, updated_badge(lang=lang, stale=True), no_update, no_update
        *panels, revision_data = parts
        return *panels, updated_badge(lang=lang), key, revision_data

    @secure_callback(
        app,
        Output(CONTROL_BANNER, "children"),
        Input(CONTROL_SHOWN, "data"),
        State(CONTROL_REVISION, "data"),
        State(CONTROL_URL, "search"),
        roles=ROLES,
        prevent_initial_call=True,
    )
    def refresh_control_banner(_shown, shown_edition, search):
        """Redraw the approval banner whenever the status panels were redrawn."""
        lang = lang_from_search(search)
        if not isinstance(shown_edition, dict) or not isinstance(shown_edition.get("edition"), str):
            return None
        try:
            version, edition, revision = watch_point(shown_edition["edition"])
            if edition is None:
                return None
            comparison = approval(edition.code, version, revision)
        except SQLAlchemyError as exc:
            log.warning("control banner: database not readable: %s", getattr(exc, "orig", exc))
            return no_update
        return approval_banner(comparison, detail=True, lang=lang, banner_id=CONTROL_BANNER_BOX)

    @secure_callback(
        app,
        Output(CONTROL_ALERT, "children"),
        Output(CONTROL_ACTED, "data"),
        Input(CONTROL_NEXT, "n_clicks"),
        Input(CONTROL_BACK, "n_clicks"),
        Input(CONTROL_RESET_CONFIRM, "submit_n_clicks"),
        Input(CONTROL_APPROVE_CONFIRM, "submit_n_clicks"),
        Input(CONTROL_REAPPROVE_CONFIRM, "submit_n_clicks"),
        Input(CONTROL_CANCEL_APPROVAL_CONFIRM, "submit_n_clicks"),
        Input(CONTROL_SIMULATE, "n_clicks"),
        State(CONTROL_REVISION, "data"),
        State(CONTROL_URL, "search"),
        roles=ROLES,
        prevent_initial_call=True,
    )
    def act_on_ceremony(
        next_n, back_n, reset_n, approve_n, reapprove_n, cancel_n, simulate_n, shown, search
    ):
        """Move, reset, approve (again) or cancel; show why when the data layer refuses."""
        lang = lang_from_search(search)
        clicks = {
            CONTROL_NEXT: next_n,
            CONTROL_BACK: back_n,
            CONTROL_RESET_CONFIRM: reset_n,
            CONTROL_APPROVE_CONFIRM: approve_n,
            CONTROL_REAPPROVE_CONFIRM: reapprove_n,
            CONTROL_CANCEL_APPROVAL_CONFIRM: cancel_n,
            CONTROL_SIMULATE: simulate_n,
        }
        action = ctx.triggered_id
        if action not in clicks or not clicks[action]:
            return None, no_update
        if not isinstance(shown, dict) or not isinstance(shown.get("edition"), str):
            return build.message(t("control.error.not_loaded", lang)), no_update
        acted = {"at": time.time()}  # any new value makes the status re-read the state now
        try:
            alert = _move(action, shown["edition"], int(shown.get("revision") or 0), lang)
        except CeremonyConflict as exc:
            return build.refusal(exc, conflict=True, lang=lang), acted
        except CeremonyError as exc:
            return build.refusal(exc, conflict=False, lang=lang), acted
        except (SQLAlchemyError, queries.EditionNotFound) as exc:
            log.warning("control: %s failed: %s", action, getattr(exc, "orig", exc))
            return build.message(t("control.error.database", lang)), no_update
        return alert, acted

    @secure_callback(
        app,
        Output(CONTROL_APPROVE_ROW, "hidden"),
        Output(CONTROL_APPROVED_ACTIONS, "hidden"),
        Output(CONTROL_REAPPROVE, "disabled"),
        Output(CONTROL_CANCEL_APPROVAL, "disabled"),
        Input(CONTROL_REVISION, "data"),
        roles=ROLES,
        prevent_initial_call=True,
    )
    def show_approval_actions(shown):
        """Offer approve before an approval, re-approve and cancel after; none once locked."""
        if not isinstance(shown, dict) or not isinstance(shown.get("edition"), str):
            raise PreventUpdate
        try:
            with services().session() as db:
                state = ceremony.get_state(db, shown["edition"])
        except (SQLAlchemyError, queries.EditionNotFound) as exc:
            log.warning("control approval: not readable: %s", getattr(exc, "orig", exc))
            raise PreventUpdate from exc
        approved, locked = state.snapshot is not None, state.approval_locked
        return approved, not approved, locked, locked

    @secure_callback(
        app,
        Output(CONTROL_SCREENS, "children"),
        Input(CONTROL_INTERVAL, "n_intervals"),
        Input(CONTROL_WAKE, "data"),
        Input(CONTROL_URL, "search"),
        State(CONTROL_REVISION, "data"),
        roles=ROLES,
    )
    def refresh_control_screens(_n, _wake, search, shown):
        """List every registered ceremony screen, connected or not, every second."""
        lang = lang_from_search(search)
        code = shown.get("edition") if isinstance(shown, dict) else None
        now = utcnow()
        try:
            screens = connected_screens(now)
        except SQLAlchemyError as exc:
            log.warning("control screens: database not readable: %s", getattr(exc, "orig", exc))
            return html.P(t("control.screens.stale", lang), className="kipp-control-muted")
        return build.screens_table(screens, now=now, edition_code=code, lang=lang)

    @secure_callback(
        app,
        Output(CONTROL_SLIDES, "value"),
        Output(CONTROL_SHOW_SCORE, "value"),
        Output(CONTROL_TIME, "value"),
        *(Output(PRIZE_IDS[level], "value") for level in sorted(AWARD_LEVELS)),
        Input(CONTROL_URL, "search"),
        roles=ROLES,
    )
    def fill_control_settings(search):
        """Fill the settings form with the edition's stored settings when the page opens."""
        try:
            code = _shown_edition(None, search)
            settings = ceremony.CeremonySettings()
            if code is not None:
                with services().session() as db:
                    settings = ceremony.get_state(db, code).settings
        except SQLAlchemyError as exc:
            log.warning("control settings: database not readable: %s", getattr(exc, "orig", exc))
            raise PreventUpdate from exc
        form = build.SettingsForm.from_settings(settings)
        prizes = [form.prizes[level] for level in sorted(AWARD_LEVELS)]
        return form.slides, form.show_score, form.ceremony_time, *prizes

    @secure_callback(
        app,
        Output(CONTROL_SETTINGS_MESSAGE, "children"),
        *(Output(field, "invalid") for field in FIELD_INPUTS.values()),
        *(Output(FIELD_ERRORS[field], "children") for field in FIELD_INPUTS.values()),
        Input(CONTROL_SAVE, "n_clicks"),
        State(CONTROL_SLIDES, "value"),
        State(CONTROL_SHOW_SCORE, "value"),
        State(CONTROL_TIME, "value"),
        *(State(PRIZE_IDS[level], "value") for level in sorted(AWARD_LEVELS)),
        State(CONTROL_REVISION, "data"),
        State(CONTROL_URL, "search"),
        roles=ROLES,
        prevent_initial_call=True,
    )
    def save_control_settings(n_clicks, slides, show_score, ceremony_time, *rest):
        """Check and store the screen settings; show what is wrong beside each field."""
        *prize_values, shown, search = rest
        lang = lang_from_search(search)
        fields = list(FIELD_INPUTS)
        clean = (False,) * len(fields) + (None,) * len(fields)
        if not n_clicks:
            return None, *clean
        form = build.SettingsForm(
            slides=slides or "",
            show_score=bool(show_score),
            ceremony_time=ceremony_time or "",
            prizes=dict(zip(sorted(AWARD_LEVELS), prize_values, strict=True)),
        )
        settings, errors = build.read_settings_form(form, lang=lang)
        if settings is None:
            return (
                None,
                *(name in errors for name in fields),
                *(errors.get(name) for name in fields),
            )
        try:
            code = _shown_edition(shown, search)
            if code is None:
                return build.message(t("control.error.not_loaded", lang)), *clean
            with services().session() as db, db.begin():
                ceremony.save_settings(db, code, settings, by=current_account().username)
        except CeremonyError as exc:
            return build.refusal(exc, conflict=False, lang=lang), *clean
        except (SQLAlchemyError, queries.EditionNotFound) as exc:
            log.warning("control settings: not saved: %s", getattr(exc, "orig", exc))
            return build.message(t("control.error.database", lang)), *clean
        return build.message(t("control.settings.saved", lang), tone="success"), *clean
