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
    return normalize_lang(explicit_lang())


def explicit_lang() -> str | None:
    """Return the language a request names (its ``?lang=``, or a Dash callback's ``search``
    input), None when it names none."""
    if not has_request_context():
        return None
    if request.method in ("GET", "HEAD"):
        value = request.args.get("lang")
        return normalize_lang(value) if value else None
    if not request.is_json:
        return None
    body = request.get_json(silent=True)
    inputs = body.get("inputs") if isinstance(body, dict) else None
    for item in inputs if isinstance(inputs, list) else ():
        if isinstance(item, dict) and item.get("property") == "search":
            value = item.get("value")
            found = _first(value, "lang") if isinstance(value, str) else None
            return normalize_lang(found) if found else None
    return None
