"""Dash apps that send a browser only the component libraries their pages use.

Dash puts a script tag in every page for each component library imported anywhere in
the process (dash_bootstrap_components for the dashboard makes the kiosk load it too),
and for DataTable, which it imports itself. A library left out here is neither in the
page nor served under the app's `_dash-component-suites/` address.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Dash
from flask import has_request_context, request

from dashboard.query import request_lang

# (namespace, start of the file's path in the package) of what no page of ours draws:
# DataTable (Dash adds it to every page whether a layout holds one or not).
NO_DATATABLE = (("dash", "dash_table/"),)
# The same library by the name the page's configuration lists its components under.
DATATABLE_COMPONENTS = frozenset({"dash_table"})


def _left_out(namespace: str | None, path: str, unused: tuple[tuple[str, str], ...]) -> bool:
    return any(namespace == name and path.startswith(start) for name, start in unused)


class LeanDash(Dash):
    """A Dash app whose pages load no script of the libraries in `unused_libraries`."""

    unused_libraries: tuple[tuple[str, str], ...] = NO_DATATABLE
    unused_components: frozenset[str] = DATATABLE_COMPONENTS

    def _config(self):
        # Each page's configuration lists every library's components (the props that hold
        # children): not those whose scripts the page does not load.
        config = super()._config()
        children = config.get("children_props")
        if isinstance(children, dict):
            config["children_props"] = {
                name: props
                for name, props in children.items()
                if name not in self.unused_components
            }
        return config

    def interpolate_index(self, **kwargs: Any) -> str:
        # The page's own title in the tab from the first byte (Dash writes the app's there
        # and the page's only once its router ran in the browser).
        if has_request_context():
            path = "/" + request.path.strip("/")
            page = next((p for p in dash.page_registry.values() if p.get("path") == path), None)
            title = page.get("title") if page else None
            if callable(title):
                kwargs["title"] = title()
            elif isinstance(title, str):
                kwargs["title"] = title
        # The document's language is the page's (?lang=), for screen readers and hyphenation.
        return super().interpolate_index(**kwargs).replace("{%lang%}", request_lang())

    def _collect_and_register_resources(self, resources, *args: Any, **kwargs: Any):
        kept = []
        for resource in resources:
            paths = resource.get("relative_package_path")
            if paths is None:  # an asset of the app's own folder, or an external address
                kept.append(resource)
                continue
            namespace = resource.get("namespace")
            wanted = [
                path
                for path in ([paths] if isinstance(paths, str) else paths)
                if not _left_out(namespace, path, self.unused_libraries)
            ]
            if wanted:
                kept.append({**resource, "relative_package_path": wanted})
        return super()._collect_and_register_resources(kept, *args, **kwargs)
