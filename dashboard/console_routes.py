"""The committee's console: GET /konsol, one page that leads to every tool of the committee.

The tools are plain pages and Dash pages of their own; this page only names them, grouped
by when the committee needs them (before judging, during it, at the ceremony, afterwards),
each with one sentence saying what it is for. It reads nothing from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from dashboard.auth import COMMITTEE
from dashboard.committee_forms import committee_only, html_answer
from data_access.i18n import normalize_lang, t

CONSOLE_PATH = "/konsol"
CONSOLE_ROLES = COMMITTEE

console = Blueprint("console", __name__)


@dataclass(frozen=True)
class ConsoleTool:
    """One tool on the console: where it is, its name and its one sentence."""

    path: str
    title_key: str
    intro_key: str


@dataclass(frozen=True)
class ConsoleGroup:
    """The tools the committee needs at one moment of the competition."""

    title_key: str
    tools: tuple[ConsoleTool, ...]


GROUPS = (
    ConsoleGroup(
        "console.group.before",
        (
            ConsoleTool("/akun", "accounts.title", "accounts.description"),
            ConsoleTool("/impor", "nav.import", "console.tool.import"),
            ConsoleTool("/administrasi", "status.title", "console.tool.status"),
            ConsoleTool("/berkas", "files.title", "files.description"),
            ConsoleTool("/kelola-juri", "nav.jury_desk", "console.tool.jury"),
        ),
    ),
    ConsoleGroup(
        "console.group.during",
        (
            ConsoleTool("/", "nav.progress", "console.tool.progress"),
            ConsoleTool("/riwayat-nilai", "history.page.title", "console.tool.history"),
        ),
    ),
    ConsoleGroup(
        "console.group.ceremony",
        (
            ConsoleTool("/kendali", "nav.control", "console.tool.control"),
            ConsoleTool("/layar", "screens.title", "console.tool.screens"),
            ConsoleTool("/berita-acara", "minutes.title", "minutes.description"),
        ),
    ),
    ConsoleGroup(
        "console.group.after",
        (
            ConsoleTool("/ringkasan", "nav.summary", "console.tool.summary"),
            ConsoleTool("/kelola-katalog", "catalogue_admin.title", "console.tool.catalogue"),
            ConsoleTool("/audit", "audit.title", "audit.description"),
        ),
    ),
)


def tool_paths() -> tuple[str, ...]:
    """Return every tool's path: the navbar marks the console current on each of them."""
    return tuple(tool.path for group in GROUPS for tool in group.tools)


@console.get(CONSOLE_PATH)
def console_page():
    """Show the committee its tools, grouped by the moment of the competition they serve."""
    refused = committee_only(CONSOLE_PATH)
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    query = urlencode({"lang": lang})
    groups = [
        {
            "title": t(group.title_key, lang),
            "tools": [
                {
                    "href": f"{tool.path}?{query}",
                    "title": t(tool.title_key, lang),
                    "intro": t(tool.intro_key, lang),
                }
                for tool in group.tools
            ],
        }
        for group in GROUPS
    ]
    page = render_template(
        "console.html",
        lang=lang,
        title=t("console.title", lang),
        intro=t("console.intro", lang),
        groups=groups,
    )
    return html_answer(page)
