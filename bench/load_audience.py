"""The simulated audience of bench/load.py: viewers, a ceremony screen and a jury.

Viewers and the screen speak HTTP with `requests` as a browser would (one session cookie
each, Dash's callback payloads built from /_dash-dependencies); every request they make
is recorded with its duration and what, if anything, went wrong with it.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode

import requests

EDITION = "demo-kudus-2022"
JITTER = 0.10  # each tick comes interval x (1 +- JITTER) after the previous one was due
KIOSK_POLL_S = 0.5  # KIOSK_POLL_MS's default
KIOSK_RETRIGGER_S = 4.0  # kiosk.js asks again for a frame that has not come by then
REQUEST_TIMEOUT_S = 30.0
JURY_APP_NAME = "kipp-load-jury"  # its PostgreSQL connection is not the server's
# A tick is GET /api/versi ("tick version"); when the version moved, the refresh callback
# follows, "tick changed" when it sent content, "tick unchanged" when it had none to send.
VERSION, UNCHANGED, CHANGED = "tick version", "tick unchanged", "tick changed"
KIOSK_STATE, KIOSK_FRAME = "kiosk state", "kiosk frame"
PAGE, LOGIN = "page load", "login"
TRIGGER = "progress-interval-trigger"  # the Store kipp.poll sets when the version moved
TICK = f"{TRIGGER}.data"
VERSION_PATH = "/api/versi"  # what a page's timer asks on every tick (dashboard/poll.py)
SIGNAL = "kiosk-signal.data"  # what kiosk.js sets to ask for a frame
# The callbacks Chromium fires when the progress page loads, besides its refresh.
ON_LOAD = ("shell-nav-links.children", "_pages_content.children")


# ---------------------------------------------------------------- Dash's payloads (pure)
def outputs_of(output: str) -> list[dict[str, str]] | dict[str, str]:
    """Return a dependency's outputs as the renderer posts them ('..a.x...b.y..' is a list)."""
    if output.startswith("..") and output.endswith(".."):
        parts = output[2:-2].split("...")
        return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    component, prop = output.rsplit(".", 1)
    return {"id": component, "property": prop}


def find_callback(dependencies: Iterable[dict], output: str) -> dict:
    """Return the dependency (from /_dash-dependencies) whose outputs include 'id.property'."""
    for entry in dependencies:
        if output in entry["output"].strip(".").split("..."):
            return entry
    raise LookupError(f"no callback has the output {output}")


def callback_body(entry: dict, values: dict[tuple[str, str], object], changed: list[str]) -> dict:
    """Return the JSON Dash's renderer posts: a property without a value has no 'value' key."""

    def props(items: list[dict]) -> list[dict]:
        found = []
        for item in items:
            prop = {"id": item["id"], "property": item["property"]}
            if (item["id"], item["property"]) in values:
                prop["value"] = values[item["id"], item["property"]]
            found.append(prop)
        return found

    body = {
        "output": entry["output"],
        "outputs": outputs_of(entry["output"]),
        "inputs": props(entry["inputs"]),
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
    }
    if entry.get("state"):
        body["state"] = props(entry["state"])
    return body


def dash_config(page: str) -> dict:
    """Return the _dash-config JSON of a Dash index page."""
    found = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page)
    if found is None:
        raise ValueError("the page has no _dash-config")
    return json.loads(found.group(1))


def end_id_query(config: dict) -> str:
    """Return the ?endId= query Dash's renderer adds to its callback requests, if any."""
    return f"?{urlencode({'endId': config['end_id']})}" if config.get("end_id") else ""


# ---------------------------------------------------------------- requests, recorded
@dataclass(frozen=True)
class Record:
    """One request: when it started (monotonic s), what it was, how long it took, what failed."""

    start: float
    kind: str
    seconds: float
    error: str | None = None


class Failed(Exception):
    """A request that failed (already recorded)."""


class Recorder:
    """Makes requests and keeps every one's record, from any thread."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.records: list[Record] = []
        self.notes: list[str] = []
        self.resent = 0  # requests sent again after their connection was reset
        self._lock = threading.Lock()

    def between(self, start: float, end: float) -> list[Record]:
        """Return the records of the requests started in [start, end)."""
        with self._lock:
            return [r for r in self.records if start <= r.start < end]

    def note(self, text: str) -> None:
        """Keep a failure's description (the report prints the first few)."""
        with self._lock:
            if len(self.notes) < 1000:
                self.notes.append(text)

    def call(
        self,
        http: requests.Session,
        kind: str,
        method: str,
        path: str,
        *,
        expect: int = 200,
        check: Callable[[requests.Response], str | None] | None = None,
        classify: Callable[[requests.Response], str] | None = None,
        **kwargs,
    ) -> requests.Response:
        """Make a request, record its time and any failure; raise Failed on one.

        `check` names what is wrong with an answer (None: nothing); `classify` names the
        kind of an answered request from its answer.
        """
        if method == "POST":  # as a browser posts: from the page's own origin
            kwargs["headers"] = {"Origin": self.origin}
        started = time.monotonic()
        response = error = None
        detail = ""
        try:
            response = self.send(http, method, path, kwargs)
            if response.status_code != expect:
                error = f"HTTP {response.status_code}"
            elif check is not None:
                error = check(response)
        except requests.RequestException as exc:
            error, detail = type(exc).__name__, f" ({exc})"
        seconds = time.monotonic() - started
        if response is not None and error is None and classify is not None:
            kind = classify(response)
        with self._lock:
            self.records.append(Record(started, kind, seconds, error))
        if error is None:
            return response
        self.note(f"{kind}, {method} {path[:40]} after {seconds:.1f} s: {error}{detail}")
        raise Failed(error)

    def send(
        self, http: requests.Session, method: str, path: str, kwargs: dict
    ) -> requests.Response:
        """Send a request; once more if the server reset its kept-alive connection.

        A browser resends a request whose idle connection the server closed just as it
        was sent, so such a reset is counted (`resent`) but is not an error.
        """
        try:
            return http.request(method, self.origin + path, timeout=REQUEST_TIMEOUT_S, **kwargs)
        except requests.ConnectionError as exc:
            if "Connection aborted" not in str(exc):
                raise
        with self._lock:
            self.resent += 1
        return http.request(method, self.origin + path, timeout=REQUEST_TIMEOUT_S, **kwargs)


def browser_session(name: str) -> requests.Session:
    """Return an HTTP session that presents itself as a page of the same site."""
    http = requests.Session()
    http.headers.update({"User-Agent": f"kipp-load {name}", "Sec-Fetch-Site": "same-origin"})
    return http


def tick_problem(response: requests.Response) -> str | None:
    """Return what is wrong with a refresh answer: no badge, or the "stale" badge."""
    if b'"progress-status"' not in response.content:
        return "no badge in the answer"
    if b"kipp-updated-stale" in response.content:
        return "stale (the server could not read the database)"
    return None


def version_problem(response: requests.Response) -> str | None:
    """Return what is wrong with a tick's answer: no version, or the "stale" badge."""
    body = response.json()
    if body.get("stale"):
        return "stale (the server could not read the database)"
    if not isinstance(body.get("version"), int):
        return "no version in the answer"
    return None


def tick_kind(response: requests.Response) -> str:
    """Return whether a refresh answer brought new content or only the badge."""
    return CHANGED if b'"progress-content"' in response.content else UNCHANGED


# ---------------------------------------------------------------- the audience
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
                    values = {(TRIGGER, "data"): {"version": tick["version"], "at": self.ticks}}
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
        ).json()
        return answer["response"].get("progress-shown", {}).get("data", shown)

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


class Jury(threading.Thread):
    """Completes an open sheet every `every` seconds, then changes one score back and forth."""

    def __init__(self, audience: Audience, database_url: str, every: float) -> None:
        super().__init__(name="jury", daemon=True)
        self.audience = audience
        self.database_url = database_url
        self.every = every
        self.rng = random.Random(2022)
        self.sheets = self.flips = self.errors = 0
        self.flip: tuple[int, int, int] | None = None  # score id, its value, another value

    def run(self) -> None:
        from sqlalchemy.engine import make_url

        from data_access.db import make_engine
        from data_access.simulate import complete_sheet, open_sheets

        url = make_url(self.database_url)
        if url.get_backend_name() == "postgresql":
            url = url.update_query_dict({"application_name": JURY_APP_NAME})
        engine = make_engine(url.render_as_string(hide_password=False), pool_size=1)
        pending = []
        try:
            while not self.audience.stop.wait(self.every):
                try:
                    if not pending and not self.flips:
                        pending = open_sheets(engine, EDITION)
                        self.rng.shuffle(pending)
                    if pending:
                        complete_sheet(engine, EDITION, pending.pop(), self.rng)
                        self.sheets += 1
                    else:
                        self.change_score(engine)
                except Exception as exc:  # a bench keeps going; the report counts it
                    self.errors += 1
                    self.audience.recorder.note(f"jury: {type(exc).__name__}: {exc}")
        finally:
            engine.dispose()

    def change_score(self, engine) -> None:
        """Set the first score to another value, or back (every open sheet is complete)."""
        from sqlalchemy import select, update

        from data_access.db import transaction
        from data_access.models import Score

        with transaction(engine) as session:
            if self.flip is None:
                score_id, value = session.execute(
                    select(Score.id, Score.score_centi).order_by(Score.id).limit(1)
                ).one()
                self.flip = (score_id, value, value - 100 if value > 9900 else value + 100)
            score_id, original, other = self.flip
            value = other if self.flips % 2 == 0 else original
            session.execute(update(Score).where(Score.id == score_id).values(score_centi=value))
        self.flips += 1
