"""The edition-by-code reads /kendali still uses, until it adopts register_live_page (issue 14).

Every other page, the navbar and the kiosk ask dashboard/data.py, with the edition
resolved once per request into an `EditionRef`. /kendali (dashboard/pages/control.py,
being split at the time of writing) still names editions by their code: these wrappers
resolve that code again on each call. Nothing new imports this module; it goes with the
last caller. `install_cache` is handed on for app.py, which is being rewritten beside it.
"""

from __future__ import annotations

from dashboard import data
from dashboard.data import EditionRef, data_version, install_cache
from data_access.approval import ApprovalComparison
from data_access.queries import EditionNotFound
from data_access.reports import EditionReport

EditionChoice = EditionRef
__all__ = [
    "EditionChoice",
    "approval",
    "data_version",
    "install_cache",
    "report",
    "resolve_edition",
    "watch_point",
]


def _edition(code: str, version: int) -> EditionRef:
    edition = data.resolve(code, version)
    if edition is None:
        raise EditionNotFound(code)
    return edition


def report(code: str, version: int) -> EditionReport:
    """Return ranking and progress of the edition with this code (data.report)."""
    return data.report(_edition(code, version), version)


def approval(code: str, version: int, revision: int) -> ApprovalComparison | None:
    """Return the approval of the edition with this code beside its live results (data.approval)."""
    return data.approval(_edition(code, version), version, revision)


def resolve_edition(code: str | None, version: int) -> EditionRef | None:
    """Return the asked-for edition, the default one when none is asked for, or None."""
    return data.resolve(code, version)


def watch_point(code: str | None) -> tuple[int, EditionRef | None, int]:
    """Return the data version, the edition asked for (else the default) and its revision."""
    watch = data.watch_ceremony(code)
    return watch.version, watch.edition, watch.revision or 0
