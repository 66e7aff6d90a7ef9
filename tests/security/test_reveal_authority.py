"""Only the committee moves the reveal: no other request, whatever it sends, changes it.

The ceremony row (step, revision, approval, snapshot, settings), the scores, the jury's
seri decisions and the data version are read before and after a barrage of requests
from every role that is not the committee: the control page's own action, settings and
seri callbacks with every button "pressed" and the current revision, the same bodies
against the kiosk's endpoint, every POST route, and GETs carrying action-like
parameters. Then the committee sends the very same bodies once, to prove they would have
worked. SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from app import create_app, dash_apps
from dashboard import ids
from dashboard.auth import ADMIN, KIOSK
from dashboard.services import EXTENSION_KEY
from data_access.ceremony import approve, get_state
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.kiosks import create_token, kiosk_url
from data_access.models import Ceremony, CeremonyApproval, DataVersion, Score, SeriDecision
from data_access.settings import Settings
from tests.web import add_accounts, client_as, update

NON_ADMIN = [None, "viewer", "bupati", KIOSK]
BUTTONS = [
    (ids.CONTROL_NEXT, "n_clicks"),
    (ids.CONTROL_BACK, "n_clicks"),
    (ids.CONTROL_RESET_CONFIRM, "n_clicks"),
    (ids.CONTROL_APPROVE_CONFIRM, "n_clicks"),
    (ids.CONTROL_REAPPROVE_CONFIRM, "n_clicks"),
    (ids.CONTROL_CANCEL_APPROVAL_CONFIRM, "n_clicks"),
    (ids.CONTROL_SIMULATE_CONFIRM, "n_clicks"),
    (ids.CONTROL_SAVE, "n_clicks"),
    # The seri decision's writes (tests/test_control_seri.py presses them on a real seri).
    (ids.CONTROL_SERI_SAVE, "n_clicks"),
    (ids.CONTROL_SERI_DIALOG_OK, "n_clicks"),
    (ids.CONTROL_SERI_UP, "n_clicks"),
]
SEARCHES = [f"?edition={DEMO_CODE}", f"?edition={DEMO_CODE}&role=admin&lang=en", ""]
# GETs a hopeful visitor might try on every path that exists.
ACTION_QUERIES = ["?action=next", "?step=all", "?approve=1", "?reveal=all&token=x", "?next=1"]


@dataclass
class Stage:
    app: Dash
    engine: Engine
    clients: dict[str | None, FlaskClient]

    def fingerprint(self) -> tuple[Any, ...]:
        """Return everything a reveal or approval could change."""
        with transaction(self.engine) as session:
            rows = session.execute(
                select(
                    Ceremony.step,
                    Ceremony.revision,
                    Ceremony.settings,
                    Ceremony.approved_at,
                    Ceremony.approved_by,
                    Ceremony.snapshot_hash,
                    Ceremony.locked_at,
                )
            ).all()
            scores = session.execute(select(func.count()).select_from(Score)).scalar_one()
            version = session.execute(select(DataVersion.version)).scalar_one()
            recorded = session.execute(
                select(func.count()).select_from(CeremonyApproval)
            ).scalar_one()
            decided = session.execute(select(func.count()).select_from(SeriDecision)).scalar_one()
        return tuple(map(tuple, rows)), scores, version, recorded, decided


@pytest.fixture
def stage(decided_db_url, tmp_path) -> Iterator[Stage]:
    """The demo with judging finished (awards decided), accounts and one ceremony screen."""
    db_url = decided_db_url
    engine = make_engine(db_url)
    add_accounts(engine)
    with transaction(engine) as session:
        get_state(session, DEMO_CODE)  # the ceremony row exists before the barrage
        token = create_token(session, "TV Pendopo")
    server = create_app(
        Settings(database_url=db_url, secret_key="test-reveal", instance_dir=str(tmp_path))
    )
    clients = {role: client_as(server, role) for role in (None, "viewer", "bupati", ADMIN)}
    clients[KIOSK] = server.test_client()
    assert clients[KIOSK].get(kiosk_url(token)).status_code == 200
    yield Stage(dash_apps(server).dashboard, engine, clients)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


def _revision(stage: Stage) -> int:
    with transaction(stage.engine) as session:
        return get_state(session, DEMO_CODE).revision


def control_bodies(app: Dash, revision: int) -> Iterator[dict[str, Any]]:
    """Yield the bodies a control page sends when a button is pressed, with forged extras."""
    for key, entry in app.callback_map.items():
        names = {i["id"] for i in entry["inputs"]}
        if not names & {button for button, _prop in BUTTONS}:
            continue
        for pressed, prop in BUTTONS:
            if pressed not in names:
                continue
            for search in SEARCHES:
                inputs = [
                    {**i, "value": 1 if i["id"] == pressed else None} for i in entry["inputs"]
                ]
                state = []
                for s in entry["state"]:
                    value: Any = None
                    if s["id"] == ids.CONTROL_REVISION:
                        value = {"edition": DEMO_CODE, "revision": revision}
                    elif s["property"] == "search":
                        value = search
                    elif s["id"] == ids.CONTROL_SLIDES:
                        value = "progress:5,ranking:5"
                    state.append({**s, "value": value})
                outputs = entry["output"]
                outputs = [
                    {"id": o.component_id, "property": o.component_property}
                    for o in (outputs if isinstance(outputs, list) else [outputs])
                ]
                body = {
                    "output": key,
                    "outputs": outputs if len(outputs) > 1 else outputs[0],
                    "inputs": inputs,
                    "state": state,
                    "changedPropIds": [f"{pressed}.{prop}"],
                }
                yield body
                # Extra, made-up inputs claiming to come from a public page.
                extra = {"id": "progress-url", "property": "pathname", "value": "/"}
                yield {**body, "inputs": [*inputs, extra]}


def _barrage(stage: Stage, role: str | None, revision: int) -> int:
    client = stage.clients[role]
    sent = 0
    for body in control_bodies(stage.app, revision):
        for url in ("/_dash-update-component", "/kiosk/_dash-update-component"):
            response = client.post(url, json=body)
            sent += 1
            # Anonymous: refused before the body is read (dashboard/limits.py).
            allowed = (401,) if role is None else (204, 400, 403, 404, 500)
            assert response.status_code in allowed, (role, body["output"])
            if response.status_code == 204:
                assert response.get_data() == b""
    for rule in stage.app.server.url_map.iter_rules():
        if "<" in rule.rule:
            continue
        if "POST" in rule.methods:
            response = client.post(rule.rule, data={"action": "next", "step": "all"})
            assert response.status_code != 200 or rule.rule == "/login", rule.rule
            sent += 1
        if "GET" in rule.methods:
            for query in ACTION_QUERIES:
                client.get(rule.rule + query).close()
                sent += 1
    return sent


@pytest.mark.parametrize("approved", [False, True], ids=["before-approval", "approved"])
def test_no_request_but_the_committees_moves_or_approves_the_reveal(stage, approved):
    if approved:
        with transaction(stage.engine) as session:
            approve(session, DEMO_CODE, by="panitia")
    before = stage.fingerprint()
    revision = _revision(stage)
    sent = sum(_barrage(stage, role, revision) for role in NON_ADMIN)
    assert sent > 100
    assert stage.fingerprint() == before
    # The same bodies from the committee do move it (so the barrage was not harmless junk):
    # approved, "next" opens the reveal (the splash: no winner yet, so the approval can still
    # be cancelled) and cancelling takes the approval away; before, approving works.
    pressed = ["next", "cancel"] if approved else ["approve"]
    buttons = {
        "next": ids.CONTROL_NEXT,
        "cancel": ids.CONTROL_CANCEL_APPROVAL_CONFIRM,
        "approve": ids.CONTROL_APPROVE_CONFIRM,
    }
    for name in pressed:
        revision = _revision(stage)
        body = next(
            b
            for b in control_bodies(stage.app, revision)
            if b["changedPropIds"][0].startswith(f"{buttons[name]}.")
            and len(b["inputs"]) == len(stage.app.callback_map[b["output"]]["inputs"])
        )
        assert update(stage.clients[ADMIN], body).status_code == 200
        with transaction(stage.engine) as session:
            state = get_state(session, DEMO_CODE)
        assert state.revision == revision + 1, name
    assert stage.fingerprint() != before
    if approved:
        assert state.snapshot is None and state.locked_at is None
    else:
        assert state.snapshot is not None and state.step == "rotation"
