"""The ceremony screen's page: its HTML around the Dash app, in the viewer's language.

The clock, the "Diperbarui pukul" badge and the "menyambung ulang…" notice are plain
HTML that kiosk.js owns, so they keep working while the server is away. The Dash layout
holds no data at all: kiosk.js signals, and the frame callback (dashboard/kiosk/frame.py)
fills the frame.
"""

from __future__ import annotations

import json
from pathlib import Path

from dash import dcc, html
from flask import request
from markupsafe import escape

from dashboard import ids
from dashboard.build import build_id
from dashboard.lean import DATATABLE_COMPONENTS, NO_DATATABLE, LeanDash
from dashboard.services import services
from data_access.i18n import normalize_lang, t

KIOSK_ASSETS = Path(__file__).resolve().parents[2] / "assets" / "kiosk"


INDEX_STRING = """<!DOCTYPE html>
<html lang="{%lang%}" data-theme="dark">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body class="kiosk-body">
        <div class="kiosk-stage-area">
            <div class="kiosk-standby" id="kiosk-standby">
                <p class="kiosk-standby-brand">{%brand%}</p>
                <p class="kiosk-standby-text">{%standby%}</p>
            </div>
            {%app_entry%}
        </div>
        <div class="kiosk-bar">
            <div class="kiosk-bar-brand">
                <span class="kiosk-bar-name">{%brand%}</span>
            </div>
            <div class="kiosk-bar-right">
                <span class="kiosk-updated" id="kiosk-updated"></span>
                <span class="kiosk-clock" id="kiosk-clock"></span>
            </div>
        </div>
        <div class="kiosk-reconnect" id="kiosk-reconnect" hidden>{%reconnecting%}</div>
        <script type="application/json" id="kiosk-config">{%kiosk_config%}</script>
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


class KioskDash(LeanDash):
    """A Dash app whose page carries the kiosk's static parts in the viewer's language.

    Its layout is a dcc.Store and html: the dashboard's Bootstrap components and plotly.js
    are never sent to a screen (117 KB on the wire with the worker, before).
    """

    unused_libraries = (*NO_DATATABLE, ("dash_bootstrap_components", ""), ("plotly", ""))
    unused_components = DATATABLE_COMPONENTS | {"dash_bootstrap_components"}

    def interpolate_index(self, **kwargs) -> str:
        html_text = super().interpolate_index(**kwargs)
        lang = normalize_lang(request.args.get("lang"))
        config = {
            "poll": services().settings.kiosk_poll_ms,
            "build": build_id(),
            "lang": lang,
            "updated": t("kiosk.updated", lang),
        }
        # "</" never appears in JSON from json.dumps of these values after this escape.
        config_text = json.dumps(config).replace("</", "<\\/")
        values = {
            "lang": lang,
            "brand": t("kiosk.brand", lang),
            "brand_sub": t("kiosk.brand_sub", lang),
            "standby": t("kiosk.standby", lang),
            "reconnecting": t("kiosk.reconnecting", lang),
        }
        for key, value in values.items():
            html_text = html_text.replace("{%" + key + "%}", str(escape(value)))
        return html_text.replace("{%kiosk_config%}", config_text)


def layout() -> html.Div:
    """Return the kiosk's Dash layout: a signal from kiosk.js and the frame. No data."""
    return html.Div(
        [dcc.Store(id=ids.KIOSK_SIGNAL), html.Div(id=ids.KIOSK_FRAME, className="kiosk-frame")],
        className="kiosk-app",
    )
