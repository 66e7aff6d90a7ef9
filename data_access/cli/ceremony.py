"""The award ceremony: approve the results, move the reveal, its screens' settings and photos."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from sqlalchemy.orm import Session

from data_access import ceremony as reveal
from data_access.cli.common import (
    READ_EDITION_HELP,
    WRITE_EDITION_HELP,
    CliError,
    Group,
    Runtime,
    cli_user,
    help_text,
    only_edition,
    pass_runtime,
    reading_edition,
)
from data_access.db import transaction
from data_access.formatting import iso_minutes
from data_access.i18n import Message, compact, t
from data_access.migrate import upgrade

# The award levels are called "Juara" in both languages.
STEP_NAMES: dict[str, Message | str] = {
    "rotation": Message("cli.step.rotation"),
    "splash": Message("cli.step.splash"),
    "award-3": "Juara III",
    "award-2": "Juara II",
    "award-1": "Juara I",
    "all": Message("cli.step.all"),
}


APPROVAL_ACTIONS = {
    "approve": Message("cli.action.approve"),
    "reapprove": Message("cli.action.reapprove"),
    "cancel": Message("cli.action.cancel"),
}


@click.group(cls=Group, help=help_text("cli.help.ceremony"))
def ceremony() -> None:
    """Run the award ceremony: approval, the reveal, its screens' settings and photos."""


# Only `status` may fall back to the default edition: the others change an edition, so a
# wrong guess would move or approve another ceremony.
read_edition = click.option("--edition", help=READ_EDITION_HELP)
write_edition = click.option("--edition", help=WRITE_EDITION_HELP)
by_option = click.option("--by", help=help_text("cli.help.ceremony.by"))


def _actor(by: str | None) -> str:
    return by or cli_user()


@contextmanager
def _session(run: Runtime, code: str) -> Iterator[Session]:
    """Open a transaction whose ceremony refusals reach the user in both languages."""
    try:
        with transaction(run.engine) as session:
            yield session
    except reveal.AlreadyApproved as exc:
        raise CliError(Message("cli.already_approved", code=code)) from exc
    except reveal.CeremonyError as exc:
        raise CliError(str(exc)) from exc


def _changing(run: Runtime, edition: str | None) -> str:
    """Migrate, then return the edition a changing command acts on."""
    upgrade(run.engine)
    return only_edition(run.engine, edition)


def _short(value: str | None) -> str:
    return value[:12] if value else "-"


def _print_approval_history(history: list[Any]) -> None:
    print("approval_history:" + ("" if history else " -"))
    for entry in history:
        print(
            f"  {iso_minutes(entry.at)} WIB  "
            f"{APPROVAL_ACTIONS.get(entry.action, entry.action)}  {compact('cli.by')} {entry.by}  "
            f"{_short(entry.old_hash)} -> {_short(entry.new_hash)}"
        )


def _print_ceremony(state: Any) -> None:
    snapshot = state.snapshot
    print(f"edition: {state.edition_code}")
    print(f"step: {state.step} ({STEP_NAMES.get(state.step, state.step)})")
    print(f"next: {state.next_step or '-'}")
    print(f"steps: {' -> '.join(state.steps)}")
    print(f"revision: {state.revision}")
    # Scripts read the values ("no", a time); the Indonesian reading follows a "no".
    if snapshot is None:
        print(f"approved: no / {t('cli.status.not_approved', 'id')}")
    else:
        by = f"{compact('cli.by')} {snapshot.approved_by}"
        print(f"approved: {iso_minutes(snapshot.approved_at)} {by}")
        print(f"snapshot_hash: {snapshot.hash}")
        print(f"data_version: {snapshot.data_version}")
    # Once a winner has been on screen the approval can no longer change (not even after reset).
    locked = (
        iso_minutes(state.locked_at)
        if state.locked_at
        else f"no / {t('cli.status.not_locked', 'id')}"
    )
    print(f"approval_locked: {locked}")


@ceremony.command(help=help_text("cli.help.ceremony.status"))
@read_edition
@by_option
@pass_runtime
def status(run: Runtime, edition: str | None, by: str | None) -> None:
    """Print where the reveal stands and the approval's history."""
    from data_access.ceremony import approval_history

    upgrade(run.engine)
    code = reading_edition(run.engine, edition)
    with _session(run, code) as session:
        state = reveal.get_state(session, code)
        history = approval_history(session, code)
        decisions = reveal.edition_decisions(session, code)
    _print_ceremony(state)
    # Before the history, which scripts read to the end of the output.
    _print_decisions(decisions, state.snapshot)
    _print_approval_history(history)


def _print_decisions(decisions: list[reveal.Decision], snapshot: Any) -> None:
    """Print the recorded seri decisions, each saying whether the approval holds it."""
    print("seri_decisions:" + ("" if decisions else " -"))
    for decision in decisions:
        held = snapshot is not None and decision.payload() in snapshot.seri_decisions
        note = "approved" if held else f"not approved / {t('seri.decision.not_approved', 'id')}"
        print(f"  {','.join(decision.order)}  [{note}]")
        print(f"    chair: {decision.chair}")
        print(f"    reason: {decision.reason}")
        print(f"    {compact('cli.by')} {decision.by}, {iso_minutes(decision.at)} WIB")


@ceremony.command(help=help_text("cli.help.ceremony.approve"))
@write_edition
@by_option
@click.option("--again", is_flag=True, help=help_text("cli.help.ceremony.approve.again"))
@pass_runtime
def approve(run: Runtime, edition: str | None, by: str | None, again: bool) -> None:
    """Approve the results: freeze the ranking the ceremony will reveal."""
    code = _changing(run, edition)
    _back_up(run, "approve", by)
    with _session(run, code) as session:
        snapshot = reveal.approve(session, code, by=_actor(by), again=again)
        done = Message("cli.approved_again" if again else "cli.approved")
        print(f"{done}: {code}, {iso_minutes(snapshot.approved_at)}")
        state = reveal.get_state(session, code)
    _print_ceremony(state)


@ceremony.command("cancel-approval", help=help_text("cli.help.ceremony.cancel_approval"))
@write_edition
@by_option
@pass_runtime
def cancel_approval(run: Runtime, edition: str | None, by: str | None) -> None:
    """Cancel the approval, as long as no winner has been shown."""
    code = _changing(run, edition)
    with _session(run, code) as session:
        state = reveal.cancel_approval(session, code, by=_actor(by))
        print(f"{Message('cli.approval_cancelled')}: {code}")
    _print_ceremony(state)


@ceremony.command(help=help_text("cli.help.ceremony.seri"))
@write_edition
@by_option
@click.option("--order", help=help_text("cli.help.ceremony.seri.order"))
@click.option("--reason", help=help_text("cli.help.ceremony.seri.reason"))
@click.option("--chair", help=help_text("cli.help.ceremony.seri.chair"))
@click.option("--clear", is_flag=True, help=help_text("cli.help.ceremony.seri.clear"))
@pass_runtime
def seri(
    run: Runtime,
    edition: str | None,
    by: str | None,
    order: str | None,
    reason: str | None,
    chair: str | None,
    clear: bool,
) -> None:
    """Record (or clear) the jury's decision on a seri at Juara I-III."""
    codes = [c.strip() for c in order.split(",")] if order else None
    if not clear and not (codes and reason and chair):
        raise CliError(Message("cli.seri_needs"))
    code = _changing(run, edition)
    with _session(run, code) as session:
        if clear:
            removed = reveal.clear_decisions(session, code, codes)
            print(f"{Message('cli.seri_cleared')}: {code}, {removed}")
        else:
            decision = reveal.record_decision(
                session, code, codes or [], reason=reason or "", chair=chair or "", by=_actor(by)
            )
            print(f"{Message('cli.seri_recorded')}: {code}, {','.join(decision.order)}")
        state = reveal.get_state(session, code)
        decisions = reveal.edition_decisions(session, code)
    _print_ceremony(state)
    _print_decisions(decisions, state.snapshot)


def _back_up(run: Runtime, action: str, by: str | None) -> None:
    """Make the automatic backup due before an approval or a reset; stop if it fails."""
    from data_access.backups import BackupFailed, backup_before

    try:
        made = backup_before(run.engine, run.settings, action, by=_actor(by))
    except BackupFailed as exc:
        raise CliError(str(Message("backup.auto.stopped", reason=exc.message))) from exc
    if made is not None:  # on stderr: stdout stays the ceremony's state
        print(f"{Message('backup.auto.made')}: {made.path}", file=sys.stderr)


def _move(run: Runtime, edition: str | None, by: str | None, action: str) -> None:
    """Take one step of the reveal (next, back or reset) and print where it stands."""
    code = _changing(run, edition)
    if action == "reset":
        _back_up(run, "reset", by)
    with _session(run, code) as session:
        state = reveal.move(session, code, action, by=_actor(by))
    _print_ceremony(state)


@ceremony.command("next", help=help_text("cli.help.ceremony.next"))
@write_edition
@by_option
@pass_runtime
def next_(run: Runtime, edition: str | None, by: str | None) -> None:
    """Move the reveal one step forward."""
    _move(run, edition, by, "next")


@ceremony.command(help=help_text("cli.help.ceremony.back"))
@write_edition
@by_option
@pass_runtime
def back(run: Runtime, edition: str | None, by: str | None) -> None:
    """Move the reveal one step back."""
    _move(run, edition, by, "back")


@ceremony.command(help=help_text("cli.help.ceremony.reset"))
@write_edition
@by_option
@pass_runtime
def reset(run: Runtime, edition: str | None, by: str | None) -> None:
    """Take the screens back to the slide rotation."""
    _move(run, edition, by, "reset")


@ceremony.command(help=help_text("cli.help.ceremony.settings"))
@write_edition
@by_option
@click.option(
    "--slides",
    help=f"{help_text('cli.help.ceremony.settings.slides')} "
    "progress:20,participation:15,finalists:20",
)
@click.option(
    "--show-score/--hide-score",
    "show_score",
    default=None,
    help=help_text("cli.help.ceremony.settings.show_score"),
)
@click.option(
    "--hide-missing/--show-missing",
    "hide_missing",
    default=None,
    help=help_text("cli.help.ceremony.settings.hide_missing"),
)
@click.option("--ceremony-time", help=help_text("cli.help.ceremony.settings.ceremony_time"))
@click.option("--prize-1", help=help_text("cli.help.ceremony.settings.prize", level=1))
@click.option("--prize-2", help=help_text("cli.help.ceremony.settings.prize", level=2))
@click.option("--prize-3", help=help_text("cli.help.ceremony.settings.prize", level=3))
@pass_runtime
def settings(
    run: Runtime,
    edition: str | None,
    by: str | None,
    slides: str | None,
    show_score: bool | None,
    hide_missing: bool | None,
    ceremony_time: str | None,
    prize_1: str | None,
    prize_2: str | None,
    prize_3: str | None,
) -> None:
    """Change the screens' settings; an option left out keeps its value."""
    code = _changing(run, edition)
    with _session(run, code) as session:
        current = reveal.get_state(session, code).settings
        prizes = dict(current.prizes)
        for level, text in ((1, prize_1), (2, prize_2), (3, prize_3)):
            if text is not None:
                prizes[level] = text.strip()
        new = reveal.CeremonySettings(
            slides=reveal.parse_slides(slides) if slides else current.slides,
            show_score=current.show_score if show_score is None else show_score,
            prizes=prizes,
            ceremony_time=reveal.validate_ceremony_time(ceremony_time)
            if ceremony_time
            else current.ceremony_time,
            hide_missing=current.hide_missing if hide_missing is None else hide_missing,
        )
        state = reveal.save_settings(session, code, new, by=_actor(by))
        print(f"slides: {reveal.slides_spec(new.slides)}")
        print(f"show_score: {'yes' if new.show_score else 'no'}")
        print(f"hide_missing: {'yes' if new.hide_missing else 'no'}")
        print(f"ceremony_time: {new.ceremony_time}")
        for level in reveal.AWARD_LEVELS:
            print(f"prize_{level}: {new.prizes[level]}")
    _print_ceremony(state)


# FILE names the argument in both languages: click shows it so in the usage line.
@ceremony.command(
    help=f"{help_text('cli.help.ceremony.photo')}\n\n"
    f"FILE: {help_text('cli.help.ceremony.photo.file')}"
)
@write_edition
@by_option
@click.option("--innovation", required=True, help=help_text("cli.help.ceremony.photo.innovation"))
@click.option("--caption", default=None, help=help_text("cli.help.ceremony.photo.caption"))
@click.argument("file")
@pass_runtime
def photo(
    run: Runtime,
    edition: str | None,
    by: str | None,
    innovation: str,
    caption: str | None,
    file: str,
) -> None:
    """Store an innovation's photo (and its caption) for the ceremony screens."""
    code = _changing(run, edition)
    try:
        with Path(file).open("rb") as handle:  # one byte past the limit: refused as too large
            data = handle.read(reveal.MAX_PHOTO_BYTES + 1)
        with _session(run, code) as session:
            reveal.set_photo(session, code, innovation, data, caption=caption, by=_actor(by))
    except OSError as exc:
        raise CliError(f"{Message('cli.cannot_read_file')}: {exc}") from exc
    print(f"{Message('cli.photo_saved')}: {innovation}")
