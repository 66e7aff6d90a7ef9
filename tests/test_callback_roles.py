"""Every Dash callback checks the viewer's role on the server, whatever the request claims.

The tests iterate `app.callback_map` (so a callback added tomorrow is covered without
touching this file), call `/_dash-update-component` as the browser does, and look for
the ranking's confidential figures in every answer a non-admin gets.
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

from app import PAGES, create_app
from dashboard import ids, shell
from dashboard.auth import ADMIN, EVERYONE, SECURED_KEY
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, DEMO_NAME, load_demo
from data_access.reports import load_edition_data, ranking
from data_access.settings import Settings
from tests.web import add_accounts, callback_body, client_as, update

ROLES = [None, "viewer", "bupati", "admin"]
NON_ADMIN = [None, "viewer", "bupati"]
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


def unsecured(app: Dash) -> list[str]:
    """Return the server callbacks registered without secure_callback."""
    registry = app.server.extensions.get(SECURED_KEY, {})
    return sorted(key for key in server_callbacks(app) if key not in registry)


def _ids_of(component) -> set[str]:
    found = {getattr(component, "id", None)}
    found |= {getattr(c, "id", None) for c in component._traverse()}
    return {i for i in found if isinstance(i, str)}


def expected_roles(app: Dash, entry: dict[str, Any]) -> frozenset[str]:
    """Return who may run a callback: the roles of every page whose layout it touches."""
    touched = {i["id"] for i in [*entry["inputs"], *entry["state"]]}
    outputs = entry["output"] if isinstance(entry["output"], list) else [entry["output"]]
    touched |= {o.component_id for o in outputs}
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

    def leaks(self, text: str) -> list[str]:
        """Return what confidential figures a response's text holds."""
        return [self.secrets[m] for m in self.pattern.findall(text)]


@pytest.fixture
def site(db_url, tmp_path) -> Iterator[Site]:
    """Serve the demo edition (SQLite and PostgreSQL) with a client logged in per role."""
    engine = make_engine(db_url)
    load_demo(engine)
    add_accounts(engine)
    secrets = confidential_figures(engine)
    engine.dispose()
    app = create_app(
        Settings(database_url=db_url, secret_key="test-roles", instance_dir=str(tmp_path))
    )
    clients = {role: client_as(app.server, role) for role in ROLES}
    # A figure must stand alone: not part of a longer number, not a percentage.
    alternatives = "|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\d.,])({alternatives})(?![\d%])")
    yield Site(app, clients, secrets, pattern)
    app.server.extensions[EXTENSION_KEY].dispose()


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


def browser_values(site: Site) -> dict[tuple[str, str], Any]:
    """Return the property values a browser on the demo would hold, as an admin sees it."""
    app = site.app
    values: dict[tuple[str, str], Any] = {}
    layout = json.loads(json.dumps(app.validation_layout, cls=_ComponentEncoder))
    _harvest(values, layout)
    for (component, prop), _value in list(values.items()):
        if prop == "interval":
            values[(component, "n_intervals")] = 1
        if component.endswith("-url") or component == ids.SHELL_URL:
            values[(component, "pathname")] = "/"
            values[(component, "search")] = ""
    # Two rounds: stores filled by the refresh callbacks feed the clock callbacks.
    for _round in range(2):
        for key, entry in server_callbacks(app).items():
            response = update(site.clients[ADMIN], callback_body(key, entry, values))
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
    callbacks = server_callbacks(app)
    assert len(callbacks) >= 7  # four live pages, two clocks, the navbar
    assert unsecured(app) == []
    registry = app.server.extensions[SECURED_KEY]
    for key, entry in callbacks.items():
        assert registry[key] == expected_roles(app, entry), key
    ranking_key = next(k for k in callbacks if f"{ids.RANKING_CONTENT}." in k)
    assert registry[ranking_key] == {ADMIN}


def test_a_callback_registered_without_the_wrapper_is_caught(sqlite_url, tmp_path):
    app = create_app(Settings(database_url=sqlite_url, instance_dir=str(tmp_path)))
    assert unsecured(app) == []
    app.callback(Output(ids.SHELL_EDITION_NAME, "title"), Input(ids.SHELL_URL, "hash"))(
        lambda fragment: fragment
    )
    assert unsecured(app) == [f"{ids.SHELL_EDITION_NAME}.title"]


def test_callbacks_answer_only_the_allowed_roles(site):
    app = site.app
    values = browser_values(site)
    assert site.leaks(f"Nilai akhir {next(iter(site.secrets))} (juara)")  # the detector works
    # A page just opened (it shows nothing yet) and a page ticking at the current version.
    fresh = {k: None if k[0].endswith("-shown") else v for k, v in values.items()}
    registry = app.server.extensions[SECURED_KEY]
    for key, entry in server_callbacks(app).items():
        for role, (moment, known) in itertools.product(ROLES, [("fresh", fresh), ("tick", values)]):
            response = update(site.clients[role], callback_body(key, entry, known))
            text = response.get_data(as_text=True)
            where = f"{key} as {role}, {moment} page"
            if role in registry[key]:
                assert response.status_code == 200, where
            else:
                assert response.status_code == 204, where
                assert text == "", where
            if role != ADMIN:
                assert site.leaks(text) == [], where
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


def forgeries(entry: dict[str, Any], values: dict) -> Iterator[tuple[str, list, list]]:
    """Yield (label, inputs, state) of requests that lie about the page, URL or stores."""
    inputs = [{**i, "value": values.get((i["id"], i["property"]))} for i in entry["inputs"]]
    state = [{**s, "value": values.get((s["id"], s["property"]))} for s in entry["state"]]

    def changed(items, index, **new):
        return [{**item, **new} if n == index else item for n, item in enumerate(items)]

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
    for key, entry in server_callbacks(app).items():
        for label, inputs, state in forgeries(entry, values):
            body = callback_body(key, entry, values, inputs=inputs, state=state)
            for role in NON_ADMIN:
                response = update(site.clients[role], body)
                text = response.get_data(as_text=True)
                where = f"{key} as {role}, {label}"
                count += 1
                if role in registry[key]:
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
        assert response.status_code == 204, role
        assert response.get_data() == b""
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
            for role in (None, "viewer"):
                response = update(site.clients[role], callback_body(key, entry, values))
                text = response.get_data(as_text=True)
                assert response.status_code == 200, (module.PATH, search)
                assert module.PAGE.content in text
                assert DEMO_NAME not in text and DEMO_CODE not in text.replace(search, "")
                assert site.leaks(text) == []
