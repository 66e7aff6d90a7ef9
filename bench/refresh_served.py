"""The refresh bench's served baseline: each page's hand-written numbers, given over HTTP.

A page's refresh is an answer to a request: the browser posts it, the server checks the
session, computes, encodes and compresses what the page shows, and sends it. The in-process
baseline (bench/refresh_baselines.py run by the bench itself) computes the numbers and
gives them to nobody. This one gives them the fastest honest way a hand-written server
would, on the same command and settings as the app (`gunicorn -c gunicorn.conf.py
'bench.refresh_served:served_numbers()'`, 2 workers x 4 threads):

- `POST /numbers/<page>?edition=CODE` (progress, participation, ranking);
- the session checked as the app checks a live answer's viewer
  (bench.poll_baselines.session_checked_flask: the signed cookie, the worker's memo of
  the live sessions read at most once a second); no session: 401;
- the page's numbers from its hand-written SQL (the raw driver, one connection per
  thread kept open, autocommit), nothing cached;
- what the page shows of them as compact JSON (the ranking's shown rows, not all 4,500;
  the other pages show all their numbers), compressed as the app compresses a live answer
  (brotli at dashboard.stored_answers.BROTLI_QUALITY when the client accepts it).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import Any

import brotli
from flask import Flask, Response, abort, request

from bench import refresh_baseline_progress, refresh_baseline_ranking, refresh_baselines
from bench.poll_baselines import session_checked_flask
from bench.refresh_numbers import RankingNumbers

# Each page's hand-written numbers (bench/refresh_baselines.py and its two page modules).
BASELINES = {
    "progress": refresh_baseline_progress.progress,
    "participation": refresh_baselines.participation,
    "ranking": refresh_baseline_ranking.ranking,
}


def shown(page: str, numbers: Any) -> dict[str, Any]:
    """Return what the page shows of its numbers, ready for JSON (string keys)."""
    if isinstance(numbers, RankingNumbers):
        picked = set(numbers.shown)
        return {
            "rows": [row for row in numbers.rows if row[0] in picked],
            "candidates": numbers.candidates,
            "awards_decided": numbers.awards_decided,
            "shown": numbers.shown,
            "texts": numbers.texts,
            "spreads": {f"{stage}:{i}": value for (stage, i), value in numbers.spreads.items()},
            "severity": numbers.severity,
            "jurors": numbers.jurors,
        }
    return {f.name: getattr(numbers, f.name) for f in fields(numbers)}


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def served_numbers() -> Flask:
    """Return the served baseline (DATABASE_URL and SECRET_KEY from the environment)."""
    from dashboard.stored_answers import BROTLI_QUALITY
    from data_access.settings import Settings

    url = Settings.from_env().database_url
    app, live = session_checked_flask()
    local = threading.local()

    def raw() -> refresh_baselines.Raw:
        found = getattr(local, "raw", None)
        if found is None:
            if url.startswith("sqlite:///"):
                conn: Any = sqlite3.connect(
                    url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False
                )
            else:
                import psycopg

                from bench.postgres import libpq

                conn = psycopg.connect(libpq(url), autocommit=True)
            found = local.raw = refresh_baselines.Raw(conn, url.startswith("sqlite:///"))
        return found

    @app.post("/numbers/<page>")
    def numbers(page: str) -> Response:
        if page not in BASELINES:
            abort(404)
        if not live():
            return Response(b"{}", status=401, mimetype="application/json")
        found = BASELINES[page](raw(), request.args.get("edition", ""))
        body = json.dumps(shown(page, found), default=_plain, separators=(",", ":")).encode()
        answer = Response(body, mimetype="application/json")
        if request.accept_encodings.best_match(("br",)) == "br":
            answer.set_data(brotli.compress(body, quality=BROTLI_QUALITY))
            answer.headers["Content-Encoding"] = "br"
        answer.headers["Cache-Control"] = "no-store"
        return answer

    return app
