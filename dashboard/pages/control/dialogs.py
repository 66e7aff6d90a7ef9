"""The control page's own confirmation dialogs: opened by their button, closed by either
of theirs ("Batal", or the "Ya, …" the action itself listens to)."""

from __future__ import annotations

from collections.abc import Iterable

from dash import Dash, Input, Output, ctx

from dashboard.auth import secure_callback


def register_dialog(
    app: Dash, *, opener: str, dialog: str, cancel: str, confirm: str, roles: Iterable[str]
) -> None:
    """Open `dialog` on `opener`'s click; close it on `cancel` or `confirm`."""

    @secure_callback(
        app,
        Output(dialog, "is_open"),
        inputs=[
            Input(opener, "n_clicks"),
            Input(cancel, "n_clicks"),
            Input(confirm, "n_clicks"),
        ],
        roles=roles,
        prevent_initial_call=True,
    )
    def toggle_dialog(_open, _cancel, _confirm):
        return ctx.triggered_id == opener
