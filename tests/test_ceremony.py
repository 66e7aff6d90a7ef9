"""Tests for data_access/ceremony/: the approved snapshot, the reveal and what screens see.

Every edition here is seeded with one juror whose complete sheets give each criterion the
same value in both stages, so an innovation's final score is exactly that value. The
expected Juara levels are written by hand from SCORING.md ("Juara I, II, III are ranks 1, 2
and 3 of tier 1"; a seri shares the rank and the next rank skips).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, text, update

from data_access import ceremony, queries
from data_access.ceremony import (
    ALL,
    ROTATION,
    SPLASH,
    CeremonyConflict,
    CeremonyError,
    CeremonySettings,
    canonical_json,
    live_differences,
    parse_slides,
    public_view,
    ranking_payload,
    revealed_innovation_ids,
    validate_ceremony_time,
)
from data_access.db import make_engine, transaction
from data_access.models import Ceremony, Innovation, Score
from data_access.reports import edition_report
from tests.images import image_bytes, size_of
from tests.seed import (
    add_assignment,
    add_edition,
    add_innovation,
    add_juror,
    add_sheet,
    add_unit,
    full_sheet,
)

CODE = "cer-2022"
BY = "panitia"
T1 = datetime(2022, 12, 29, 2, 0, tzinfo=UTC)

# Scores chosen so no final score is a substring of another or of an id or a duration.
A, B, C, D = "93.17", "86.43", "78.29", "64.51"


# ---------------------------------------------------------------- seeding
def canary(label: str, code: str = CODE) -> dict[str, str]:
    """Return the distinctive strings an innovation carries (to look for in a screen's data)."""
    return {
        "code": f"{code}-{label}",
        "title": f"JUDUL-{code}-{label}-CANARY",
        "innovator": f"INOVATOR-{code}-{label}-CANARY",
        "unit_name": f"Unit {code}-{label}-CANARY",
    }


def seed(
    engine, scores: dict[str, str], *, waiting: tuple[str, ...] = (), code: str = CODE
) -> dict[str, int]:
    """Seed an edition: each label a finalist with final score `scores[label]`.

    `waiting` labels are finalists with a proposal score and no presentation score yet.
    Returns {label: innovation id}.
    """
    ids: dict[str, int] = {}
    with transaction(engine) as session:
        edition = add_edition(session, code)
        juror = add_juror(session, edition, "J1")
        for label in (*scores, *waiting):
            strings = canary(label, code)
            unit = add_unit(session, f"{code}-U{label}")
            unit.name = strings["unit_name"]
            innovation = add_innovation(session, edition, strings["code"], unit)
            innovation.title = strings["title"]
            innovation.innovator = strings["innovator"]
            value = scores.get(label, "70")
            add_sheet(
                session, edition, juror, innovation, "proposal", full_sheet("proposal", value)
            )
            # Once a stage lists assignments, only assigned sheets count: assign every finalist.
            add_assignment(session, edition, juror, innovation, "presentation")
            if label in scores:
                add_sheet(
                    session,
                    edition,
                    juror,
                    innovation,
                    "presentation",
                    full_sheet("presentation", value),
                )
            ids[label] = innovation.id
        session.flush()
    return ids


def state(engine, code: str = CODE) -> ceremony.CeremonyState:
    with transaction(engine) as session:
        return ceremony.get_state(session, code)


def approve(engine, code: str = CODE, now: datetime | None = None, **kw) -> ceremony.Snapshot:
    with transaction(engine) as session:
        return ceremony.approve(session, code, by=BY, now=now, **kw)


def advance(engine, code: str = CODE, **kw) -> ceremony.CeremonyState:
    with transaction(engine) as session:
        return ceremony.advance(session, code, by=BY, **kw)


def back(engine, code: str = CODE, **kw) -> ceremony.CeremonyState:
    with transaction(engine) as session:
        return ceremony.back(session, code, by=BY, **kw)


def reset(engine, code: str = CODE, **kw) -> ceremony.CeremonyState:
    with transaction(engine) as session:
        return ceremony.reset(session, code, by=BY, **kw)


def view(engine, code: str = CODE) -> ceremony.PublicView:
    with transaction(engine) as session:
        return public_view(session, code)


def revealed_ids(engine, code: str = CODE) -> set[int]:
    with transaction(engine) as session:
        return revealed_innovation_ids(session, code)


def live_payload(engine, code: str = CODE) -> dict:
    with transaction(engine) as session:
        report = edition_report(session, code)
        return ranking_payload(session, code, report.ranking, queries.data_version(session))


def winner_labels(v: ceremony.PublicView) -> dict[int, set[str]]:
    """Return {level: {label, ...}} of a public view's winners."""
    return {level: {w.code.rsplit("-", 1)[1] for w in group} for level, group in v.winners.items()}


DISTINCT = {"A": A, "B": B, "C": C, "D": D}


@pytest.fixture
def sqlite_engine(sqlite_url):
    """An engine on SQLite only, for checks that do not depend on the database."""
    eng = make_engine(sqlite_url)
    yield eng
    eng.dispose()


# ---------------------------------------------------------------- state machine
def test_fresh_edition_starts_at_rotation_without_approval(engine):
    seed(engine, DISTINCT)
    fresh = state(engine)
    assert (fresh.step, fresh.revision, fresh.snapshot) == (ROTATION, 0, None)
    assert fresh.steps == [ROTATION, SPLASH]
    assert fresh.next_step == SPLASH
    assert fresh.revealed_levels == []
    assert fresh.settings == CeremonySettings()
    with pytest.raises(queries.EditionNotFound), transaction(engine) as session:
        ceremony.advance(session, "no-such-edition", by=BY)


def test_full_walk_forward_and_back(engine):
    """Every transition; revision moves by one on each change and not on a no-op."""
    seed(engine, DISTINCT)
    assert back(engine).step == ROTATION  # back at rotation stays
    start = state(engine).revision  # the row now exists, still in the start state
    assert back(engine).revision == start  # ... and another back there is no change
    splash = advance(engine)
    assert (splash.step, splash.revision) == (SPLASH, start + 1)
    snapshot = approve(engine)
    assert snapshot.levels() == [3, 2, 1]
    current = state(engine)
    assert (current.step, current.revision) == (SPLASH, start + 2)  # approving is a change
    walked = []
    for expected in ("award-3", "award-2", "award-1", ALL):
        before = current.revision
        current = advance(engine)
        walked.append(current.step)
        assert current.step == expected
        assert current.revision == before + 1
        assert current.updated_by == BY
    assert walked == ["award-3", "award-2", "award-1", ALL]
    assert current.next_step is None
    again = advance(engine)  # next at `all` stays
    assert (again.step, again.revision) == (ALL, current.revision)
    for expected in ("award-1", "award-2", "award-3", SPLASH, ROTATION):
        before = current.revision
        current = back(engine)
        assert (current.step, current.revision) == (expected, before + 1)
    assert back(engine).revision == current.revision  # back at rotation: no change
    assert state(engine).snapshot.hash == snapshot.hash


def test_reset_goes_to_rotation_and_keeps_the_approval(engine):
    seed(engine, DISTINCT)
    advance(engine)
    snapshot = approve(engine)
    advance(engine)
    at_award_2 = advance(engine)
    assert at_award_2.step == "award-2"
    after = reset(engine)
    assert after.step == ROTATION
    assert after.revision == at_award_2.revision + 1
    assert after.snapshot is not None
    assert after.snapshot.hash == snapshot.hash
    assert after.snapshot.approved_at == snapshot.approved_at
    assert reset(engine).revision == after.revision  # reset at rotation: no change


def test_next_from_splash_without_approval_is_refused(engine):
    seed(engine, DISTINCT)
    assert advance(engine).step == SPLASH  # the splash needs no approval
    before = state(engine)
    with pytest.raises(CeremonyError) as refused:
        advance(engine)
    assert " / " in str(refused.value)
    assert "setujui" in str(refused.value) and "approve" in str(refused.value)
    after = state(engine)
    assert (after.step, after.revision) == (SPLASH, before.revision)


def test_expected_revision_mismatch_raises_conflict_and_changes_nothing(engine):
    seed(engine, DISTINCT)
    advance(engine)
    approve(engine)
    current = state(engine)
    for action in (advance, back, reset):
        for stale in (current.revision - 1, current.revision + 1):
            with pytest.raises(CeremonyConflict) as conflict:
                action(engine, expected_revision=stale)
            assert " / " in str(conflict.value)
    unchanged = state(engine)
    assert (unchanged.step, unchanged.revision) == (SPLASH, current.revision)
    moved = advance(engine, expected_revision=current.revision)
    assert (moved.step, moved.revision) == ("award-3", current.revision + 1)
    # The caller who looked before that click now conflicts.
    with pytest.raises(CeremonyConflict):
        back(engine, expected_revision=current.revision)
    assert state(engine).step == "award-3"


def test_first_click_with_the_revision_a_fresh_ceremony_shows(engine):
    """A fresh ceremony reads revision 0 and its first action, expecting 0, goes through:
    creating the row is not a change, so nobody's first click is ever refused."""
    seed(engine, DISTINCT)
    assert state(engine).revision == 0
    moved = advance(engine, expected_revision=0)
    assert (moved.step, moved.revision) == (SPLASH, 1)
    with transaction(engine) as session:
        assert ceremony.ceremony_revision(session, CODE) == moved.revision


def test_no_op_actions_create_no_revision(engine):
    seed(engine, DISTINCT)
    back(engine)
    first = state(engine)
    for _ in range(2):
        assert back(engine).revision == first.revision
        assert reset(engine).revision == first.revision
        with transaction(engine) as session:
            saved = ceremony.save_settings(session, CODE, CeremonySettings(), by=BY)
            assert saved.revision == first.revision
            assert ceremony.ceremony_revision(session, CODE) == first.revision
    after = state(engine)
    assert (after.step, after.snapshot, after.settings) == (ROTATION, None, CeremonySettings())
    assert after.revision == first.revision == 0


def test_approve_refused_while_a_finalist_waits(engine):
    seed(engine, {"A": A, "B": B}, waiting=("W",))
    with pytest.raises(CeremonyError) as refused:
        approve(engine)
    message = str(refused.value)
    assert " / " in message
    assert f"{CODE}-W" in message
    assert f"{CODE}-A" not in message
    assert state(engine).snapshot is None
    # Nothing to reveal: the steps stop at the splash and "next" from the splash is refused.
    advance(engine)
    with pytest.raises(CeremonyError):
        advance(engine)


def test_approve_refused_once_the_reveal_passed_the_splash(engine):
    seed(engine, DISTINCT)
    first = approve(engine, now=T1)  # approving at rotation is allowed
    advance(engine)
    second = approve(engine, now=T1, again=True)  # ... and re-approving at the splash
    assert second.hash == first.hash
    at_award = advance(engine)
    assert at_award.step == "award-3"
    with pytest.raises(CeremonyError) as refused:
        approve(engine, again=True)
    assert " / " in str(refused.value) and "Juara III" in str(refused.value)
    after = state(engine)
    assert (after.step, after.revision) == ("award-3", at_award.revision)


# ---------------------------------------------------------------- seri and the embargo
# Each case is an edition whose code names it:
# (scores, levels in reveal order, {level: labels}, labels marked seri)
TIE_CASES = {
    "distinct-1-2-3": (DISTINCT, [3, 2, 1], {1: {"A"}, 2: {"B"}, 3: {"C"}}, set()),
    # seri at II: two winners on Juara II, nobody on III, no award-3 step
    "seri-II-1-2-2": (
        {"A": A, "B": B, "C": B, "D": D},
        [2, 1],
        {1: {"A"}, 2: {"B", "C"}},
        {"B", "C"},
    ),
    # seri at I: two winners on Juara I, no award-2 step
    "seri-I-1-1-3": (
        {"A": A, "B": A, "C": C, "D": D},
        [3, 1],
        {1: {"A", "B"}, 3: {"C"}},
        {"A", "B"},
    ),
    "seri-all-1-1-1": (
        {"A": A, "B": A, "C": A, "D": D},
        [1],
        {1: {"A", "B", "C"}},
        {"A", "B", "C"},
    ),
    # seri at III: the fourth innovation shares Juara III
    "seri-III-1-2-3-3": (
        {"A": A, "B": B, "C": C, "D": C},
        [3, 2, 1],
        {1: {"A"}, 2: {"B"}, 3: {"C", "D"}},
        {"C", "D"},
    ),
}


def walk(engine, code: str = CODE) -> list[tuple[str, ceremony.PublicView, set[int]]]:
    """Approve, then go from rotation to `all`, returning (step, view, revealed ids) per step."""
    approve(engine, code, again=True)
    seen = [(ROTATION, view(engine, code), revealed_ids(engine, code))]
    while True:
        current = state(engine, code)
        if current.next_step is None:
            return seen
        moved = advance(engine, code)
        seen.append((moved.step, view(engine, code), revealed_ids(engine, code)))


def serialized(public: ceremony.PublicView) -> str:
    """Return everything a public view holds, as text."""
    return repr(public) + json.dumps(dataclasses.asdict(public), default=str)


def check_case(engine, code: str, ids: dict[str, int]) -> None:
    """Walk one case's reveal; check levels, steps, winners, seri flags and the embargo."""
    scores, levels, winners, tied = TIE_CASES[code]
    snapshot = approve(engine, code)
    assert snapshot.levels() == levels
    for level in (1, 2, 3):
        expected_codes = {f"{code}-{x}" for x in winners.get(level, set())}
        assert {row["code"] for row in snapshot.winners(level)} == expected_codes, level
    assert {row["code"].rsplit("-", 1)[1] for row in snapshot.rows if row["tie"]} == tied
    expected_steps = [ROTATION, SPLASH, *(f"award-{level}" for level in levels), ALL]
    assert state(engine, code).steps == expected_steps

    seen = walk(engine, code)
    assert [step for step, _v, _ids in seen] == expected_steps
    level_of = {label: level for level, group in winners.items() for label in group}
    for index, (step, public, revealed) in enumerate(seen):
        # rotation and splash reveal nothing; each award step one more level (III first).
        revealed_levels = levels if step == ALL else levels[: max(index - 1, 0)]
        expected = {level: winners[level] for level in revealed_levels}
        assert public.step == step and public.approved
        assert public.reveal_mode is (step != ROTATION)
        assert winner_labels(public) == expected, step
        assert revealed == {ids[x] for group in expected.values() for x in group}, step
        for group in public.winners.values():
            for winner in group:
                label = winner.code.rsplit("-", 1)[1]
                assert winner.tie is (label in tied)
                assert winner.final_score == scores[label]
                assert (winner.title, winner.innovator, winner.unit_name) == (
                    canary(label, code)["title"],
                    canary(label, code)["innovator"],
                    canary(label, code)["unit_name"],
                )
        # The embargo: nothing of a winner not yet revealed (nor of a non-winner) is in
        # the view, in any field, at any depth.
        text_ = serialized(public)
        for label, score in scores.items():
            shown = level_of.get(label) in revealed_levels
            for string in (*canary(label, code).values(), score):
                assert (string in text_) is shown, (step, label, string)
        if step in (ROTATION, SPLASH):
            assert public.winners == {} and "CANARY" not in text_


def test_ties_skipped_levels_and_the_embargo(engine):
    """Every case above, as its own edition in one database, walked step by step."""
    seeded = {code: seed(engine, scores, code=code) for code, (scores, *_) in TIE_CASES.items()}
    for code, ids in seeded.items():
        check_case(engine, code, ids)
    # Walking one edition's reveal revealed nothing of another's.
    assert all(state(engine, code).step == ALL for code in TIE_CASES)


def test_hidden_score_is_not_in_the_public_view(sqlite_engine):
    engine = sqlite_engine
    seed(engine, DISTINCT)
    with transaction(engine) as session:
        ceremony.save_settings(session, CODE, CeremonySettings(show_score=False), by=BY)
    seen = walk(engine)
    step, public, _ids = seen[-1]
    assert step == ALL and public.approved
    assert all(w.final_score is None for group in public.winners.values() for w in group)
    for score in (A, B, C, D):
        assert score not in serialized(public)


def test_photos_flag_only_revealed_winners(sqlite_engine):
    engine = sqlite_engine
    ids = seed(engine, DISTINCT)
    with transaction(engine) as session:
        for label in ("A", "C"):
            ceremony.set_photo(session, CODE, f"{CODE}-{label}", image_bytes())
    seen = dict((step, public) for step, public, _ids in walk(engine))
    assert [w.has_photo for w in seen["award-3"].winners[3]] == [True]
    assert [w.has_photo for w in seen["award-2"].winners[2]] == [False]
    assert {w.innovation_id for w in seen[ALL].winners[1] if w.has_photo} == {ids["A"]}


# ---------------------------------------------------------------- snapshot
def test_snapshot_hash_is_the_sha256_of_the_stored_canonical_json(engine):
    seed(engine, DISTINCT)
    snapshot = approve(engine, now=T1)
    expected = hashlib.sha256(canonical_json(snapshot.payload).encode("utf-8")).hexdigest()
    assert snapshot.hash == expected
    with transaction(engine) as session:
        row = session.execute(select(Ceremony)).scalar_one()
        assert row.snapshot == canonical_json(snapshot.payload)
        assert hashlib.sha256(row.snapshot.encode("utf-8")).hexdigest() == row.snapshot_hash
        assert row.approved_at == T1 and row.approved_by == BY
    assert snapshot.payload["edition"]["code"] == CODE
    assert snapshot.payload["awards_decided"] is True
    assert [r["code"] for r in snapshot.rows] == [f"{CODE}-{x}" for x in "ABCD"]
    assert [r["final_score"] for r in snapshot.rows] == [A, B, C, D]


def _set_score(engine, label: str, value: str) -> None:
    """Give every criterion of an innovation, in both stages, a new score (= its final)."""
    with transaction(engine) as session:
        innovation_id = session.execute(
            select(Innovation.id).where(Innovation.code == f"{CODE}-{label}")
        ).scalar_one()
        session.execute(
            update(Score)
            .where(Score.innovation_id == innovation_id)
            .values(score_centi=int(Decimal(value) * 100))
        )


def test_snapshot_is_stable_and_frozen_against_later_score_changes(engine):
    seed(engine, DISTINCT)
    first = approve(engine, now=T1)
    second = approve(engine, now=datetime(2022, 12, 30, tzinfo=UTC), again=True)
    assert second.hash == first.hash  # unchanged data: the same snapshot
    assert live_differences(first, live_payload(engine)) == []

    # D stays fourth: only D's result changes.
    _set_score(engine, "D", "70")
    frozen = state(engine).snapshot
    assert frozen.hash == first.hash and frozen.payload == first.payload
    assert live_differences(frozen, live_payload(engine)) == [f"{CODE}-D"]

    # D jumps to the top: every rank moves.
    _set_score(engine, "D", "99")
    assert state(engine).snapshot.payload == first.payload
    assert live_differences(frozen, live_payload(engine)) == [f"{CODE}-{x}" for x in "ABCD"]

    third = approve(engine, again=True)
    assert third.hash != first.hash
    assert third.data_version > first.data_version
    assert [row["code"] for row in third.winners(1)] == [f"{CODE}-D"]
    assert live_differences(third, live_payload(engine)) == []


def test_live_differences_notices_added_and_removed_innovations(sqlite_engine):
    engine = sqlite_engine
    seed(engine, DISTINCT)
    snapshot = approve(engine)
    live = live_payload(engine)
    extra = dict(live["ranking"][-1], code=f"{CODE}-NEW")
    assert live_differences(snapshot, {"ranking": [*live["ranking"], extra]}) == [f"{CODE}-NEW"]
    assert live_differences(snapshot, {"ranking": live["ranking"][1:]}) == [f"{CODE}-A"]


def test_editions_do_not_share_a_ceremony(sqlite_engine):
    engine = sqlite_engine
    seed(engine, DISTINCT)
    seed(engine, {"A": A, "B": B, "C": C}, code="other-2023")
    advance(engine)
    approve(engine)
    advance(engine)
    other = state(engine, "other-2023")
    assert (other.step, other.revision, other.snapshot) == (ROTATION, 0, None)
    assert view(engine, "other-2023").winners == {}
    assert state(engine).step == "award-3"


# ---------------------------------------------------------------- settings
def test_settings_json_round_trip():
    settings = CeremonySettings(
        slides=(("countdown", 5), ("progress", 600)),
        show_score=False,
        prizes={1: "Piala Bupati", 2: "Smart TV", 3: "Piagam"},
        ceremony_time="19:30",
    )
    assert CeremonySettings.from_json(settings.to_json()) == settings
    assert CeremonySettings.from_json(CeremonySettings().to_json()) == CeremonySettings()
    assert settings != CeremonySettings()


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "",
        "not json",
        "[1, 2]",
        '"text"',
        "{}",
        '{"slides": 5, "prizes": [1, 2], "ceremony_time": "25:00"}',
        '{"slides": "bogus:10", "prizes": "Piala", "ceremony_time": 930}',
        '{"prizes": {"4": "x", "one": "y", "1": 5}, "ceremony_time": "9:30"}',
    ],
)
def test_settings_garbage_takes_the_defaults(stored):
    assert CeremonySettings.from_json(stored) == CeremonySettings()


def test_settings_keep_what_is_readable():
    stored = '{"slides": "finalists:30", "prizes": {"2": "Smart TV"}, "ceremony_time": "x"}'
    settings = CeremonySettings.from_json(stored)
    assert settings.slides == (("finalists", 30),)
    assert settings.prizes[2] == "Smart TV"
    assert settings.prizes[1] == ceremony.DEFAULT_PRIZE
    assert settings.ceremony_time == ceremony.DEFAULT_CEREMONY_TIME


def test_save_settings_round_trip_through_the_database(engine):
    seed(engine, DISTINCT)
    settings = CeremonySettings(slides=(("progress", 3),), show_score=False, ceremony_time="08:15")
    with transaction(engine) as session:
        saved = ceremony.save_settings(session, CODE, settings, by=BY)
    assert saved.revision > 0 and saved.updated_by == BY
    assert state(engine).settings == settings
    assert view(engine).settings == settings
    with transaction(engine) as session:
        again = ceremony.save_settings(session, CODE, settings, by=BY)
    assert again.revision == saved.revision  # the same settings again: no change
    with transaction(engine) as session:
        changed = ceremony.save_settings(session, CODE, CeremonySettings(), by=BY)
    assert changed.revision == saved.revision + 1


def test_parse_slides_accepts_and_normalises():
    assert parse_slides(" Progress:3 , ,countdown:600") == (("progress", 3), ("countdown", 600))
    assert parse_slides(ceremony.slides_spec(ceremony.DEFAULT_SLIDES)) == ceremony.DEFAULT_SLIDES


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        ("bogus:10", "Unknown slide"),
        ("progress:2", "3-600"),
        ("progress:601", "3-600"),
        ("progress:abc", "3-600"),
        ("progress", "3-600"),
        ("progress:-5", "3-600"),
        ("progress:10,countdown:10,progress:20", "twice"),
        ("", "at least one"),
        (" , ", "at least one"),
    ],
)
def test_parse_slides_errors_are_bilingual(spec, needle):
    with pytest.raises(CeremonyError) as refused:
        parse_slides(spec)
    error = refused.value
    # The command line prints both; a page shows its own language only.
    assert str(error) == f"{error.message_id} / {error.message_en}"
    assert needle in error.text("en")
    assert error.text("id") != error.text("en") and " / " not in error.text("id")


def test_validate_ceremony_time():
    assert validate_ceremony_time(" 19.30 ") == "19:30"
    assert validate_ceremony_time("9:00") == validate_ceremony_time("9.00") == "09:00"
    assert validate_ceremony_time("00:00") == "00:00"
    assert validate_ceremony_time("23:59") == "23:59"
    for bad in ("24:00", "9:3", "12:60", "noon", ""):
        with pytest.raises(CeremonyError) as refused:
            validate_ceremony_time(bad)
        assert " / " in str(refused.value)


# ---------------------------------------------------------------- photos
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")],
)
def test_photo_types_by_magic_bytes(data, content_type):
    assert ceremony.photo_type(data) == content_type


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"GIF89a" + b"\x00" * 16,
        b"RIFF\x10\x00\x00\x00WAVEfmt " + b"\x00" * 8,  # RIFF, but not WebP
        b"hello, this is text\n",
        b"PNG\r\n\x1a\n" + b"\x00" * 16,
        PNG + b"\x00" * ceremony.MAX_PHOTO_BYTES,  # over 5 MB
    ],
)
def test_photo_refused(data):
    with pytest.raises(CeremonyError) as refused:
        ceremony.photo_type(data)
    assert " / " in str(refused.value)


def test_photo_of_exactly_5_mb_is_accepted():
    data = JPEG + b"\x00" * (ceremony.MAX_PHOTO_BYTES - len(JPEG))
    assert ceremony.photo_type(data) == "image/jpeg"


def test_set_photo_stores_replaces_and_refuses(engine):
    ids = seed(engine, {"A": A})
    seed(engine, {"Z": B}, code="other-2023")
    with transaction(engine) as session:
        ceremony.set_photo(session, CODE, f"{CODE}-A", image_bytes("PNG", (40, 30)))
    with transaction(engine) as session:
        content_type, data = ceremony.get_photo(session, ids["A"])
        assert (content_type, size_of(data)) == ("image/png", (40, 30))
        ceremony.set_photo(session, CODE, f"{CODE}-A", image_bytes("JPEG", (50, 20)))
    with transaction(engine) as session:
        content_type, data = ceremony.get_photo(session, ids["A"])
        assert (content_type, size_of(data)) == ("image/jpeg", (50, 20))
    for code, innovation in ((CODE, "NOPE"), (CODE, "other-2023-Z")):
        with pytest.raises(CeremonyError) as refused, transaction(engine) as session:
            ceremony.set_photo(session, code, innovation, image_bytes())
        assert " / " in str(refused.value) and innovation in str(refused.value)
    for bad in (b"not an image", PNG):  # the signature alone is not a photo
        with pytest.raises(CeremonyError), transaction(engine) as session:
            ceremony.set_photo(session, CODE, f"{CODE}-A", bad)
    with transaction(engine) as session:
        content_type, data = ceremony.get_photo(session, ids["A"])
        assert (content_type, size_of(data)) == ("image/jpeg", (50, 20))
        count = session.execute(text("SELECT COUNT(*) FROM innovation_photos")).scalar_one()
        assert count == 1
