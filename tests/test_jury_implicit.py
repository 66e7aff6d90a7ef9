"""A stage that lists no assignments: every juror scores every eligible innovation in the
app too (SCORING.md 5), and a confirmed conflict is the juror's abstention there."""

from __future__ import annotations

from datetime import UTC, datetime

from data_access.assignments import juror_assignments
from data_access.db import transaction
from data_access.documents import juror_document, set_document
from data_access.jury import conflicts
from data_access.jury.history import SheetKey
from data_access.jury.sheet_access import find_juror_sheet
from tests.seed import (
    add_assignment,
    add_edition,
    add_innovation,
    add_juror,
    add_sheet,
    add_unit,
    full_sheet,
    stage_of,
)

AT = datetime(2022, 11, 24, 3, tzinfo=UTC)
PDF = b"%PDF-1.4\n%fiktif\n"


def _edition(s):
    """Three innovations (one not lolos), two jurors, no assignment in either stage."""
    edition = add_edition(s)
    unit = add_unit(s, "U1")
    innovations = [
        add_innovation(s, edition, "I01", unit),
        add_innovation(s, edition, "I02", unit),
        add_innovation(s, edition, "I03", unit, status="tidak_lolos"),
    ]
    jurors = [add_juror(s, edition, "J1"), add_juror(s, edition, "J2")]
    return edition, innovations, jurors


def _listed(s, juror) -> dict[str, list[tuple[str, bool]]]:
    found = juror_assignments(s, juror.id)
    assert found is not None
    return {st.code: [(i.code, i.abstain) for i in st.items] for st in found.stages}


def test_every_juror_sees_every_eligible_innovation(engine):
    with transaction(engine) as s:
        edition, (i1, _i2, _i3), (j1, j2) = _edition(s)
        assert _listed(s, j1) == {"proposal": [("I01", False), ("I02", False)]}
        assert find_juror_sheet(s, j1.id, "proposal", "I02") is not None
        assert find_juror_sheet(s, j1.id, "proposal", "I03") is None  # tidak lolos
        assert find_juror_sheet(s, j1.id, "presentation", "I01") is None  # no finalist yet
        set_document(s, edition.code, "I02", PDF, filename="i02.pdf", by="panitia")
        set_document(s, edition.code, "I03", PDF, filename="i03.pdf", by="panitia")
        assert juror_document(s, j1.id, edition.code, "I02") is not None
        assert juror_document(s, j1.id, edition.code, "I03") is None
        # A presentation score makes I01 a finalist (SCORING.md 6): every juror scores it.
        add_sheet(s, edition, j2, i1, "presentation", full_sheet("presentation", "80"), AT)
        s.flush()
        assert _listed(s, j1)["presentation"] == [("I01", False)]
        assert find_juror_sheet(s, j1.id, "presentation", "I01") is not None


def test_a_confirmed_conflict_shows_as_the_abstention(engine):
    with transaction(engine) as s:
        _edition_row, (i1, _i2, _i3), (j1, j2) = _edition(s)
        key = SheetKey(stage_of(s, _edition_row, "proposal").id, j1.id, i1.id)
        conflicts.declare_conflict(s, key, "Saya pembina inovasi ini", "juri")
        # Declared, not confirmed yet: not an abstention; after I02, which the juror can score.
        assert _listed(s, j1)["proposal"] == [("I02", False), ("I01", False)]
        conflicts.confirm_conflict(s, key, "panitia")
        assert ("I01", True) in _listed(s, j1)["proposal"]
        assert ("I01", False) in _listed(s, j2)["proposal"]  # the other juror still scores it
        found = find_juror_sheet(s, j1.id, "proposal", "I01")
        assert found is not None and found.abstain


def test_a_stage_that_lists_assignments_shows_only_the_jurors_rows(engine):
    with transaction(engine) as s:
        edition, (_i1, i2, _i3), (j1, j2) = _edition(s)
        add_assignment(s, edition, j2, i2, "proposal")
        s.flush()
        assert _listed(s, j1) == {}
        assert find_juror_sheet(s, j1.id, "proposal", "I01") is None
        assert _listed(s, j2) == {"proposal": [("I02", False)]}
