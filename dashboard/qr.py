"""A QR code as a small inline SVG, drawn here from reportlab's encoder (no network, no image).

A ceremony screen's link is long (a 43-character token): typed on a TV's remote it is
an ordeal, scanned with the TV's (or a phone's) camera it is a second. The code's
modules become one SVG path (a rectangle per run of dark modules), with the quiet zone
the standard asks for, black on white whatever the page's theme. The catalogue's codes
(the ceremony screens, /ringkasan) are Dash images: the same SVG as a data: URI.
"""

from __future__ import annotations

import base64

from markupsafe import Markup
from reportlab.graphics.barcode import qrencoder

# Four modules of white around the code: what readers need to find it (ISO/IEC 18004).
QUIET_ZONE = 4


def qr_modules(text: str) -> list[list[bool]]:
    """Return the code's modules (True = dark), rows from the top, error correction M."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    size = code.getModuleCount()
    return [[bool(code.isDark(row, col)) for col in range(size)] for row in range(size)]


def _runs(line: list[bool]) -> list[tuple[int, int]]:
    """Return the row's dark runs as (first column, length): one rectangle each, a smaller SVG."""
    runs: list[tuple[int, int]] = []
    start = None
    for col, dark in enumerate([*line, False]):
        if dark and start is None:
            start = col
        elif not dark and start is not None:
            runs.append((start, col - start))
            start = None
    return runs


def qr_svg(text: str, *, label: str, size_px: int = 240) -> Markup:
    """Return an <svg> of the text's QR code, `size_px` wide, named `label` for screen readers."""
    modules = qr_modules(text)
    side = len(modules) + 2 * QUIET_ZONE
    path = "".join(
        f"M{col + QUIET_ZONE} {row + QUIET_ZONE}h{length}v1h-{length}z"
        for row, line in enumerate(modules)
        for col, length in _runs(line)
    )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="kipp-qr" role="img" aria-label="{label}" '
        'width="{px}" height="{px}" viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
        '<rect width="{side}" height="{side}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    ).format(label=label, px=size_px, side=side, path=path)


def qr_data_uri(text: str, *, label: str) -> str:
    """Return the text's QR code as a data: URI, for an <img> (Dash draws no raw SVG)."""
    svg = str(qr_svg(text, label=label))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
