"""The committee's console (/konsol): every tool named in the page's language, each link opens
for the committee, and the navbar marks the console on the tools it leads to. Who may open it
is in tests/security's matrices."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import text

from dashboard.console_routes import CONSOLE_PATH, GROUPS
from dashboard.services import EXTENSION_KEY
from data_access.i18n import t
from tests.web import client_as

HEADING = re.compile(r"<h1[^>]*>([^<]*)</h1>")
LINK = re.compile(r'<li class="kipp-console-tool">\s*<a href="([^"]+)">', re.S)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_tool_is_named_and_opens_for_the_committee(app, lang):
    client = client_as(app, "admin")
    page = html.unescape(client.get(f"{CONSOLE_PATH}?lang={lang}").get_data(as_text=True))
    hrefs = LINK.findall(page)
    tools = [tool for group in GROUPS for tool in group.tools]
    assert [href.split("?")[0] for href in hrefs] == [tool.path for tool in tools]
    for group in GROUPS:
        assert f">{t(group.title_key, lang)}</h2>" in page
    for tool, href in zip(tools, hrefs, strict=True):
        assert t(tool.title_key, lang) in page and t(tool.intro_key, lang) in page
        assert href.endswith(f"lang={lang}"), href
        answer = client.get(href)
        assert answer.status_code == 200, href
        # A plain page's heading is the card's name (a Dash page draws its own in the browser).
        heading = HEADING.search(answer.get_data(as_text=True))
        if heading:
            assert html.unescape(heading[1]).strip() == t(tool.title_key, lang), href
    assert '<a class="nav-link active" aria-current="page" href="/konsol' in page


@pytest.mark.parametrize(
    ("lang", "sections"),
    [
        ("id", ["undang", "konflik", "buka kembali", "perpanj"]),
        ("en", ["invite", "conflict", "reopen", "extend"]),
    ],
)
def test_the_jury_desk_card_promises_only_what_the_page_does(lang, sections):
    """The card names /kelola-juri's four sections; assignments come with the import
    (assignments.csv), the page sets none."""
    intro = t("console.tool.jury", lang).lower()
    assert "penugasan" not in intro and "assignment" not in intro
    assert [word for word in sections if word not in intro] == []


@pytest.mark.parametrize(
    ("path", "table", "said"),
    [("/layar", "kiosk_screens", "Layar Upacara"), ("/akun", "invitations", "Akun Pengguna")],
)
def test_a_tool_whose_data_cannot_be_read_says_so(app, path, table, said):
    """The committee's pages read in one place (CommitteeForms.load): an unreadable table
    gives the page's own 503 in the reader's language, not a server error."""
    client = client_as(app, "admin")
    with app.extensions[EXTENSION_KEY].engine.begin() as connection:
        connection.execute(text(f"DROP TABLE {table}"))
    answer = client.get(f"{path}?lang=id")
    page = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 503 and said in page and "tidak dapat dibaca" in page
    assert answer.headers["Cache-Control"] == "no-store"
