"""Component ids, kebab-case and prefixed by page (``shell-`` is the frame around every page)."""

# The frame: navbar and language switch.
SHELL_URL = "shell-url"
SHELL_NAVBAR = "shell-navbar"
SHELL_EDITION_NAME = "shell-edition-name"
SHELL_LANG_ID = "shell-lang-id"
SHELL_LANG_EN = "shell-lang-en"

# Home page (/): the edition overview.
HOME_URL = "home-url"
HOME_REFRESH = "home-refresh"
HOME_CONTENT = "home-content"
HOME_EDITION_NAME = "home-edition-name"
HOME_UPDATED_AT = "home-updated-at"
HOME_COUNT_INNOVATIONS = "home-count-innovations"
HOME_COUNT_PASSED = "home-count-passed"
HOME_COUNT_UNITS = "home-count-units"
HOME_COUNT_JURORS = "home-count-jurors"
HOME_SCORE_ROWS = "home-score-rows"
HOME_EMPTY = "home-empty"
HOME_DB_ERROR = "home-db-error"
