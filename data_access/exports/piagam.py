"""Piagam: print-ready A4 landscape certificates, drawn from the approved results only.

One page per Juara I-III innovation (a seri gives each its own), and on request one
"Piagam Partisipasi" per unit that submitted. Each names the edition, the innovation, the
unit, the place and date, and the signatory (office, name, NIP) the committee set on
/berita-acara as "Mengetahui" (data_access/minutes.py: the regent of Kudus, in Kudus, on
the ceremony's date, by default), with the regency's and the competition's logos when set.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdf_canvas
from sqlalchemy.orm import Session

from data_access import minutes, queries
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
log = logging.getLogger(__name__)

LOGO_BOX = 26 * mm  # each logo fits a square this size, in the frame's top corners
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
    paper = minutes.paperwork(session, code, kinds=minutes.LOGO_KINDS)
    year = paper.year or (edition.submission_end or utcnow().date()).year
    return _draw(pages, competition=f"KIPP Kabupaten Kudus {year}", paper=paper)


def _draw(pages: list[Certificate], *, competition: str, paper: minutes.Paperwork) -> bytes:
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
        _logos(sheet, paper.images, width, height)
        _signatory(sheet, paper, width - 95 * mm)
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def _logos(sheet, images: dict[str, bytes], width: float, height: float) -> None:
    """Draw the regency's logo in the top left corner, the competition's in the top right."""
    corners = {"regency_logo": 20 * mm, "competition_logo": width - 20 * mm - LOGO_BOX}
    for kind, x in corners.items():
        if kind not in images:
            continue
        try:
            picture = ImageReader(io.BytesIO(images[kind]))
            sheet.drawImage(
                picture,
                x,
                height - 20 * mm - LOGO_BOX,
                LOGO_BOX,
                LOGO_BOX,
                preserveAspectRatio=True,
                anchor="c",
                mask="auto",
            )
        except (OSError, ValueError):  # checked when stored: a certificate is never lost to it
            log.warning("piagam: the %s cannot be drawn", kind)


def _signatory(sheet, paper: minutes.Paperwork, x: float) -> None:
    """Draw the place and date, the signatory's office, the room to sign, name and NIP."""
    day = format_date(paper.day, lang="id") if paper.day else ""
    where = f"{paper.place}, {day}" if day else paper.place
    signer = paper.known
    _line(sheet, where, FONT, 12, x, 48 * mm)
    _line(sheet, signer.title, FONT, 12, x, 42 * mm)
    if signer.name:
        _line(sheet, signer.name, BOLD, 12, x, 21 * mm)
        if signer.nip:
            _line(sheet, f"NIP. {signer.nip_text}", FONT, 10.5, x, 16 * mm)
    else:
        sheet.line(x - 35 * mm, 18 * mm, x + 35 * mm, 18 * mm)


def _line(sheet, words: str, font: str, size: float, x: float, y: float) -> None:
    """Draw a line of the signature block centred on x, stepping down until it fits 90 mm."""
    words = neutralize(BIDI_CONTROLS.sub("", words))
    while size > 7 and sheet.stringWidth(words, font, size) > 90 * mm:
        size -= 0.5
    sheet.setFont(font, size)
    sheet.setFillColor(INK)
    sheet.drawCentredString(x, y, words)


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
