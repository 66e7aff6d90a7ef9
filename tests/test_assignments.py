"""The order of a juror's own list (data_access/assignments.py): what they can act on first."""

from __future__ import annotations

from datetime import UTC, datetime

from data_access.assignments import juror_assignments
from data_access.db import transaction
from data_access.models import DRAFT, ConflictDeclaration, SheetState
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


def test_drafts_to_continue_come_first_and_sheets_awaiting_the_committee_after_the_new(engine):
    with transaction(engine) as s:
        edition = add_edition(s)
        unit = add_unit(s, "U1")
        juror = add_juror(s, edition, "J1")
        found = {}
        for code in ("I01", "I02", "I03", "I04", "I05", "I06"):
            found[code] = add_innovation(s, edition, code, unit)
            add_assignment(s, edition, juror, found[code], "proposal", abstain=code == "I06")
        full = full_sheet("proposal", "80")
        # I01: the committee's import brought all criteria but one (locked, not finished).
        add_sheet(s, edition, juror, found["I01"], "proposal", dict(list(full.items())[1:]), AT)
        # I02: a conflict declared, awaiting the committee's decision.
        s.add(
            ConflictDeclaration(
                juror_id=juror.id,
                innovation_id=found["I02"].id,
                conflict=True,
                reason="Kakak saya inovatornya",
                declared_at=AT,
                declared_by="j1",
            )
        )
        # I03: not started. I04: a draft of one criterion. I05: imported whole.
        add_sheet(s, edition, juror, found["I04"], "proposal", dict(list(full.items())[:1]), AT)
        s.add(
            SheetState(
                stage_id=stage_of(s, edition, "proposal").id,
                juror_id=juror.id,
                innovation_id=found["I04"].id,
                state=DRAFT,
                updated_at=AT,
                updated_by="j1",
            )
        )
        add_sheet(s, edition, juror, found["I05"], "proposal", full, AT)
        s.flush()
        listed = juror_assignments(s, juror.id)
    assert listed is not None
    (stage,) = listed.stages
    assert [item.code for item in stage.items] == ["I04", "I03", "I01", "I02", "I05", "I06"]
    assert [item.waiting for item in stage.items] == [False, False, True, True, False, False]
    assert stage.left == 4  # the waiting ones are not done
