"""The committee's guide with pictures: screenshots of the product for docs/PANDUAN.md, and the
guide as a printable PDF. Run by `make panduan`; nothing here runs in the test suite.

Two demo databases are made in a temporary folder: the *live* demo (today falls inside
proposal judging: progress, the schedule, a juror's sheets) and a *finished* one (the
rehearsal jury completes every sheet, the committee approves, the reveal moves), each
served by gunicorn as in production. Chromium signs in as each role and takes the shots
SHOTS lists into docs/gambar/ (not committed: the guide's pictures are made from the
product, never kept stale in git). Then PANDUAN.md is rendered with them to
docs/build/PANDUAN.html and printed by Chromium to docs/build/PANDUAN.pdf (A4).

Every picture the guide shows (`![...](gambar/NAME.png)`) must be in SHOTS, and every shot
in the guide: tests/test_guide.py holds the two together.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "PANDUAN.md"
PICTURES = ROOT / "docs" / "gambar"
BUILD = ROOT / "docs" / "build"
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
EDITION = "demo-kudus-2022"
# The accounts the shots sign in with (invented; the password never leaves the temp folder).
PASSWORD = secrets.token_urlsafe(12)
ACCOUNTS = {"admin": "panitia", "bupati": "kantor-bupati", "juri": "juri-j01"}
PICTURE = re.compile(r"!\[[^\]]*\]\(gambar/([a-z0-9-]+)\.png\)")

PHONE = (390, 844)
LAPTOP = (1366, 768)
TV = (1920, 1080)


@dataclass(frozen=True)
class Shot:
    """One picture: which database, as whom, which address, at what size, after what."""

    name: str
    path: str
    db: str = "live"  # "live" or "done"
    role: str | None = "admin"  # None: no session (the login page, a TV screen)
    size: tuple[int, int] = LAPTOP
    full_page: bool = False
    wait_for: str | None = None  # a CSS selector to wait for before the shot
    # CLI commands run first: a reveal step ("next"), or "publish" (the catalogue)
    steps: tuple[str, ...] = field(default=())


SHOTS = (
    Shot("masuk", "/login", role=None, size=(1366, 640)),
    Shot("konsol", "/konsol", full_page=True),
    Shot("akun", "/akun"),
    Shot("progres", "/", wait_for="#progress-status"),
    Shot("progres-hp", "/", size=PHONE, wait_for="#progress-status"),
    Shot("partisipasi", "/partisipasi", wait_for="#participation-status"),
    Shot("jadwal", "/jadwal"),
    Shot("impor", "/impor", full_page=True),
    Shot("administrasi", "/administrasi"),
    Shot("berkas", "/berkas", full_page=True),
    Shot("kelola-juri", "/kelola-juri"),
    Shot("layar", "/layar"),
    Shot("berita-acara", "/berita-acara", full_page=True),
    Shot("penilaian-juri", "/penilaian", role="juri", size=PHONE, full_page=True),
    Shot("lembar-juri", "/penilaian/proposal/KIPP22-001", role="juri", size=PHONE),
    Shot("peringkat", "/peringkat", db="done", wait_for="#ranking-status"),
    Shot("kendali", "/kendali", db="done", full_page=True),
    Shot("ringkasan", "/ringkasan", db="done", role="bupati", full_page=True),
    Shot("audit", "/audit", db="done"),
    Shot("tv-rotasi", "KIOSK", db="done", role=None, size=TV),
    Shot("tv-juara-3", "KIOSK", db="done", role=None, size=TV, steps=("next", "next")),
    # After the ceremony (the reveal walked on to "all"): the catalogue, published.
    Shot("kelola-katalog", "/kelola-katalog", db="done", steps=("next", "next", "next", "publish")),
    Shot("katalog", "/katalog", db="done", role=None),
    Shot("katalog-hp", "/katalog/opd/DKK", db="done", role=None, size=PHONE),
)


def free_port() -> int:
    """Return a port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(url: str, *args: str) -> str:
    """Run one `python -m data_access` command on a database and return what it printed."""
    env = {**os.environ, "DATABASE_URL": url, "PW": PASSWORD}
    done = subprocess.run(
        [PYTHON, "-m", "data_access", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def make_database(folder: Path, kind: str) -> tuple[str, str]:
    """Make the live or finished demo with the shots' accounts; return its URL and screen link."""
    url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    cli(url, "init")
    cli(url, "demo", *(["--live"] if kind == "live" else []))
    for role, name in ACCOUNTS.items():
        extra = ["--juror", "J01", "--edition", EDITION] if role == "juri" else []
        cli(url, "users", "add", name, "--role", role, "--password-env", "PW", *extra)
    if kind == "done":
        cli(url, "simulate", "--edition", EDITION, "--finish", "--seed", "1")
        cli(url, "ceremony", "approve", "--edition", EDITION, "--by", ACCOUNTS["admin"])
    made = cli(url, "kiosk", "token", "create", "TV Pendopo", "--edition", EDITION)
    link = re.search(r"/kiosk\?token=[\w-]+", made)
    if link is None:
        raise RuntimeError(f"no screen link in: {made}")
    return url, link.group(0)


@contextmanager
def serving(url: str, folder: Path) -> Iterator[str]:
    """Serve a database with gunicorn as production does; yield its base address."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "INSTANCE_DIR": str(folder),
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def take(
    shots: tuple[Shot, ...],
    bases: dict[str, str],
    links: dict[str, str],
    steps: Callable[[str, str], None],
) -> list[Path]:
    """Take every shot with Chromium; return the files written."""
    from playwright.sync_api import sync_playwright

    PICTURES.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for shot in shots:
            for command in shot.steps:
                steps(shot.db, command)
            width, height = shot.size
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            base = bases[shot.db]
            if shot.role is not None:
                page.goto(f"{base}/login?lang=id")
                page.fill("input[name=username]", ACCOUNTS[shot.role])
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
            path = links[shot.db] if shot.path == "KIOSK" else shot.path
            page.goto(base + path + ("&" if "?" in path else "?") + "lang=id")
            page.wait_for_load_state("networkidle")
            if shot.wait_for:
                page.wait_for_selector(shot.wait_for, state="attached")
            page.wait_for_timeout(1500 if shot.path == "KIOSK" else 700)  # figures settle
            target = PICTURES / f"{shot.name}.png"
            page.screenshot(path=str(target), full_page=shot.full_page)
            written.append(target)
            print(f"{target.relative_to(ROOT)}  {path}  {width}x{height}")
            context.close()
        browser.close()
    return written


def render(pdf: bool = True) -> Path:
    """Render PANDUAN.md with its pictures to HTML (and print it to PDF with Chromium)."""
    from markdown_it import MarkdownIt

    BUILD.mkdir(parents=True, exist_ok=True)
    body = MarkdownIt("commonmark").enable("table").render(GUIDE.read_text(encoding="utf-8"))
    body = body.replace('src="gambar/', f'src="{PICTURES.as_uri()}/')
    page = BUILD / "PANDUAN.html"
    page.write_text(
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
        "<title>Panduan Panitia KIPP Live</title><style>"
        "body{font-family:sans-serif;max-width:46rem;margin:2rem auto;line-height:1.5;"
        "color:#1f2a26}"
        "h1,h2,h3{color:#08523b}h2{border-top:2px solid #c99a2e;padding-top:.6rem}"
        "img{max-width:100%;border:1px solid #ccd;margin:.4rem 0}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.2rem .4rem}"
        "pre{background:#f4f7f5;padding:.5rem;white-space:pre-wrap}"
        "@media print{h2{break-before:page}img{break-inside:avoid}}"
        f"</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    if pdf:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            sheet = browser.new_page()
            sheet.goto(page.as_uri())
            sheet.pdf(
                path=str(BUILD / "PANDUAN.pdf"),
                format="A4",
                print_background=True,
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            )
            browser.close()
        print((BUILD / "PANDUAN.pdf").relative_to(ROOT))
    return page


def pictures_in_guide(text: str | None = None) -> list[str]:
    """Return the names of the pictures the guide shows, in order."""
    return PICTURE.findall(text if text is not None else GUIDE.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="take only these shots (names)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    options = parser.parse_args(argv)
    shots = tuple(s for s in SHOTS if not options.only or s.name in options.only)
    with tempfile.TemporaryDirectory(prefix="kipp-guide-") as temp, ExitStack() as stack:
        urls, links, bases = {}, {}, {}
        for kind in sorted({shot.db for shot in shots}):
            folder = Path(temp) / kind
            folder.mkdir()
            urls[kind], links[kind] = make_database(folder, kind)
            bases[kind] = stack.enter_context(serving(urls[kind], folder))

        def step(db: str, command: str) -> None:
            group = "catalogue" if command == "publish" else "ceremony"
            cli(urls[db], group, command, "--edition", EDITION, "--by", "panitia")

        take(shots, bases, links, step)
    render(pdf=not options.no_pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
