"""Helpers for tests through Flask's test client: accounts, logging in, calling Dash callbacks."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from werkzeug.test import TestResponse

from dashboard import ids
from data_access.db import make_engine, transaction
from data_access.kiosks import create_token, kiosk_url
from data_access.models import JUROR_ROLE as JURI
from data_access.models import Juror
from data_access.users import add_user

PASSWORD = "rahasia-kipp-2022"
# One account per role, named after it. The juri account is juror JURI_JUROR of the
# database's first edition (added only where there is one).
ACCOUNTS = {"panitia": "admin", "tamu": "viewer", "bupati": "bupati", "juri-j01": "juri"}
ROLE_USER = {role: name for name, role in ACCOUNTS.items()}
JURI_JUROR = "J01"


def add_accounts(engine: Engine) -> None:
    """Add one account per role (ACCOUNTS), all with PASSWORD."""
    with transaction(engine) as session:
        juror = session.execute(
            select(Juror.id).where(Juror.code == JURI_JUROR).order_by(Juror.id).limit(1)
        ).scalar_one_or_none()
        for name, role in ACCOUNTS.items():
            if role == JURI and juror is None:
                continue
            add_user(session, name, PASSWORD, role, juror_id=juror if role == JURI else None)


def accounts_and_screen(url: str) -> str:
    """Add ACCOUNTS and the screen "TV Pendopo" to a database; return the screen's path."""
    engine = make_engine(url)
    try:
        add_accounts(engine)
        with transaction(engine) as session:
            return kiosk_url(create_token(session, "TV Pendopo"))
    finally:
        engine.dispose()


def copy_database(template: Path, folder: Path) -> str:
    """Copy a SQLite template into folder as kipp.sqlite3; return the copy's URL."""
    path = folder / "kipp.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def settle(url: str) -> None:
    """Write a SQLite file's log into the file itself, so that a copy of the file holds all."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def demo_with_accounts(template: Path, folder: Path) -> tuple[str, str]:
    """Copy the demo database into folder, add ACCOUNTS and a screen; return (URL, kiosk path)."""
    url = copy_database(template, folder)
    return url, accounts_and_screen(url)


@contextmanager
def committee_site(database_url: str, instance_dir: Path, secret_key: str) -> Iterator:
    """Yield (app, engine) on a database with one account per role (ACCOUNTS), then close."""
    from app import create_app
    from dashboard.services import EXTENSION_KEY
    from data_access.settings import Settings

    engine = make_engine(database_url)
    add_accounts(engine)
    app = create_app(
        Settings(database_url=database_url, secret_key=secret_key, instance_dir=str(instance_dir))
    )
    try:
        yield app, engine
    finally:
        app.extensions[EXTENSION_KEY].dispose()
        engine.dispose()


def csrf_from(page: str) -> str:
    """Return the CSRF token of a rendered form."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def http_login(url: str, username: str) -> requests.Session:
    """Log an account in to a served app over HTTP (its login form, CSRF and all)."""
    browser = requests.Session()
    token = csrf_from(browser.get(f"{url}/login", timeout=10).text)
    form = {"username": username, "password": PASSWORD, "csrf": token}
    response = browser.post(f"{url}/login", data=form, allow_redirects=False, timeout=10)
    assert response.status_code == 302
    return browser


def login(
    client: FlaskClient, username: str, password: str = PASSWORD, next_path: str | None = None
) -> TestResponse:
    """Log in through the form as a browser does (GET the form, POST it with its token; the
    form may first send the browser to it in the language it chose before)."""
    token = csrf_from(client.get("/login", follow_redirects=True).get_data(as_text=True))
    form = {"username": username, "password": password, "csrf": token}
    if next_path is not None:
        form["next"] = next_path
    return client.post("/login", data=form)


def unpaced_app(database_url: str, instance_dir: Path):
    """The app reading the data version at every request (no memo, no pace): a change is
    seen by the next request, as the tests of a page's content after a write need."""
    from app import create_app
    from data_access.settings import Settings

    return create_app(
        Settings(
            database_url=database_url,
            secret_key="test-unpaced",
            instance_dir=str(instance_dir),
            version_cache_ms=0,
        )
    )


def client_as(server, role: str | None) -> FlaskClient:
    """Return a test client logged in with the role's account (anonymous for None)."""
    client = server.test_client()
    if role is None:
        client.get("/login")  # a first request, as a browser would make, without logging in
    else:
        assert login(client, ROLE_USER[role]).status_code == 302
    return client


def _outputs(entry: Mapping[str, Any]) -> list[dict[str, str]] | dict[str, str]:
    output = entry["output"]
    if isinstance(output, list | tuple):
        return [{"id": o.component_id, "property": o.component_property} for o in output]
    return {"id": output.component_id, "property": output.component_property}


def callback_body(
    key: str,
    entry: Mapping[str, Any],
    values: Mapping[tuple[str, str], Any],
    *,
    inputs: list[dict[str, Any]] | None = None,
    state: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return the JSON the Dash renderer posts for a callback_map entry and property values."""
    if inputs is None:
        inputs = [{**i, "value": values.get((i["id"], i["property"]))} for i in entry["inputs"]]
    if state is None:
        state = [{**s, "value": values.get((s["id"], s["property"]))} for s in entry["state"]]
    return {
        "output": key,
        "outputs": _outputs(entry),
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else [],
    }


# The progress page's refresh callback: one every role may run.
PROGRESS_TRIGGER = f"{ids.PROGRESS_INTERVAL}-trigger"  # live_page.LiveIds.trigger
PROGRESS_KEY = (
    f"..{ids.PROGRESS_CONTENT}.children...{ids.PROGRESS_STATUS}.children..."
    f"{ids.PROGRESS_SHOWN}.data.."
)


def progress_tick(shown: Any, *, n: int = 1, search: str = "") -> dict[str, Any]:
    """Return the body the renderer posts for the progress page's refresh tick."""
    return {
        "output": PROGRESS_KEY,
        "outputs": [
            {"id": ids.PROGRESS_CONTENT, "property": "children"},
            {"id": ids.PROGRESS_STATUS, "property": "children"},
            {"id": ids.PROGRESS_SHOWN, "property": "data"},
        ],
        "inputs": [
            {"id": PROGRESS_TRIGGER, "property": "data", "value": {"version": n, "at": n}},
            {"id": ids.PROGRESS_WAKE, "property": "data", "value": None},
            {"id": ids.PROGRESS_URL, "property": "search", "value": search},
        ],
        "state": [{"id": ids.PROGRESS_SHOWN, "property": "data", "value": shown}],
        "changedPropIds": [f"{PROGRESS_TRIGGER}.data"],
    }


def update(client: FlaskClient, body: Mapping[str, Any]) -> TestResponse:
    """POST one callback request to /_dash-update-component."""
    return client.post("/_dash-update-component", json=body)


def texts(tree: Any) -> str:
    """Return the words a reader sees in a component (or its JSON), whitespace collapsed."""
    if hasattr(tree, "to_plotly_json"):
        tree = json.loads(json.dumps(tree, default=lambda o: o.to_plotly_json()))
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict) and "namespace" in node and "props" in node:
            walk(node["props"].get("children"))  # a component: only what it shows
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(tree)
    return " ".join(" ".join(found).split())


def prop_in(tree: Any, component_id: str, prop: str) -> Any:
    """Return a property of the component with this id in a response's JSON, None if absent.

    None is also what the browser sends for an optional State whose component is absent.
    """
    if isinstance(tree, list):
        for item in tree:
            found = prop_in(item, component_id, prop)
            if found is not None:
                return found
    elif isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and props.get("id") == component_id:
            return props.get(prop)
        for value in tree.values():
            found = prop_in(value, component_id, prop)
            if found is not None:
                return found
    return None
