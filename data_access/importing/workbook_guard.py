"""What an .xlsx must pass before openpyxl opens it: a sane zip, and XML parts without a DTD.

An .xlsx is a zip of XML parts, which makes it a carrier for two old attacks: the zip bomb
(a small file that unpacks to gigabytes) and XML entity tricks (billion laughs, external
entities that read local files). Three walls stand before any cell is read:

1. The zip's central directory, read without unpacking anything: a bounded number of
   members, plain relative member names, a bounded unpacked total and no member that
   inflates like a bomb. Python's zipfile never yields more than a member's declared size
   (a member that lies fails its CRC check), so the declared sizes are a sound bound.
2. Every member's XML prolog, read with expat up to its first element: a document type
   declaration (where entities are declared) refuses the whole file. Genuine workbooks
   never carry one; the Open Packaging Conventions (ECMA-376 Part 2) forbid DTDs in
   package parts. openpyxl ignores some parts, so without this wall a booby-trapped part
   could ride along in a workbook that imports.
3. openpyxl parses with defusedxml (it does so whenever defusedxml is installed): the
   reader refuses workbooks outright if that is ever not the case, see `parser_hardened`.

Then, while the sheets are read, a `CellBudget`: a workbook may not yield more cells or
more characters than a CSV file within the upload limit could hold (a character and a
delimiter per cell; a character per byte), nor a cell longer than Excel itself allows.
Characters are counted per cell that shows them, so one shared string of 50 KB named by
21,000 cells counts 21,000 times: 11 KB of zip had grown a worker to 1.15 GB.
"""

from __future__ import annotations

import contextlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from data_access.i18n import CarriesMessage, Message, Number

# A workbook with seven sheets has about fifteen members; images and comments add a few.
MAX_MEMBERS = 1000
# Apache POI's ZipSecureFile defaults: a member may inflate at most 100-fold (its minimum
# inflate ratio is 0.01), checked once the member is past 100 KiB. Real sheets stay near
# 10-20 (a 96,000-row score sheet: 16).
MAX_RATIO = 100
RATIO_GRACE_BYTES = 100 * 1024
# A part's first element comes within a few hundred bytes; a prolog this long is not a part.
PROLOG_LIMIT = 1024 * 1024
READ_CHUNK = 64 * 1024
# Excel's own limit for the text of one cell: a genuine workbook never holds more.
MAX_CELL_CHARS = 32_767
# The shared-string table, loaded whole by openpyxl, may hold at most one string per this
# many bytes of the upload limit (1.3 million for 20 MB; a 96,000-row score sheet has a few
# hundred). Each string costs Python some 60 bytes besides its text.
BYTES_PER_SHARED_STRING = 16
SHARED_STRINGS_TYPE = "sharedStrings+xml"
DEFAULT_SHARED_STRINGS = "xl/sharedStrings.xml"


@dataclass(frozen=True)
class Refusal(CarriesMessage):
    """Why a workbook was refused, as a message of the catalogue."""

    message: Message


def parser_hardened() -> bool:
    """Return True when openpyxl parses XML through defusedxml (entities refused)."""
    from openpyxl.xml import DEFUSEDXML, functions

    return bool(DEFUSEDXML) and all(
        getattr(parser, "__module__", "").startswith("defusedxml")
        for parser in (functions.iterparse, functions.fromstring)
    )


def check_workbook(path: Path, *, max_unpacked: int, max_text: int | None = None) -> Refusal | None:
    """Return why the .xlsx at path must not be opened, or None when it passes every check.

    max_text (the upload limit) also bounds the shared-string table, which openpyxl loads
    whole: at most that many characters and a sixteenth as many strings.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            refusal = check_directory(members, max_unpacked=max_unpacked)
            if refusal is None:
                refusal = _check_prologs(archive, members)
            if refusal is None and max_text is not None:
                refusal = _check_shared_strings(archive, max_text)
            return refusal
    except Exception as exc:
        # A damaged archive raises many types (BadZipFile, zlib.error for broken data,
        # RuntimeError for an encrypted member, NotImplementedError for an unknown
        # compression, EOFError, ...): whatever it is, the file is refused, never opened.
        return Refusal(Message("importing.workbook_damaged", error=str(exc)))


def check_directory(members: list[zipfile.ZipInfo], *, max_unpacked: int) -> Refusal | None:
    """Return why a zip's central directory does not look like a workbook, or None."""
    if len(members) > MAX_MEMBERS:
        return Refusal(Message("importing.workbook_parts", count=len(members), limit=MAX_MEMBERS))
    seen: set[str] = set()
    for member in members:
        name = member.filename
        if not plain_member_name(name):
            return Refusal(Message("importing.part_name", name=name[:100]))
        if name in seen:
            return Refusal(Message("importing.part_twice", name=name[:100]))
        seen.add(name)
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_unpacked:
        return Refusal(Message("importing.unpacked_size", size=unpacked, limit=max_unpacked))
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_GRACE_BYTES and ratio > MAX_RATIO:
            return Refusal(
                Message(
                    "importing.zip_bomb", name=member.filename[:100], ratio=ratio, limit=MAX_RATIO
                )
            )
    return None


def plain_member_name(name: str) -> bool:
    """Return True for a relative member name without '..', '.', drive, backslash or controls."""
    if not name or name.startswith("/") or "\\" in name or ":" in name:
        return False
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        return False
    # A directory entry ends with "/": its last, empty segment is allowed.
    segments = name.removesuffix("/").split("/")
    return all(segment not in ("", ".", "..") for segment in segments)


class _Doctype(Exception):
    """The prolog declares a document type."""


class _RootReached(Exception):
    """The first element started: the prolog is over, and it held no DTD."""


def _raise_doctype(*_args: object) -> None:
    raise _Doctype


def _raise_root(*_args: object) -> None:
    raise _RootReached


def prolog_declares_dtd(stream) -> bool | None:
    """Read an XML stream up to its first element: True if a DTD comes first, None if too long.

    A stream that is not XML (an image) gives False: expat stops at its first bad byte, as
    the parser openpyxl uses (expat, too) would, before any declaration could take effect.
    """
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _raise_doctype
    parser.EntityDeclHandler = _raise_doctype
    parser.StartElementHandler = _raise_root
    read = 0
    try:
        while read < PROLOG_LIMIT:
            chunk = stream.read(READ_CHUNK)
            if not chunk:
                parser.Parse(b"", True)
                return False
            read += len(chunk)
            parser.Parse(chunk, False)
    except _Doctype:
        return True
    except (_RootReached, expat.ExpatError):
        return False
    return None


def _check_prologs(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> Refusal | None:
    for member in members:
        if member.is_dir():
            continue
        with archive.open(member) as stream:
            found = prolog_declares_dtd(stream)
        if found:
            return Refusal(Message("importing.part_dtd", name=member.filename[:100]))
        if found is None:
            return Refusal(Message("importing.part_prolog", name=member.filename[:100]))
    return None


def column_letter(number: int) -> str:
    """Return a spreadsheet's name of a column: 1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class CellBudget:
    """How many more cells and characters a workbook's sheets may yield (see the docstring)."""

    cells: int
    chars: int

    @classmethod
    def for_limit(cls, max_bytes: int) -> CellBudget:
        """Return the budget of an upload limit: what a CSV file of max_bytes could hold."""
        return cls(cells=max(max_bytes // 2, 1), chars=max(max_bytes, 1))

    def take(self, row: int, texts: list[str]) -> tuple[str | None, Refusal] | None:
        """Count one row's cells and characters; return (column letter, why) once over."""
        self.cells -= len(texts)
        if self.cells < 0:
            return None, Refusal(Message("importing.too_many_cells"))
        for number, text in enumerate(texts, start=1):
            size = len(text)
            self.chars -= size
            if size <= MAX_CELL_CHARS and self.chars >= 0:
                continue
            cell = f"{column_letter(number)}{row}"
            if size > MAX_CELL_CHARS:
                return column_letter(number), Refusal(
                    Message(
                        "importing.cell_too_long",
                        cell=cell,
                        size=Number(size),
                        limit=Number(MAX_CELL_CHARS),
                    )
                )
            return column_letter(number), Refusal(Message("importing.too_much_text", cell=cell))
        return None


def _shared_string_parts(archive: zipfile.ZipFile) -> set[str]:
    """Return the parts [Content_Types].xml declares as shared strings (as openpyxl finds them)."""
    names = {DEFAULT_SHARED_STRINGS}
    parser = expat.ParserCreate()

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rsplit(":", 1)[-1] == "Override" and attributes.get("ContentType", "").endswith(
            SHARED_STRINGS_TYPE
        ):
            names.add(attributes.get("PartName", "").lstrip("/"))

    parser.StartElementHandler = start
    # A package without it, or with broken XML in it: openpyxl refuses it with its reason.
    types = "[Content_Types].xml"
    with contextlib.suppress(KeyError, expat.ExpatError), archive.open(types) as source:
        while chunk := source.read(READ_CHUNK):
            parser.Parse(chunk, False)
    return names & set(archive.namelist())


class _OverText(Exception):
    """The shared-string table holds more than its budget."""


def _check_shared_strings(archive: zipfile.ZipFile, max_text: int) -> Refusal | None:
    """Count the shared-string table's strings and characters, streaming, against the budget."""
    max_strings = max(max_text // BYTES_PER_SHARED_STRING, 1)
    for name in sorted(_shared_string_parts(archive)):
        counts = {"strings": 0, "chars": 0, "in_text": 0}
        parser = expat.ParserCreate()

        def start(tag: str, _attributes, counts=counts) -> None:
            local = tag.rsplit(":", 1)[-1]
            if local == "si":
                counts["strings"] += 1
                if counts["strings"] > max_strings:
                    raise _OverText
            elif local == "t":
                counts["in_text"] += 1

        def end(tag: str, counts=counts) -> None:
            if tag.rsplit(":", 1)[-1] == "t":
                counts["in_text"] -= 1

        def text(data: str, counts=counts) -> None:
            if counts["in_text"]:
                counts["chars"] += len(data)
                if counts["chars"] > max_text:
                    raise _OverText

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        try:
            with archive.open(name) as stream:
                while chunk := stream.read(READ_CHUNK):
                    parser.Parse(chunk, False)
        except _OverText:
            return Refusal(
                Message(
                    "importing.shared_strings",
                    name=name[:100],
                    chars=Number(max_text),
                    strings=Number(max_strings),
                )
            )
        except expat.ExpatError:
            continue  # damaged XML: openpyxl's own parse refuses it with its reason
    return None
