"""The committee's console (/konsol): every tool named in the page's language, each link opens
for the committee, and the navbar marks the console on the tools it leads to. Who may open it
is in tests/security's matrices."""

from __future__ import annotations

import html
import re

import pytest

from dashboard.console_routes import CONSOLE_PATH, GROUPS
from data_access.i18n import t
from tests.web import client_as

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
        assert client.get(href).status_code == 200, href
    assert '<a class="nav-link active" aria-current="page" href="/konsol' in page
