"""The award ceremony: approve the results, move the reveal, its screens' settings and photos."""

from __future__ import annotations

import os
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
    only_edition,
    pass_runtime,
    reading_edition,
)
from data_access.db import transaction
from data_access.formatting import iso_minutes
from data_access.i18n import Message
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


@click.group(cls=Group)
def ceremony() -> None:
    """upacara penghargaan / the award ceremony"""


# Only `status` may fall back to the default edition: the others change an edition, so a
# wrong guess would move or approve another ceremony.
read_edition = click.option("--edition", help=READ_EDITION_HELP)
write_edition = click.option("--edition", help=WRITE_EDITION_HELP)
by_option = click.option("--by", help="who acts (default: $USER)")


def _actor(by: str | None) -> str:
    return by or os.environ.get("USER", "") or "cli"


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
            f"{APPROVAL_ACTIONS.get(entry.action, entry.action)}  by {entry.by}  "
            f"{_short(entry.old_hash)} -> {_short(entry.new_hash)}"
        )


def _print_ceremony(state: Any) -> None:
    snapshot = state.snapshot
    print(f"edition: {state.edition_code}")
    print(f"step: {state.step} ({STEP_NAMES.get(state.step, state.step)})")
    print(f"next: {state.next_step or '-'}")
    print(f"steps: {' -> '.join(state.steps)}")
    print(f"revision: {state.revision}")
    if snapshot is None:
        print("approved: no / belum disetujui")
    else:
        print(f"approved: {iso_minutes(snapshot.approved_at)} by {snapshot.approved_by}")
        print(f"snapshot_hash: {snapshot.hash}")
        print(f"data_version: {snapshot.data_version}")
    # Once a winner has been on screen the approval can no longer change (not even after reset).
    locked = iso_minutes(state.locked_at) if state.locked_at else "no / belum"
    print(f"approval_locked: {locked}")


@ceremony.command()
@read_edition
@by_option
@pass_runtime
def status(run: Runtime, edition: str | None, by: str | None) -> None:
    """keadaan / where the reveal stands"""
    from data_access.ceremony import approval_history

    upgrade(run.engine)
    code = reading_edition(run.engine, edition)
    with _session(run, code) as session:
        state = reveal.get_state(session, code)
        history = approval_history(session, code)
    _print_ceremony(state)
    _print_approval_history(history)


@ceremony.command()
@write_edition
@by_option
@click.option(
    "--again",
    is_flag=True,
    help="setujui ulang hasil yang sudah disetujui (tercatat) / "
    "approve approved results again (recorded)",
)
@pass_runtime
def approve(run: Runtime, edition: str | None, by: str | None, again: bool) -> None:
    """setujui hasil / approve the results (freeze the ranking)"""
    code = _changing(run, edition)
    with _session(run, code) as session:
        snapshot = reveal.approve(session, code, by=_actor(by), again=again)
        done = Message("cli.approved_again" if again else "cli.approved")
        print(f"{done}: {code}, {iso_minutes(snapshot.approved_at)}")
        state = reveal.get_state(session, code)
    _print_ceremony(state)


@ceremony.command("cancel-approval")
@write_edition
@by_option
@pass_runtime
def cancel_approval(run: Runtime, edition: str | None, by: str | None) -> None:
    """batalkan persetujuan sebelum pengumuman / cancel the approval before the reveal"""
    code = _changing(run, edition)
    with _session(run, code) as session:
        state = reveal.cancel_approval(session, code, by=_actor(by))
        print(f"{Message('cli.approval_cancelled')}: {code}")
    _print_ceremony(state)


def _move(run: Runtime, edition: str | None, by: str | None, action: str) -> None:
    """Take one step of the reveal (next, back or reset) and print where it stands."""
    code = _changing(run, edition)
    with _session(run, code) as session:
        state = reveal.move(session, code, action, by=_actor(by))
    _print_ceremony(state)


@ceremony.command("next")
@write_edition
@by_option
@pass_runtime
def next_(run: Runtime, edition: str | None, by: str | None) -> None:
    """langkah berikutnya / next step"""
    _move(run, edition, by, "next")


@ceremony.command()
@write_edition
@by_option
@pass_runtime
def back(run: Runtime, edition: str | None, by: str | None) -> None:
    """langkah sebelumnya / previous step"""
    _move(run, edition, by, "back")


@ceremony.command()
@write_edition
@by_option
@pass_runtime
def reset(run: Runtime, edition: str | None, by: str | None) -> None:
    """kembali ke rotasi slide / back to the slide rotation"""
    _move(run, edition, by, "reset")


@ceremony.command()
@write_edition
@by_option
@click.option("--slides", help="e.g. progress:20,participation:15,finalists:20")
@click.option("--show-score/--hide-score", "show_score", default=None)
@click.option("--ceremony-time", help="HH:MM WIB (default 09:00)")
@click.option("--prize-1", help="hadiah / prize of Juara 1")
@click.option("--prize-2", help="hadiah / prize of Juara 2")
@click.option("--prize-3", help="hadiah / prize of Juara 3")
@pass_runtime
def settings(
    run: Runtime,
    edition: str | None,
    by: str | None,
    slides: str | None,
    show_score: bool | None,
    ceremony_time: str | None,
    prize_1: str | None,
    prize_2: str | None,
    prize_3: str | None,
) -> None:
    """pengaturan layar / screen settings"""
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
        )
        state = reveal.save_settings(session, code, new, by=_actor(by))
        print(f"slides: {reveal.slides_spec(new.slides)}")
        print(f"show_score: {'yes' if new.show_score else 'no'}")
        print(f"ceremony_time: {new.ceremony_time}")
        for level in reveal.AWARD_LEVELS:
            print(f"prize_{level}: {new.prizes[level]}")
    _print_ceremony(state)


@ceremony.command()
@write_edition
@by_option
@click.option("--innovation", required=True, help="innovation code")
@click.argument("file")
@pass_runtime
def photo(run: Runtime, edition: str | None, by: str | None, innovation: str, file: str) -> None:
    """foto inovasi / an innovation's photo

    FILE: JPEG, PNG atau WebP, paling besar 5 MB / JPEG, PNG or WebP, at most 5 MB
    """
    code = _changing(run, edition)
    try:
        with _session(run, code) as session:
            reveal.set_photo(session, code, innovation, Path(file).read_bytes())
    except OSError as exc:
        raise CliError(f"{Message('cli.cannot_read_file')}: {exc}") from exc
    print(f"{Message('cli.photo_saved')}: {innovation}")
