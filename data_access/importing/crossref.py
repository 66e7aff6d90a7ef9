"""Check references between files and to the database, and settle which score rows win."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from typing import Any

from data_access import defaults
from data_access.i18n import Message
from data_access.importing.errors import Problems
from data_access.importing.validate import DATE_KEYS, EDITION_KEYS, EditionInput
from data_access.models import STAGE_CODES


def centi_text(centi: int) -> str:
    """Return hundredths as a decimal text (7050 -> '70.50')."""
    return str(Decimal(centi).scaleb(-2))


def check_duplicates(
    records: Iterable[dict[str, Any]],
    columns: tuple[str, ...],
    problems: Problems,
) -> None:
    """Report every row whose key columns repeat an earlier row's; mark it not ok."""
    first_row: dict[Hashable, int] = {}
    for record in records:
        key = tuple(record.get(column) for column in columns)
        if any(part is None for part in key):
            continue
        if key in first_row:
            record["_ok"] = False
            problems.add(
                record["_row"],
                ", ".join(columns),
                ", ".join(str(part) for part in key),
                Message("importing.code_twice", row=first_row[key]),
            )
        else:
            first_row[key] = record["_row"]


def check_reference(
    records: Iterable[dict[str, Any]],
    column: str,
    exists: Callable[[Any, dict[str, Any]], bool],
    problems: Problems,
    what: Message,
) -> None:
    """Report every row whose column names something that exists neither in the import nor db."""
    for record in records:
        value = record.get(column)
        if value is None or exists(value, record):
            continue
        record["_ok"] = False
        problems.add(record["_row"], column, value, what)


def check_criteria(
    records: Iterable[dict[str, Any]], stage_criteria: dict[str, set[str]], problems: Problems
) -> None:
    """Report rows naming a criterion their stage does not have (scores, an archive's
    comments and history); mark each not ok. A row without a stage is another check's."""
    for record in records:
        code, stage = record.get("criterion_code"), record.get("stage")
        if code is None or stage is None or code in stage_criteria[stage]:
            continue
        record["_ok"] = False
        expected = ", ".join(sorted(stage_criteria[stage]))
        problems.add(
            record["_row"],
            "criterion_code",
            code,
            Message("importing.unknown_criterion", stage=stage, expected=expected),
        )


def check_unit_tree(
    records: list[dict[str, Any]], db_parent: dict[str, str | None], problems: Problems
) -> None:
    """Report units whose parent chain, after this import, leads back to themselves."""
    parent = dict(db_parent)
    for record in records:
        if record.get("code") is not None:
            parent[record["code"]] = record.get("parent_code")
    for record in records:
        code = record.get("code")
        if code is None:
            continue
        seen, current = {code}, parent.get(code)
        while current is not None and current not in seen:
            seen.add(current)
            current = parent.get(current)
        if current == code:
            record["_ok"] = False
            problems.add(
                record["_row"],
                "parent_code",
                record.get("parent_code"),
                Message("importing.unit_loop"),
            )


def final_criteria(
    records: list[dict[str, Any]], db_weights: dict[tuple[str, str], int], problems: Problems
) -> dict[str, set[str]]:
    """Check every stage's weights after the merge; return each stage's criterion codes."""
    merged: dict[str, dict[str, int]] = {stage: {} for stage in STAGE_CODES}
    for (db_stage, db_code), db_weight in db_weights.items():
        merged[db_stage][db_code] = db_weight
    last_row: dict[str, int] = {}
    for record in records:
        stage, code, weight = record.get("stage"), record.get("code"), record.get("weight")
        if stage is not None and code is not None and weight is not None:
            merged[stage][code] = weight
            last_row[stage] = record["_row"]
    for stage, row in last_row.items():
        if sum(merged[stage].values()) <= 0:
            problems.add(
                row,
                "weight",
                "0",
                Message("importing.stage_weights", stage=stage),
            )
    return {
        stage: set(codes) or {code for code, _, _ in defaults.DEFAULT_CRITERIA[stage]}
        for stage, codes in merged.items()
    }


def check_edition(given: EditionInput, existing, problems: Problems) -> None:
    """Check edition values merged with the stored edition: weights sum, dates in order."""
    values, rows = given.values, given.rows

    def merged(key: str) -> Any:
        if key in values:
            return values[key]
        if existing is not None:
            stored = getattr(existing, key)
            return int(stored * 100) if key.startswith("weight_") else stored
        return EDITION_KEYS[key][1]

    weight_keys = {"weight_proposal", "weight_presentation"}
    if weight_keys & set(values) and not weight_keys & given.bad:
        weights = merged("weight_proposal"), merged("weight_presentation")
        if None not in weights and sum(weights) <= 0:
            key = "weight_presentation" if "weight_presentation" in values else "weight_proposal"
            problems.add(
                rows[key],
                "value",
                given.texts[key],
                Message("importing.edition_weights"),
            )
    for start_key, end_key in zip(DATE_KEYS[0:8:2], DATE_KEYS[1:8:2], strict=True):
        start, end = merged(start_key), merged(end_key)
        if {start_key, end_key} & given.bad or not {start_key, end_key} & set(values):
            continue
        if start and end and end < start:
            key = end_key if end_key in values else start_key
            problems.add(
                rows[key],
                "value",
                given.texts[key],
                Message(
                    "importing.dates_order",
                    end_key=end_key,
                    end=end,
                    start_key=start_key,
                    start=start,
                ),
            )


def pick_scores(
    records: list[dict[str, Any]], problems: Problems
) -> tuple[list[dict[str, Any]], int]:
    """Keep the latest row per (juror, innovation, stage, criterion); return it and the ignored."""
    winners: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    ignored = 0
    for record in records:
        if not record["_ok"]:
            continue
        key = (
            record["juror_code"],
            record["innovation_code"],
            record["stage"],
            record["criterion_code"],
        )
        held = winners.get(key)
        if held is None:
            winners[key] = record
            continue
        ignored += 1
        if record["scored_at"] > held["scored_at"]:
            winners[key] = record
        elif record["scored_at"] == held["scored_at"] and record["score"] != held["score"]:
            record["_ok"] = False
            problems.add(
                record["_row"],
                "score",
                centi_text(record["score"]),
                Message(
                    "importing.ambiguous_score", row=held["_row"], score=centi_text(held["score"])
                ),
            )
    return list(winners.values()), ignored
