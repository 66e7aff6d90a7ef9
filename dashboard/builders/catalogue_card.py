"""Pure builder of /ringkasan's "Katalog publik" card: the catalogue's QR code, or a line
saying the edition is not published yet (for the committee, where to publish it)."""

from __future__ import annotations

from dash import html
from dash.development.base_component import Component

from dashboard.builders.summary import card
from dashboard.qr import qr_data_uri
from data_access.i18n import t

SUMMARY_CATALOGUE = "summary-card-catalogue"
# The committee's catalogue page (another part of the product answers it).
MANAGE_PATH = "/kelola-katalog"


def catalogue_card(link: str | None, *, edition_name: str, manage: bool, lang: str) -> Component:
    """Return the card: with `link` (published) its QR code and address, else a line saying
    it is not published yet, with the way to /kelola-katalog when `manage` (an admin)."""
    title = t("catalogue_qr.card.title", lang)
    if link is None:
        body: list = [html.P(t("catalogue_qr.card.unpublished", lang), className="mb-1")]
        if manage:
            body.append(
                html.A(
                    t("catalogue_qr.card.manage", lang),
                    href=f"{MANAGE_PATH}?lang={lang}" if lang != "id" else MANAGE_PATH,
                    className="kipp-summary-catalogue-manage",
                )
            )
        return card(title, body, card_id=SUMMARY_CATALOGUE, class_name="kipp-summary-catalogue")
    label = t("catalogue_qr.label", lang, edition=edition_name)
    return card(
        title,
        [
            html.Div(
                [
                    html.Img(
                        src=qr_data_uri(link, label=label),
                        alt=label,
                        width=160,
                        height=160,
                        className="kipp-summary-qr",
                    ),
                    html.Div(
                        [
                            html.P(t("catalogue_qr.card.published", lang), className="mb-1"),
                            html.A(link, href=link, className="kipp-summary-catalogue-link"),
                        ],
                        className="kipp-summary-catalogue-text",
                    ),
                ],
                className="kipp-summary-catalogue-body",
            )
        ],
        card_id=SUMMARY_CATALOGUE,
        class_name="kipp-summary-catalogue",
    )
