"""Every route of the server, asked anonymously, gives away no edition data.

The routes are read from Flask's url_map, so a route added tomorrow fails
`test_every_route_is_visited` until this file knows how to ask it. Each answer is searched
for the edition's canaries: its name, every innovation title, innovator and juror
name, and the ranking's confidential figures (the last only outside the static bundles,
whose minified numbers could match a figure by chance). Every URL is asked with HEAD too,
which must get GET's answer (a redirect to the login, a refusal), never a page's 200.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from werkzeug.routing import Rule

from app import ASSETS_DIR, PAGES, create_app
from dashboard.accounts_routes import POST_PATHS as ACCOUNT_POSTS
from dashboard.auth import ADMIN, EVERYONE, JURI
from dashboard.catalogue_admin_routes import POST_PATHS as CATALOGUE_POSTS
from dashboard.catalogue_data_routes import PATHS as CATALOGUE_DATA
from dashboard.files_routes import IMAGE_PATHS
from dashboard.files_routes import POST_PATHS as FILES_POSTS
from dashboard.jury_desk_routes import POST_PATHS
from dashboard.language import COOKIE as LANGUAGE_COOKIE
from dashboard.minutes_routes import POST_PATHS as MINUTES_POSTS
from dashboard.push import NEWS_PATH, hub_of
from dashboard.screens_routes import POST_PATHS as SCREEN_POSTS
from dashboard.services import EXTENSION_KEY
from dashboard.status_routes import POST_PATHS as STATUS_POSTS
from data_access import minutes
from data_access.ceremony import set_photo
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, DEMO_NAME
from data_access.documents import set_document
from data_access.kiosks import create_token, kiosk_url
from data_access.models import (
    IMAGE_KINDS,
    AdminStatusChange,
    Assignment,
    AuditEvent,
    CataloguePublication,
    EditionImage,
    EditionMinutes,
    Innovation,
    InnovationDocument,
    InnovationPhoto,
    Invitation,
    Juror,
    Stage,
    WindowExtension,
)
from data_access.settings import Settings
from data_access.users import authenticate
from tests.images import image_bytes
from tests.security.test_callback_roles import confidential_figures
from tests.web import PASSWORD, ROLE_USER, add_accounts, client_as
from tests.xlsx_read import answer_text

# A 1x1 PNG whose bytes also carry a canary (a screen gets it only after its award is revealed).
PHOTO_CANARY = "KANARI-FOTO-7d2a"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\x0dIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82" + PHOTO_CANARY.encode()
)
# A proposal PDF whose bytes carry a canary: the committee's and juror J01's only.
DOCUMENT_CANARY = "KANARI-PROPOSAL-41c9"
PROPOSAL = b"%PDF-1.4\n% " + DOCUMENT_CANARY.encode() + b"\n%%EOF\n"
# J01 is assigned KIPP22-001, not KIPP22-003; both have a document.
OWN_DOCUMENT = f"/dokumen/{DEMO_CODE}/KIPP22-001.pdf"
OTHER_DOCUMENT = f"/dokumen/{DEMO_CODE}/KIPP22-003.pdf"
FORMATS = ("xlsx", "csv", "pdf", "archive")
# A sheet of the juri account's juror (J01) in the demo.
OWN_SHEET = "/penilaian/proposal/KIPP22-001"
# The committee's score history (admin only): page and workbook.
HISTORY = ("/riwayat-nilai", "/riwayat-nilai.xlsx")
# The committee's jury desk (admin only) and its forms' posts (dashboard/jury_desk_routes.py).
DESK = "/kelola-juri"
# The import template /impor offers (admin only, as /impor).
TEMPLATE = "/impor/templat.xlsx"
# The committee's ceremony screens (admin only) and its forms' posts (screens_routes.py).
SCREENS = "/layar"
# The committee's administrative check (admin only) and its form's post (status_routes.py).
STATUS = "/administrasi"
# The committee's console (admin only): links to every tool (console_routes.py).
CONSOLE = "/konsol"
# The committee's audit trail (admin only: it names jurors' scores) and its downloads.
AUDIT = ("/audit", "/audit.csv", "/audit.xlsx")
# The committee's photos and documents (admin only), its forms' posts and its images
# (files_routes.py): the photo set below (its thumbnail and the photo), and one of nobody.
FILES = "/berkas"
PHOTO_CODE = "KIPP22-001"
FILES_IMAGES = (
    f"/berkas/foto/{DEMO_CODE}/{PHOTO_CODE}",
    f"/berkas/foto/{DEMO_CODE}/{PHOTO_CODE}/kecil",
)
# The committee's berita acara data and images (admin only; minutes_routes.py). The kop is
# the committee's alone; a screen gets its own edition's logos (/kiosk/logo/<kind>).
MINUTES = "/berita-acara"
KOP_CANARY = "KANARI-KOP-5e31"
KOP_PREVIEW = f"{MINUTES}/gambar/kop?edition={DEMO_CODE}"
LOGO_PREVIEW = f"{MINUTES}/gambar/regency_logo?edition={DEMO_CODE}"
# The committee's accounts console (admin only) and its forms' posts (accounts_routes.py).
ACCOUNTS = "/akun"
# The committee's catalogue page (admin only) and its forms' posts (catalogue_admin_routes.py).
CATALOGUE_ADMIN = "/kelola-katalog"
# Every person's own password (every signed-in role, never a screen): password_routes.py.
OWN_PASSWORD = "/akun/sandi"
# The public catalogue (catalogue_routes.py): open to everyone, but nothing is published in
# this demo, so its list says it opens after the ceremony (200, no data) and every other
# address of it answers 404 (tests/security/test_catalogue_canaries.py publishes).
CATALOGUE = "/katalog"
CATALOGUE_RULES = {
    "/katalog/<edition>/<innovation>": [
        f"/katalog/{DEMO_CODE}/{PHOTO_CODE}",
        "/katalog/tidak-ada/TIDAK-ADA",
    ],
    "/katalog/opd/<unit>": ["/katalog/opd/DKK"],
    "/katalog/foto/<edition>/<innovation>.jpg": [
        f"/katalog/foto/{DEMO_CODE}/{PHOTO_CODE}.jpg",
        f"/katalog/foto/{DEMO_CODE}/{PHOTO_CODE}.jpg?ukuran=kecil",
    ],
    "/katalog/dokumen/<edition>/<innovation>.pdf": [f"/katalog/dokumen/{DEMO_CODE}/KIPP22-001.pdf"],
}
CATALOGUE_CLOSED = tuple(url for urls in CATALOGUE_RULES.values() for url in urls)
# Answers an anonymous visitor may get; 200 only for the routes below that carry no data.
REFUSED = {302, 401, 403, 404, 405, 409}
OPEN_ROUTES = {
    "/login",
    "/_dash-layout",
    "/_dash-dependencies",
    "/_reload-hash",
    "/_favicon.ico",
    "/kiosk/_dash-layout",
    "/kiosk/_dash-dependencies",
    "/kiosk/_reload-hash",
    "/kiosk/_favicon.ico",
    "/kiosk-sw.js",
    "/healthz",  # {"status": "ok"} and nothing else (tests/test_health.py)
    # The catalogue's open data, sitemap and robots.txt: public, and empty of this edition
    # until it is published (tests/test_catalogue_data.py).
    *CATALOGUE_DATA,
    CATALOGUE,  # "opens after the ceremony": nothing is published here
}


class Canaries:
    """What no anonymous answer may hold."""

    def __init__(self, words: set[str], figures: dict[str, str]) -> None:
        self.words = sorted(words, key=len, reverse=True)
        alternatives = "|".join(re.escape(s) for s in sorted(figures, key=len, reverse=True))
        self.figures = re.compile(rf"(?<![\d.,])({alternatives})(?![\d%])")

    def found(self, text: str, *, bundle: bool) -> list[str]:
        hits = [word for word in self.words if word in text]
        if not bundle:
            hits += self.figures.findall(text)
        return hits


@pytest.fixture
def server(demo_url, tmp_path) -> Iterator[tuple[Flask, Canaries, list[int], str]]:
    engine = make_engine(demo_url)
    with transaction(engine) as session:
        innovations = session.execute(select(Innovation).order_by(Innovation.code)).scalars().all()
        words = {DEMO_NAME, PHOTO_CANARY, DOCUMENT_CANARY, KOP_CANARY}
        words |= {i.title for i in innovations} | {i.innovator for i in innovations if i.innovator}
        words |= {name for name in session.execute(select(Juror.name)).scalars()}
        innovation_ids = [i.id for i in innovations]
        set_photo(session, DEMO_CODE, innovations[0].code, image_bytes())
        # Stored photos are re-encoded (a canary in the file would be dropped): store the
        # canary's bytes as an older version stored files as sent, so a leak of them shows.
        session.execute(
            update(InnovationPhoto)
            .where(InnovationPhoto.innovation_id == innovations[0].id)
            .values(data=PNG)
        )
        for path in (OWN_DOCUMENT, OTHER_DOCUMENT):
            code = path.rsplit("/", 1)[-1].removesuffix(".pdf")
            set_document(session, DEMO_CODE, code, PROPOSAL, filename="p.pdf", by="panitia")
        token = create_token(session, "TV Pendopo")
        logo = _real_png()
        minutes.set_image(session, DEMO_CODE, "regency_logo", logo, by="panitia")
        minutes.set_image(session, DEMO_CODE, "kop", logo + KOP_CANARY.encode(), by="panitia")
    add_accounts(engine)
    figures = confidential_figures(engine)
    engine.dispose()
    server = create_app(
        Settings(database_url=demo_url, secret_key="test-anon", instance_dir=str(tmp_path))
    )
    yield server, Canaries(words, figures), innovation_ids, token
    server.extensions[EXTENSION_KEY].dispose()


def _real_png() -> bytes:
    """Return a small real PNG (the berita acara's images are decoded when stored)."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, "PNG")
    return out.getvalue()


def _asset_names(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _bundles(server: Flask, token: str) -> list[str]:
    """Return the Dash component-suite URLs the two apps' pages load (as an admin would)."""
    admin = client_as(server, ADMIN)
    pages = admin.get("/").get_data(as_text=True)
    pages += server.test_client().get(kiosk_url(token)).get_data(as_text=True)
    found = set(re.findall(r'src="([^"]+_dash-component-suites[^"]+)"', pages))
    assert any(u.startswith("/kiosk/") for u in found), "no kiosk component suites found"
    return sorted(found)


def urls_for(
    rule: Rule, server: Flask, innovation_ids: list[int], token: str
) -> list[tuple[str, bool]]:
    """Return (URL, is a static bundle) to ask for one url_map rule."""
    path = rule.rule
    if path == "/static/<path:filename>":
        return [("/static/kipp.css", False)]  # Flask's static folder: none here
    if path == "/assets/<path:filename>":
        names = [n for n in _asset_names(ASSETS_DIR) if not n.startswith("kiosk/")]
        return [(f"/assets/{name}", True) for name in names]
    if path == "/kiosk/assets/<path:filename>":
        return [(f"/kiosk/assets/{n}", True) for n in _asset_names(ASSETS_DIR / "kiosk")]
    if path.endswith("/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"):
        prefix = path.split("_dash-component-suites")[0]
        return [(url, True) for url in _bundles(server, token) if url.startswith(prefix)]
    if path == "/ekspor/<fmt>":
        return [(f"/ekspor/{fmt}?edition={DEMO_CODE}", False) for fmt in FORMATS] + [
            (f"/ekspor/{fmt}?edition={DEMO_CODE}&table=juror_scores", False) for fmt in FORMATS
        ]
    if path == "/berita-acara/gambar/<kind>":
        return [(f"{MINUTES}/gambar/{kind}?edition={DEMO_CODE}", False) for kind in IMAGE_KINDS]
    if path == "/kiosk/logo/<kind>":
        return [(f"/kiosk/logo/{kind}", False) for kind in (*IMAGE_KINDS, "tidak-ada")]
    if path == "/kiosk/photo/<int:innovation_id>":
        return [(f"/kiosk/photo/{i}", False) for i in innovation_ids]
    if path == "/<path:path>":
        pages = [module.PATH for module, _name, _roles in PAGES if module.PATH != "/"]
        return [(f"{p}?edition={DEMO_CODE}", False) for p in pages] + [("/tidak-ada", False)]
    if path == "/penilaian/<stage>/<code>":
        # A sheet of the juri account's juror (J01 is assigned KIPP22-001), and one of nobody.
        return [("/penilaian/proposal/KIPP22-001", False), ("/penilaian/proposal/TIDAK-ADA", False)]
    if path == "/dokumen/<edition>/<code>.pdf":
        # J01's, nobody's, one without a document, and one of no edition.
        return [
            (OWN_DOCUMENT, False),
            (OTHER_DOCUMENT, False),
            (f"/dokumen/{DEMO_CODE}/KIPP22-002.pdf", False),
            ("/dokumen/tidak-ada/KIPP22-001.pdf", False),
        ]
    if path in IMAGE_PATHS:
        # The photo set (its thumbnail, or itself), one of no innovation, one of no edition.
        suffix = path.removeprefix("/berkas/foto/<edition>/<code>")
        return [
            (f"/berkas/foto/{DEMO_CODE}/{PHOTO_CODE}{suffix}", False),
            (f"/berkas/foto/{DEMO_CODE}/TIDAK-ADA{suffix}", False),
            (f"/berkas/foto/tidak-ada/{PHOTO_CODE}{suffix}", False),
        ]
    if path in CATALOGUE_RULES:
        return [(url, False) for url in CATALOGUE_RULES[path]]
    if path == "/kiosk/<path:path>":
        return [("/kiosk/api/state", False), ("/kiosk/tidak-ada", False)]
    if path in HISTORY:
        # The whole edition's history, and one juror's (the links / and /peringkat make).
        return [
            (f"{path}?edition={DEMO_CODE}", False),
            (f"{path}?edition={DEMO_CODE}&juror=J01", False),
        ]
    if "<" in path:
        raise AssertionError(f"{path}: this test does not know how to ask this route")
    suffix = f"?edition={DEMO_CODE}" if path in {"/", "/kiosk", "/kiosk/"} else ""
    return [(path + suffix, False)]


def test_every_route_is_visited_and_no_anonymous_answer_holds_data(server):
    flask_app, canaries, innovation_ids, token = server
    assert canaries.found(f"judul: {canaries.words[-1]}", bundle=True), "detector"
    client = flask_app.test_client()
    asked: dict[str, int] = {}
    for rule in flask_app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        for url, bundle in urls_for(rule, flask_app, innovation_ids, token):
            response = client.get(url)
            body = response.get_data()
            response.close()
            # A workbook's cells (a zip's bytes would never show a canary).
            text = answer_text(response.mimetype, body)
            asked[url] = response.status_code
            assert canaries.found(text, bundle=bundle) == [], url
            path = url.split("?")[0]
            if path == "/favicon.ico":
                assert response.status_code == 301, url  # to the site's /assets/favicon.ico
            elif bundle or path in OPEN_ROUTES:
                assert response.status_code == 200, url
            else:
                assert response.status_code in REFUSED, (url, response.status_code)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/login"), url
            head = client.head(url)
            head.close()
            assert (head.status_code, head.headers.get("Location")) == (
                response.status_code,
                response.headers.get("Location"),
            ), ("HEAD", url)
            assert head.get_data() == b"", ("HEAD", url)
    # The rules that carry data were really asked, not skipped over.
    paths = {url.split("?")[0] for url in asked}
    carriers = ("/", "/kiosk", "/kiosk/api/state", "/api/versi", NEWS_PATH, "/ekspor/pdf")
    carriers += ("/_dash-layout",)
    # /undangan without a live link: a page saying to ask the committee (404); /penilaian
    # to the login.
    assert asked["/undangan"] == 404 and asked["/penilaian"] == 302
    checked = (*carriers, "/impor", TEMPLATE, SCREENS, CONSOLE, FILES, *FILES_IMAGES)
    for path in (*checked, ACCOUNTS, OWN_PASSWORD, CATALOGUE_ADMIN, *CATALOGUE_DATA):
        assert path in paths, path
    assert "/healthz" in paths and "/katalog.xlsx" in paths
    assert asked[SCREENS] == asked[CONSOLE] == asked[FILES] == asked[CATALOGUE_ADMIN] == 302
    assert all(asked[path] == 200 for path in CATALOGUE_DATA)
    assert asked[CATALOGUE] == 200
    assert all(asked[url] == 404 for url in CATALOGUE_CLOSED)
    assert asked[ACCOUNTS] == asked[OWN_PASSWORD] == 302
    assert all(asked[path] == 302 for path in (*AUDIT, *FILES_IMAGES))
    assert asked[MINUTES] == asked[KOP_PREVIEW] == 302
    assert asked["/kiosk/logo/regency_logo"] == asked["/kiosk/logo/kop"] == 401
    assert asked[TEMPLATE] == 302
    assert any(url.startswith("/kiosk/photo/") for url in asked)
    assert asked[OWN_DOCUMENT] == asked[OTHER_DOCUMENT] == 302
    assert sum(1 for url in asked if "_dash-component-suites" in url) >= 4


def test_posts_without_a_session_change_and_tell_nothing(server):
    """Every route taking POST, posted anonymously with junk, refuses without data."""
    flask_app, canaries, _ids, _token = server
    client = flask_app.test_client()
    posted = 0
    for rule in flask_app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        for body in ({}, {"output": "x.children", "inputs": [], "changedPropIds": []}):
            response = client.post(rule.rule, json=body)
            text = response.get_data(as_text=True)
            posted += 1
            assert canaries.found(text, bundle=False) == [], rule.rule
            assert response.status_code != 200 or rule.rule == "/login", rule.rule
            assert "Traceback" not in text, rule.rule
    assert posted >= 6


def test_head_gets_the_answer_get_gets_for_every_role(server):
    """A logged-in HEAD is guarded as its GET: a viewer's HEAD of /kendali is refused too."""
    flask_app, _canaries, innovation_ids, token = server
    clients = {role: client_as(flask_app, role) for role in ("viewer", "bupati", ADMIN, JURI)}
    clients[None] = flask_app.test_client()
    clients["kiosk"] = flask_app.test_client()
    assert clients["kiosk"].get(kiosk_url(token)).status_code == 200
    paths = [module.PATH for module, _name, _roles in PAGES]
    paths += ["/impor", f"/ekspor/pdf?edition={DEMO_CODE}", "/kiosk", "/kiosk/api/state"]
    paths += ["/api/versi", NEWS_PATH, f"/kiosk/photo/{innovation_ids[0]}", "/tidak-ada"]
    paths += ["/healthz"]
    catalogue_paths = [CATALOGUE, f"{CATALOGUE}?lang=en", *CATALOGUE_CLOSED]
    paths += catalogue_paths
    paths += ["/penilaian", "/undangan", "/undangan?token=tebakan"]
    paths += ["/penilaian/proposal/KIPP22-001", "/penilaian/proposal/TIDAK-ADA"]
    paths += [OWN_DOCUMENT, OTHER_DOCUMENT]
    history = [f"{p}?edition={DEMO_CODE}&juror=J01" for p in HISTORY]
    history += [DESK, f"{DESK}?edition={DEMO_CODE}&lang=en"]
    history += [TEMPLATE, f"{TEMPLATE}?lang=en"]
    history += [SCREENS, f"{SCREENS}?lang=en", STATUS, f"{STATUS}?edition={DEMO_CODE}&lang=en"]
    history += [CONSOLE, f"{CONSOLE}?lang=en"]
    history += [f"{p}?jenis=nilai&edisi={DEMO_CODE}&oleh=juri-j01&lang=id" for p in AUDIT]
    history += [FILES, f"{FILES}?edition={DEMO_CODE}&lang=en&q=kipp", *FILES_IMAGES]
    history += [MINUTES, f"{MINUTES}?edition={DEMO_CODE}&lang=en", KOP_PREVIEW, LOGO_PREVIEW]
    history += [ACCOUNTS, f"{ACCOUNTS}?lang=en"]
    history += [CATALOGUE_ADMIN, f"{CATALOGUE_ADMIN}?lang=en"]
    paths += history
    # The catalogue's open data: the same public answer for every role, a screen's too.
    public = [*CATALOGUE_DATA, "/katalog.json?juara=1&lang=en", "/katalog.xlsx?juara=1&lang=en"]
    paths += public
    # The logos are the screens' (and the dashboard's readers' previews); the kop never.
    logos = ["/kiosk/logo/regency_logo", "/kiosk/logo/kop"]
    paths += logos
    own = [OWN_PASSWORD, f"{OWN_PASSWORD}?lang=en"]
    paths += own
    # The sheet's JSON endpoints take POST only: a GET or a HEAD gets the same "no such
    # address" (404) for every role, the juror included.
    api_paths = [f"/api{OWN_SHEET}", f"/api{OWN_SHEET}/konflik"]
    paths += api_paths
    seen = set()
    for role, client in clients.items():
        for path in paths:
            # Each address as asked, not in a language an earlier ?lang=en made remembered.
            client.delete_cookie(LANGUAGE_COOKIE)
            got, head = client.get(path), client.head(path)
            got.close()
            head.close()
            assert head.status_code == got.status_code, (role, path)
            assert head.headers.get("Location") == got.headers.get("Location"), (role, path)
            assert head.get_data() == b"", (role, path)
            seen.add(got.status_code)
            if path in api_paths:
                assert got.status_code == 404, (role, path)
            if path in catalogue_paths:  # the same for everyone, signed in or not
                expected = 404 if path in CATALOGUE_CLOSED else 200
                assert got.status_code == expected, (role, path)
                assert "Set-Cookie" not in got.headers, (role, path)
            if path == NEWS_PATH:  # the dashboard's signed-in viewers alone hold a stream
                assert got.status_code == (200 if role in EVERYONE else 401), (role, path)
            # The committee's alone (the score history, the jury desk, the import template).
            if path in history:
                expected = {None: 302, ADMIN: 200}.get(role, 403)
                assert got.status_code == expected, (role, path)
            if path in public:
                assert got.status_code == 200, (role, path)
            if path in logos:
                shown = path.endswith("regency_logo")
                expected = 401 if role in (None, JURI) else (200 if shown else 404)
                assert got.status_code == expected, (role, path)
            if path in own:  # every person's own password: never a screen's
                expected = {None: 302, "kiosk": 403}.get(role, 200)
                assert got.status_code == expected, (role, path)
            if path in (OWN_DOCUMENT, OTHER_DOCUMENT):  # the committee's and J01's own
                mine = path == OWN_DOCUMENT
                expected = {None: 302, ADMIN: 200, JURI: 200 if mine else 404}.get(role, 403)
                assert got.status_code == expected, (role, path)
    assert {200, 302, 403, 404} <= seen  # the matrix holds answers of every kind
    # A stream's slot is taken by its first event: answers never sent (HEAD) hold none.
    assert hub_of(flask_app).open == 0


def test_a_juror_gets_only_their_own_list(server):
    """A juri session opens /penilaian and gets nothing from any other page or API."""
    flask_app, canaries, innovation_ids, token = server
    juror = client_as(flask_app, JURI)
    answers = {}
    for rule in flask_app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        for url, bundle in urls_for(rule, flask_app, innovation_ids, token):
            if bundle:
                continue
            for method in (juror.get, juror.head):
                response = method(url)
                text = response.get_data().decode("utf-8", errors="replace")
                response.close()
                path = url.split("?")[0]
                answers[(method.__name__, path)] = response.status_code
                if path in ("/penilaian", OWN_SHEET, OWN_DOCUMENT):
                    continue
                assert canaries.found(text, bundle=False) == [], url
                if path in OPEN_ROUTES or path in ("/favicon.ico", OWN_PASSWORD):
                    continue
                assert response.status_code in REFUSED, (url, response.status_code)
                if response.status_code == 302:
                    assert response.headers["Location"] in {"/penilaian", "/login"}, url
    assert answers[("get", "/penilaian")] == answers[("head", "/penilaian")] == 200
    assert answers[("get", "/")] == 302
    for path in ("/peringkat", "/kendali", "/impor", TEMPLATE, "/ekspor/pdf", "/kiosk/api/state"):
        assert answers[("get", path)] in {401, 403, 404}, path
    committee = (*HISTORY, DESK, SCREENS, STATUS, CONSOLE, *AUDIT, FILES, *FILES_IMAGES)
    for path in (*committee, ACCOUNTS, CATALOGUE_ADMIN):
        assert answers[("get", path)] in {401, 403, 404}, path
    for path in (MINUTES, KOP_PREVIEW.split("?")[0]):
        assert answers[("get", path)] in {401, 403, 404}, path
    assert answers[("get", OWN_PASSWORD)] == answers[("head", OWN_PASSWORD)] == 200
    assert answers[("get", OWN_SHEET)] == answers[("head", OWN_SHEET)] == 200
    assert answers[("get", "/penilaian/proposal/TIDAK-ADA")] == 404
    # The proposal of an innovation assigned to the juror, and no other one.
    assert answers[("get", OWN_DOCUMENT)] == answers[("head", OWN_DOCUMENT)] == 200
    assert answers[("get", OTHER_DOCUMENT)] == answers[("head", OTHER_DOCUMENT)] == 404
    # /penilaian and the sheets are the juror's alone: the committee and viewers are refused.
    for role in ("viewer", "bupati", ADMIN):
        other = client_as(flask_app, role)
        for path in ("/penilaian", OWN_SHEET):
            assert other.get(path).status_code == other.head(path).status_code == 403, role
        assert other.post(f"/api{OWN_SHEET}", json={"revision": 0}).status_code == 403, role
        declared = other.post(f"/api{OWN_SHEET}/konflik", json={"conflict": False})
        assert declared.status_code == 403, role


def test_the_jury_desk_posts_are_the_committees_alone(server):
    """Every post of /kelola-juri: anonymous to the login, other roles 403, no token 400.

    Nothing changes and nothing of the edition is told: the junk names a real account and
    a real stage, so a post that got through would change something the end checks.
    """
    flask_app, canaries, _ids, _token = server
    fields = {
        "edition": DEMO_CODE,
        "username": "juri-j01",
        "juror": "J01",
        "innovation": "KIPP22-001",
        "stage": "proposal",
        "until": "2099-12-31",
        "reason": "x",
    }
    clients = {role: client_as(flask_app, role) for role in ("viewer", "bupati", JURI, ADMIN)}
    clients[None] = flask_app.test_client()
    clients[ADMIN].get(DESK)  # the session has a token; the posts below do not send it
    with flask_app.app_context():
        from dashboard.services import services

        engine = services().engine
    abstentions = select(func.count()).select_from(Assignment).where(Assignment.abstain)
    with transaction(engine) as session:
        abstaining = session.scalar(abstentions)
    for path in POST_PATHS:
        for role, client in clients.items():
            for data in (fields, {**fields, "csrf": "geraten"}):
                answer = client.post(path, data=data)
                text = answer.get_data(as_text=True)
                assert canaries.found(text, bundle=False) == [], (role, path)
                expected = {None: 302, ADMIN: 400}.get(role, 403)
                assert answer.status_code == expected, (role, path, answer.status_code)
                if role is None:
                    assert answer.headers["Location"].startswith("/login"), path
    with transaction(engine) as session:
        assert session.execute(select(WindowExtension.id)).first() is None
        assert session.execute(select(Invitation.id)).first() is None
        assert session.scalar(abstentions) == abstaining


def test_the_screens_and_status_posts_are_the_committees_alone(server):
    """Every post of /layar, /administrasi, /berkas, /berita-acara and /kelola-katalog:
    anonymous to the login, other roles 403, no token 400; no screen is registered, renamed
    or revoked (the hall's screen keeps its link), no status changes, no photo or document
    is removed or captioned, no minutes' data or image is stored or removed, no edition is
    published."""
    flask_app, canaries, _ids, token = server
    fields = {"name": "TV Pendopo", "new_name": "Dicuri", "edition": DEMO_CODE}
    fields |= {"innovation": PHOTO_CODE, "status": "tidak_lolos", "reason": "dicoba"}
    fields |= {"caption": "Dicuri"}
    fields |= {"number": "Dicuri", "kind": "kop", "place": "Dicuri"}
    fields |= {"show_finalists": "1", "show_innovators": "1", "show_documents": "1"}
    clients = {role: client_as(flask_app, role) for role in ("viewer", "bupati", JURI, ADMIN)}
    clients[None] = flask_app.test_client()
    clients[ADMIN].get(SCREENS)  # the session has a token; the posts below do not send it
    for path in (*SCREEN_POSTS, *STATUS_POSTS, *FILES_POSTS, *MINUTES_POSTS, *CATALOGUE_POSTS):
        for role, client in clients.items():
            for data in (fields, {**fields, "csrf": "geraten"}):
                answer = client.post(path, data=data)
                assert canaries.found(answer.get_data(as_text=True), bundle=False) == [], path
                expected = {None: 302, ADMIN: 400}.get(role, 403)
                assert answer.status_code == expected, (role, path, answer.status_code)
    screen = flask_app.test_client()
    assert screen.get(kiosk_url(token)).status_code == 200  # still registered, same name
    with flask_app.app_context():
        from dashboard.services import services

        with transaction(services().engine) as session:
            assert session.scalars(select(AdminStatusChange)).all() == []
            photo = session.execute(select(InnovationPhoto.caption)).one()
            assert photo.caption is None  # still there, not captioned
            assert session.scalar(select(func.count()).select_from(InnovationDocument)) == 2
            assert session.scalars(select(EditionMinutes)).all() == []
            kinds = session.scalars(select(EditionImage.kind).order_by(EditionImage.kind)).all()
            assert kinds == ["kop", "regency_logo"]
            assert session.scalars(select(CataloguePublication)).all() == []


def test_the_account_posts_change_nothing_without_the_committee_s_token(server):
    """Every post of /akun (the committee's) and /akun/sandi (everyone's own): anonymous to
    the login, other roles 403 on /akun, a screen 403 on /akun/sandi, no token 400. No
    account is added, changed or removed, no password changes, nothing is recorded."""
    flask_app, canaries, _ids, token = server
    fields = {"username": "tamu", "role": "admin", "display_name": "Dicuri", "nip": ""}
    fields |= {"current": PASSWORD, "new": "dicuri-123456", "repeat": "dicuri-123456"}
    clients = {role: client_as(flask_app, role) for role in ("viewer", "bupati", JURI, ADMIN)}
    clients[None] = flask_app.test_client()
    clients["kiosk"] = flask_app.test_client()
    assert clients["kiosk"].get(kiosk_url(token)).status_code == 200
    for client in clients.values():
        client.get(OWN_PASSWORD)  # a session with a token; the posts below do not send it
    for path in (*ACCOUNT_POSTS, OWN_PASSWORD):
        for role, client in clients.items():
            for data in (fields, {**fields, "csrf": "geraten"}):
                answer = client.post(path, data=data)
                assert canaries.found(answer.get_data(as_text=True), bundle=False) == [], path
                if path == OWN_PASSWORD:
                    expected = {None: 302, "kiosk": 403}.get(role, 400)
                else:
                    expected = {None: 302, ADMIN: 400}.get(role, 403)
                assert answer.status_code == expected, (role, path, answer.status_code)
                if role is None:
                    assert answer.headers["Location"].startswith("/login"), path
    with flask_app.app_context():
        from dashboard.services import services

        with transaction(services().engine) as session:
            accounts = select(AuditEvent.id).where(AuditEvent.action.like("account.%"))
            assert session.scalars(accounts).all() == []
            for name in ROLE_USER.values():
                assert authenticate(session, name, PASSWORD) is not None, name


def test_a_juror_is_refused_a_sheet_not_assigned_to_them(server):
    """A sheet not assigned to the juror is a 404 to them: page and endpoint alike.

    The URL names no juror: a juror can only ever address their own sheets, so "another
    juror's sheet" is a stage and innovation not assigned to this one.
    """
    flask_app, _canaries, _ids, _token = server
    with flask_app.app_context():
        from dashboard.services import services

        engine = services().engine
    with transaction(engine) as session:
        j01 = session.execute(select(Juror.id).where(Juror.code == "J01").limit(1)).scalar_one()
        pairs = session.execute(
            select(Assignment.juror_id, Stage.code, Innovation.code)
            .join(Stage, Stage.id == Assignment.stage_id)
            .join(Innovation, Innovation.id == Assignment.innovation_id)
        ).all()
        mine = {(stage, code) for juror, stage, code in pairs if juror == j01}
        # J01 is assigned every sheet anyone is; the others are sheets of nobody.
        every = {
            (stage_code, code)
            for stage_code in session.execute(select(Stage.code)).scalars()
            for code in session.execute(select(Innovation.code)).scalars()
        }
        stage, others = min(every - mine)
    juror = client_as(flask_app, JURI)
    page = juror.get(OWN_SHEET).get_data(as_text=True)
    token = re.search(r'data-csrf="([^"]+)"', page)
    assert token
    for path in (f"/penilaian/{stage}/{others}", "/penilaian/presentation/KIPP22-001"):
        assert juror.get(path).status_code == juror.head(path).status_code == 404, path
        refused = juror.post(
            f"/api{path}", json={"revision": 0}, headers={"X-CSRF-Token": token.group(1)}
        )
        assert refused.status_code == 404, path
        declared = juror.post(
            f"/api{path}/konflik",
            json={"conflict": False},
            headers={"X-CSRF-Token": token.group(1)},
        )
        assert declared.status_code == 404, path
    # The body is bounded before it is read, whoever sends it.
    big = juror.post(
        f"/api{OWN_SHEET}",
        data=b"{" + b" " * (80 * 1024) + b"}",
        headers={"X-CSRF-Token": token.group(1), "Content-Type": "application/json"},
    )
    assert big.status_code == 413
    big = juror.post(
        f"/api{OWN_SHEET}/konflik",
        data=b"{" + b" " * (80 * 1024) + b"}",
        headers={"X-CSRF-Token": token.group(1), "Content-Type": "application/json"},
    )
    assert big.status_code == 413


def test_a_refusal_never_points_to_a_page_its_reader_cannot_open(server):
    """Every 403 page's links, followed by the one refused, open (a screen's session is
    sent back to its screen, a juror to their list, not to a page that refuses them too)."""
    flask_app, _canaries, _ids, token = server
    clients = {role: client_as(flask_app, role) for role in ("viewer", "bupati", JURI)}
    clients["kiosk"] = flask_app.test_client()
    assert clients["kiosk"].get(kiosk_url(token)).status_code == 200
    refused_paths = ("/peringkat", "/kendali", "/impor", SCREENS, STATUS, DESK, CONSOLE)
    refused_paths += (*HISTORY, *AUDIT, FILES, MINUTES, ACCOUNTS)
    followed = 0
    for role, client in clients.items():
        for path in refused_paths:
            answer = client.get(path)
            if answer.status_code != 403:
                continue
            for href in re.findall(r"href=['\"](/[^'\"]*)['\"]", answer.get_data(as_text=True)):
                if href.startswith(("/assets/", "/_dash", "/favicon")):
                    continue
                opened = client.get(href.replace("&amp;", "&"))
                assert opened.status_code == 200, (role, path, href, opened.status_code)
                followed += 1
    assert followed >= 4 * len(refused_paths) - 4  # each role refused (nearly) everywhere
