"""Hostile import files: zip bombs, XML entity tricks, odd zips and junk CSV, refused cleanly.

Every booby-trapped workbook starts as a genuine one (tests/test_import_fixtures.py) with
one thing changed. Each is posted to /impor as the committee would and must come back as
a clear refusal in the page's language with nothing written; a few go through the
command line too. The external entities point at a local file holding a canary that
must never show up anywhere. tests/test_import_reader.py covers the plain size limits.
"""

from __future__ import annotations

import io
import random
import warnings
import xml.etree.ElementTree
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import openpyxl.xml
import openpyxl.xml.functions
import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.importing import ImportFailed, import_path, workbook_guard
from data_access.importing.workbook_guard import MAX_MEMBERS, prolog_declares_dtd
from data_access.settings import Settings
from tests.cli_run import cli, refused
from tests.security.test_upload_route import error_table, imported_rows
from tests.test_import_fixtures import BASE, csv_text, data_version, write_workbook
from tests.web import add_accounts, client_as, csrf_from

MB = 1024 * 1024
CANARY = "KANARI-XXE-5f3c1e"


def laughs_dtd() -> str:
    """Return the billion laughs DTD: nine levels of ten, 10**9 "lol"s once expanded."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f"<!DOCTYPE lolz [{''.join(entities)}]>"


def rewrite(
    source: Path,
    target: Path,
    *,
    change: Callable[[str, bytes], bytes] | None = None,
    extra: list[tuple[str, bytes]] = (),
) -> Path:
    """Copy a workbook member by member, changing some and adding extra ones at the end."""
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as copy,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": wanted, for one case
        for member in original.infolist():
            data = original.read(member.filename)
            copy.writestr(member.filename, change(member.filename, data) if change else data)
        for name, data in extra:
            copy.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def with_dtd(member: str, dtd: str, *, entity: str = "") -> Callable[[str, bytes], bytes]:
    """Return a change that puts a DTD in one member (and an entity reference in a cell)."""

    def change(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        body = data.decode()
        if body.startswith("<?xml"):
            body = body.split("?>", 1)[1]
        if entity:
            body = body.replace("<t>", f"<t>&{entity};", 1)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{dtd}{body}'.encode()

    return change


def external_dtd(path: Path) -> str:
    """Return a DTD with an external entity that would read a local file."""
    return f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{path}">]>'


@dataclass(frozen=True)
class Hostile:
    """A hostile workbook: how to make it and a word its refusal must hold (id, en)."""

    make: Callable[[Path, Path], Path]
    word_id: str
    word_en: str


def sheet_member(sheet: str) -> str:
    """Return the zip member holding a sheet of write_workbook's workbook (BASE's order)."""
    return f"xl/worksheets/sheet{list(BASE).index(sheet) + 1}.xml"


HOSTILE: dict[str, Hostile] = {
    # 26 MB of zeros in a 30 KB file: over the unpacked bound (25 times the 1 MB limit).
    "zip-bomb-total": Hostile(
        lambda ok, out: rewrite(ok, out, extra=[("xl/media/image1.png", bytes(26 * MB))]),
        "terlalu besar setelah dibuka",
        "unpacks to too much data",
    ),
    # 5 MB of zeros: under the bound, but a 1000-fold inflation.
    "zip-bomb-ratio": Hostile(
        lambda ok, out: rewrite(ok, out, extra=[("xl/media/image1.png", bytes(5 * MB))]),
        "bom zip",
        "zip bomb",
    ),
    "billion-laughs-in-a-sheet": Hostile(
        lambda ok, out: rewrite(
            ok, out, change=with_dtd(sheet_member("scores"), laughs_dtd(), entity="lol9")
        ),
        "deklarasi DTD/entitas XML",
        "declares an XML DTD or entities",
    ),
    # openpyxl never parses docProps/app.xml: only the prolog check sees this one.
    "billion-laughs-in-an-unread-part": Hostile(
        lambda ok, out: rewrite(ok, out, change=with_dtd("docProps/app.xml", laughs_dtd())),
        "deklarasi DTD/entitas XML",
        "declares an XML DTD or entities",
    ),
    "xxe-in-a-sheet": Hostile(
        lambda ok, out: rewrite(
            ok,
            out,
            change=with_dtd(
                sheet_member("jurors"), external_dtd(out.parent / "canary.txt"), entity="xxe"
            ),
        ),
        "deklarasi DTD/entitas XML",
        "declares an XML DTD or entities",
    ),
    "xxe-external-dtd-in-shared-parts": Hostile(
        lambda ok, out: rewrite(
            ok,
            out,
            change=with_dtd(
                "[Content_Types].xml", f'<!DOCTYPE Types SYSTEM "file://{out.parent}/canary.txt">'
            ),
        ),
        "deklarasi DTD/entitas XML",
        "declares an XML DTD or entities",
    ),
    "too-many-members": Hostile(
        lambda ok, out: rewrite(
            ok, out, extra=[(f"xl/media/image{n}.png", b"x") for n in range(MAX_MEMBERS)]
        ),
        "terlalu banyak bagian",
        "too many parts",
    ),
    "duplicate-member": Hostile(
        lambda ok, out: rewrite(ok, out, extra=[("xl/workbook.xml", b"<workbook/>")]),
        "dua kali",
        "twice",
    ),
}


def damaged(how: str) -> Callable[[Path, Path], Path]:
    """Return a maker of a genuine workbook with its zip damaged: data, flags or length."""

    def make(ok: Path, out: Path) -> Path:
        data = bytearray(ok.read_bytes())
        with zipfile.ZipFile(ok) as archive:
            member = archive.getinfo(sheet_member("scores"))
        if how == "data":  # scramble the compressed bytes of one sheet
            start = member.header_offset + 30 + len(member.filename) + len(member.extra) + 5
            data[start : start + 60] = bytes(b ^ 0x5A for b in data[start : start + 60])
        elif how == "encrypted":  # every member flagged as encrypted in the central directory
            position = data.find(b"PK\x01\x02")
            while position != -1:
                data[position + 8] |= 1
                position = data.find(b"PK\x01\x02", position + 4)
        else:  # cut in the middle
            data = data[: len(data) // 2] + data[-200:]
        out.write_bytes(bytes(data))
        return out

    return make


for _how in ("data", "encrypted", "truncated"):
    HOSTILE[f"damaged-{_how}"] = Hostile(damaged(_how), "rusak", "damaged")

TRAVERSAL_NAMES = [
    "../evil.xml",
    "xl/../../evil.xml",
    "/etc/evil.xml",
    "xl\\..\\..\\evil.xml",
    "C:/evil.xml",
    "xl/./evil.xml",
    "xl//evil.xml",
    "xl/evil\x01.xml",
]
for _number, _name in enumerate(TRAVERSAL_NAMES):
    HOSTILE[f"member-name-{_number}"] = Hostile(
        lambda ok, out, name=_name: rewrite(ok, out, extra=[(name, b"<x/>")]),
        "tidak diizinkan",
        "not allowed",
    )


@dataclass
class Office:
    """The app on a database holding an edition, its engine and the committee's client."""

    url: str
    engine: Engine
    admin: FlaskClient
    genuine: Path
    folder: Path

    def post(self, name: str, data: bytes, *, lang: str = "id") -> tuple[int, str]:
        """Post one file to /impor as the committee's form does; return status and page."""
        page = self.admin.get("/impor").get_data(as_text=True)
        response = self.admin.post(
            "/impor" + ("?lang=en" if lang == "en" else ""),
            data={"csrf": csrf_from(page), "files": [(io.BytesIO(data), name)]},
            content_type="multipart/form-data",
        )
        return response.status_code, response.get_data(as_text=True)


@pytest.fixture(scope="module")
def office(sqlite_template, tmp_path_factory) -> Iterator[Office]:
    """The committee's server (1 MB upload limit) on a database that already holds BASE."""
    folder = tmp_path_factory.mktemp("bombs")
    database = folder / "kipp.sqlite3"
    database.write_bytes(sqlite_template.read_bytes())
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    genuine = write_workbook(folder / "genuine.xlsx")
    import_path(engine, genuine)
    add_accounts(engine)
    (folder / "canary.txt").write_text(CANARY, encoding="utf-8")
    settings = Settings(
        database_url=url, secret_key="bombs", instance_dir=str(folder), import_max_bytes=MB
    )
    server = create_app(settings)
    yield Office(url, engine, client_as(server, "admin"), genuine, folder)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


@pytest.fixture
def unchanged(office: Office) -> Iterator[None]:
    """Check that every table an import writes is exactly as before the test."""
    before, version = imported_rows(office.engine), data_version(office.engine)
    yield
    assert imported_rows(office.engine) == before
    assert data_version(office.engine) == version


def make(office: Office, case: str) -> Path:
    """Write one hostile workbook and return its path."""
    return HOSTILE[case].make(office.genuine, office.folder / f"{case}.xlsx")


def test_the_genuine_workbook_passes_every_check(office, tmp_path):
    """The same checks let a real workbook through: the hostile ones fail for their change."""
    assert workbook_guard.check_workbook(office.genuine, max_unpacked=25 * MB) is None
    copy = rewrite(office.genuine, tmp_path / "copy.xlsx")
    status, page = office.post("copy.xlsx", copy.read_bytes())
    assert status == 200, page
    assert "Impor selesai" in page


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_workbook_is_refused_on_the_web(office, unchanged, case):
    path = make(office, case)
    assert path.stat().st_size < MB  # small files: the upload limit is not what stops them
    status, page = office.post(path.name, path.read_bytes())
    assert status == 422
    assert "Impor dibatalkan, tidak ada yang diubah: 1 kesalahan." in page
    assert HOSTILE[case].word_id in page and "ditolak" in page
    assert CANARY not in page and "lollollol" not in page
    status, page = office.post(path.name, path.read_bytes(), lang="en")
    assert status == 422 and HOSTILE[case].word_en in page and "refused" in page


@pytest.mark.parametrize("case", ["zip-bomb-ratio", "billion-laughs-in-a-sheet", "xxe-in-a-sheet"])
def test_hostile_workbook_is_refused_by_the_cli(office, unchanged, case):
    path = make(office, case)
    stderr = refused(cli(office.url, "import", str(path), "--max-bytes", str(MB)))
    assert HOSTILE[case].word_id in stderr and HOSTILE[case].word_en in stderr
    assert CANARY not in stderr


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    assert workbook_guard.parser_hardened()


@pytest.mark.parametrize(
    ("sheet", "dtd", "entity"),
    [("scores", laughs_dtd(), "lol9"), ("jurors", None, "xxe"), ("edition", None, "xxe")],
)
def test_defusedxml_refuses_what_gets_past_the_prolog_check(
    office, monkeypatch, tmp_path, sheet, dtd, entity
):
    """The second wall alone: with the prolog check off, openpyxl's defusedxml refuses."""
    monkeypatch.setattr(workbook_guard, "_check_prologs", lambda _archive, _members: None)
    dtd = dtd or external_dtd(office.folder / "canary.txt")
    path = rewrite(
        office.genuine,
        tmp_path / "b.xlsx",
        change=with_dtd(sheet_member(sheet), dtd, entity=entity),
    )
    with pytest.raises(ImportFailed) as failed:
        import_path(office.engine, path, max_bytes=MB)
    [error] = failed.value.errors
    assert "declares XML entities" in error.message_en and "EntitiesForbidden" in error.message_en
    assert "entitas XML" in error.message_id
    assert CANARY not in str(failed.value)


def test_a_parser_without_defusedxml_refuses_every_workbook(office, monkeypatch, unchanged):
    monkeypatch.setattr(openpyxl.xml.functions, "iterparse", xml.etree.ElementTree.iterparse)
    assert not workbook_guard.parser_hardened()
    status, page = office.post("genuine.xlsx", office.genuine.read_bytes(), lang="en")
    assert status == 422 and "cannot read workbooks safely" in page
    status, page = office.post("jurors.csv", csv_text(BASE["jurors"]).encode(), lang="en")
    assert status == 200 and "Import done" in page  # CSV imports need no XML parser


def test_a_workbook_with_more_cells_than_the_limit_allows_is_refused(office, unchanged):
    """Sparse rows (one cell in the last column) unpack to 16,384 cells each: bounded too."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "jurors"
    sheet.append(BASE["jurors"][0])
    for row in range(2, 2002):  # 32 million cells in a 15 kB file
        sheet.cell(row=row, column=16384, value=1)
    path = office.folder / "sparse.xlsx"
    book.save(path)
    assert path.stat().st_size < 20_000
    status, page = office.post(path.name, path.read_bytes(), lang="en")
    assert status == 422 and "holds more cells than fit in the import size limit" in page
    [(file, row, _column, _value, _message)] = error_table(page)
    assert file == "sparse.xlsx:jurors" and 2 < int(row) < 2002


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<?xml version="1.0"?><a/>', False),
        (b"<a><b/></a>", False),
        (b"<!DOCTYPE a><a/>", True),
        (b'<?xml version="1.0"?>\n<!-- a note -->\n<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', True),
        ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a><a/>'.encode("utf-16"), True),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", False),
        (b"", False),
        (b'<?xml version="1.0"?>' + b"<!-- padding -->" * 100_000 + b"<a/>", None),
    ],
    ids=["declaration", "plain", "doctype", "after-comment", "utf-16", "png", "empty", "long"],
)
def test_prolog_check(data, expected):
    assert prolog_declares_dtd(io.BytesIO(data)) is expected


JUNK = {
    # One field over the csv module's field limit (131,072 characters).
    "oversized-field": csv_text([BASE["jurors"][0], ["J1", "x" * 200_000, "Undip"]]).encode(),
    "nul-bytes": b"code,name,group\nJ1,\x00\x00\x00,Undip\n\x00\x00\n",
    "binary-junk": bytes(random.Random(7).randrange(256) for _ in range(50_000)),
    "one-long-line": b"," * 500_000,
}


@pytest.mark.parametrize("case", sorted(JUNK))
def test_junk_csv_is_an_error_not_a_crash(office, unchanged, case):
    status, page = office.post("jurors.csv", JUNK[case])
    assert status == 422, page
    assert "Impor dibatalkan, tidak ada yang diubah" in page and "jurors.csv" in page
    assert "Traceback" not in page
