"""The scores database: SQLAlchemy 2.0 typed models for editions, units, jurors and scores.

One module a part of the house: base (the declarative base and UTC times), judging (the
judged data), accounts (who logs in), sheets (sheets filled in the app
and the score history), jury (conflict declarations, window extensions),
ceremony (screens, the reveal, approvals, photos), documents (the proposal PDFs
jurors read), minutes (the berita acara's own data and images), catalogue (the editions made
public) and audit (the record of
actions without a table of their own).
Importing this package registers every table on `Base.metadata`, which the migrations
and `create_all` read; callers use the names below.
"""

from data_access.models.accounts import (
    JUROR_ROLE,
    ROLES,
    Invitation,
    LoginFailure,
    User,
    UserSession,
)
from data_access.models.admin_status import AdminStatusChange
from data_access.models.audit import AuditEvent
from data_access.models.base import Base, UTCDateTime, utcnow
from data_access.models.catalogue import CataloguePublication, CatalogueVersion
from data_access.models.ceremony import (
    Ceremony,
    CeremonyApproval,
    InnovationPhoto,
    KioskScreen,
    SeriDecision,
)
from data_access.models.documents import InnovationDocument
from data_access.models.judging import (
    ADMIN_STATUSES,
    STAGE_CODES,
    Assignment,
    Criterion,
    DataVersion,
    Edition,
    Innovation,
    Juror,
    Score,
    ScoreSheet,
    Stage,
    Unit,
)
from data_access.models.jury import CONFIRMED_CONFLICT, ConflictDeclaration, WindowExtension
from data_access.models.minutes import IMAGE_KINDS, EditionImage, EditionMinutes
from data_access.models.sheets import (
    DRAFT,
    HISTORY_EVENTS,
    HISTORY_SOURCES,
    REHEARSAL,
    SHEET_STATES,
    SUBMITTED,
    ScoreHistory,
    SheetComment,
    SheetState,
)

__all__ = [
    "ADMIN_STATUSES",
    "CONFIRMED_CONFLICT",
    "DRAFT",
    "HISTORY_EVENTS",
    "HISTORY_SOURCES",
    "IMAGE_KINDS",
    "JUROR_ROLE",
    "REHEARSAL",
    "ROLES",
    "SHEET_STATES",
    "STAGE_CODES",
    "SUBMITTED",
    "AdminStatusChange",
    "Assignment",
    "AuditEvent",
    "Base",
    "CataloguePublication",
    "CatalogueVersion",
    "Ceremony",
    "CeremonyApproval",
    "ConflictDeclaration",
    "Criterion",
    "DataVersion",
    "Edition",
    "EditionImage",
    "EditionMinutes",
    "Innovation",
    "InnovationDocument",
    "InnovationPhoto",
    "Invitation",
    "Juror",
    "KioskScreen",
    "LoginFailure",
    "Score",
    "ScoreHistory",
    "ScoreSheet",
    "SeriDecision",
    "SheetComment",
    "SheetState",
    "Stage",
    "UTCDateTime",
    "Unit",
    "User",
    "UserSession",
    "WindowExtension",
    "utcnow",
]
