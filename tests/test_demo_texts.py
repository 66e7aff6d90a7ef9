"""The demo's texts for jurors (data_access/demo.py): criteria descriptions, placeholder links."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.defaults import DEFAULT_CRITERIA
from data_access.demo import DEMO_CODE, INNOVATIONS, INNOVATORS, JURORS, PROPOSAL_BASE, load_demo
from data_access.formatting import http_url
from data_access.models import Criterion, Edition, Innovation, Stage


def test_the_demo_describes_every_default_criterion_and_links_only_placeholders(sqlite_engine):
    load_demo(sqlite_engine)
    with Session(sqlite_engine) as session:
        edition_id = session.scalars(select(Edition.id).where(Edition.code == DEMO_CODE)).one()
        criteria = session.execute(
            select(Stage.code, Criterion.code, Criterion.name, Criterion.description)
            .join(Stage, Stage.id == Criterion.stage_id)
            .where(Stage.edition_id == edition_id)
            .order_by(Stage.position, Criterion.position)
        ).all()
        innovations = session.execute(
            select(Innovation.summary, Innovation.proposal_url).where(
                Innovation.edition_id == edition_id
            )
        ).all()
    defaults = [
        (stage, code, name) for stage, rows in DEFAULT_CRITERIA.items() for code, name, _ in rows
    ]
    assert [row[:3] for row in criteria] == defaults  # the defaults, in their order
    assert all(row.description and len(row.description) <= 300 for row in criteria)
    assert all(row.summary for row in innovations)  # the catalogue shows every summary
    linked = [row for row in innovations if row.proposal_url]
    assert linked and len(linked) < len(innovations)  # some, not all
    for row in linked:
        assert row.proposal_url.startswith(f"{PROPOSAL_BASE}/")
        assert http_url(row.proposal_url) == row.proposal_url and row.summary


def test_the_demo_innovators_are_invented_full_names_one_each(sqlite_engine):
    """One name per innovation, in order, each a given and a family name, none a juror's."""
    assert len(INNOVATORS) == len(INNOVATIONS) == len(set(INNOVATORS))
    jurors = {name for _code, name, _group in JURORS}
    assert all(name not in jurors and name.replace(" ", "").isalpha() for name in INNOVATORS)
    assert sum(" " in name for name in INNOVATORS) >= len(INNOVATORS) - 2  # a few go by one
    load_demo(sqlite_engine)
    with Session(sqlite_engine) as session:
        stored = session.scalars(select(Innovation.innovator).order_by(Innovation.code)).all()
    assert stored == INNOVATORS
