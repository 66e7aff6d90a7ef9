"""An import into an edition whose results are approved needs an explicit confirmation.

Issue 13: a juror's corrected score imported through /impor after the approval silently
made another innovation Juara I on /peringkat. Now `import_path`, the command line
(`--confirm-approved`) and /impor (a checkbox) refuse to write into an approved edition
unless confirmed, say why, and afterwards report whether the approved results now differ.
On SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app import create_app
from dashboard.imports_routes import CONFIRM_FIELD, IMPORT_PATH
from dashboard.services import EXTENSION_KEY
from data_access import ceremony, queries
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.importing import ApprovalNotConfirmed, import_path
from data_access.models import Criterion, Innovation, Juror, Score, Stage
from data_access.settings import Settings
from tests.cli_run import cli, ok, refused
from tests.web import add_accounts, client_as, csrf_from

HEADER = ["juror_code", "innovation_code", "stage", "criterion_code", "score", "scored_at"]


@pytest.fixture
def approved(decided_db_url) -> Iterator[tuple[Engine, ceremony.Snapshot]]:
    """The demo edition fully scored and approved."""
    engine = make_engine(decided_db_url)
    with transaction(engine) as session:
        snapshot = ceremony.approve(session, DEMO_CODE, by="panitia")
    yield engine, snapshot
    engine.dispose()


def correction(engine: Engine, snapshot: ceremony.Snapshot, folder: Path) -> Path:
    """Write scores.csv setting Juara I's presentation scores to 0: a late correction."""
    first = snapshot.winners(1)[0]["innovation_id"]
    with transaction(engine) as session:
        rows = session.execute(
            select(Juror.code, Innovation.code, Stage.code, Criterion.code)
            .select_from(Score)
            .join(Juror, Juror.id == Score.juror_id)
            .join(Innovation, Innovation.id == Score.innovation_id)
            .join(Stage, Stage.id == Score.stage_id)
            .join(Criterion, Criterion.id == Score.criterion_id)
            .where(Score.innovation_id == first, Stage.code == "presentation")
        ).all()
    assert rows
    folder.mkdir(exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([[*row, "0", "2022-11-24 13:00"] for row in rows])
    (folder / "scores.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return folder


def version(engine: Engine) -> int:
    with transaction(engine) as session:
        return queries.data_version(session)


def test_import_path_refuses_an_approved_edition_unless_confirmed(approved, tmp_path):
    engine, snapshot = approved
    folder = correction(engine, snapshot, tmp_path / "fix")
    before = version(engine)
    with pytest.raises(ApprovalNotConfirmed) as refusal:
        import_path(engine, folder, edition_code=DEMO_CODE)
    assert refusal.value.edition.code == DEMO_CODE
    assert "sudah disetujui" in refusal.value.errors[0].message_id
    assert "approved" in refusal.value.errors[0].message_en
    assert version(engine) == before  # nothing written
    report = import_path(engine, folder, edition_code=DEMO_CODE, confirm_approved=True)
    assert version(engine) > before
    dropped = snapshot.winners(1)[0]["code"]
    assert report.approval is not None and report.approval.differs
    assert report.approval.changed_places[0].approved == (dropped,)
    # An edition without approval imports as before, without a confirmation.
    with transaction(engine) as session:
        assert ceremony.get_state(session, DEMO_CODE).snapshot.hash == snapshot.hash


def test_cli_import_needs_confirm_approved_and_reports_the_difference(
    approved, decided_db_url, tmp_path
):
    engine, snapshot = approved
    folder = correction(engine, snapshot, tmp_path / "fix")
    before = version(engine)
    stderr = refused(cli(decided_db_url, "import", str(folder), "--edition", DEMO_CODE))
    assert "sudah disetujui" in stderr and "approved" in stderr
    assert "--confirm-approved" in stderr and "tidak ada yang diubah" in stderr
    assert version(engine) == before
    out = ok(
        cli(decided_db_url, "import", str(folder), "--edition", DEMO_CODE, "--confirm-approved")
    )
    dropped = snapshot.winners(1)[0]["code"]
    assert "Hasil disetujui / results approved" in out
    assert "data terkini berbeda sejak persetujuan" in out
    assert f"Juara I: disetujui {dropped}, data terkini" in out
    # `results` keeps its exact CSV on stdout and says on stderr that it is the live one.
    done = cli(decided_db_url, "results", "--edition", DEMO_CODE, "--format", "csv")
    assert ok(done).splitlines()[0] == (
        "rank,code,title,unit_code,proposal_score,presentation_score,final_score,finalist,tie"
    )
    assert f"Juara I: disetujui {dropped}" in done.stderr
    assert "the ranking below is the live one" in done.stderr
    # `export` says it too, beside the file that states it.
    pdf = tmp_path / "berita-acara.pdf"
    done = cli(
        decided_db_url, "export", "--edition", DEMO_CODE, "--format", "pdf", "--out", str(pdf)
    )
    assert "Ekspor ditulis / export written" in ok(done)
    assert "data terkini berbeda sejak persetujuan" in done.stderr
    assert f"Juara I: disetujui {dropped}" in done.stderr


@pytest.fixture
def office(approved, decided_db_url, tmp_path):
    """The app on the approved demo edition, with one account per role."""
    engine, snapshot = approved
    add_accounts(engine)
    server = create_app(
        Settings(database_url=decided_db_url, secret_key="imp", instance_dir=str(tmp_path))
    )
    yield server, engine, snapshot
    server.extensions[EXTENSION_KEY].dispose()


def _post(client, folder: Path, lang: str = "id", **form: str):
    token = csrf_from(client.get(IMPORT_PATH).get_data(as_text=True))
    data = {"csrf": token, "edition": DEMO_CODE, **form}
    data["files"] = [(io.BytesIO((folder / "scores.csv").read_bytes()), "scores.csv")]
    suffix = "?lang=en" if lang == "en" else ""
    response = client.post(IMPORT_PATH + suffix, data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def test_import_page_warns_and_needs_the_checkbox(office, tmp_path):
    server, engine, snapshot = office
    folder = correction(engine, snapshot, tmp_path / "fix")
    admin = client_as(server, "admin")
    form = admin.get(IMPORT_PATH).get_data(as_text=True)
    assert 'id="import-approved"' in form and f'name="{CONFIRM_FIELD}"' in form
    assert "Hasil edisi berikut sudah disetujui panitia" in form and DEMO_CODE in form
    assert "disetujui " in form and "oleh panitia" in form
    before = version(engine)
    status, page = _post(admin, folder)
    assert status == 409 and version(engine) == before
    assert "sudah disetujui" in page and "Tidak ada yang ditulis" in page
    status, page = _post(admin, folder, lang="en")
    assert status == 409 and "Nothing was written" in page and version(engine) == before
    status, page = _post(admin, folder, **{CONFIRM_FIELD: "1"})
    assert status == 200 and version(engine) > before
    dropped = snapshot.winners(1)[0]["code"]
    assert 'id="import-approval"' in page
    assert "data terkini edisi" in page and f"Juara I: disetujui {dropped}, data terkini" in page
