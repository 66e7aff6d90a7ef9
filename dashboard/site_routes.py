"""The `site` blueprint: addresses of the site as a whole rather than of one feature."""

from __future__ import annotations

from flask import Blueprint, redirect

site = Blueprint("site", __name__)


@site.get("/favicon.ico")
def favicon():
    """Send a browser to the site's icon: it asks /favicon.ico on pages without an icon link."""
    # A PDF or an image opened from the site has no <link rel="icon">. The icon is
    # assets/favicon.ico (1 KB; Dash's own, still at /_favicon.ico, weighs 15 KB).
    return redirect("/assets/favicon.ico", 301)
