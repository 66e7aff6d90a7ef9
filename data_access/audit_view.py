"""The audit view: who did what and when, from every record the product keeps, one page at a time.

Thirteen kinds of entry, read from where each is kept: the audit record (reveal steps,
imports, account changes, files, ceremony screens, the public catalogue, backups and
restores: data_access/audit.py), the approvals,
seri decisions, status changes, window extensions and conflict declarations (their own
tables), and the score history. Every source is one SELECT of the same columns; their
UNION ALL is filtered, ordered (newest first) and paged in SQL, so a page of a million
score-history lines reads a page, never the history. The committee's alone: it names
jurors' scores. A score line names its criterion as its stage does now (its code once
the criterion is removed) and its source in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from data_access import audit
from data_access.audit_words import describe, subject_text
from data_access.formatting import JAKARTA
from data_access.i18n import Localized
from data_access.models import (
    AdminStatusChange,
    AuditEvent,
    CeremonyApproval,
    ConflictDeclaration,
    Criterion,
    Edition,
    Innovation,
    Juror,
    ScoreHistory,
    SeriDecision,
    Stage,
    WindowExtension,
)

# The kinds of entry, in the order the page lists them.
APPROVALS, REVEAL, IMPORTS, ACCOUNTS = "approvals", "reveal", "imports", "accounts"
SCORES, STATUS, SERI, WINDOWS, CONFLICTS = "scores", "status", "seri", "windows", "conflicts"
FILES, SCREENS, CATALOGUE, BACKUPS = "files", "screens", "catalogue", "backups"
KINDS = (
    APPROVALS, REVEAL, IMPORTS, ACCOUNTS, SCORES, STATUS, SERI, WINDOWS, CONFLICTS, FILES, SCREENS,
    CATALOGUE, BACKUPS,
)  # fmt: skip
# What the audit page shows unless asked otherwise: the committee's own actions. The score
# history outnumbers them a hundred to one and would bury them; it is one click away.
COMMITTEE_KINDS = tuple(kind for kind in KINDS if kind != SCORES)
# The audit record's actions of each kind it holds, by their names' prefixes.
EVENT_KINDS = {
    REVEAL: ("reveal.",),
    IMPORTS: ("import.",),
    ACCOUNTS: ("account.",),
    FILES: ("photo.", "document.", "minutes."),
    SCREENS: ("screen.",),
    CATALOGUE: ("catalogue.",),
    BACKUPS: ("backup.", "restore."),
}
PAGE_SIZE = 50
# A download holds at most this many entries, the newest (the page says so when cut).
EXPORT_MAX = 50_000
# The generic columns every source fills (None where it has nothing to say).
DETAILS = ("a", "b", "c", "d", "e", "f")


@dataclass(frozen=True)
class Filters:
    """What the reader narrows the record to; None (or empty) is "all"."""

    kinds: tuple[str, ...] = ()
    edition: str | None = None
    person: str | None = None
    since: date | None = None  # WIB dates, both inclusive
    until: date | None = None


@dataclass(frozen=True)
class Entry:
    """One thing someone did: when, who, what kind and action, where, on what, in words."""

    at: datetime
    actor: str
    kind: str
    action: str
    edition: str | None
    subject: str
    description: Localized

    def text(self, lang: str | None) -> str:
        """Return the description in a language."""
        return self.description.text(lang)

    def subject_text(self, lang: str | None) -> str:
        """Return what it was done on, in a language (a step's name rather than its code)."""
        return subject_text(self.action, self.subject, lang)


@dataclass(frozen=True)
class AuditPage:
    """One page of entries, with how many match in all and per kind."""

    entries: list[Entry]
    page: int
    pages: int
    total: int
    counts: dict[str, int]  # per kind, under every filter but the kind


def wib_bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """Return the UTC instants a WIB date range covers: from since's midnight to after until."""
    start = datetime.combine(since, time(), JAKARTA).astimezone(UTC) if since else None
    end = (
        datetime.combine(until + timedelta(days=1), time(), JAKARTA).astimezone(UTC)
        if until
        else None
    )
    return start, end


# ---------------------------------------------------------------- the sources
class Branch(NamedTuple):
    """One source's SELECT of the common columns, with its moment and row id to order by."""

    query: Select
    at: Any
    key: Any


def _text(value: Any) -> ColumnElement[Any]:
    return cast(value, String) if value is not None else cast(null(), String)


class _Where:
    """The filters as each source's columns read them."""

    def __init__(self, filters: Filters, edition_id: int | None) -> None:
        self.filters, self.edition_id = filters, edition_id
        self.start, self.end = wib_bounds(filters.since, filters.until)
        self.person = (filters.person or "").strip().lower() or None

    def branch(
        self,
        source: int,
        kind: str,
        table: Any,
        *,
        at: Any,
        key: Any,
        actor: Any,
        action: Any,
        edition: Any,
        by_code: bool = False,
        joins: tuple = (),
        subject: Any = None,
        **details: Any,
    ) -> Branch:
        """Return a source's SELECT of the common columns, narrowed by the filters."""
        query = select(
            literal(source, Integer).label("source"),
            literal(kind, String).label("kind"),
            at.label("at"),
            key.label("row_id"),
            cast(actor, String).label("actor"),
            cast(action, String).label("action"),
            _text(edition if by_code else None).label("edition_code"),
            (cast(null(), Integer) if by_code else edition).label("edition_id"),
            _text(subject).label("subject"),
            *(_text(details.get(name)).label(name) for name in DETAILS),
        ).select_from(table)
        for target, on, *outer in joins:
            query = query.join(target, on, isouter=bool(outer))
        if self.start is not None:
            query = query.where(at >= self.start)
        if self.end is not None:
            query = query.where(at < self.end)
        if self.person is not None:
            query = query.where(func.lower(actor) == self.person)
        if self.filters.edition is not None:
            wanted = self.filters.edition if by_code else (self.edition_id or -1)
            query = query.where(edition == wanted)
        return Branch(query, at, key)


def _events(kind: str, where: _Where) -> list[Branch]:
    e = AuditEvent
    actions = [a for a in audit.ACTIONS if a.startswith(EVENT_KINDS[kind])]
    found = where.branch(
        1, kind, e, at=e.at, key=e.id, actor=e.actor, action=e.action,
        edition=e.edition_code, by_code=True, subject=e.subject, a=e.detail,
    )  # fmt: skip
    return [found._replace(query=found.query.where(e.action.in_(actions)))]


def _approvals(where: _Where) -> list[Branch]:
    c = CeremonyApproval
    return [
        where.branch(
            2, APPROVALS, c, at=c.at, key=c.id, actor=c.by, action=literal("approval.") + c.action,
            edition=c.edition_id, a=c.old_hash, b=c.new_hash,
        )
    ]  # fmt: skip


def _seri(where: _Where) -> list[Branch]:
    s = SeriDecision
    return [
        where.branch(
            3, SERI, s, at=s.decided_at, key=s.id, actor=s.decided_by,
            action=literal("seri.decided"), edition=s.edition_id, subject=s.group_key,
            a=s.order_codes, b=s.chair, c=s.reason,
        )
    ]  # fmt: skip


def _status(where: _Where) -> list[Branch]:
    s = AdminStatusChange
    return [
        where.branch(
            4, STATUS, s, at=s.changed_at, key=s.id, actor=s.changed_by,
            action=literal("status.changed"), edition=Innovation.edition_id,
            joins=((Innovation, Innovation.id == s.innovation_id),),
            subject=Innovation.code, a=s.old_status, b=s.new_status, c=s.reason,
        )
    ]  # fmt: skip


def _windows(where: _Where) -> list[Branch]:
    w = WindowExtension
    return [
        where.branch(
            5, WINDOWS, w, at=w.created_at, key=w.id, actor=w.created_by,
            action=literal("window.extended"), edition=Stage.edition_id,
            joins=((Stage, Stage.id == w.stage_id), (Juror, Juror.id == w.juror_id, "outer")),
            subject=Stage.code, a=w.until, b=Juror.code,
        )
    ]  # fmt: skip


def _conflicts(where: _Where) -> list[Branch]:
    c = ConflictDeclaration
    joins = ((Juror, Juror.id == c.juror_id), (Innovation, Innovation.id == c.innovation_id))
    declared = case((c.conflict.is_(True), "conflict.declared"), else_="conflict.none")
    confirmed = where.branch(
        7, CONFLICTS, c, at=c.confirmed_at, key=c.innovation_id, actor=c.confirmed_by,
        action=literal("conflict.confirmed"), edition=Juror.edition_id, joins=joins,
        subject=Innovation.code, a=Juror.code,
    )  # fmt: skip
    return [
        where.branch(
            6, CONFLICTS, c, at=c.declared_at, key=c.innovation_id, actor=c.declared_by,
            action=declared, edition=Juror.edition_id, joins=joins,
            subject=Innovation.code, a=Juror.code, b=c.reason,
        ),
        confirmed._replace(query=confirmed.query.where(c.confirmed_at.is_not(None))),
    ]  # fmt: skip


def _scores(where: _Where) -> list[Branch]:
    h = ScoreHistory
    # The criterion as its stage names it now; its code when it was removed since. Read
    # per row listed (a page's, never counted), by the criteria's primary key.
    name = select(Criterion.name).where(Criterion.id == h.criterion_id).scalar_subquery()
    return [
        where.branch(
            8, SCORES, h, at=h.at, key=h.id, actor=h.by, action=literal("score.") + h.event,
            edition=h.edition_id, subject=h.innovation_code, a=h.juror_code,
            b=func.coalesce(name, h.criterion_code), c=h.old_centi, d=h.new_centi, e=h.stage_code,
            f=func.coalesce(h.reason, h.source),
        )
    ]  # fmt: skip


SOURCES: dict[str, Callable[[_Where], list[Branch]]] = {
    APPROVALS: _approvals,
    REVEAL: lambda where: _events(REVEAL, where),
    IMPORTS: lambda where: _events(IMPORTS, where),
    ACCOUNTS: lambda where: _events(ACCOUNTS, where),
    SCORES: _scores,
    STATUS: _status,
    SERI: _seri,
    WINDOWS: _windows,
    CONFLICTS: _conflicts,
    FILES: lambda where: _events(FILES, where),
    SCREENS: lambda where: _events(SCREENS, where),
    CATALOGUE: lambda where: _events(CATALOGUE, where),
    BACKUPS: lambda where: _events(BACKUPS, where),
}


def _edition_ids(session: Session) -> dict[str, int]:
    return {
        code: edition_id for code, edition_id in session.execute(select(Edition.code, Edition.id))
    }


def _branches(filters: Filters, ids: dict[str, int], kinds: tuple[str, ...]) -> list[Branch]:
    where = _Where(filters, ids.get(filters.edition or ""))
    return [branch for kind in kinds for branch in SOURCES[kind](where)]


def _ordered(filters: Filters, ids: dict[str, int], depth: int) -> Select | None:
    """Return the entries newest first; each source gives only its `depth` newest.

    The page's rows are among each source's newest `depth` (offset + page size): each
    source reads them through its index on the moment (score_history's ix_score_history_at,
    audit_events' ix_audit_events_at) instead of sorting a million lines.
    """
    kinds = tuple(k for k in KINDS if not filters.kinds or k in filters.kinds)
    branches = _branches(filters, ids, kinds)
    if not branches:
        return None
    newest = [
        select(b.query.order_by(b.at.desc(), b.key.desc()).limit(depth).subquery())
        for b in branches
    ]
    entries = union_all(*newest).subquery("entries")
    # The source and its row's id break ties: the same filters always give the same pages.
    return select(entries).order_by(entries.c.at.desc(), entries.c.source, entries.c.row_id.desc())


def count_by_kind(session: Session, filters: Filters) -> dict[str, int]:
    """Return how many entries of each kind match every filter but the kind (one query)."""
    ids = _edition_ids(session)
    counts = [
        sum(
            (
                select(func.count()).select_from(b.query.subquery()).scalar_subquery()
                for b in _branches(filters, ids, (kind,))
            ),
            start=literal(0),
        ).label(kind)
        for kind in KINDS
    ]
    row = session.execute(select(*counts)).one()
    return {kind: int(row._mapping[kind]) for kind in KINDS}


def audit_page(session: Session, filters: Filters, page: int = 1) -> AuditPage:
    """Return one page of entries (newest first) and the counts, under the filters."""
    counts = count_by_kind(session, filters)
    total = sum(n for kind, n in counts.items() if not filters.kinds or kind in filters.kinds)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    entries = list(_entries(session, filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE))
    return AuditPage(entries, page, pages, total, counts)


def iter_entries(session: Session, filters: Filters, *, limit: int = EXPORT_MAX) -> Iterator[Entry]:
    """Yield the newest `limit` entries under the filters, newest first, a batch at a time."""
    yield from _entries(session, filters, offset=0, limit=limit)


def _entries(session: Session, filters: Filters, *, offset: int, limit: int) -> Iterator[Entry]:
    ids = _edition_ids(session)
    query = _ordered(filters, ids, offset + limit)
    if query is None:
        return
    codes = {edition_id: code for code, edition_id in ids.items()}
    result = session.execute(
        query.limit(limit).offset(offset), execution_options={"yield_per": 1000}
    )
    for row in result:
        yield _entry(row, codes)


def _entry(row: Any, codes: dict[int, str]) -> Entry:
    edition = row.edition_code or (
        codes.get(row.edition_id, f"#{row.edition_id}") if row.edition_id is not None else None
    )
    return Entry(
        at=row.at,
        actor=row.actor,
        kind=row.kind,
        action=row.action,
        edition=edition,
        subject=row.subject or "",
        description=describe(row),
    )
