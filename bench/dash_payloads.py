"""Dash's callback payloads as its renderer posts them, built from /_dash-dependencies (pure).

The benches that play a browser without one (load, poll, fan-out, refresh) share them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode


def outputs_of(output: str) -> list[dict[str, str]] | dict[str, str]:
    """Return a dependency's outputs as the renderer posts them ('..a.x...b.y..' is a list)."""
    if output.startswith("..") and output.endswith(".."):
        parts = output[2:-2].split("...")
        return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    component, prop = output.rsplit(".", 1)
    return {"id": component, "property": prop}


def find_callback(dependencies: Iterable[dict], output: str) -> dict:
    """Return the dependency (from /_dash-dependencies) whose outputs include 'id.property'."""
    for entry in dependencies:
        if output in entry["output"].strip(".").split("..."):
            return entry
    raise LookupError(f"no callback has the output {output}")


def callback_body(
    entry: dict, values: Mapping[tuple[str, str], object], changed: list[str]
) -> dict:
    """Return the JSON Dash's renderer posts: a property without a value has no 'value' key."""

    def props(items: list[dict]) -> list[dict]:
        found = []
        for item in items:
            prop = {"id": item["id"], "property": item["property"]}
            if (item["id"], item["property"]) in values:
                prop["value"] = values[item["id"], item["property"]]
            found.append(prop)
        return found

    body = {
        "output": entry["output"],
        "outputs": outputs_of(entry["output"]),
        "inputs": props(entry["inputs"]),
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
    }
    if entry.get("state"):
        body["state"] = props(entry["state"])
    return body


def dash_config(page: str) -> dict:
    """Return the _dash-config JSON of a Dash index page."""
    found = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page)
    if found is None:
        raise ValueError("the page has no _dash-config")
    return json.loads(found.group(1))


def end_id_query(config: dict) -> str:
    """Return the ?endId= query Dash's renderer adds to its callback requests, if any."""
    return f"?{urlencode({'endId': config['end_id']})}" if config.get("end_id") else ""
