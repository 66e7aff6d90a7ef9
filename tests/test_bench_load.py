"""The load bench (bench/load.py) run small: 8 viewers, a kiosk and a jury on SQLite for 3 s.

Viewers tick every 2 s (the least --interval) and the jury writes every second, so a 3 s
window still holds the viewer ticks, changed refreshes and kiosk polls asserted below. It
measures nothing; `make bench` does.
"""

from __future__ import annotations

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
