"""Pure builders of the Kendali Upacara page: the reveal's step, approval, messages (the
connected screens' table: dashboard/builders/control_screens.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.builders.seri import seri_decisions
from dashboard.builders.user_text import USER_TEXT_CLASS, isolate
from dashboard.ids import (
    CONTROL_APPROVAL_BLOCKED,
    CONTROL_APPROVAL_HISTORY,
    CONTROL_APPROVAL_LOCKED,
    CONTROL_DIFFERENCES,
    CONTROL_NEXT_HINT,
    CONTROL_OPEN_SHEETS,
    CONTROL_STEP,
)
from data_access.ceremony import (
    ALL,
    AWARD_LEVELS,
    ROTATION,
    SPLASH,
    ApprovalRecord,
    CeremonyError,
    CeremonyState,
    Decision,
    Snapshot,
    award_step,
    step_level,
)
from data_access.formatting import format_datetime, format_time
from data_access.i18n import t

# Every step of a full reveal, for the track shown before the results are approved.
FULL_STEPS = (ROTATION, SPLASH, *(award_step(level) for level in AWARD_LEVELS), ALL)
HASH_SHOWN = 12
HISTORY_SHOWN = 5  # the panel's short list; `ceremony status` prints all of it


# ---------------------------------------------------------------- names
def step_label(step: str, *, lang: str) -> str:
    """Return a step's name: "Juara III" for award-3, "Rotasi slide" for rotation."""
    key = f"control.step.{step}"
    try:
        return t(key, lang)
    except KeyError:
        return step


def level_label(level: int, *, lang: str) -> str:
    """Return a Juara level's name: "Juara II" for 2."""
    return step_label(award_step(level), lang=lang)


def winners_text(winners: Sequence[Mapping]) -> str:
    """Return winners as "Title (Unit)", several joined by semicolons (a seri)."""
    return "; ".join(f"{isolate(row['title'])} ({isolate(row['unit_name'])})" for row in winners)


# ---------------------------------------------------------------- the step
@dataclass(frozen=True)
class NextHint:
    """What "Berikutnya" brings: a heading, the winners' names and a note, for the presenter."""

    label: str
    detail: str
    done: bool = False


def next_hint(state: CeremonyState, *, lang: str) -> NextHint:
    """Return what the next press of "Berikutnya" reveals (names only on this page)."""
    if state.step == SPLASH and state.snapshot is None:
        return NextHint(level_label(3, lang=lang), t("control.next.needs_approval", lang))
    following = state.next_step
    if following is None:
        return NextHint(t("control.next.done", lang), t("control.next.done.note", lang), True)
    level = step_level(following)
    if level is None or state.snapshot is None:
        return NextHint(step_label(following, lang=lang), "")
    winners = state.snapshot.winners(level)
    label = level_label(level, lang=lang)
    if len(winners) > 1:
        label = f"{label} ({t('control.next.tie', lang)})"
    return NextHint(label, winners_text(winners))


def step_track(state: CeremonyState, *, lang: str) -> Component:
    """Return the reveal's steps in order: done, current, still to come, or not available."""
    steps = state.steps if state.snapshot is not None else list(FULL_STEPS)
    available = set(state.steps)
    current = steps.index(state.step) if state.step in steps else 0
    items = []
    for index, step in enumerate(steps):
        if index == current:
            tone = "current"
        elif step not in available:
            tone = "locked"
        else:
            tone = "done" if index < current else "todo"
        items.append(
            html.Li(
                step_label(step, lang=lang),
                className=f"kipp-control-track-step kipp-control-track-{tone}",
                **({"aria-current": "step"} if tone == "current" else {}),
            )
        )
    return html.Ol(
        items, className="kipp-control-track", **{"aria-label": t("control.steps", lang)}
    )


def step_panel(state: CeremonyState, *, edition_name: str, lang: str) -> Component:
    """Return the current step, big, and the presenter's hint of what comes next."""
    hint = next_hint(state, lang=lang)
    changed = (
        html.P(
            t(
                "control.changed",
                lang,
                time=format_time(state.updated_at, lang=lang),
                by=isolate(state.updated_by or "–"),
            ),
            className="kipp-control-changed",
        )
        if state.updated_at is not None and state.revision > 0
        else None
    )
    return html.Div(
        [
            html.P(edition_name, className=f"kipp-control-edition {USER_TEXT_CLASS}"),
            html.P(t("control.now", lang), className="kipp-control-label"),
            html.P(
                step_label(state.step, lang=lang),
                id=CONTROL_STEP,
                className="kipp-control-step",
                **{"data-step": state.step},
            ),
            changed,
            html.Div(
                [
                    html.P(
                        [
                            html.Span(
                                f"{t('control.next', lang)}: ", className="kipp-control-label"
                            ),
                            html.Strong(hint.label),
                            html.Span(f" — {hint.detail}") if hint.detail else None,
                        ],
                        className="kipp-control-next-text",
                    ),
                    html.P(t("control.presenter_only", lang), className="kipp-control-private")
                    if not hint.done
                    else None,
                ],
                id=CONTROL_NEXT_HINT,
                className="kipp-control-next" + (" kipp-control-next-done" if hint.done else ""),
            ),
            step_track(state, lang=lang),
        ],
        className="kipp-control-now",
    )


# ---------------------------------------------------------------- approval
def short_hash(value: str) -> str:
    """Return the first characters of a fingerprint, enough to compare by eye."""
    return value[:HASH_SHOWN]


def approval_blocked(
    waiting: Sequence[str], open_by_juror: Sequence[tuple[str, int]], *, lang: str
) -> Component:
    """Return why approving would be refused now: the finalists without a presentation
    score (code · title) and the jurors whose presentation sheets are not complete."""
    finalists = "; ".join(isolate(w) for w in waiting)
    parts = [
        html.P(
            t("control.approval.blocked", lang, count=len(waiting), finalists=finalists),
            className="mb-1 fw-semibold",
        )
    ]
    if open_by_juror:
        jurors = ", ".join(
            t("control.approval.juror_open", lang, juror=isolate(name), count=count)
            for name, count in open_by_juror
        )
        parts.append(
            html.P(t("control.approval.blocked_jurors", lang, jurors=jurors), className="mb-0")
        )
    return dbc.Alert(parts, color="danger", id=CONTROL_APPROVAL_BLOCKED, className="mb-2")


def approval_panel(
    snapshot: Snapshot | None,
    *,
    differences: Sequence[str] = (),
    open_presentation_sheets: int = 0,
    blocked: Component | None = None,
    history: Sequence[ApprovalRecord] = (),
    locked: bool = False,
    decisions: Sequence[Decision] = (),
    approver: str = "",
    lang: str,
) -> Component:
    """Return whether the results are approved: when, by whom, fingerprint and data version.

    `approver` names who approved (display name and NIP); the username stands in without it.
    """
    seri = seri_decisions(decisions, snapshot, lang=lang)
    if snapshot is None:
        return html.Div(
            [
                dbc.Badge(t("control.approval.none", lang), color="secondary", className="mb-2"),
                html.P(t("control.approval.none.body", lang), className="kipp-control-muted"),
                blocked
                or (
                    dbc.Alert(
                        t("control.approval.open_sheets", lang, count=open_presentation_sheets),
                        color="warning",
                        id=CONTROL_OPEN_SHEETS,
                        className="kipp-control-open-sheets",
                    )
                    if open_presentation_sheets
                    else None
                ),
                seri,
                approval_history(history, lang=lang),
            ],
            className="kipp-control-approval",
        )
    facts = [
        (t("control.approval.at", lang), format_datetime(snapshot.approved_at, lang=lang)),
        (
            t("control.approval.by", lang),
            html.Span(approver or snapshot.approved_by or "–", className=USER_TEXT_CLASS),
        ),
        (
            t("control.approval.hash", lang),
            html.Code(short_hash(snapshot.hash), title=snapshot.hash),
        ),
        # A version is an identifier, not a quantity: no thousands separators.
        (t("control.approval.version", lang), str(snapshot.data_version)),
    ]
    return html.Div(
        [
            dbc.Badge(t("control.approval.done", lang), color="success", className="mb-2"),
            html.Dl(
                [part for label, value in facts for part in (html.Dt(label), html.Dd(value))],
                className="kipp-control-facts",
            ),
            differences_notice(differences, lang=lang),
            seri,
            html.P(
                t("control.approval.locked", lang),
                id=CONTROL_APPROVAL_LOCKED,
                className="kipp-control-locked",
            )
            if locked
            else None,
            approval_history(history, lang=lang),
        ],
        className="kipp-control-approval",
    )


def approval_history(history: Sequence[ApprovalRecord], *, lang: str) -> Component | None:
    """Return the latest approval actions, newest first: what, when, who, hash before → after."""
    if not history:
        return None
    items = [
        html.Li(
            [
                html.Span(
                    t(
                        "control.approval.entry",
                        lang,
                        action=t(f"control.approval.action.{entry.action}", lang),
                        time=format_datetime(entry.at, lang=lang),
                    ),
                ),
                " ",
                html.Span(entry.by or "–", className=USER_TEXT_CLASS),
                html.Br(),
                html.Code(
                    f"{short_hash(entry.old_hash or '') or '–'} → "
                    f"{short_hash(entry.new_hash or '') or '–'}"
                ),
            ],
            className=f"kipp-control-history-{entry.action}",
        )
        for entry in reversed(history[-HISTORY_SHOWN:])
    ]
    return html.Div(
        [
            html.P(t("control.approval.history", lang), className="kipp-control-label mb-1"),
            html.Ol(items, className="kipp-control-history", reversed=True),
        ],
        id=CONTROL_APPROVAL_HISTORY,
    )


def differences_notice(differences: Sequence[str], *, lang: str) -> Component | None:
    """Return the warning that live results moved away from the approved ones, or None."""
    if not differences:
        return None
    return dbc.Alert(
        [
            html.P(html.Strong(t("control.differ.title", lang)), className="mb-1"),
            html.P(
                t("control.differ.body", lang, codes=", ".join(isolate(c) for c in differences)),
                className="mb-0",
            ),
        ],
        color="warning",
        id=CONTROL_DIFFERENCES,
        className="kipp-control-differences mb-0",
    )


# ---------------------------------------------------------------- messages
def message(text: str, *, title: str | None = None, tone: str = "danger") -> Component:
    """Return a dismissable alert with an optional bold title (errors stay until closed)."""
    return dbc.Alert(
        [html.Strong(title), " ", text] if title else text,
        color=tone,
        dismissable=True,
        duration=None if tone in ("danger", "warning") else 6000,
        className="kipp-control-alert",
    )


def refusal(exc: CeremonyError, *, conflict: bool, lang: str) -> Component:
    """Return a refused action's reason under a title, both in the page's language."""
    title = t("control.conflict.title" if conflict else "control.error.title", lang)
    return message(exc.text(lang), title=f"{title}:", tone="warning" if conflict else "danger")
