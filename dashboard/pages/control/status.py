"""What the control page's refresh draws: the reveal's step, then the approval and the buttons.

The step panel is the live content (`render_status`, drawn by dashboard/live_page.py when
the data version or the ceremony revision moved). It carries, in a Store, the edition and
the ceremony revision it shows: every action names that revision, and the cards beside it
(`panels_view`) are drawn from it once the content arrived. Both read
`page_data.control_status`, cached by the revision the page watched, so they show one state;
this module opens no session (the approver's name is `page_data.approver`'s one read).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.builders import control as build
from dashboard.data import EditionRef, edition_named, watch_version
from dashboard.ids import CONTROL_REVISION
from dashboard.page_data import approver, control_status, report
from data_access.ceremony import ROTATION, SPLASH
from data_access.scoring import PRESENTATION


@dataclass(frozen=True)
class PanelsView:
    """The cards and buttons beside the step as one revision shows them; all off by default."""

    approval: Component | None = None
    demo_hidden: bool = True
    next_disabled: bool = True
    back_disabled: bool = True
    # Approved: approving again is the exception, so the approve button turns quieter.
    approve_outline: bool = False
    # Approving would be refused (a finalist without a presentation score): said, and off.
    approve_disabled: bool = False
    # Approve before an approval; re-approve and cancel after; none once locked (the
    # layout's first values).
    approve_row_hidden: bool = False
    approved_actions_hidden: bool = True
    reapprove_disabled: bool = False
    cancel_disabled: bool = False

    def parts(self) -> dict[str, Any]:
        """Return the view's parts by name (no deep copy of the components)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def render_status(edition: EditionRef, version: int, lang: str, revision: int) -> Component:
    """Return the step panel, with the edition and ceremony revision it shows for the actions."""
    state = control_status(edition, version, revision).state
    return html.Div(
        [
            build.step_panel(state, edition_name=edition.name, lang=lang),
            dcc.Store(
                id=CONTROL_REVISION, data={"edition": edition.code, "revision": state.revision}
            ),
        ]
    )


def panels_view(edition: EditionRef, version: int, revision: int, *, lang: str) -> PanelsView:
    """Return the approval card and the buttons beside the step panel drawn at this revision."""
    desk = control_status(edition, version, revision)
    edition_report = report(edition, version)
    live = edition_report.ranking
    open_by_stage = {s.stage: s.expected - s.complete for s in edition_report.progress.stages}
    state = desk.state
    can_go_on = state.next_step is not None or (state.step == SPLASH and state.snapshot is None)
    approved, locked = state.snapshot is not None, state.approval_locked
    # What approving would refuse (data_access.ceremony.approve): said before the button.
    waiting = [
        f"{r.code} · {r.title}" for r in live.rows if r.finalist and r.presentation_score is None
    ]
    blocked = (
        build.approval_blocked(
            waiting,
            [
                (f"{j.code} · {j.name}", open_count)
                for j in edition_report.progress.jurors
                if j.stage == PRESENTATION
                and (open_count := j.assigned - j.abstained - j.complete) > 0
            ],
            lang=lang,
        )
        if waiting and not approved
        else None
    )
    return PanelsView(
        approval=build.approval_panel(
            state.snapshot,
            differences=desk.differences,
            open_presentation_sheets=open_by_stage.get(PRESENTATION, 0),
            blocked=blocked,
            history=desk.history,
            locked=state.approval_locked,
            decisions=desk.decisions,
            approver=approver(state.snapshot.approved_by, lang) if state.snapshot else "",
            lang=lang,
        ),
        # The rehearsal is offered while any sheet of the demo, in either stage, is open.
        demo_hidden=not (desk.is_demo and any(n > 0 for n in open_by_stage.values())),
        next_disabled=not can_go_on,
        back_disabled=state.step == ROTATION,
        approve_outline=approved,
        approve_disabled=blocked is not None,
        approve_row_hidden=approved,
        approved_actions_hidden=not approved,
        reapprove_disabled=locked,
        cancel_disabled=locked,
    )


def edition_of(stored: object) -> str | None:
    """Return the edition a revision store names, or None when the page showed none yet."""
    if isinstance(stored, dict) and isinstance(stored.get("edition"), str):
        return stored["edition"]
    return None


def drawn_at(shown: object, stored: object) -> tuple[EditionRef, int, int] | None:
    """Return the edition, data version and watched revision the content was drawn at, or None.

    `shown` is what the live page remembers it drew (dashboard/data.Watch.key), `stored`
    the revision store inside that content (absent on a notice).
    """
    code = edition_of(stored)
    if code is None or not isinstance(shown, dict):
        return None
    version, revision = shown.get("version"), shown.get("revision")
    if not isinstance(version, int) or not isinstance(revision, int):
        return None
    edition = edition_named(code)
    return (edition, version, revision) if edition is not None else None


def edition_now(code: str | None) -> EditionRef | None:
    """Return the edition with this code (the default one for None) as the data stands now."""
    return watch_version(code).edition
