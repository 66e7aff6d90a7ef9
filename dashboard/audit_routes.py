"""The committee's audit trail: GET /audit (a page of entries) and /audit.csv, /audit.xlsx.

Who did what and when, from every record the product keeps (data_access/audit_view.py),
narrowed by readable query parameters, the same on the page and its downloads:

    ?jenis=nilai&edisi=KIPP-2026&oleh=panitia&dari=2026-12-01&sampai=2026-12-07&halaman=2

Without ?jenis it lists every kind but the jurors' scores (audit_view.COMMITTEE_KINDS), so
approvals, reveal steps and uploads are not buried under a thousand score lines; ?jenis=semua
lists every kind together, on the page and in the downloads.

Admin only: it names each juror's scores. The guard (protect_page) sends anyone without a
session to /login and answers 403 to other roles, and each view checks the role again.
Read fresh on every request; nothing is cached.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, redirect, render_template, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response as BaseResponse

from dashboard.auth import ADMIN, COMMITTEE, LOGIN_PATH, current_account
from dashboard.auth_routes import forbidden_page
from dashboard.committee_forms import html_answer, no_store
from dashboard.html import render_page
from dashboard.services import services
from data_access import audit_view, queries
from data_access.audit_view import (
    COMMITTEE_KINDS,
    EXPORT_MAX,
    KINDS,
    SCORES,
    AuditPage,
    Filters,
)
from data_access.db import transaction
from data_access.exports.audit import COLUMNS, audit_csv, audit_headers, audit_xlsx
from data_access.formatting import JAKARTA, format_number, format_stamp
from data_access.i18n import normalize_lang, t

log = logging.getLogger(__name__)

AUDIT_PATH = "/audit"
AUDIT_CSV_PATH = "/audit.csv"
AUDIT_XLSX_PATH = "/audit.xlsx"
PATHS = (AUDIT_PATH, AUDIT_CSV_PATH, AUDIT_XLSX_PATH)
AUDIT_ROLES = COMMITTEE
# The kinds as the query names them (?jenis=nilai), in the order of audit_view.KINDS.
KIND_PARAMS = dict(
    zip(
        KINDS,
        (
            "persetujuan",
            "pengumuman",
            "impor",
            "akun",
            "nilai",
            "status",
            "seri",
            "perpanjangan",
            "konflik",
            "berkas",
            "layar",
            "katalog",
            "cadangan",
        ),
        strict=True,
    )
)
PARAM_KINDS = {param: kind for kind, param in KIND_PARAMS.items()}
# ?jenis=semua: every kind, the jurors' scores too.
ALL_KINDS = "semua"
# A query value is at most this long (codes and account names are shorter); longer is cut.
MAX_VALUE = 80
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

audit_pages = Blueprint("audit_pages", __name__)


class BadQuery(ValueError):
    """A filter the page cannot read (a date that is no date), said in the reader's language."""


def _refused() -> BaseResponse | None:
    """Return the answer to anyone but the committee, or None for the committee."""
    account = current_account()
    if account is None:  # to the login, and back to this very query afterwards
        target = quote(request.full_path.rstrip("?"), safe="/")
        answer = redirect(f"{LOGIN_PATH}?next={target}")
        answer.headers["Cache-Control"] = "no-store"
        return answer
    if account.role != ADMIN:
        body, status = forbidden_page(account.role)
        return html_answer(body, status)
    return None


def _arg(name: str) -> str | None:
    return request.args.get(name, "").strip()[:MAX_VALUE] or None


def _date(name: str, lang: str) -> date | None:
    value = _arg(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadQuery(t("audit.bad_date", lang, value=value)) from None


def asked_filters(lang: str) -> Filters:
    """Return the filters the query names (BadQuery for a date that is no date)."""
    # ?jenis=nilai, several as ?jenis=pengumuman,impor (or the parameter repeated).
    asked = [p.strip() for value in request.args.getlist("jenis") for p in value.split(",")]
    kinds = tuple(kind for kind in KINDS if KIND_PARAMS[kind] in asked)
    if ALL_KINDS in asked:
        kinds = ()  # the data layer's "every kind"
    elif not kinds:
        kinds = COMMITTEE_KINDS
    since, until = _date("dari", lang), _date("sampai", lang)
    if since and until and since > until:
        raise BadQuery(t("audit.bad_range", lang, since=since, until=until))
    return Filters(kinds, _arg("edisi"), _arg("oleh"), since, until)


def filter_query(filters: Filters, lang: str, **more: object) -> str:
    """Return the query string naming the filters (and more), as the form sends them."""
    pairs = [("jenis", kind_param(filters.kinds))] if filters.kinds != COMMITTEE_KINDS else []
    pairs += [
        (name, str(value))
        for name, value in (
            ("edisi", filters.edition),
            ("oleh", filters.person),
            ("dari", filters.since),
            ("sampai", filters.until),
            *more.items(),
        )
        if value
    ]
    return urlencode([*pairs, ("lang", lang)], safe=",")


def kind_param(kinds: tuple[str, ...]) -> str:
    """Return the kinds as ?jenis= names them: nilai, pengumuman,impor for several, semua."""
    return ",".join(KIND_PARAMS[kind] for kind in kinds) if kinds else ALL_KINDS


def _page(lang: str, filters: Filters, found: AuditPage | None, editions, alert: str = "") -> str:
    number = lambda n: format_number(n, lang=lang)  # noqa: E731 (a short local alias)
    rows = [
        {
            "at": format_stamp(e.at, lang=lang, tz=JAKARTA),
            "actor": e.actor,
            "kind": e.kind,
            "kind_name": t(f"audit.kind.{e.kind}", lang),
            "edition": e.edition or "–",
            "subject": e.subject_text(lang) or "–",
            "what": e.text(lang),
        }
        for e in (found.entries if found else [])
    ]
    paging = {}
    if found is not None:
        if found.page > 1:
            paging["prev"] = f"{AUDIT_PATH}?{filter_query(filters, lang, halaman=found.page - 1)}"
        if found.page < found.pages:
            paging["next"] = f"{AUDIT_PATH}?{filter_query(filters, lang, halaman=found.page + 1)}"
    query = filter_query(filters, lang)
    return render_template(
        "audit.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=t("audit.title", lang),
        alert=alert,
        filters=filters,
        kinds=[(KIND_PARAMS[k], t(f"audit.kind.{k}", lang), filters.kinds == (k,)) for k in KINDS],
        several=(
            kind_param(filters.kinds),
            ", ".join(t(f"audit.kind.{k}", lang) for k in filters.kinds),
        )
        if len(filters.kinds) > 1 and filters.kinds != COMMITTEE_KINDS
        else None,
        every_kind=not filters.kinds,
        scores_apart=_scores_apart(filters, found, lang),
        kind_counts=[
            {
                "name": t(f"audit.kind.{k}", lang),
                "count": number(n),
                "href": f"{AUDIT_PATH}?{filter_query(Filters((k,), *_rest(filters)), lang)}",
                "active": filters.kinds == (k,),
            }
            for k, n in (found.counts.items() if found else [])
            if n
        ],
        editions=editions,
        found=found,
        count=(
            t("audit.count.one", lang)
            if found.total == 1
            else t("audit.count", lang, count=number(found.total))
        )
        if found
        else "",
        page_text=t("audit.page", lang, page=number(found.page), pages=number(found.pages))
        if found
        else "",
        capped=t("audit.export_capped", lang, max=number(EXPORT_MAX), count=number(found.total))
        if found and found.total > EXPORT_MAX
        else "",
        cols=dict(zip(COLUMNS, audit_headers(lang), strict=True)),
        rows=rows,
        paging=paging,
        csv_href=f"{AUDIT_CSV_PATH}?{query}",
        xlsx_href=f"{AUDIT_XLSX_PATH}?{query}",
        clear=f"{AUDIT_PATH}?{urlencode({'lang': lang})}",
        back=f"/konsol?{urlencode({'lang': lang})}",
    )


def _scores_apart(filters: Filters, found: AuditPage | None, lang: str) -> dict | None:
    """Return the default view's note that the jurors' scores are under their own kind."""
    count = found.counts.get(SCORES, 0) if found else 0
    if filters.kinds != COMMITTEE_KINDS or not count:
        return None
    href = f"{AUDIT_PATH}?{filter_query(Filters((SCORES,), *_rest(filters)), lang)}"
    return {
        "text": t("audit.scores_apart", lang, count=format_number(count, lang=lang)),
        "link": t(f"audit.kind.{SCORES}", lang),
        "href": href,
        "every": f"{AUDIT_PATH}?{filter_query(Filters((), *_rest(filters)), lang)}",
        "every_text": t("audit.every_kind", lang),
    }


def _rest(filters: Filters) -> tuple:
    return filters.edition, filters.person, filters.since, filters.until


def _problem(lang: str, status: int, key: str) -> Response:
    return html_answer(render_page(t("audit.title", lang), t(key, lang), lang), status)


@audit_pages.get(AUDIT_PATH)
def audit_page():
    """Show the committee one page of the audit trail, newest first, narrowed by the query."""
    refused = _refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    try:
        with transaction(services().engine) as session:
            editions = queries.list_edition_keys(session)
            try:
                filters = asked_filters(lang)
            except BadQuery as bad:
                page = _page(lang, Filters(), None, editions, alert=str(bad))
                return html_answer(page, 400)
            number = request.args.get("halaman", "1").strip()
            found = audit_view.audit_page(session, filters, int(number) if number.isdigit() else 1)
    except SQLAlchemyError as exc:
        log.warning("audit: database not readable: %s", getattr(exc, "orig", exc))
        return _problem(lang, 503, "audit.db_error")
    return html_answer(_page(lang, filters, found, editions))


def _download_name(filters: Filters, extension: str) -> str:
    kinds = () if filters.kinds == COMMITTEE_KINDS else (kind_param(filters.kinds),)
    parts = ["jejak-audit", filters.edition or "", *kinds]
    parts += [str(d) for d in (filters.since, filters.until) if d]
    return "-".join(p for p in parts if p).replace("/", "-") + f".{extension}"


def _download() -> tuple[str, Filters] | BaseResponse:
    refused = _refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    try:
        return lang, asked_filters(lang)
    except BadQuery as bad:
        return html_answer(render_page(t("audit.title", lang), str(bad), lang), 400)


def _attachment(response: Response, filters: Filters, extension: str) -> Response:
    name = _download_name(filters, extension)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@audit_pages.get(AUDIT_CSV_PATH)
def audit_csv_download():
    """Send every matching entry (the newest EXPORT_MAX) as a CSV file, streamed."""
    asked = _download()
    if isinstance(asked, BaseResponse):
        return asked
    lang, filters = asked
    engine = services().engine

    def lines() -> Iterator[bytes]:
        with transaction(engine) as session:
            yield from audit_csv(audit_view.iter_entries(session, filters), lang)

    response = Response(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filters, "csv")


@audit_pages.get(AUDIT_XLSX_PATH)
def audit_xlsx_download():
    """Send every matching entry (the newest EXPORT_MAX) as an XLSX workbook."""
    asked = _download()
    if isinstance(asked, BaseResponse):
        return asked
    lang, filters = asked
    try:
        with transaction(services().engine) as session:
            body = audit_xlsx(audit_view.iter_entries(session, filters), lang)
    except SQLAlchemyError as exc:
        log.warning("audit.xlsx: database not readable: %s", getattr(exc, "orig", exc))
        return _problem(lang, 503, "audit.db_error")
    return _attachment(Response(body, content_type=XLSX_TYPE), filters, "xlsx")
