"""The load bench (bench/load.py) run small: 8 viewers, a kiosk and a jury on SQLite for 3 s.

Viewers tick every 2 s (the least --interval) and the jury writes every second, so a 3 s
window still holds the viewer ticks, changed refreshes and kiosk polls asserted below. It
measures nothing; `make bench` does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.dash_payloads import callback_body, find_callback, outputs_of
from bench.load_report import Verdicts, percentiles
from bench.load_requests import Record

ROOT = Path(__file__).resolve().parent.parent


def test_a_short_run_on_sqlite_prints_its_figures_and_verdicts():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load",
            "--sqlite",
            "--viewers=8",
            "--minutes=0.05",
            "--interval=2",
            "--ramp=1",
            "--accounts=2",
            "--jury-every=1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=150,
    )
    out = done.stdout
    lines = out.strip().splitlines()
    assert len(lines) > 3 and lines[-3].startswith("VERDICT zero errors"), out + done.stderr
    # Nothing may fail with 8 viewers; how fast it answers depends on what else this
    # machine runs, so the latency verdict may go either way, but it must be there.
    assert lines[-3].startswith("VERDICT zero errors: PASS (0 errors in "), out
    assert re.fullmatch(
        r"VERDICT p95 < 1 s: (PASS|FAIL) \(viewer ticks, tick version \d+\.\d{3} s, "
        r".*tick changed \d+\.\d{3} s\)",
        lines[-2],
    ), out
    assert re.fullmatch(r"VERDICT connections within pool: PASS \(max [1-9]\d* of 30\)", lines[-1])
    assert done.returncode == (0 if all(": PASS (" in line for line in lines[-3:]) else 1)
    # The viewers ticked, the jury's writes reached them as full refreshes, the kiosk polled.
    assert re.search(r"viewer ticks [1-9][\d,]* of [\d,]+ due \([1-9][\d,]* version p95", out), out
    assert re.search(r"viewer ticks \(GET /api/versi\): [1-9][\d,]* answered", out), out
    assert re.search(r"viewer callbacks, changed: [1-9][\d,]* answered", out), out
    assert re.search(r"kiosk state: [1-9][\d,]* answered", out), out
    assert re.search(r"jury: [1-9]\d* sheets completed", out), out


def test_payloads_are_built_as_dash_s_renderer_sends_them():
    deps = [
        {
            "output": "..a.children...b.data..",
            "inputs": [{"id": "i", "property": "n_intervals"}, {"id": "u", "property": "search"}],
            "state": [{"id": "b", "property": "data"}],
        },
        {"output": "k.children", "inputs": [{"id": "s", "property": "data"}], "state": []},
    ]
    entry = find_callback(deps, "b.data")
    body = callback_body(entry, {("u", "search"): "?refresh=5"}, ["u.search"])
    assert body["outputs"] == [
        {"id": "a", "property": "children"},
        {"id": "b", "property": "data"},
    ]
    # Without a value (undefined in the browser) a property carries no "value" key at all.
    assert body["inputs"] == [
        {"id": "i", "property": "n_intervals"},
        {"id": "u", "property": "search", "value": "?refresh=5"},
    ]
    assert body["state"] == [{"id": "b", "property": "data"}]
    assert body["changedPropIds"] == body["parsedChangedPropsIds"] == ["u.search"]
    single = callback_body(find_callback(deps, "k.children"), {("s", "data"): 1}, ["s.data"])
    assert single["outputs"] == outputs_of("k.children") == {"id": "k", "property": "children"}
    assert "state" not in single
    with pytest.raises(LookupError):
        find_callback(deps, "a.data")


def test_percentiles_and_verdicts():
    assert percentiles([]) == (0, 0, 0, 0)
    assert percentiles([0.2]) == (0.2, 0.2, 0.2, 0.2)
    p50, p95, p99, top = percentiles([i / 100 for i in range(1, 101)])
    assert (p50, top) == (pytest.approx(0.505), 1.0) and 0.94 < p95 < 0.96 < p99 < 1.0
    good = Verdicts(
        errors=0, requests=10, p95={"changed": 0.3}, limit_s=2.5, connections=4, pool_limit=20
    )
    assert good.passed and all(": PASS (" in line for line in good.lines())
    assert not Verdicts(0, 10, {"unchanged": 0.1, "changed": 2.6}, 2.5, 4, 20).fast
    assert not Verdicts(0, 10, {}, 2.5, 4, 20).fast  # no answered tick proves nothing
    assert not Verdicts(1, 10, {"changed": 0.1}, 2.5, 4, 20).passed
    over = Verdicts(0, 10, {"changed": 0.1}, 2.5, 21, 20)
    assert over.lines()[-1] == "VERDICT connections within pool: FAIL (max 21 of 20)"
    assert Record(0.0, "login", 0.1).error is None


# ---------------------------------------------------------------- the national run (--national)
NATIONAL_VERDICTS = (
    r"screens' state poll \(GET /kiosk/api/state\), p95",
    "screens' state poll, p95 of the slowest round",
    r"errors \(failed requests, server and proxy logs, restarts\)",
    r"tabs' refresh callback, p95 \(desk tabs\)",
    r"pollers' tick \(GET /api/versi\), p95",
    "save answered, p95",
    "save → every streaming tab's screen, median / p95",
    "save → every polling tab's screen, p95",
    "PostgreSQL connections of the server, max",
)


def nginx_or_skip() -> None:
    from deploy.serve import ServeError, find_nginx

    try:
        find_nginx(dict(os.environ))
    except ServeError:
        pytest.skip("nginx not installed (apt-get install nginx, or make system-deps)")


@pytest.mark.postgres
def test_a_tiny_national_run_through_the_proxy_prints_both_paces_and_its_verdicts(pg_server_url):
    """Three tabs (one on each live page: a poller, a phone, a stream), two screens, a juror."""
    nginx_or_skip()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load",
            "--national",
            f"--postgres-url={pg_server_url}",
            "--innovations=12",
            "--viewers=3",
            "--pollers=1",
            "--phones=1",
            "--kiosks=2",
            "--jurors=1",
            "--save-every=0.3",
            "--minutes=0.07",
            "--round=2",
            "--ramp=0",
            "--interval=2",
            "--phone-kbit=4000",
        ],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": "1", "GUNICORN_GRACEFUL_TIMEOUT": "1"},
        capture_output=True,
        text=True,
        timeout=150,
    )
    out = done.stdout
    assert "server: make serve: nginx -> gunicorn" in out, out + done.stderr
    assert re.search(
        r"^metric +phones on 3G +phones at full speed +ratio +target +verdict$", out, re.M
    ), out + done.stderr
    for name in NATIONAL_VERDICTS:
        assert re.search(rf"^VERDICT load, {name}: .+ -> (PASS|MISS)$", out, re.M), (name, out)
    # How fast depends on what else this machine runs; nothing may fail.
    assert re.search(r"^VERDICT load, errors .* -> PASS$", out, re.M), out + done.stderr
    assert out.rstrip().endswith(("ALL TARGETS MET", "SOME TARGETS MISSED")), out
    assert done.returncode == (0 if out.rstrip().endswith("ALL TARGETS MET") else 1)
    # Both paces were played; the screens polled in each; the juror's saves were answered.
    assert re.search(r"^round +1 phones at full speed: screens' state [1-9]", out, re.M), out
    assert re.search(r"^round +2 phones on 3G +: screens' state [1-9]", out, re.M), out
    saves = re.search(r"whole run: [\d,]+ requests, 0 failed .*; ([\d,]+) saves", out)
    assert saves and int(saves.group(1).replace(",", "")) > 0, out


def test_tabs_spread_over_every_live_page_pollers_and_phones_apart():
    from bench.load_live import LIVE_PAGES, roles

    found = roles(200, 20, 40, ["penonton-01", "penonton-02"], ["panitia-01"])
    assert len(found) == 200
    assert sum(r.polls for r in found) == 20 and sum(r.phone for r in found) == 40
    assert not any(r.polls and r.phone for r in found)
    for page in LIVE_PAGES:
        mine = [r for r in found if r.page == page]
        assert 60 <= len(mine) <= 70 and any(r.phone for r in mine) and any(r.polls for r in mine)
        # The ranking is the committee's; the other pages are the viewers'.
        assert {r.username for r in mine} == (
            {"panitia-01"} if page.committee else {"penonton-01", "penonton-02"}
        )


def test_rounds_alternate_abba_so_a_drift_favours_neither_pace():
    from bench.load_national import phases
    from bench.load_national_report import FAST, SLOW

    assert phases(6) == [FAST, SLOW, SLOW, FAST, FAST, SLOW]
    assert phases(8).count(SLOW) == phases(8).count(FAST) == 4


def test_the_shown_store_is_read_from_a_refresh_answer_without_parsing_it_all():
    from bench.load_live import shown_in

    answer = (
        b'{"multi":true,"response":{"progress-content":{"children":[1,2,3]},'
        b'"progress-status":{"children":"x"},'
        b'"progress-shown":{"data":{"version":42,"search":"?refresh=10"}}}}'
    )
    assert shown_in(answer, "progress-shown") == {"version": 42, "search": "?refresh=10"}
    assert shown_in(answer, "ranking-shown") is None  # another page's store
    badge_only = b'{"multi":true,"response":{"progress-status":{"children":"x"}}}'
    assert shown_in(badge_only, "progress-shown") is None  # nothing new shown


def test_the_screens_verdicts_catch_the_phones_and_a_server_too_busy_for_anyone():
    from bench.load_national_report import FAST, SLOW, screens_in_time, screens_row

    calm = {SLOW: [0.05, 0.06], FAST: [0.05, 0.05]}
    assert screens_row(calm).ok and screens_in_time(calm).ok
    delayed = {SLOW: [0.30, 0.40], FAST: [0.05, 0.06]}  # the phones hold the screens up
    assert not screens_row(delayed).ok and screens_in_time(delayed).ok
    # A server that answers nobody in time passes the comparison; the second verdict fails.
    drowned = {SLOW: [25.0, 27.0], FAST: [24.0, 27.0]}
    assert screens_row(drowned).ok and not screens_in_time(drowned).ok
    assert not screens_row({SLOW: [0.05], FAST: []}).ok  # no comparison, no pass


def test_a_phone_on_3g_reads_the_whole_answer_through_its_small_window():
    """A phone's session gets the same (compressed) answer at 3G as at full speed."""
    import gzip
    import socket
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from bench.load_phone import WINDOW_BYTES, PhoneLink, PhoneSession

    body = bytes(range(256)) * 1024  # 256 KB, about as much compressed: many pieces
    packed = gzip.compress(body, 1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # the connection is kept, as a browser's is

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(packed)))
            self.end_headers()
            self.wfile.write(packed)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    slow = threading.Event()
    # Fast enough for a test; the pace itself is the bench's to measure, not a test's.
    http = PhoneSession(PhoneLink(slow, kbit=400_000, rtt_s=0.0))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        slow.set()
        answer = http.get(url, timeout=30)
        assert answer.content == body and answer.raw.tell() == len(packed)
        slow.clear()
        assert http.get(url, timeout=30).content == body
        # The connection the pool keeps has a phone's receive window (Linux doubles it).
        pools = http.adapters["http://"].poolmanager.pools
        [key] = pools.keys()
        sock = pools[key].pool.queue[-1].sock
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) <= 2 * WINDOW_BYTES
    finally:
        http.close()
        server.shutdown()
        server.server_close()
