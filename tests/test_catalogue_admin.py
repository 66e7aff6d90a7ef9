"""The committee's catalogue page (/kelola-katalog): publish an edition, save its switches,
withdraw it, each recorded in the audit trail; whether its awards are public follows the
reveal; English with ?lang=en; a post from another site changes nothing. Who may use it is
in tests/security's matrices."""

from __future__ import annotations

import html
import re

import pytest

from data_access import catalogue, ceremony
from data_access.ceremony import ALL
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from tests.web import ROLE_USER, client_as, committee_site, csrf_from

PAGE = "/kelola-katalog"


@pytest.fixture
def site(decided_url, tmp_path):
    """The app on a fresh decided demo (awards decided, not approved) with accounts."""
    with committee_site(decided_url, tmp_path, "test-catalogue-admin") as site:
        yield site


def _text(page: str) -> str:
    """Return a page's words, tags dropped."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _post(client, path: str, lang: str = "id", **fields: str) -> str:
    """Post one of the page's forms with its token; return the page it comes back to."""
    token = csrf_from(client.get(f"{PAGE}?lang={lang}").get_data(as_text=True))
    answer = client.post(f"{PAGE}/{path}?lang={lang}", data={"csrf": token, **fields})
    assert answer.status_code == 303, answer.get_data(as_text=True)[:300]
    assert answer.headers["Location"] == f"{PAGE}?lang={lang}#hasil"
    return _text(client.get(answer.headers["Location"]).get_data(as_text=True))


def _publication(engine) -> catalogue.Publication | None:
    with transaction(engine) as session:
        return catalogue.publication(session, DEMO_CODE)


def test_publish_switches_and_withdraw_through_the_page_are_recorded(site):
    app, engine = site
    admin = client_as(app, "admin")
    first = admin.get(PAGE)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    page = _text(first.get_data(as_text=True))
    assert "Belum terbit: tidak ada yang tampil di katalog publik." in page
    assert "Terbitkan" in page and "Tampilkan finalis" not in page

    page = _post(admin, "terbitkan", edition=DEMO_CODE)
    assert "KIPP Kabupaten Kudus 2022 (Demo) terbit di katalog." in page
    assert f"oleh {ROLE_USER['admin']}." in page and "Terbit sejak" in page
    published = _publication(engine)
    assert published is not None and published.published_by == ROLE_USER["admin"]
    assert not (published.show_finalists or published.show_innovators or published.show_documents)
    raw = admin.get(PAGE).get_data(as_text=True)
    assert f'href="/katalog?edisi={DEMO_CODE}"' in raw
    assert raw.count('role="switch"') == 3 and " checked" not in raw

    page = _post(admin, "atur", edition=DEMO_CODE, show_finalists="1", show_documents="1")
    assert "Pilihan tampilan KIPP Kabupaten Kudus 2022 (Demo) disimpan." in page
    published = _publication(engine)
    assert published is not None
    assert (published.show_finalists, published.show_innovators, published.show_documents) == (
        True,
        False,
        True,
    )
    assert admin.get(PAGE).get_data(as_text=True).count(" checked") == 2
    _post(admin, "atur", edition=DEMO_CODE)  # every box unticked: every switch off
    published = _publication(engine)
    assert published is not None and not published.show_finalists and not published.show_documents

    page = _post(admin, "tarik", edition=DEMO_CODE)
    assert "KIPP Kabupaten Kudus 2022 (Demo) ditarik dari katalog." in page
    assert _publication(engine) is None
    # A stale page's forms (the edition withdrawn meanwhile) are refused, publishing nothing.
    for path in ("tarik", "atur"):
        refused = _post(admin, path, edition=DEMO_CODE, show_finalists="1")
        assert "tidak terbit di katalog; muat ulang halaman ini." in refused
    assert _publication(engine) is None
    unknown = _post(admin, "terbitkan", edition="tidak-ada")
    assert "tidak-ada" in unknown and _publication(engine) is None

    # Each change is in the audit trail, under its own kind, by whom.
    trail = _text(admin.get("/audit?jenis=katalog&lang=id").get_data(as_text=True))
    assert "4 entri" in trail
    assert f"Edisi {DEMO_CODE} diterbitkan di katalog" in trail
    assert f"Edisi {DEMO_CODE} ditarik dari katalog" in trail
    assert trail.count(f"Tampilan katalog edisi {DEMO_CODE} diubah") == 2
    assert trail.count(ROLE_USER["admin"]) >= 4


def test_the_awards_line_follows_the_reveal_and_the_page_speaks_english(site):
    app, engine = site
    admin = client_as(app, "admin")
    with transaction(engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia")
    page = _text(admin.get(f"{PAGE}?lang=en").get_data(as_text=True))
    assert "Manage the Catalogue" in page and "Back to the Committee Console" in page
    assert "Published since" in page and "by panitia." in page
    assert "The awards are not public yet; they will appear by themselves" in page
    assert "Show the finalists" in page and "Withdraw from the catalogue" in page
    raw = admin.get(f"{PAGE}?lang=en").get_data(as_text=True)
    assert f'href="/katalog?edisi={DEMO_CODE}&amp;lang=en"' in raw
    assert '<html lang="en">' in raw
    with transaction(engine) as session:
        ceremony.approve(session, DEMO_CODE, by="panitia")
        while ceremony.get_state(session, DEMO_CODE).step != ALL:
            ceremony.advance(session, DEMO_CODE, by="panitia")
    page = _text(admin.get(f"{PAGE}?lang=en").get_data(as_text=True))
    assert "The awards are public: the reveal has reached “All winners”." in page
    indonesian = _text(admin.get(f"{PAGE}?lang=id").get_data(as_text=True))
    assert "Penghargaan sudah publik" in indonesian
    page = _post(admin, "tarik", lang="en", edition=DEMO_CODE)
    assert "KIPP Kabupaten Kudus 2022 (Demo) is withdrawn from the catalogue." in page


def test_a_cross_site_post_with_the_page_s_own_token_publishes_nothing(site):
    app, engine = site
    admin = client_as(app, "admin")
    token = csrf_from(admin.get(PAGE).get_data(as_text=True))
    for path in ("terbitkan", "atur"):
        answer = admin.post(
            f"{PAGE}/{path}",
            data={"csrf": token, "edition": DEMO_CODE, "show_innovators": "1"},
            headers={"Origin": "http://jahat.example", "Sec-Fetch-Site": "cross-site"},
        )
        assert answer.status_code == 403, path
    assert _publication(engine) is None
