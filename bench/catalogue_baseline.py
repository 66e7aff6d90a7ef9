"""The catalogue bench's baselines: the same pages written by hand, and a bare Flask page.

Served by bench/catalogue.py with the production command and settings (`gunicorn -c
gunicorn.conf.py 'bench.catalogue_baseline:hand_written()'`), beside the app:

- `hand_written()`: the fastest honest hand-written way to give the catalogue's answers
  from the same tables: a Flask view per page that runs its SQL through the raw driver
  (psycopg, one connection per thread, prepared statements) and renders a Jinja template,
  caching nothing. The list (`/katalog` with `cari`, `edisi`, `tahun`, `opd`, `kategori`,
  `juara`, `halaman`) is one statement for the page's 24 entries and their total (the
  filters, the order and the page in SQL) and one for the filter form's choices; an
  innovation's page one statement (the innovation and the same innovation in the other
  published editions: a recursive walk of `continues` along the indexes, the awards read
  for those rows only); a unit's page one statement. The awards come from where the app
  reads them, the approved snapshot of a ceremony whose reveal reached "all" (its JSON
  read by PostgreSQL), and only the published editions' rows are ever read. Search
  compares lower case (the data is ASCII: the app's fold ignores accents too, which
  matters for none of it). Each page links its innovations as the app's does
  (`/katalog/<edition>/<code>`), so the bench checks both list the same ones.
- `bare_flask()`: a Flask view rendering a template of 24 constant cards, no database:
  what gunicorn and Flask cost per page, the floor under any catalogue page.
"""

from __future__ import annotations

import os
import threading

from flask import Flask, abort, render_template_string, request

PAGE_SIZE = 24

# Every published edition's public awards: only a snapshot whose reveal reached "all".
AWARDS = """
awards AS (
  SELECT (r->>'innovation_id')::int AS innovation_id,
         (r->>'award')::int AS award,
         coalesce((r->>'tie')::boolean, false) AS tie,
         p.show_finalists AND (r->>'finalist')::boolean AS finalist
  FROM ceremonies c
  JOIN catalogue_publications p ON p.edition_id = c.edition_id
  CROSS JOIN LATERAL jsonb_array_elements(c.snapshot::jsonb -> 'ranking') r
  WHERE c.snapshot IS NOT NULL AND (c.step = 'all' OR c.completed_at IS NOT NULL)
    AND ((r->>'award') IS NOT NULL OR (p.show_finalists AND (r->>'finalist')::boolean))
)"""
CARD = """
  e.code AS edition, e.name AS edition_name,
  extract(year FROM coalesce(e.ceremony_date, e.presentation_end, e.proposal_end,
                             e.submission_end, e.submission_start))::int AS year,
  i.code, i.title, u.code AS unit_code, u.name AS unit_name,
  coalesce(o.code, u.code) AS opd_code, coalesce(o.name, u.name) AS opd_name,
  i.category, i.summary, CASE WHEN p.show_innovators THEN i.innovator END AS innovator,
  ph.caption, to_char(ph.updated_at, 'YYYYMMDDHH24MISSUS') AS stamp,
  a.award, coalesce(a.tie, false) AS tie, coalesce(a.finalist, false) AS finalist"""
FROM = """
FROM innovations i
JOIN catalogue_publications p ON p.edition_id = i.edition_id
JOIN editions e ON e.id = i.edition_id
JOIN units u ON u.id = i.unit_id
LEFT JOIN units o ON o.id = u.parent_id
LEFT JOIN innovation_photos ph ON ph.innovation_id = i.id
LEFT JOIN awards a ON a.innovation_id = i.id"""
ORDER = """
ORDER BY year DESC, e.id DESC, coalesce(a.award, 9), coalesce(a.finalist, false) DESC,
         lower(i.title) COLLATE "C", i.code COLLATE "C" """

LIST_SQL = f"""
WITH {AWARDS}
SELECT {CARD}, count(*) OVER () AS total
{FROM}
WHERE (%(edisi)s = '' OR e.code = %(edisi)s)
  AND (%(opd)s = '' OR u.code = %(opd)s OR o.code = %(opd)s)
  AND (%(kategori)s = '' OR lower(i.category) = lower(%(kategori)s))
  AND (NOT %(juara)s OR a.award IS NOT NULL)
  AND (%(tahun)s = 0 OR extract(year FROM coalesce(e.ceremony_date, e.presentation_end,
       e.proposal_end, e.submission_end, e.submission_start)) = %(tahun)s)
  AND (%(cari)s = '' OR NOT EXISTS (
       SELECT 1 FROM unnest(string_to_array(%(cari)s, ' ')) AS w(word)
       WHERE strpos(lower(i.code || ' ' || i.title || ' ' || coalesce(i.summary, '') || ' '
             || u.name || ' ' || u.short_name || ' ' || u.code || ' '
             || coalesce(o.name || ' ' || o.short_name || ' ' || o.code, '')), w.word) = 0))
{ORDER}
LIMIT {PAGE_SIZE} OFFSET %(offset)s"""

CHOICES_SQL = """
SELECT 'edisi' AS kind, e.code AS value, e.name AS label, -e.id AS position FROM editions e
  JOIN catalogue_publications p ON p.edition_id = e.id
UNION ALL
SELECT DISTINCT 'opd', coalesce(o.code, u.code), coalesce(o.name, u.name), 0
  FROM innovations i JOIN catalogue_publications p ON p.edition_id = i.edition_id
  JOIN units u ON u.id = i.unit_id LEFT JOIN units o ON o.id = u.parent_id
UNION ALL
SELECT DISTINCT 'kategori', i.category, i.category, 0
  FROM innovations i JOIN catalogue_publications p ON p.edition_id = i.edition_id
ORDER BY 1, 4, 3"""

INNOVATION_SQL = f"""
WITH RECURSIVE chain(id, key) AS (
  SELECT i.id, e.code || ':' || i.code FROM innovations i
  JOIN editions e ON e.id = i.edition_id
  JOIN catalogue_publications p ON p.edition_id = i.edition_id
  WHERE e.code = %(edition)s AND i.code = %(code)s
  UNION
  SELECT n.id, n.key FROM chain c CROSS JOIN LATERAL (
    SELECT i2.id, e2.code || ':' || i2.code AS key FROM innovations i1
    JOIN editions e2 ON e2.code = split_part(i1.continues, ':', 1)
    JOIN catalogue_publications p2 ON p2.edition_id = e2.id
    JOIN innovations i2 ON i2.edition_id = e2.id
     AND i2.code = substr(i1.continues, length(e2.code) + 2)
    WHERE i1.id = c.id
    UNION ALL
    SELECT i3.id, e3.code || ':' || i3.code FROM innovations i3
    JOIN editions e3 ON e3.id = i3.edition_id
    JOIN catalogue_publications p3 ON p3.edition_id = i3.edition_id
    WHERE i3.continues = c.key
  ) n
)
SELECT {CARD}, i.continues
FROM chain ch
JOIN innovations i ON i.id = ch.id
JOIN catalogue_publications p ON p.edition_id = i.edition_id
JOIN editions e ON e.id = i.edition_id
JOIN units u ON u.id = i.unit_id
LEFT JOIN units o ON o.id = u.parent_id
LEFT JOIN innovation_photos ph ON ph.innovation_id = i.id
LEFT JOIN LATERAL (
  SELECT (r->>'award')::int AS award, coalesce((r->>'tie')::boolean, false) AS tie,
         p.show_finalists AND (r->>'finalist')::boolean AS finalist
  FROM ceremonies c CROSS JOIN LATERAL jsonb_array_elements(c.snapshot::jsonb -> 'ranking') r
  WHERE c.edition_id = i.edition_id AND c.snapshot IS NOT NULL
    AND (c.step = 'all' OR c.completed_at IS NOT NULL)
    AND (r->>'innovation_id')::int = i.id
    AND ((r->>'award') IS NOT NULL OR (p.show_finalists AND (r->>'finalist')::boolean))
) a ON true
ORDER BY year, e.code COLLATE "C", i.code COLLATE "C" """

UNIT_SQL = f"""
WITH {AWARDS}
SELECT {CARD}
{FROM}
WHERE u.code = %(unit)s OR o.code = %(unit)s
{ORDER}"""

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · Katalog Inovasi Kudus</title>
<link rel="stylesheet" href="/assets/katalog.css"></head>
<body><header><a href="/katalog">Katalog Inovasi</a></header><main>
<h1>{{ title }}</h1>
{% if choices %}<form method="get" action="/katalog">
<input name="cari" value="{{ args.get('cari', '') }}" aria-label="Cari">
{% for name, options in choices.items() %}<select name="{{ name }}" aria-label="{{ name }}">
<option value="">Semua</option>{% for value, label in options %}
<option value="{{ value }}"{% if args.get(name) == value %} selected{% endif %}>{{ label }}</option>
{% endfor %}</select>{% endfor %}<button>Cari</button></form>{% endif %}
{% if total is not none %}<p>{{ total }} inovasi</p>{% endif %}
<ul class="cards">{% for e in entries %}<li class="card">
{% if e.stamp %}<img src="/katalog/foto/{{ e.edition }}/{{ e.code }}.jpg?ukuran=kecil&amp;v={{
 e.stamp }}" alt="{{ e.caption or e.title }}" width="320" height="213" loading="lazy">{% endif %}
<h2><a href="/katalog/{{ e.edition }}/{{ e.code }}">{{ e.title }}</a></h2>
{% if e.award %}<strong>Juara {{ ['I', 'II', 'III'][e.award - 1] }}{% if e.tie %} (seri){%
 endif %}</strong>{% elif e.finalist %}<strong>Finalis</strong>{% endif %}
<p>{{ e.unit_name }}{% if e.opd_code != e.unit_code %} · {{ e.opd_name }}{% endif %}</p>
<p>{{ e.category }} · {{ e.year }} · {{ e.edition_name }}</p>
{% if e.innovator %}<p>Inovator: {{ e.innovator }}</p>{% endif %}
<p>{{ e.summary if full else e.summary|truncate(220) }}</p></li>{% endfor %}</ul>
{% if pages and pages > 1 %}<nav>{% if page > 1 %}<a href="?halaman={{ page - 1 }}">‹</a>{%
 endif %} {{ page }} / {{ pages }} {% if page < pages %}<a href="?halaman={{ page + 1 }}">›</a>{%
 endif %}</nav>{% endif %}
</main></body></html>"""


class Rows:
    """Dict rows from one psycopg connection per thread (autocommit, prepared statements)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.local = threading.local()

    def __call__(self, sql: str, params: dict) -> list[dict]:
        import psycopg
        from psycopg.rows import dict_row

        conn = getattr(self.local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg.connect(self.url, autocommit=True, row_factory=dict_row)
            conn.prepare_threshold = 0
            self.local.conn = conn
        return conn.execute(sql, params).fetchall()


def _url() -> str:
    from bench.postgres import libpq

    return libpq(os.environ["DATABASE_URL"])


def hand_written() -> Flask:
    """Return the hand-written catalogue: /katalog, an innovation's page, a unit's page."""
    app = Flask(__name__)
    rows = Rows(_url())

    @app.get("/login")
    def probe() -> str:  # the harness's "is it up?" probe
        return "ok"

    @app.get("/katalog")
    def listing() -> str:
        args = request.args
        page_text = args.get("halaman", "")
        page = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
        year = args.get("tahun", "")
        params = {
            "cari": " ".join(args.get("cari", "").lower().split())[:200],
            "edisi": args.get("edisi", ""),
            "opd": args.get("opd", ""),
            "kategori": args.get("kategori", ""),
            "juara": args.get("juara") == "1",
            "tahun": int(year) if year.isdigit() and len(year) == 4 else 0,
            "offset": (page - 1) * PAGE_SIZE,
        }
        found = rows(LIST_SQL, params)
        if not found and page > 1:  # past the end: the last page, as the app answers
            count = rows(LIST_SQL, {**params, "offset": 0})
            total = count[0]["total"] if count else 0
            page = max(1, -(-total // PAGE_SIZE))
            found = rows(LIST_SQL, {**params, "offset": (page - 1) * PAGE_SIZE})
        total = found[0]["total"] if found else 0
        choices: dict[str, list[tuple[str, str]]] = {}
        for row in rows(CHOICES_SQL, {}):
            choices.setdefault(row["kind"], []).append((row["value"], row["label"]))
        return render_template_string(
            PAGE,
            title="Katalog Inovasi",
            entries=found,
            total=total,
            choices=choices,
            args=args,
            page=page,
            pages=max(1, -(-total // PAGE_SIZE)),
            full=False,
        )

    @app.get("/katalog/opd/<code>")
    def unit(code: str) -> str:
        found = rows(UNIT_SQL, {"unit": code})
        if not found:
            abort(404)
        title = found[0]["opd_name"] if found[0]["opd_code"] == code else found[0]["unit_name"]
        return render_template_string(
            PAGE, title=title, entries=found, total=len(found), choices={}, args={}, full=False
        )

    @app.get("/katalog/<edition>/<code>")
    def innovation(edition: str, code: str) -> str:
        chain = rows(INNOVATION_SQL, {"edition": edition, "code": code})
        entry = next((e for e in chain if e["edition"] == edition and e["code"] == code), None)
        if entry is None:
            abort(404)
        others = [e for e in chain if e is not entry]
        return render_template_string(
            PAGE,
            title=entry["title"],
            entries=[entry, *others],
            total=None,
            choices={},
            args={},
            full=True,
        )

    return app


def bare_flask() -> Flask:
    """Return a Flask app rendering 24 constant cards with the same template: no database."""
    app = Flask(__name__)
    entries = [
        {
            "edition": "kipp-2023",
            "edition_name": "KIPP Kabupaten Kudus 2023",
            "year": 2023,
            "code": f"N{n:05d}",
            "title": f"SI Layanan Akta Kelahiran Daring {n}",
            "unit_code": "DISDUKCAPIL",
            "unit_name": "Dinas Kependudukan dan Pencatatan Sipil",
            "opd_code": "DISDUKCAPIL",
            "opd_name": "Dinas Kependudukan dan Pencatatan Sipil",
            "category": "Pelayanan Publik",
            "summary": "Warga mengurus akta kelahiran dari desa tanpa antre. " * 4,
            "innovator": None,
            "caption": None,
            "stamp": "20231220100000000000" if n % 3 == 0 else None,
            "award": None,
            "tie": False,
            "finalist": False,
        }
        for n in range(PAGE_SIZE)
    ]

    @app.get("/login")
    def probe() -> str:  # the harness's "is it up?" probe
        return "ok"

    @app.get("/katalog")
    def listing() -> str:
        return render_template_string(
            PAGE,
            title="Katalog Inovasi",
            entries=entries,
            total=5000,
            choices={},
            args={},
            page=1,
            pages=209,
            full=False,
        )

    return app
