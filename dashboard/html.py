"""The server's own HTML pages (login, refusals, errors, the import form), from templates/.

Dash draws the dashboard; these few pages are plain Flask/Jinja (autoescaped), all on
one card layout (`templates/page.html`). Refusals that cannot know the reader's language
(an error, a cross-site request, a download refused) speak Bahasa Indonesia, then English.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import render_template, request
from markupsafe import Markup

from data_access.i18n import LANGUAGES, t

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def render_page(title: str, body: Markup | str, lang: str) -> str:
    """Return the card page with a title and a body (text is escaped; Markup is kept)."""
    return render_template("page.html", title=title, body=body, lang=lang)


def lang_href(lang: str) -> str:
    """Return this page's address in a language, its other parameters kept."""
    args = request.args.to_dict()
    args["lang"] = lang
    return f"{request.path}?{urlencode(args)}"


def other_lang_href(lang: str) -> str:
    """Return this page's address in the other language, its other parameters kept."""
    return lang_href("en" if lang == "id" else "id")


def bilingual_title(key: str) -> str:
    """Return a text in every language, Bahasa Indonesia first: "Judul / Title"."""
    return " / ".join(t(key, lang) for lang in LANGUAGES)


def bilingual_paragraphs(key: str, *, css_class: str = "", **values: str) -> Markup:
    """Return one <p lang=..> per language for a text key."""
    attrs = Markup(' class="{}"').format(css_class) if css_class else Markup("")
    return Markup("").join(
        Markup('<p lang="{}"{}>{}</p>').format(lang, attrs, t(key, lang, **values))
        for lang in LANGUAGES
    )


def bilingual_link(href: str, key: str) -> Markup:
    """Return a paragraph with one link labelled in every language."""
    return Markup('<p><a href="{}">{}</a></p>').format(href, bilingual_title(key))


def bilingual_page(title_key: str, body: Markup) -> str:
    """Return the card page titled in every language, its body already bilingual."""
    return render_page(bilingual_title(title_key), body, LANGUAGES[0])
