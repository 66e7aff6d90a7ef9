"""The version pace (dashboard/pace.py): a worker keeps a version as long as its pages cost."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from dashboard import data
from dashboard.pace import STEPS, Pace, VersionMemo, turn
from dashboard.pages import participation
from dashboard.push import hub_of
from dashboard.services import EXTENSION_KEY
from dashboard.shared_cache import spent_seconds
from dashboard.stored_answers import STORE_KEY
from tests.test_poll import site  # noqa: F401 (a fixture)
from tests.test_stored_answers import _refresh
from tests.web import client_as


class Clock:
    """Seconds "spent computing", moved by the test."""

    def __init__(self) -> None:
        self.spent = 0.0

    def __call__(self) -> float:
        return self.spent


def test_the_period_is_the_floor_while_versions_are_cheap():
    spent = Clock()
    pace = Pace(spent)
    assert pace.period(1.0) == 1.0
    for _ in range(2):
        spent.spent += 0.4  # 0.4 s of computations while the version was shown
        pace.took_new()
    assert pace.cost() == pytest.approx(0.4)
    assert pace.period(1.0) == 1.0  # half of 1 s covers 0.4 s


@pytest.mark.parametrize(("cost", "period"), [(0.6, 2.0), (1.5, 4.0), (3.9, 8.0), (90.0, 8.0)])
def test_the_period_grows_in_steps_until_computations_take_half_of_it(cost, period):
    spent = Clock()
    pace = Pace(spent)
    for _ in range(2):
        spent.spent += cost
        pace.took_new()
    assert pace.period(1.0) == period
    assert period == STEPS[-1] or period * 0.5 >= cost


def test_one_costly_version_does_not_slow_the_news_two_in_a_row_do():
    spent = Clock()
    pace = Pace(spent)
    spent.spent = 5.0  # the first pages after a start (imports, cold caches)
    pace.took_new()
    assert pace.period(1.0) == 1.0
    spent.spent += 0.1  # a cheap version: still the floor
    pace.took_new()
    assert pace.period(1.0) == 1.0
    spent.spent += 3.0
    pace.took_new()
    assert pace.period(1.0) == 1.0  # one costly version alone
    spent.spent += 1.2
    pace.took_new()
    assert pace.cost() == pytest.approx(1.2)
    assert pace.period(1.0) == 4.0  # two in a row: the cheaper of them sets the pace
    spent.spent += 0.2
    pace.took_new()
    assert pace.period(1.0) == 1.0  # and one cheap version brings it back


def test_no_floor_means_no_pace():
    spent = Clock()
    pace = Pace(spent)
    spent.spent = 100.0
    assert pace.period(0) == 0.0
    memo = VersionMemo(0, pace)
    reads = []
    for _ in range(3):
        memo.get(lambda: reads.append(1) or (1, 0))
    assert len(reads) == 3  # VERSION_CACHE_MS=0: every caller reads


def test_the_memo_keeps_a_version_for_the_period():
    spent = Clock()
    memo = VersionMemo(0.05, Pace(spent))
    versions = iter(range(1, 100))

    def read():
        return (next(versions), 0)

    assert memo.get(read) == (1, 0)
    time.sleep(0.07)
    assert memo.get(read) == (2, 0)  # cheap versions: read again after the floor
    spent.spent += 0.15  # version 2's pages cost 0.15 s
    time.sleep(0.07)
    assert memo.get(read) == (3, 0)
    spent.spent += 0.15  # ...and version 3's: kept 0.4 s (8 x 0.05, half of it 0.2)
    time.sleep(0.07)
    assert memo.get(read) == (4, 0)
    assert memo.period() == pytest.approx(0.4)
    time.sleep(0.07)
    assert memo.get(read) == (4, 0)
    time.sleep(0.4)
    assert memo.get(read) == (5, 0)


def test_only_a_new_version_closes_the_last_ones_account():
    spent = Clock()
    pace = Pace(spent)
    memo = VersionMemo(1.0, pace)
    memo.put((4, 0))
    spent.spent = 1.2
    memo.put((5, 0))  # version 4's account: 1.2 s
    spent.spent = 2.4
    memo.put((5, 0))  # the watcher read the same version again
    memo.put((5, 3))  # ...or the ceremonies moved, not the data
    assert pace.cost() == pytest.approx(0.0)  # (1.2 s, and nothing before version 4)
    memo.put((6, 3))
    assert pace.cost() == pytest.approx(1.2)  # version 5's account: 1.2 s
    assert memo.period() == 4.0


def test_turns_are_cut_from_the_wall_clock():
    assert turn(float("-inf"), 2.0) == float("-inf")
    assert turn(10.0, 2.0) == turn(11.99, 2.0) == 5
    assert turn(12.0, 2.0) == 6
    memo = VersionMemo(10.0, Pace(Clock()))  # one turn every 10 s, at multiples of 10
    if memo.next_turn_in() < 1.0:  # not across a turn's start
        time.sleep(memo.next_turn_in() + 0.01)
    assert 0 < memo.next_turn_in() <= 10.0
    now = time.time()
    assert memo.next_turn_in() == pytest.approx(10.0 - now % 10.0, abs=0.05)
    assert not memo.may_take_new(now)  # published in this turn: the next waits
    assert memo.may_take_new(now - 10.0)  # published in the last turn: at once
    assert memo.may_take_new(float("-inf"))
    second = VersionMemo(1.0, Pace(Clock()))  # turns of 1 s
    time.sleep(1.0 - time.time() % 1.0 + 0.01)  # just after a turn's start
    turn_start = time.time() // 1.0
    assert second.may_take_new(turn_start - 0.6)  # last turn, 0.6 s ago: at once
    assert not second.may_take_new(turn_start - 0.05)  # last turn, but not half a period ago


def test_catching_up_takes_the_heard_version_not_the_newest():
    memo = VersionMemo(60.0, Pace(Clock()))
    memo.put((5, 1))
    reads = []

    def database():
        reads.append(1)
        return (9, 2)  # the database has moved on since the other worker published 7

    memo.catch_up(7, database, min_age_s=0)
    assert memo.fresh() == (7, 2)  # the other worker's version: both draw version 7
    memo.catch_up(6, database, min_age_s=0)
    assert memo.fresh() == (7, 2) and len(reads) == 1  # nothing newer heard: no read
    memo.catch_up(50, database, min_age_s=60)
    assert memo.fresh() == (7, 2) and len(reads) == 1  # at most one read per min_age_s
    memo.catch_up(50, database, min_age_s=0)
    assert memo.fresh() == (9, 2)  # a number the database does not hold: what it holds


def test_a_page_is_drawn_once_per_period_however_fast_the_versions_come(app):
    """The app's own memo follows the pace: with each version costing (as measured here,
    times 200, as on a machine that slow) more than half of VERSION_CACHE_MS, a page asked
    for after every one of 60 new versions is drawn a handful of times, not 60."""
    memo = app.extensions[data.WATCH_MEMO_KEY]
    assert isinstance(memo, VersionMemo)
    memo.max_age_s = 0.1
    memo.pace = Pace(lambda: 200 * spent_seconds())  # every computation as if 200x slower
    path = app.extensions[EXTENSION_KEY].settings.database_url.removeprefix("sqlite:///")
    viewer = client_as(app, "viewer")
    store = app.extensions[STORE_KEY]
    started = time.monotonic()
    with sqlite3.connect(path) as db:
        for _ in range(60):
            db.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")
            db.commit()
            assert _refresh(viewer, app, participation.PAGE).status_code == 200
            time.sleep(0.02)
    elapsed = time.monotonic() - started
    drawn = store.computed[participation.PAGE.content]
    assert memo.period() == pytest.approx(0.8)  # the longest step: 8 x 0.1 s
    # The first two versions at the floor (0.1 s), then one per 0.8 s at most, give or take
    # one shorter turn where a version's measured cost came out cheap (a loaded machine
    # drew 5 in 1.47 s once): a handful, where no pace would draw all 60.
    assert 2 <= drawn <= 4 + elapsed / 0.8, (drawn, elapsed)


def test_two_workers_news_watchers_publish_the_same_versions_in_turns(site):  # noqa: F811
    """Two workers' watchers (two apps on one database, each with a stream open) under a
    jury saving every 60 ms: each publishes once per turn (0.5 s), at the turn's start, so
    both publish the same versions, which a shared cache computes once."""
    make, url = site
    apps = [make(version_cache_ms=500) for _ in range(2)]
    hubs = [hub_of(app) for app in apps]
    heard: list[list[int]] = [[], []]
    done = threading.Event()

    def listen(index: int) -> None:
        hub, seen = hubs[index], -1
        while not done.is_set():
            seen, news = hub.wait(seen, 0.2)
            if news is not None and (not heard[index] or heard[index][-1] != news.version):
                heard[index].append(news.version)

    for hub in hubs:
        assert hub.enter()  # a stream opens: the watcher starts (the second 0.12 s later)
        time.sleep(0.12)
    listeners = [threading.Thread(target=listen, args=(i,)) for i in range(2)]
    for listener in listeners:
        listener.start()
    try:
        path = url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:
            deadline = time.monotonic() + 4.0
            while time.monotonic() < deadline:
                db.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")
                db.commit()
                time.sleep(0.06)
    finally:
        done.set()
        for listener in listeners:
            listener.join(5)
        for hub in hubs:
            hub.leave()
    first, second = (set(versions[1:]) for versions in heard)  # after the opening one
    # One version per turn at most (4 s of 0.5 s turns, and the turn under way at each end).
    assert 6 <= len(first) <= 10 and 6 <= len(second) <= 10, heard
    # The same versions, but for a save landing between the two reads at a turn's start.
    assert len(first & second) >= 0.7 * max(len(first), len(second)), heard


def test_a_version_caught_up_to_adds_its_cost_to_the_workers_own_turn():
    """With Redis, a version another worker published is often cheap here (its figures are
    read, not computed): were it to close an account, the cheaper of the last two would
    hide what the worker's own versions cost, and it would take one every second."""
    spent = Clock()
    pace = Pace(spent)
    memo = VersionMemo(1.0, pace)
    memo.put((5, 0))
    spent.spent = 1.5
    memo.catch_up(7, lambda: (9, 0), min_age_s=0)
    assert memo.fresh() == (7, 0)
    spent.spent = 1.6  # version 7 was cheap here
    memo.put((9, 0))  # the worker's own next version: 5 and 7 together cost 1.6 s
    spent.spent = 3.2
    memo.put((10, 0))  # 9 cost 1.6 s
    assert pace.cost() == pytest.approx(1.6)  # not 0.1 s, what 7 alone cost
    assert memo.period() == 4.0
