"""The berita acara's page furniture: embedded fonts, paragraph styles, tables, page footer,
page numbers ("Halaman X dari Y") and the BELUM DISETUJUI watermark."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from data_access.exports.model import neutralize

PAGE = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 16 * mm, 20 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X  # the frame's width, in points
FONT, BOLD, ITALIC, BOLD_ITALIC = "Vera", "Vera-Bold", "Vera-Italic", "Vera-BoldItalic"
# Bitstream Vera ships inside reportlab: a TrueType font that covers Indonesian text and is
# embedded (subset) in every PDF, so the document looks the same on any machine.
_FONT_FILES = {
    FONT: "Vera.ttf",
    BOLD: "VeraBd.ttf",
    ITALIC: "VeraIt.ttf",
    BOLD_ITALIC: "VeraBI.ttf",
}
_FONTS_LOCK = threading.Lock()

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e7eb")
AWARD_FILL = colors.HexColor("#fff3c4")
WARN = colors.HexColor("#b42318")
WARN_FILL = colors.HexColor("#fef3f2")
# The bidi controls (marks, embeddings, overrides, isolates): reportlab sets every line left
# to right and Vera has no glyph for them, so they would print as boxes. The PDF drops them
# and shows the text in the order it was typed.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def register_fonts() -> None:
    """Register the Vera family with reportlab once per process."""
    with _FONTS_LOCK:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        folder = Path(reportlab.__file__).resolve().parent / "fonts"
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )


def _style(name: str, **values) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 9.5, "leading": 13, "textColor": INK}
    return ParagraphStyle(name, **(base | values))


STYLES = {
    "title": _style("title", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
    "subtitle": _style("subtitle", fontSize=11, leading=15, alignment=TA_CENTER),
    "heading": _style("heading", fontName=BOLD, fontSize=11, leading=15, spaceBefore=10),
    "body": _style("body", spaceAfter=4),
    "small": _style("small", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=6),
    "cell": _style("cell", fontSize=8.5, leading=10.5, alignment=TA_LEFT),
    "cell_bold": _style("cell_bold", fontName=BOLD, fontSize=8.5, leading=10.5),
    "cell_num": _style("cell_num", fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
    "cell_head": _style("cell_head", fontName=BOLD, fontSize=8, leading=10),
    "cell_small": _style("cell_small", fontSize=7.5, leading=9.5, textColor=MUTED),
    "hash": _style("hash", fontSize=8, leading=11),
    "warn": _style(
        "warn", fontName=BOLD, fontSize=12, leading=16, textColor=WARN, alignment=TA_CENTER
    ),
    "warn_body": _style("warn_body", fontSize=9, leading=12, alignment=TA_CENTER),
    "sign": _style("sign", alignment=TA_CENTER),
    "sign_note": _style(
        "sign_note", fontSize=8, leading=10.5, textColor=MUTED, alignment=TA_CENTER
    ),
    "right": _style("right", alignment=TA_RIGHT),
}


def text(value: str) -> str:
    """Return data text safe for a Paragraph: no bidi controls, neutralised, markup escaped."""
    return escape(neutralize(BIDI_CONTROLS.sub("", value)))


def para(markup: str, style: str = "body") -> Paragraph:
    """Return a Paragraph of (already escaped) markup in one of the house styles."""
    return Paragraph(markup, STYLES[style])


def grid(
    rows: list[list],
    widths: list[float],
    *,
    header: bool = True,
    extra: list[tuple] | None = None,
) -> Table:
    """Return a ruled table whose header row (if any) repeats on every page."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # plain-string cells: never base-14 Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    table.setStyle(TableStyle(commands + (extra or [])))
    return table


def notice_box(flowables: list, *, warn: bool) -> Table:
    """Return a framed box around flowables (red for a provisional document)."""
    box = Table([[flowables]], colWidths=[WIDTH], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 1.2 if warn else 0.6, WARN if warn else RULE),
                ("BACKGROUND", (0, 0), (-1, -1), WARN_FILL if warn else colors.white),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def canvas_maker(footer: str, *, watermark: str | None):
    """Return a Canvas class that numbers pages "Halaman X dari Y" and adds the footer.

    The page count is known only at the end: every page is kept until save(), then the
    footer (and the watermark of a provisional document) is drawn on each.
    """

    class FooterCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            # Start in Vera, not reportlab's default Helvetica: a base-14 font is never
            # embedded, and a PDF whose every font is embedded prints the same anywhere.
            # (the doc template passes initialFontName=None, hence no setdefault).
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
            kwargs["lang"] = kwargs.get("lang") or "id-ID"
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, _height = PAGE
            self.saveState()
            if watermark:
                self.setFillColor(WARN)
                self.setFillAlpha(0.10)
                self.setFont(BOLD, 54)
                self.translate(width / 2, PAGE[1] / 2)
                self.rotate(50)
                self.drawCentredString(0, 0, watermark)
            self.restoreState()
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(MARGIN_X, MARGIN_BOTTOM - 6 * mm, width - MARGIN_X, MARGIN_BOTTOM - 6 * mm)
            self.setFillColor(MUTED)
            self.setFont(FONT, 7.5)
            self.drawString(MARGIN_X, MARGIN_BOTTOM - 10 * mm, footer)
            self.drawRightString(
                width - MARGIN_X, MARGIN_BOTTOM - 10 * mm, f"Halaman {number} dari {total}"
            )
            self.restoreState()

    return FooterCanvas
