"""The control page's callbacks, each named for what it draws; every one checks the role.

The status re-renders only when the ceremony revision or the data version moved (else only
the "updated" badge does); the list of connected screens is redrawn every second.
"""

from __future__ import annotations

import logging
import time

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy.exc import SQLAlchemyError

from dashboard import components
from dashboard.auth import COMMITTEE, secure_callback
from dashboard.builders import control as build
from dashboard.builders.approval import CONTROL_BANNER, CONTROL_BANNER_BOX, approval_banner
from dashboard.data import connected_screens
from dashboard.ids import (
    CONTROL_ACTED,
    CONTROL_ALERT,
    CONTROL_APPROVAL,
    CONTROL_APPROVE,
    CONTROL_APPROVE_ROW,
    CONTROL_APPROVED_ACTIONS,
    CONTROL_BACK,
    CONTROL_CANCEL_APPROVAL,
    CONTROL_CONTENT,
    CONTROL_DEMO,
    CONTROL_INTERVAL,
    CONTROL_NEXT,
    CONTROL_REAPPROVE,
    CONTROL_REVISION,
    CONTROL_SAVE,
    CONTROL_SCREENS,
    CONTROL_SETTINGS_MESSAGE,
    CONTROL_SHOW_SCORE,
    CONTROL_SHOWN,
    CONTROL_SLIDES,
    CONTROL_STATUS,
    CONTROL_TIME,
    CONTROL_URL,
    CONTROL_WAKE,
)
from dashboard.live import approval, watch_point
from dashboard.live_page import updated_badge
from dashboard.pages.control import actions, status
from dashboard.pages.control.forms import (
    FIELD_ERRORS,
    FIELD_INPUTS,
    PRIZE_IDS,
    PRIZE_LEVELS,
    SettingsForm,
    read_settings_form,
)
from dashboard.query import edition_from_search, lang_from_search
from dashboard.services import services
from data_access import committee, queries
from data_access.ceremony import CeremonyConflict, CeremonyError, CeremonySettings
from data_access.i18n import t
from data_access.models import utcnow

log = logging.getLogger(__name__)

ROLES = COMMITTEE
# Where each part of a StatusView (status.py) is drawn.
VIEW_OUTPUTS = {
    "content": Output(CONTROL_CONTENT, "children"),
    "approval": Output(CONTROL_APPROVAL, "children"),
    "demo_hidden": Output(CONTROL_DEMO, "hidden"),
    "next_disabled": Output(CONTROL_NEXT, "disabled"),
    "back_disabled": Output(CONTROL_BACK, "disabled"),
    "approve_outline": Output(CONTROL_APPROVE, "outline"),
    "revision": Output(CONTROL_REVISION, "data"),
}
UNCHANGED_VIEW = dict.fromkeys(VIEW_OUTPUTS, no_update)


def _edition_of(shown: object) -> str | None:
    """Return the edition a revision store names, or None when the page showed none yet."""
    if isinstance(shown, dict) and isinstance(shown.get("edition"), str):
        return shown["edition"]
    return None


def _refreshed(badge, *, view: status.StatusView | None = None, shown=no_update) -> dict:
    """Return the refresh's outputs: the badge always, the cards only when redrawn."""
    return {"view": view.parts() if view else UNCHANGED_VIEW, "status": badge, "shown": shown}


def _field_marks(errors: dict[str, str]) -> dict:
    """Return each settings field's invalid flag and its message (none when errors is empty)."""
    return {
        "invalid": {name: name in errors for name in FIELD_INPUTS},
        "errors": {name: errors.get(name) for name in FIELD_INPUTS},
    }


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
        output={
            "view": VIEW_OUTPUTS,
            "status": Output(CONTROL_STATUS, "children"),
            "shown": Output(CONTROL_SHOWN, "data"),
        },
        inputs=[
            Input(CONTROL_INTERVAL, "n_intervals"),
            Input(CONTROL_WAKE, "data"),
            Input(CONTROL_ACTED, "data"),
            Input(CONTROL_URL, "search"),
        ],
        state=[State(CONTROL_SHOWN, "data")],
        roles=ROLES,
    )
    def refresh_control_status(_n, _wake, _acted, search, shown):
        """Redraw the step and approval when the ceremony or the data moved; else the badge."""
        lang = lang_from_search(search)
        try:
            version, edition, revision = watch_point(edition_from_search(search))
        except SQLAlchemyError as exc:
            log.warning("control: database not readable: %s", getattr(exc, "orig", exc))
            if shown is None:
                problem = status.StatusView(components.database_problem(lang=lang))
                return _refreshed(None, view=problem, shown=None)
            return _refreshed(updated_badge(lang=lang, stale=True))
        key = {"version": version, "revision": revision, "search": search or ""}
        if shown == key:
            return _refreshed(updated_badge(lang=lang))
        if edition is None:
            code = edition_from_search(search)
            notice = (
                components.empty_state(lang=lang)
                if code is None
                else components.edition_not_found(code, lang=lang)
            )
            return _refreshed(updated_badge(lang=lang), view=status.StatusView(notice), shown=key)
        try:
            view = status.status_view(edition, version, lang=lang)
        except SQLAlchemyError as exc:
            log.warning("control: database not readable: %s", getattr(exc, "orig", exc))
            return _refreshed(updated_badge(lang=lang, stale=True))
        return _refreshed(updated_badge(lang=lang), view=view, shown=key)

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
        code = _edition_of(shown_edition)
        if code is None:
            return None
        try:
            version, edition, revision = watch_point(code)
            if edition is None:
                return None
            comparison = approval(edition.code, version, revision)
        except SQLAlchemyError as exc:
            log.warning("control banner: database not readable: %s", getattr(exc, "orig", exc))
            return no_update
        return approval_banner(comparison, detail=True, lang=lang, banner_id=CONTROL_BANNER_BOX)

    @secure_callback(
        app,
        output=[Output(CONTROL_ALERT, "children"), Output(CONTROL_ACTED, "data")],
        inputs={"clicks": {b: Input(b, prop) for b, prop in actions.ACTION_BUTTONS.items()}},
        state={"shown": State(CONTROL_REVISION, "data"), "search": State(CONTROL_URL, "search")},
        roles=ROLES,
        prevent_initial_call=True,
    )
    def act_on_ceremony(clicks, shown, search):
        """Move, reset, approve (again) or cancel; show why when the data layer refuses."""
        lang = lang_from_search(search)
        action = ctx.triggered_id
        if action not in clicks or not clicks[action]:
            return None, no_update
        code = _edition_of(shown)
        if code is None:
            return build.message(t("control.error.not_loaded", lang)), no_update
        acted = {"at": time.time()}  # any new value makes the status re-read the state now
        try:
            alert = actions.run_action(action, code, int(shown.get("revision") or 0), lang=lang)
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
        code = _edition_of(shown)
        if code is None:
            raise PreventUpdate
        try:
            state = committee.ceremony_state(services().engine, code)
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
        now = utcnow()
        try:
            screens = connected_screens(now)
        except SQLAlchemyError as exc:
            log.warning("control screens: database not readable: %s", getattr(exc, "orig", exc))
            return html.P(t("control.screens.stale", lang), className="kipp-control-muted")
        return build.screens_table(screens, now=now, edition_code=_edition_of(shown), lang=lang)

    @secure_callback(
        app,
        output={
            "slides": Output(CONTROL_SLIDES, "value"),
            "show_score": Output(CONTROL_SHOW_SCORE, "value"),
            "ceremony_time": Output(CONTROL_TIME, "value"),
            "prizes": [Output(PRIZE_IDS[level], "value") for level in PRIZE_LEVELS],
        },
        inputs=[Input(CONTROL_URL, "search")],
        roles=ROLES,
    )
    def fill_control_settings(search):
        """Fill the settings form with the edition's stored settings when the page opens."""
        try:
            code = status.shown_edition(None, search)
            settings = CeremonySettings()
            if code is not None:
                settings = committee.ceremony_state(services().engine, code).settings
        except SQLAlchemyError as exc:
            log.warning("control settings: database not readable: %s", getattr(exc, "orig", exc))
            raise PreventUpdate from exc
        form = SettingsForm.from_settings(settings)
        return {
            "slides": form.slides,
            "show_score": form.show_score,
            "ceremony_time": form.ceremony_time,
            "prizes": [form.prizes[level] for level in PRIZE_LEVELS],
        }

    @secure_callback(
        app,
        output={
            "message": Output(CONTROL_SETTINGS_MESSAGE, "children"),
            "invalid": {name: Output(field, "invalid") for name, field in FIELD_INPUTS.items()},
            "errors": {
                name: Output(FIELD_ERRORS[field], "children")
                for name, field in FIELD_INPUTS.items()
            },
        },
        inputs={"n_clicks": Input(CONTROL_SAVE, "n_clicks")},
        state={
            "slides": State(CONTROL_SLIDES, "value"),
            "show_score": State(CONTROL_SHOW_SCORE, "value"),
            "ceremony_time": State(CONTROL_TIME, "value"),
            "prizes": [State(PRIZE_IDS[level], "value") for level in PRIZE_LEVELS],
            "shown": State(CONTROL_REVISION, "data"),
            "search": State(CONTROL_URL, "search"),
        },
        roles=ROLES,
        prevent_initial_call=True,
    )
    def save_control_settings(n_clicks, slides, show_score, ceremony_time, prizes, shown, search):
        """Check and store the screen settings; show what is wrong beside each field."""
        lang = lang_from_search(search)
        if not n_clicks:
            return {"message": None, **_field_marks({})}
        form = SettingsForm(
            slides=slides or "",
            show_score=bool(show_score),
            ceremony_time=ceremony_time or "",
            prizes=dict(zip(PRIZE_LEVELS, prizes, strict=True)),
        )
        settings, errors = read_settings_form(form, lang=lang)
        if settings is None:
            return {"message": None, **_field_marks(errors)}
        try:
            code = status.shown_edition(shown, search)
            if code is None:
                message = build.message(t("control.error.not_loaded", lang))
            else:
                actions.save_settings(code, settings)
                message = build.message(t("control.settings.saved", lang), tone="success")
        except CeremonyError as exc:
            message = build.refusal(exc, conflict=False, lang=lang)
        except (SQLAlchemyError, queries.EditionNotFound) as exc:
            log.warning("control settings: not saved: %s", getattr(exc, "orig", exc))
            message = build.message(t("control.error.database", lang))
        return {"message": message, **_field_marks({})}
