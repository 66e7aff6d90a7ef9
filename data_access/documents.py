"""The proposal PDFs jurors read: checked, stored beside the innovation, handed out by rule.

The committee uploads one PDF per innovation (the command line's `document add`, or the
form on /impor); a new upload replaces it. A file is refused unless it starts with the
PDF signature `%PDF-` and fits MAX_DOCUMENT_BYTES; callers holding a file or a stream
read it through `read_document`, which stops one byte past the limit and checks the
signature on the first bytes, so an oversized or foreign file is never read whole.

Who may read one: the committee, and a juror assigned to that innovation in any stage
of their edition (an abstained assignment too, as its sheet still opens read-only:
data_access.jury.sheet_access). `juror_document` applies that rule in its query.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import BinaryIO

from pypdf import PdfReader
from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.orm import Session

from data_access import audit, queries
from data_access.i18n import CarriesMessage, Message
from data_access.jury.assigned import juror_assigned
from data_access.models import Innovation, InnovationDocument, Juror, utcnow

log = logging.getLogger(__name__)

PDF_TYPE = "application/pdf"
PDF_MAGIC = b"%PDF-"
# A proposal of the national form is a few MB; scans of signed pages push some to 10–15.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
FILENAME_CHARS = 200
# Control characters, path separators and quotes never reach a header or a page.
UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/]+')


class DocumentError(CarriesMessage, ValueError):
    """A refused document: its reason as a catalogue message ("alasan / reason" as str)."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(str(self.message))

    def text(self, lang: str) -> str:
        """Return the reason in the page's language ("id" or "en")."""
        return self.message.text(lang)


@dataclass(frozen=True)
class DocumentInfo:
    """What is known of a stored document without its bytes."""

    innovation_code: str
    filename: str
    size: int
    content_type: str
    uploaded_at: datetime
    uploaded_by: str
    page_count: int | None = None  # None: stored before it was counted, or unreadable


@dataclass(frozen=True)
class Document:
    """A stored document with its bytes, to be sent."""

    info: DocumentInfo
    data: bytes


# ---------------------------------------------------------------- checks
def check_pdf(data: bytes) -> None:
    """Refuse bytes that are too large or not a PDF (DocumentError)."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError("document.refused.size")
    if not data.startswith(PDF_MAGIC):
        raise DocumentError("document.refused.type")


def read_document(stream: BinaryIO) -> bytes:
    """Read a PDF from a stream: the signature first, then at most the limit (DocumentError)."""
    head = stream.read(len(PDF_MAGIC))
    if head != PDF_MAGIC:
        raise DocumentError("document.refused.type" if head else "document.refused.empty")
    rest = stream.read(MAX_DOCUMENT_BYTES - len(head) + 1)  # one byte past: too large
    data = head + rest
    check_pdf(data)
    return data


def count_pages(data: bytes) -> int | None:
    """Return a PDF's number of pages, or None when its pages cannot be read.

    Counted once, when the file is stored, for the committee's list: a PDF that passes
    the signature check but whose page tree is damaged is still stored (a PDF viewer may
    mend what this cannot), with no count.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(PdfReader(BytesIO(data)).pages)
    except Exception as exc:  # pypdf raises many kinds for a damaged file; none is fatal here
        log.info("a stored PDF's pages could not be counted: %s", type(exc).__name__)
        return None


def clean_filename(name: str | None, innovation_code: str) -> str:
    """Return the name to keep and offer: its last part, no control chars, ending in .pdf."""
    last = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = " ".join(UNSAFE_NAME.sub(" ", last).split())
    if cleaned.lower().endswith(".pdf") and len(cleaned) > len(".pdf"):
        stem, suffix = cleaned[: -len(".pdf")].rstrip(), cleaned[-len(".pdf") :]
    else:
        stem, suffix = cleaned or innovation_code, ".pdf"
    return stem[: FILENAME_CHARS - len(suffix)].rstrip() + suffix


# ---------------------------------------------------------------- the committee's side
def _innovation_id(session: Session, edition_code: str, innovation_code: str) -> int:
    edition = queries.get_edition(session, edition_code)
    found = session.execute(
        select(Innovation.id).where(
            Innovation.edition_id == edition.id, Innovation.code == innovation_code
        )
    ).scalar_one_or_none()
    if found is None:
        raise DocumentError(
            "document.refused.innovation", code=innovation_code, edition=edition_code
        )
    return found


def _info(code: str, row: InnovationDocument) -> DocumentInfo:
    return DocumentInfo(
        code,
        row.filename,
        row.size,
        row.content_type,
        row.uploaded_at,
        row.uploaded_by,
        row.page_count,
    )


def set_document(
    session: Session,
    edition_code: str,
    innovation_code: str,
    data: bytes,
    *,
    filename: str | None,
    by: str,
) -> DocumentInfo:
    """Store (or replace) an innovation's proposal PDF; refuse anything else (DocumentError)."""
    check_pdf(data)
    innovation_id = _innovation_id(session, edition_code, innovation_code)
    info = DocumentInfo(
        innovation_code,
        clean_filename(filename, innovation_code),
        len(data),
        PDF_TYPE,
        utcnow(),
        by[:80],
        count_pages(data),
    )
    values = {
        "filename": info.filename,
        "content_type": info.content_type,
        "size": info.size,
        "data": data,
        "uploaded_at": info.uploaded_at,
        "uploaded_by": info.uploaded_by,
        "page_count": info.page_count,
    }
    # Statements, not the ORM's objects: the bytes replaced are never loaded.
    if _stored(session, innovation_id):
        session.execute(
            update(InnovationDocument)
            .where(InnovationDocument.innovation_id == innovation_id)
            .values(**values)
        )
    else:
        session.execute(insert(InnovationDocument).values(innovation_id=innovation_id, **values))
    audit.record(
        session,
        audit.DOCUMENT_SET,
        by=info.uploaded_by,
        edition=edition_code,
        subject=innovation_code,
        filename=info.filename,
        size=info.size,
        pages=info.page_count,
    )
    return info


def _stored(session: Session, innovation_id: int) -> bool:
    found = session.execute(
        select(InnovationDocument.innovation_id).where(
            InnovationDocument.innovation_id == innovation_id
        )
    ).first()
    return found is not None


def remove_document(
    session: Session, edition_code: str, innovation_code: str, *, by: str = ""
) -> bool:
    """Remove an innovation's document; False when it had none."""
    innovation_id = _innovation_id(session, edition_code, innovation_code)
    if not _stored(session, innovation_id):
        return False
    session.execute(
        delete(InnovationDocument).where(InnovationDocument.innovation_id == innovation_id)
    )
    audit.record(
        session,
        audit.DOCUMENT_REMOVED,
        by=by or "cli",
        edition=edition_code,
        subject=innovation_code,
    )
    return True


def get_document(session: Session, edition_code: str, innovation_code: str) -> Document | None:
    """Return an innovation's document with its bytes (None: no such edition, code or file)."""
    edition_id = _edition_id(session, edition_code)
    if edition_id is None:
        return None
    row = session.execute(
        select(InnovationDocument)
        .join(Innovation, Innovation.id == InnovationDocument.innovation_id)
        .where(Innovation.edition_id == edition_id, Innovation.code == innovation_code)
    ).scalar_one_or_none()
    return None if row is None else Document(_info(innovation_code, row), row.data)


def _edition_id(session: Session, edition_code: str) -> int | None:
    try:
        return queries.get_edition(session, edition_code).id
    except queries.EditionNotFound:
        return None


def list_documents(session: Session, edition_code: str) -> list[DocumentInfo]:
    """Return the edition's documents without their bytes, by innovation code."""
    edition = queries.get_edition(session, edition_code)
    rows = session.execute(
        select(
            Innovation.code,
            InnovationDocument.filename,
            InnovationDocument.size,
            InnovationDocument.content_type,
            InnovationDocument.uploaded_at,
            InnovationDocument.uploaded_by,
            InnovationDocument.page_count,
        )
        .join(Innovation, Innovation.id == InnovationDocument.innovation_id)
        .where(Innovation.edition_id == edition.id)
        .order_by(Innovation.code)
    ).all()
    return [DocumentInfo(*row) for row in rows]


@dataclass(frozen=True)
class DocumentDesk:
    """What /impor's document form shows: the editions, the chosen one's innovations, files."""

    editions: tuple[tuple[str, str], ...]  # (code, name), newest first
    edition_code: str | None  # None: no edition at all
    innovations: tuple[tuple[str, str], ...]  # (code, title), by code
    documents: tuple[DocumentInfo, ...]


def document_desk(session: Session, edition_code: str | None) -> DocumentDesk:
    """Return the form's data for the named edition (unknown or None: the default edition)."""
    from data_access.editions import default_edition_code

    editions = tuple((code, name) for code, _id, name in queries.list_edition_keys(session))
    if edition_code not in {code for code, _name in editions}:
        edition_code = default_edition_code(session)
    if edition_code is None:
        return DocumentDesk(editions, None, (), ())
    edition = queries.get_edition(session, edition_code)
    innovations = session.execute(
        select(Innovation.code, Innovation.title)
        .where(Innovation.edition_id == edition.id)
        .order_by(Innovation.code)
    ).all()
    return DocumentDesk(
        editions,
        edition_code,
        tuple((code, title) for code, title in innovations),
        tuple(list_documents(session, edition_code)),
    )


# ---------------------------------------------------------------- a juror's side
def juror_document(
    session: Session, juror_id: int, edition_code: str, innovation_code: str
) -> Document | None:
    """Return the document of an innovation assigned to this juror (any stage), else None.

    None alike for another edition, an innovation not assigned to the juror, and one
    without a document: the juror cannot tell them apart.
    """
    edition_id = _edition_id(session, edition_code)
    if edition_id is None:
        return None
    mine = juror_assigned(juror_id)
    assigned = exists().where(mine.c.innovation_id == Innovation.id)
    row = session.execute(
        select(InnovationDocument)
        .join(Innovation, Innovation.id == InnovationDocument.innovation_id)
        .join(Juror, Juror.edition_id == Innovation.edition_id)
        .where(
            Juror.id == juror_id,
            Innovation.edition_id == edition_id,
            Innovation.code == innovation_code,
            assigned,
        )
    ).scalar_one_or_none()
    return None if row is None else Document(_info(innovation_code, row), row.data)
