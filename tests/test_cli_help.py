"""The command line's help (data_access/cli/): every text from the catalogue, in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from data_access.cli import PROG
from data_access.cli import cli as command_line
from data_access.cli.common import help_text
from data_access.i18n import TEXTS, Message


def _commands(
    command: click.Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Yield every command and group of the tree with its path of names."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(command_line))


def _rendered_help_texts() -> set[str]:
    """Return every help key of the catalogue rendered "teks / text" (prizes for Juara 1-3)."""
    keys = [key for key in TEXTS if key.startswith("cli.help.")]
    plain = {str(Message(key)) for key in keys if "{" not in TEXTS[key][0]}
    prizes = {help_text("cli.help.ceremony.settings.prize", level=n) for n in (1, 2, 3)}
    return plain | prizes


def _from_catalogue(help_: str | None) -> bool:
    return help_ is not None and any(text in help_ for text in _rendered_help_texts())


def test_the_tree_is_walked():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "import", "users add", "kiosk token create", "ceremony photo"} <= names


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(path) or "root" for path, _ in COMMANDS]
)
def test_every_command_and_option_reads_its_help_from_the_catalogue(path, command):
    """Each command and option (--help included) has a catalogue help text, "teks / text"."""
    assert _from_catalogue(command.help), path
    context = click.Context(command, info_name=PROG)
    options = [p for p in command.get_params(context) if isinstance(p, click.Option)]
    assert options or isinstance(command, click.Group)
    for option in options:
        assert _from_catalogue(option.help), (path, option.name)


def test_a_text_outside_the_catalogue_is_caught():
    assert not _from_catalogue("who acts (default: $USER)")
    assert not _from_catalogue("kode edisi / edition code")
    assert not _from_catalogue(None)


def test_help_shows_both_languages_and_the_listing_keeps_whole_lines():
    shown = " ".join(CliRunner().invoke(command_line, ["--help"], prog_name=PROG).stdout.split())
    assert "KIPP Live: basis data nilai / the scores database" in shown
    assert "Tampilkan bantuan ini lalu keluar. / Show this message and exit." in shown
    assert "bawaan: $DATABASE_URL atau instance/kipp.sqlite3 / default: $DATABASE_URL" in shown
    settings = CliRunner().invoke(command_line, ["ceremony", "settings", "--help"])
    flat = " ".join(settings.stdout.split())
    assert "hadiah Juara 2 / prize of Juara 2" in flat
    assert "siapa yang bertindak (bawaan: $USER) / who acts (default: $USER)" in flat
