"""Every Dash callback checks the viewer's role on the server, whatever the request claims.

The tests iterate the `callback_map` of every Dash app on the server (the dashboard and
the ceremony screen, `server.extensions["kipp_dash_apps"]`), so a callback or an app
added tomorrow is covered without touching this file. They call each app's
`_dash-update-component` as the browser does, also as a ceremony screen signed in with
its display token (role "kiosk"), and look for the ranking's confidential figures in
every answer a non-admin gets.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from dash import Dash, Input, Output
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import DASH_APPS_KEY, PAGES, create_app, dash_apps
from dashboard import ids, shell
from dashboard.auth import (
    ADMIN,
    EVERYONE,
    JURI,
    KIOSK,
    KIOSK_AUDIENCE,
    KIOSK_PATH,
    SECURED_KEY,
)
from dashboard.kiosk.page import KioskDash
from dashboard.kiosk.page import layout as kiosk_layout
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, DEMO_NAME
from data_access.kiosks import create_token, kiosk_url
from data_access.reports import load_edition_data, ranking
from data_access.settings import Settings
from tests.web import add_accounts, callback_body, client_as, update

# None is anonymous; KIOSK is a ceremony screen that opened /kiosk?token=...; JURI a
# juror's account, which runs no callback at all: refused unread like no session.
ROLES = [None, "viewer", "bupati", "admin", KIOSK, JURI]
NON_ADMIN = [None, "viewer", "bupati", KIOSK, JURI]
UNREAD = (None, JURI)
# Dash's own pages router fills this container with a page's layout.
PAGES_CONTENT = "_pages_content"


# ---------------------------------------------------------------- which callbacks
def server_callbacks(app: Dash) -> dict[str, dict[str, Any]]:
    """Return every callback the server runs for a request, by callback_map key."""
    found = {}
    for key, entry in app.callback_map.items():
        # A clientside callback runs in the browser: the server holds no function for it
        # (a POST naming it fails before anything runs) and it can read no data.
        if "callback" not in entry:
            continue
        # Dash's pages router only sends a page's layout, and layouts carry no data at all
        # (test_pages_router_sends_no_data checks that as an anonymous visitor).
        if f"{PAGES_CONTENT}." in key:
            continue
        found[key] = entry
    return found


def every_dash_app(app: Dash) -> list[Dash]:
    """Return every Dash app on the app's server (the dashboard first)."""
    apps = app.server.extensions[DASH_APPS_KEY]
    assert apps[0] is app and isinstance(apps.kiosk, KioskDash)
    return list(apps)


def all_server_callbacks(app: Dash) -> Iterator[tuple[Dash, str, dict[str, Any]]]:
    """Yield (Dash app, key, entry) of every server callback of every app on the server."""
    for each in every_dash_app(app):
        for key, entry in server_callbacks(each).items():
            yield each, key, entry


def update_in(app: Dash, client: FlaskClient, body: dict[str, Any]) -> TestResponse:
    """POST one callback request to the app's own _dash-update-component (/kiosk/... too)."""
    if app.config.requests_pathname_prefix == "/":
        return update(client, body)
    return client.post(f"{app.config.requests_pathname_prefix}_dash-update-component", json=body)


def unsecured(app: Dash) -> list[str]:
    """Return the server callbacks registered without secure_callback."""
    registry = app.server.extensions.get(SECURED_KEY, {})
    return sorted(key for key in server_callbacks(app) if key not in registry)


def _ids_of(component) -> set[str]:
    found = {getattr(component, "id", None)}
    found |= {getattr(c, "id", None) for c in component._traverse()}
    return {i for i in found if isinstance(i, str)}


def _touched(entry: dict[str, Any]) -> set[str]:
    touched = {i["id"] for i in [*entry["inputs"], *entry["state"]]}
    outputs = entry["output"] if isinstance(entry["output"], list) else [entry["output"]]
    return touched | {o.component_id for o in outputs}


def expected_roles(app: Dash, entry: dict[str, Any]) -> frozenset[str]:
    """Return who may run a callback: the roles of every page whose layout it touches."""
    touched = _touched(entry)
    if isinstance(app, KioskDash):
        # The ceremony screen's one page: for every account and for display tokens.
        with app.server.test_request_context(KIOSK_PATH):
            kiosk_ids = _ids_of(kiosk_layout())
        assert touched <= kiosk_ids, f"the kiosk layout does not hold {sorted(touched)}"
        return frozenset(KIOSK_AUDIENCE)
    # Any other app is one this test does not know yet: say which pages it has here.
    assert app is app.server.extensions[DASH_APPS_KEY][0], app.config.url_base_pathname
    roles = set(EVERYONE)
    owners = 0
    with app.server.test_request_context("/"):
        for module, _name, page_roles in PAGES:
            if touched & _ids_of(module.layout()):
                roles &= page_roles
                owners += 1
        shell_ids = _ids_of(shell.layout([]))
    assert owners or touched & shell_ids, f"no page or frame holds {sorted(touched)}"
    return frozenset(roles)


# ---------------------------------------------------------------- the confidential figures
def _two_decimals(value: Decimal) -> set[str]:
    text = f"{value.quantize(Decimal('0.01'))}"
    return {text, text.replace(".", ",")}


def confidential_figures(engine) -> dict[str, str]:
    """Return the ranking's secrets as text (both decimal marks) -> what the text is."""
    with transaction(engine) as session:
        data = load_edition_data(session, DEMO_CODE)
    result = ranking(data)
    secrets: dict[str, str] = {}
    finalists = [row for row in result.rows if row.finalist]
    assert len(finalists) == 6
    for row in finalists:
        for label in ("final_score", "proposal_score", "presentation_score"):
            value = getattr(row, label)
            if value is not None:
                for text in _two_decimals(value):
                    secrets[text] = f"{label} of {row.code}"
    names = {j.id: j.name for j in data.jurors}
    top = {row.innovation_id: row.code for row in finalists[:3]}
    for sheet in result.sheets:
        if sheet.complete and sheet.score_centi is not None and sheet.innovation_id in top:
            for text in _two_decimals(Decimal(sheet.score_centi) / 100):
                secrets[text] = (
                    f"{names[sheet.juror_id]}'s {sheet.stage} score of {top[sheet.innovation_id]}"
                )
    return secrets


@dataclass
class Site:
    """The app on the demo edition, its clients per role, and the figures only admins see."""

    app: Dash
    clients: dict[str | None, Any]
    secrets: dict[str, str]
    pattern: re.Pattern[str]

    @property
    def apps(self) -> list[Dash]:
        """Return every Dash app on the server (the dashboard, then the kiosk)."""
        return every_dash_app(self.app)

    def leaks(self, text: str) -> list[str]:
        """Return what confidential figures a response's text holds."""
        return [self.secrets[m] for m in self.pattern.findall(text)]


@pytest.fixture
def site(demo_url, tmp_path) -> Iterator[Site]:
    """Serve the demo edition (SQLite: roles are not SQL) with a client logged in per role."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    with transaction(engine) as session:
        screen_path = kiosk_url(create_token(session, "TV Pendopo"))
    secrets = confidential_figures(engine)
    engine.dispose()
    server = create_app(
        Settings(database_url=demo_url, secret_key="test-roles", instance_dir=str(tmp_path))
    )
    clients = {role: client_as(server, role) for role in ROLES if role != KIOSK}
    # A ceremony screen: a fresh browser that opened its display token's address.
    clients[KIOSK] = server.test_client()
    assert clients[KIOSK].get(screen_path).status_code == 200
    # A figure must stand alone: not part of a longer number, not a percentage.
    alternatives = "|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\d.,])({alternatives})(?![\d%])")
    yield Site(dash_apps(server).dashboard, clients, secrets, pattern)
    server.extensions[EXTENSION_KEY].dispose()


# ---------------------------------------------------------------- what a browser would send
def _harvest(values: dict, tree: Any) -> None:
    """Record the props of every component in a layout or response tree."""
    if isinstance(tree, list):
        for item in tree:
            _harvest(values, item)
    elif isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and isinstance(props.get("id"), str):
            for name, value in props.items():
                values[(props["id"], name)] = value
        for value in tree.values():
            _harvest(values, value)


# What kiosk.js puts in the kiosk's signal store when the state poll saw a new version.
KIOSK_SIGNAL = {"v": "1-1", "search": "", "n": 1}


def browser_values(site: Site) -> dict[tuple[str, str], Any]:
    """Return the property values a browser on the demo would hold, as an admin sees it."""
    app = site.app
    values: dict[tuple[str, str], Any] = {}
    layout = json.loads(json.dumps(app.validation_layout, cls=_ComponentEncoder))
    _harvest(values, layout)
    for other in site.apps[1:]:
        with app.server.test_request_context(other.config.url_base_pathname):
            tree = other.layout() if callable(other.layout) else other.layout
            _harvest(values, json.loads(json.dumps(tree, cls=_ComponentEncoder)))
    values[(ids.KIOSK_SIGNAL, "data")] = KIOSK_SIGNAL
    for (component, prop), _value in list(values.items()):
        if prop == "interval":
            values[(component, "n_intervals")] = 1
        if component.endswith("-url") or component == ids.SHELL_URL:
            values[(component, "pathname")] = "/"
            values[(component, "search")] = ""
    # Two rounds: stores filled by the refresh callbacks feed the clock callbacks.
    for _round in range(2):
        for each, key, entry in all_server_callbacks(app):
            response = update_in(each, site.clients[ADMIN], callback_body(key, entry, values))
            if response.status_code == 200:
                for component, props in response.get_json()["response"].items():
                    for name, value in props.items():
                        values[(component, name)] = value
                    _harvest(values, props)
    return values


class _ComponentEncoder(json.JSONEncoder):
    """Encode Dash components the way Dash sends them to the browser."""

    def default(self, o):
        return o.to_plotly_json() if hasattr(o, "to_plotly_json") else super().default(o)


# ---------------------------------------------------------------- the tests
def test_every_server_callback_is_secured_for_its_pages_roles(site):
    app = site.app
    assert len(site.apps) >= 2 and site.apps[1] is dash_apps(app.server).kiosk
    callbacks = server_callbacks(app)
    assert len(callbacks) >= 7  # four live pages, two clocks, the navbar
    registry = app.server.extensions[SECURED_KEY]
    keys: list[str] = []
    for each in site.apps:
        assert unsecured(each) == [], each.config.url_base_pathname
        for key, entry in server_callbacks(each).items():
            assert registry[key] == expected_roles(each, entry), key
            assert KIOSK not in registry[key] or isinstance(each, KioskDash), key
            keys.append(key)
    # One registry for the whole server, keyed by output: two apps must not share a key.
    assert len(keys) == len(set(keys))
    ranking_key = next(k for k in callbacks if f"{ids.RANKING_CONTENT}." in k)
    assert registry[ranking_key] == {ADMIN}
    kiosk_callbacks = server_callbacks(dash_apps(app.server).kiosk)
    assert list(kiosk_callbacks) == [f"{ids.KIOSK_FRAME}.children"]
    assert registry[f"{ids.KIOSK_FRAME}.children"] == KIOSK_AUDIENCE


def test_a_callback_registered_without_the_wrapper_is_caught(sqlite_url, tmp_path):
    server = create_app(Settings(database_url=sqlite_url, instance_dir=str(tmp_path)))
    app, kiosk_app = dash_apps(server)
    assert unsecured(app) == []
    app.callback(Output(ids.SHELL_EDITION_NAME, "title"), Input(ids.SHELL_URL, "hash"))(
        lambda fragment: fragment
    )
    assert unsecured(app) == [f"{ids.SHELL_EDITION_NAME}.title"]
    # In the kiosk app too.
    assert unsecured(kiosk_app) == []
    kiosk_app.callback(Output(ids.KIOSK_FRAME, "title"), Input(ids.KIOSK_SIGNAL, "data"))(
        lambda signal: str(signal)
    )
    assert unsecured(kiosk_app) == [f"{ids.KIOSK_FRAME}.title"]
    server.extensions[EXTENSION_KEY].dispose()


def test_callbacks_answer_only_the_allowed_roles(site):
    app = site.app
    values = browser_values(site)
    assert site.leaks(f"Nilai akhir {next(iter(site.secrets))} (juara)")  # the detector works
    # A page just opened (it shows nothing yet) and a page ticking at the current version.
    fresh = {k: None if k[0].endswith("-shown") else v for k, v in values.items()}
    registry = app.server.extensions[SECURED_KEY]
    answered: dict[tuple[str, str | None], int] = {}
    for each, key, entry in all_server_callbacks(app):
        for role, (moment, known) in itertools.product(ROLES, [("fresh", fresh), ("tick", values)]):
            response = update_in(each, site.clients[role], callback_body(key, entry, known))
            text = response.get_data(as_text=True)
            where = f"{key} as {role}, {moment} page"
            answered[(key, role)] = response.status_code
            if role in UNREAD:
                # No session, or a juror's: refused before the body is read (limits.py).
                assert response.status_code == 401, where
                assert response.get_json()["error"] == "no_session", where
            elif role in registry[key]:
                assert response.status_code == 200, where
            else:
                assert response.status_code == 204, where
                assert text == "", where
            if role != ADMIN:
                assert site.leaks(text) == [], where
    # A ceremony screen gets nothing from the dashboard, only its own frame; anonymous neither.
    frame_key = f"{ids.KIOSK_FRAME}.children"
    for key in server_callbacks(app):
        assert answered[(key, KIOSK)] == 204, key
    assert {role: answered[(frame_key, role)] for role in ROLES} == {
        None: 401,
        "viewer": 200,
        "bupati": 200,
        "admin": 200,
        KIOSK: 200,
        JURI: 401,
    }
    # The frame the screen got is the slide rotation of the demo edition.
    body = callback_body(frame_key, dash_apps(app.server).kiosk.callback_map[frame_key], values)
    response = update_in(dash_apps(app.server).kiosk, site.clients[KIOSK], body)
    assert "kiosk-slide-progress" in response.get_data(as_text=True)
    # The committee gets the ranking page's content.
    ranking_key = next(k for k in server_callbacks(app) if f"{ids.RANKING_CONTENT}." in k)
    entry = app.callback_map[ranking_key]
    response = update(site.clients[ADMIN], callback_body(ranking_key, entry, fresh))
    content = response.get_json()["response"][ids.RANKING_CONTENT]["children"]
    assert DEMO_NAME in json.dumps(content, ensure_ascii=False)


FORGED_SEARCH = [
    f"?edition={DEMO_CODE}&role=admin",
    "?role=admin&uid=1&admin=1&lang=en",
    f"?edition={DEMO_CODE}&lang=id&refresh=1",
]
FORGED_PATH = ["/", "/login", "/peringkat"]
FORGED_SHOWN = [{"version": -1}, {"version": -1, "search": ""}, "admin", None]
# Signals a page could put in the kiosk's store instead of kiosk.js's.
FORGED_SIGNAL = [
    *({"v": "-1", "search": search, "n": 1} for search in FORGED_SEARCH),
    {"v": "-1", "search": "?slides=ranking:5,finalists:5&step=all&reveal=1", "n": 2},
    {"v": "-1", "search": f"?edition={DEMO_CODE}&edition=../..&lang=xx", "n": 3},
    {"v": "-1", "search": {"edition": DEMO_CODE}, "n": 4},
    {"search": None},
    "admin",
    ["?edition=" + DEMO_CODE],
    None,
]


EXTRA_INPUTS = [
    {"id": ids.PROGRESS_URL, "property": "pathname", "value": "/"},
    {"id": ids.SHELL_URL, "property": "search", "value": f"?edition={DEMO_CODE}&role=admin"},
    {"id": "role", "property": "data", "value": "admin"},
]


def forgeries(entry: dict[str, Any], values: dict) -> Iterator[tuple[str, list, list]]:
    """Yield (label, inputs, state) of requests that lie about the page, URL or stores."""
    inputs = [{**i, "value": values.get((i["id"], i["property"]))} for i in entry["inputs"]]
    state = [{**s, "value": values.get((s["id"], s["property"]))} for s in entry["state"]]

    def changed(items, index, **new):
        return [{**item, **new} if n == index else item for n, item in enumerate(items)]

    # Extra inputs the callback never declared, claiming a public page or the committee.
    for extra in EXTRA_INPUTS:
        yield f"extra input {extra['id']}.{extra['property']}", [*inputs, extra], state
        yield f"extra state {extra['id']}.{extra['property']}", inputs, [*state, extra]
    for part_name, items in (("input", inputs), ("state", state)):
        for n, item in enumerate(items):
            if item["property"] == "search":
                for search in FORGED_SEARCH:
                    forged = changed(items, n, value=search)
                    yield (
                        f"{part_name} {item['id']} search={search}",
                        forged if part_name == "input" else inputs,
                        forged if part_name == "state" else state,
                    )
            if item["id"].endswith("-url"):
                for path in FORGED_PATH:
                    # The Location relabelled: its pathname, and the public page's Location.
                    for new_id in {item["id"], ids.PROGRESS_URL, ids.SHELL_URL}:
                        forged = changed(items, n, id=new_id, property="pathname", value=path)
                        yield (
                            f"{part_name} {item['id']} as {new_id}.pathname={path}",
                            forged if part_name == "input" else inputs,
                            forged if part_name == "state" else state,
                        )
            if item["id"] == ids.KIOSK_SIGNAL:
                for signal in FORGED_SIGNAL:
                    forged = changed(items, n, value=signal)
                    yield (
                        f"{part_name} {item['id']}={signal}",
                        forged if part_name == "input" else inputs,
                        forged if part_name == "state" else state,
                    )
            if item["id"].endswith("-shown"):
                for shown in FORGED_SHOWN:
                    forged = changed(items, n, value=shown)
                    yield (
                        f"{part_name} {item['id']}={shown}",
                        forged if part_name == "input" else inputs,
                        forged if part_name == "state" else state,
                    )


def test_forged_requests_get_nothing_more(site):
    app = site.app
    values = browser_values(site)
    registry = app.server.extensions[SECURED_KEY]
    count = 0
    for each, key, entry in all_server_callbacks(app):
        for label, inputs, state in forgeries(entry, values):
            body = callback_body(key, entry, values, inputs=inputs, state=state)
            for role in NON_ADMIN:
                response = update_in(each, site.clients[role], body)
                text = response.get_data(as_text=True)
                where = f"{key} as {role}, {label}"
                count += 1
                if role in UNREAD:
                    assert response.status_code == 401, where  # no session: body unread
                elif label.startswith("extra"):
                    # Dash itself refuses a request that does not match the definition,
                    # before any guard or callback runs: an error without a traceback.
                    assert response.status_code in (400, 500), where
                    assert "Traceback" not in text, where
                elif role in registry[key]:
                    assert response.status_code in (200, 204), where
                else:
                    assert response.status_code == 204, where
                    assert text == "", where
                assert site.leaks(text) == [], where
    assert count > 100


def test_ranking_callback_with_ids_relabelled_to_a_public_page(site):
    """Calling the ranking's callback under the progress page's ids gets nothing."""
    app = site.app
    key = next(k for k in server_callbacks(app) if f"{ids.RANKING_CONTENT}." in k)
    body = callback_body(key, app.callback_map[key], {})
    public = json.loads(json.dumps(body).replace("ranking-", "progress-"))
    # Inputs and state relabelled: the guard answers before the callback runs.
    forged = {**body, "inputs": public["inputs"], "state": public["state"]}
    # Outputs relabelled too: Dash itself refuses a request not matching the definition.
    everything = {**public, "output": key}
    for role in NON_ADMIN:
        response = update(site.clients[role], forged)
        assert response.status_code == (401 if role in UNREAD else 204), role
        assert DEMO_NAME not in response.get_data(as_text=True)
        refused = update(site.clients[role], everything)
        assert refused.status_code not in (200, 204), role
        assert DEMO_NAME not in refused.get_data(as_text=True)


def test_pages_router_sends_no_data(site):
    """The pages router is not secured: it must send layouts only, never edition data."""
    app = site.app
    key = next(k for k in app.callback_map if f"{PAGES_CONTENT}." in k)
    entry = app.callback_map[key]
    for module, _name, _roles in PAGES:
        for search in ["", *FORGED_SEARCH]:
            values = {(i["id"], "pathname"): module.PATH for i in entry["inputs"]}
            values |= {(i["id"], "search"): search for i in entry["inputs"]}
            for role in (None, "viewer", KIOSK, JURI):
                response = update(site.clients[role], callback_body(key, entry, values))
                text = response.get_data(as_text=True)
                if role in UNREAD:  # no session or a juror's: refused before the body is read
                    assert response.status_code == 401, (module.PATH, search)
                    continue
                assert response.status_code == 200, (module.PATH, search)
                assert module.PAGE.content in text
                assert DEMO_NAME not in text and DEMO_CODE not in text.replace(search, "")
                assert site.leaks(text) == []
