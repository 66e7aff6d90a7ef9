"""What the control page's refresh draws: the reveal's step, the approval and the buttons.

The reads go through `data_access.committee` (one session each, on the app's engine) and
the shared per-version report (dashboard/live.py); this module opens no session itself.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from dash.development.base_component import Component

from dashboard.builders import control as build
from dashboard.live import EditionChoice, data_version, report, resolve_edition
from dashboard.query import edition_from_search
from dashboard.services import services
from data_access import committee
from data_access.ceremony import ROTATION, SPLASH
from data_access.scoring import PRESENTATION


@dataclass(frozen=True)
class StatusView:
    """The cards and buttons as one ceremony revision shows them; a notice alone by default."""

    content: Component
    approval: Component | None = None
    demo_hidden: bool = True
    next_disabled: bool = True
    back_disabled: bool = True
    # Approved: approving again is the exception, so the approve button turns quieter.
    approve_outline: bool = False
    # The edition and ceremony revision shown, which every action names (None: nothing shown).
    revision: dict | None = None

    def parts(self) -> dict[str, Any]:
        """Return the view's parts by name (no deep copy of the components)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def status_view(edition: EditionChoice, version: int, *, lang: str) -> StatusView:
    """Return the edition's reveal and approval at this data version and ceremony revision."""
    edition_report = report(edition.code, version)
    live = edition_report.ranking
    open_sheets = sum(
        stage.expected - stage.complete
        for stage in edition_report.progress.stages
        if stage.stage == PRESENTATION
    )
    desk = committee.desk_status(services().engine, edition.code, ranking=live, version=version)
    state = desk.state
    can_go_on = state.next_step is not None or (state.step == SPLASH and state.snapshot is None)
    return StatusView(
        content=build.step_panel(state, edition_name=edition.name, lang=lang),
        approval=build.approval_panel(
            state.snapshot,
            differences=desk.differences,
            open_presentation_sheets=open_sheets,
            history=desk.history,
            locked=state.approval_locked,
            lang=lang,
        ),
        demo_hidden=not (desk.is_demo and not live.awards_decided),
        next_disabled=not can_go_on,
        back_disabled=state.step == ROTATION,
        approve_outline=state.snapshot is not None,
        revision={"edition": edition.code, "revision": state.revision},
    )


def shown_edition(shown: object, search: str | None) -> str | None:
    """Return the edition the page shows (from its store), else the one the URL names."""
    if isinstance(shown, dict) and isinstance(shown.get("edition"), str):
        return shown["edition"]
    edition = resolve_edition(edition_from_search(search), data_version())
    return edition.code if edition else None
