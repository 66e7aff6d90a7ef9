"""The berita acara's letterhead and its closing: place and date, a signature line for every
juror (the chair first), the committee's line and the "Mengetahui" block.

What they print is the committee's (data_access/minutes.py, set on /berita-acara); a
minutes' datum not set leaves its line to be written by hand, as a blank line.
"""

from __future__ import annotations

import io
import logging
from datetime import date

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, KeepTogether, Spacer, Table, TableStyle

from data_access.exports.model import ExportBundle, JurorInfo
from data_access.exports.pdf_layout import FONT, INK, WIDTH, para, text
from data_access.formatting import format_date, to_local
from data_access.minutes import DEFAULT_KNOWN_TITLE, DEFAULT_PLACE, KOP, Signatory

log = logging.getLogger(__name__)

# The letterhead spans the page's width, but never takes more than this of its height.
KOP_MAX_HEIGHT = 45 * mm
PER_ROW = 3  # jurors' signature lines side by side
GUTTER = 8 * mm  # between two signature lines, so that their rules never join
SIGN_ROOM = 18 * mm  # the room for a signature (and the committee's stamp)
CLOSING = "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya."


def letterhead(bundle: ExportBundle) -> list:
    """Return the letterhead (kop surat) for the top of page 1, or nothing when none is set."""
    data = bundle.paperwork.images.get(KOP) if bundle.paperwork else None
    if not data:
        return []
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except (OSError, ValueError):  # checked when stored: a berita acara is never lost to it
        log.warning("berita acara %s: the letterhead cannot be read", bundle.edition_code)
        return []
    shown_w, shown_h = WIDTH, WIDTH * height / width
    if shown_h > KOP_MAX_HEIGHT:
        shown_w, shown_h = KOP_MAX_HEIGHT * width / height, KOP_MAX_HEIGHT
    return [Image(io.BytesIO(data), width=shown_w, height=shown_h), Spacer(1, 4 * mm)]


def ordered_jurors(bundle: ExportBundle) -> list[tuple[JurorInfo, bool]]:
    """Return the jurors in signing order, the chair (when the minutes name one) first."""
    chair = bundle.paperwork.chair_code if bundle.paperwork else ""
    jurors = sorted(bundle.jurors, key=lambda j: (j.code != chair, j.group, j.code))
    return [(juror, bool(chair) and juror.code == chair) for juror in jurors]


def _columns(count: int) -> list[float]:
    """Return widths of `count` signature columns with a gutter between each two."""
    column = (WIDTH - GUTTER * (count - 1)) / count
    widths: list[float] = []
    for index in range(count):
        widths += [column] if index == 0 else [GUTTER, column]
    return widths


def _lines(heads: list[list], names: list[list], count: int) -> Table:
    """Return signature lines side by side: heads, the room to sign, a rule, the names."""
    blank = [""] * (2 * count - 1)
    rows = [_spread(heads, count), blank, _spread(names, count)]
    table = Table(rows, colWidths=_columns(count), rowHeights=[None, SIGN_ROOM, None])
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for index in range(min(count, len(names))):  # a rule under each line there is only
        column = 2 * index
        commands.append(("LINEABOVE", (column, 2), (column, 2), 0.6, INK))
    table.setStyle(TableStyle(commands))
    return table


def _spread(cells: list[list], count: int) -> list:
    """Return cells with an empty gutter cell between each two."""
    row: list = []
    for index, cell in enumerate(cells[:count]):
        row += [cell] if index == 0 else ["", cell]
    return row + [""] * (2 * count - 1 - len(row))


def _jury_lines(bundle: ExportBundle) -> list:
    jurors = ordered_jurors(bundle)
    blocks = []
    for start in range(0, len(jurors), PER_ROW):
        heads, names = [], []
        for number, (juror, chair) in enumerate(jurors[start : start + PER_ROW], start + 1):
            role = "Ketua Dewan Juri" if chair else "Anggota Dewan Juri"
            heads.append([para(f"{number}. {role}", "sign")])
            names.append(
                [para(f"<b>{text(juror.name)}</b>", "sign"), para(text(juror.group), "sign_note")]
            )
        blocks.append(KeepTogether([_lines(heads, names, PER_ROW), Spacer(1, 4 * mm)]))
    return blocks


def _signatory(heading: str, signatory: Signatory, default_title: str) -> tuple[list, list]:
    """Return one signatory's head (heading, office) and foot (name and NIP, or blanks)."""
    title = signatory.title or default_title
    head = [para(f"{heading},", "sign")]
    if title:
        head.append(para(text(title), "sign"))
    if signatory.name:
        foot = [para(f"<b>{text(signatory.name)}</b>", "sign")]
        if signatory.nip:
            foot.append(para(f"NIP. {text(signatory.nip_text)}", "sign"))
    else:
        foot = [para("Nama terang / NIP", "sign_note")]  # under the rule, written by hand
    return head, foot


def document_day(bundle: ExportBundle) -> date:
    """Return the berita acara's one date: the minutes' (else the ceremony's), else the
    approval's (else the generation's) day, in the edition's time zone."""
    paper = bundle.paperwork
    if paper and paper.day:
        return paper.day
    moment = bundle.approved.approved_at if bundle.approved else bundle.generated_at
    return to_local(moment, bundle.timezone).date()


def document_place(bundle: ExportBundle) -> str:
    """Return where the berita acara is made: the minutes' place, else the default."""
    return bundle.paperwork.place if bundle.paperwork else DEFAULT_PLACE


def signatures(bundle: ExportBundle) -> list:
    """Return the closing: place and date, the jurors' lines, the committee and "Mengetahui"."""
    paper = bundle.paperwork
    day, place = document_day(bundle), document_place(bundle)
    committee = paper.committee if paper else Signatory("", "", "")
    approver = bundle.approved.approver if bundle.approved else None
    if not committee.name and approver is not None and approver.display_name:
        # No Panitia set on /berita-acara: the committee member who approved, as their
        # profile names them (display name, NIP, jabatan), signs for the committee.
        committee = Signatory(
            committee.title or approver.jabatan or "", approver.display_name, approver.nip or ""
        )
    known = paper.known if paper else Signatory(DEFAULT_KNOWN_TITLE, "", "")
    panitia = _signatory("Panitia", committee, "")
    mengetahui = _signatory("Mengetahui", known, DEFAULT_KNOWN_TITLE)
    opening = [
        para(CLOSING),
        Spacer(1, 2 * mm),
        para(f"{text(place)}, {format_date(day)}", "right"),
        Spacer(1, 2 * mm),
        para("<b>Dewan Juri</b>"),
    ]
    jury = _jury_lines(bundle)
    if not jury:
        jury = [para("Belum ada juri tercatat.")]
    last = _lines([panitia[0], mengetahui[0]], [panitia[1], mengetahui[1]], 2)
    # The closing sentence travels with the first signatures: never a signature page alone.
    return [
        Spacer(1, 3 * mm),
        KeepTogether([*opening, jury[0]]),
        *jury[1:],
        KeepTogether([Spacer(1, 2 * mm), last]),
    ]
