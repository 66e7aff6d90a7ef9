"""What the committee's plain form pages share: /kelola-juri, /layar, /berita-acara, ...

Each is a plain Flask page: admin only (the guard and each view check the role), every
form carries the session's CSRF token (dashboard.security refuses cross-site posts
first), bodies are bounded before the form is read, and each post redirects (PRG) with
its outcome kept in the session, in both languages, until the next page shows it once.
Refusals are the catalogue's messages the command line prints, in the page's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote, urlencode

from flask import Response, redirect, request, session
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.auth import ADMIN, LOGIN_PATH, csrf_ok, current_account
from dashboard.auth_routes import forbidden_page
from dashboard.html import render_page
from dashboard.imports_routes import DRAIN_FACTOR, drain_request_body
from dashboard.services import services
from data_access.db import transaction
from data_access.i18n import LANGUAGES, Message, normalize_lang, t

log = logging.getLogger(__name__)

Read = TypeVar("Read")

# What a form's action returns: the outcome to show, and a link to show once (or None).
Outcome = tuple[Message, str | None]


def no_store(response: Response) -> Response:
    """Keep the answer out of every cache: it shows the committee's own data."""
    response.headers["Cache-Control"] = "no-store"
    return response


def html_answer(page: str, status: int = 200) -> Response:
    """Return an HTML page, never cached."""
    return no_store(Response(page, status=status, content_type="text/html; charset=utf-8"))


def committee_only(path: str) -> Response | None:
    """Return the answer to anyone but the committee at `path`, or None for the committee."""
    account = current_account()
    if account is None:
        return no_store(redirect(f"{LOGIN_PATH}?next={quote(path, safe='/')}"))
    if account.role != ADMIN:
        body, status = forbidden_page(account.role)
        return html_answer(body, status)
    return None


@dataclass(frozen=True)
class CommitteeForms:
    """One page's forms: its path and texts, its limits, and what its refusals are."""

    path: str
    title_key: str  # the page's title, for its error pages
    flash_key: str  # where a post's outcome waits in the session
    max_bytes: int  # a larger body is refused unread
    max_field: int  # every field is cut to this
    refusals: tuple[type[Exception], ...]  # a refusal of the data layer, said to the committee
    message_of: Callable[[Exception], Message]
    too_large_key: str
    db_error_key: str
    log_name: str
    # A body refused for its size is read to its end, up to this many bytes, so the browser
    # gets the refusal, not a broken connection (0: DRAIN_FACTOR times max_bytes).
    drain_bytes: int = 0

    def refused(self) -> Response | None:
        """Return the answer to anyone but the committee, or None for the committee."""
        return committee_only(self.path)

    def load(self, read: Callable[[Session], Read]) -> tuple[str, Read] | Response:
        """Check the role and read what the page shows in one transaction: (lang, data), or
        the answer (the login, 403, or the page's 503 when the database cannot be read)."""
        refused = self.refused()
        if refused is not None:
            return refused
        lang = normalize_lang(request.args.get("lang"))
        try:
            with transaction(services().engine) as db:
                return lang, read(db)
        except SQLAlchemyError as exc:
            log.warning("%s: database not readable: %s", self.log_name, getattr(exc, "orig", exc))
            page = render_page(t(self.title_key, lang), t(self.db_error_key, lang), lang)
            return html_answer(page, 503)

    def flash(
        self,
        message: Message,
        *,
        ok: bool,
        link: str | None = None,
        typed: dict[str, str] | None = None,
        invalid: str = "",
    ) -> None:
        """Keep a post's outcome (both languages) for the next page, which shows it once,
        with what a refused form held as typed and the field at fault, when given."""
        session[self.flash_key] = {
            "ok": ok,
            "text": {lang: message.text(lang) for lang in LANGUAGES},
            "link": link,
            **({"typed": typed, "invalid": invalid} if typed is not None else {}),
        }

    def pop_flash(self) -> dict | None:
        """Return the outcome kept for this page (once), or None."""
        return session.pop(self.flash_key, None)

    def read(self, back_href: str) -> tuple[str, dict[str, str]] | Response:
        """Check the role, the body's size and the token; return (lang, fields) or the answer."""
        refused = self.refused()
        if refused is not None:
            return refused
        lang = normalize_lang(request.args.get("lang"))
        request.max_content_length = self.max_bytes
        title = t(self.title_key, lang)
        try:
            form = request.form
        except RequestEntityTooLarge:
            # The refused body is read off the connection (an image chosen by mistake), so
            # that a keep-alive connection's next request does not start inside it.
            drain_request_body(self.drain_bytes or DRAIN_FACTOR * self.max_bytes)
            return html_answer(render_page(title, t(self.too_large_key, lang), lang), 413)
        if not csrf_ok():
            body = Markup("<p>{}</p><p><a href='{}'>{}</a></p>").format(
                t("auth.expired", lang), back_href, title
            )
            return html_answer(render_page(title, body, lang), 400)
        fields = {name: form.get(name, "").strip()[: self.max_field] for name in form}
        fields.pop("csrf", None)
        return lang, fields

    def post(
        self,
        action: Callable[[dict[str, str]], Outcome],
        back: Callable[[str, dict[str, str]], Response],
        back_href: str,
        *,
        keep: tuple[str, ...] = (),
    ) -> Response:
        """Run one form's action: check, act, keep the outcome, redirect with `back` (PRG).

        When it is refused, the fields named in `keep` wait in the flash as typed (never in
        the address), so the form shows them again and only the mistake needs retyping.
        """
        checked = self.read(back_href)
        if isinstance(checked, Response):
            return checked
        lang, fields = checked
        by = by_whom()
        typed = {name: fields.get(name, "") for name in keep} if keep else None
        try:
            message, link = action(fields)
        except self.refusals as refusal:
            refused = self.message_of(refusal)
            log.info("%s %s by %s refused: %s", self.log_name, request.path, by, refused.key)
            invalid = getattr(refusal, "field_name", "")
            self.flash(refused, ok=False, typed=typed, invalid=invalid)
        except SQLAlchemyError as exc:
            log.warning("%s: database not writable: %s", self.log_name, getattr(exc, "orig", exc))
            self.flash(Message(self.db_error_key), ok=False, typed=typed)
        else:
            log.info("%s %s by %s: %s", self.log_name, request.path, by, message.key)
            self.flash(message, ok=True, link=link)
        return back(lang, fields)

    def href(self, lang: str, anchor: str = "") -> str:
        """Return the page's address in a language (and a section)."""
        return f"{self.path}?{urlencode({'lang': lang})}{anchor}"

    def post_to_page(self, action: Callable[[dict[str, str]], Outcome]) -> Response:
        """Run one form's action and go back to the page's outcome (#hasil), in its language."""
        return self.post(
            action,
            lambda lang, _fields: no_store(redirect(self.href(lang, "#hasil"), code=303)),
            self.href(normalize_lang(request.args.get("lang"))),
        )


def by_whom() -> str:
    """Return the account that posts (its username), as the records name it."""
    account = current_account()
    return account.username if account is not None else "web"
