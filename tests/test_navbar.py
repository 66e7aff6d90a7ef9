"""The plain pages' navbar (dashboard/navbar.py, templates/navbar.html) is the dashboard's."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import navbar, shell
from dashboard.auth import ADMIN
from data_access.i18n import AUTONYMS, LANGUAGES, t
from tests.web import client_as

NAV = re.compile(r'<ul class="nav kipp-nav-links">(.*?)</ul>', re.S)
LINK = re.compile(
    r'<a class="nav-link( active)?"(?: aria-current="page")? href="([^"]+)">([^<]+)</a>'
)


def _links(page: str) -> list[tuple[str, str, bool]]:
    """Return the navbar's links as (text, address, marked current)."""
    found = NAV.search(page)
    assert found, page[:500]
    return [
        (html.unescape(t), html.unescape(h), bool(a)) for a, h, t in LINK.findall(found.group(1))
    ]


LANG = re.compile(
    r'<a class="nav-link kipp-lang( active)?" href="([^"]+)" title="([^"]+)" hreflang="(\w+)">'
    r"(\w+)</a>"
)


@pytest.mark.parametrize("path", ["/kelola-juri", "/riwayat-nilai", "/impor"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_committee_s_plain_pages_carry_the_dashboard_s_links(app, path, lang):
    """Kelola Juri, Riwayat Nilai and Impor Data show the Dash navbar's links, words and
    order, its brand line and its ID / EN switch."""
    pages = app.extensions[navbar.NAV_KEY]
    dash = shell.nav_links(list(pages), role=ADMIN, pathname="/", search="", lang=lang)
    expected = [(item.children.children, item.children.href.split("?")[0]) for item in dash]
    page = client_as(app, "admin").get(f"{path}?lang={lang}").get_data(as_text=True)
    links = _links(page)
    assert [(text, urlsplit(href).path) for text, href, _ in links] == expected
    assert len(expected) == 7  # six Dash pages and the committee's console
    for text, href, current in links:
        query = parse_qs(urlsplit(href).query)
        assert query["lang"] == [lang], href
        if urlsplit(href).path != "/konsol":  # a Dash page keeps the edition
            assert query["edition"] == ["demo-kudus-2022"], href
        # Both pages are the console's tools: the console is marked current on them.
        assert current == (urlsplit(href).path == "/konsol"), text
    assert 'class="kipp-account-name">panitia<' in page
    assert f'class="kipp-brand-tagline">{html.escape(t("app.tagline", lang))}<' in page
    switch = [
        (bool(a), urlsplit(html.unescape(h)), name, code, label)
        for a, h, name, code, label in LANG.findall(page)
    ]
    assert [(name, code, label) for _a, _h, name, code, label in switch] == [
        (AUTONYMS[code], code, code.upper()) for code in LANGUAGES
    ]
    for active, href, _name, code, _label in switch:
        assert active == (code == lang)
        assert href.path == path and parse_qs(href.query)["lang"] == [code]


def test_a_juror_s_navbar_links_only_their_own_page(app):
    """A juror's /penilaian has one link, to itself: no page of the committee's is named."""
    page = client_as(app, "juri").get("/penilaian?lang=en").get_data(as_text=True)
    assert _links(page) == [("My assessments", "/penilaian?lang=en", True)]
    assert "/kelola-juri" not in page and "/peringkat" not in page
