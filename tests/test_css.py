"""The style sheets parse as written: braces balance and no rule opens inside another's
selector list by accident (a merge once left rules open, and the pages lost their styles)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SHEETS = sorted(p for p in ASSETS.rglob("*.css") if not p.name.endswith(".min.css"))
COMMENT = re.compile(r"/\*.*?\*/", re.S)


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: str(p.relative_to(ASSETS)))
def test_every_block_closes_and_sections_start_at_the_top(sheet: Path):
    text = sheet.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        # A section's comment at the start of a line opens no block: nothing may be open
        # there but an @media or @supports (whose rules are indented).
        if line.startswith("/*") and depth:
            raise AssertionError(f"{sheet.name}:{number}: a section starts inside a block")
        code = COMMENT.sub("", line)
        depth += code.count("{") - code.count("}")
        assert depth >= 0, f"{sheet.name}:{number}: a block closes that was never opened"
    assert depth == 0, f"{sheet.name}: {depth} block(s) never closed"
