"""What a row of /berkas shows: an innovation's photo and document, read for the committee.

Pure: no database, no request. dashboard/files_routes.py reads the rows
(data_access/innovation_files.py) and hands each here; the outcome of an upload names
the same details (pixels and size, size and pages) through the message catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from dashboard.document_form import document_path, size_text
from data_access.formatting import format_datetime
from data_access.i18n import normalize_lang, t
from data_access.innovation_files import InnovationFiles

PHOTO_PREFIX = "/berkas/foto"  # the photo's address; its thumbnail's ends in /kecil


@dataclass(frozen=True)
class PhotoDetails:
    """A photo's pixels and size, read in the reader's language."""

    width: int
    height: int
    size: int

    def text(self, lang: str | None) -> str:
        lang = normalize_lang(lang)
        size = size_text(self.size, lang=lang)
        return t("files.photo_details", lang, width=self.width, height=self.height, size=size)


@dataclass(frozen=True)
class DocumentDetails:
    """A document's size and pages, read in the reader's language."""

    size: int
    pages: int | None

    def text(self, lang: str | None) -> str:
        lang = normalize_lang(lang)
        parts = [size_text(self.size, lang=lang)]
        if self.pages is not None:
            parts.append(t("files.pages", lang, count=self.pages))
        return ", ".join(parts)


def image_path(edition: str, code: str, *, small: bool, stamp: str = "") -> str:
    """Return the address of an innovation's photo (or its thumbnail), with a version mark."""
    path = f"{PHOTO_PREFIX}/{quote(edition, safe='')}/{quote(code, safe='')}"
    path += "/kecil" if small else ""
    return f"{path}?v={stamp}" if stamp else path


def stamp(when: datetime) -> str:
    """Return a stored moment as the version mark of an image's address."""
    return str(int(when.timestamp()))


def files_row(item: InnovationFiles, edition: str, lang: str, zone: ZoneInfo) -> dict:
    """Return what the page shows of one innovation: who it is, its photo, its document."""
    photo, document = item.photo, item.document

    def uploaded(when, by: str) -> str:
        shown = format_datetime(when, lang=lang, tz=zone)
        return t("files.uploaded", lang, when=shown, by=by) if by else shown

    row: dict = {"code": item.code, "title": item.title, "unit": item.unit}
    if photo is not None:
        details = (
            PhotoDetails(photo.width, photo.height, photo.size).text(lang)
            if photo.width and photo.height
            else size_text(photo.size, lang=lang)
        )
        row["photo"] = {
            "thumb": image_path(edition, item.code, small=True, stamp=stamp(photo.uploaded_at)),
            "full": image_path(edition, item.code, small=False),
            "alt": t("files.photo_alt", lang, code=item.code, caption=photo.caption or item.title),
            "caption": photo.caption,
            "details": details,
            "uploaded": uploaded(photo.uploaded_at, photo.uploaded_by),
        }
    if document is not None:
        row["document"] = {
            "href": document_path(edition, item.code),
            "name": document.filename,
            "details": DocumentDetails(document.size, document.page_count).text(lang),
            "uploaded": uploaded(document.uploaded_at, document.uploaded_by),
        }
    return row
