"""The control page's writes: move, reset, approve, cancel, simulate and save settings.

Each write is one call into `data_access.committee`, which owns its transaction; the
ceremony's own rules refuse what may not happen (a stale revision, a locked approval) and
this module only turns the outcome into what the committee reads.
"""

from __future__ import annotations

from dash.development.base_component import Component

from dashboard.auth import current_account
from dashboard.builders import control as build
from dashboard.ids import (
    CONTROL_APPROVE_CONFIRM,
    CONTROL_BACK,
    CONTROL_CANCEL_APPROVAL_CONFIRM,
    CONTROL_NEXT,
    CONTROL_REAPPROVE_CONFIRM,
    CONTROL_RESET_CONFIRM,
    CONTROL_SIMULATE_CONFIRM,
)
from dashboard.services import services
from data_access import committee
from data_access.backups import backup_before
from data_access.ceremony import CeremonySettings
from data_access.i18n import t

# Every button that acts on the ceremony and the property its press sets: each counts its
# clicks (an asking action's is the "Ya, …" button of its own dialog, layout.confirm_dialog).
ACTION_BUTTONS = {
    CONTROL_NEXT: "n_clicks",
    CONTROL_BACK: "n_clicks",
    CONTROL_RESET_CONFIRM: "n_clicks",
    CONTROL_APPROVE_CONFIRM: "n_clicks",
    CONTROL_REAPPROVE_CONFIRM: "n_clicks",
    CONTROL_CANCEL_APPROVAL_CONFIRM: "n_clicks",
    CONTROL_SIMULATE_CONFIRM: "n_clicks",
}
# The reveal's moves, by the button that asks for them (data_access.committee.MOVES).
MOVES = {CONTROL_NEXT: "next", CONTROL_BACK: "back", CONTROL_RESET_CONFIRM: "reset"}


def run_action(action: str, code: str, revision: int, *, lang: str) -> Component | None:
    """Run one ceremony action; return a message to show, or None when the step says it all.

    Raises what the data layer raises (CeremonyError, DatabaseProblem, EditionNotFound), and
    BackupFailed when the automatic backup due before an approval or a reset failed (then
    nothing was changed).
    """
    engine, by = services().engine, current_account().username
    if action == CONTROL_SIMULATE_CONFIRM:
        try:
            count = committee.simulate_demo(engine, code, by=by)
        except committee.NotADemo:
            return build.message(t("control.demo.only", lang), title=t("control.error.title", lang))
        except committee.NothingOpen:
            return build.message(
                t("control.demo.nothing_open", lang), title=t("control.error.title", lang)
            )
        return build.message(t("control.demo.done", lang, count=count), tone="success")
    if action in (CONTROL_APPROVE_CONFIRM, CONTROL_REAPPROVE_CONFIRM):
        again = action == CONTROL_REAPPROVE_CONFIRM
        backup_before(engine, services().settings, "approve", by=by)
        committee.approve(engine, code, by=by, again=again, expected_revision=revision)
        done = "control.reapprove.ok" if again else "control.approve.ok"
        return build.message(t(done, lang), tone="success")
    if action == CONTROL_CANCEL_APPROVAL_CONFIRM:
        committee.cancel_approval(engine, code, by=by, expected_revision=revision)
        return build.message(t("control.cancel.ok", lang), tone="success")
    if MOVES[action] == "reset":
        backup_before(engine, services().settings, "reset", by=by)
    committee.move(engine, code, MOVES[action], by=by, expected_revision=revision)
    return None


def save_settings(code: str, settings: CeremonySettings) -> None:
    """Store the screens' settings for the edition, in the committee member's name."""
    committee.save_settings(services().engine, code, settings, by=current_account().username)
