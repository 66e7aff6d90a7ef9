"""Write a checked import plan in one transaction, touching only rows whose values change."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Integer,
    Row,
    Table,
    bindparam,
    cast,
    column,
    insert,
    select,
    update,
    values,
)
from sqlalchemy.orm import Session
from tqdm import tqdm

from data_access import defaults
from data_access.importing import archive, restore, snapshot
from data_access.importing.errors import ImportFailed, ImportReport, KeptStatus, new_counts
from data_access.importing.plan import Plan
from data_access.jury import history
from data_access.models import (
    AdminStatusChange,
    Assignment,
    Base,
    Criterion,
    Edition,
    Innovation,
    Juror,
    Score,
    Stage,
    Unit,
    utcnow,
)

INNOVATION_TEXTS = ("summary", "proposal_url", "continues")
CHUNK = 2_000  # rows per statement batch, so the progress bar moves on large files


class _Writer:
    """Batches inserts and updates of one table and executes them in chunks."""

    def __init__(self, session: Session, table: Table, counts: dict[str, int], progress: bool):
        self.session, self.table, self.counts, self.progress = session, table, counts, progress
        self.inserts: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []

    def put(self, row: Row[Any] | None, fields: dict[str, Any], new: dict[str, Any]) -> None:
        """Queue an insert (fields and new) when row is None, else an update if fields differ."""
        if row is None:
            self.inserts.append({**new, **fields})
            self.counts["inserted"] += 1
        elif any(getattr(row, key) != value for key, value in fields.items()):
            self.updates.append({"b_id": row.id, **{f"v_{k}": v for k, v in fields.items()}})
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1

    def flush(self, label: str) -> None:
        """Execute the queued statements: inserts first, then updates by primary key."""
        total = len(self.inserts) + len(self.updates)
        if not total:
            return
        with _bar(label, total, self.progress) as bar:
            # RETURNING makes SQLAlchemy send multi-row INSERTs ("insertmanyvalues") instead
            # of one statement per row: PostgreSQL's statement-level data_version trigger
            # then fires once per batch, and bumping one row once per inserted row inside
            # one transaction grows quadratically slow there.
            statement = insert(self.table).returning(self.table.c.id)
            for start in range(0, len(self.inserts), CHUNK):
                chunk = self.inserts[start : start + CHUNK]
                self.session.execute(statement, chunk)
                bar.update(len(chunk))
            if self.updates:
                keys = [key[2:] for key in self.updates[0] if key.startswith("v_")]
                for start in range(0, len(self.updates), CHUNK):
                    chunk = self.updates[start : start + CHUNK]
                    self._update(keys, chunk)
                    bar.update(len(chunk))
        self.inserts, self.updates = [], []

    def _update(self, keys: list[str], chunk: list[dict[str, Any]]) -> None:
        table = self.table
        if self.session.get_bind().dialect.name != "postgresql":
            # SQLite fires its row-level triggers either way; executemany is fastest there.
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values({key: bindparam(f"v_{key}") for key in keys})
            )
            self.session.execute(statement, chunk)
            return
        # PostgreSQL: one UPDATE ... FROM (VALUES ...) per chunk, for the reason above.
        incoming = values(
            column("b_id", Integer),
            *(column(f"v_{key}", table.c[key].type) for key in keys),
            name="incoming",
        ).data([(row["b_id"], *(row[f"v_{key}"] for key in keys)) for row in chunk])
        statement = (
            update(table)
            .where(table.c.id == incoming.c.b_id)
            .values({key: cast(incoming.c[f"v_{key}"], table.c[key].type) for key in keys})
        )
        self.session.execute(statement)


@contextmanager
def _bar(label: str, total: int, progress: bool) -> Iterator[tqdm]:
    with tqdm(
        total=total, desc=label, unit="rows", file=sys.stderr, disable=not progress, leave=True
    ) as bar:
        yield bar


def apply_plan(
    session: Session, plan: Plan, *, progress: bool = False, by: str = "import"
) -> ImportReport:
    """Write the plan through the session; the caller owns the transaction.

    Every score the import creates or changes gets a line in the score history (source
    "import", `by` the person importing).
    """
    report = ImportReport(plan.edition_code)
    counts = report.counts
    for name in plan.files:
        counts[f"{name}.csv"] = new_counts()
    records = plan.records

    def writer(model: type[Base], name: str) -> _Writer:
        # The model's Table (model.__table__ is typed as a plain FromClause).
        table = Base.metadata.tables[model.__tablename__]
        return _Writer(session, table, counts.setdefault(name, new_counts()), progress)

    unit_ids = {code: row.id for code, row in plan.units.items()}
    if "units" in records:
        unit_ids = _apply_units(session, plan, writer(Unit, "units.csv"))
    if plan.edition_code is None:
        return _drop_unused(report, plan.files)
    edition_id = _apply_edition(plan, writer(Edition, "edition.csv"), session)
    stage_ids = _apply_stages(session, edition_id, writer(Stage, "default stages"))
    criteria_ids = _apply_criteria(session, plan, edition_id, stage_ids, writer)

    innovation_rows = snapshot.load_innovations(session, edition_id)
    set_in_app = _statuses_set_in_app(session, edition_id) if "innovations" in records else set()
    out = writer(Innovation, "innovations.csv")
    # An archive's approval names its innovations by id: new ones take those ids if free.
    wanted = plan.approval.innovation_ids() if plan.approval is not None else {}
    new_codes = {r["code"] for r in records.get("innovations", ())} - set(innovation_rows)
    given_ids = restore.reserve_innovation_ids(
        session, {code: wanted[code] for code in new_codes if code in wanted}
    )
    with_ids = writer(Innovation, "innovations.csv")
    for record in records.get("innovations", ()):
        fields = {key: record[key] for key in ("title", "innovator", "category", "admin_status")}
        stored = innovation_rows.get(record["code"])
        if (
            stored is not None
            and stored.id in set_in_app
            and stored.admin_status != fields["admin_status"]
        ):
            # A status the committee set on /administrasi, with its reason, is not undone by
            # a file: the file's value is reported, the recorded decision stays.
            report.kept_statuses.append(
                KeptStatus(record["code"], stored.admin_status, fields["admin_status"])
            )
            fields["admin_status"] = stored.admin_status
        fields.update(unit_id=unit_ids[record["unit_code"]], submitted_at=record["submitted_at"])
        # Optional columns: left alone when the file has none, cleared by an empty cell.
        fields.update({key: record[key] for key in INNOVATION_TEXTS if key in record})
        new = {"edition_id": edition_id, "code": record["code"]}
        if record["code"] in given_ids:
            with_ids.put(None, fields, {**new, "id": given_ids[record["code"]]})
            continue
        out.put(stored, fields, new)
    with_ids.flush("innovations.csv")
    if given_ids:
        restore.bump_innovation_ids(session)
    out.flush("innovations.csv")
    innovation_ids = _ids(session, Innovation, edition_id)

    juror_rows = snapshot.load_jurors(session, edition_id)
    out = writer(Juror, "jurors.csv")
    for record in records.get("jurors", ()):
        new = {"edition_id": edition_id, "code": record["code"]}
        fields = {"name": record["name"], "jury_group": record["group"]}
        out.put(juror_rows.get(record["code"]), fields, new)
    out.flush("jurors.csv")
    juror_ids = _ids(session, Juror, edition_id)

    if "assignments" in records:
        held = snapshot.load_assignments(session, edition_id)
        out = writer(Assignment, "assignments.csv")
        for record in records["assignments"]:
            key = (
                stage_ids[record["stage"]],
                juror_ids[record["juror_code"]],
                innovation_ids[record["innovation_code"]],
            )
            new = dict(zip(("stage_id", "juror_id", "innovation_id"), key, strict=True))
            out.put(held.get(key), {"abstain": record["abstain"]}, new)
        out.flush("assignments.csv")

    if "scores" in records:
        out = writer(Score, "scores.csv")
        out.counts["ignored"] += plan.ignored.get("scores", 0)
        ids = (stage_ids, criteria_ids, juror_ids, innovation_ids)
        lines = _apply_scores(session, plan, edition_id, out, ids, by=by)
        out.flush("scores.csv")
        if "score_history" not in records:
            # An archive's own history records how these scores came to be, instead.
            history.append(session, lines)
    by_code = restore.Ids(edition_id, stage_ids, criteria_ids, juror_ids, innovation_ids)
    _restore(session, plan, by_code, counts)
    return _drop_unused(report, plan.files)


def _restore(session: Session, plan: Plan, ids: restore.Ids, counts) -> None:
    """Write an archive's optional sheets, or raise ImportFailed saying why they do not fit."""
    restorer = restore.Restorer(session, ids, counts, plan.label_of)
    for name in archive.RESTORED:
        if name in plan.records:
            getattr(restorer, name)(plan.records[name])
    if plan.approval is not None and plan.edition_code is not None:
        restorer.approval(plan.edition_code, plan.approval)
    if restorer.errors:
        raise ImportFailed(restorer.errors)


def _statuses_set_in_app(session: Session, edition_id: int) -> set[int]:
    """Return the ids of the edition's innovations whose status was set on /administrasi."""
    rows = session.execute(
        select(AdminStatusChange.innovation_id)
        .join(Innovation, Innovation.id == AdminStatusChange.innovation_id)
        .where(Innovation.edition_id == edition_id)
        .distinct()
    )
    return set(rows.scalars())


def _ids(
    session: Session, model: type[Innovation] | type[Juror], edition_id: int
) -> dict[str, int]:
    rows = session.execute(select(model.code, model.id).where(model.edition_id == edition_id))
    return {code: row_id for code, row_id in rows}


def _apply_units(session: Session, plan: Plan, out: _Writer) -> dict[str, int]:
    records = plan.records["units"]
    ids = {code: row.id for code, row in plan.units.items()}
    pending = [record for record in records if record["code"] not in ids]
    # Parents before children: each wave inserts the units whose parent already has an id.
    while pending:
        wave = [r for r in pending if r["parent_code"] is None or r["parent_code"] in ids]
        if not wave:  # validation rules out unknown parents and loops; never spin
            raise RuntimeError("units with unresolvable parents passed validation")
        for record in wave:
            out.put(None, _unit_values(record, ids), {"code": record["code"]})
        out.flush("units.csv")
        ids = {code: row.id for code, row in snapshot.load_units(session).items()}
        pending = [record for record in pending if record["code"] not in ids]
    for record in records:
        if record["code"] in plan.units:
            out.put(plan.units[record["code"]], _unit_values(record, ids), {})
    out.flush("units.csv")
    return ids


def _unit_values(record: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    fields = {key: record[key] for key in ("name", "short_name", "kind", "required")}
    fields["parent_id"] = ids[record["parent_code"]] if record["parent_code"] else None
    if "confidence" in record:  # an optional column: left alone when the file has none
        fields["confidence"] = record["confidence"] or None
    return fields


def _apply_edition(plan: Plan, out: _Writer, session: Session) -> int:
    fields = dict(plan.edition_values or {})
    fields.pop("code", None)
    if plan.edition is None:
        new = {
            "code": plan.edition_code,
            "timezone": defaults.DEFAULT_TIMEZONE,
            "weight_proposal": defaults.DEFAULT_WEIGHT_PROPOSAL,
            "weight_presentation": defaults.DEFAULT_WEIGHT_PRESENTATION,
            "finalist_count": defaults.DEFAULT_FINALIST_COUNT,
        }
        out.put(None, fields, new)
    elif plan.edition_values is not None:
        out.put(plan.edition, fields, {})
    out.flush("edition.csv")
    return session.execute(select(Edition.id).where(Edition.code == plan.edition_code)).scalar_one()


def _apply_stages(session: Session, edition_id: int, out: _Writer) -> dict[str, int]:
    held = snapshot.load_stages(session, edition_id)
    for position, (code, name) in enumerate(defaults.STAGE_NAMES.items()):
        if code not in held:
            new = {"edition_id": edition_id, "code": code, "name": name, "position": position}
            out.put(None, {}, new)
    out.flush("stages")
    return snapshot.load_stages(session, edition_id)


def _apply_criteria(session, plan: Plan, edition_id, stage_ids, writer) -> dict:
    held = snapshot.load_criteria(session, edition_id)
    next_position = {stage: 0 for stage in stage_ids}
    for (stage, _code), held_row in held.items():
        next_position[stage] = max(next_position[stage], held_row.position + 1)
    out = writer(Criterion, "criteria.csv")
    for record in plan.records.get("criteria", ()):
        stage = record["stage"]
        fields = {"name": record["name"], "weight_centi": record["weight"]}
        if "description" in record:  # an optional column: left alone when the file has none
            fields["description"] = record["description"]
        row = held.get((stage, record["code"]))
        new = {"stage_id": stage_ids[stage], "code": record["code"]}
        if row is None:
            new["position"] = next_position[stage]
            next_position[stage] += 1
        out.put(row, fields, new)
    out.flush("criteria.csv")
    # "If an edition has no criteria, the defaults apply": per stage, after this import.
    filled = {stage for stage, _code in snapshot.load_criteria(session, edition_id)}
    filled |= {record["stage"] for record in plan.records.get("criteria", ())}
    out = writer(Criterion, "default criteria")
    for stage, stage_id in stage_ids.items():
        if stage in filled:
            continue
        for position, (code, name, weight) in enumerate(defaults.DEFAULT_CRITERIA[stage]):
            fields = {"name": name, "weight_centi": int(weight * 100)}
            out.put(None, fields, {"stage_id": stage_id, "code": code, "position": position})
    out.flush("default criteria")
    return {key: row.id for key, row in snapshot.load_criteria(session, edition_id).items()}


def _apply_scores(session, plan: Plan, edition_id, out: _Writer, ids, *, by: str) -> list[dict]:
    """Queue the scores' writes; return their history lines (a value created or changed)."""
    stage_ids, criteria_ids, juror_ids, innovation_ids = ids
    held = snapshot.load_scores(session, edition_id)
    lines: list[dict] = []
    now = utcnow()
    for record in plan.records["scores"]:
        sheet = (record["stage"], record["juror_code"], record["innovation_code"])
        if sheet in plan.locked:
            # Submitted in the app: validation let through only rows that change no value.
            out.counts["unchanged"] += 1
            continue
        criterion_id = criteria_ids[(record["stage"], record["criterion_code"])]
        key: tuple[int, int, int] = (
            juror_ids[record["juror_code"]],
            innovation_ids[record["innovation_code"]],
            criterion_id,
        )
        row = held.get(key)
        fields = {"score_centi": record["score"], "scored_at": record["scored_at"]}
        if row is not None and record["scored_at"] <= row.scored_at:
            unchanged = (row.score_centi, row.scored_at) == (record["score"], record["scored_at"])
            out.counts["unchanged" if unchanged else "ignored"] += 1
            continue
        new = {"stage_id": stage_ids[record["stage"]], "juror_id": key[0]}
        new.update(innovation_id=key[1], criterion_id=criterion_id)
        out.put(row, fields, new)
        old = row.score_centi if row is not None else None
        if old != record["score"]:
            lines.append(
                history.score_line(
                    history.SheetKey(new["stage_id"], key[0], key[1]),
                    history.SheetNames(edition_id, *sheet),
                    (criterion_id, record["criterion_code"]),
                    old,
                    record["score"],
                    source="import",
                    by=by,
                    at=now,
                )
            )
    return lines


def _drop_unused(report: ImportReport, files: list[str]) -> ImportReport:
    named = {f"{name}.csv" for name in files}
    for key in list(report.counts):
        if key not in named and not any(report.counts[key].values()):
            del report.counts[key]
    return report
