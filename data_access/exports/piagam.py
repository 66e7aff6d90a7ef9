"""Piagam: print-ready A4 landscape certificates, drawn from the approved results only.

One page per Juara I-III innovation (a seri gives each its own), and on request one
"Piagam Partisipasi" per unit that submitted. Each names the edition, the place, the
innovation, the unit, the ceremony's date and place, and leaves the signatory's line
(the regent, by default) to be signed by hand.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdf_canvas
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony import get_state
from data_access.exports.model import neutralize
from data_access.exports.pdf_layout import BIDI_CONTROLS, BOLD, FONT, ITALIC, register_fonts
from data_access.formatting import format_date
from data_access.models import utcnow
from data_access.reports import participation_for

PAGE = landscape(A4)
GOLD = colors.HexColor("#b8860b")
GREEN = colors.HexColor("#0b6e4f")
INK = colors.HexColor("#1f2933")
# Where the certificates say they were given, and who signs them, unless told otherwise.
DEFAULT_PLACE = "Kudus"
DEFAULT_SIGNATORY = "Bupati Kudus"
LEVEL_NAMES = {1: "JUARA I", 2: "JUARA II", 3: "JUARA III"}


class NotApproved(ValueError):
    """Certificates are drawn from approved results only."""


@dataclass(frozen=True)
class Certificate:
    """What one page says."""

    kind: str  # "PIAGAM PENGHARGAAN" or "PIAGAM PARTISIPASI"
    recipient: str  # the unit
    innovation: str | None
    standing: str  # "JUARA I", or the participation line


def certificates_pdf(session: Session, code: str, *, participants: bool = False) -> bytes:
    """Return the edition's certificates as one PDF (the winners', and the participants')."""
    edition = queries.get_edition(session, code)
    snapshot = get_state(session, code).snapshot
    if snapshot is None:
        raise NotApproved(code)
    pages = [
        Certificate("PIAGAM PENGHARGAAN", row["unit_name"] or row["unit_code"], row["title"], name)
        for level, name in LEVEL_NAMES.items()
        for row in snapshot.winners(level)
    ]
    if participants:
        pages += [
            Certificate("PIAGAM PARTISIPASI", row.name, None, "sebagai peserta")
            for row in participation_for(session, code).rows
            if row.has_submitted
        ]
    year = (edition.ceremony_date or edition.submission_end or utcnow().date()).year
    day = format_date(edition.ceremony_date, lang="id") if edition.ceremony_date else ""
    return _draw(pages, competition=f"KIPP Kabupaten Kudus {year}", day=day)


def _draw(pages: list[Certificate], *, competition: str, day: str) -> bytes:
    register_fonts()
    out = io.BytesIO()
    sheet = pdf_canvas.Canvas(out, pagesize=PAGE, pageCompression=1)
    sheet.setTitle(f"Piagam {competition}")
    sheet.setAuthor("KIPP Live")
    width, height = PAGE
    for page in pages:
        _frame(sheet, width, height)
        lines = [
            (BOLD, 30, GREEN, page.kind, 40 * mm),
            (FONT, 14, INK, "diberikan kepada", 58 * mm),
            (BOLD, 22, INK, page.recipient, 72 * mm),
        ]
        at = 88 * mm
        if page.innovation:
            lines += [
                (FONT, 14, INK, "atas inovasi", at),
                (ITALIC, 18, INK, f"“{page.innovation}”", at + 12 * mm),
            ]
            at += 28 * mm
        lines += [
            (BOLD, 26, GOLD, page.standing, at + 6 * mm),
            (FONT, 14, INK, f"Kompetisi Inovasi Pelayanan Publik ({competition})", at + 20 * mm),
        ]
        for font, size, colour, words, top in lines:
            _centred(sheet, words, font, size, colour, width, height - top)
        sign_x = width - 95 * mm
        sheet.setFont(FONT, 12)
        sheet.setFillColor(INK)
        where = f"{DEFAULT_PLACE}, {day}" if day else DEFAULT_PLACE
        sheet.drawCentredString(sign_x, 40 * mm, where)
        sheet.drawCentredString(sign_x, 34 * mm, DEFAULT_SIGNATORY)
        sheet.line(sign_x - 35 * mm, 16 * mm, sign_x + 35 * mm, 16 * mm)
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def _frame(sheet, width: float, height: float) -> None:
    sheet.setStrokeColor(GREEN)
    sheet.setLineWidth(3)
    sheet.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    sheet.setStrokeColor(GOLD)
    sheet.setLineWidth(1)
    sheet.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)


def _centred(sheet, words: str, font: str, size: float, colour, width: float, y: float) -> None:
    """Draw a line centred, stepping its size down until it fits the frame (never cut)."""
    # Data text as the berita acara shows it: no bidi controls, formulas neutralised.
    words = neutralize(BIDI_CONTROLS.sub("", words))
    room = width - 50 * mm
    while size > 9 and sheet.stringWidth(words, font, size) > room:
        size -= 1
    sheet.setFont(font, size)
    sheet.setFillColor(colour)
    sheet.drawCentredString(width / 2, y, words)
