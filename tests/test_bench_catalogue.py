"""bench/catalogue.py runs small, so it cannot rot: two tiny editions, one page, one round.

It measures nothing here (the suite runs meanwhile): the data must build through the
national generator, the ceremony and the publication; the app, the page by hand and bare
Flask must serve under gunicorn; the by-hand page must list what the app's lists; the cold,
warm and changing figures must print, and the page be judged.
"""

from __future__ import annotations

import re

from bench import catalogue, catalogue_data
from bench.harness import Verdicts
from data_access.db import make_engine


def test_a_small_run_prints_its_figures_and_judges_the_page(pg_url, capsys, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")  # three servers of one worker each
    engine = make_engine(pg_url, pool_size=1)
    try:
        catalogue_data.build(engine, per_edition=24, judging=8, years=(2022, 2023))
        dataset = catalogue_data.describe(engine)
    finally:
        engine.dispose()
    assert dataset.innovations == 2 * 24 and len(dataset.editions) == 2
    assert dataset.photos >= 2 * 2  # each edition's winners at least
    verdicts = Verdicts()
    catalogue.run(
        verdicts,
        rounds=1,
        seconds=1,
        database_url=pg_url,
        only=("innovation",),
        cold_rounds=2,
        settle_s=0.05,
        write_every_s=0.3,
    )
    out = capsys.readouterr().out
    edition, code = dataset.winner
    lines = dict(line.split(": ", 1) for _ok, line in verdicts.lines)
    assert lines["catalogue pages served"].startswith("every page 200"), out
    assert lines["catalogue baseline"].startswith("lists the same innovations"), out
    assert re.search(r"cold +app +[\d.]+ ms \([\d.]+–[\d.]+\), 2 changes; by hand [\d.]+ ms", out)
    for phase in ("warm", r"\+chg"):
        for name in ("app", "by hand"):
            assert re.search(rf"{phase} +{name} +p95 +[\d.]+ ms .* [\d,]+ answers, 0 bad", out)
    assert re.search(r"bare Flask .*: warm p95 +[\d.]+ ms", out), out
    judged = lines[f"catalogue innovation (/katalog/{edition}/{code}) p95 with changes"]
    assert re.match(r"[\d.]+ ms \(.*\); [\d.]+x by hand, [\d.]+x bare Flask; warm", judged)
    assert re.search(r"[1-9]\d* changes made during those rounds", out), out
