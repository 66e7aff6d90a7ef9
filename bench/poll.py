"""Poll cost: a live page's tick without news, against a bare Flask endpoint, side by side.

Usage: python -m bench.poll [--database-url URL] [--rounds 3] [--seconds 5]

Both run under the production command (gunicorn -c gunicorn.conf.py: the same workers,
threads and keep-alive), each on its own loopback port, loaded in turn by wrk with one
client thread and 16 keep-alive connections:

- bare Flask: bench/bare_flask.py, `GET /api/versi` returning a small JSON;
- the app's tick: what a signed-in page's timer sends when nothing changed, `GET
  /api/versi` with the viewer's session cookie (dashboard/poll.py);
- for the record, the Dash refresh callback the page used to post on every tick (the
  unchanged answer: the badge only).

Rounds alternate the three; the figure is the ratio of the medians of requests per second.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench.dash_payloads import callback_body, find_callback
from bench.harness import (
    VIEWER,
    Verdicts,
    add_accounts,
    cookie_header,
    login,
    median,
    say,
    serve,
    wrk,
)

TARGET = 0.80
CONNECTIONS = 16
CONTENT = "progress-content.children"


def _refresh_script(http, base: str, folder: Path) -> Path:
    """Write a wrk script posting the progress page's refresh as an unchanged tick."""
    dependencies = http.get(f"{base}/_dash-dependencies", timeout=30).json()
    entry = find_callback(dependencies, CONTENT)
    values: dict[tuple[str, str], object] = {("progress-url", "search"): ""}
    first = http.post(
        f"{base}/_dash-update-component",
        json=callback_body(entry, values, ["progress-url.search"]),
        timeout=120,
    )
    first.raise_for_status()
    values[("progress-shown", "data")] = first.json()["response"]["progress-shown"]["data"]
    trigger = [i["id"] for i in entry["inputs"] if i["id"].endswith("-trigger")]
    changed = [f"{trigger[0]}.data"] if trigger else ["progress-interval.n_intervals"]
    body = json.dumps(callback_body(entry, values, changed))
    script = folder / "refresh.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(body)}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        'wrk.headers["Sec-Fetch-Site"] = "same-origin"\n',
        encoding="utf-8",
    )
    return script


def run(
    database_url: str,
    verdicts: Verdicts,
    *,
    rounds: int = 3,
    seconds: float = 5,
    warm_up: bool = True,
) -> None:
    """Measure and add the poll-cost verdict.

    warm_up=False skips the unmeasured first run of each load: only for the smoke test
    (tests/test_bench_national.py), whose figures mean nothing anyway.
    """
    add_accounts(database_url)
    env = {"DATABASE_URL": database_url}
    say(f"poll cost: {rounds} rounds of {seconds:g} s each, wrk -t1 -c{CONNECTIONS}")
    with (
        serve(env, name="app") as app,
        serve({}, app="bench.bare_flask:app", name="bare") as bare,
        tempfile.TemporaryDirectory() as folder,
    ):
        http = login(app.base, VIEWER)
        cookie = f"Cookie: {cookie_header(http)}"
        check = http.get(f"{app.base}/api/versi", timeout=30)
        if check.status_code != 200 or "version" not in check.json():
            raise RuntimeError(f"the app's tick answered {check.status_code}: {check.text[:200]}")
        script = _refresh_script(http, app.base, Path(folder))
        runs = {
            "bare Flask /api/versi": lambda: wrk(
                f"{bare.base}/api/versi", seconds=seconds, connections=CONNECTIONS
            ),
            "app tick /api/versi": lambda: wrk(
                f"{app.base}/api/versi?lang=id",
                seconds=seconds,
                connections=CONNECTIONS,
                headers=[cookie],
            ),
            "app Dash refresh callback": lambda: wrk(
                f"{app.base}/_dash-update-component",
                seconds=seconds,
                connections=CONNECTIONS,
                headers=[cookie],
                script=script,
            ),
        }
        for run_once in runs.values() if warm_up else ():  # warm every worker, connection
            run_once()
        rates: dict[str, list[float]] = {name: [] for name in runs}
        bad = 0
        for _ in range(rounds):
            for name, run_once in runs.items():
                result = run_once()
                rates[name].append(result.rps)
                bad += result.bad
    base = median(rates["bare Flask /api/versi"])
    for name, values in rates.items():
        say(f"  {name:<28}{median(values):9.0f} req/s  {median(values) / base:5.2f}x bare Flask")
    ratio = median(rates["app tick /api/versi"]) / base
    verdicts.add(
        "poll cost (tick without news vs bare Flask)",
        f"{ratio:.0%} of bare Flask's requests per second, {bad} bad answers",
        f">= {TARGET:.0%}",
        ratio >= TARGET and bad == 0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    url = args.database_url
    if url is None:
        from bench.datasets import sqlite_dataset

        url = sqlite_dataset("1m")
    verdicts = Verdicts()
    run(url, verdicts, rounds=args.rounds, seconds=args.seconds)
    raise SystemExit(0 if verdicts.passed else 1)


if __name__ == "__main__":
    main()
