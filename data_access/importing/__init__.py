"""Import an edition's data from a folder of CSV files or one .xlsx workbook, all or nothing.

Errors in a workbook name the file as ``<workbook>.xlsx:<sheet>`` (e.g.
``kudus.xlsx:scores``); errors in a folder name the CSV file (``scores.csv``).
Report counts are keyed by the CSV name (``scores.csv``) in both cases, plus
``default stages`` and ``default criteria`` when the import created them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access.db import transaction
from data_access.importing.apply import apply_plan
from data_access.importing.errors import ImportErrorItem, ImportFailed, ImportReport
from data_access.importing.plan import validate_import
from data_access.importing.reader import KNOWN_FILES, read_import

__all__ = ["KNOWN_FILES", "ImportErrorItem", "ImportFailed", "ImportReport", "import_path"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _order(item: ImportErrorItem) -> tuple[int, int]:
    name = item.file.rsplit(":", 1)[-1].removesuffix(".csv")
    position = KNOWN_FILES.index(name) if name in KNOWN_FILES else -1
    return position, item.row or 0


def import_path(
    engine: Engine,
    path: str | Path,
    *,
    edition_code: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    prior_errors: Sequence[ImportErrorItem] = (),
) -> ImportReport:
    """Check and import a folder of CSV files or an .xlsx workbook in one transaction.

    prior_errors are problems found before the files reached this folder (an upload form
    refusing a file, say): the import is still checked in full, so that every error is
    reported at once, but nothing is written.
    """
    read = read_import(path, max_bytes=max_bytes)
    try:
        with transaction(engine) as session:
            plan, errors = validate_import(session, read, edition_code=edition_code)
            if errors or prior_errors:
                # Raising inside the block rolls the (read-only) transaction back.
                raise ImportFailed(sorted([*prior_errors, *errors], key=_order))
            return apply_plan(session, plan, progress=progress)
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
        raise ImportFailed(
            [
                ImportErrorItem(
                    Path(path).name,
                    None,
                    None,
                    None,
                    f"Basis data menolak impor; tidak ada yang ditulis ({reason}).",
                    f"The database refused the import; nothing was written ({reason}).",
                )
            ]
        ) from exc
