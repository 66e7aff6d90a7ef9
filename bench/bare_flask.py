"""The poll-cost baseline: a bare Flask endpoint returning a small JSON, nothing else.

Served by bench/poll.py with the production gunicorn command and settings
(`gunicorn -c gunicorn.conf.py bench.bare_flask:app`), side by side with the app.
"""

from __future__ import annotations

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/api/versi")
def version():
    """Answer as the app's light tick does, with a body of the same size."""
    return jsonify(version=123456, badge="Diperbarui pukul 10.05 WIB")


@app.get("/login")
def probe():
    """Answer the harness's "is it up?" probe."""
    return "ok"
