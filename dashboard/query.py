"""Read a page's query string (``?lang=en&edition=kipp-kudus-2022``) into plain values."""

from __future__ import annotations

from urllib.parse import parse_qs, parse_qsl, urlencode

from flask import has_request_context, request

from data_access.i18n import normalize_lang


def _first(search: str | None, name: str) -> str | None:
    values = parse_qs((search or "").lstrip("?")).get(name)
    return values[0].strip() if values and values[0].strip() else None


def lang_from_search(search: str | None) -> str:
    """Return the page language asked for by ``?lang=``, Indonesian by default."""
    return normalize_lang(_first(search, "lang"))


def edition_from_search(search: str | None) -> str | None:
    """Return the edition code asked for by ``?edition=``, or None for the latest edition."""
    return _first(search, "edition")


def with_lang(search: str | None, lang: str) -> str:
    """Return the query string with ``lang`` set, keeping the other parameters."""
    return with_params(search, lang=normalize_lang(lang))


def with_params(search: str | None, **values: str) -> str:
    """Return the query string with the given parameters set, keeping the others."""
    params = {k: v for k, v in parse_qsl((search or "").lstrip("?")) if k not in values}
    return "?" + urlencode({**params, **values})


def request_lang() -> str:
    """Return the language of the page a request is for: its own ``?lang=`` (a page's GET),
    or the ``search`` input a Dash callback carries (the pages' router)."""
    if not has_request_context():
        return normalize_lang(None)
    if request.method == "GET":
        return normalize_lang(request.args.get("lang"))
    body = request.get_json(silent=True)
    inputs = body.get("inputs") if isinstance(body, dict) else None
    for item in inputs if isinstance(inputs, list) else ():
        if isinstance(item, dict) and item.get("property") == "search":
            value = item.get("value")
            return lang_from_search(value if isinstance(value, str) else None)
    return normalize_lang(None)
