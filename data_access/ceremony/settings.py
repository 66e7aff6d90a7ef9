"""What the committee sets for the ceremony screens: slides and their durations, prizes, time."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from data_access.ceremony.errors import CeremonyError
from data_access.ceremony.terms import AWARD_LEVELS

# "katalog": the winners and a QR code to the public catalogue, shown only once the awards
# are public and the edition is published (the rotation skips it before).
SLIDES = ("progress", "participation", "finalists", "countdown", "katalog")
DEFAULT_SLIDES = (
    ("progress", 20),
    ("participation", 15),
    ("finalists", 20),
    ("countdown", 10),
    ("katalog", 20),
)
MIN_SLIDE_S, MAX_SLIDE_S = 3, 600
DEFAULT_PRIZE = "Piagam penghargaan dan smart TV"
DEFAULT_CEREMONY_TIME = "09:00"


@dataclass(frozen=True)
class CeremonySettings:
    """What the committee sets for the screens: slides with durations, scores shown, prizes."""

    slides: tuple[tuple[str, int], ...] = DEFAULT_SLIDES
    show_score: bool = True
    prizes: dict[int, str] = field(
        default_factory=lambda: dict.fromkeys(AWARD_LEVELS, DEFAULT_PRIZE)
    )
    ceremony_time: str = DEFAULT_CEREMONY_TIME
    # The participation wall names only the units that submitted (the rate still counts all).
    hide_missing: bool = False

    def to_json(self) -> str:
        """Return the settings as stored."""
        return json.dumps(
            {
                "slides": slides_spec(self.slides),
                "show_score": self.show_score,
                "prizes": {str(k): v for k, v in sorted(self.prizes.items())},
                "ceremony_time": self.ceremony_time,
                "hide_missing": self.hide_missing,
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
            hide_missing=raw.get("hide_missing") is True,
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
            raise CeremonyError("ceremony.refused.unknown_slide", name=name, choices=choices)
        if not seconds.strip().isdigit() or not MIN_SLIDE_S <= int(seconds) <= MAX_SLIDE_S:
            raise CeremonyError(
                "ceremony.refused.slide_duration",
                name=name,
                low=MIN_SLIDE_S,
                high=MAX_SLIDE_S,
                part=part,
            )
        if any(existing == name for existing, _s in slides):
            raise CeremonyError("ceremony.refused.slide_twice", name=name)
        slides.append((name, int(seconds)))
    if not slides:
        raise CeremonyError("ceremony.refused.no_slide")
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
        raise CeremonyError("ceremony.refused.time_format", value=value)
    return value
