"""The award ceremony: the approved results snapshot and the reveal's state machine.

The committee approves the results once judging is done: the ranking is frozen as a
JSON snapshot with its time and SHA-256, and from then on the ceremony screens and the
bupati's office read the snapshot, never the live scores. The reveal then walks

    rotation -> splash -> Juara III -> Juara II -> Juara I -> all three

(`rotation` is the slide show before the ceremony). A level with nobody on it (a seri
above took its place: ranks 1, 2, 2) is skipped, and a seri is shown as one screen
with every tied innovation: the product never settles it.

`public_view()` is the only door from here to a ceremony screen: it hands out the
winners of the levels already revealed and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Row, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from data_access import approval_log, queries
from data_access import ceremony_store as store
from data_access.models import Ceremony, Edition, Innovation, InnovationPhoto, Unit, utcnow
from data_access.reports import edition_report
from data_access.scoring import Ranking

ROTATION, SPLASH, ALL = "rotation", "splash", "all"
AWARD_LEVELS = (3, 2, 1)  # the order of the reveal: Juara III first
SLIDES = ("progress", "participation", "finalists", "countdown")
DEFAULT_SLIDES = (("progress", 20), ("participation", 15), ("finalists", 20), ("countdown", 10))
MIN_SLIDE_S, MAX_SLIDE_S = 3, 600
DEFAULT_PRIZE = "Piagam penghargaan dan smart TV"
DEFAULT_CEREMONY_TIME = "09:00"
SNAPSHOT_FORMAT = 1


def award_step(level: int) -> str:
    """Return the step name that reveals a Juara level ("award-3" for Juara III)."""
    return f"award-{level}"


def step_level(step: str) -> int | None:
    """Return the Juara level a step reveals, or None for the other steps."""
    if step.startswith("award-") and step[6:].isdigit():
        return int(step[6:])
    return None


class CeremonyError(ValueError):
    """A refused ceremony action, with its reason in both languages.

    `str()` gives both ("alasan / reason"), as the command line prints it; a page in
    one language shows `text(lang)`.
    """

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(f"{message_id} / {message_en}")
        self.message_id = message_id
        self.message_en = message_en

    def text(self, lang: str) -> str:
        """Return the reason in the page's language ("id" or "en")."""
        return self.message_en if lang == "en" else self.message_id


class CeremonyConflict(CeremonyError):
    """The reveal moved on since the caller last looked (another click got there first)."""


# ---------------------------------------------------------------- settings
@dataclass(frozen=True)
class CeremonySettings:
    """What the committee sets for the screens: slides with durations, scores shown, prizes."""

    slides: tuple[tuple[str, int], ...] = DEFAULT_SLIDES
    show_score: bool = True
    prizes: dict[int, str] = field(
        default_factory=lambda: dict.fromkeys(AWARD_LEVELS, DEFAULT_PRIZE)
    )
    ceremony_time: str = DEFAULT_CEREMONY_TIME

    def to_json(self) -> str:
        """Return the settings as stored."""
        return json.dumps(
            {
                "slides": slides_spec(self.slides),
                "show_score": self.show_score,
                "prizes": {str(k): v for k, v in sorted(self.prizes.items())},
                "ceremony_time": self.ceremony_time,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | None) -> CeremonySettings:
        """Read stored settings; anything missing or unreadable takes its default."""
        try:
            raw = json.loads(text or "{}")
        except ValueError:
            raw = {}
        if not isinstance(raw, dict):
            raw = {}
        defaults = cls()
        try:
            slides = parse_slides(str(raw["slides"])) if "slides" in raw else defaults.slides
        except CeremonyError:
            slides = defaults.slides
        prizes = dict(defaults.prizes)
        stored_prizes = raw.get("prizes")
        for key, value in (stored_prizes if isinstance(stored_prizes, dict) else {}).items():
            if str(key).isdigit() and int(key) in AWARD_LEVELS and isinstance(value, str):
                prizes[int(key)] = value
        time = raw.get("ceremony_time")
        return cls(
            slides=slides,
            show_score=bool(raw.get("show_score", True)),
            prizes=prizes,
            ceremony_time=time
            if isinstance(time, str) and _TIME.match(time)
            else defaults.ceremony_time,
        )


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def parse_slides(spec: str) -> tuple[tuple[str, int], ...]:
    """Parse "progress:20,participation:15" into slides with seconds, or raise CeremonyError."""
    slides: list[tuple[str, int]] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        name, _, seconds = part.partition(":")
        name = name.strip().lower()
        if name not in SLIDES:
            choices = ", ".join(SLIDES)
            raise CeremonyError(
                f"Slide tidak dikenal: {name!r} (pilih dari: {choices})",
                f"Unknown slide: {name!r} (choose from: {choices})",
            )
        if not seconds.strip().isdigit() or not MIN_SLIDE_S <= int(seconds) <= MAX_SLIDE_S:
            raise CeremonyError(
                f"Durasi slide {name} harus {MIN_SLIDE_S}-{MAX_SLIDE_S} detik: {part!r}",
                f"Slide {name} needs a duration of {MIN_SLIDE_S}-{MAX_SLIDE_S} seconds: {part!r}",
            )
        if any(existing == name for existing, _s in slides):
            raise CeremonyError(f"Slide {name} disebut dua kali", f"Slide {name} given twice")
        slides.append((name, int(seconds)))
    if not slides:
        raise CeremonyError("Pilih setidaknya satu slide", "Choose at least one slide")
    return tuple(slides)


def slides_spec(slides: tuple[tuple[str, int], ...]) -> str:
    """Return slides as the "name:seconds,..." text the URL and the settings use."""
    return ",".join(f"{name}:{seconds}" for name, seconds in slides)


def validate_ceremony_time(value: str) -> str:
    """Return a HH:MM time, or raise CeremonyError."""
    value = value.strip().replace(".", ":")
    if re.match(r"^\d:[0-5]\d$", value):  # 9:00 is how people write nine o'clock
        value = "0" + value
    if not _TIME.match(value):
        raise CeremonyError(
            f"Jam upacara harus JJ:MM: {value!r}", f"Ceremony time must be HH:MM: {value!r}"
        )
    return value


# ---------------------------------------------------------------- snapshot
@dataclass(frozen=True)
class Snapshot:
    """The approved results: what the ceremony and the official documents show."""

    edition_code: str
    approved_at: datetime
    approved_by: str
    data_version: int
    hash: str
    payload: dict

    @property
    def rows(self) -> list[dict]:
        """Return the ranking rows, in ranking order."""
        return self.payload["ranking"]

    def winners(self, level: int) -> list[dict]:
        """Return the innovations awarded this Juara level (several on a seri)."""
        return [row for row in self.rows if row["award"] == level]

    def levels(self) -> list[int]:
        """Return the Juara levels that have someone, in the reveal's order (III first)."""
        return [level for level in AWARD_LEVELS if self.winners(level)]


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def ranking_payload(session: Session, code: str, ranking: Ranking, version: int) -> dict:
    """Return an edition's ranking as the plain, canonical data a snapshot stores."""
    edition = queries.get_edition(session, code)
    names = {
        row.id: (row.unit_name, row.innovator)
        for row in session.execute(
            select(Innovation.id, Unit.name.label("unit_name"), Innovation.innovator)
            .join(Unit, Unit.id == Innovation.unit_id)
            .where(Innovation.edition_id == edition.id)
        )
    }
    return {
        "format": SNAPSHOT_FORMAT,
        "edition": {"code": edition.code, "name": edition.name},
        "data_version": version,
        "awards_decided": ranking.awards_decided,
        "ranking": [
            {
                "innovation_id": row.innovation_id,
                "code": row.code,
                "title": row.title,
                "unit_code": row.unit_code,
                "unit_name": names.get(row.innovation_id, ("", ""))[0],
                "innovator": names.get(row.innovation_id, ("", ""))[1],
                "proposal_score": _decimal(row.proposal_score),
                "presentation_score": _decimal(row.presentation_score),
                "final_score": _decimal(row.final_score),
                "finalist": row.finalist,
                "tier": row.tier,
                "rank": row.rank,
                "tie": row.tie,
                "award": row.award,
            }
            for row in ranking.rows
        ],
    }


def canonical_json(payload: dict) -> str:
    """Return the one JSON text of a payload that its hash is taken over."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(payload: dict) -> str:
    """Return the SHA-256 (hex) of a payload's canonical JSON."""
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


# Fields whose change means the live results no longer match the approved ones.
_COMPARED = ("code", "proposal_score", "presentation_score", "final_score", "rank", "tie", "award")


def live_differences(snapshot: Snapshot, live_payload: dict) -> list[str]:
    """Return the codes of innovations whose live result differs from the snapshot."""
    before = {row["code"]: tuple(row[k] for k in _COMPARED) for row in snapshot.rows}
    after = {row["code"]: tuple(row[k] for k in _COMPARED) for row in live_payload["ranking"]}
    return sorted(
        code for code in before.keys() | after.keys() if before.get(code) != after.get(code)
    )


# ---------------------------------------------------------------- state
@dataclass(frozen=True)
class CeremonyState:
    """Where an edition's ceremony stands."""

    edition_code: str
    step: str
    revision: int
    updated_at: datetime | None
    updated_by: str
    settings: CeremonySettings
    snapshot: Snapshot | None
    # When a winner first reached the screens: the approval is final from then on.
    locked_at: datetime | None = None

    @property
    def approval_locked(self) -> bool:
        """Return True once a winner has been on screen: no re-approval, no cancellation."""
        return self.locked_at is not None or self.step not in (ROTATION, SPLASH)

    @property
    def steps(self) -> list[str]:
        """Return every step of the reveal, in order, for this snapshot."""
        return steps_for(self.snapshot)

    @property
    def next_step(self) -> str | None:
        """Return the step "next" goes to, or None at the end."""
        steps = self.steps
        index = steps.index(self.step) if self.step in steps else 0
        return steps[index + 1] if index + 1 < len(steps) else None

    @property
    def revealed_levels(self) -> list[int]:
        """Return the Juara levels already revealed, in the reveal's order."""
        if self.snapshot is None:
            return []
        if self.step == ALL:
            return self.snapshot.levels()
        level = step_level(self.step)
        if level is None:
            return []
        order = self.snapshot.levels()
        return order[: order.index(level) + 1] if level in order else []


def steps_for(snapshot: Snapshot | None) -> list[str]:
    """Return the reveal's steps: III, II, I for the levels someone holds, then all."""
    if snapshot is None or not snapshot.levels():
        return [ROTATION, SPLASH]
    return [ROTATION, SPLASH, *(award_step(level) for level in snapshot.levels()), ALL]


def _snapshot(code: str, row: Row) -> Snapshot | None:
    if row.snapshot is None or row.approved_at is None:
        return None
    return Snapshot(
        edition_code=code,
        approved_at=row.approved_at,
        approved_by=row.approved_by or "",
        data_version=int(row.snapshot_version or 0),
        hash=row.snapshot_hash or "",
        payload=json.loads(row.snapshot),
    )


def _state(code: str, row: Row) -> CeremonyState:
    return CeremonyState(
        edition_code=code,
        step=row.step,
        revision=row.revision,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        settings=CeremonySettings.from_json(row.settings),
        snapshot=_snapshot(code, row),
        locked_at=row.locked_at,
    )


def get_state(session: Session, code: str) -> CeremonyState:
    """Return the edition's ceremony state (the start state when nothing was done yet)."""
    edition = queries.get_edition(session, code)
    row = store.read(session, edition.id)
    if row is None:
        return CeremonyState(code, ROTATION, 0, None, "", CeremonySettings(), None)
    return _state(code, row)


def ceremony_revision(session: Session, code: str) -> int:
    """Return the ceremony's revision: one tiny read for screens that poll."""
    found = session.execute(
        select(Ceremony.revision)
        .join(Edition, Edition.id == Ceremony.edition_id)
        .where(Edition.code == code)
    ).scalar_one_or_none()
    return int(found or 0)


def _conflict() -> CeremonyConflict:
    return CeremonyConflict(
        "Tampilan sudah berubah sejak Anda melihatnya; periksa lalu coba lagi",
        "The reveal moved on since you looked; check and try again",
    )


def _check_expected(row: Row, expected_revision: int | None) -> None:
    if expected_revision is not None and expected_revision != row.revision:
        raise _conflict()


# Given the row as read and the moment of the change, a change returns the columns to
# write, or None when it changes nothing.
Decide = Callable[[Row, datetime], dict | None]


def _change(
    session: Session,
    code: str,
    decide: Decide,
    *,
    by: str,
    expected_revision: int | None,
    now: datetime | None,
    consistent: bool = False,
) -> tuple[int, Row, bool]:
    """Apply one change of the ceremony row as one conditional write.

    Returns the edition's id, the row afterwards and whether anything changed. Of two
    simultaneous changes one wins; the other raises CeremonyConflict, or, when its caller
    named no revision, is decided once more on the fresh row.
    """
    try:
        (store.consistent_view if consistent else store.begin_write)(session)
        edition = queries.get_edition(session, code)
        for _attempt in range(2):
            moment = now or utcnow()
            settings = CeremonySettings().to_json()
            row = store.ensure(session, edition.id, settings=settings, now=moment)
            _check_expected(row, expected_revision)
            values = decide(row, moment)
            if not values:
                return edition.id, row, False
            values |= {"updated_at": moment, "updated_by": by[:80]}
            if store.write(session, edition.id, row.revision, values):
                return edition.id, store.read(session, edition.id), True
            if expected_revision is not None:
                break
    except store.RowBusy as exc:
        raise _conflict() from exc
    except OperationalError as exc:  # e.g. REPEATABLE READ meeting another's newer row
        if store.is_busy(exc):
            raise _conflict() from exc
        raise
    raise _conflict()


def _locked() -> CeremonyError:
    return CeremonyError(
        "Juara III sudah tampil di layar; persetujuan tidak bisa diubah lagi",
        "Juara III has been on screen; the approval can no longer change",
    )


class AlreadyApproved(CeremonyError):
    """Approving approved results again without asking for a re-approval (`again=True`)."""


def _check_unlocked(row: Row) -> None:
    # A step past the splash without locked_at: a ceremony that ran before the lock existed.
    if row.locked_at is not None or row.step not in (ROTATION, SPLASH):
        raise _locked()


def approve(
    session: Session,
    code: str,
    *,
    by: str,
    now: datetime | None = None,
    again: bool = False,
    expected_revision: int | None = None,
) -> Snapshot:
    """Freeze the edition's current ranking as the approved snapshot, or raise CeremonyError.

    Approved results are approved again only with `again=True` (recorded as a
    re-approval), and never once Juara III has been on screen. The ranking and the data
    version it records are read in one consistent view of the data.
    """
    done: dict = {}

    def decide(row: Row, moment: datetime) -> dict:
        _check_unlocked(row)
        old_hash = row.snapshot_hash if row.snapshot is not None else None
        if old_hash is not None and not again:
            raise AlreadyApproved(
                "Hasil sudah disetujui; menyetujui ulang harus diminta secara tegas",
                "The results are already approved; approving again must be asked for",
            )
        version = queries.data_version(session)
        report = edition_report(session, code, now=now)
        if not report.ranking.awards_decided:
            waiting = [
                r.code for r in report.ranking.rows if r.finalist and r.presentation_score is None
            ]
            detail = f": {', '.join(waiting)}" if waiting else ""
            raise CeremonyError(
                f"Belum bisa disetujui: ada finalis tanpa nilai presentasi{detail}",
                f"Cannot approve yet: a finalist has no presentation score{detail}",
            )
        payload = ranking_payload(session, code, report.ranking, version)
        digest = payload_hash(payload)
        action = approval_log.REAPPROVE if old_hash else approval_log.APPROVE
        done.update(action=action, old_hash=old_hash, new_hash=digest, data_version=version)
        return {
            "snapshot": canonical_json(payload),
            "snapshot_hash": digest,
            "snapshot_version": version,
            "approved_at": moment,
            "approved_by": by[:80],
        }

    edition_id, row, _changed = _change(
        session, code, decide, by=by, expected_revision=expected_revision, now=now, consistent=True
    )
    approval_log.record(session, edition_id, by=by, at=row.approved_at, **done)
    snapshot = _snapshot(code, row)
    assert snapshot is not None
    return snapshot


def cancel_approval(
    session: Session,
    code: str,
    *,
    by: str,
    expected_revision: int | None = None,
    now: datetime | None = None,
) -> CeremonyState:
    """Withdraw the approval before the reveal (recorded), or raise CeremonyError."""
    done: dict = {}

    def decide(row: Row, moment: datetime) -> dict:
        _check_unlocked(row)
        if row.snapshot is None:
            raise CeremonyError(
                "Hasil belum disetujui; tidak ada persetujuan yang bisa dibatalkan",
                "The results are not approved; there is no approval to cancel",
            )
        done.update(old_hash=row.snapshot_hash, at=moment)
        done["data_version"] = queries.data_version(session)
        return dict.fromkeys(
            ("snapshot", "snapshot_hash", "snapshot_version", "approved_at", "approved_by")
        )

    edition_id, row, _changed = _change(
        session, code, decide, by=by, expected_revision=expected_revision, now=now
    )
    approval_log.record(session, edition_id, approval_log.CANCEL, by=by, new_hash=None, **done)
    return _state(code, row)


def _next_target(state: CeremonyState) -> str:
    if state.step == SPLASH and state.snapshot is None:
        raise CeremonyError(
            "Hasil belum disetujui: setujui dulu sebelum mengumumkan juara",
            "Results not approved yet: approve them before revealing the winners",
        )
    if state.step == SPLASH and not state.snapshot.levels():
        raise CeremonyError("Tidak ada juara dalam hasil ini", "These results have no winners")
    return state.next_step or state.step


def _back_target(state: CeremonyState) -> str:
    steps = state.steps
    index = steps.index(state.step) if state.step in steps else 0
    return steps[max(index - 1, 0)]


# next: the following step (Juara III needs approved results); back: one step back, never
# before the rotation; reset: back to the rotation, keeping the approval.
MOVES = {"next": _next_target, "back": _back_target, "reset": lambda _state: ROTATION}


def move(
    session: Session,
    code: str,
    action: str,
    *,
    by: str,
    expected_revision: int | None = None,
    now: datetime | None = None,
) -> CeremonyState:
    """Move the reveal ("next", "back" or "reset") and return the new state.

    With `expected_revision`, refuse (CeremonyConflict) when the state moved since the
    caller looked: two clicks on two laptops never skip a winner.
    """

    def decide(row: Row, moment: datetime) -> dict | None:
        step = MOVES[action](_state(code, row))
        if step == row.step:
            return None
        values: dict = {"step": step}
        if row.locked_at is None and (step == ALL or step_level(step) is not None):
            values["locked_at"] = moment  # a winner is on screen: the approval is final
        return values

    _id, row, _changed = _change(
        session, code, decide, by=by, expected_revision=expected_revision, now=now
    )
    return _state(code, row)


def advance(session: Session, code: str, **options) -> CeremonyState:
    """Go to the reveal's next step (see move)."""
    return move(session, code, "next", **options)


def back(session: Session, code: str, **options) -> CeremonyState:
    """Go back one step of the reveal (see move)."""
    return move(session, code, "back", **options)


def reset(session: Session, code: str, **options) -> CeremonyState:
    """Go back to the slide rotation; the approval stays (see move)."""
    return move(session, code, "reset", **options)


def save_settings(
    session: Session,
    code: str,
    settings: CeremonySettings,
    *,
    by: str,
    now: datetime | None = None,
    expected_revision: int | None = None,
) -> CeremonyState:
    """Store the screens' settings for an edition."""
    text = settings.to_json()

    def decide(row: Row, _moment: datetime) -> dict | None:
        return None if text == row.settings else {"settings": text}

    _id, row, _changed = _change(
        session, code, decide, by=by, expected_revision=expected_revision, now=now
    )
    return _state(code, row)


# ---------------------------------------------------------------- what a screen may see
@dataclass(frozen=True)
class Winner:
    """One revealed winner, as an award screen shows it."""

    level: int
    tie: bool
    code: str
    title: str
    unit_name: str
    innovator: str
    final_score: str | None
    has_photo: bool
    innovation_id: int


@dataclass(frozen=True)
class PublicView:
    """What a ceremony screen may know: the step and the winners revealed so far, no more."""

    edition_code: str
    step: str
    revision: int
    settings: CeremonySettings
    approved: bool
    winners: dict[int, list[Winner]]

    @property
    def reveal_mode(self) -> bool:
        """Return True once the ceremony took over the screens (splash and after)."""
        return self.step != ROTATION


def public_view(session: Session, code: str) -> PublicView:
    """Return the ceremony as a screen may see it: revealed winners only."""
    state = get_state(session, code)
    winners: dict[int, list[Winner]] = {}
    levels = state.revealed_levels
    if levels and state.snapshot is not None:
        rows = [row for level in levels for row in state.snapshot.winners(level)]
        ids = [row["innovation_id"] for row in rows]
        photos = set(
            session.execute(
                select(InnovationPhoto.innovation_id).where(InnovationPhoto.innovation_id.in_(ids))
            ).scalars()
        )
        for row in rows:
            winners.setdefault(row["award"], []).append(
                Winner(
                    level=row["award"],
                    tie=bool(row["tie"]),
                    code=row["code"],
                    title=row["title"],
                    unit_name=row["unit_name"],
                    innovator=row["innovator"],
                    final_score=row["final_score"] if state.settings.show_score else None,
                    has_photo=row["innovation_id"] in photos,
                    innovation_id=row["innovation_id"],
                )
            )
    return PublicView(
        edition_code=code,
        step=state.step,
        revision=state.revision,
        settings=state.settings,
        approved=state.snapshot is not None,
        winners=winners,
    )


def revealed_innovation_ids(session: Session, code: str) -> set[int]:
    """Return the innovations whose award has been revealed (their photos may be shown)."""
    view = public_view(session, code)
    return {w.innovation_id for group in view.winners.values() for w in group}


# ---------------------------------------------------------------- photos
PHOTO_TYPES = {
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/webp": b"RIFF",
}
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def photo_type(data: bytes) -> str:
    """Return the image type of photo bytes (JPEG, PNG or WebP), or raise CeremonyError."""
    if len(data) > MAX_PHOTO_BYTES:
        raise CeremonyError("Foto lebih dari 5 MB", "Photo larger than 5 MB")
    for content_type, magic in PHOTO_TYPES.items():
        if data.startswith(magic) and (content_type != "image/webp" or data[8:12] == b"WEBP"):
            return content_type
    raise CeremonyError("Foto harus JPEG, PNG atau WebP", "Photo must be JPEG, PNG or WebP")


def set_photo(session: Session, code: str, innovation_code: str, data: bytes) -> None:
    """Store (or replace) an innovation's photo."""
    content_type = photo_type(data)
    edition = queries.get_edition(session, code)
    innovation_id = session.execute(
        select(Innovation.id).where(
            Innovation.edition_id == edition.id, Innovation.code == innovation_code
        )
    ).scalar_one_or_none()
    if innovation_id is None:
        raise CeremonyError(
            f"Inovasi {innovation_code!r} tidak ada di edisi ini",
            f"Innovation {innovation_code!r} is not in this edition",
        )
    photo = session.get(InnovationPhoto, innovation_id)
    if photo is None:
        session.add(
            InnovationPhoto(innovation_id=innovation_id, content_type=content_type, data=data)
        )
    else:
        photo.content_type, photo.data, photo.updated_at = content_type, data, utcnow()
    session.flush()


def get_photo(session: Session, innovation_id: int) -> tuple[str, bytes] | None:
    """Return an innovation's photo type and bytes, or None."""
    photo = session.get(InnovationPhoto, innovation_id)
    return None if photo is None else (photo.content_type, photo.data)
