"""The control page's callbacks, each named for what it draws; every one checks the role.

The step panel is a live page's content (dashboard/live_page.py): every tick reads the data
version and the ceremony revision (data.watch_control, both read now) and the panel is drawn
again only when one of them moved, or after an action (which wakes the refresh). The approval card,
the buttons and the banner follow the panel once it arrived; the list of connected screens
is redrawn every second.
"""

from __future__ import annotations

import logging
import time

from dash import Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.auth import COMMITTEE, secure_callback
from dashboard.builders import control as build
from dashboard.builders import control_screens
from dashboard.builders.approval import CONTROL_BANNER, CONTROL_BANNER_BOX, approval_banner
from dashboard.data import DatabaseProblem, watch_control
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
    CONTROL_SETTINGS_MESSAGE,
    CONTROL_SHOW_SCORE,
    CONTROL_SHOWN,
    CONTROL_SIMULATE,
    CONTROL_SIMULATE_CONFIRM,
    CONTROL_SLIDE_ON,
    CONTROL_SLIDE_SECONDS,
    CONTROL_SLIDES_ERROR,
    CONTROL_TIME,
    CONTROL_URL,
    CONTROL_WAKE,
)
from dashboard.live_page import register_live_page
from dashboard.page_data import approval, approver, ceremony_state
from dashboard.pages.control import actions, status
from dashboard.pages.control.dialogs import register_dialog
from dashboard.pages.control.forms import (
    FIELD_ERRORS,
    FIELD_INPUTS,
    PRIZE_IDS,
    PRIZE_LEVELS,
    SettingsForm,
    read_settings_form,
)
from dashboard.pages.control.layout import PAGE
from dashboard.pages.control.seri import register_seri_callbacks
from dashboard.query import edition_from_search, lang_from_search
from dashboard.screen_data import connected_screens
from data_access import queries
from data_access.backups import BackupFailed
from data_access.ceremony import SLIDES, CeremonyConflict, CeremonyError, CeremonySettings
from data_access.i18n import t
from data_access.models import utcnow

log = logging.getLogger(__name__)

ROLES = COMMITTEE
# Where each part of a PanelsView (status.py) is drawn.
PANEL_OUTPUTS = {
    "approval": Output(CONTROL_APPROVAL, "children"),
    "demo_hidden": Output(CONTROL_DEMO, "hidden"),
    "next_disabled": Output(CONTROL_NEXT, "disabled"),
    "back_disabled": Output(CONTROL_BACK, "disabled"),
    "approve_outline": Output(CONTROL_APPROVE, "outline"),
    "approve_disabled": Output(CONTROL_APPROVE, "disabled"),
    "approve_row_hidden": Output(CONTROL_APPROVE_ROW, "hidden"),
    "approved_actions_hidden": Output(CONTROL_APPROVED_ACTIONS, "hidden"),
    "reapprove_disabled": Output(CONTROL_REAPPROVE, "disabled"),
    "cancel_disabled": Output(CONTROL_CANCEL_APPROVAL, "disabled"),
}
# The revision store lives inside the step panel: absent until the panel came, and on notices.
DRAWN_REVISION = State(CONTROL_REVISION, "data", allow_optional=True)


def _shown_edition(stored: object, search: str | None) -> str | None:
    """Return the edition the page shows (from its revision store), else the one the URL names."""
    code = status.edition_of(stored)
    if code is not None:
        return code
    edition = status.edition_now(edition_from_search(search))
    return edition.code if edition else None


def _field_marks(errors: dict[str, str]) -> dict:
    """Return each settings field's invalid flag and its message (none when errors is empty);
    a wrong choice of slides marks every slide's seconds and says what is wrong once."""
    return {
        "invalid": {name: name in errors for name in FIELD_INPUTS},
        "errors": {name: errors.get(name) for name in FIELD_INPUTS},
        "slides_invalid": {name: "slides" in errors for name in SLIDES},
        "slides_error": errors.get("slides"),
    }


def _whole(value: object) -> int | None:
    """Return a number the form sent as a whole number of seconds, None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def register_callbacks(app: Dash) -> None:
    """Wire the page's refresh, its actions, the screens list, the settings and the seri."""
    # Per committee member (what they may do is theirs), and every tick asks the server:
    # an action elsewhere moves the ceremony revision, not the data version /api/versi reads.
    register_live_page(
        app,
        PAGE,
        roles=ROLES,
        render=status.render_status,
        watch=watch_control,
        every_tick=True,
        shared=False,
    )

    @secure_callback(
        app,
        output=PANEL_OUTPUTS,
        inputs=[Input(CONTROL_SHOWN, "data")],
        state=[DRAWN_REVISION, State(CONTROL_URL, "search")],
        roles=ROLES,
        prevent_initial_call=True,
    )
    def refresh_control_panels(shown, stored, search):
        """Redraw the approval card and the buttons whenever the step panel was redrawn.

        Before an approval it offers approve; after, re-approve and cancel; none once locked.
        """
        lang = lang_from_search(search)
        try:
            drawn = status.drawn_at(shown, stored)
            view = status.panels_view(*drawn, lang=lang) if drawn else status.PanelsView()
        except DatabaseProblem as exc:
            log.warning("control panels: database not readable: %s", getattr(exc, "orig", exc))
            return dict.fromkeys(PANEL_OUTPUTS, no_update)
        return view.parts()

    @secure_callback(
        app,
        Output(CONTROL_BANNER, "children"),
        Input(CONTROL_SHOWN, "data"),
        DRAWN_REVISION,
        State(CONTROL_URL, "search"),
        roles=ROLES,
        prevent_initial_call=True,
    )
    def refresh_control_banner(shown, stored, search):
        """Redraw the approval banner whenever the step panel was redrawn."""
        lang = lang_from_search(search)
        try:
            drawn = status.drawn_at(shown, stored)
            if drawn is None:
                return None
            comparison = approval(*drawn)
            by = approver(comparison.approved_by, lang) if comparison else ""
        except DatabaseProblem as exc:
            log.warning("control banner: database not readable: %s", getattr(exc, "orig", exc))
            return no_update
        return approval_banner(
            comparison, detail=True, lang=lang, banner_id=CONTROL_BANNER_BOX, approver=by
        )

    @secure_callback(
        app,
        # Wakes the refresh: the step panel is due again at once (its revision moved).
        output=[Output(CONTROL_ALERT, "children"), Output(CONTROL_WAKE, "data")],
        inputs={"clicks": {b: Input(b, prop) for b, prop in actions.ACTION_BUTTONS.items()}},
        state={"shown": DRAWN_REVISION, "search": State(CONTROL_URL, "search")},
        roles=ROLES,
        prevent_initial_call=True,
    )
    def act_on_ceremony(clicks, shown, search):
        """Move, reset, approve (again) or cancel; show why when the data layer refuses."""
        lang = lang_from_search(search)
        action = ctx.triggered_id
        if action not in clicks or not clicks[action]:
            return None, no_update
        code = status.edition_of(shown)
        if code is None:
            return build.message(t("control.error.not_loaded", lang)), no_update
        acted = {"at": time.time()}  # any new value makes the refresh read the ceremony now
        try:
            alert = actions.run_action(action, code, int(shown.get("revision") or 0), lang=lang)
        except CeremonyConflict as exc:
            return build.refusal(exc, conflict=True, lang=lang), acted
        except CeremonyError as exc:
            return build.refusal(exc, conflict=False, lang=lang), acted
        except (DatabaseProblem, queries.EditionNotFound) as exc:
            log.warning("control: %s failed: %s", action, getattr(exc, "orig", exc))
            return build.message(t("control.error.database", lang)), no_update
        except BackupFailed as exc:  # nothing changed: the action waits for a backup
            log.error("control: %s stopped: automatic backup failed: %s", action, exc)
            text = t("backup.auto.stopped", lang, reason=exc.message.text(lang))
            return build.message(text, title=t("control.error.title", lang)), no_update
        return alert, acted

    @secure_callback(
        app,
        Output(CONTROL_SCREENS, "children"),
        Input(CONTROL_INTERVAL, "n_intervals"),
        Input(CONTROL_WAKE, "data"),
        Input(CONTROL_URL, "search"),
        DRAWN_REVISION,
        roles=ROLES,
    )
    def refresh_control_screens(_n, _wake, search, stored):
        """List every registered ceremony screen, connected or not, every second."""
        lang = lang_from_search(search)
        now = utcnow()
        try:
            screens = connected_screens(now)
        except DatabaseProblem as exc:
            log.warning("control screens: database not readable: %s", getattr(exc, "orig", exc))
            return html.P(t("control.screens.stale", lang), className="kipp-control-muted")
        shown = status.edition_of(stored)
        return control_screens.screens_table(screens, now=now, edition_code=shown, lang=lang)

    @secure_callback(
        app,
        output={
            "slides_on": {n: Output(CONTROL_SLIDE_ON[n], "value") for n in SLIDES},
            "seconds": {n: Output(CONTROL_SLIDE_SECONDS[n], "value") for n in SLIDES},
            "show_score": Output(CONTROL_SHOW_SCORE, "value"),
            "hide_missing": Output(CONTROL_HIDE_MISSING, "value"),
            "ceremony_time": Output(CONTROL_TIME, "value"),
            "prizes": [Output(PRIZE_IDS[level], "value") for level in PRIZE_LEVELS],
        },
        inputs=[Input(CONTROL_URL, "search")],
        roles=ROLES,
    )
    def fill_control_settings(search):
        """Fill the settings form with the edition's stored settings when the page opens."""
        try:
            edition = status.edition_now(edition_from_search(search))
            settings = CeremonySettings()
            if edition is not None:
                settings = ceremony_state(edition).settings
        except DatabaseProblem as exc:
            log.warning("control settings: database not readable: %s", getattr(exc, "orig", exc))
            raise PreventUpdate from exc
        form = SettingsForm.from_settings(settings)
        return {
            "slides_on": {name: on for name, (on, _seconds) in form.slides.items()},
            "seconds": {name: seconds for name, (_on, seconds) in form.slides.items()},
            "show_score": form.show_score,
            "hide_missing": form.hide_missing,
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
            "slides_invalid": {n: Output(CONTROL_SLIDE_SECONDS[n], "invalid") for n in SLIDES},
            "slides_error": Output(CONTROL_SLIDES_ERROR, "children"),
        },
        inputs={"n_clicks": Input(CONTROL_SAVE, "n_clicks")},
        state={
            "slides_on": {n: State(CONTROL_SLIDE_ON[n], "value") for n in SLIDES},
            "seconds": {n: State(CONTROL_SLIDE_SECONDS[n], "value") for n in SLIDES},
            "show_score": State(CONTROL_SHOW_SCORE, "value"),
            "hide_missing": State(CONTROL_HIDE_MISSING, "value"),
            "ceremony_time": State(CONTROL_TIME, "value"),
            "prizes": [State(PRIZE_IDS[level], "value") for level in PRIZE_LEVELS],
            "shown": DRAWN_REVISION,
            "search": State(CONTROL_URL, "search"),
        },
        roles=ROLES,
        prevent_initial_call=True,
    )
    def save_control_settings(
        n_clicks, slides_on, seconds, show_score, hide_missing, ceremony_time, prizes, shown, search
    ):
        """Check and store the screen settings; show what is wrong beside each field."""
        lang = lang_from_search(search)
        if not n_clicks:
            return {"message": None, **_field_marks({})}
        form = SettingsForm(
            slides={
                n: (bool((slides_on or {}).get(n)), _whole((seconds or {}).get(n))) for n in SLIDES
            },
            show_score=bool(show_score),
            hide_missing=bool(hide_missing),
            ceremony_time=ceremony_time or "",
            prizes=dict(zip(PRIZE_LEVELS, prizes, strict=True)),
        )
        settings, errors = read_settings_form(form, lang=lang)
        if settings is None:
            return {"message": None, **_field_marks(errors)}
        try:
            code = _shown_edition(shown, search)
            if code is None:
                message = build.message(t("control.error.not_loaded", lang))
            else:
                actions.save_settings(code, settings)
                message = build.message(t("control.settings.saved", lang), tone="success")
        except CeremonyError as exc:
            message = build.refusal(exc, conflict=False, lang=lang)
        except (DatabaseProblem, queries.EditionNotFound) as exc:
            log.warning("control settings: not saved: %s", getattr(exc, "orig", exc))
            message = build.message(t("control.error.database", lang))
        return {"message": message, **_field_marks({})}

    openers = {
        CONTROL_RESET_CONFIRM: CONTROL_RESET,
        CONTROL_APPROVE_CONFIRM: CONTROL_APPROVE,
        CONTROL_REAPPROVE_CONFIRM: CONTROL_REAPPROVE,
        CONTROL_CANCEL_APPROVAL_CONFIRM: CONTROL_CANCEL_APPROVAL,
        CONTROL_SIMULATE_CONFIRM: CONTROL_SIMULATE,
    }
    for confirm, (dialog, cancel) in CONTROL_DIALOGS.items():
        register_dialog(
            app, opener=openers[confirm], dialog=dialog, cancel=cancel, confirm=confirm, roles=ROLES
        )

    register_seri_callbacks(app)
