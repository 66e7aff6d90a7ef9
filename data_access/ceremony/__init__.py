"""The award ceremony: the approved results snapshot and the reveal's state machine.

The committee approves the results once judging is done (approvals.py): the ranking is
frozen as a snapshot with its time and SHA-256 (snapshot.py), and from then on the
ceremony screens and the bupati's office read the snapshot, never the live scores. The
reveal (reveal.py) then walks rotation -> splash -> Juara III -> II -> I -> all three;
`public_view()` (public.py) is the only door from here to a ceremony screen.

The modules, one job each: terms (step names and levels), errors, settings (what the
committee sets for the screens), snapshot, store (the row's conditional writes),
reveal, approvals, seri (the jury's seri decisions), public, photos (checked by images).
Callers use the names below, `from data_access import ceremony; ceremony.approve(...)`.
"""

from data_access.ceremony.approvals import (
    ApprovalRecord,
    approval_history,
    approve,
    cancel_approval,
)
from data_access.ceremony.errors import AlreadyApproved, CeremonyConflict, CeremonyError
from data_access.ceremony.photos import (
    MAX_CAPTION,
    MAX_PHOTO_BYTES,
    PhotoInfo,
    get_photo,
    photo_thumbnail,
    photo_type,
    remove_photo,
    set_caption,
    set_photo,
)
from data_access.ceremony.public import (
    PublicAwards,
    PublicView,
    Winner,
    public_awards,
    public_view,
    revealed_innovation_ids,
)
from data_access.ceremony.reveal import (
    MOVES,
    CeremonyState,
    advance,
    back,
    ceremony_revision,
    get_state,
    move,
    reset,
    save_settings,
)
from data_access.ceremony.seri import (
    Decision,
    clear_decisions,
    edition_decisions,
    record_decision,
)
from data_access.ceremony.settings import (
    DEFAULT_CEREMONY_TIME,
    DEFAULT_PRIZE,
    DEFAULT_SLIDES,
    MAX_SLIDE_S,
    MIN_SLIDE_S,
    SLIDES,
    CeremonySettings,
    parse_slides,
    slides_spec,
    validate_ceremony_time,
)
from data_access.ceremony.snapshot import (
    Snapshot,
    canonical_json,
    live_differences,
    ranking_payload,
)
from data_access.ceremony.terms import ALL, AWARD_LEVELS, ROTATION, SPLASH, award_step, step_level

__all__ = [
    "ALL",
    "AWARD_LEVELS",
    "DEFAULT_CEREMONY_TIME",
    "DEFAULT_PRIZE",
    "DEFAULT_SLIDES",
    "MAX_CAPTION",
    "MAX_PHOTO_BYTES",
    "MAX_SLIDE_S",
    "MIN_SLIDE_S",
    "MOVES",
    "ROTATION",
    "SLIDES",
    "SPLASH",
    "AlreadyApproved",
    "ApprovalRecord",
    "CeremonyConflict",
    "CeremonyError",
    "CeremonySettings",
    "CeremonyState",
    "Decision",
    "PhotoInfo",
    "PublicAwards",
    "PublicView",
    "Snapshot",
    "Winner",
    "advance",
    "approval_history",
    "approve",
    "award_step",
    "back",
    "cancel_approval",
    "canonical_json",
    "ceremony_revision",
    "clear_decisions",
    "edition_decisions",
    "get_photo",
    "get_state",
    "live_differences",
    "move",
    "parse_slides",
    "photo_thumbnail",
    "photo_type",
    "public_awards",
    "public_view",
    "ranking_payload",
    "record_decision",
    "remove_photo",
    "reset",
    "revealed_innovation_ids",
    "save_settings",
    "set_caption",
    "set_photo",
    "slides_spec",
    "step_level",
    "validate_ceremony_time",
]
