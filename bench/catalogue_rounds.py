"""The catalogue bench's rounds (bench/catalogue.py runs them): the pages it asks for, the
writer that changes the data meanwhile, the check that the app and the page by hand list
the same innovations, the cold first requests after a change and wrk's interleaved rounds.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.harness import Verdicts, median, say, wrk

APP, BY_HAND, BARE = "app", "by hand", "bare Flask"
LATENCY_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("KIPP-LATENCY p50=%d p95=%d p99=%d max=%d n=%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, summary.requests))
end
"""
FOUND = re.compile(r"KIPP-LATENCY p50=(\d+) p95=(\d+) p99=(\d+) max=(\d+) n=(\d+)")
LINK = re.compile(r'href="/katalog/([\w.-]+/[\w.-]+?)(?:\.pdf|\.jpg)?(?:[?#][^"]*)?"')


@dataclass(frozen=True)
class Page:
    """One catalogue page the bench asks for."""

    label: str
    path: str


@dataclass
class Figures:
    """One contender's rounds on one page: p50 and p95 in ms, answers, bad answers."""

    p50: list[float] = field(default_factory=list)
    p95: list[float] = field(default_factory=list)
    answers: int = 0
    bad: int = 0

    def add(self, output: str, bad: int) -> None:
        found = FOUND.search(output)
        if found is None:
            raise RuntimeError(f"wrk printed no latency:\n{output}")
        p50, p95, _p99, _max, count = (int(v) for v in found.groups())
        if count == 0:  # nothing answered within the round: no latency to take, a bad round
            p50 = p95 = 10**9
            bad += 1
        self.p50.append(p50 / 1000)
        self.p95.append(p95 / 1000)
        self.answers += count
        self.bad += bad

    def text(self) -> str:
        if not self.p95:
            return "-"
        return (
            f"p95 {median(self.p95):6.1f} ms ({min(self.p95):.1f}–{max(self.p95):.1f}), "
            f"p50 {median(self.p50):5.1f} ms, {self.answers:,} answers, {self.bad} bad"
        )


# ---------------------------------------------------------------- changes
class Writer:
    """Changes what the catalogue depends on: a score of the edition in judging, or a switch.

    Alternates: a score of the unpublished edition moves by a hundredth (the data version
    moves, as a juror's save moves it), then the oldest published edition's finalists are
    shown or hidden (a publication switch: the entries change). `kinds` "scores" or
    "switches" makes one kind only (to tell what each costs).
    """

    def __init__(self, database_url: str, judging: str, switched: str, kinds: str = "both") -> None:
        from data_access.db import make_engine

        self.engine = make_engine(database_url, pool_size=1)
        self.judging, self.switched, self.kinds = judging, switched, kinds
        self.count = 0
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def change(self) -> None:
        """Make one change, committed when this returns."""
        from sqlalchemy import text

        from data_access import catalogue
        from data_access.db import transaction

        self.count += 1
        score = {"scores": True, "switches": False}.get(self.kinds, self.count % 2 == 1)
        with transaction(self.engine) as session:
            if score:
                session.execute(
                    text(
                        "UPDATE scores SET score_centi = score_centi + :d WHERE id = ("
                        " SELECT s.id FROM scores s JOIN innovations i ON i.id = s.innovation_id"
                        " JOIN editions e ON e.id = i.edition_id WHERE e.code = :code"
                        " ORDER BY s.id LIMIT 1)"
                    ),
                    {"d": 1 if self.count % 4 == 1 else -1, "code": self.judging},
                )
            else:
                shown = catalogue.publication(session, self.switched)
                catalogue.publish(
                    session,
                    self.switched,
                    by="bench-katalog",
                    show_finalists=not (shown and shown.show_finalists),
                )

    def _loop(self, every: float) -> None:
        while not self.stop.wait(every):
            self.change()

    @contextlib.contextmanager
    def running(self, every: float) -> Iterator[None]:
        """Change the data every `every` seconds meanwhile."""
        self.stop.clear()
        self.thread = threading.Thread(target=self._loop, args=(every,), daemon=True)
        self.thread.start()
        try:
            yield
        finally:
            self.stop.set()
            self.thread.join(timeout=30)

    def close(self) -> None:
        self.engine.dispose()


# ---------------------------------------------------------------- checks and timing
def innovation_links(html: str) -> list[str]:
    """Return the innovations a page links, in order of first link (not units, not files)."""
    seen: dict[str, None] = {}
    for found in LINK.findall(html):
        if not found.startswith(("opd/", "foto/", "dokumen/")):
            seen.setdefault(found, None)
    return list(seen)


def check_pages(bases: dict[str, str], pages: list[Page], verdicts: Verdicts) -> bool:
    """Check every page answers 200 on the app and by hand, listing the same innovations.

    A redirect is not served: wrk would time the 3xx, not the page.
    """
    served, differ = [], []
    for page in pages:
        answers = {
            name: requests.get(bases[name] + page.path, timeout=60, allow_redirects=False)
            for name in bases
        }
        app, hand = answers[APP], answers[BY_HAND]
        if app.status_code != 200 or hand.status_code != 200:
            served.append(f"{page.path}: app {app.status_code}, by hand {hand.status_code}")
            continue
        mine, theirs = innovation_links(app.text), innovation_links(hand.text)
        size = f"{len(app.content) / 1000:.1f} KB vs {len(hand.content) / 1000:.1f} KB by hand"
        if mine == theirs:
            say(f"  {page.label:18} {page.path}: {len(mine)} innovations, the same; {size}")
        else:
            differ.append(page.path)
            say(
                f"  {page.label:18} {page.path}: app lists {len(mine)} innovations "
                f"({mine[:3]}…), by hand {len(theirs)} ({theirs[:3]}…); {size}"
            )
    verdicts.add(
        "catalogue pages served",
        "every page 200 on the app and by hand" if not served else "; ".join(served),
        "all 200",
        not served,
    )
    verdicts.add(
        "catalogue baseline",
        "lists the same innovations as the app on every page"
        if not differ
        else f"differs on {', '.join(differ)}",
        "the same answer",
        not differ,
    )
    return not served


def cold(
    base: str, hand: str, pages: list[Page], writer: Writer, rounds: int, settle_s: float
) -> dict[str, tuple[list[float], list[float]]]:
    """Time each page's first request after a change (app, then by hand), `rounds` times.

    The app reads the catalogue's version on every request, so the first one after a
    switch loads the changed edition's part and renders the page anew (an ETag cannot
    tell: it is the digest of the bytes, unchanged when the change did not touch this
    page's text); after a score of the edition in judging the version does not move
    (migration 0022), and the request is a warm one: half of these rounds, with `both`.
    """
    out: dict[str, tuple[list[float], list[float]]] = {}
    http = requests.Session()
    for page in pages:
        app_ms, hand_ms = [], []
        for _ in range(rounds):
            http.get(base + page.path, timeout=60)
            writer.change()
            time.sleep(settle_s)
            started = time.perf_counter()
            http.get(base + page.path, timeout=60)
            app_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            http.get(hand + page.path, timeout=60)
            hand_ms.append((time.perf_counter() - started) * 1000)
        out[page.label] = (app_ms, hand_ms)
    return out


def timed_rounds(
    bases: dict[str, str],
    pages: list[Page],
    *,
    rounds: int,
    seconds: float,
    connections: int,
    script: Path,
    label: str,
) -> dict[tuple[str, str], Figures]:
    """Run wrk on every page of every contender, interleaved; per round the order turns."""
    figures: dict[tuple[str, str], Figures] = {}
    for number in range(rounds):
        order = [(page, name) for page in pages for name in (APP, BY_HAND)]
        order.append((Page("list", "/katalog"), BARE))
        shift = number % len(order)
        for page, name in order[shift:] + order[:shift]:
            if number % 2:
                name = {APP: BY_HAND, BY_HAND: APP}.get(name, name)  # who goes first turns too
            run = wrk(
                bases[name] + page.path,
                seconds=seconds,
                connections=connections,
                script=script,
            )
            figures.setdefault((page.label, name), Figures()).add(run.output, run.bad)
        say(f"  {label}: round {number + 1}/{rounds} done")
    return figures
