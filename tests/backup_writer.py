"""A writer for tests/test_backups_faults.py: the rehearsal jury at full speed, in its own
process, noting after each commit the data version and a digest of the ranking it left.

Run as `python -m tests.backup_writer URL LOG [MAX_SHEETS]`. Each line of LOG is the JSON
[data_version, sha256 of repr(ranking)]: the ranking at that data version, for a backup
taken meanwhile to be compared with. One writer only, so nothing changes between a
commit and the reading that follows it.
"""

from __future__ import annotations

import hashlib
import json
import sys

from sqlalchemy import Engine

from data_access import queries
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.reports import ranking_for
from data_access.simulate import simulate


def state(engine: Engine) -> tuple[int, str]:
    """Return the data version and the digest of the demo's ranking, as they stand."""
    with transaction(engine) as session:
        version = queries.data_version(session)
        ranking = ranking_for(session, DEMO_CODE)
    return version, hashlib.sha256(repr(ranking).encode()).hexdigest()


def main(url: str, log_path: str, max_sheets: int | None) -> None:
    """Write sheets one by one, no pause, logging the state after each."""
    engine = make_engine(url)
    with open(log_path, "a", encoding="utf-8") as log:

        def note(_seconds: float = 0.0) -> None:
            log.write(json.dumps(state(engine)) + "\n")
            log.flush()

        note()
        simulate(engine, DEMO_CODE, sleep=note, out=lambda _line: None, max_sheets=max_sheets)
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
