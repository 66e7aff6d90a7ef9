"""Kendali Upacara (/kendali): the committee runs the winners' reveal on the ceremony screens.

The page shows the reveal's step and what comes next, and moves it with big buttons or a
presenter's clicker (assets/kipp-control.js maps the keys). Every move names the
ceremony revision the page last showed, so two admins on two laptops can never skip a
step by clicking at the same moment: the second gets "changed elsewhere" instead.

Its parts: `layout` (the static frame), `forms` (the settings form), `status` (what the
refresh draws), `actions` (the writes), `seri` and `seri_form` (the jury's seri decision:
its view and callbacks, its frame and checks) and `callbacks` (the wiring, on the live
page skeleton of dashboard/live_page.py); ids in dashboard/ids.py.
"""

from __future__ import annotations

from dashboard.pages.control.callbacks import ROLES, register_callbacks
from dashboard.pages.control.layout import PAGE, REFRESH_MS, layout

__all__ = ["PAGE", "PATH", "REFRESH_MS", "ROLES", "layout", "register_callbacks"]

PATH = "/kendali"
