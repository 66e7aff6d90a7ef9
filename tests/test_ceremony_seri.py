"""Tests for data_access/ceremony/seri.py: the jury's seri decision, from record to screens.

SCORING.md: a seri at Juara I-III stays shared until the panel decides; the decision,
once recorded, orders the tied innovations in the approved results (under the snapshot's
hash) and every screen showing those places says the jury decided them.
"""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from dashboard.kiosk.winners import all_screen, award_screen
from data_access import ceremony
from data_access.ceremony import ALL, CeremonyError, canonical_json, live_differences
from data_access.db import transaction
from data_access.exports import export_bytes
from data_access.models import SeriDecision
from tests.cli_run import cli, ok, refused
from tests.test_ceremony import (
    BY,
    CODE,
    DISTINCT,
    T1,
    A,
    advance,
    approve,
    live_payload,
    seed,
    sqlite_engine,  # noqa: F401  (a fixture)
    state,
    view,
)
from tests.test_exports import pdf_text
from tests.web import texts

C, D = "78.29", "64.51"
SERI_I = {"A": A, "B": A, "C": C, "D": D}  # A and B share Juara I; C is Juara III
REASON = "Inovasi B lebih berdampak bagi warga desa"
CHAIR = "Dr. Siti Rahma"


def code(label: str) -> str:
    return f"{CODE}-{label}"


def record(engine, *labels: str, reason: str = REASON, chair: str = CHAIR):
    with transaction(engine) as session:
        return ceremony.record_decision(
            session, CODE, [code(x) for x in labels], reason=reason, chair=chair, by=BY, now=T1
        )


def refusal(engine, *labels: str, **kw) -> str:
    with pytest.raises(CeremonyError) as caught:
        record(engine, *labels, **kw)
    return caught.value.message.key


def test_a_decision_for_anything_but_an_award_seri_is_refused(engine):
    seed(engine, {"A": A, "B": A, "C": C, "D": C, "E": "50.00"})  # 1, 1, 3, 3, 5
    assert refusal(engine, "A", "C") == "seri.refused.not_a_tie"
    assert refusal(engine, "A") == "seri.refused.order"
    assert refusal(engine, "A", "A") == "seri.refused.order"
    assert refusal(engine, "A", "B", "C") == "seri.refused.not_a_tie"
    assert refusal(engine, "A", "B", reason=" ") == "seri.refused.reason"
    assert refusal(engine, "A", "B", chair="") == "seri.refused.chair"
    with transaction(engine) as session:
        assert session.execute(select(SeriDecision)).first() is None


def test_no_seri_no_decision(sqlite_engine):  # noqa: F811
    seed(sqlite_engine, DISTINCT)
    assert refusal(sqlite_engine, "A", "B") == "seri.refused.not_a_tie"


def test_the_decision_orders_the_snapshot_under_its_hash(engine):
    seed(engine, SERI_I)
    plain = approve(engine, now=T1)
    # Without a decision the snapshot is what it always was: no trace of decisions.
    assert "seri_decisions" not in plain.payload
    assert all("decided" not in row for row in plain.rows)
    assert [(r["rank"], r["award"], r["tie"]) for r in plain.rows][:2] == [(1, 1, True)] * 2
    assert approve(engine, now=T1, again=True).hash == plain.hash  # stable without one

    record(engine, "B", "A")
    assert state(engine).snapshot.hash == plain.hash  # recorded, not yet approved
    assert live_differences(state(engine).snapshot, live_payload(engine)) == [
        code("A"),
        code("B"),
    ]
    decided = approve(engine, now=T1, again=True)
    assert decided.hash != plain.hash
    assert decided.hash == hashlib.sha256(canonical_json(decided.payload).encode()).hexdigest()
    rows = [(r["code"], r["rank"], r["award"], r["tie"], r.get("decided")) for r in decided.rows]
    assert rows == [
        (code("B"), 1, 1, False, True),
        (code("A"), 2, 2, False, True),
        (code("C"), 3, 3, False, None),  # C keeps its place: the decision moves only A and B
        (code("D"), 4, None, False, None),
    ]
    assert decided.seri_decisions == [
        {
            "order": [code("B"), code("A")],
            "reason": REASON,
            "chair": CHAIR,
            "by": BY,
            "at": T1.isoformat(timespec="seconds"),
        }
    ]
    assert live_differences(decided, live_payload(engine)) == []
    # Another reason is another decision: the approval no longer matches it.
    record(engine, "B", "A", reason="Alasan lain")
    assert live_differences(decided, live_payload(engine)) == [code("A"), code("B")]


def test_a_decision_is_final_once_a_winner_was_shown(sqlite_engine):  # noqa: F811
    engine = sqlite_engine
    seed(engine, SERI_I)
    record(engine, "B", "A")
    approve(engine, now=T1)
    advance(engine)
    advance(engine)  # Juara III on screen: the approval is locked
    assert refusal(engine, "A", "B") == "ceremony.refused.locked"
    with pytest.raises(CeremonyError), transaction(engine) as session:
        ceremony.clear_decisions(session, CODE)


def test_a_cleared_decision_leaves_the_seri_shared(sqlite_engine):  # noqa: F811
    engine = sqlite_engine
    seed(engine, {"A": A, "B": A, "C": C, "D": D})
    record(engine, "B", "A")
    with transaction(engine) as session:
        assert ceremony.clear_decisions(session, CODE, [code("A"), code("B")]) == 1
    snapshot = approve(engine, now=T1)
    assert "seri_decisions" not in snapshot.payload
    assert [r["award"] for r in snapshot.rows[:2]] == [1, 1]


def test_the_reveal_names_decided_places_and_says_the_jury_decided(sqlite_engine):  # noqa: F811
    engine = sqlite_engine
    seed(engine, SERI_I)
    record(engine, "B", "A")
    snapshot = approve(engine, now=T1)
    assert snapshot.levels() == [3, 2, 1]  # three distinct places: a step for each
    while state(engine).step != ALL:
        advance(engine)
    public = view(engine)
    assert {
        level: [(w.code, w.decided, w.tie) for w in ws] for level, ws in public.winners.items()
    } == {
        1: [(code("B"), True, False)],
        2: [(code("A"), True, False)],
        3: [(code("C"), False, False)],
    }
    for lang, words in (
        ("id", "berdasarkan keputusan dewan juri"),
        ("en", "by decision of the jury"),
    ):
        assert words in texts(award_screen(public, 1, lang=lang))
        assert words in texts(award_screen(public, 2, lang=lang))
        assert words not in texts(award_screen(public, 3, lang=lang))
        assert texts(all_screen(public, lang=lang)).count(words) == 2


def test_the_berita_acara_states_the_decision(sqlite_engine):  # noqa: F811
    engine = sqlite_engine
    seed(engine, SERI_I)
    record(engine, "B", "A")
    approve(engine, now=T1)
    with transaction(engine) as session:
        pdf = export_bytes(session, CODE, "pdf", juror_scores=False, now=T1).data
    found = pdf_text(pdf)
    assert "Keputusan dewan juri atas seri: Juara I: cer-2022-B; Juara II: cer-2022-A" in found
    assert f"Alasan: {REASON}" in found and f"Ketua: {CHAIR}" in found
    assert "berdasarkan keputusan dewan juri" in found


def test_cli_records_shows_and_clears_the_decision(sqlite_url):
    from data_access.db import make_engine

    engine = make_engine(sqlite_url)
    seed(engine, SERI_I)
    engine.dispose()
    order = f"{code('B')},{code('A')}"
    args = ("ceremony", "seri", "--edition", CODE)
    assert "seri.refused" not in refused(cli(sqlite_url, *args, "--order", order))
    done = ok(
        cli(
            sqlite_url,
            *args,
            "--order",
            order,
            "--reason",
            REASON,
            "--chair",
            CHAIR,
            "--by",
            "ketua",
        )
    )
    assert f"{order}" in done and f"chair: {CHAIR}" in done and "not approved" in done
    ok(cli(sqlite_url, "ceremony", "approve", "--edition", CODE))
    status = ok(cli(sqlite_url, "ceremony", "status", "--edition", CODE))
    assert f"{order}  [approved]" in status and f"reason: {REASON}" in status
    stderr = refused(
        cli(
            sqlite_url,
            *args,
            "--order",
            f"{code('A')},{code('C')}",
            "--reason",
            "x",
            "--chair",
            "y",
        )
    )
    assert "Tidak ada seri di Juara I–III" in stderr and "no seri at Juara I–III" in stderr
    cleared = ok(cli(sqlite_url, *args, "--clear"))
    assert "seri_decisions: -" in cleared


def test_kendali_approval_card_shows_the_decision_read_only(sqlite_engine):  # noqa: F811
    from dashboard.builders.control import approval_panel
    from data_access import committee
    from data_access.reports import edition_report

    engine = sqlite_engine
    seed(engine, SERI_I)
    record(engine, "B", "A")

    def card(lang: str) -> str:
        with transaction(engine) as session:
            ranking = edition_report(session, CODE).ranking
            desk = committee.desk_status(session, CODE, ranking=ranking, version=0)
        return texts(approval_panel(desk.state.snapshot, decisions=desk.decisions, lang=lang))

    before = card("id")
    assert f"Alasan: {REASON}" in before and f"Ketua: {CHAIR}" in before
    assert f"{code('B')}, {code('A')}" in before
    assert "belum masuk hasil yang disetujui" in before
    approve(engine, now=T1)
    assert "belum masuk" not in card("id")
    assert f"Chair: {CHAIR}" in card("en")
