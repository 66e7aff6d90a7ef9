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
PROGRESS_JURORS = "progress-jurors"
PROGRESS_HEATMAP = "progress-heatmap"

# The frame: navigation and the account menu.
SHELL_NAV_LINKS = "shell-nav-links"
SHELL_EDITION_PICKER = "shell-edition-picker"
SHELL_ACCOUNT = "shell-account"

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

# The ceremony screen (/kiosk).
KIOSK_SIGNAL = "kiosk-signal"
KIOSK_FRAME = "kiosk-frame"
