"""The simulated audience of bench/load.py: viewers and a ceremony screen (the jury: data_movers).

Viewers and the screen speak HTTP with `requests` as a browser would (one session cookie
each, Dash's callback payloads built from /_dash-dependencies); every request they make
is recorded (bench/load_requests.py) with its duration and what, if anything, went wrong.
"""

from __future__ import annotations

import contextlib
import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import requests

from bench.dash_payloads import callback_body, dash_config, end_id_query, find_callback
from bench.lean_http import found_in
from bench.load_requests import (
    CHANGED,
    KIOSK_FRAME,
    KIOSK_STATE,
    LOGIN,
    PAGE,
    VERSION,
    Failed,
    Recorder,
    browser_session,
    tick_kind,
    tick_problem,
    version_problem,
)

JITTER = 0.10  # each tick comes interval x (1 +- JITTER) after the previous one was due
KIOSK_POLL_S = 0.5  # KIOSK_POLL_MS's default
KIOSK_RETRIGGER_S = 4.0  # kiosk.js asks again for a frame that has not come by then
TRIGGER = "progress-interval-trigger"  # the Store kipp.poll sets when the version moved
TICK = f"{TRIGGER}.data"
VERSION_PATH = "/api/versi"  # what a page's timer asks on every tick (dashboard/poll.py)
SIGNAL = "kiosk-signal.data"  # what kiosk.js sets to ask for a frame
# The callbacks Chromium fires when the progress page loads, besides its refresh.
ON_LOAD = ("shell-nav-links.children", "_pages_content.children")


class Audience:
    """What every simulated client shares: the server, the payloads, the password, the stop."""

    def __init__(
        self, origin: str, interval: int, password: str, dependencies: list[dict], viewers: int
    ):
        self.interval = interval
        self.password = password
        self.search = f"?refresh={interval}"
        self.stop = threading.Event()
        self.recorder = Recorder(origin)
        self.refresh = find_callback(dependencies, "progress-content.children")
        self.on_load = [find_callback(dependencies, output) for output in ON_LOAD]
        self.viewers = viewers
        self.joined = 0  # how many of them have their page
        self.all_in = threading.Event()
        self._lock = threading.Lock()

    def join(self) -> None:
        """Count a viewer that has its page; the last one sets all_in."""
        with self._lock:
            self.joined += 1
            if self.joined >= self.viewers:
                self.all_in.set()


class Viewer(threading.Thread):
    """One browser on the progress page: logs in, loads the page, refreshes every interval."""

    def __init__(self, number: int, audience: Audience, username: str, start_at: float) -> None:
        super().__init__(name=f"viewer-{number}", daemon=True)
        self.audience = audience
        self.username = username
        self.start_at = start_at
        self.rng = random.Random(number)
        self.ticks = 0

    def run(self) -> None:
        audience = self.audience
        http = browser_session(self.name)
        try:
            if audience.stop.wait(max(0.0, self.start_at - time.monotonic())):
                return
            while True:  # a viewer whose login or page failed tries again, as a person would
                try:
                    path, shown = self.load(http)
                    audience.join()
                    break
                except Failed:
                    if audience.stop.wait(audience.interval):
                        return
            self.tick_until_stopped(http, path, shown)
        finally:
            http.close()

    def tick_until_stopped(self, http: requests.Session, path: str, shown: object) -> None:
        """Tick every interval (+- jitter) until the run stops, as assets/kipp-live.js does.

        A tick asks GET /api/versi (recorded as "tick version"); only when its version
        differs from the one shown does the viewer post the refresh callback.
        """
        audience = self.audience
        spread = (1 - JITTER, 1 + JITTER)
        due = time.monotonic() + audience.interval * self.rng.uniform(*spread)
        while not audience.stop.wait(max(0.0, due - time.monotonic())):
            self.ticks += 1
            with contextlib.suppress(Failed):  # recorded; the page stays and ticks again
                tick = audience.recorder.call(
                    http, VERSION, "GET", f"{VERSION_PATH}?lang=id", check=version_problem
                ).json()
                current = shown.get("version") if isinstance(shown, dict) else None
                if tick["version"] != current:
                    values: dict[tuple[str, str], object] = {
                        (TRIGGER, "data"): {"version": tick["version"], "at": self.ticks}
                    }
                    if shown is not None:
                        values["progress-shown", "data"] = shown
                    shown = self.refresh(http, path, values, [TICK], shown)
            due += audience.interval * self.rng.uniform(*spread)
            due = max(due, time.monotonic())  # late: the next tick now, never a burst

    def refresh(
        self, http: requests.Session, path: str, values: dict, changed: list[str], shown: object
    ) -> object:
        """Post the refresh callback; return the `shown` the browser keeps afterwards."""
        values = {**values, ("progress-url", "search"): self.audience.search}
        body = callback_body(self.audience.refresh, values, changed)
        answer = self.audience.recorder.call(
            http, CHANGED, "POST", path, json=body, check=tick_problem, classify=tick_kind
        )
        # The shown key alone: a browser decodes its answer on its own machine, these
        # viewers on the server's cores (bench/render_once.py measured the difference).
        found = found_in(answer.content, "progress-shown")
        if isinstance(found, dict) and "data" in found:
            return found["data"]
        return shown

    def load(self, http: requests.Session) -> tuple[str, object]:
        """Log in and load the page as a browser does; return the callback path and `shown`."""
        audience, call = self.audience, self.audience.recorder.call
        form = call(http, LOGIN, "GET", "/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        fields = {"username": self.username, "password": audience.password}
        fields["csrf"] = token.group(1) if token else ""
        call(http, LOGIN, "POST", "/login", data=fields, allow_redirects=False, expect=302)
        page = call(http, PAGE, "GET", f"/{audience.search}").text
        path = f"/_dash-update-component{end_id_query(dash_config(page))}"
        call(http, PAGE, "GET", "/_dash-layout")
        call(http, PAGE, "GET", "/_dash-dependencies")
        location = {}
        for component in ("shell-url", "_pages_location"):
            location[component, "pathname"] = "/"
            location[component, "search"] = audience.search
        for entry in audience.on_load:
            changed = [f"{i['id']}.{i['property']}" for i in entry["inputs"]]
            call(http, PAGE, "POST", path, json=callback_body(entry, location, changed))
        # The page's first refresh: no tick yet and no `shown`, so the whole content.
        return path, self.refresh(http, path, {}, ["progress-url.search"], None)


class Kiosk(threading.Thread):
    """The hall's screen: polls the state, asks for a frame when the version moves."""

    def __init__(self, audience: Audience, token_path: str) -> None:
        super().__init__(name="kiosk", daemon=True)
        self.audience = audience
        self.token_path = token_path
        self.slides: list[tuple[str, float]] = []
        self.step = ""
        self.frames = 0
        self.on_screen: str | None = None  # the version of the frame on screen

    def shown(self) -> str:
        """Return what the screen shows: the rotating slide, the reveal's step or standby."""
        if not self.step:
            return "standby"
        if self.step != "rotation" or not self.slides:
            return self.step
        at = time.monotonic() % (sum(seconds for _name, seconds in self.slides) or 1.0)
        for name, seconds in self.slides:
            if at < seconds:
                return name
            at -= seconds
        return self.slides[-1][0]

    def run(self) -> None:
        audience, call = self.audience, self.audience.recorder.call
        http = browser_session(self.name)
        try:
            while True:
                try:
                    page = call(http, PAGE, "GET", self.token_path).text
                    call(http, PAGE, "GET", "/kiosk/_dash-layout")
                    deps = call(http, PAGE, "GET", "/kiosk/_dash-dependencies").json()
                    break
                except Failed:
                    if audience.stop.wait(audience.interval):
                        return
            self.poll(http, find_callback(deps, "kiosk-frame.children"), dash_config(page))
        finally:
            http.close()

    def poll(self, http: requests.Session, entry: dict, config: dict) -> None:
        """Poll the state KIOSK_POLL_S after each answer; fetch a frame when the version moves.

        Frames come on their own connection while the polls go on, as the Dash renderer
        fetches them for kiosk.js; one not there after KIOSK_RETRIGGER_S is asked again.
        """
        audience, call = self.audience, self.audience.recorder.call
        frame_http = browser_session(f"{self.name} frames")
        frame_http.cookies = http.cookies  # the same browser: the same session cookie
        frame_path = f"/kiosk/_dash-update-component{end_id_query(config)}"
        asked, asked_at, nonce = None, 0.0, 0
        with ThreadPoolExecutor(2, thread_name_prefix="kiosk-frame") as frames:
            while not audience.stop.is_set():
                with contextlib.suppress(Failed):  # recorded; kiosk.js polls again
                    state = call(
                        http,
                        KIOSK_STATE,
                        "GET",
                        f"/kiosk/api/state?{urlencode({'shown': self.shown()})}",
                        check=lambda r: None if b'"v"' in r.content else "no version",
                    ).json()
                    wanted = state["v"]
                    late = time.monotonic() - asked_at > KIOSK_RETRIGGER_S
                    if wanted != self.on_screen and (asked != wanted or late):
                        asked, asked_at, nonce = wanted, time.monotonic(), nonce + 1
                        signal = {"v": wanted, "search": "", "n": nonce}
                        body = callback_body(entry, {("kiosk-signal", "data"): signal}, [SIGNAL])
                        frames.submit(self.fetch_frame, frame_http, frame_path, body)
                audience.stop.wait(KIOSK_POLL_S)
        frame_http.close()

    def fetch_frame(self, http: requests.Session, path: str, body: dict) -> None:
        """Ask the frame callback for new slides and put them on the screen."""
        with contextlib.suppress(Failed):  # recorded; the screen keeps its frame
            answer = self.audience.recorder.call(
                http,
                KIOSK_FRAME,
                "POST",
                path,
                json=body,
                check=lambda r: None if b"data-frame-version" in r.content else "no frame",
            ).json()
            self.on_screen = self.take_frame(answer)

    def take_frame(self, answer: dict) -> str | None:
        """Remember the frame's slides and step; return its version."""
        props = answer["response"]["kiosk-frame"]["children"]["props"]
        children = props.get("children") or []
        self.slides = [
            (c["props"].get("data-slide", ""), float(c["props"].get("data-seconds") or 0))
            for c in (children if isinstance(children, list) else [children])
            if isinstance(c, dict) and "data-slide" in c.get("props", {})
        ]
        self.step = props.get("data-step", "rotation")
        self.frames += 1
        return props.get("data-frame-version")
