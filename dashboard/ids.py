"""Component ids, kebab-case and prefixed by page (``shell-`` is the frame around every page)."""

# The frame: navbar and language switch.
SHELL_URL = "shell-url"
SHELL_NAVBAR = "shell-navbar"
SHELL_EDITION_NAME = "shell-edition-name"
SHELL_LANG_ID = "shell-lang-id"
SHELL_LANG_EN = "shell-lang-en"

# Home page (/): the edition overview.
HOME_EDITION_NAME = "home-edition-name"
HOME_COUNT_INNOVATIONS = "home-count-innovations"
HOME_COUNT_PASSED = "home-count-passed"
HOME_COUNT_UNITS = "home-count-units"
HOME_COUNT_JURORS = "home-count-jurors"
HOME_SCORE_ROWS = "home-score-rows"
HOME_EMPTY = "home-empty"
HOME_DB_ERROR = "home-db-error"

# Progres Penilaian (/): the live judging progress.
PROGRESS_URL = "progress-url"
PROGRESS_INTERVAL = "progress-interval"
PROGRESS_SHOWN = "progress-shown"
PROGRESS_WAKE = "progress-wake"
PROGRESS_STATUS = "progress-status"
PROGRESS_CONTENT = "progress-content"
PROGRESS_STAGE_PROPOSAL = "progress-stage-proposal"
PROGRESS_STAGE_PRESENTATION = "progress-stage-presentation"
PROGRESS_DRAFTS_PROPOSAL = "progress-drafts-proposal"
PROGRESS_DRAFTS_PRESENTATION = "progress-drafts-presentation"
PROGRESS_JURORS = "progress-jurors"
PROGRESS_HEATMAP = "progress-heatmap"

# The frame: navigation and the account menu.
SHELL_NAV_LINKS = "shell-nav-links"
SHELL_NAV_MENU = "shell-nav-menu"
SHELL_EDITION_PICKER = "shell-edition-picker"
SHELL_ACCOUNT = "shell-account"
SHELL_TAGLINE = "shell-tagline"

# Partisipasi OPD (/partisipasi)
PARTICIPATION_URL = "participation-url"
PARTICIPATION_INTERVAL = "participation-interval"
PARTICIPATION_SHOWN = "participation-shown"
PARTICIPATION_WAKE = "participation-wake"
PARTICIPATION_STATUS = "participation-status"
PARTICIPATION_CONTENT = "participation-content"
PARTICIPATION_RATE = "participation-rate"
PARTICIPATION_COUNTDOWN = "participation-countdown"
PARTICIPATION_DEADLINE = "participation-deadline"
PARTICIPATION_TABLE = "participation-table"
PARTICIPATION_KINDS = "participation-kinds"

# Peringkat (/peringkat)
RANKING_URL = "ranking-url"
RANKING_INTERVAL = "ranking-interval"
RANKING_SHOWN = "ranking-shown"
RANKING_WAKE = "ranking-wake"
RANKING_STATUS = "ranking-status"
RANKING_CONTENT = "ranking-content"
RANKING_TABLE = "ranking-table"
RANKING_AWARDS = "ranking-awards"
RANKING_NORMALIZATION = "ranking-normalization"
RANKING_SEVERITY = "ranking-severity"

# Jadwal (/jadwal)
SCHEDULE_URL = "schedule-url"
SCHEDULE_INTERVAL = "schedule-interval"
SCHEDULE_SHOWN = "schedule-shown"
SCHEDULE_WAKE = "schedule-wake"
SCHEDULE_STATUS = "schedule-status"
SCHEDULE_CONTENT = "schedule-content"
SCHEDULE_DATES = "schedule-dates"
SCHEDULE_TIMELINE = "schedule-timeline"
SCHEDULE_TODAY = "schedule-today"

# Kendali Upacara (/kendali): the committee runs the winners' reveal.
CONTROL_URL = "control-url"
CONTROL_INTERVAL = "control-interval"
CONTROL_SHOWN = "control-shown"
CONTROL_WAKE = "control-wake"
CONTROL_STATUS = "control-status"
CONTROL_CONTENT = "control-content"
CONTROL_REVISION = "control-revision"  # inside the step panel: the revision it shows
CONTROL_ALERT = "control-alert"
CONTROL_STEP = "control-step"
CONTROL_NEXT_HINT = "control-next-hint"
CONTROL_NEXT = "control-next"
CONTROL_BACK = "control-back"
CONTROL_RESET = "control-reset"
CONTROL_RESET_CONFIRM = "control-reset-confirm"
CONTROL_APPROVAL = "control-approval"
CONTROL_APPROVE = "control-approve"
CONTROL_APPROVE_CONFIRM = "control-approve-confirm"
CONTROL_APPROVE_ROW = "control-approve-row"
CONTROL_APPROVED_ACTIONS = "control-approved-actions"
CONTROL_REAPPROVE = "control-reapprove"
CONTROL_REAPPROVE_CONFIRM = "control-reapprove-confirm"
CONTROL_CANCEL_APPROVAL = "control-cancel-approval"
CONTROL_CANCEL_APPROVAL_CONFIRM = "control-cancel-approval-confirm"
# The demo's rehearsal jury: it changes the demo's scores at once, so it asks first too.
CONTROL_SIMULATE = "control-simulate"
CONTROL_SIMULATE_CONFIRM = "control-simulate-confirm"
# Each asking action's own dialog (no browser confirm()): the button opens it, its "Ya"
# button is the *_CONFIRM id the action listens to, "Batal" closes it.
CONTROL_DIALOGS = {
    confirm: (f"{confirm}-dialog", f"{confirm}-cancel")
    for confirm in (
        CONTROL_RESET_CONFIRM,
        CONTROL_APPROVE_CONFIRM,
        CONTROL_REAPPROVE_CONFIRM,
        CONTROL_CANCEL_APPROVAL_CONFIRM,
        CONTROL_SIMULATE_CONFIRM,
    )
}
CONTROL_APPROVAL_LOCKED = "control-approval-locked"
CONTROL_SERI = "control-seri"  # the jury's recorded seri decisions, read-only
# The seri decision's panel (pages/control/seri.py).
CONTROL_SERI_BOX = "control-seri-box"
CONTROL_SERI_SUMMARY = "control-seri-summary"
CONTROL_SERI_STATUS = "control-seri-status"
CONTROL_SERI_GROUP = "control-seri-group"
CONTROL_SERI_GROUP_ROW = "control-seri-group-row"
CONTROL_SERI_ORDER = "control-seri-order"
CONTROL_SERI_UP = "control-seri-up"
CONTROL_SERI_DOWN = "control-seri-down"
CONTROL_SERI_REASON = "control-seri-reason"
CONTROL_SERI_REASON_ERROR = "control-seri-reason-error"
CONTROL_SERI_CHAIR = "control-seri-chair"
CONTROL_SERI_CHAIR_ERROR = "control-seri-chair-error"
CONTROL_SERI_JURORS = "control-seri-jurors"
CONTROL_SERI_SAVE = "control-seri-save"
CONTROL_SERI_CLEAR = "control-seri-clear"
CONTROL_SERI_DIALOG = "control-seri-dialog"
CONTROL_SERI_DIALOG_CANCEL = "control-seri-dialog-cancel"
CONTROL_SERI_DIALOG_OK = "control-seri-dialog-ok"
CONTROL_SERI_MESSAGE = "control-seri-message"
CONTROL_SERI_DRAWN = "control-seri-drawn"  # what the panel drew: the form is kept until it moves
CONTROL_APPROVAL_HISTORY = "control-approval-history"
CONTROL_OPEN_SHEETS = "control-open-sheets"
CONTROL_APPROVAL_BLOCKED = "control-approval-blocked"
CONTROL_DEMO = "control-demo"
CONTROL_DIFFERENCES = "control-differences"
CONTROL_SCREENS = "control-screens"
CONTROL_SCREENS_MANAGE = "control-screens-manage"
CONTROL_SLIDES = "control-slides"
# One switch and one number of seconds per rotation slide (data_access.ceremony.SLIDES).
CONTROL_SLIDE_ON = {
    name: f"control-slide-{name}"
    for name in ("progress", "participation", "finalists", "countdown", "katalog")
}
CONTROL_SLIDE_SECONDS = {name: f"{key}-seconds" for name, key in CONTROL_SLIDE_ON.items()}
CONTROL_SHOW_SCORE = "control-show-score"
CONTROL_HIDE_MISSING = "control-hide-missing"
CONTROL_TIME = "control-time"
CONTROL_PRIZE_1 = "control-prize-1"
CONTROL_PRIZE_2 = "control-prize-2"
CONTROL_PRIZE_3 = "control-prize-3"
CONTROL_SAVE = "control-save"
CONTROL_SETTINGS_MESSAGE = "control-settings-message"
CONTROL_SLIDES_ERROR = "control-slides-error"
CONTROL_TIME_ERROR = "control-time-error"
CONTROL_PRIZE_1_ERROR = "control-prize-1-error"
CONTROL_PRIZE_2_ERROR = "control-prize-2-error"
CONTROL_PRIZE_3_ERROR = "control-prize-3-error"

# The ceremony screen (/kiosk).
KIOSK_SIGNAL = "kiosk-signal"
KIOSK_FRAME = "kiosk-frame"
