"""The control page's settings form: its fields, and reading and checking what was typed."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.builders.control import level_label
from dashboard.ids import (
    CONTROL_PRIZE_1,
    CONTROL_PRIZE_1_ERROR,
    CONTROL_PRIZE_2,
    CONTROL_PRIZE_2_ERROR,
    CONTROL_PRIZE_3,
    CONTROL_PRIZE_3_ERROR,
    CONTROL_TIME,
    CONTROL_TIME_ERROR,
)
from data_access.ceremony import (
    AWARD_LEVELS,
    DEFAULT_SLIDES,
    MAX_SLIDE_S,
    MIN_SLIDE_S,
    SLIDES,
    CeremonyError,
    CeremonySettings,
    parse_slides,
    validate_ceremony_time,
)
from data_access.i18n import t

PRIZE_IDS = {1: CONTROL_PRIZE_1, 2: CONTROL_PRIZE_2, 3: CONTROL_PRIZE_3}
# The rotation's slides in the form's order, each named as the screen heads it.
SLIDE_TITLES = {name: f"kiosk.{name}.title" for name in SLIDES}
# Juara levels in the order the form lists their prizes (and its callbacks their values).
PRIZE_LEVELS = sorted(AWARD_LEVELS)
# The checked fields (as read_settings_form names them) and their inputs.
FIELD_INPUTS = {
    "ceremony_time": CONTROL_TIME,
    "prize_1": CONTROL_PRIZE_1,
    "prize_2": CONTROL_PRIZE_2,
    "prize_3": CONTROL_PRIZE_3,
}
# Where each input's message shows, right under it.
FIELD_ERRORS = {
    CONTROL_TIME: CONTROL_TIME_ERROR,
    CONTROL_PRIZE_1: CONTROL_PRIZE_1_ERROR,
    CONTROL_PRIZE_2: CONTROL_PRIZE_2_ERROR,
    CONTROL_PRIZE_3: CONTROL_PRIZE_3_ERROR,
}


@dataclass(frozen=True)
class SettingsForm:
    """The screen settings as the form holds them: each slide switched on or off, with its
    seconds (kept while off, so switching it on again brings them back)."""

    slides: dict[str, tuple[bool, int | None]]
    show_score: bool
    ceremony_time: str
    prizes: dict[int, str]
    hide_missing: bool = False

    @classmethod
    def from_settings(cls, settings: CeremonySettings) -> SettingsForm:
        """Return the form's values for stored settings."""
        chosen = dict(settings.slides)
        defaults = dict(DEFAULT_SLIDES)
        return cls(
            {name: (name in chosen, chosen.get(name, defaults[name])) for name in SLIDES},
            settings.show_score,
            settings.ceremony_time,
            {level: settings.prizes.get(level, "") for level in AWARD_LEVELS},
            settings.hide_missing,
        )


def _slides(form: SettingsForm, lang: str) -> tuple[tuple[tuple[str, int], ...] | None, str]:
    """Return the slides switched on, in the screen's order, or None and what is wrong."""
    chosen = []
    for name in SLIDES:
        on, seconds = form.slides.get(name, (False, None))
        if not on:
            continue
        if not isinstance(seconds, int) or not MIN_SLIDE_S <= seconds <= MAX_SLIDE_S:
            slide = t(SLIDE_TITLES[name], lang)
            return None, t(
                "control.settings.slides.seconds",
                lang,
                slide=slide,
                min=MIN_SLIDE_S,
                max=MAX_SLIDE_S,
            )
        chosen.append(f"{name}:{seconds}")
    if not chosen:
        return None, t("control.settings.slides.none", lang)
    try:
        return parse_slides(",".join(chosen)), ""
    except CeremonyError as exc:  # the data layer's own check, should it ever differ
        return None, exc.text(lang)


def read_settings_form(
    form: SettingsForm, *, lang: str
) -> tuple[CeremonySettings | None, dict[str, str]]:
    """Return the settings a form asks for, or None with a message per wrong field."""
    errors: dict[str, str] = {}
    time = None
    slides, wrong = _slides(form, lang)
    if wrong:
        errors["slides"] = wrong
    try:
        time = validate_ceremony_time(form.ceremony_time or "")
    except CeremonyError as exc:
        errors["ceremony_time"] = exc.text(lang)
    prizes: dict[int, str] = {}
    for level in AWARD_LEVELS:
        text = (form.prizes.get(level) or "").strip()
        if not text:
            errors[f"prize_{level}"] = t(
                "control.settings.prize_empty", lang, level=level_label(level, lang=lang)
            )
        prizes[level] = text
    if errors or slides is None or time is None:
        return None, errors
    return CeremonySettings(
        slides=slides,
        show_score=bool(form.show_score),
        prizes=prizes,
        ceremony_time=time,
        hide_missing=bool(form.hide_missing),
    ), {}


def settings_help(*, lang: str) -> str:
    """Return the help line under the slides field."""
    return t("control.settings.slides.help", lang, min=MIN_SLIDE_S, max=MAX_SLIDE_S)
