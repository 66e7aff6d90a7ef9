"""The committee's guide and its pictures (docs/guide_shots.py, `make panduan`): every picture
the guide shows is taken from the product, and every shot taken is shown in the guide."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

import pytest

from data_access.i18n import t

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def _shots_module():
    """Load docs/guide_shots.py (a script, not a package) as a module."""
    spec = importlib.util.spec_from_file_location("guide_shots", ROOT / "docs" / "guide_shots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_guide_shows_every_shot_and_only_shots():
    shots = _shots_module()
    shown = shots.pictures_in_guide()
    names = [shot.name for shot in shots.SHOTS]
    assert len(set(names)) == len(names)
    assert sorted(set(shown)) == sorted(names)
    assert len(shown) == len(set(shown)), "a picture shown twice"


def test_the_picture_pattern_reads_what_markdown_shows():
    shots = _shots_module()
    text = "x ![Konsol](gambar/konsol.png) y ![a b](gambar/tv-juara-3.png) ![no](other/x.png)"
    assert shots.pictures_in_guide(text) == ["konsol", "tv-juara-3"]


def test_every_shot_is_of_a_known_database_role_and_page():
    shots = _shots_module()
    for shot in shots.SHOTS:
        assert shot.db in {"live", "done"}, shot
        assert shot.role is None or shot.role in shots.ACCOUNTS, shot
        assert shot.path == "KIOSK" or shot.path.startswith("/"), shot


@functools.cache
def _guide_words() -> str:
    """Return the guide's text with its lines joined (labels wrap across lines)."""
    return " ".join((ROOT / "docs" / "PANDUAN.md").read_text(encoding="utf-8").split())


@pytest.mark.parametrize(
    "key",
    [
        "control.settings.slides",
        "control.settings.show_score",
        "control.settings.hide_missing",
        "control.settings.time",
        "control.settings.save",
        "summary.download.pdf",
        "archive.download",
    ],
)
def test_the_guide_names_controls_by_their_labels_on_screen(key):
    """A committee member looks for the words the guide puts in bold: they are the page's."""
    assert f"**{t(key, 'id')}**" in _guide_words()
