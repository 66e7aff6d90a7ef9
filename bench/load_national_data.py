"""The national load run's database: a throwaway copy of the 1M-row edition, opened for a jury.

The national edition (bench/national.py: 5,000 innovations, 40 jurors, about a million
score rows) is kept once per size on the loopback PostgreSQL server as kipp_bench_SIZE
(bench/datasets.py). A run never writes to it: it copies it (CREATE DATABASE ... TEMPLATE,
a file copy of two seconds), opens the proposal window from yesterday to a week from now,
gives `--jurors` of the 40 jurors a juri account each (their open sheets: the passed
innovations the import left unscored, about 1,350 each), and adds viewer and committee
accounts and a display token per screen (bench/jury_dataset.open_for_jury). The copy is
dropped afterwards. For a test, `--innovations N` generates a fresh small edition instead.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from bench.datasets import postgres_dataset, score_rows
from bench.jury_dataset import JuryDataset, build, open_for_jury
from bench.postgres import admin, create_database
from bench.progress import say

COMMITTEE_ACCOUNTS = 5  # admin accounts the /peringkat tabs share (argon2 is slow on purpose)
COPY_WAIT_S = 300.0  # a template in use by another bench cannot be copied: wait that long


@dataclass(frozen=True)
class NationalDataset:
    """The jury's part (jurors, viewer accounts, screens) and the committee's accounts."""

    jury: JuryDataset
    committee: list[str]


def copy_database(admin_url: str, template: str) -> tuple[str, str]:
    """Copy the kept dataset into a new database; return its name and URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"kipp_load_{secrets.token_hex(4)}"
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    deadline = time.monotonic() + COPY_WAIT_S
    while True:
        try:
            admin(admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
            return name, url
        except psycopg.errors.ObjectInUse:
            if time.monotonic() > deadline:
                raise
            say(f"database: {template} is in use by another bench; waiting to copy it")
            time.sleep(5)


def national_database(admin_url: str, args, password: str) -> tuple[str, str, NationalDataset]:
    """Make the run's database; return its name, its URL and what the clients need of it."""
    from sqlalchemy.engine import make_url

    from data_access.db import make_engine, transaction
    from data_access.users import add_user

    if args.innovations:
        name, url = create_database(admin_url)
        jury = build(
            url,
            jurors=args.jurors,
            innovations=args.innovations,
            kiosks=args.kiosks,
            viewers=args.viewers,
            password=password,
        )
    else:
        template = make_url(postgres_dataset(args.size)).database or ""
        name, url = copy_database(admin_url, template)
        jury = None
    engine = make_engine(url, pool_size=1)
    try:
        with transaction(engine) as session:
            if jury is None:
                jury = open_for_jury(
                    session,
                    jurors=args.jurors,
                    kiosks=args.kiosks,
                    viewers=args.viewers,
                    password=password,
                    score_rows=score_rows(url),
                    assign=False,
                )
            # As many as the /peringkat tabs need, up to COMMITTEE_ACCOUNTS.
            accounts = min(COMMITTEE_ACCOUNTS, max(1, args.viewers // 3))
            committee = [f"panitia-{n:02d}" for n in range(1, accounts + 1)]
            for username in committee:
                add_user(session, username, password, "admin")
    finally:
        engine.dispose()
    return name, url, NationalDataset(jury, committee)
