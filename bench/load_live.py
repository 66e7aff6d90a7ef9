"""The national load run's viewers: tabs on every live page, holding the news stream as a tab does.

A `LiveViewer` is one tab on `/`, `/partisipasi` (viewers) or `/peringkat` (the
committee): it logs in through the form, loads its page as a browser does (the page,
/_dash-layout, /_dash-dependencies, the callbacks fired on load and the page's first
refresh), then follows the data version as assets/kipp-live.js does:

- most tabs hold the news stream (`GET /api/versi/alir`, a `NewsFeed` thread: the
  EventSource); when it says the version moved, the tab posts its page's refresh
  callback, and while one is in flight, news waits for its answer and the next refresh
  takes the newest version (kipp-live.js's `newsLater`). A stream the server refuses (503,
  or a `full` event: the worker holds its share) leaves the tab polling for a minute
  before it tries again; one that ends after its lifetime is opened again 2 s later;
- some tabs poll (the fallback: a proxy that buffers streams, an old browser): every
  interval (+-10%) `GET /api/versi`, and the refresh only when the version moved;
- phones (bench/load_phone.py) hold the stream like the rest, over a link that is 3G
  while the bench says so, and open their page anew about once a round (a person
  unlocking a phone: the page with every script and stylesheet and the plotly.js bundle,
  about 700 KB on the wire). Their requests are recorded as "phone ..." kinds, apart.

Every request is recorded (bench/load_requests.py) with the page it was for; each tab
notes when its screen showed which data version (bench/jury_clients.Screen), for the
time from a juror's save to every screen.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from bench.dash_payloads import callback_body, dash_config, end_id_query, find_callback
from bench.jury_clients import Screen
from bench.load_audience import JITTER, ON_LOAD, VERSION_PATH, Audience
from bench.load_news_feed import NewsFeed
from bench.load_phone import PhoneLink, PhoneSession
from bench.load_requests import (
    CHANGED,
    LOGIN,
    PAGE,
    UNCHANGED,
    VERSION,
    Failed,
    Record,
    browser_session,
    version_problem,
)
from dashboard.live_page import LiveIds
from dashboard.pages import participation, progress, ranking

PHONE = "phone"  # the prefix of every phone's request kind
VISIT = "visit"  # a phone opening its page anew, everything included (recorded whole)
SCRIPT = re.compile(r'<script[^>]+src="([^"]+)"')
STYLESHEET = re.compile(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"')
# What assets/kipp-plotly.js points Dash's lazy plotly.js loader at: the live pages draw graphs.
PLOTLY = "/assets/vendor/plotly-kipp.min.js"
SHOWN_BYTES = 4096  # a `shown` Store's data is a small object


@dataclass(frozen=True)
class LivePage:
    """A live page: its path, its component ids, and whether the committee views it."""

    path: str
    ids: LiveIds
    committee: bool = False


LIVE_PAGES = (
    LivePage("/", progress.PAGE),
    LivePage("/partisipasi", participation.PAGE),
    LivePage("/peringkat", ranking.PAGE, committee=True),
)


@dataclass(frozen=True)
class Role:
    """What one tab is: its page, its account, whether it polls, whether it is a phone."""

    page: LivePage
    username: str
    polls: bool = False
    phone: bool = False


def roles(
    viewers: int, pollers: int, phones: int, accounts: list[str], committee: list[str]
) -> list[Role]:
    """Spread the tabs over the live pages in turn; pollers and phones evenly, never both."""
    polling = {int(i * viewers / pollers) for i in range(min(pollers, viewers))}
    rest = [n for n in range(viewers) if n not in polling]
    phoning = {rest[int(i * len(rest) / phones)] for i in range(min(phones, len(rest)))}
    found = []
    for n in range(viewers):
        page = LIVE_PAGES[n % len(LIVE_PAGES)]
        names = committee if page.committee else accounts
        found.append(Role(page, names[n % len(names)], n in polling, n in phoning))
    return found


@dataclass
class Crowd:
    """What the tabs of one client process share, besides the Audience (server, stop, records)."""

    audience: Audience
    link: PhoneLink
    dependencies: list[dict]
    joined: Any  # multiprocessing Value: tabs that have their page, across processes
    search: str
    reopen_s: float  # a phone opens its page anew about this often
    refused: int = 0  # streams the server refused (the tab polled meanwhile)
    renewed: int = 0  # streams that ended after their lifetime and were opened again
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


class LiveViewer(threading.Thread):
    """One tab on a live page: logs in, loads it, follows the version by stream or poll."""

    def __init__(self, number: int, crowd: Crowd, role: Role, start_at: float) -> None:
        super().__init__(name=f"viewer-{number}", daemon=True)
        self.number = number
        self.crowd = crowd
        self.role = role
        self.start_at = start_at
        self.rng = random.Random(number)
        self.ids = role.page.ids
        self.entry = find_callback(crowd.dependencies, f"{self.ids.content}.children")
        self.on_load = [find_callback(crowd.dependencies, output) for output in ON_LOAD]
        self.screen = Screen()
        self.shown: dict | None = None
        self.http = self.session(None)
        self.feed = None if role.polls else NewsFeed(self)
        self.path = "/_dash-update-component"
        self.reopen_at = math.inf

    # ------------------------------------------------------------ requests
    def session(self, cookies) -> requests.Session:
        """Return a session over the tab's link (a phone's, or the desk's), with these cookies."""
        link = PhoneSession(self.crowd.link) if self.role.phone else None
        http = browser_session(self.name, link)
        if cookies is not None:
            http.cookies = cookies  # the same browser: the same session cookie
        return http

    def kind(self, kind: str) -> str:
        return f"{PHONE} {kind}" if self.role.phone else kind

    def call(self, kind: str, method: str, path: str, **kwargs) -> requests.Response:
        return self.crowd.audience.recorder.call(
            self.http, self.kind(kind), method, path, where=self.role.page.path, **kwargs
        )

    def record(self, kind: str, started: float, error: str | None = None) -> None:
        """Keep a record of something timed here, not by the Recorder (a stream, a visit)."""
        recorder = self.crowd.audience.recorder
        took = time.monotonic() - started
        recorder.add(Record(started, self.kind(kind), took, error, self.role.page.path))
        if error is not None:
            recorder.note(f"{self.kind(kind)} {self.role.page.path}: {error}")

    # ------------------------------------------------------------ the tab
    def run(self) -> None:
        stop = self.crowd.audience.stop
        try:
            if stop.wait(max(0.0, self.start_at - time.monotonic())):
                return
            while True:  # a login or page that failed is tried again, as a person would
                try:
                    self.login()
                    self.load(everything=self.role.phone)
                    break
                except Failed:
                    if stop.wait(self.crowd.audience.interval):
                        return
            with self.crowd.joined.get_lock():
                self.crowd.joined.value += 1
            self.screen.joined_at = time.monotonic()
            self.reopen_at = self.next_reopen()
            if self.feed is not None:
                self.feed.start()
            with contextlib.suppress(Failed):
                self.follow()
        finally:
            if self.feed is not None:
                self.feed.close()
            self.http.close()

    def next_reopen(self) -> float:
        if not self.role.phone:
            return math.inf
        return time.monotonic() + self.crowd.reopen_s * self.rng.uniform(0.5, 1.5)

    def login(self) -> None:
        form = self.call(LOGIN, "GET", "/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        fields = {"username": self.role.username, "password": self.crowd.audience.password}
        fields["csrf"] = token.group(1) if token else ""
        self.call(LOGIN, "POST", "/login", data=fields, allow_redirects=False, expect=302)

    def load(self, *, everything: bool) -> None:
        """Open the page as a browser does; `everything`: scripts and styles too (a first visit)."""
        search = self.crowd.search
        page = self.call(PAGE, "GET", f"{self.role.page.path}{search}").text
        self.path = f"/_dash-update-component{end_id_query(dash_config(page))}"
        if everything:
            for address in [*STYLESHEET.findall(page), *SCRIPT.findall(page), PLOTLY]:
                self.call(PAGE, "GET", address.replace("&amp;", "&"))
        self.call(PAGE, "GET", "/_dash-layout")
        self.call(PAGE, "GET", "/_dash-dependencies")
        location = {}
        for component in ("shell-url", "_pages_location"):
            location[component, "pathname"] = self.role.page.path
            location[component, "search"] = search
        for entry in self.on_load:
            changed = [f"{i['id']}.{i['property']}" for i in entry["inputs"]]
            self.call(PAGE, "POST", self.path, json=callback_body(entry, location, changed))
        # The page's first refresh: no trigger yet and nothing shown, so the whole content.
        self.shown = None
        self.refresh(None, [f"{self.ids.url}.search"])

    def refresh(self, version: int | None, changed: list[str]) -> None:
        """Post the page's refresh callback; keep what the page shows afterwards."""
        values: dict[tuple[str, str], object] = {(self.ids.url, "search"): self.crowd.search}
        if version is not None:
            values[self.ids.trigger, "data"] = {"version": version, "at": time.time()}
        if self.shown is not None:
            values[self.ids.shown, "data"] = self.shown
        asked = time.monotonic()
        answer = self.call(
            CHANGED,
            "POST",
            self.path,
            json=callback_body(self.entry, values, changed),
            check=self.problem,
            classify=self.changed_or_not,
        )
        self.shown = shown_in(answer.content, self.ids.shown) or self.shown
        drawn = self.shown_version()
        if version is not None and drawn is not None:
            self.screen.updates.append((asked, time.monotonic(), drawn))

    def shown_version(self) -> int | None:
        version = self.shown.get("version") if isinstance(self.shown, dict) else None
        return version if isinstance(version, int) else None

    def problem(self, response: requests.Response) -> str | None:
        """Return what is wrong with a refresh answer: no badge, or the "stale" badge."""
        if f'"{self.ids.status}"'.encode() not in response.content:
            return "no badge in the answer"
        if b"kipp-updated-stale" in response.content:
            return "stale (the server could not read the database)"
        return None

    def changed_or_not(self, response: requests.Response) -> str:
        found = f'"{self.ids.content}"'.encode() in response.content
        return self.kind(CHANGED if found else UNCHANGED)

    def follow(self) -> None:
        """Refresh on news (a live stream) or on ticks that found a new version, until stopped.

        As kipp-live.js: news of a version calls the refresh once (a failed one waits for
        the next news or tick); a tick with a live stream asks nothing, and refreshes when
        what the stream said last is not what the page shows.
        """
        stop = self.crowd.audience.stop
        interval = self.crowd.audience.interval
        due = time.monotonic() + interval * self.rng.uniform(1 - JITTER, 1 + JITTER)
        asked: int | None = None  # the version the last news was for
        while not stop.is_set():
            if time.monotonic() >= self.reopen_at:
                self.reopen()
            until = min(due, self.reopen_at)
            if self.feed is not None and self.feed.live:
                news = self.feed.wait(asked, until - time.monotonic())
                if news is not None:
                    asked = news
                    if news != self.shown_version():
                        self.try_refresh(news)
            elif stop.wait(max(0.0, until - time.monotonic())):
                return
            if time.monotonic() < due:
                continue
            due += interval * self.rng.uniform(1 - JITTER, 1 + JITTER)
            due = max(due, time.monotonic())  # late: the next tick now, never a burst
            if self.feed is not None and self.feed.live:
                said = self.feed.version
                if said is not None and said != self.shown_version():
                    self.try_refresh(said)
            else:
                with contextlib.suppress(Failed):  # recorded; the page ticks again
                    self.tick()

    def try_refresh(self, version: int) -> None:
        with contextlib.suppress(Failed):  # recorded; the next news or tick tries again
            self.refresh(version, [f"{self.ids.trigger}.data"])

    def tick(self) -> None:
        answer = self.call(VERSION, "GET", f"{VERSION_PATH}?lang=id", check=version_problem)
        version = answer.json()["version"]
        if version != self.shown_version():
            self.refresh(version, [f"{self.ids.trigger}.data"])

    def reopen(self) -> None:
        """A phone opens its page anew: the stream closes, everything loads, the stream opens."""
        started = time.monotonic()
        if self.feed is not None:
            self.feed.pause()
        error = None
        try:
            self.load(everything=True)
        except Failed as exc:
            error = str(exc)
        self.record(VISIT, started, error)
        if self.feed is not None:
            self.feed.resume()
        self.reopen_at = self.next_reopen()


def shown_in(content: bytes, store: str) -> dict | None:
    """Return the data of the page's `shown` Store in a refresh answer, without parsing it all.

    A national page's answer is up to a megabyte of JSON; 200 tabs parsing it whole every
    second would take a core of the bench's own. The Store's data is a small object.
    """
    found = re.search(rb'"%s"\s*:\s*\{\s*"data"\s*:\s*' % re.escape(store.encode()), content)
    if found is None:
        return None
    text = content[found.end() : found.end() + SHOWN_BYTES].decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        data, _end = json.JSONDecoder().raw_decode(text)
        return data if isinstance(data, dict) else None
    return None
