"""Free text from the data (names, titles, codes) shown beside the app's own words, safely.

Dash writes every string as text, never as HTML, so nothing a unit, an innovation or a
juror is called can run in a page. Three things remain, and the builders use this module
for each:

- plotly reads a subset of HTML (<b>, <br>, <a href>) and entities in every label, axis
  tick and hover text: user text goes into a figure escaped (`plot_text`), as data, and
  never into a hovertemplate, whose %{...} plotly would fill in;
- a right-to-left override (U+202E) or other bidi control in a name reverses the app's
  words that follow it on the line: user text in a sentence is isolated (`isolate`, the
  FSI/PDI pair), and user text beside other content sits in its own <bdi> (`user_text`);
- a long word with no space widens a table or a card past the screen: the CSS
  (assets/kipp.css, assets/kiosk/kiosk.css) lets `bdi` and `.kipp-text` break anywhere.
"""

from __future__ import annotations

import html as markup
import unicodedata

from dash import html
from dash.development.base_component import Component

FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE
_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
# Bidi classes that can move text around them: right-to-left letters and the explicit
# embeddings, overrides and isolates. Latin text and digits never need isolating.
_REORDERING = frozenset({"R", "AL", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})
USER_TEXT_CLASS = "kipp-text"


def needs_isolation(text: str) -> bool:
    """Return True when text holds a right-to-left letter or a bidi control."""
    return any(unicodedata.bidirectional(char) in _REORDERING for char in text)


def _balanced(text: str) -> str:
    """Return text whose isolates pair up: a stray PDI dropped, an open isolate closed."""
    kept, depth = [], 0
    for char in text:
        if char in _ISOLATE_OPENERS:
            depth += 1
        elif char == PDI:
            if depth == 0:
                continue  # it would close our FSI and let an override out
            depth -= 1
        kept.append(char)
    return "".join(kept) + PDI * depth


def isolate(text: str) -> str:
    """Return user text for a sentence: in an FSI...PDI isolate when it could reorder others."""
    return f"{FSI}{_balanced(text)}{PDI}" if needs_isolation(text) else text


def plot_text(text: str) -> str:
    """Return user text for a plotly label: its tags and entities shown as typed, isolated."""
    return isolate(markup.escape(text, quote=False))


def user_text(text: str) -> Component:
    """Return user text that stands beside other content, in its own <bdi>."""
    return html.Bdi(text)
